"""Lemma 3.14 (Section 3.4, proof in Appendix C.1).

As printed:

    Lemma 3.14. With Assumption 3.10, it holds that for any block b ∈ [B]
    Σ_{t=T/2+1}^T E[√(ṽ_{t,b} + ε)] ≤ 2β₂^{T/4}/(1 − β₂) · √v_{0,b} + (T/2)σ_b + (T/2)√ε
        + 2 Σ_{t=1}^T E[(‖ḡ_{t,(b)}‖²/d_b)/√(ṽ_{t,b} + ε)].   (6)

Beside it, the step of its proof that sums the per-t bound over t = T/2+1..T (violated as printed:
the coefficients √(β₂^s(1 − β₂)) do not sum to (1 − β₂)/(1 − √β₂)), with its corrected variant.
"""
from __future__ import annotations

import sympy as sp

from ...declare import forall, index, scalar, sequence, size, statement
from ...expectation import NoiseSpec
from ...registry import register
from ...statement import Hypothesis, Quantity, Statement
from ._common import _BETA2_OPEN, _declared, _NB2_S, _VT_S, PAPER
from .lemma_3_13 import LEMMA_3_13


# ---------------------------------------------------------------------------------------------
# Lemma 3.14, proof: the step summing the per-t bound over t = T/2+1..T (pure sequences: a_t
# stands for E[(‖ḡ_t‖²/d_b)/√(ṽ_t + ε)] ≥ 0)
# ---------------------------------------------------------------------------------------------
beta2 = scalar("beta2", "(0, 1)", "β₂")
v0 = scalar("v0", ">= 0", "v_{0,b}")
sigma = scalar("sigma", ">= 0", "σ_b")
eps = scalar("eps", ">= 0", "ε")
T = size("T", "even, >= 2", "number of steps (the sums start at T/2 + 1)")
t, s_, j = index("t"), index("s"), index("j")
a_ = sequence("a", over=(1, T), domain=">= 0", description="a_t = E[(‖ḡ_t‖²/d_b)/√(ṽ_t+ε)]")


def _sum_step_lhs(coef):
    return (sp.Sum(sp.sqrt(beta2 ** t * v0), (t, T / 2 + 1, T))
            + T / 2 * sp.sqrt(sigma ** 2 + eps)
            # Σ_{s=0}^{t−1} c(s) a_{t−s} written as Σ_{j=1}^{t} c(t−j) a_j (SymPy turns |a_{t−s}|
            # into a conjugate the evaluator does not read)
            + sp.Sum(sp.Sum(coef.subs(s_, t - j) * a_[j], (j, 1, t)), (t, T / 2 + 1, T)))


_SUM_STEP_RHS = (beta2 ** (T / 4) / (1 - sp.sqrt(beta2)) * sp.sqrt(v0)
                 + T / 2 * sp.sqrt(sigma ** 2 + eps)
                 + (1 - beta2) / (1 - sp.sqrt(beta2)) * sp.Sum(a_[t], (t, 1, T)))
_SUM_STEP_KW = dict(
    number="3.14 (proof, sum over t = T/2+1..T)",
    section="Appendix C.1, proof of Lemma 3.14", family="other",
    quantities=_declared("beta2", "v0", "sigma", "eps", "T", "a"),
    hypotheses=[
        _BETA2_OPEN,
        Hypothesis(v0 >= 0, note="Algorithm 3: v_0 ≥ 0"),
        Hypothesis(sigma >= 0, note="Assumption 3.10: σ_b ≥ 0"),
        Hypothesis(eps >= 0, note="Algorithm 3: ε ≥ 0"),
        forall(t, 1, T, Hypothesis(a_[t] >= 0,
                                   note="a_t is the expectation of a nonnegative quantity")),
    ],
    rhs=_SUM_STEP_RHS,
)

LEMMA_3_14_SUM_STEP = statement(
    "adam_linf/lemma-3.14-sum-step",
    title="Proof of Lemma 3.14: summing over t with coefficients sqrt(beta2^s (1-beta2))",
    latex=(r"\sum_{t=\frac T2+1}^T\sqrt{\beta_2^tv_{0,b}}+\frac T2\sqrt{\sigma_b^2+\epsilon}+"
           r"\sum_{t=\frac T2+1}^T\sum_{s=0}^{t-1}\sqrt{\beta_2^s(1-\beta_2)}\,a_{t-s}\le\frac{"
           r"\beta_2^{\frac T4}}{1-\sqrt{\beta_2}}\sqrt{v_{0,b}}+\frac T2\sqrt{\sigma_b^2+"
           r"\epsilon}+\frac{1-\beta_2}{1-\sqrt{\beta_2}}\sum_{t=1}^T a_t"),
    lhs=_sum_step_lhs(sp.sqrt(beta2 ** s_ * (1 - beta2))),
    expected="violated",
    source="Proof of Lemma 3.14 (Appendix C.1), the display after 'By summing the above "
           "inequality over t = T/2+1, ..., T': its first inequality (right side of the first "
           "line against the second line)",
    notes="a_τ receives Σ_{t=max(τ,T/2+1)}^T √(β₂^{t−τ}(1−β₂)), up to (T/2)√(1−β₂) as β₂ → 1, "
          "while (1−β₂)/(1−√β₂) = 1 + √β₂ ≤ 2.  The recursion itself gives the stronger "
          "coefficient β₂^{s/2}(1−β₂) (its denominator is ≥ β₂^s(ṽ_{t−s,b} + ε)), whose sum is "
          "(1−β₂)/(1−√β₂): Lemma 3.14's statement is not affected.",
    **_SUM_STEP_KW,
)

LEMMA_3_14_SUM_STEP_CORRECTED = statement(
    "adam_linf/lemma-3.14-sum-step",
    variant="corrected",
    reason="the per-step coefficient must be beta2^{s/2}(1 - beta2) (which the recursion gives) "
           "for the sum over s to be (1 - beta2)/(1 - sqrt(beta2)); sqrt(beta2^s(1 - beta2)) "
           "sums to up to (T/2) sqrt(1 - beta2)",
    title="Proof of Lemma 3.14: summing over t with coefficients beta2^{s/2}(1-beta2)",
    latex=(r"\sum_{t=\frac T2+1}^T\sqrt{\beta_2^tv_{0,b}}+\frac T2\sqrt{\sigma_b^2+\epsilon}+"
           r"\sum_{t=\frac T2+1}^T\sum_{s=0}^{t-1}\beta_2^{s/2}(1-\beta_2)\,a_{t-s}\le\frac{"
           r"\beta_2^{\frac T4}}{1-\sqrt{\beta_2}}\sqrt{v_{0,b}}+\frac T2\sqrt{\sigma_b^2+"
           r"\epsilon}+\frac{1-\beta_2}{1-\sqrt{\beta_2}}\sum_{t=1}^T a_t"),
    lhs=_sum_step_lhs(sp.sqrt(beta2 ** s_) * (1 - beta2)),
    source="Proof of Lemma 3.14 (Appendix C.1), as LEMMA_3_14_SUM_STEP with the coefficient "
           "the recursion's last inequality gives (β₂^s(1−β₂)/√X ≤ β₂^{s/2}(1−β₂)/√(ṽ+ε) since "
           "X ≥ β₂^s(ṽ_{t−s,b} + ε))",
    **_SUM_STEP_KW,
)


# ---------------------------------------------------------------------------------------------
# Lemma 3.14, (6), in expectation: the closed-loop AdaSGD of Lemma 3.13's (4) (T even)
# ---------------------------------------------------------------------------------------------
LEMMA_3_14 = register(Statement(
    id="adam_linf/lemma-3.14",
    paper=PAPER,
    kind="lemma",
    number="3.14",
    title="Sum over the second half of E sqrt(tilde v_t + eps), equation (6)",
    section="3.4 (proof in Appendix C.1)",
    family="other",
    latex=(r"\sum_{t=\frac T2+1}^T\mathbb{E}\left[\sqrt{\tilde v_{t,b}+\epsilon}\right]\le\frac{2"
           r"\beta_2^{\frac T4}}{1-\beta_2}\sqrt{v_{0,b}}+\frac T2\sigma_b+\frac T2\sqrt\epsilon+2"
           r"\sum_{t=1}^T\mathbb{E}\left[\frac{\|\bar{\mathbf{g}}_{t,(b)}\|_2^2/d_b}{\sqrt{\tilde "
           r"v_{t,b}+\epsilon}}\right]"),
    quantities=tuple(q if q.name != "T" else Quantity("T", "size", "even, >= 2",
                                                     "number of steps (T/2 is an index)")
                     for q in LEMMA_3_13.quantities),
    hypotheses=LEMMA_3_13.hypotheses,
    lhs=sp.Sum(sp.sqrt(_VT_S + eps), (t, T / 2 + 1, T)),
    rhs=(2 * beta2 ** (T / 4) / (1 - beta2) * sp.sqrt(v0) + T / 2 * sigma + T / 2 * sp.sqrt(eps)
         + 2 * sp.Sum(_NB2_S / sp.sqrt(_VT_S + eps), (t, 1, T))),
    noise=NoiseSpec("xi", "u", "p", (1, 1), ("T", "d")),
    trajectory=LEMMA_3_13.trajectory,
    recurrences=LEMMA_3_13.recurrences,
    source="Lemma 3.14, equation (6) (Section 3.4; proof in Appendix C.1)",
    notes="In expectation over the noise of all T steps, as adam_linf/lemma-3.13-eq-4 (same "
          "loss, noise law and closed-loop AdaSGD).  ṽ_{t,b} = β₂v_{t−1,b} + (1−β₂)(‖ḡ_t‖²/d_b + "
          "σ_b²) with ḡ_t = ∇L(x_{t−1}).",
))


