"""Lemma 3 (Appendix B): the log-sum bound for Adam's second moment.

As printed: "**Lemma 3.** Assume we have 0 < β₂ < 1 and a sequence of real numbers (a_n). Let
b₀ > 0 and b_n = β₂b_{n−1} + (1 − β₂)a_n². Then, we have
Σ_{n=1}^T a_n²/b_n ≤ 1/(1 − β₂)·(ln(b_T/b₀) − T ln β₂)."  (No proof printed; the chain below is
1 − x ≤ −ln x per term, then telescoping.)

Source: paper 003 (adam_complexity), Appendix B, Lemma 3 (text line 372).
"""
from __future__ import annotations

import sympy as sp

from ...proofs import Known
from ...registry import register
from ...statement import Hypothesis, ProofStep, Quantity, Statement, TrajectorySource
from ._common import (_A_Q, _B0_Q, _B_Q, _B_REC, _BETA2, _build_bc, _D_Q, _LOG_TERM, a, b, b0, beta2, d, l, n, PAPER, T)


def _log_sum_chain(K_: sp.Basic) -> tuple[ProofStep, ...]:
    """Lemma 3's argument, scaled by K_ ≥ 0: K_·Σa_n²/b_n ≤ K_/(1−β₂)(ln(b_T/b_0) − T ln β₂)."""
    S = lambda f: sp.Sum(f, (n, 1, T))  # noqa: E731
    x = beta2 * b[n - 1, l] / b[n, l]
    E1 = K_ * S((b[n, l] - beta2 * b[n - 1, l]) / ((1 - beta2) * b[n, l]))
    E2 = K_ * S(-sp.log(x) / (1 - beta2))
    E3 = K_ * S((sp.log(b[n, l]) - sp.log(b[n - 1, l])) / (1 - beta2)) \
        - K_ * T * sp.log(beta2) / (1 - beta2)
    E4 = K_ * (sp.log(b[T, l]) - sp.log(b[0, l]) - T * sp.log(beta2)) / (1 - beta2)
    return (
        ProofStep(K_ * S(a[n, l] ** 2 / b[n, l]), E1, "=",
                  "definition b_n = β₂b_{n−1} + (1−β₂)a_n² (a recurrence: SymPy does not see "
                  "it; the numeric attack covers this link)"),
        ProofStep(E1, E2, "<=", "1 − x ≤ −ln x with x = β₂b_{n−1}/b_n > 0",
                  via=Known("one_minus_x_le_neg_log", x=x), scale=K_ / (1 - beta2)),
        ProofStep(E2, E3, "=", "ln(β₂b_{n−1}/b_n) = ln β₂ + ln b_{n−1} − ln b_n"),
        ProofStep(E3, E4, "=", "telescoping",
                  via=Known("telescoping", F=K_ * sp.log(b[n, l]) / (1 - beta2), index=n)),
        ProofStep(E4, K_ / (1 - beta2) * _LOG_TERM, "=", "ln b_T − ln b_0 = ln(b_T/b_0)"),
    )


LEMMA_3 = register(Statement(
    id="adam_complexity/lemma-3",
    paper=PAPER,
    kind="lemma",
    number="3",
    title="Sum of a_n^2/b_n against ln(b_T/b_0) - T ln beta2",
    section="Appendix B",
    family="log-sum",
    latex=(r"0<\beta_2<1,\ b_0>0,\ b_n=\beta_2 b_{n-1}+(1-\beta_2)a_n^2:\quad "
           r"\sum_{n=1}^T\frac{a_n^2}{b_n}\le\frac{1}{1-\beta_2}\left(\ln\left(\frac{b_T}{b_0}"
           r"\right)-T\ln\beta_2\right)"),
    quantities=(
        Quantity("beta2", "scalar", "(0, 1)", "β₂"),
        Quantity("T", "size", ">= 1", "number of terms"),
        _D_Q, _A_Q, _B0_Q, _B_Q,
    ),
    hypotheses=(
        _BETA2,
        Hypothesis(sp.StrictGreaterThan(b0[l], 0), forall=((l, 1, d),)),
    ),
    lhs=sp.Sum(a[n, l] ** 2 / b[n, l], (n, 1, T)),
    rhs=1 / (1 - beta2) * _LOG_TERM,
    forall=((l, 1, d),),
    trajectory=TrajectorySource(build=_build_bc, read={"nu": ("b", (0, 1))}, series=("nu",)),
    recurrences=(_B_REC,),
    proof=_log_sum_chain(sp.Integer(1)),
    source="Lemma 3, Appendix B (no proof printed; 1 - x <= -ln x per term, then telescoping)",
    supremum_ratio=1.0,
))
