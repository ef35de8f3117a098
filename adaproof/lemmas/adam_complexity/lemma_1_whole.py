"""Lemma 1 (Section 4.2, proved in Appendix C.1) as a whole statement, in expectation over the run.

As printed (OCR): "**Lemma 1.** Let all conditions in Theorem 1 hold. Denote F_t^i ≜
E[⟨G_{t−i}, ν̃_t^{i,−1/2} ⊙ m_{t−i}⟩]. Set G₀ ≜ G₁. Then, ∀t ≥ 1 and i ∈ [0, t − 1],
F_t^i ≥ β₁F_t^{i+1} + (1 − β₁)/2 E‖ν̃_t^{i+1,−1/2} ⊙ G_{t−i}‖² − β₁L E[‖w_{t−i} − w_{t−i−1}‖
‖ν̃_t^{i+1,−1/2} ⊙ m_{t−i−1}‖] − (2√(1 − β₂)/(1 − β₁)σ + L²η²(1 − β₁)/((1 − β₂)^{1/2}
(1 − β₂²/β₂)β₂²σ)·i/d) E‖ν_{t−i}^{−1/2} ⊙ m_{t−i}‖²."

Readings (damaged OCR):
* the coefficient's "(1 − β₂²/β₂)β₂²" is read (1 − β₁²/β₂)β₂^i (Lemma 5's factor; the proof's
  last display and Stage I have β₂^i);
* its "i/d" is read as the product i·d (``lemma-1``); Stage I's unrolled display carries d
  without i, the other plausible reading (``lemma-1-stage-i-reading``);
* "E‖ν̃^{−1/2} ⊙ G‖²" is read E‖ν̃^{−1/4} ⊙ G‖² = E Σ_l G_l²/√ν̃_l: the proof's term (i) is
  E⟨G, ν̃^{−1/2} ⊙ G⟩ (Stage I prints the fourth root);
* ν̃_t^i = β₂^iν_{t−i} + Σ_{j<i}β₂^j(1 − β₂)G_{t−i+1}² + (1 − β₂)σ² as printed (i ≥ 1), ν̃_t^0 ≜ ν_t;
* w₀ ≜ w₁ beside the printed G₀ ≜ G₁ (the term at i = t − 1 multiplies m₀ = 0 anyway).

Encoded at t = T for every i ∈ [0, T − 1] (the run up to T contains every shorter run, so all
(t, i) are covered across the sampled T), in expectation over the whole run (see
:mod:`._instance`).

Source: paper 003 (adam_complexity), Lemma 1 (text line 205), proof Appendix C.1.
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from . import _instance as I
from ._common import PAPER

T, i, l = I.T, I.i, I.l
beta1, beta2, eta, L, sigma = I.beta1, I.beta2, I.eta, I.L, I.sigma
_PREV = sp.Max(T - i - 1, 1)  # t − i − 1, with w₀ ≜ w₁ and G₀ ≜ G₁


def _nut(k):
    """ν̃_T^k,l for k ≥ 1 (Σ_{j<k} β₂^j(1 − β₂) = 1 − β₂^k)."""
    return beta2 ** k * I.nu[T - k, l] + (1 - beta2 ** k) * I.G(T - k + 1) ** 2 \
        + (1 - beta2) * sigma ** 2


_NUT_I = sp.Piecewise((I.nu[T, l], sp.Eq(i, 0)), (_nut(i), True))
_NUT_I1 = _nut(i + 1)
_F_I = I.Sd(I.G(T - i) * I.m[T - i, l] / sp.sqrt(_NUT_I))
_F_I1 = I.Sd(I.G(_PREV) * I.m[T - i - 1, l] / sp.sqrt(_NUT_I1))
_GSQ = I.Sd(I.G(T - i) ** 2 / sp.sqrt(_NUT_I1))
_MOM = sp.sqrt(I.Sd((I.w[T - i, l] - I.w[_PREV, l]) ** 2)) \
    * sp.sqrt(I.Sd(I.m[T - i - 1, l] ** 2 / _NUT_I1))
_MSQ = I.Sd(I.m[T - i, l] ** 2 / I.nu[T - i, l])


def _coef(factor):
    return 2 * sp.sqrt(1 - beta2) / (1 - beta1) * sigma + L ** 2 * eta ** 2 * (1 - beta1) \
        / (sp.sqrt(1 - beta2) * (1 - beta1 ** 2 / beta2) * beta2 ** i * sigma) * factor


def _lhs(factor):
    return beta1 * _F_I1 + (1 - beta1) / 2 * _GSQ - beta1 * L * _MOM - _coef(factor) * _MSQ


_LATEX = (r"F_t^i\ge\beta_1F_t^{i+1}+\frac{1-\beta_1}{2}\mathbb{E}\left\|\frac{1}{\sqrt[4]{\tilde"
          r"\nu_t^{i+1}}}\odot\mathbf{G}_{t-i}\right\|^2-\beta_1L\mathbb{E}\left[\|\mathbf{w}_{t-i}"
          r"-\mathbf{w}_{t-i-1}\|\left\|\frac{1}{\sqrt{\tilde\nu_t^{i+1}}}\odot\mathbf{m}_{t-i-1}"
          r"\right\|\right]-\left(2\frac{\sqrt{1-\beta_2}}{1-\beta_1}\sigma+L^2\frac{\eta^2(1-"
          r"\beta_1)}{(1-\beta_2)^{\frac12}(1-\frac{\beta_1^2}{\beta_2})\beta_2^i\sigma}FACTOR"
          r"\right)\mathbb{E}\left\|\frac{1}{\sqrt{\nu_{t-i}}}\odot\mathbf{m}_{t-i}\right\|^2")
_COMMON = dict(paper=PAPER, kind="lemma", section="4.2; proof Appendix C.1",
               family="proxy-gap", quantities=I.T1_QS, hypotheses=I.T1_HYPS,
               forall=((i, 0, T - 1),), sampler=I.t1_sampler, rhs=_F_I, **I.T1_INSTANCE)
_NOTE = (I.INSTANCE_NOTE + " The lemma at t = T, every i ∈ [0, T − 1]; the steps of its proof "
         "are lemma-1-a/-b/-circ (pathwise) and lemma-1-*-cond (conditional expectation).")

LEMMA_1 = statement(
    "adam_complexity/lemma-1", number="1",
    title="The peeling-off recursion F_t^i >= beta1 F_t^{i+1} + ... (coefficient i*d)",
    latex=_LATEX.replace("FACTOR", r"\,i\,d"), lhs=_lhs(i * I.d),
    source="Lemma 1, Section 4.2 (text line 205): the coefficient's 'i/d' read i·d, "
           "'(1 − β₂²/β₂)β₂²' read (1 − β₁²/β₂)β₂^i",
    notes=_NOTE, **_COMMON)

LEMMA_1_STAGE_I = statement(
    "adam_complexity/lemma-1-stage-i-reading", number="1 (Stage I's reading)",
    title="Lemma 1 with the coefficient Stage I uses (d, no factor i)",
    latex=_LATEX.replace("FACTOR", r"\,d"), lhs=_lhs(I.d),
    source="Lemma 1 as Stage I (Appendix C.2, first display) applies it: the coefficient with "
           "d and without i",
    notes=_NOTE, **_COMMON)

# -- the bound on the term (i)_t^i of the proof (Appendix C.1) ----------------------------------
_F_I_NEXT = I.Sd(I.G(T - i) * I.m[T - i, l] / sp.sqrt(_NUT_I1))  # E⟨G_{t−i}, ν̃^{i+1,−1/2}m_{t−i}⟩
LEMMA_1_TERM_I = statement(
    "adam_complexity/lemma-1-term-i", kind="claim", number="1-term-i",
    section="Appendix C.1, proof of Lemma 1, bound on (i)_t^i", family="proxy-gap",
    title="The term (i)_t^i: momentum split, E^{|F_{t-i}} g = G, L-smoothness",
    latex=(r"\mathbb{E}\left[\left\langle\mathbf{G}_{t-i},\frac{1}{\sqrt{\tilde\nu_t^{i+1}}}\odot"
           r"\mathbf{m}_{t-i}\right\rangle\right]\ge\mathbb{E}\left[(1-\beta_1)\left\|\frac{1}{"
           r"\sqrt[4]{\tilde\nu_t^{i+1}}}\odot\mathbf{G}_{t-i}\right\|^2\right]+\mathbb{E}\left["
           r"\left\langle\mathbf{G}_{t-i-1},\beta_1\frac{1}{\sqrt{\tilde\nu_t^{i+1}}}\odot\mathbf"
           r"{m}_{t-i-1}\right\rangle\right]-\beta_1L\mathbb{E}\left[\|\mathbf{w}_{t-i}-\mathbf{w}"
           r"_{t-i-1}\|\left\|\frac{1}{\sqrt{\tilde\nu_t^{i+1}}}\odot\mathbf{m}_{t-i-1}\right\|"
           r"\right]"),
    lhs=(1 - beta1) * _GSQ + beta1 * _F_I1 - beta1 * L * _MOM, rhs=_F_I_NEXT,
    source="Proof of Lemma 1 (Appendix C.1, l.387), outer inequality (ν̃^{i+1} is "
           "F_{t−i}-measurable; the printed ‖ν̃^{−1/2} ⊙ G‖² read ‖ν̃^{−1/4} ⊙ G‖²)",
    notes=_NOTE, paper=PAPER, quantities=I.T1_QS, hypotheses=I.T1_HYPS,
    forall=((i, 0, T - 1),), sampler=I.t1_sampler, **I.T1_INSTANCE)
