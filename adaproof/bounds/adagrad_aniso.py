"""Rate calculators, attackable theorems and Table 1 comparisons of *AdaGrad under anisotropic
smoothness* (Liu, Pan, Zhang; ICLR 2025; paper id ``adagrad_aniso``).

The paper text available to the project is an OCR copy in which most formulas lost their
operators; every explicit bound below is the last display of the theorem's proof in the
appendix, re-derived step by step where the OCR dropped symbols (each ``notes`` says what was
read and what was reconstructed).  Norm symbols are scalars: ``L1n = ‖L‖₁``, ``Linf = ‖L‖∞``,
``sig1 = ‖σ‖₁``, ``sig2 = ‖σ‖₂``, ``L0n = ‖L₀‖₁``, ``L1inf = ‖L₁‖∞`` (Assumption 5.1);
ϵ is ``epsilon`` (``eps`` is the target of ``complexity``).

Theorems: E.1 (convex nonsmooth AdaGrad, the bound in terms of the gradient/noise sums), 4.1
(convex AdaGrad, Option I), 4.3 (nonconvex AdaGrad = Theorem 5.3 with ``L₁ = 0``), 5.3
(nonconvex AdaGrad under anisotropic (L₀, L₁)-smoothness), D.1 (convex SGD), D.3 (nonconvex
SGD).  Table 1 rows (nonconvex, anisotropic smooth, batch ``M ≳ ‖σ‖₁²/(‖L‖₁Δ)``) as printed.
Comparisons: Section 4.1 / Remark 4.2 (convex: bias ``‖L‖₁D∞²`` vs ``‖L‖∞D₂²``, variance
``D∞‖σ‖₁`` vs ``D₂‖σ‖₂``; on a hypercube ``D₂ = √d D∞``) and Table 1 (``‖L‖₁`` vs ``d‖L‖∞``).

Attackable statements (kind "theorem", family "rate"): Theorem 4.1 on box-constrained
diagonal quadratics with a 2-point coordinate noise law, in expectation by exact enumeration;
Theorem D.3 on diagonal quadratics with the same noise law.
"""
from __future__ import annotations

import math

import sympy as sp
import torch

from ..algorithms.adagrad_aniso import AdaGradAniso, Box, SGDAniso
from ..expectation import NoiseSpec
from ..registry import register
from ..sampling import choose, log_uniform
from ..statement import Hypothesis, Quantity, Recurrence, SampleContext, Statement, \
    TrajectorySource
from ..symbolic import SeqValue
from ._core import ClaimedRate, Comparison, Param, RateBound, register_bound, \
    register_comparison

PAPER = "adagrad_aniso"

# ---------------------------------------------------------------------------------------------
# symbols (one Param per name; bounds share them so comparisons map by name)
# ---------------------------------------------------------------------------------------------
P_T = Param("T", "number of iterations T", 1, None, integer=True)
P_M = Param("M", "batch size M", 1, None, integer=True)
P_d = Param("d", "dimension d", 1, None, integer=True)
P_eta = Param("eta", "constant step size η", 0, None, low_open=True)
P_eps = Param("epsilon", "ϵ of Algorithm 1 (v_{-1} = ϵ²); 0 is the limit ϵ → 0 (the algorithm "
              "needs ϵ > 0)", 0, None)
P_Dinf = Param("Dinf", "ℓ∞ diameter D∞ = max_{w,w'∈W} ‖w − w'‖∞ (Assumption 3.1, eq. (2))", 0,
               None, low_open=True)
P_D2 = Param("D2", "ℓ2 diameter D₂ = max_{w,w'∈W} ‖w − w'‖₂ (Assumption 3.1, eq. (2))", 0, None,
             low_open=True)
P_L1n = Param("L1n", "‖L‖₁ of the anisotropic smoothness vector L (Assumption 3.3); 0 only as "
              "the limit used to isolate a term in a comparison", 0, None)
P_Linf = Param("Linf", "‖L‖∞ of the anisotropic smoothness vector L (Assumption 3.3); 0 only as "
               "the limit used to isolate a term in a comparison", 0, None)
P_Linf_pos = Param("Linf", "‖L‖∞ of the anisotropic smoothness vector L (Assumption 3.3)", 0,
                   None, low_open=True)
P_sig1 = Param("sig1", "‖σ‖₁ of the anisotropic noise vector σ (Assumption 3.5); 0 is the "
               "noiseless limit", 0, None)
P_sig2 = Param("sig2", "‖σ‖₂ of the anisotropic noise vector σ (Assumption 3.5); 0 is the "
               "noiseless limit", 0, None)
P_Delta = Param("Delta", "initial suboptimality Δ = f(w₀) − f*", 0, None, low_open=True)
P_L0n = Param("L0n", "‖L₀‖₁ (Assumption 5.1)", 0, None, low_open=True)
P_L1inf = Param("L1inf", "‖L₁‖∞ (Assumption 5.1); 0 gives Theorem 4.3", 0, None)
P_p = Param("p", "step-size constant of Theorem D.1: η_t = min{1/‖L‖∞, p√(D₂²M/(‖σ‖₂²(t+1)))} "
            "(the theorem takes p = 1/√2)", 0, None, low_open=True)
P_Sg = Param("Sg", "Σ_j E√(Σ_{t<T} (∇_j f(w_t))²), the gradient sum of Theorem E.1", 0, None)
P_Sn = Param("Sn", "Σ_j E√(Σ_{t<T} n_{t,j}²), the noise sum of Theorem E.1", 0, None)

(T_, M_, d_, eta_, eps_, Dinf_, D2_, L1n_, Linf_, sig1_, sig2_, Delta_, L0n_, L1inf_, p_, Sg_,
 Sn_) = (P.symbol for P in (P_T, P_M, P_d, P_eta, P_eps, P_Dinf, P_D2, P_L1n, P_Linf, P_sig1,
                            P_sig2, P_Delta, P_L0n, P_L1inf, P_p, P_Sg, P_Sn))
Linfp_ = P_Linf_pos.symbol  # same name as Linf_, positive
SQ2 = sp.sqrt(2)

# ---------------------------------------------------------------------------------------------
# Theorem E.1 (convex nonsmooth AdaGrad; Assumptions 3.1, 3.4; Algorithm 1, constant η)
# ---------------------------------------------------------------------------------------------
THEOREM_E_1 = register_bound(RateBound(
    id=f"{PAPER}/theorem-E.1", paper=PAPER, number="E.1",
    title="AdaGrad, convex nonsmooth (Option I, constant η): the bound (16)",
    source="Theorem E.1, eq. (16) (Appendix E)",
    measured=r"\sum_{t=0}^{T-1} \mathbb{E}[f(w_t)] - f(w^*)",
    params=(P_eta, P_Dinf, P_D2, P_eps, P_Sg, P_Sn),
    terms=(("adaptive", (Dinf_ ** 2 / (2 * eta_) + eta_) * (Sg_ + Sn_)),
           ("init", eps_ * D2_ ** 2 / (2 * eta_))),
    hypotheses=((sp.LessThan(Dinf_, D2_), "D∞ ≤ D₂ (geometry of W, eq. (2))"),),
    latex_printed=(r"\sum_{t=0}^{T-1}\mathbb{E}[f(w_t)]-f(w^*) \le \Big(\frac{D_\infty^2}{2\eta}"
                   r"+\eta\Big)\sum_{j=1}^d\Big(\mathbb{E}\sqrt{\textstyle\sum_{t}\nabla_j f(w_t)^2}"
                   r"+\mathbb{E}\sqrt{\textstyle\sum_t n_{t,j}^2}\Big)+\frac{\epsilon D_2^2}{2\eta}"),
    notes=("Reconstructed from the proof: ‖w_{t+1}−w*‖²_{Λ_t} ≤ ‖w_t−w*‖²_{Λ_{t−1}} − 2η(f(w_t)−f*) "
           "+ 2η² tr(Λ_t−Λ_{t−1}) + D∞² tr(Λ_t−Λ_{t−1}) (eq. (17) carries the factor 2), "
           "telescoped with Λ_{−1} = ϵI, tr(Λ_{T−1} − ϵI) ≤ Σ_j √(Σ_t g²_{t,j}) and Minkowski "
           "√Σ(∇f+n)² ≤ √Σ∇f² + √Σn².  The OCR keeps '... + ϵD₂²/(2η)' and the ∇f / n split; the "
           "coefficient (D∞²/(2η) + η) is what gives the printed 4‖L‖₁D∞²/T of Theorem 4.1 at "
           "η = D∞/√2.  Not a rate in T (Sg, Sn carry the T-dependence)."),
))

# ---------------------------------------------------------------------------------------------
# Theorem 4.1 (convex AdaGrad; Assumptions 3.1, 3.3, 3.4, 3.5; Option I, η = D∞/√2)
# ---------------------------------------------------------------------------------------------
_C41 = Dinf_ ** 2 / (2 * eta_) + eta_
THEOREM_4_1 = register_bound(RateBound(
    id=f"{PAPER}/theorem-4.1", paper=PAPER, number="4.1",
    title="AdaGrad, convex, anisotropic smoothness and noise (Option I, constant η)",
    source="Theorem 4.1 (Section 4.1); explicit form: end of the proof of Theorem 4.1 (Appendix E)",
    measured=r"\mathbb{E}[f(\bar w_T) - f(w^*)]",
    params=(P_T, P_M, P_eta, P_L1n, P_sig1, P_Dinf, P_D2, P_eps),
    terms=(("bias", 2 * _C41 ** 2 * L1n_ / T_),
           ("variance", 2 * _C41 * sig1_ / sp.sqrt(M_ * T_)),
           ("init", eps_ * D2_ ** 2 / (eta_ * T_))),
    hypotheses=((sp.LessThan(Dinf_, D2_), "D∞ ≤ D₂ (geometry of W, eq. (2))"),),
    claimed=ClaimedRate(sp.Rational(-1, 2), 0, {"eta": Dinf_ / SQ2},
                        "η = D∞/√2: E[f(w̄_T) − f(w*)] = O(D∞‖σ‖₁/√(MT) + ‖L‖₁D∞²/T) "
                        "+ O(ϵD₂²/(D∞T))"),
    latex_printed=(r"\mathbb{E}[f(\bar w_T)-f(w^*)] = O\Big(\frac{D_\infty\|\sigma\|_1}{\sqrt{MT}}"
                   r"+\frac{\|L\|_1D_\infty^2}{T}\Big)+O\Big(\frac{\epsilon D_2^2}{D_\infty T}\Big)"
                   r"\quad(\eta=D_\infty/\sqrt2;\ \text{proof: }\le\frac{4\|L\|_1D_\infty^2}{T}"
                   r"+\frac{2\sqrt2D_\infty\|\sigma\|_1}{\sqrt{MT}}+\frac{\sqrt2\epsilon D_2^2}"
                   r"{D_\infty T})"),
    notes=("Proof of Theorem 4.1: with A = (1/T)Σ_t E[f(w_t) − f*], C = D∞²/(2η) + η (Theorem "
           "E.1), C₁ = √(2‖L‖₁/T) (Lemma G.1, Jensen, ‖∇f‖²_{L⁻¹} ≤ 2(f − f*)) and "
           "C₀ = ‖σ‖₁/√(MT) + ϵD₂²/(2ηTC) (Lemma E.2), A ≤ C(C₁√A + C₀) gives "
           "A ≤ C²C₁² + 2CC₀ — the three terms here, for any η.  The proof then takes "
           "η = D∞/√2 (C = √2 D∞) and prints 4‖L‖₁D∞²/T + 2√2 D∞‖σ‖₁/√(MT) + √2ϵD₂²/(D∞T).  "
           "A bounds (1/T)Σ E f(w_t) − f*, which bounds E f(w̄_T) − f* by convexity.  Tuned "
           "numerically (∂/∂η = 0 is a quintic); at ϵ = 0 every term increases with C, so the "
           "optimum is η = D∞/√2 exactly."),
    closed_form=False,
))

# ---------------------------------------------------------------------------------------------
# Theorem 5.3 / 4.3 (nonconvex AdaGrad; Option II)
# ---------------------------------------------------------------------------------------------


def _thm53_terms(L0, L1cap):
    """The last display of the proof of Theorem 5.3: (1/T)(30B + 6dϵ + 76√(T+1)V)(4B + 12V),
    expanded into named terms."""
    S = 2 * eta_ * L0 + 5 * sp.sqrt(T_) * sig1_ / sp.sqrt(M_)
    F4 = 2 * d_ * eps_ + 4 * Delta_ / eta_ + 5 * S * sp.log(S / eps_ + sp.E)
    Clog = 2 * sp.log(F4 / eps_)
    B = Delta_ / eta_ + eta_ * L0 * Clog
    V = sig1_ * Clog / sp.sqrt(M_)
    r = sp.sqrt(T_ + 1)
    return (("bias", 120 * B ** 2 / T_),
            ("cross", (360 + 304 * r) * B * V / T_),
            ("eps", (24 * B + 72 * V) * d_ * eps_ / T_),
            ("variance", 912 * r * V ** 2 / T_)), (S, F4, Clog, B, V)


_NOTES_53 = (
    "Explicit form = the last display of the proof of Theorem 5.3 (Appendix F), divided by T: "
    "(1/T Σ_t E‖∇f(w_t)‖₁)² ≤ (1/T)(E Σ_j √(Σ_t ∇_j f(w_t)²))² (Lemma G.5 and Jensen) ≤ "
    "(30B(η) + 6dϵ + 76√(T+1)V)(4B(η) + 12V)/T, with B(η) = Δ/η + η‖L₀‖₁C_log, V = ‖σ‖₁C_log/√M, "
    "C_log = ln(F₄²/ϵ²) and F₄ = 2dϵ + 4Δ/η + 5S ln(S/ϵ + e), S = 2η‖L₀‖₁ + 5√T‖σ‖₁/√M the "
    "bound of Lemma F.4 on E tr(Λ_{T−1}) (Lemma G.4 with ζ = 5).  Read from the OCR: the "
    "constants 30, 6, 76, 4, 12, 2, 4, 5, 5 and the structure; reconstructed: C_log as "
    "ln((E tr Λ_{T−1})²/ϵ²) (Lemma F.3: Σ_t g²/λ² ≤ 2 ln(λ_{T−1}/ϵ)) and the 1/√M on σ "
    "(Lemma C.2, E n² ≤ σ²/M), which the theorem's √(MT) requires; the OCR lost both.  "
    "The constants check out against the proof: 3·F₄ ≤ 30B + 6dϵ + 75√T V and "
    "4Δ/η + (12‖σ‖₁/√M + 2η‖L₀‖₁)C_log ≤ 4B + 12V.")

_t53, (S53, F453, Clog53, B53, V53) = _thm53_terms(L0n_, True)
THEOREM_5_3 = register_bound(RateBound(
    id=f"{PAPER}/theorem-5.3", paper=PAPER, number="5.3",
    title="AdaGrad, nonconvex, anisotropic (L₀, L₁)-smoothness (Option II, constant η)",
    source="Theorem 5.3 (Section 5); explicit form: end of the proof of Theorem 5.3 (Appendix F)",
    measured=r"\Big(\frac1T\sum_{t=0}^{T-1}\mathbb{E}\|\nabla f(w_t)\|_1\Big)^2",
    params=(P_T, P_M, P_d, P_eta, P_eps, P_Delta, P_L0n, P_L1inf, P_sig1),
    terms=_t53,
    hypotheses=((sp.LessThan(4 * eta_ * L1inf_, 1), "η ≤ 1/(4‖L₁‖∞) (Theorem 5.3's step size; "
                 "the proof uses it after (26))"),),
    claimed=ClaimedRate(sp.Rational(-1, 2), 2,
                        {"eta": sp.Min(1 / (4 * L1inf_), sp.sqrt(Delta_ / L0n_))},
                        "η = min{1/(4‖L₁‖∞), √(Δ/‖L₀‖₁)}: (1/T Σ E‖∇f(w_t)‖₁)² ≤ Õ(√(‖L₀‖₁Δ)‖σ‖₁/"
                        "√(MT) + ‖σ‖₁²/(M√T) + ‖L₀‖₁Δ/T + ‖L₁‖∞²Δ²/T); Õ hides logarithms (the "
                        "explicit form carries C_log² ~ (ln T)²)"),
    latex_printed=(r"\Big(\frac1T\sum_{t=0}^{T-1}\mathbb{E}\|\nabla f(w_t)\|_1\Big)^2\le\tilde O"
                   r"\Big(\frac{\sqrt{\|L_0\|_1\Delta}\|\sigma\|_1}{\sqrt{MT}}+\frac{\|\sigma\|_1^2}"
                   r"{M\sqrt T}+\frac{\|L_0\|_1\Delta}{T}+\frac{\|L_1\|_\infty^2\Delta^2}{T}\Big)"),
    notes=_NOTES_53, closed_form=False,
))

_t43, _ = _thm53_terms(L1n_, False)
THEOREM_4_3 = register_bound(RateBound(
    id=f"{PAPER}/theorem-4.3", paper=PAPER, number="4.3",
    title="AdaGrad, nonconvex, anisotropic smoothness and noise (Option II, constant η)",
    source="Theorem 4.3 (Section 4.2) = Theorem 5.3 with L₁ = 0, L₀ = L ('Note that Theorem 5.3 "
           "... can directly imply Theorem 4.3 by simply setting L₁ = 0'); explicit form: end of "
           "the proof of Theorem 5.3",
    measured=r"\Big(\frac1T\sum_{t=0}^{T-1}\mathbb{E}\|\nabla f(w_t)\|_1\Big)^2",
    params=(P_T, P_M, P_d, P_eta, P_eps, P_Delta, P_L1n, P_sig1),
    terms=_t43,
    claimed=ClaimedRate(sp.Rational(-1, 2), 2, {"eta": sp.sqrt(Delta_ / L1n_)},
                        "η = √(Δ/‖L‖₁): (1/T Σ E‖∇f(w_t)‖₁)² ≤ Õ(√(‖L‖₁Δ)‖σ‖₁/√(MT) + "
                        "‖σ‖₁²/(M√T) + ‖L‖₁Δ/T); Õ hides logarithms"),
    latex_printed=(r"\Big(\frac1T\sum_{t=0}^{T-1}\mathbb{E}\|\nabla f(w_t)\|_1\Big)^2\le\tilde O"
                   r"\Big(\frac{\sqrt{\|L\|_1\Delta}\|\sigma\|_1}{\sqrt{MT}}+\frac{\|\sigma\|_1^2}"
                   r"{M\sqrt T}+\frac{\|L\|_1\Delta}{T}\Big)"),
    notes=_NOTES_53 + "  Theorem 4.3 = this with L₁ = 0 (no cap on η) and L₀ = L.",
    closed_form=False,
))

# ---------------------------------------------------------------------------------------------
# Theorem D.1 (convex SGD, Option I) and D.3 (nonconvex SGD, Option II)
# ---------------------------------------------------------------------------------------------
THEOREM_D_1 = register_bound(RateBound(
    id=f"{PAPER}/theorem-D.1", paper=PAPER, number="D.1",
    title="SGD, convex, anisotropic smoothness and noise (Option I, η_t ∝ 1/√(t+1))",
    source="Theorem D.1 (Appendix D) and its proof",
    measured=r"\mathbb{E}[f(\bar w_T) - f(w^*)]",
    params=(P_T, P_M, P_Linf, P_sig2, P_D2, P_p),
    terms=(("bias", Linf_ * D2_ ** 2 / T_),
           ("variance", (1 / p_ + 2 * p_) * D2_ * sig2_ / sp.sqrt(M_ * T_))),
    claimed=ClaimedRate(sp.Rational(-1, 2), 0, {"p": 1 / SQ2},
                        "η_t = min{1/‖L‖∞, √(D₂²M/(2‖σ‖₂²(t+1)))}: E[f(w̄_T) − f(w*)] = "
                        "O(D₂‖σ‖₂/√(MT) + ‖L‖∞D₂²/T)"),
    latex_printed=(r"\mathbb{E}[f(\bar w_T)-f(w^*)]=O\Big(\frac{D_2\|\sigma\|_2}{\sqrt{MT}}+"
                   r"\frac{\|L\|_\infty D_2^2}{T}\Big)"),
    notes=("The proof: E[f(w̄_T) − f*] ≤ D₂²/(η_{T−1}T) + (‖σ‖₂²/(MT))Σ_t η_t; with "
           "η_t = p√(D₂²M/(‖σ‖₂²(t+1))) and Σ_{t<T} 1/√(t+1) ≤ 2√T it is (1/p + 2p)D₂‖σ‖₂/√(MT), "
           "'by taking p = 1/√2' 2√2 D₂‖σ‖₂/√(MT).  The cap 1/‖L‖∞ (which the proof's η_t ≤ 1/L∞ "
           "needs) adds at most ‖L‖∞D₂²/T via 1/η_{T−1} ≤ ‖L‖∞ + √T‖σ‖₂/(pD₂√M); the printed "
           "proof ignores the cap, the explicit form here includes it."),
))

THEOREM_D_3 = register_bound(RateBound(
    id=f"{PAPER}/theorem-D.3", paper=PAPER, number="D.3",
    title="SGD, nonconvex, anisotropic smoothness and noise (Option II, constant η)",
    source="Theorem D.3 (Appendix D) and its proof",
    measured=r"\frac1T\sum_{t=0}^{T-1}\mathbb{E}\|\nabla f(w_t)\|_2^2",
    params=(P_T, P_M, P_eta, P_Delta, P_Linf_pos, P_sig2),
    terms=(("descent", 2 * Delta_ / (eta_ * T_)),
           ("noise", Linfp_ * eta_ * sig2_ ** 2 / M_)),
    hypotheses=((sp.LessThan(eta_ * Linfp_, 1), "η ≤ 1/‖L‖∞ (the proof's last inequality; the "
                 "theorem takes η ≤ 1/(2‖L‖∞))"),),
    claimed=ClaimedRate(sp.Rational(-1, 2), 0,
                        {"eta": sp.sqrt(2 * Delta_ * M_ / (Linfp_ * sig2_ ** 2 * T_))},
                        "η = min{1/(2‖L‖∞), √(2ΔM/(‖L‖∞‖σ‖₂²T))}: (1/T)Σ E‖∇f(w_t)‖₂² = "
                        "O(√(‖L‖∞Δ‖σ‖₂²/(MT)) + ‖L‖∞Δ/T)"),
    latex_printed=(r"\frac1T\sum_{t=0}^{T-1}\mathbb{E}\|\nabla f(w_t)\|_2^2=O\Big(\sqrt{\frac{"
                   r"\|L\|_\infty\Delta\|\sigma\|_2^2}{MT}}+\frac{\|L\|_\infty\Delta}{T}\Big)"),
    notes=("The proof: (1/T)Σ E‖∇f(w_t)‖₂² ≤ 2Δ/(ηT) + ‖L‖∞η‖σ‖₂²/M for η ≤ 1/‖L‖∞; at "
           "η = √(2ΔM/(‖L‖∞‖σ‖₂²T)) it is 2√(2‖L‖∞Δ‖σ‖₂²/(MT)); when 1/(2‖L‖∞) is the smaller, "
           "≤ 4‖L‖∞Δ/T + ‖σ‖₂²/(2M) ≤ 8‖L‖∞Δ/T.  The OCR's statement reads 'min{1/(2‖L‖∞), "
           "√(2(f(w₀)−f*)M/…)}', its proof 'min{1/‖L‖∞, √((f(w₀)−f*)M/…)}'."),
))

# ---------------------------------------------------------------------------------------------
# Table 1 rows (nonconvex, anisotropic smooth column; large batch; logs and constants omitted)
# ---------------------------------------------------------------------------------------------
_T1_SRC = ("Table 1 (nonconvex smooth settings, batch M ≥ ‖σ‖₁²/(‖L‖₁Δ), logarithmic terms "
           "omitted), column 'Anisotropic Smooth', row ")
TABLE_1_SGD = register_bound(RateBound(
    id=f"{PAPER}/table-1-sgd-smooth", paper=PAPER, number="Table 1",
    title="Table 1, SGD row (Theorem D.3): E‖∇f‖₂² ≲ ‖L‖∞Δ/T",
    source=_T1_SRC + "'SGD' (Theorem D.3)",
    measured=r"\mathbb{E}\|\nabla f(w)\|_2^2",
    params=(P_T, P_Linf_pos, P_Delta),
    terms=(("bias", Linfp_ * Delta_ / T_),),
    claimed=ClaimedRate(sp.Integer(-1), 0, {}, "‖L‖∞Δ/T (Table 1, SGD)"),
    latex_printed=r"\mathbb{E}\|\nabla f(w)\|_2^2 \lesssim \frac{\|L\|_\infty\Delta}{T}",
    notes="Printed as an order (no constant); the explicit form is Theorem D.3's.",
))
TABLE_1_SGD_L1 = register_bound(RateBound(
    id=f"{PAPER}/table-1-sgd-smooth-l1", paper=PAPER, number="Table 1",
    title="Table 1, SGD row on AdaGrad's measure: (E‖∇f‖₁)² ≤ d E‖∇f‖₂² ≲ d‖L‖∞Δ/T",
    source=_T1_SRC + "'SGD', restated for ‖∇f‖₁ as Section 4.2 compares it ('convergence of "
           "‖∇f(w)‖₁ instead of the common ‖∇f(w)‖₂ ... indicates at most d times tighter "
           "results when the gradients are generally dense')",
    measured=r"(\mathbb{E}\|\nabla f(w)\|_1)^2",
    params=(P_T, P_d, P_Linf_pos, P_Delta),
    terms=(("bias", d_ * Linfp_ * Delta_ / T_),),
    claimed=ClaimedRate(sp.Integer(-1), 0, {}, "d‖L‖∞Δ/T"),
    latex_printed=r"(\mathbb{E}\|\nabla f(w)\|_1)^2 \le d\,\mathbb{E}\|\nabla f(w)\|_2^2"
                  r"\lesssim \frac{d\|L\|_\infty\Delta}{T}",
    notes=("‖x‖₁² ≤ d‖x‖₂² (Cauchy–Schwarz), equality iff |x_j| all equal (dense gradients); "
           "with Jensen (E‖∇f‖₁)² ≤ E‖∇f‖₁²."),
))
TABLE_1_ADAGRAD = register_bound(RateBound(
    id=f"{PAPER}/table-1-adagrad-smooth", paper=PAPER, number="Table 1",
    title="Table 1, AdaGrad row (Theorem 4.3): (E‖∇f‖₁)² ≲ ‖L‖₁Δ/T",
    source=_T1_SRC + "'AdaGrad' (Theorem 4.3)",
    measured=r"(\mathbb{E}\|\nabla f(w)\|_1)^2",
    params=(P_T, P_L1n, P_Delta),
    terms=(("bias", L1n_ * Delta_ / T_),),
    claimed=ClaimedRate(sp.Integer(-1), 0, {}, "‖L‖₁Δ/T (Table 1, AdaGrad)"),
    latex_printed=r"(\mathbb{E}\|\nabla f(w)\|_1)^2 \lesssim \frac{\|L\|_1\Delta}{T}",
    notes="Printed as an order (no constant); the explicit form is Theorem 4.3's.",
))

# ---------------------------------------------------------------------------------------------
# Comparisons (Section 4.1, Remark 4.2, Appendix B; Table 1 / Section 4.2)
# ---------------------------------------------------------------------------------------------
_sd = sp.Symbol("d")
_sDinf = sp.Symbol("Dinf")
_CUBE = sp.sqrt(_sd) * _sDinf  # D₂ = √d D∞ on a hypercube W ("setting W to be a hypercube")

COMPARE_CONVEX_VARIANCE = register_comparison(Comparison(
    id=f"{PAPER}/compare-convex-variance", paper=PAPER,
    title="Convex, variance terms: AdaGrad (Theorem 4.1) vs SGD (Theorem D.1) on a hypercube",
    source="Section 4.1 (after (6): the ratio D∞‖σ‖₁/(D₂‖σ‖₂); 'σ₁ ≪ √d σ₂ ... W a hypercube'), "
           "Remark 4.2 ('the variance ratio can only be Θ(1/√d)'), Appendix B (R₁)",
    a=f"{PAPER}/theorem-4.1", b=f"{PAPER}/theorem-D.1",
    params=(P_T, P_M, P_d, P_Dinf, P_sig1, P_sig2),
    map_a={"L1n": sp.Integer(0), "epsilon": sp.Integer(0), "D2": _CUBE},
    map_b={"Linf": sp.Integer(0), "D2": _CUBE},
    tune_a=("eta",), tune_b=("p",),
    claim="AdaGrad's variance term is smaller iff ‖σ‖₁ < √d‖σ‖₂ (D∞‖σ‖₁ vs D₂‖σ‖₂ with "
          "D₂ = √d D∞); as small as 1/√d for one-sparse σ",
    claimed_ratio=sp.Symbol("sig1") / (sp.sqrt(_sd) * sp.Symbol("sig2")),
    notes=("Bias and ϵ terms removed (‖L‖ = 0, ϵ = 0) to isolate the variance terms; each "
           "bound at its own best step constant.  Both explicit constants are 2√2, so the ratio "
           "of the explicit bounds equals the printed ratio exactly."),
))

COMPARE_CONVEX_BIAS = register_comparison(Comparison(
    id=f"{PAPER}/compare-convex-bias", paper=PAPER,
    title="Convex, bias terms: AdaGrad (Theorem 4.1) vs SGD (Theorem D.1) on a hypercube",
    source="Section 4.1 ('(3) L is sparse such that ‖L‖₁ ≪ d‖L‖∞'), Remark 4.2 ('the ratio "
           "between bias terms ... can be in order Θ(1/d)'), Appendix B (R₂)",
    a=f"{PAPER}/theorem-4.1", b=f"{PAPER}/theorem-D.1",
    params=(P_T, P_d, P_Dinf, P_L1n, P_Linf),
    map_a={"sig1": sp.Integer(0), "epsilon": sp.Integer(0), "D2": _CUBE, "M": sp.Integer(1)},
    map_b={"sig2": sp.Integer(0), "D2": _CUBE, "p": 1 / SQ2, "M": sp.Integer(1)},
    tune_a=("eta",),
    claim="AdaGrad's bias term is smaller iff ‖L‖₁D∞² < ‖L‖∞D₂², i.e. ‖L‖₁ < d‖L‖∞ on a "
          "hypercube; as small as Θ(1/d) for one-sparse L",
    claimed_ratio=sp.Symbol("L1n") / (_sd * sp.Symbol("Linf")),
    notes=("Noise and ϵ removed (σ = 0, ϵ = 0; D.1's p is then irrelevant and fixed at 1/√2).  "
           "The explicit constants differ: 4‖L‖₁D∞²/T (Theorem 4.1's proof) vs ‖L‖∞D₂²/T "
           "(Theorem D.1), so the explicit ratio is 4× the printed one."),
))

COMPARE_CONVEX_BIAS_GENERAL = register_comparison(Comparison(
    id=f"{PAPER}/compare-convex-bias-general", paper=PAPER,
    title="Convex, bias terms for a general W: AdaGrad (Theorem 4.1) vs SGD (Theorem D.1)",
    source="Section 4.1 (the ratio ‖L‖₁D∞²/(‖L‖∞D₂²)); Appendix B (R₂); Tables 2/5 (C_bias = "
           "(‖L‖₁D∞²)/(‖L‖∞D₂²): 0.19, 0.20, 0.23 for a4a, a6a, a9a)",
    a=f"{PAPER}/theorem-4.1", b=f"{PAPER}/theorem-D.1",
    params=(P_T, P_Dinf, P_D2, P_L1n, P_Linf),
    map_a={"sig1": sp.Integer(0), "epsilon": sp.Integer(0), "M": sp.Integer(1)},
    map_b={"sig2": sp.Integer(0), "p": 1 / SQ2, "M": sp.Integer(1)},
    tune_a=("eta",),
    claim="AdaGrad's bias term is smaller iff ‖L‖₁D∞² < ‖L‖∞D₂² (C_bias < 1)",
    claimed_ratio=sp.Symbol("L1n") * _sDinf ** 2 / (sp.Symbol("Linf") * sp.Symbol("D2") ** 2),
    notes="As compare-convex-bias without the hypercube; the explicit ratio is 4·C_bias.",
))

COMPARE_CONVEX = register_comparison(Comparison(
    id=f"{PAPER}/compare-convex", paper=PAPER,
    title="Convex: AdaGrad (Theorem 4.1) vs SGD (Theorem D.1), whole bounds, hypercube W",
    source="Section 4.1: Theorem 4.1 vs (6) 'SGD & AdaGrad-Norm: O(D₂‖σ‖₂/√(MT) + ‖L‖∞D₂²/T)'",
    a=f"{PAPER}/theorem-4.1", b=f"{PAPER}/theorem-D.1",
    params=(P_T, P_M, P_d, P_Dinf, P_L1n, P_Linf, P_sig1, P_sig2, P_eps),
    map_a={"D2": _CUBE}, map_b={"D2": _CUBE},
    tune_a=("eta",), tune_b=("p",),
    claim="whether AdaGrad beats SGD relies on D∞‖σ‖₁ vs D₂‖σ‖₂ and ‖L‖₁D∞² vs ‖L‖∞D₂²",
    claimed_ratio=((_sDinf * sp.Symbol("sig1") / sp.sqrt(sp.Symbol("M") * sp.Symbol("T"))
                    + sp.Symbol("L1n") * _sDinf ** 2 / sp.Symbol("T"))
                   / (_CUBE * sp.Symbol("sig2") / sp.sqrt(sp.Symbol("M") * sp.Symbol("T"))
                      + sp.Symbol("Linf") * _CUBE ** 2 / sp.Symbol("T"))),
    notes="claimed_ratio: the printed O-forms (constants 1) of Theorem 4.1 and (6).",
))

COMPARE_TABLE_1 = register_comparison(Comparison(
    id=f"{PAPER}/compare-table-1-smooth", paper=PAPER,
    title="Table 1, anisotropic smooth column: AdaGrad vs SGD on ‖∇f‖₁ (dense gradients)",
    source="Table 1 rows 'SGD' and 'AdaGrad' (anisotropic smooth); Section 4.2 ('at most d times "
           "tighter results when the gradients are generally dense'; 'when L and σ are sparse "
           "and the gradients are relatively dense, Adagrad shines')",
    a=f"{PAPER}/table-1-adagrad-smooth", b=f"{PAPER}/table-1-sgd-smooth-l1",
    params=(P_T, P_d, P_Delta, P_L1n, P_Linf_pos),
    claim="AdaGrad's ‖∇f‖₁ guarantee is better iff ‖L‖₁ < d‖L‖∞ (never worse: ‖L‖₁ ≤ d‖L‖∞, "
          "a tie iff L is uniform), down to 1/d for one-sparse L",
    claimed_ratio=sp.Symbol("L1n") / (_sd * sp.Symbol("Linf")),
))

# ---------------------------------------------------------------------------------------------
# Attackable statements
# ---------------------------------------------------------------------------------------------
t = sp.Symbol("t", integer=True)
i = sp.Symbol("i", integer=True)
T = sp.Symbol("T", integer=True, positive=True)
d = sp.Symbol("d", integer=True, positive=True)
eps, D = sp.symbols("eps D", real=True)
Hs = sp.Symbol("H", real=True)
h, c, lo, w0, s, u, pr, xi, w, v = (sp.IndexedBase(n) for n in
                                    ("h", "c", "lo", "w0", "s", "u", "pr", "xi", "w", "v"))


_pick = choose  # sizes(generator, preset) functions pick with the generator


def _sizes(gen: torch.Generator, preset: str) -> dict:
    """T·d small enough for exact enumeration of the 2^T noise paths (mpmath ≤ 4096 paths)."""
    return {"T": _pick(gen, (1, 2, 3, 4, 6, 8)), "d": _pick(gen, (1, 2, 3))}


def _law(ctx: SampleContext) -> dict:
    """A zero-mean 2-point law with E ξ² ≤ 1, exact in binary: ξ ∈ {−1, +1} with probability 1/2
    each in half of the candidates; in the other half the lopsided law p = (1 − 2⁻ᵏ, 2⁻ᵏ),
    u = 2^{k/2}(−2⁻ᵏ, 1 − 2⁻ᵏ) (k ∈ {2, 4, 6, 8}: a rare large draw; E ξ = 0, E ξ² = 1 − 2⁻ᵏ)."""
    B = ctx.B
    k = 2.0 * ctx.randint(1, 5, B).to(ctx.dtype)
    q = torch.exp2(-k)
    lop_u = torch.exp2(k / 2)[:, None] * torch.stack([-q, 1 - q], dim=1)
    lop_p = torch.stack([1 - q, q], dim=1)
    sym = (ctx.rand(B) < 0.5)[:, None]
    uu = torch.where(sym, torch.tensor([-1.0, 1.0], dtype=ctx.dtype).expand(B, 2), lop_u)
    pp = torch.where(sym, torch.tensor([0.5, 0.5], dtype=ctx.dtype).expand(B, 2), lop_p)
    return {"u": SeqValue(uu.contiguous(), (1,)), "pr": SeqValue(pp.contiguous(), (1,))}


def _noise_scales(ctx: SampleContext, dn: int, scale: torch.Tensor) -> torch.Tensor:
    """σ_j: zero (deterministic special case) in a quarter of the candidates, tiny/huge/one-sparse
    otherwise."""
    sv = scale[:, None] * log_uniform(ctx, 1e-4, 1e2, dn)
    mode = ctx.rand(ctx.B)
    sv = torch.where((mode < 0.25)[:, None], torch.zeros_like(sv), sv)
    sparse = torch.zeros_like(sv)
    sparse[:, 0] = sv[:, 0]
    return torch.where(((mode >= 0.25) & (mode < 0.4))[:, None], sparse, sv)


_LAW_Q = (Quantity("u", "sequence", "R", "support of the noise law", (1,), ("2",)),
          Quantity("pr", "sequence", "simplex", "probabilities of the noise law", (1,), ("2",)),
          Quantity("xi", "sequence", "law (u, pr)", "noise draws ξ_t, t = 1..T", (1,), ("T",)))
_LAW_H = (Hypothesis(sp.StrictGreaterThan(pr[1], 0)), Hypothesis(sp.StrictGreaterThan(pr[2], 0)),
          Hypothesis(sp.LessThan(sp.Abs(pr[1] * u[1] + pr[2] * u[2]), 0),
                     note="E ξ = 0: the noise n_t = σ ξ_t is unbiased (Assumption 3.4)"),
          Hypothesis(sp.LessThan(pr[1] * u[1] ** 2 + pr[2] * u[2] ** 2, 1),
                     note="E ξ² ≤ 1: E n_{t,j}² ≤ σ_j² (Assumption 3.5, M = 1)"))
_NOISE = NoiseSpec("xi", "u", "pr", (1,), ("T",))
_G = h[i] * (w[t - 1, i] - c[i]) + s[i] * xi[t]  # g_{t-1,i}: gradient at w_{t-1} plus noise


# -- Theorem 4.1 on box-constrained diagonal quadratics ---------------------------------------
def _sampler_41(ctx: SampleContext) -> dict:
    """W = Π[lo_j, lo_j + D] (a hypercube: D∞ = D, D₂ = √d D); f = Σ h_j/2 (w_j − c_j)² with
    c ∈ W (so w* = c and f* = 0); w₀ ∈ W; h log-uniform over 8 decades; ϵ from 1e-8 to 1e2
    relative to the gradient scale."""
    dn = ctx.sizes["d"]
    Dv = log_uniform(ctx, 1e-2, 1e2)
    lov = ctx.randn(ctx.B, dn) * Dv[:, None]
    hv = log_uniform(ctx, 1e-4, 1e4, dn)
    at_edge = ctx.rand(ctx.B, dn)
    cv = lov + Dv[:, None] * torch.where(at_edge < 0.2, torch.zeros_like(at_edge), ctx.rand(ctx.B, dn))
    wv = lov + Dv[:, None] * torch.where(at_edge > 0.8, torch.ones_like(at_edge), ctx.rand(ctx.B, dn))
    gscale = (hv * Dv[:, None]).mean(1)
    sv = _noise_scales(ctx, dn, gscale)
    return {"D": Dv, "eps": gscale * log_uniform(ctx, 1e-8, 1e2), "h": SeqValue(hv, (1,)),
            "c": SeqValue(cv, (1,)), "lo": SeqValue(lov, (1,)), "w0": SeqValue(wv, (1,)),
            "s": SeqValue(sv, (1,)), **_law(ctx)}


def _build_41(env):
    hv, cv, sv = env["h"].data, env["c"].data, env["s"].data
    xv = env["xi"].data
    lov = env["lo"].data
    Dv = env["D"]
    Dcol = Dv[:, None] if isinstance(Dv, torch.Tensor) and Dv.dim() == 1 else Dv
    alg = AdaGradAniso(lr=Dv / math.sqrt(2), eps=env["eps"], domain=Box(lov, lov + Dcol))
    return alg, {"x0": env["w0"].data, "T": env["T"],
                 "oracle": lambda xx, tt: hv * (xx - cv) + sv * xv[:, tt - 1:tt]}


def adagrad_box_recurrences(tt, grad, eta):
    """Algorithm 1 (Option I) on the box W = [lo, lo + D]: v_t = v_{t-1} + g_t² (v_0 = ϵ²),
    w_t = clip(w_{t-1} − η g_t/√v_t, W), with ``grad`` the gradient g_t at w_{t-1} (coordinate
    ``i``); the Λ_t-weighted projection onto a box is the clip (Λ_t diagonal)."""
    return (Recurrence("v", tt, 1, eps ** 2, v[tt - 1, i] + grad ** 2),
            Recurrence("w", tt, 1, w0[i],
                       sp.Min(sp.Max(w[tt - 1, i] - eta * grad / sp.sqrt(v[tt, i]), lo[i]),
                              lo[i] + D)))


_f_bar = sp.Sum(h[i] / 2 * (sp.Sum(w[t, i], (t, 0, T - 1)) / T - c[i]) ** 2, (i, 1, d))
#: W of Assumption 3.1, a box (the instance family's hypercube of side D at corner lo): the domain
#: of w₀, the iterates and (in the restricted family) c; the derivation samples inside it
#: (adaproof.derive.laws_boxes)
W_BOX = "W = [lo, lo + D]"
#: Theorem 4.1's instance family with the unconstrained minimiser c inside W (so ∇f(w*) = 0 and
#: f* = 0).  Not registered under its own key: adaproof.lemmas.adagrad_aniso.theorem_4_1
#: registers it as ``theorem-4.1@corrected`` and the printed ``theorem-4.1`` (c anywhere,
#: w* = argmin_W f, as Assumption 3.1 states); the other variants derive from it.
THEOREM_4_1_STATEMENT = (Statement(
    id=f"{PAPER}/theorem-4.1", paper=PAPER, kind="theorem", number="4.1",
    title="AdaGrad (Option I, η = D∞/√2) on box-constrained diagonal quadratics, in expectation",
    section="4.1, Appendix E", family="rate",
    latex=(r"\mathbb{E}[f(\bar w_T)-f(w^*)]\le\frac{4\|L\|_1D_\infty^2}{T}+\frac{2\sqrt2D_\infty"
           r"\|\sigma\|_1}{\sqrt{MT}}+\frac{\sqrt2\epsilon D_2^2}{D_\infty T}"),
    quantities=(
        Quantity("T", "size", ">= 1", "number of iterations"),
        Quantity("d", "size", ">= 1", "dimension"),
        Quantity("D", "scalar", "> 0", "side of the hypercube W (D∞ = D, D₂ = √d D)"),
        Quantity("eps", "scalar", "> 0", "ϵ of Algorithm 1"),
        Quantity("h", "sequence", "> 0", "curvatures = the smoothness vector L", (1,), ("d",)),
        Quantity("c", "sequence", W_BOX, "minimiser w* = c ∈ W", (1,), ("d",)),
        Quantity("lo", "sequence", "R", "lower corner of W", (1,), ("d",)),
        Quantity("w0", "sequence", W_BOX, "initial point w₀ ∈ W", (1,), ("d",)),
        Quantity("s", "sequence", ">= 0", "noise scales σ_j (n_{t,j} = σ_j ξ_t)", (1,), ("d",)),
        *_LAW_Q,
        Quantity("v", "trajectory", "> 0", "v_{t-1,j} (Algorithm 1, line 6), v[0] = ϵ²", (0, 1),
                 ("T", "d")),
        Quantity("w", "trajectory", W_BOX, "iterates w_t, t = 0..T", (0, 1), ("T", "d")),
    ),
    hypotheses=(
        Hypothesis(sp.StrictGreaterThan(D, 0)),
        Hypothesis(sp.StrictGreaterThan(eps, 0), note="ϵ > 0 (Algorithm 1; Λ_{−1} = ϵI)"),
        Hypothesis(sp.StrictGreaterThan(h[i], 0), forall=((i, 1, d),),
                   note="f = Σ h_j/2 (w_j − c_j)² is convex (3.1) and L-smooth with L = h exactly "
                        "(Assumption 3.3: ∇²f = diag(h))"),
        Hypothesis(sp.GreaterThan(s[i], 0), forall=((i, 1, d),)),
        Hypothesis(sp.GreaterThan(c[i], lo[i]), forall=((i, 1, d),),
                   note="w* = c ∈ W (Assumption 3.1)"),
        Hypothesis(sp.LessThan(c[i], lo[i] + D), forall=((i, 1, d),)),
        Hypothesis(sp.GreaterThan(w0[i], lo[i]), forall=((i, 1, d),), silent=True,
                   note="w₀ ∈ W: the proof of Theorem E.1 bounds ϵ‖w₀ − w*‖² by ϵD₂² via eq. (2)"),
        Hypothesis(sp.LessThan(w0[i], lo[i] + D), forall=((i, 1, d),), silent=True),
        *_LAW_H,
    ),
    lhs=_f_bar,
    rhs=(4 * sp.Sum(h[i], (i, 1, d)) * D ** 2 / T
         + 2 * sp.sqrt(2) * D * sp.Sum(s[i], (i, 1, d)) / sp.sqrt(T)
         + sp.sqrt(2) * eps * d * D ** 2 / (D * T)),
    sampler=_sampler_41, sizes=_sizes,
    trajectory=TrajectorySource(build=_build_41, read={"x": ("w", (0, 1)), "v": ("v", (0, 1))},
                                series=("v",)),
    recurrences=adagrad_box_recurrences(t, _G, D / sp.sqrt(2)),
    noise=_NOISE,
    source="Theorem 4.1 with the explicit constants of its proof (Appendix E), η = D∞/√2",
    notes=("Instance family: W a hypercube of side D (D∞ = D, D₂ = √d D), f a diagonal convex "
           "quadratic with minimiser in W (Assumptions 3.1, 3.3 with L = h), M = 1 and "
           "n_t = σ ⊙ 1·ξ_t with ξ_t = ±1 equally likely (Assumptions 3.4, 3.5 with equality); "
           "σ = 0 in a quarter of the candidates (the deterministic special case).  Exact "
           "enumeration of the 2^T paths.  The Λ_t-weighted projection onto a box is the clip."),
))


# -- Theorem D.3 on diagonal quadratics (SGD, Option II) --------------------------------------
def _sampler_d3(ctx: SampleContext) -> dict:
    """f = Σ h_j/2 (w_j − c_j)² (nonconvex class member: L = h, f* = 0), H ≥ max h (= max h in
    most candidates, the exact ‖L‖∞), σ_j > 0, M = 1."""
    dn = ctx.sizes["d"]
    hv = log_uniform(ctx, 1e-3, 1e3, dn)
    Hv = hv.max(1).values * torch.where(ctx.rand(ctx.B) < 0.8, torch.ones(ctx.B, dtype=ctx.dtype),
                                         1 + log_uniform(ctx, 1e-6, 10.0))
    cv = ctx.randn(ctx.B, dn)
    w0v = cv + ctx.randn(ctx.B, dn) * log_uniform(ctx, 1e-4, 1e2)[:, None]
    gscale = (hv * (w0v - cv).abs()).mean(1).clamp_min(1e-12)
    sv = gscale[:, None] * log_uniform(ctx, 1e-6, 1e2, dn)
    return {"H": Hv, "h": SeqValue(hv, (1,)), "c": SeqValue(cv, (1,)), "w0": SeqValue(w0v, (1,)),
            "s": SeqValue(sv, (1,)), **_law(ctx)}


k = sp.Symbol("k", integer=True)
_Delta_d3 = sp.Sum(h[k] / 2 * (w0[k] - c[k]) ** 2, (k, 1, d))
_sig2sq = sp.Sum(s[k] ** 2, (k, 1, d))
_eta_d3 = sp.Min(1 / (2 * Hs), sp.sqrt(2 * _Delta_d3 / (Hs * _sig2sq * T)))


def _build_d3(env):
    hv, cv, sv, xv = env["h"].data, env["c"].data, env["s"].data, env["xi"].data
    w0v, Hv, Tn = env["w0"].data, env["H"], env["T"]
    Dl = (hv / 2 * (w0v - cv) ** 2).sum(1)
    eta_v = torch.minimum(1 / (2 * Hv), torch.sqrt(2 * Dl / (Hv * (sv ** 2).sum(1) * Tn)))
    return SGDAniso(lr=eta_v), {"x0": w0v, "T": Tn,
                                "oracle": lambda xx, tt: hv * (xx - cv) + sv * xv[:, tt - 1:tt]}


THEOREM_D_3_STATEMENT = register(Statement(
    id=f"{PAPER}/theorem-D.3", paper=PAPER, kind="theorem", number="D.3",
    title="SGD (Option II, the theorem's η) on diagonal quadratics, in expectation",
    section="Appendix D", family="rate",
    latex=(r"\frac1T\sum_{t=0}^{T-1}\mathbb{E}\|\nabla f(w_t)\|_2^2\le\frac{2\Delta}{\eta T}+"
           r"\frac{\|L\|_\infty\eta\|\sigma\|_2^2}{M},\ \eta=\min\{\tfrac1{2\|L\|_\infty},"
           r"\sqrt{2\Delta M/(\|L\|_\infty\|\sigma\|_2^2T)}\}"),
    quantities=(
        Quantity("T", "size", ">= 1", "number of iterations"),
        Quantity("d", "size", ">= 1", "dimension"),
        Quantity("H", "scalar", ">= max h", "‖L‖∞ used by the theorem (any H ≥ max_j h_j)"),
        Quantity("h", "sequence", "> 0", "curvatures = the smoothness vector L", (1,), ("d",)),
        Quantity("c", "sequence", "R", "minimiser", (1,), ("d",)),
        Quantity("w0", "sequence", "R", "initial point", (1,), ("d",)),
        Quantity("s", "sequence", "> 0", "noise scales σ_j (n_{t,j} = σ_j ξ_t)", (1,), ("d",)),
        *_LAW_Q,
        Quantity("w", "trajectory", "R", "iterates w_t, t = 0..T", (0, 1), ("T", "d")),
    ),
    hypotheses=(
        Hypothesis(sp.StrictGreaterThan(h[i], 0), forall=((i, 1, d),),
                   note="f = Σ h_j/2 (w_j − c_j)²: lower bounded (3.2), L-smooth with L = h (3.3)"),
        Hypothesis(sp.LessThan(h[i], Hs), forall=((i, 1, d),),
                   note="H ≥ ‖L‖∞ (H = max h is the exact constant; a larger H is a valid one)"),
        Hypothesis(sp.StrictGreaterThan(s[i], 0), forall=((i, 1, d),),
                   note="σ positive (Assumption 3.5: 'positive vector σ'); the theorem's η "
                        "divides by ‖σ‖₂"),
        *_LAW_H,
    ),
    lhs=sp.Sum(sp.Sum((h[i] * (w[t, i] - c[i])) ** 2, (i, 1, d)), (t, 0, T - 1)) / T,
    rhs=2 * _Delta_d3 / (_eta_d3 * T) + Hs * _eta_d3 * _sig2sq,
    sampler=_sampler_d3, sizes=_sizes,
    trajectory=TrajectorySource(build=_build_d3, read={"x": ("w", (0, 1))}),
    recurrences=(Recurrence("w", t, 1, w0[i], w[t - 1, i] - _eta_d3 * _G),),
    noise=_NOISE,
    source="Theorem D.3 with the explicit bound of its proof, at the theorem's step size",
    notes=("Instance family: diagonal quadratics (Assumptions 3.2, 3.3 with L = h), M = 1, "
           "n_t = σ·ξ_t, ξ_t = ±1 (Assumptions 3.4, 3.5 with equality).  Exact enumeration."),
))


# -- Theorem E.1 on the same instances, any constant η ----------------------------------------
etas = sp.Symbol("eta", real=True)


def _sampler_E1(ctx: SampleContext) -> dict:
    """Theorem 4.1's instances with a free step η = D·10^{U(-3, 3)}."""
    out = _sampler_41(ctx)
    out["eta"] = out["D"] * log_uniform(ctx, 1e-3, 1e3)
    return out


def _build_E1(env):
    alg, kw = _build_41(env)
    return AdaGradAniso(lr=env["eta"], eps=env["eps"], domain=alg.domain), kw


_grad_sq = lambda tt: (h[i] * (w[tt, i] - c[i])) ** 2
#: Theorem E.1's restricted family (c ∈ W).  Not registered under its own key:
#: adaproof.lemmas.adagrad_aniso.theorem_4_1 registers the printed ``theorem-E.1`` (Assumptions
#: 3.1, 3.4 only: c anywhere, w* = argmin_W f); the other E.1 variants derive from it.
THEOREM_E_1_STATEMENT = (Statement(
    id=f"{PAPER}/theorem-E.1", paper=PAPER, kind="theorem", number="E.1",
    title="AdaGrad (Option I, constant η) on box-constrained diagonal quadratics: (16), in "
          "expectation",
    section="Appendix E", family="rate",
    latex=THEOREM_E_1.latex_printed,
    quantities=THEOREM_4_1_STATEMENT.quantities[:4] + (
        Quantity("eta", "scalar", "> 0", "constant step size η"),) +
        THEOREM_4_1_STATEMENT.quantities[4:],
    hypotheses=THEOREM_4_1_STATEMENT.hypotheses + (Hypothesis(sp.StrictGreaterThan(etas, 0)),),
    lhs=sp.Sum(sp.Sum(h[i] / 2 * (w[t, i] - c[i]) ** 2, (i, 1, d)), (t, 0, T - 1)),
    rhs=((D ** 2 / (2 * etas) + etas)
         * (sp.Sum(sp.sqrt(sp.Sum(_grad_sq(t), (t, 0, T - 1))), (i, 1, d))
            + sp.Sum(sp.sqrt(sp.Sum(s[i] ** 2 * xi[t] ** 2, (t, 1, T))), (i, 1, d)))
         + eps * d * D ** 2 / (2 * etas)),
    sampler=_sampler_E1, sizes=_sizes,
    trajectory=TrajectorySource(build=_build_E1, read={"x": ("w", (0, 1)), "v": ("v", (0, 1))},
                                series=("v",)),
    recurrences=adagrad_box_recurrences(t, _G, etas),
    noise=_NOISE,
    source="Theorem E.1, eq. (16) (Assumptions 3.1, 3.4), with D∞ = D, D₂² = dD² (hypercube)",
    notes=("Same instance family as theorem-4.1 (convex, unbiased noise n_t = σξ_t), any "
           "constant η.  The right side's sums are of the true gradients ∇f(w_t) and of the "
           "noise n_t along each path (E over the enumerated paths)."),
))


# -- Theorem 4.3, deterministic special case (σ = 0), on diagonal quadratics ------------------
def _sampler_43(ctx: SampleContext) -> dict:
    """f = Σ h_j/2 (w_j − c_j)² (L = h, f* = 0), w₀ at distances 1e-4..1e2, ϵ from 1e-8 to 1e2
    relative to the initial gradient scale."""
    dn = ctx.sizes["d"]
    hv = log_uniform(ctx, 1e-3, 1e3, dn)
    cv = ctx.randn(ctx.B, dn)
    w0v = cv + ctx.randn(ctx.B, dn) * log_uniform(ctx, 1e-4, 1e2)[:, None]
    gscale = (hv * (w0v - cv).abs()).mean(1).clamp_min(1e-12)
    return {"eps": gscale * log_uniform(ctx, 1e-8, 1e2), "h": SeqValue(hv, (1,)),
            "c": SeqValue(cv, (1,)), "w0": SeqValue(w0v, (1,))}


def _sizes_43(gen: torch.Generator, preset: str) -> dict:
    return {"T": _pick(gen, (1, 2, 3, 10, 50, 200)), "d": _pick(gen, (1, 2, 4))}


_Delta_43 = sp.Sum(h[k] / 2 * (w0[k] - c[k]) ** 2, (k, 1, d))
_L_43 = sp.Sum(h[k], (k, 1, d))
_eta_43 = sp.sqrt(_Delta_43 / _L_43)
_sub43 = {T_: T, d_: d, M_: 1, eta_: _eta_43, Delta_: _Delta_43, L1n_: _L_43, sig1_: 0,
          eps_: eps}


def _build_43(env):
    hv, cv, w0v = env["h"].data, env["c"].data, env["w0"].data
    eta_v = torch.sqrt((hv / 2 * (w0v - cv) ** 2).sum(1) / hv.sum(1))
    return AdaGradAniso(lr=eta_v, eps=env["eps"]), {"x0": w0v, "T": env["T"],
                                                    "oracle": lambda xx, tt: hv * (xx - cv)}


THEOREM_4_3_STATEMENT = register(Statement(
    id=f"{PAPER}/theorem-4.3", paper=PAPER, kind="theorem", number="4.3",
    title="AdaGrad (Option II, η = √(Δ/‖L‖₁)) on diagonal quadratics, noiseless",
    section="4.2, Appendix F", family="rate",
    latex=THEOREM_4_3.latex_printed,
    quantities=(
        Quantity("T", "size", ">= 1", "number of iterations"),
        Quantity("d", "size", ">= 1", "dimension"),
        Quantity("eps", "scalar", "> 0", "ϵ of Algorithm 1"),
        Quantity("h", "sequence", "> 0", "curvatures = the smoothness vector L", (1,), ("d",)),
        Quantity("c", "sequence", "R", "minimiser", (1,), ("d",)),
        Quantity("w0", "sequence", "R", "initial point", (1,), ("d",)),
        Quantity("v", "trajectory", "> 0", "v_{t-1,j}, v[0] = ϵ²", (0, 1), ("T", "d")),
        Quantity("w", "trajectory", "R", "iterates w_t, t = 0..T", (0, 1), ("T", "d")),
    ),
    hypotheses=(
        Hypothesis(sp.StrictGreaterThan(eps, 0), note="ϵ > 0 (Algorithm 1; the bound divides by ϵ)"),
        Hypothesis(sp.StrictGreaterThan(h[i], 0), forall=((i, 1, d),),
                   note="f = Σ h_j/2 (w_j − c_j)²: Assumptions 3.2, 3.3 (L = h); σ = 0 satisfies "
                        "3.4, 3.5 in the limit σ → 0 of the bound"),
        Hypothesis(sp.StrictGreaterThan(_Delta_43, 0), note="Δ > 0 (η = √(Δ/‖L‖₁) > 0)"),
    ),
    lhs=(sp.Sum(sp.Sum(sp.Abs(h[i] * (w[t, i] - c[i])), (i, 1, d)), (t, 0, T - 1)) / T) ** 2,
    rhs=sum(e for _, e in _t43).subs(_sub43),
    sampler=_sampler_43, sizes=_sizes_43,
    trajectory=TrajectorySource(build=_build_43, read={"x": ("w", (0, 1)), "v": ("v", (0, 1))},
                                series=("v",)),
    recurrences=(
        Recurrence("v", t, 1, eps ** 2, v[t - 1, i] + (h[i] * (w[t - 1, i] - c[i])) ** 2),
        Recurrence("w", t, 1, w0[i],
                   w[t - 1, i] - _eta_43 * h[i] * (w[t - 1, i] - c[i]) / sp.sqrt(v[t, i])),
    ),
    source="Theorem 4.3 (= 5.3 with L₁ = 0), explicit bound of the proof of Theorem 5.3, σ = 0",
    notes=("Deterministic special case only: the theorem bounds (E Σ‖∇f‖₁/T)², which an "
           "expectation attack of E[(Σ‖∇f‖₁/T)²] would overstate.  Instance family: diagonal "
           "quadratics (Assumptions 3.2, 3.3 with L = h), σ = 0, M = 1."),
))


# -- Theorem 5.3, deterministic special case, on separable cosh objectives --------------------
# f(w) = Σ_j (a_j/b_j²)(cosh(b_j(w_j − c_j)) − 1): f_j'' = a_j cosh ≤ a_j + b_j|f_j'|, so along a
# segment of length δ ≤ 1/b_j, |f_j'(w') − f_j'(w)| ≤ (a_j + b_j|f_j'(w)|)(e^{b_jδ} − 1)/b_j ≤
# (e − 1)(a_j + b_j|f_j'(w)|)δ: Assumption 5.1 holds with L₀ = (e−1)a, L₁ = (e−1)b (and any
# larger L₁, as used through the input H ≥ max b).
a_, b_ = sp.IndexedBase("a", real=True), sp.IndexedBase("b", real=True)
w_r, c_r, w0_r = (sp.IndexedBase(n, real=True) for n in ("w", "c", "w0"))  # real: Abs stays Abs
H1 = sp.Symbol("H", real=True)
_E1 = sp.E - 1


def _cosh_m1(z):
    return (sp.exp(z) + sp.exp(-z)) / 2 - 1


def _sinh(z):
    return (sp.exp(z) - sp.exp(-z)) / 2


def _sampler_53(ctx: SampleContext) -> dict:
    dn = ctx.sizes["d"]
    av = log_uniform(ctx, 1e-2, 1e2, dn)
    bv = log_uniform(ctx, 1e-2, 1e2, dn)
    Hv = bv.max(1).values * torch.where(ctx.rand(ctx.B) < 0.8, torch.ones(ctx.B, dtype=ctx.dtype),
                                         1 + log_uniform(ctx, 1e-6, 10.0))
    cv = ctx.randn(ctx.B, dn)
    sign = torch.where(ctx.rand(ctx.B, dn) < 0.5, -1.0, 1.0).to(ctx.dtype)
    w0v = cv + sign * log_uniform(ctx, 1e-2, 5.0, dn) / bv
    gscale = (av / bv * torch.sinh(bv * (w0v - cv)).abs()).mean(1).clamp_min(1e-12)
    return {"eps": gscale * log_uniform(ctx, 1e-8, 1e2), "H": Hv, "a": SeqValue(av, (1,)),
            "b": SeqValue(bv, (1,)), "c": SeqValue(cv, (1,)), "w0": SeqValue(w0v, (1,))}


_Delta_53 = sp.Sum(a_[k] / b_[k] ** 2 * _cosh_m1(b_[k] * (w0_r[k] - c_r[k])), (k, 1, d))
_L0_53 = _E1 * sp.Sum(a_[k], (k, 1, d))
_eta_53 = sp.Min(1 / (4 * _E1 * H1), sp.sqrt(_Delta_53 / _L0_53))
_grad53 = lambda tt: a_[i] / b_[i] * _sinh(b_[i] * (w_r[tt, i] - c_r[i]))


def _build_53(env):
    av, bv, cv, w0v, Hv = env["a"].data, env["b"].data, env["c"].data, env["w0"].data, env["H"]
    Dl = (av / bv ** 2 * (torch.cosh(bv * (w0v - cv)) - 1)).sum(1)
    e1 = math.e - 1
    eta_v = torch.minimum(1 / (4 * e1 * Hv), torch.sqrt(Dl / (e1 * av.sum(1))))
    return AdaGradAniso(lr=eta_v, eps=env["eps"]), {
        "x0": w0v, "T": env["T"], "oracle": lambda xx, tt: av / bv * torch.sinh(bv * (xx - cv))}


THEOREM_5_3_STATEMENT = register(Statement(
    id=f"{PAPER}/theorem-5.3", paper=PAPER, kind="theorem", number="5.3",
    title="AdaGrad (Option II, the theorem's η) on separable cosh objectives, noiseless",
    section="5, Appendix F", family="rate",
    latex=THEOREM_5_3.latex_printed,
    quantities=(
        Quantity("T", "size", ">= 1", "number of iterations"),
        Quantity("d", "size", ">= 1", "dimension"),
        Quantity("eps", "scalar", "> 0", "ϵ of Algorithm 1"),
        Quantity("H", "scalar", ">= max b", "‖L₁‖∞/(e−1) used by the theorem (any H ≥ max b)"),
        Quantity("a", "sequence", "> 0", "curvatures at the minimiser (L₀ = (e−1)a)", (1,), ("d",)),
        Quantity("b", "sequence", "> 0", "growth rates (L₁ = (e−1)b)", (1,), ("d",)),
        Quantity("c", "sequence", "R", "minimiser", (1,), ("d",)),
        Quantity("w0", "sequence", "R", "initial point", (1,), ("d",)),
        Quantity("v", "trajectory", "> 0", "v_{t-1,j}, v[0] = ϵ²", (0, 1), ("T", "d")),
        Quantity("w", "trajectory", "R", "iterates w_t, t = 0..T", (0, 1), ("T", "d")),
    ),
    hypotheses=(
        Hypothesis(sp.StrictGreaterThan(eps, 0), note="ϵ > 0 (Algorithm 1; the bound divides by ϵ)"),
        Hypothesis(sp.StrictGreaterThan(a_[i], 0), forall=((i, 1, d),),
                   note="f = Σ (a_j/b_j²)(cosh(b_j(w_j − c_j)) − 1) ≥ 0 = f* (Assumption 3.2) and "
                        "satisfies Assumption 5.1 with L₀ = (e−1)a, L₁ = (e−1)b (module comment)"),
        Hypothesis(sp.StrictGreaterThan(b_[i], 0), forall=((i, 1, d),)),
        Hypothesis(sp.LessThan(b_[i], H1), forall=((i, 1, d),),
                   note="‖L₁‖∞ = (e−1)H ≥ (e−1)max b"),
        Hypothesis(sp.StrictGreaterThan(_Delta_53, 0), note="Δ > 0"),
    ),
    lhs=(sp.Sum(sp.Sum(sp.Abs(_grad53(t)), (i, 1, d)), (t, 0, T - 1)) / T) ** 2,
    rhs=sum(e for _, e in _t53).subs({T_: T, d_: d, M_: 1, eta_: _eta_53, Delta_: _Delta_53,
                                      L0n_: _L0_53, sig1_: 0, eps_: eps}),
    sampler=_sampler_53, sizes=_sizes_43,
    trajectory=TrajectorySource(build=_build_53, read={"x": ("w", (0, 1)), "v": ("v", (0, 1))},
                                series=("v",)),
    recurrences=(
        Recurrence("v", t, 1, eps ** 2, v[t - 1, i] + _grad53(t - 1) ** 2),
        Recurrence("w", t, 1, w0[i],
                   w_r[t - 1, i] - _eta_53 * _grad53(t - 1) / sp.sqrt(v[t, i])),
    ),
    source="Theorem 5.3, explicit bound of its proof, σ = 0, η = min{1/(4‖L₁‖∞), √(Δ/‖L₀‖₁)}",
    notes=("Deterministic special case (see theorem-4.3's note).  Instance family: separable "
           "cosh objectives, which satisfy Assumption 5.1 with L₀ = (e−1)a, L₁ = (e−1)b (and "
           "Assumption 3.2 with f* = 0); σ = 0, M = 1."),
))
