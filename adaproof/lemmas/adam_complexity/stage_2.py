"""Stage II of the proof of Theorem 1 (Appendix C.2): (5)/(10), the display after (10) and the
combined quadratic inequality; and the last display of the proof of Lemma 2 ("Leveraging
Eq. (4)"), in expectation over whole runs (:mod:`._instance`).

Products and functions of expectations are encoded through exact variational forms with a free
scalar λ > 0, so that every statement is E[lhs] ≤ E[rhs]:
* (E X)² ≤ (E Y)(E Z) with X, Y, Z ≥ 0  ⟺  E X ≤ (λE Y + E Z/λ)/2 for every λ > 0 (the minimum
  over λ is √(E Y E Z), at λ = √(E Z/E Y));
* A ≤ B + k ln(E S) with k > 0  ⟺  A ≤ B + k(E S/λ + ln λ − 1) for every λ > 0 (ln x =
  min_λ(x/λ + ln λ − 1), at λ = x).
A violation for one λ is a violation of the printed statement; holding for every λ is holding.

Source: paper 003 (adam_complexity), (5) (text line 227), (10) and Stage II (text lines
420–423), proof of Lemma 2 (text lines 403–405).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from . import _instance as I
from ._common import PAPER
from .eq_4 import C1_AS_PRINTED, C1_DERIVED
from .lemma_2_whole import _B, _NU0_LE_1

T, l, t, d, lam = I.T, I.l, I.t, I.d, I.lam
beta1, beta2, eta, sigma, nu0 = I.beta1, I.beta2, I.eta, I.sigma, I.nu0
_c = (1 - beta2) * sigma ** 2
_QS = I.T1_QS + (I.LAM_Q,)
_HYPS = I.T1_HYPS + (I.LAM_HYP,)
_INST = dict(paper=PAPER, quantities=_QS, sampler=lambda ctx: I.t1_sampler(ctx, with_lam=True),
             **I.T1_INSTANCE)
_LAM_NOTE = (" Encoded for every λ > 0 through the variational form of the module docstring "
             "(λ is an input).")

_G1 = sp.Sum(I.Sd(sp.Abs(I.G(t))), (t, 1, T))  # Σ_t ‖G_t‖₁
_G2 = sp.Sum(sp.sqrt(I.Sd(I.G(t) ** 2)), (t, 1, T))  # Σ_t ‖G_t‖₂
_WG = sp.Sum(I.Sd(I.G(t) ** 2 / sp.sqrt(I.nut1(t))), (t, 1, T))  # Σ_t ‖G_t/ν̃^{1/4}‖²
_RT = sp.Sum(I.Sd(sp.sqrt(I.nut1(t))), (t, 1, T))  # Σ_t ‖ν̃^{1/4}‖²
_CAUCHY = lambda Y, Z: (lam * Y + Z / lam) / 2  # noqa: E731

EQ_10 = statement(
    "adam_complexity/eq-10", kind="eq", number="10", section="Stage II of Appendix C.2",
    family="other", title="(10): Cauchy-Schwarz for the l1 norm of the gradients",
    latex=(r"\left(\mathbb{E}\sum_{t=1}^T\|\mathbf{G}_t\|_1\right)^2\le\left(\sum_{t=1}^T\mathbb{E}"
           r"\left[\left\|\frac{1}{\sqrt[4]{\tilde\nu_t^1}}\odot\mathbf{G}_t\right\|^2\right]\right)"
           r"\left(\sum_{t=1}^T\mathbb{E}\left[\left\|\sqrt[4]{\tilde\nu_t^1}\right\|^2\right]\right)"),
    hypotheses=_HYPS, lhs=_G1, rhs=_CAUCHY(_WG, _RT),
    source="(10), Stage II (Appendix C.2, l.420)", supremum=1.0,
    notes=I.INSTANCE_NOTE + _LAM_NOTE, **_INST)

EQ_5 = statement(
    "adam_complexity/eq-5", kind="eq", number="5", section="4.2 (Challenge II)",
    family="other", title="(5): Cauchy-Schwarz and Hoelder for the l2 norm of the gradients",
    latex=(r"\left(\mathbb{E}\sum_{t=1}^T\|\mathbf{G}_t\|\right)^2\le\left(\sum_{t=1}^T\mathbb{E}"
           r"\left[\left\|\frac{1}{\sqrt[4]{\tilde\nu_t^1}}\odot\mathbf{G}_t\right\|^2\right]\right)"
           r"\left(\sum_{t=1}^T\mathbb{E}\left[\left\|\sqrt[4]{\tilde\nu_t^1}\right\|^2\right]\right)"),
    hypotheses=_HYPS, lhs=_G2, rhs=_CAUCHY(_WG, _RT),
    source="(5), Section 4.2 (l.227), ‖·‖ = ℓ₂ (implied by (10) since ‖·‖₂ ≤ ‖·‖₁)",
    notes=I.INSTANCE_NOTE + _LAM_NOTE, **_INST)

# -- the display after (10): Lemma 2 plugged in ------------------------------------------------
_ROOT = I.Sd(sp.sqrt(nu0 + (3 - beta2) * sigma ** 2))


def _lemma2_rhs(C1, corrected):
    last = 2 * _B * sp.log(_B) if corrected else 4 * d * C1 * sp.log(d * C1)
    return (sp.sqrt(1 - beta2) * _G1 + 2 * T * _ROOT + last
            + 24 / ((1 - beta1) * eta) * (I.F1 + 2 * I.Sd(C1 * (sp.log(1 / nu0)
                                                                 - T * sp.log(beta2)))))


_S2_LATEX = (r"\sum_{t=1}^T\mathbb{E}\left[\left\|\sqrt[4]{\tilde\nu_t^1}\right\|^2\right]\le\mathbb"
             r"{E}\left[\sum_{t=1}^T\sqrt{1-\beta_2}\|\mathbf{G}_t\|_1\right]+2T\sum_l\sqrt{\nu_{0,l}+"
             r"(3-\beta_2)\sigma^2}+4dC_1\ln dC_1+\frac{24}{(1-\beta_1)\eta}\left(f(\mathbf{w}_1)+2"
             r"\sum_{l=1}^dC_1\left(\ln\frac{1}{\nu_{0,l}}-T\ln\beta_2\right)\right)")
_S2_REASON = ("Lemma 2 as its proof gives it (lemma-2@corrected): 2B ln B with B = 24dC₁/((1−β₁)η) "
              "for 4dC₁ ln dC₁, ν₀ ≤ 1, C₁ with L on its momentum term and Lemma 4's factor on "
              "its whole bracket")
THEOREM_1_STAGE_2 = statement(
    "adam_complexity/theorem-1-stage-2", kind="claim", number="1-stage-2",
    section="Stage II of Appendix C.2", family="log-sum",
    title="Sum of E||nutilde^(1/4)||^2 via Lemma 2", latex=_S2_LATEX, hypotheses=I.T1_HYPS,
    quantities=I.T1_QS, lhs=_RT, rhs=_lemma2_rhs(C1_AS_PRINTED, False), expected="violated",
    source="Stage II (Appendix C.2, l.421), outer inequality; '2T√(ν_{0,l} + …)' read with "
           "Σ_l (as in Lemma 2)", notes=I.INSTANCE_NOTE, paper=PAPER, sampler=I.t1_sampler,
    **I.T1_INSTANCE)
THEOREM_1_STAGE_2_CORRECTED = statement(
    "adam_complexity/theorem-1-stage-2", kind="claim", number="1-stage-2",
    section="Stage II of Appendix C.2", family="log-sum", variant="corrected", reason=_S2_REASON,
    title="Sum of E||nutilde^(1/4)||^2 via Lemma 2 as its proof gives it", latex=_S2_LATEX,
    hypotheses=I.T1_HYPS + (_NU0_LE_1,), quantities=I.T1_QS, lhs=_RT,
    rhs=_lemma2_rhs(C1_DERIVED, True), source="Stage II (l.421) with lemma-2@corrected",
    notes=I.INSTANCE_NOTE, paper=PAPER, sampler=I.t1_sampler, **I.T1_INSTANCE)


def _combined_rhs(C1, corrected):
    Y = 2 / ((1 - beta1) * eta) * (I.F1 + I.Sd(C1 * (sp.log(I.nu[T, l] / nu0)
                                                        - T * sp.log(beta2))))
    return _CAUCHY(Y, _lemma2_rhs(C1, corrected))


_COMB_LATEX = (r"\left(\mathbb{E}\sum_{t=1}^T\|\mathbf{G}_t\|_1\right)^2\le\frac{2}{(1-\beta_1)"
               r"\eta}\left(f(\mathbf{w}_1)+\sum_{l=1}^dC_1\left(\mathbb{E}\ln\frac{\nu_{T,l}}{\nu_"
               r"{0,l}}-T\ln\beta_2\right)\right)\times\left(\mathbb{E}\Big[\sum_t\sqrt{1-\beta_2}"
               r"\|\mathbf{G}_t\|_1\Big]+2T\sum_l\sqrt{\nu_{0,l}+(3-\beta_2)\sigma^2}+4dC_1\ln dC_1+"
               r"\frac{24}{(1-\beta_1)\eta}(\dots)\right)")
THEOREM_1_STAGE_2_COMBINED = statement(
    "adam_complexity/theorem-1-stage-2-combined", kind="claim", number="1-stage-2-combined",
    section="Stage II of Appendix C.2", family="log-sum",
    title="The quadratic inequality in E sum ||G_t||_1 (before solving)", latex=_COMB_LATEX,
    hypotheses=_HYPS, lhs=_G1, rhs=_combined_rhs(C1_AS_PRINTED, False), expected="violated",
    source="Stage II (Appendix C.2, l.422), C₁ as printed",
    notes=I.INSTANCE_NOTE + _LAM_NOTE, **_INST)
THEOREM_1_STAGE_2_COMBINED_CORRECTED = statement(
    "adam_complexity/theorem-1-stage-2-combined", kind="claim", number="1-stage-2-combined",
    section="Stage II of Appendix C.2", family="log-sum", variant="corrected",
    reason=_S2_REASON, title="The quadratic inequality with Lemma 2 and (4) as derived",
    latex=_COMB_LATEX, hypotheses=_HYPS + (_NU0_LE_1,), lhs=_G1,
    rhs=_combined_rhs(C1_DERIVED, True), source="Stage II (l.422) with the derived constants",
    notes=I.INSTANCE_NOTE + _LAM_NOTE, **_INST)

# -- the proof of Lemma 2, display "Leveraging Eq. (4)" ----------------------------------------
_S = sp.Sum(I.Sd(sp.sqrt(I.nu[t, l] + _c)), (t, 1, T))
_MM = sp.Symbol("mm", integer=True)
_S_M = _S.xreplace({l: _MM})  # its own coordinate index: it sits inside a sum over l
_WGL = sp.Sum(I.Sd(I.G(t) ** 2 / sp.sqrt(I.nut1(t))), (t, 1, T))
LEMMA_2_LOG_FIRST = statement(
    "adam_complexity/lemma-2-log-first", kind="claim", number="2-log (first step)",
    section="Appendix C.1, proof of Lemma 2, display 'Leveraging Eq. (4)'", family="log-sum",
    title="(9) summed over l",
    latex=(r"\sum_{t=1}^T\sum_{l=1}^d\mathbb{E}\sqrt{\nu_{t,l}+(1-\beta_2)\sigma^2}\le3(1+\sqrt{"
           r"\beta_2})\sum_{t=1}^T\sum_{l=1}^d\mathbb{E}\left[\frac{|\mathbf{G}_{t,l}|^2}{\sqrt{"
           r"\tilde\nu_{t,l}^1}}\right]+\sum_{t=1}^T\sum_{l=1}^d\sqrt{\nu_{0,l}+(3-\beta_2)\sigma^2}"),
    hypotheses=I.T1_HYPS, quantities=I.T1_QS, lhs=_S,
    rhs=3 * (1 + sp.sqrt(beta2)) * _WGL + T * _ROOT,
    source="Proof of Lemma 2 (l.403), first inequality ((9) corrected, divided by 1 − √β₂; "
           "printed with Σ_t only before E[|G_{t,l}|²…], read with Σ_l)",
    notes=I.INSTANCE_NOTE, paper=PAPER, sampler=I.t1_sampler, **I.T1_INSTANCE)


def _log_rhs(C1):
    k = 12 / ((1 - beta1) * eta)
    return k * (I.F1 + 2 * I.Sd(C1 * (_S_M / lam + sp.log(lam) - 1 - sp.log(nu0)
                                      - T * sp.log(beta2)))) + T * _ROOT


_LOG_LATEX = (r"\sum_{t=1}^T\sum_{l=1}^d\mathbb{E}\sqrt{\nu_{t,l}+(1-\beta_2)\sigma^2}\le\frac{12}"
              r"{(1-\beta_1)\eta}\left(f(\mathbf{w}_1)+2\sum_{l=1}^dC_1\left(\ln\left(\frac{\mathbb"
              r"{E}\sum_{t=1}^T\sum_{m=1}^d\sqrt{\nu_{t,m}+(1-\beta_2)\sigma^2}}{\nu_{0,l}}\right)-T"
              r"\ln\beta_2\right)\right)+T\sum_{l=1}^d\sqrt{\nu_{0,l}+(3-\beta_2)\sigma^2}")
LEMMA_2_LOG = statement(
    "adam_complexity/lemma-2-log", kind="claim", number="2-log",
    section="Appendix C.1, proof of Lemma 2, display 'Leveraging Eq. (4)'", family="log-sum",
    title="The implicit inequality x <= A + B ln x of Lemma 2's proof (C1 as printed)",
    latex=_LOG_LATEX, hypotheses=_HYPS, lhs=_S, rhs=_log_rhs(C1_AS_PRINTED),
    expected="violated",
    source="Proof of Lemma 2 (l.403), outer inequality (via (4), ln ν_T ≤ 2 ln √(ν_T + c) and "
           "the concavity of ln), C₁ as printed", notes=I.INSTANCE_NOTE + _LAM_NOTE, **_INST)
LEMMA_2_LOG_CORRECTED = statement(
    "adam_complexity/lemma-2-log", kind="claim", number="2-log",
    section="Appendix C.1, proof of Lemma 2, display 'Leveraging Eq. (4)'", family="log-sum",
    variant="corrected",
    reason="needs ν₀ ≤ 1 (ln(ν_T/ν₀) ≤ 2 ln(√(ν_T + c)/ν₀) fails for ν₀ > (ν_T + c)/ν_T) and "
           "(4)'s C₁ with L on its momentum term and Lemma 4's factor on its whole bracket",
    title="The implicit inequality of Lemma 2's proof with nu0 <= 1 and C1 as derived",
    latex=_LOG_LATEX, hypotheses=_HYPS + (_NU0_LE_1,), lhs=_S, rhs=_log_rhs(C1_DERIVED),
    source="Proof of Lemma 2 (l.403) with ν₀ ≤ 1 and C₁ as derived",
    notes=I.INSTANCE_NOTE + _LAM_NOTE, **_INST)
