"""Rate calculators and attackable theorems of *Adam exploits ℓ∞-geometry of loss landscape via
coordinate-wise adaptivity* (paper id ``adam_linf``)."""
from __future__ import annotations

import functools

import sympy as sp
import torch

from ..algorithms.adam_linf import SignGD
from ..registry import register
from ..sampling import choose, log_uniform
from ..statement import Hypothesis, Quantity, Recurrence, SampleContext, Statement, \
    TrajectorySource
from ..symbolic import IndexMin, SeqValue
from ._core import ClaimedRate, Param, RateBound, register_bound

PAPER = "adam_linf"

# ---------------------------------------------------------------------------------------------
# Theorem 3.2 (SignGD, deterministic, H-smooth w.r.t. l_inf)
# ---------------------------------------------------------------------------------------------
_T = Param("T", "number of steps", 1, None, integer=True)
_eta = Param("eta", "learning rate η", 0, None, low_open=True)
_H = Param("H", "smoothness constant w.r.t. ℓ∞ (‖∇L(x)−∇L(y)‖₁ ≤ H‖x−y‖∞)", 0, None,
           low_open=True)
_Delta = Param("Delta", "initial suboptimality L(x₀) − min L", 0, None, low_open=True)
Ts, etas, Hs, Ds = (p.symbol for p in (_T, _eta, _H, _Delta))

THEOREM_3_2 = register_bound(RateBound(
    id="adam_linf/theorem-3.2", paper=PAPER, number="3.2",
    title="SignGD under ℓ∞-smoothness (deterministic)",
    source="Theorem 3.2 (Section 3.1); proof in Appendix B, eq. (7)",
    measured=r"\min_{1 \le t \le T} \|\nabla L(x_t)\|_1",
    params=(_T, _eta, _H, _Delta),
    terms=(("descent", Ds / (Ts * etas)), ("smoothness", Hs * etas / 2)),
    claimed=ClaimedRate(sp.Rational(-1, 2), 0, {"eta": sp.sqrt(2 * Ds / (Ts * Hs))},
                        "η = √(2(L(x₀)−min L)/(TH)) gives √(2H(L(x₀)−min L)/T)"),
    latex_printed=(r"\min_{1\le t\le T}\|\nabla L(x_t)\|_1 \le \frac{L(x_0)-\min L}{T\eta}"
                   r" + \frac{H\eta}{2}"),
))

# The theorem on concrete members of its class: diagonal quadratics
# L(x) = Σ_i h_i/2 (x_i − c_i)², for which H = Σ_i h_i is the exact ℓ∞-smoothness constant.
t, i = sp.symbols("t i", integer=True)
T = sp.Symbol("T", integer=True, positive=True)
d = sp.Symbol("d", integer=True, positive=True)
eta = sp.Symbol("eta", real=True)
x, h, c, x0 = (sp.IndexedBase(n) for n in ("x", "h", "c", "x0"))
_grad_l1 = lambda tt: sp.Sum(sp.Abs(h[i] * (x[tt, i] - c[i])), (i, 1, d))
_Delta_expr = sp.Sum(h[i] / 2 * (x[0, i] - c[i]) ** 2, (i, 1, d))
_H_expr = sp.Sum(h[i], (i, 1, d))


def _sizes(gen: torch.Generator, preset: str) -> dict:
    Topt, dopt = (1, 2, 3, 5, 20, 100), (1, 2, 4)
    pick = functools.partial(choose, gen)
    return {"T": pick(Topt), "d": pick(dopt)}


def _sampler(ctx: SampleContext) -> dict:
    """h_i log-uniform in [1e-3, 1e3]; c ~ N(0,1); x₀ = c + offset with offsets from 1e-6 to 10
    (starting near the minimiser is where the printed index range matters); η log-uniform."""
    dn = ctx.sizes["d"]
    hv = log_uniform(ctx, 1e-3, 1e3, dn)
    cv = ctx.randn(ctx.B, dn)
    off = ctx.randn(ctx.B, dn) * log_uniform(ctx, 1e-6, 10.0).unsqueeze(1)
    return {"eta": log_uniform(ctx, 1e-4, 10.0), "h": SeqValue(hv, (1,)),
            "c": SeqValue(cv, (1,)), "x0": SeqValue(cv + off, (1,))}


def _build(env):
    hv, cv = env["h"].data, env["c"].data
    return SignGD(lr=env["eta"]), {"x0": env["x0"].data, "T": env["T"],
                                   "oracle": lambda xx, tt: hv * (xx - cv)}


def _theorem_3_2_statement(first: int, variant: str, reason: str = "") -> Statement:
    return Statement(
        id="adam_linf/theorem-3.2", paper=PAPER, kind="theorem", number="3.2",
        title="SignGD under ℓ∞-smoothness, on diagonal quadratics", section="3.1, Appendix B",
        family="rate", variant=variant, reason=reason,
        latex=THEOREM_3_2.latex_printed,
        quantities=(
            Quantity("eta", "scalar", "> 0", "learning rate η"),
            Quantity("T", "size", ">= 1", "number of steps"),
            Quantity("d", "size", ">= 1", "dimension"),
            Quantity("h", "sequence", "> 0", "curvatures h_i of L = Σ h_i/2 (x_i − c_i)²",
                     (1,), ("d",)),
            Quantity("c", "sequence", "R", "minimiser c", (1,), ("d",)),
            Quantity("x0", "sequence", "R", "initial point x₀", (1,), ("d",)),
            Quantity("x", "trajectory", "R", "SignGD iterates x_t", (0, 1), ("T", "d")),
        ),
        hypotheses=(
            Hypothesis(sp.StrictGreaterThan(eta, 0)),
            Hypothesis(sp.StrictGreaterThan(h[i], 0), forall=((i, 1, d),),
                       note="the instance family: L is H-smooth w.r.t. ℓ∞ with H = Σ h_i"),
        ),
        lhs=IndexMin(_grad_l1(t), (t, first, T + first - 1)),
        rhs=_Delta_expr / (T * eta) + _H_expr * eta / 2,
        sampler=_sampler, sizes=_sizes,
        trajectory=TrajectorySource(build=_build, read={"x": ("x", (0, 1))}),
        recurrences=(Recurrence("x", t, 1, x0[i],
                                x[t - 1, i] - eta * sp.sign(h[i] * (x[t - 1, i] - c[i]))),),
        expected="violated" if first == 1 else "holds",
        source="Theorem 3.2; attacked on diagonal quadratics (a subclass of its hypotheses)",
        notes=("The proof sums the descent inequality (7) over t = 0..T−1, which bounds "
               "min over 0 ≤ t ≤ T−1; the printed min over 1 ≤ t ≤ T is off by one."),
    )


THEOREM_3_2_STATEMENT = register(_theorem_3_2_statement(1, "printed"))
THEOREM_3_2_CORRECTED = register(_theorem_3_2_statement(
    0, "corrected", "the proof's telescoped descent bounds min over t = 0..T−1, not 1..T"))


# ---------------------------------------------------------------------------------------------
# Theorem 3.11 (blockwise Adam, β₁ = 0) and Theorem 3.5 (Adam = Φ_Adam), Appendix C.1 constants
# ---------------------------------------------------------------------------------------------
_beta2 = Param("beta2", "β₂ (second-moment EMA; Lemma 3.12, which the proof applies, needs "
                        "0 < β₂ < 1)", 0, 1, low_open=True, high_open=True)
_epsilon = Param("epsilon", "ε ≥ 0 inside the square root of Algorithms 1/3", 0, None)
_v0 = Param("v0", "initial second moment v₀ ≥ 0 (the same in every block); v₀ + ε > 0", 0, None)
_d = Param("d", "dimension d (number of parameters)", 1, None, integer=True)
_Dexp = Param("Delta", "E[L(x₀) − L(x_T)], bounded by L(x₀) − min L (≥ 0)", 0, None)
_Hphi = Param("H", "Φ-smoothness H(L, Φ) = Tr(A) = Σ_b H_b d_b (Definition 3.9, eq. (1))", 0,
              None, low_open=True)
_Hsq = Param("Hsq", "Σ_b H_b² d_b, with H_b the diagonal of the dominating A in block b "
                    "(Lemma C.1)", 0, None)
_sig1 = Param("sig1", "Σ_b d_b σ_b, σ_b of Assumption 3.10 (E‖∇_(b)L_t − ∇_(b)L‖² ≤ d_b σ_b²)",
              0, None)
_sig2 = Param("sig2", "Σ_b σ_b² (Assumption 3.10)", 0, None)
_G0 = Param("G0", "‖∇L(x₀)‖_Φ² = max_b ‖∇_(b)L(x₀)‖₂²/d_b (Definition 3.8)", 0, None)

b2s, epss, v0s, ds, Dxs, Hphis, Hsqs, sig1s, sig2s, G0s = (
    p.symbol for p in (_beta2, _epsilon, _v0, _d, _Dexp, _Hphi, _Hsq, _sig1, _sig2, _G0))


def blockwise_terms(T_, eta_, beta2_, eps_, v0_, d_, D_, H_, Hsq_, sig1_, sig2_, G0_):
    """The two terms of Theorem 3.11's bound (Appendix C.1, last display) and its E and F."""
    F = (2 * sp.log(1 + (sig2_ + G0_ + Hsq_ * eta_ ** 2 * T_ * (T_ + 1 / (1 - beta2_)))
                    / (v0_ + eps_)) + sp.log(32))
    E = (2 / (eta_ * T_) * D_
         + (1 + beta2_ * F / (T_ * (1 - beta2_))) * (eta_ * H_ + 2 * sp.sqrt(1 - beta2_) * sig1_))
    rest = (4 * beta2_ ** (T_ / 4) / (T_ * (1 - beta2_)) * d_ * sp.sqrt(v0_) + sig1_
            + d_ * sp.sqrt(eps_))
    return (("2*sqrt(2)*E", 2 * sp.sqrt(2) * E),
            ("sqrt(2E)*sqrt(v0, noise, eps)", sp.sqrt(2 * E) * sp.sqrt(rest))), E, F


_T311_TERMS, E_311, F_311 = blockwise_terms(Ts, etas, b2s, epss, v0s, ds, Dxs, Hphis, Hsqs,
                                             sig1s, sig2s, G0s)
_V0_EPS = (sp.StrictGreaterThan(v0s + epss, 0),
           "v₀ + ε > 0 (F divides by it; silent in the theorem, Algorithm 3 needs it)")
_T311_LATEX = (r"\min_{\frac T2<t\le T}\mathbb E\sum_{b=1}^B\sqrt{d_b}\|\nabla_{(b)}L(x_t)\|_2"
               r"\le 2\sqrt2E+\sqrt{2E}\sqrt{\frac{4\beta_2^{T/4}}{T(1-\beta_2)}d\sqrt{v_0}"
               r"+\sum_b d_b\sigma_b+d\sqrt\epsilon},\ E=\frac{2}{\eta T}\mathbb E[L(x_0)-L(x_T)]"
               r"+\Big(1+\frac{\beta_2F}{T(1-\beta_2)}\Big)\Big(\eta H(L,\Phi)+2\sqrt{1-\beta_2}"
               r"\sum_b d_b\sigma_b\Big),\ F=2\ln\Big(1+\frac{\sum_b\sigma_b^2+\|\nabla L(x_0)"
               r"\|_\Phi^2+\sum_b H_b^2d_b\eta^2T(T+\frac1{1-\beta_2})}{v_0+\epsilon}\Big)+\ln32")
_INDEX_NOTE = ("The proof's last display bounds (2/T)·E Σ_{t=T/2+1}^T Σ_b √d_b‖ḡ_{t,(b)}‖₂ with "
               "ḡ_t = ∇L(x_{t−1}) (the full-batch gradient at the point where g_t is taken), i.e. "
               "the iterates x_{T/2}..x_{T−1}; the statement prints ∇L(x_t), T/2 < t ≤ T (the "
               "same shift as Theorem 3.2). The proof sums t = T/2+1..T: T even (silent). "
               "β₁ = 0 (the proof writes x_t − x_{t−1} = −η g_t/√(v_t+ε)).")

THEOREM_3_11 = register_bound(RateBound(
    id="adam_linf/theorem-3.11", paper=PAPER, number="3.11",
    title="Blockwise Adam (β₁ = 0) under Φ-smoothness and Assumption 3.10",
    source="Theorem 3.11 (Section 3.3); proof Appendix C.1 (E, F from Lemma C.1)",
    measured=r"\min_{\frac T2<t\le T}\mathbb E\sum_{b=1}^B\sqrt{d_b}\|\nabla_{(b)}L(x_t)\|_2",
    params=(_T, _eta, _beta2, _epsilon, _v0, _d, _Dexp, _Hphi, _Hsq, _sig1, _sig2, _G0),
    terms=_T311_TERMS, hypotheses=(_V0_EPS,),
    claimed=ClaimedRate(sp.Rational(-1, 4), sp.Rational(1, 4),
                        {"eta": 1 / sp.sqrt(Ts), "beta2": 1 - sp.log(Ts) / Ts},
                        "Section 3.2 (the analogs of Corollary 3.6 for any Φ): 1 − β₂ = "
                        "Θ(log T / T), η = Θ(√(Δ/(T H))) give O((log T/T)^{1/4}) when σ > 0"),
    latex_printed=_T311_LATEX, notes=_INDEX_NOTE,
    closed_form=False,
))

# Theorem 3.5 = Theorem 3.11 with Φ_Adam: i ↦ i (d_b = 1, B = d); H(L, Φ_Adam) ≤ Σ H_i (App. C.2)
_sumH = Param("sumH", "Σ_i H_i, H coordinate-wise ℓ∞-smoothness (Definition 3.3); "
                      "≥ H(L, Φ_Adam) (Appendix C.2)", 0, None, low_open=True)
_sumH2 = Param("sumH2", "Σ_i H_i² (Lemma C.1 with d_b = 1)", 0, None)
_sumsig = Param("sumsig", "Σ_i σ_i, σ_i of Assumption 3.4", 0, None)
_sumsig2 = Param("sumsig2", "Σ_i σ_i² (Assumption 3.4)", 0, None)
_Ginf = Param("G0", "‖∇L(x₀)‖_∞² (the Φ_Adam-norm)", 0, None)
sHs, sH2s, sss, ss2s, Ginfs = (p.symbol for p in (_sumH, _sumH2, _sumsig, _sumsig2, _Ginf))
_T35_TERMS, E_35, F_35 = blockwise_terms(Ts, etas, b2s, epss, v0s, ds, Dxs, sHs, sH2s, sss,
                                         ss2s, Ginfs)
_T35_PARAMS = (_T, _eta, _beta2, _epsilon, _v0, _d, _Dexp, _sumH, _sumH2, _sumsig, _sumsig2,
               _Ginf)

THEOREM_3_5 = register_bound(RateBound(
    id="adam_linf/theorem-3.5", paper=PAPER, number="3.5",
    title="Adam (RMSProp, β₁ = 0) under coordinate-wise ℓ∞-smoothness (explicit form)",
    source="Theorem 3.5 (Section 3.2, printed with O(·)); explicit constants: Theorem 3.11 with "
           "Φ_Adam (Appendix C.1–C.2: 'When Φ(i) = i … it becomes the proof for Theorem 3.5')",
    measured=r"\min_{\frac T2<t\le T}\mathbb E\|\nabla L(x_t)\|_1",
    params=_T35_PARAMS, terms=_T35_TERMS, hypotheses=(_V0_EPS,),
    claimed=ClaimedRate(sp.Rational(-1, 4), sp.Rational(1, 4),
                        {"eta": 1 / sp.sqrt(Ts), "beta2": 1 - sp.log(Ts) / Ts},
                        "Section 3.2: 1 − β₂ = Θ(log T/T) and η = Θ(√(Δ/(TΣH_i))) give "
                        "Corollary 3.6's O((log T/T)^{1/4}) (Conclusion)"),
    latex_printed=(r"\min_{\frac T2<t\le T}\mathbb E\|\nabla L(x_t)\|_1\le O\Big(E+\sqrt E"
                   r"\sqrt{\frac{\beta_2^{T/4}}{T(1-\beta_2)}dv_0+\sum_i\sigma_i+d\sqrt\epsilon}"
                   r"\Big),\ E=\frac{2}{\eta T}\mathbb E[L(x_0)-L(x_T)]+\Big(1+\frac{\beta_2F}"
                   r"{T(1-\beta_2)}\Big)\Big(\eta\sum_iH_i+\sqrt{1-\beta_2}\sum_i\sigma_i\Big)"),
    notes=("Encoded with Theorem 3.11's explicit constants at Φ_Adam (d_b = 1, σ_b = σ_i, "
           "H_b = H_i, ‖·‖_Φ = ‖·‖_∞). The main text's O(·) form writes d·v₀ where the appendix "
           "has d√v₀, and √(1−β₂)Σσ_i where the appendix has 2√(1−β₂)Σσ_i; neither changes "
           "the rate in T. " + _INDEX_NOTE),
    closed_form=False,
))

# ---------------------------------------------------------------------------------------------
# Corollaries 3.6 / 3.7: Theorem 3.5's explicit bound under the corollaries' schedule
#   η = c_η √(Δ/(T ΣH_i)),  1 − β₂ = c_β log T / T,  ε = 0
# ---------------------------------------------------------------------------------------------
_ceta = Param("c_eta", "step-size constant: η = c_η √((L(x₀) − min L)/(T Σ_i H_i))", 0, None,
              low_open=True)
_cbeta = Param("c_beta", "β₂ constant: 1 − β₂ = c_β log T / T", 0, None, low_open=True)
_Dmin = Param("Delta", "L(x₀) − min L (≥ E[L(x₀) − L(x_T)])", 0, None, low_open=True)
_v0pos = Param("v0", "initial second moment v₀ > 0 (ε = 0)", 0, None, low_open=True)
cetas, cbetas = _ceta.symbol, _cbeta.symbol
D6 = _Dmin.symbol
_ETA_SCHED = cetas * sp.sqrt(D6 / (Ts * sHs))
_B2_SCHED = 1 - cbetas * sp.log(Ts) / Ts
_SCHED_HYP = (sp.StrictLessThan(cbetas * sp.log(Ts), Ts),
              "β₂ = 1 − c_β log T/T must lie in (0, 1): c_β log T < T")
_SCHED_HYP2 = (sp.StrictGreaterThan(Ts, 1), "T ≥ 2 (log T > 0, so β₂ < 1)")


def _corollary_terms(stochastic: bool):
    terms, _, _ = blockwise_terms(Ts, _ETA_SCHED, _B2_SCHED, sp.Integer(0), _v0pos.symbol, ds,
                                  D6, sHs, sH2s, sss if stochastic else sp.Integer(0),
                                  ss2s if stochastic else sp.Integer(0), Ginfs)
    return terms


_R = D6 * sHs  # R = (L(x₀) − min L) Σ H_i
_COR_COMMON = ("Explicit form: Theorem 3.5's constants (Theorem 3.11 at Φ_Adam) with η and β₂ "
               "from the schedule (constants c_η, c_β) and ε = 0; E[L(x₀) − L(x_T)] ≤ Δ = "
               "L(x₀) − min L. The v₀ condition (v₀ > (…)/poly(T)) only makes F = O(log T); "
               "v₀ is a fixed constant here. ")

COROLLARY_3_6 = register_bound(RateBound(
    id="adam_linf/corollary-3.6", paper=PAPER, number="3.6",
    title="RMSProp, stochastic case: 1 − β₂ = Θ(log T/T), η = Θ(√(Δ/(TΣH_i))), ε = 0",
    source="Corollary 3.6 (Section 3.2); constants from Theorem 3.11's proof (Appendix C.1)",
    measured=r"\min_{\frac T2<t\le T}\mathbb E\|g_t\|_1",
    params=(_T, _ceta, _cbeta, _v0pos, _d, _Dmin, _sumH, _sumH2, _sumsig, _sumsig2, _Ginf),
    terms=_corollary_terms(True), hypotheses=(_SCHED_HYP, _SCHED_HYP2),
    claimed=ClaimedRate(sp.Rational(-1, 4), sp.Rational(1, 4), {},
                        "Corollary 3.6 / Conclusion: O((log T/T)^{1/4}) in the stochastic case; "
                        "Σσ_i(log T/T)^{1/4} 'is the leading term w.r.t. T'"),
    latex_printed=(r"\min_{\frac T2<t\le T}\mathbb E\|g_t\|_1=O\Big(\sqrt{\frac RT}+\sqrt{\sum_i"
                   r"\sigma_i\big(\frac RT\big)^{1/4}}+\sum_i\sigma_i\big(\frac{\log T}T\big)^{1/4}"
                   r"+\delta_T\Big),\ \delta_T=\sqrt{\frac{dv_0}{T(1-\beta_2)}}e^{-\frac{T(1-"
                   r"\beta_2)}8}\Big[\big(\frac RT\big)^{1/4}+\sqrt{\sum_i\sigma_i\big(\frac{\log T}"
                   r"T\big)^{1/4}}\Big]"),
    notes=(_COR_COMMON + "The measured quantity is printed with g_t, Algorithm 1's stochastic "
           "gradient ∇L_t(x_{t−1}); E‖g_t‖₁ ≥ Σσ_i for ±σ_i noise never vanishes, so the printed "
           "statement fails for large T (see the corrected variant)."),
    closed_form=False,
))
COROLLARY_3_6_CORRECTED = register_bound(RateBound(
    id="adam_linf/corollary-3.6", paper=PAPER, number="3.6",
    title="RMSProp, stochastic case, measured on the full-batch gradient",
    source="Corollary 3.6 with ‖g_t‖₁ read as ‖∇L(x_{t−1})‖₁ (the proof's ḡ_t)",
    measured=r"\min_{\frac T2<t\le T}\mathbb E\|\nabla L(x_{t-1})\|_1",
    params=COROLLARY_3_6.params, terms=COROLLARY_3_6.terms,
    hypotheses=COROLLARY_3_6.hypotheses, claimed=COROLLARY_3_6.claimed,
    variant="corrected",
    reason=("the printed E‖g_t‖₁ (stochastic gradient) is ≥ Σσ_i for ±σ_i noise and cannot "
            "vanish; the proof bounds ‖ḡ_t‖ = ‖∇L(x_{t−1})‖"),
    latex_printed=COROLLARY_3_6.latex_printed, notes=_COR_COMMON, closed_form=False,
))

COROLLARY_3_7 = register_bound(RateBound(
    id="adam_linf/corollary-3.7", paper=PAPER, number="3.7",
    title="RMSProp, deterministic case (σ_i = 0), same hyperparameters as Corollary 3.6",
    source="Corollary 3.7 (Section 3.2); constants from Theorem 3.11's proof (Appendix C.1)",
    measured=r"\min_{\frac T2<t\le T}\|g_t\|_1",
    params=(_T, _ceta, _cbeta, _v0pos, _d, _Dmin, _sumH, _sumH2, _Ginf),
    terms=_corollary_terms(False), hypotheses=(_SCHED_HYP, _SCHED_HYP2),
    claimed=ClaimedRate(sp.Rational(-1, 2), 0, {},
                        "Conclusion: 'O(1/√T) in the deterministic case (Corollary 3.7)'; "
                        "printed O(√(R/T) + δ_T)"),
    latex_printed=(r"\min_{\frac T2<t\le T}\|g_t\|_1=O\Big(\sqrt{\frac RT}+\delta_T\Big),\ "
                   r"\delta_T=\sqrt{\frac{dv_0}{T(1-\beta_2)}}e^{-\frac{T(1-\beta_2)}8}"
                   r"\big(\frac RT\big)^{1/4}"),
    notes=(_COR_COMMON + "Deterministic: g_t = ∇L(x_{t−1}). The v₀ term √(2E)·√(4β₂^{T/4}d√v₀/"
           "(T(1−β₂))) decays like T^{−1/4−c_β/8}(log T)^{−1/2}: the O(1/√T) claim needs "
           "c_β ≥ 2 (δ_T 'smaller than any polynomial' only for large T(1−β₂)/log T)."),
    closed_form=False,
))


def printed_o_forms():
    """The corollaries' printed O(·) expressions (constant 1 in front of each term), in the
    corollaries' symbols; ``"3.6-as-derived"`` puts the square roots where √(2E)·√(Σσ_i) and
    √E ≤ (R/T)^{1/4} + √(Σσ_i)(log T/T)^{1/4} put them."""
    T_, d_, v0_ = Ts, ds, _v0pos.symbol
    b = cbetas * sp.log(T_) / T_  # 1 − β₂
    R = _R
    lg = sp.log(T_) / T_
    pre = sp.sqrt(d_ * v0_ / (T_ * b)) * sp.exp(-T_ * b / 8)
    return {
        "3.6": (sp.sqrt(R / T_) + sp.sqrt(sss * (R / T_) ** sp.Rational(1, 4))
                + sss * lg ** sp.Rational(1, 4)
                + pre * ((R / T_) ** sp.Rational(1, 4) + sp.sqrt(sss * lg ** sp.Rational(1, 4)))),
        "3.6-as-derived": (sp.sqrt(R / T_) + sp.sqrt(sss) * (R / T_) ** sp.Rational(1, 4)
                           + sss * lg ** sp.Rational(1, 4)
                           + pre * ((R / T_) ** sp.Rational(1, 4)
                                    + sp.sqrt(sss) * lg ** sp.Rational(1, 4))),
        "3.7": sp.sqrt(R / T_) + pre * (R / T_) ** sp.Rational(1, 4),
    }


# ---------------------------------------------------------------------------------------------
# Theorem D.2: Algorithm 4's Cauchy-median estimate of ‖∇²L(x)‖_{1,1}
# ---------------------------------------------------------------------------------------------
_n = Param("n", "number of Cauchy vectors n (odd: the median is the (n+1)/2-th order "
                "statistic, Lemma D.1's proof)", 1, None, integer=True)
_dD = Param("d", "dimension d", 1, None, integer=True)
_epsD = Param("epsilon", "relative error ε ∈ (0, 1)", 0, 1, low_open=True, high_open=True)
_DeltaD = Param("Delta", "truncation width Δ ∈ (0, 1) of the proof's f (free: tune it)", 0, 1,
                low_open=True, high_open=True)
ns, dDs, epsDs, DDs = (p.symbol for p in (_n, _dD, _epsD, _DeltaD))
COS4 = sp.cos((1 + DDs) * sp.pi / 4) ** 4
N_MIN_D2 = sp.pi ** 3 / (2 * epsDs ** 2 * COS4)

THEOREM_D_2 = register_bound(RateBound(
    id="adam_linf/theorem-D.2", paper=PAPER, number="D.2",
    title="Cauchy-median estimator of the (1,1)-norm of the Hessian (Algorithm 4)",
    source="Theorem D.2 (Appendix D.3), proof via Lemma D.1",
    measured=(r"P\Big(\Big|\sum_{j=1}^d\mathrm{median}(|\mathbf H_{j,\cdot}|)-\|\nabla^2L(x)"
              r"\|_{1,1}\Big|\ge\epsilon\|\nabla^2L(x)\|_{1,1}\Big)"),
    params=(_n, _dD, _epsD, _DeltaD),
    terms=(("median window", 2 * dDs * sp.exp(-ns * DDs ** 2 / 2)),
           ("sub-Gaussian tail", 2 * sp.exp(-2 * ns * epsDs ** 2 * COS4 / sp.pi ** 2))),
    hypotheses=((sp.GreaterThan(ns, N_MIN_D2),
                 "n ≥ π³/(2ε² cos⁴((1+Δ)π/4)) (Theorem D.2)"),),
    claimed=None, horizon="n",
    latex_printed=(r"P(\cdots)\le 2d\exp\Big(-\frac{n\Delta^2}2\Big)+2\exp\Big(-\frac{2n"
                   r"\epsilon^2\cos^4((1+\Delta)\frac\pi4)}{\pi^2}\Big)\ \text{for }n\ge\frac{\pi^3}"
                   r"{2\epsilon^2\cos^4((1+\Delta)\frac\pi4)}"),
    notes=("The bound decays exponentially in n (no power rate: claimed=None); the paper's "
           "claim is the sample complexity n = Ω(ln d + ε^{-2} ln(1/δ)) for failure "
           "probability δ (complexity(δ) gives the least n). At the smallest admissible n the "
           "second term equals 2e^{−π} ≈ 0.086 whatever ε, Δ."),
    closed_form=False,
))


# ---------------------------------------------------------------------------------------------
# The theorems attacked: (blockwise) Adam with β₁ = 0 on diagonal quadratics
#   L(x) = Σ_{b,j} h_{b,j}/2 (x_{b,j} − c_{b,j})²,  coordinates indexed (block b, position j),
#   n blocks of m coordinates (d = nm).  Exact constants for the instance:
#   H_b = max_j h_{b,j} (the smallest diagonal A following Φ with A ⪰ |∇²L| = diag(h)),
#   H(L, Φ) = Σ_b m H_b; coordinate-wise ℓ∞-smoothness H_i = h_i (Φ_Adam: m = 1).
#   Stochastic version: g_t = ∇L(x_{t−1}) + s ⊙ ξ_t, ξ_{t,b,j} = ±1 with probability 1/2, so
#   E‖∇_(b)L_t − ∇_(b)L‖² = Σ_j s_{b,j}² = d_b σ_b² with σ_b² = Σ_j s_{b,j}²/m (Assumption 3.10
#   with equality; Assumption 3.4 with σ_i = s_i when m = 1).
# ---------------------------------------------------------------------------------------------
from ..algorithms.adam_linf import BlockwiseAdam  # noqa: E402
from ..expectation import NoiseSpec  # noqa: E402
from ..sampling import unit_interval  # noqa: E402
from ..symbolic import IndexMax  # noqa: E402

bb, jj, kk = sp.symbols("b j k", integer=True)
nS = sp.Symbol("n", integer=True, positive=True)  # number of blocks B
mS = sp.Symbol("m", integer=True, positive=True)  # block size d_b
beta2S, epsS, v0S = sp.symbols("beta2 eps v0", real=True)
hq, cq, x0q, sq, xq, vq, xiq, uq, pq = (sp.IndexedBase(nm) for nm in
                                         ("h", "c", "x0", "s", "x", "v", "xi", "u", "p"))


def _grad(tt, b_, j_):
    return hq[b_, j_] * (xq[tt, b_, j_] - cq[b_, j_])


def _sgrad(tt, b_, j_, noisy):
    """g_{t,(b,j)} = ∇L_t(x_{t−1})."""
    g_ = _grad(tt - 1, b_, j_)
    return g_ + sq[b_, j_] * xiq[tt, b_, j_] if noisy else g_


def _loss(tt):
    return sp.Sum(hq[bb, jj] / 2 * (xq[tt, bb, jj] - cq[bb, jj]) ** 2, (bb, 1, nS), (jj, 1, mS))


_Hb = IndexMax(hq[bb, kk], (kk, 1, mS))
_HPHI_EXPR = sp.Sum(mS * _Hb, (bb, 1, nS))
_HSQ_EXPR = sp.Sum(mS * _Hb ** 2, (bb, 1, nS))
_SIG2B = sp.Sum(sq[bb, kk] ** 2, (kk, 1, mS)) / mS  # σ_b²
_SIG1_EXPR = sp.Sum(mS * sp.sqrt(_SIG2B), (bb, 1, nS))
_SIG2_EXPR = sp.Sum(_SIG2B, (bb, 1, nS))
_G0_EXPR = IndexMax(sp.Sum(_grad(0, bb, kk) ** 2, (kk, 1, mS)) / mS, (bb, 1, nS))


def _dual_norm(tt):
    """‖∇L(x_t)‖_{Φ,*} = Σ_b √d_b ‖∇_(b)L(x_t)‖₂ (= ‖∇L(x_t)‖₁ when m = 1)."""
    return sp.Sum(sp.sqrt(mS) * sp.sqrt(sp.Sum(_grad(tt, bb, kk) ** 2, (kk, 1, mS))), (bb, 1, nS))


def _sizes_factory(noisy: bool, blocks: bool):
    def sizes(gen: torch.Generator, preset: str) -> dict:
        pick = functools.partial(choose, gen)
        if noisy:  # 2^{T n m} ≤ 4096 paths: exact enumeration verified in mpmath
            T_, (n_, m_) = pick((2, 4, 6)), pick(((1, 1), (2, 1)) + (((1, 2),) if blocks else ()))
            if T_ * n_ * m_ > 12:
                T_ = 12 // (n_ * m_) // 2 * 2
            return {"T": T_, "n": n_, "m": m_}
        nm = ((1, 1), (2, 1), (3, 1), (1, 2), (1, 3), (2, 2)) if blocks else \
            ((1, 1), (2, 1), (3, 1), (4, 1))
        n_, m_ = pick(nm)
        return {"T": pick((2, 4, 6, 10, 20, 50)), "n": n_, "m": m_}
    return sizes


def _sampler_factory(noisy: bool, schedule: bool):
    def sampler(ctx: SampleContext) -> dict:
        """h log-uniform in [1e-2, 1e2]; c ~ N(0,1); x₀ = c + offset (scale 1e-6..10); η
        log-uniform in [1e-4, 10] (or the corollaries' schedule from c_η ∈ [0.1, 10], c_β ∈
        [0.25, 8]); β₂ ∈ (0,1) with its edges; ε = 0 for half (always for the schedule) else
        log-uniform; v₀ log-uniform in [1e-8, 1e4], 0 for a fifth where ε > 0; s = 0 for a
        fifth, else log-uniform relative to the gradient scale."""
        B, n_, m_, T_ = ctx.B, ctx.sizes["n"], ctx.sizes["m"], ctx.sizes["T"]
        hv = log_uniform(ctx, 1e-2, 1e2, n_, m_)
        cv = ctx.randn(B, n_, m_)
        off = ctx.randn(B, n_, m_) * log_uniform(ctx, 1e-6, 10.0).reshape(B, 1, 1)
        x0v = cv + off
        gscale = (hv * off).abs().amax(dim=(1, 2)).clamp_min(1e-12)
        eps_ = torch.where(ctx.rand(B) < 0.5, torch.zeros(B, dtype=ctx.dtype),
                           log_uniform(ctx, 1e-12, 1.0) * gscale ** 2)
        v0_ = log_uniform(ctx, 1e-8, 1e4) * torch.where(ctx.rand(B) < 0.5, gscale ** 2,
                                                        torch.ones(B, dtype=ctx.dtype))
        v0_pos = v0_
        v0_ = torch.where((ctx.rand(B) < 0.2) & (eps_ > 0), torch.zeros_like(v0_), v0_)
        if schedule:
            import math
            L0 = (hv / 2 * off ** 2).sum(dim=(1, 2))
            ceta = log_uniform(ctx, 0.1, 10.0)
            cbeta = torch.minimum(log_uniform(ctx, 0.25, 8.0),
                                  torch.full((B,), 0.9 * T_ / math.log(T_), dtype=ctx.dtype))
            eta_ = ceta * torch.sqrt(L0.clamp_min(1e-300) / (T_ * hv.sum(dim=(1, 2))))
            b2 = 1 - cbeta * math.log(T_) / T_
            eps_ = torch.zeros(B, dtype=ctx.dtype)
            v0_ = v0_pos  # ε = 0: v₀ > 0 (v₀ + ε > 0), over its whole sampled range
        else:
            eta_ = log_uniform(ctx, 1e-4, 10.0)
            b2 = unit_interval(ctx)
        out = {"eta": eta_, "beta2": b2, "eps": eps_, "v0": v0_, "h": SeqValue(hv, (1, 1)),
               "c": SeqValue(cv, (1, 1)), "x0": SeqValue(x0v, (1, 1))}
        if noisy:
            sv = log_uniform(ctx, 1e-3, 10.0, n_, m_) * gscale.reshape(B, 1, 1)
            sv = torch.where(ctx.rand(B, 1, 1) < 0.2, torch.zeros_like(sv), sv)
            out["s"] = SeqValue(sv, (1, 1))
            out["u"] = SeqValue(torch.tensor([-1.0, 1.0], dtype=ctx.dtype).expand(B, 2).clone(),
                                (1,))
            out["p"] = SeqValue(torch.full((B, 2), 0.5, dtype=ctx.dtype), (1,))
        return out
    return sampler


def _build_factory(noisy: bool):
    def build(env):
        n_, m_ = int(env["n"]), int(env["m"])
        part = [[b_ * m_ + j_ for j_ in range(m_)] for b_ in range(n_)]
        hv, cv = env["h"].data, env["c"].data
        alg = BlockwiseAdam(part, lr=env["eta"], beta1=0.0, beta2=env["beta2"], eps=env["eps"],
                            v0=env["v0"])
        if noisy:
            sv, xiv = env["s"].data, env["xi"].data
            oracle = lambda xx, tt: hv * (xx - cv) + sv * xiv[:, tt - 1]
        else:
            oracle = lambda xx, tt: hv * (xx - cv)
        return alg, {"x0": env["x0"].data, "T": env["T"], "oracle": oracle}
    return build


def _adam_statement(*, id: str, number: str, kind: str, title: str, noisy: bool, blocks: bool,
                    schedule: bool, shift: int, variant: str = "printed", reason: str = "",
                    expected: str = "holds", notes: str = "", source: str = "",
                    latex: str = "") -> Statement:
    d_ = nS * mS
    eta_ = sp.Symbol("eta", real=True)
    Dq = _loss(0) if noisy else _loss(0) - _loss(Ts)
    terms, _, _ = blockwise_terms(Ts, eta_, beta2S, epsS, v0S, d_, Dq, _HPHI_EXPR, _HSQ_EXPR,
                                  _SIG1_EXPR if noisy else sp.Integer(0),
                                  _SIG2_EXPR if noisy else sp.Integer(0), _G0_EXPR)
    rhs = sp.Add(*[e for _, e in terms])
    lhs = IndexMin(_dual_norm(t - shift), (t, Ts / 2 + 1, Ts))
    qs = [Quantity("eta", "scalar", "> 0", "learning rate η (constant)"),
          Quantity("beta2", "scalar", "(0, 1)", "β₂"),
          Quantity("eps", "scalar", ">= 0", "ε"),
          Quantity("v0", "scalar", ">= 0", "v₀ (every block)"),
          Quantity("T", "size", "even >= 2", "number of steps (even: the proof sums "
                                             "t = T/2+1..T)"),
          Quantity("n", "size", ">= 1", "number of blocks B"),
          Quantity("m", "size", ">= 1", "block size d_b (d = nm; m = 1 is Φ_Adam)"),
          Quantity("h", "sequence", "> 0", "curvatures h_{b,j} of L = Σ h/2 (x − c)²",
                   (1, 1), ("n", "m")),
          Quantity("c", "sequence", "R", "minimiser c", (1, 1), ("n", "m")),
          Quantity("x0", "sequence", "R", "initial point x₀", (1, 1), ("n", "m")),
          Quantity("x", "trajectory", "R", "iterates x_t of Algorithm 3 (β₁ = 0)", (0, 1, 1),
                   ("T", "n", "m")),
          Quantity("v", "trajectory", "> 0", "v_{t,b} of Algorithm 3", (0, 1), ("T", "n"))]
    hyps = [Hypothesis(sp.StrictGreaterThan(eta_, 0)),
            Hypothesis(sp.And(sp.StrictGreaterThan(beta2S, 0), sp.StrictLessThan(beta2S, 1)),
                       silent=True, note="0 < β₂ < 1: Lemma 3.12, which the proof applies"),
            Hypothesis(sp.GreaterThan(epsS, 0), note="Algorithm 3: ε ≥ 0"),
            Hypothesis(sp.GreaterThan(v0S, 0), note="Algorithm 3: v₀ ≥ 0"),
            Hypothesis(sp.StrictGreaterThan(v0S + epsS, 0), silent=True,
                       note="v₀ + ε > 0: F divides by it"),
            Hypothesis(sp.StrictGreaterThan(hq[bb, jj], 0), forall=((bb, 1, nS), (jj, 1, mS)),
                       note="the instance family: L is a diagonal quadratic (smooth in every "
                            "sense used, with the exact constants computed from h)")]
    noise = None
    if noisy:
        qs += [Quantity("s", "sequence", ">= 0", "noise scales s_{b,j}", (1, 1), ("n", "m")),
               Quantity("u", "sequence", "{-1, 1}", "support of ξ", (1,), ("2",)),
               Quantity("p", "sequence", "(1/2, 1/2)", "probabilities of ξ", (1,), ("2",)),
               Quantity("xi", "sequence", "±1", "Rademacher noise ξ_{t,b,j}", (1, 1, 1),
                        ("T", "n", "m"))]
        hyps.append(Hypothesis(sp.GreaterThan(sq[bb, jj], 0), forall=((bb, 1, nS), (jj, 1, mS)),
                               note="noise scales s ≥ 0"))
        noise = NoiseSpec("xi", "u", "p", (1, 1, 1), ("T", "n", "m"))
    g_t = lambda b_, j_: _sgrad(t, b_, j_, noisy)
    recs = (Recurrence("v", t, 1, v0S, beta2S * vq[t - 1, bb] + (1 - beta2S)
                       * sp.Sum(g_t(bb, kk) ** 2, (kk, 1, mS)) / mS),
            Recurrence("x", t, 1, x0q[bb, jj],
                       xq[t - 1, bb, jj] - eta_ * g_t(bb, jj) / sp.sqrt(vq[t, bb] + epsS)))
    return register(Statement(
        id=id, paper=PAPER, kind=kind, number=number, title=title,
        section="3.2–3.3, Appendix C", family="rate", variant=variant, reason=reason,
        latex=latex, quantities=tuple(qs), hypotheses=tuple(hyps), lhs=lhs, rhs=rhs,
        sampler=_sampler_factory(noisy, schedule), sizes=_sizes_factory(noisy, blocks),
        trajectory=TrajectorySource(build=_build_factory(noisy),
                                    read={"x": ("x", (0, 1, 1)), "v": ("v", (0, 1))},
                                    series=("v",)),
        recurrences=recs, expected=expected, noise=noise, source=source, notes=notes))


THEOREM_3_11_STATEMENT = _adam_statement(
    id="adam_linf/theorem-3.11", number="3.11", kind="theorem", noisy=False, blocks=True,
    schedule=False, shift=0, latex=_T311_LATEX,
    title="Blockwise Adam (β₁ = 0) on diagonal quadratics, deterministic (σ_b = 0)",
    source="Theorem 3.11 with E[L(x₀) − L(x_T)] computed exactly; equal-size contiguous blocks",
    notes=("Deterministic special case (σ_b = 0 satisfies Assumption 3.10). H(L,Φ) = Σ_b m "
           "max_j h_{b,j}, H_b = max_j h_{b,j}, ‖∇L(x₀)‖_Φ² exact. " + _INDEX_NOTE))
THEOREM_3_5_STATEMENT = _adam_statement(
    id="adam_linf/theorem-3.5", number="3.5", kind="theorem", noisy=True, blocks=False,
    schedule=False, shift=0, latex=THEOREM_3_5.latex_printed,
    title="Adam (β₁ = 0) on diagonal quadratics with ±σ_i noise, in expectation (exact)",
    source="Theorem 3.5 with Theorem 3.11's constants at Φ_Adam; exact enumeration of the noise",
    notes=("Sound in both directions that matter for a finding: the measured side is "
           "E[min_t ‖∇L(x_t)‖₁] ≤ min_t E‖∇L(x_t)‖₁ and E[L(x₀) − L(x_T)] is replaced by "
           "L(x₀) − min L = L(x₀) ≥ it, so a violation here is a violation of the printed "
           "theorem. Instance: H_i = h_i, σ_i = s_i exactly. " + _INDEX_NOTE))
COROLLARY_3_7_STATEMENT = _adam_statement(
    id="adam_linf/corollary-3.7", number="3.7", kind="corollary", noisy=False, blocks=False,
    schedule=True, shift=1, latex=COROLLARY_3_7.latex_printed,
    title="RMSProp on diagonal quadratics with the corollaries' schedule (deterministic)",
    source="Corollary 3.7: η = c_η√(Δ/(TΣh)), 1 − β₂ = c_β log T/T, ε = 0; the explicit bound "
           "is Theorem 3.5's (Theorem 3.11 at Φ_Adam) at those η, β₂",
    notes=("g_t = ∇L(x_{t−1}) (deterministic losses), as printed. η and β₂ are the schedule's "
           "values rounded to floats; the bound is evaluated at those exact values, with "
           "E[L(x₀) − L(x_T)] = L(x₀) − L(x_T) exactly."))
COROLLARY_3_6_STATEMENT = _adam_statement(
    id="adam_linf/corollary-3.6", number="3.6", kind="corollary", noisy=True, blocks=False,
    schedule=True, shift=1, variant="corrected",
    reason=COROLLARY_3_6_CORRECTED.reason, latex=COROLLARY_3_6.latex_printed,
    title="RMSProp with the corollaries' schedule, ±σ_i noise, measured on ∇L(x_{t−1})",
    source="Corollary 3.6 (corrected measured side), exact enumeration of the noise",
    notes=("The printed measured side E‖g_t‖₁ is ≥ Σσ_i (E|a + σξ| = max(|a|, σ) for ξ = ±1), "
           "below the explicit bound only for T ≳ 10⁴ (tests/bounds: the RateBound at "
           "T = 10⁵); small-T trajectories cannot show it, so only this variant is attacked."))


# ---------------------------------------------------------------------------------------------
# Adam vs AdaSGD through the Φ-smoothness constants (Section 3.3, "Different norms for
# smoothness"): Theorem 3.5 (Φ_Adam, constant ΣH_i ≥ H(L, Φ_Adam)) against Theorem 3.11 at
# Φ_AdaSGD: i ↦ 1 (one block, d_b = d, H(L, Φ_AdaSGD) = d sup‖∇²L‖₂, Section 3.3).
# ---------------------------------------------------------------------------------------------
from ._core import Comparison, register_comparison  # noqa: E402

_H_adam = Param("H_adam", "Adam's smoothness constant Σ_i H_i (Definition 3.3; for a quadratic "
                          "x ↦ ½xᵀAx it is ‖A‖_{1,1}, the paper's (1,1)-norm surrogate)", 0, None,
                low_open=True)
_lam = Param("lam", "sup_x ‖∇²L(x)‖₂ (spectral norm): H(L, Φ_AdaSGD) = d·lam", 0, None,
             low_open=True)
_G0inf = Param("G0inf", "‖∇L(x₀)‖_∞² (Φ_Adam-norm squared)", 0, None)
_G02 = Param("G02", "‖∇L(x₀)‖₂² (Φ_AdaSGD-norm squared is ‖∇L(x₀)‖₂²/d)", 0, None)
H_adam_s, lam_s, G0inf_s, G02_s = (p.symbol for p in (_H_adam, _lam, _G0inf, _G02))

COMPARE_ADAM_ADASGD = register_comparison(Comparison(
    id="adam_linf/compare-adam-adasgd", paper=PAPER,
    title="Adam (Φ_Adam) vs AdaSGD (Φ_AdaSGD): the Φ-smoothness constants in Theorem 3.11",
    source="Section 3.3 'Different norms for smoothness' (and Table 1's caption): the leading "
           "term √(R/T) = √((L(x₀) − min L) H(L,Φ)/T), H(L,Φ_Adam) ≤ ΣH_i vs "
           "H(L,Φ_AdaSGD) = d sup‖∇²L‖₂",
    a="adam_linf/theorem-3.5", b="adam_linf/theorem-3.11",
    params=(_T, _beta2, _epsilon, _v0, _d, _Dexp, _H_adam, _lam, _sumH2, _sumsig, _sumsig2,
            _G0inf, _G02),
    map_a={"sumH": H_adam_s, "G0": G0inf_s},
    map_b={"H": ds * lam_s, "Hsq": ds * lam_s ** 2, "sig1": sp.sqrt(ds * ss2s),
           "sig2": ss2s / ds, "G0": G02_s / ds},
    tune_a=("eta",), tune_b=("eta",),
    claim=("When the optimisation is not noise-dominated and √(R/T) leads, Adam's coefficient "
           "is H(L,Φ_Adam) (≈ the Hessian's (1,1)-norm) and AdaSGD's is d·sup‖∇²L‖₂: Adam's "
           "bound is the smaller exactly when H_adam < d·lam"),
    claimed_ratio=sp.sqrt(H_adam_s / (ds * lam_s)),
    notes=("AdaSGD's Assumption 3.10 constant from Assumption 3.4's σ_i: one block with "
           "d σ_b² = Σσ_i² (sig1 = √(dΣσ_i²) ≥ Σσ_i, sig2 = Σσ_i²/d); its H_b = sup‖∇²L‖₂ "
           "(Hsq = d·lam²). The claimed ratio is the leading terms' √(H_adam/(d·lam)); the full "
           "tuned bounds approach it as T → ∞ with σ = 0."),
))
