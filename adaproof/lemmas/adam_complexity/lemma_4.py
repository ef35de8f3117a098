"""Lemma 4 (Appendix B): the log-sum bound for the momentum, and its proof's intermediate step.

As printed: "**Lemma 4.** Assume we have 0 < β₁² < β₂ < 1 and a sequence of real numbers (a_n).
Let b₀ > 0, b_n = β₂b_{n−1} + (1 − β₂)a_n², c₀ = 0, and c_n = β₁c_{n−1} + (1 − β₁)a_n. Then,
Σ_{n=1}^T |c_n|²/b_n ≤ (1 − β₁)²/((1 − β₁/√β₂)²(1 − β₂))·(ln(b_T/b₀) − T ln β₂)."
Proof: Cauchy–Schwarz with weights (β₁/√β₂)^{n−i} (lemma-4-intermediate), then Lemma 3.

Source: paper 003 (adam_complexity), Appendix B, Lemma 4 (text lines 374–380).
"""
from __future__ import annotations

import sympy as sp

from ...registry import register
from ...statement import Hypothesis, ProofStep, Quantity, Statement, TrajectorySource
from ._common import (_A_Q, _B0_Q, _B_Q, _B_REC, _build_bc, _C_REC, _D_Q, _LOG_TERM, a, b, b0, beta1, beta2, c, c0, d, l, n, PAPER, T)
from .lemma_3 import _log_sum_chain


_LEMMA_4_HYPS = (
    Hypothesis(sp.And(sp.StrictGreaterThan(beta1 ** 2, 0), sp.StrictLessThan(beta1 ** 2, beta2),
                      sp.StrictLessThan(beta2, 1))),
    Hypothesis(sp.StrictGreaterThan(b0[l], 0), forall=((l, 1, d),)),
    Hypothesis(sp.Eq(c0[l], 0), forall=((l, 1, d),)),
    Hypothesis(sp.GreaterThan(beta1, 0), silent=True,
               note="β₁ ≥ 0: the printed 0 < β₁² lets β₁ be negative, but the proof writes "
                    "|c_n| ≤ (1−β₁)Σβ₁^{n−i}|a_i| and Σ_i(β₁/√β₂)^i ≤ 1/(1−β₁/√β₂), both false "
                    "for β₁ < 0 (Adam's β₁ is in [0, 1)); with β₁ < 0 the bound fails: "
                    "β₁ = −0.9, β₂ = 0.99, b₀ = 1, a_n = (−1)^n, T = 10 gives lhs ≈ 729.6 > "
                    "rhs ≈ 10.0 (60-digit check)"),
)
_LEMMA_4_QS = (
    Quantity("beta1", "scalar", "0 < β₁² < β₂", "β₁"),
    Quantity("beta2", "scalar", "(0, 1)", "β₂"),
    Quantity("T", "size", ">= 1", "number of terms"),
    _D_Q, _A_Q, _B0_Q,
    Quantity("c0", "sequence", "= 0", "c_0 (per coordinate)", (1,), ("d",)),
    _B_Q,
    Quantity("c", "trajectory", "R", "c_n = β₁c_{n−1} + (1−β₁)a_n (Adam's m)", (0, 1), ("T", "d")),
)
_LEMMA_4_TRAJ = TrajectorySource(build=_build_bc, read={"nu": ("b", (0, 1)), "m": ("c", (0, 1))},
                                 series=("nu", "m"))
_RHO = beta1 / sp.sqrt(beta2)

LEMMA_4 = register(Statement(
    id="adam_complexity/lemma-4",
    paper=PAPER,
    kind="lemma",
    number="4",
    title="Sum of |c_n|^2/b_n for the momentum c_n against ln(b_T/b_0) - T ln beta2",
    section="Appendix B",
    family="log-sum",
    latex=(r"0<\beta_1^2<\beta_2<1,\ b_0>0,\ b_n=\beta_2b_{n-1}+(1-\beta_2)a_n^2,\ c_0=0,\ "
           r"c_n=\beta_1c_{n-1}+(1-\beta_1)a_n:\quad \sum_{n=1}^T\frac{|c_n|^2}{b_n}\le"
           r"\frac{(1-\beta_1)^2}{(1-\frac{\beta_1}{\sqrt{\beta_2}})^2(1-\beta_2)}\left(\ln"
           r"\left(\frac{b_T}{b_0}\right)-T\ln\beta_2\right)"),
    quantities=_LEMMA_4_QS,
    hypotheses=_LEMMA_4_HYPS,
    lhs=sp.Sum(sp.Abs(c[n, l]) ** 2 / b[n, l], (n, 1, T)),
    rhs=(1 - beta1) ** 2 / ((1 - _RHO) ** 2 * (1 - beta2)) * _LOG_TERM,
    forall=((l, 1, d),),
    trajectory=_LEMMA_4_TRAJ,
    recurrences=(_B_REC, _C_REC),
    proof=(ProofStep(sp.Sum(sp.Abs(c[n, l]) ** 2 / b[n, l], (n, 1, T)),
                     (1 - beta1) ** 2 / (1 - _RHO) ** 2 * sp.Sum(a[n, l] ** 2 / b[n, l],
                                                                 (n, 1, T)), "<=",
                     "Cauchy–Schwarz with weights (β₁/√β₂)^{n−i} and the geometric series "
                     "(adam_complexity/lemma-4-intermediate; |a_n|² = a_n²)"),
           ) + _log_sum_chain((1 - beta1) ** 2 / (1 - _RHO) ** 2),
    source="Lemma 4, Appendix B (proof: Cauchy–Schwarz with weights (β₁/√β₂)^{n−i}, then "
           "Lemma 3)",
    notes="The silent hypothesis β₁ ≥ 0 (see its note) is what the proof uses; the printed "
          "0 < β₁² also excludes β₁ = 0, kept as printed.",
))

LEMMA_4_INTERMEDIATE = register(Statement(
    id="adam_complexity/lemma-4-intermediate",
    paper=PAPER,
    kind="lemma",
    number="4 (proof, before Lemma 3 is applied)",
    title="Sum of |c_n|^2/b_n against the sum of a_n^2/b_n",
    section="Appendix B, proof of Lemma 4",
    family="log-sum",
    latex=(r"\sum_{n=1}^T\frac{|c_n|^2}{b_n}\le\frac{(1-\beta_1)^2}{(1-\frac{\beta_1}"
           r"{\sqrt{\beta_2}})^2}\sum_{n=1}^T\frac{|a_n|^2}{b_n}"),
    quantities=_LEMMA_4_QS,
    hypotheses=_LEMMA_4_HYPS,
    lhs=sp.Sum(sp.Abs(c[n, l]) ** 2 / b[n, l], (n, 1, T)),
    rhs=(1 - beta1) ** 2 / (1 - _RHO) ** 2 * sp.Sum(sp.Abs(a[n, l]) ** 2 / b[n, l], (n, 1, T)),
    forall=((l, 1, d),),
    trajectory=_LEMMA_4_TRAJ,
    recurrences=(_B_REC, _C_REC),
    source="Proof of Lemma 4, Appendix B: the second-to-last inequality of the final chain",
))
