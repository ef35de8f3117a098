"""Lemma 2 (Section 4.2, proved in Appendix C.1) as a whole statement, and (9), in expectation
over the run.

As printed: "**Lemma 2.** Let all conditions in Theorem 1 hold. Then,
Σ_t Σ_l E√(ν_{t,l} + (1 − β₂)σ²) ≤ 2T Σ_l √(ν_{0,l} + (3 − β₂)σ²) + 4dC₁ ln dC₁ + 12C₂",
C₁, C₂ as printed after Theorem 1.  The proof ends with x ≤ A + B ln x for x the left side,
A = 12/((1 − β₁)η)(f(w₁) + 2Σ_l C₁(ln(1/ν_{0,l}) − T ln β₂)) + TΣ_l√(ν_{0,l} + (3 − β₂)σ²) and
B = 24dC₁/((1 − β₁)η); "solving" gives x ≤ 2A + 2B ln B (ln x ≤ x/(2B) + ln(2B) − 1), whose
last term is 4dC₁ ln dC₁ with dC₁ multiplied by 12/((1 − β₁)η) — the printed 4dC₁ ln dC₁ drops
that factor.  The proof also replaces ln(ν_T/ν₀) by 2 ln(√(ν_T + (1 − β₂)σ²)/ν₀), valid for
ν₀ ≤ 1 only, and uses (4), whose C₁ misses L and Lemma 4's factor (see :mod:`.eq_4`).  The
corrected variant has all three corrections.

(9) (per coordinate l): "(1 − √β₂)Σ_t E√(ν_{t,l} + (1 − β₂)σ²) ≤ 3(1 − β₂)Σ_t E[|G_{t,l}|²/
√ν̃¹_{t,l}] + (1 − √β₂)Σ_t √(ν_{0,l} + (1 − β₂)σ²)" (the outer inequality of its chain; the
last line prints (1 − β₂)σ², where E ν̄_t ≤ ν₀ + 2σ² gives the (3 − β₂)σ² that the next display
uses: the corrected variant; an earlier listing read the OCR as (3 − β₂)).

Source: paper 003 (adam_complexity), Lemma 2 (text line 237), proof (text lines 395–406).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ...statement import Hypothesis
from . import _instance as I
from ._common import PAPER
from .eq_4 import C1_AS_PRINTED, C1_DERIVED

T, l, t, d = I.T, I.l, I.t, I.d
beta1, beta2, eta, sigma, nu0 = I.beta1, I.beta2, I.eta, I.sigma, I.nu0

_LHS = sp.Sum(I.Sd(sp.sqrt(I.nu[t, l] + (1 - beta2) * sigma ** 2)), (t, 1, T))
_ROOT = I.Sd(sp.sqrt(nu0 + (3 - beta2) * sigma ** 2))


def _C2(C1):
    return 2 / ((1 - beta1) * eta) * (I.F1 + I.Sd(2 * C1 * (sp.log(1 / nu0) - T * sp.log(beta2))))


_B = 24 * d * C1_DERIVED / ((1 - beta1) * eta)
_NU0_LE_1 = Hypothesis(sp.LessThan(nu0, 1), silent=True,
                       note="ν₀ ≤ 1: the proof bounds ln(ν_{T,l}/ν_{0,l}) by "
                            "2 ln(√(ν_{T,l} + (1−β₂)σ²)/ν_{0,l}), false for ν₀ > (ν_T + c)/ν_T")
_LATEX = (r"\sum_{t=1}^T\sum_{l=1}^d\mathbb{E}\sqrt{\nu_{t,l}+(1-\beta_2)\sigma^2}\le2T\sum_{l=1}"
          r"^d\sqrt{\nu_{0,l}+(3-\beta_2)\sigma^2}+4dC_1\ln dC_1+12C_2")
_INST = dict(paper=PAPER, quantities=I.T1_QS, sampler=I.t1_sampler, **I.T1_INSTANCE)

LEMMA_2 = statement(
    "adam_complexity/lemma-2", kind="lemma", number="2", section="4.2; proof Appendix C.1",
    family="log-sum", title="Sum of E sqrt(nu + (1-beta2) sigma^2) over t and l",
    latex=_LATEX, hypotheses=I.T1_HYPS, lhs=_LHS,
    rhs=2 * T * _ROOT + 4 * d * C1_AS_PRINTED * sp.log(d * C1_AS_PRINTED)
    + 12 * _C2(C1_AS_PRINTED),
    expected="violated",
    source="Lemma 2, Section 4.2 (text line 237), C₁ and C₂ as printed (l.154–155)",
    notes=I.INSTANCE_NOTE, **_INST)

LEMMA_2_CORRECTED = statement(
    "adam_complexity/lemma-2", kind="lemma", number="2", section="4.2; proof Appendix C.1",
    family="log-sum", title="Lemma 2 as its proof gives it", variant="corrected",
    reason="solving x ≤ A + B ln x with B = 24dC₁/((1−β₁)η) gives x ≤ 2A + 2B ln B: the printed "
           "4dC₁ ln dC₁ drops the factor 12/((1−β₁)η) of dC₁; the proof's ln ν_T ≤ "
           "2 ln √(ν_T + c) − ln ν₀ step needs ν₀ ≤ 1; and (4)'s C₁ needs L on its momentum term "
           "and Lemma 4's factor on its whole bracket",
    latex=_LATEX.replace(r"4dC_1\ln dC_1", r"2B\ln B").replace("12C_2", r"12C_2,\ B=\frac{24dC_1}"
                                                              r"{(1-\beta_1)\eta},\ \nu_0\le1"),
    hypotheses=I.T1_HYPS + (_NU0_LE_1,), lhs=_LHS,
    rhs=2 * T * _ROOT + 2 * _B * sp.log(_B) + 12 * _C2(C1_DERIVED),
    source="Lemma 2 with the proof's own constants (Appendix C.1, l.403–405)",
    notes=I.INSTANCE_NOTE, **_INST)

# -- (9), the outer inequality, per coordinate l ---------------------------------------------
_L9 = (1 - sp.sqrt(beta2)) * sp.Sum(sp.sqrt(I.nu[t, l] + (1 - beta2) * sigma ** 2), (t, 1, T))
_GQ = 3 * (1 - beta2) * sp.Sum(I.G(t) ** 2 / sp.sqrt(I.nut1(t)), (t, 1, T))
_LATEX9 = (r"(1-\sqrt{\beta_2})\sum_{t=1}^T\mathbb{E}\sqrt{\nu_{t,l}+(1-\beta_2)\sigma^2}\le3(1-"
           r"\beta_2)\sum_{t=1}^T\mathbb{E}\left[\frac{|\mathbf{G}_{t,l}|^2}{\sqrt{\tilde\nu_{t,l}^1}}"
           r"\right]+(1-\sqrt{\beta_2})\sum_{t=1}^T\sqrt{\nu_{0,l}+(1-\beta_2)\sigma^2}")
EQ_9 = statement(
    "adam_complexity/eq-9", kind="eq", number="9", section="Appendix C.1, proof of Lemma 2",
    family="log-sum", title="(9): the per-coordinate sum of E sqrt(nu + c)",
    latex=_LATEX9, hypotheses=I.T1_HYPS, lhs=_L9,
    rhs=_GQ + (1 - sp.sqrt(beta2)) * T * sp.sqrt(nu0 + (1 - beta2) * sigma ** 2),
    forall=((l, 1, d),), expected="violated",
    source="(9), proof of Lemma 2 (l.402), outer inequality, last line as the OCR prints it "
           "((1 − β₂)σ²)", notes=I.INSTANCE_NOTE, **_INST)
EQ_9_CORRECTED = statement(
    "adam_complexity/eq-9", kind="eq", number="9", section="Appendix C.1, proof of Lemma 2",
    family="log-sum", title="(9) with E nubar_t <= nu0 + 2 sigma^2", variant="corrected",
    reason="E ν̄_t ≤ ν₀ + 2σ² (E g²1_{|G|<σ} ≤ G² + σ² < 2σ²), so the last line's root is "
           "√(ν₀ + (3 − β₂)σ²), as the next display uses",
    latex=_LATEX9.replace(r"\sqrt{\nu_{0,l}+(1-\beta_2)", r"\sqrt{\nu_{0,l}+(3-\beta_2)"),
    hypotheses=I.T1_HYPS, lhs=_L9,
    rhs=_GQ + (1 - sp.sqrt(beta2)) * T * sp.sqrt(nu0 + (3 - beta2) * sigma ** 2),
    forall=((l, 1, d),), source="(9) with the (3 − β₂)σ² of the display after it",
    notes=I.INSTANCE_NOTE, **_INST)
