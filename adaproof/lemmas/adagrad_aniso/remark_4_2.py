r"""Remark 4.2 (Section 4.1): the variance and smoothness ratios ‖σ‖₁/‖σ‖₂, ‖L‖₁/‖L‖∞ and
the box diameters D∞, D2 that compare AdaGrad's bound with SGD's.

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025); the OCR lost most
symbols, so the printed forms below are the statements as re-typed from the paper.

``adagrad_aniso/remark-4.2-a`` (REMARK_42_A): Bias ratio R2 = ‖L‖₁D∞²/(‖L‖∞D2²) ≥ 1/d ('can be in
    order Θ(1/d) in extreme cases')
    printed: \frac1d \le R_2 = \frac{\|L\|_1 D_\infty^2}{\|L\|_\infty D_2^2}
    source: Remark 4.2: 'the ratio between bias terms of Theorem 4.1 and (6) can be in order
        Θ(1/d) in extreme cases' — the lower end of R2's range

``adagrad_aniso/remark-4.2-b`` (REMARK_42_B): Variance ratio R1 = D∞‖σ‖₁/(D2‖σ‖₂) ≥ 1/√d ('can only
    be Θ(1/√d)')
    printed: \frac1{\sqrt d} \le R_1 = \frac{D_\infty\|\sigma\|_1}{D_2\|\sigma\|_2}
    source: Remark 4.2: 'while the variance ratio can only be Θ(1/√d)' — the lower end of R1

``adagrad_aniso/remark-4.2-c`` (REMARK_42_C): ‖σ‖₂ ≤ ‖σ‖₁ (lower end of ‖σ‖₁)
    printed: \|\sigma\|_2 \le \|\sigma\|_1
    source: Section 4.1: 'σ is sparse … which implies ‖σ‖₁ ≪ √d‖σ‖₂'; range ‖σ‖₂ ≤ ‖σ‖₁ ≤ √d‖σ‖₂

``adagrad_aniso/remark-4.2-d`` (REMARK_42_D): ‖σ‖₁ ≤ √d‖σ‖₂ (upper end of ‖σ‖₁)
    printed: \|\sigma\|_1 \le \sqrt d\,\|\sigma\|_2
    source: Section 4.1: '‖σ‖₁ ≪ √d‖σ‖₂' when σ is sparse

``adagrad_aniso/remark-4.2-e`` (REMARK_42_E): ‖L‖∞ ≤ ‖L‖₁ (lower end of ‖L‖₁)
    printed: \|L\|_\infty \le \|L\|_1
    source: Section 4.1: 'L is sparse such that ‖L‖₁ ≪ d‖L‖∞'; range ‖L‖∞ ≤ ‖L‖₁ ≤ d‖L‖∞

``adagrad_aniso/remark-4.2-f`` (REMARK_42_F): ‖L‖₁ ≤ d‖L‖∞ (upper end of ‖L‖₁)
    printed: \|L\|_1 \le d\,\|L\|_\infty
    source: Section 4.1: '‖L‖₁ ≪ d‖L‖∞' when L is sparse
"""
from __future__ import annotations

import sympy as sp

from ...declare import declared, index, sequence, size, statement
from ...statement import Hypothesis
from ._common import PAPER, _vr_box_sampler, _vr_sizes

d = size("d", ">= 1", "dimension")
sigma = sequence("sigma", over=(1, d), domain="> 0", description="σ ∈ ℝ^d_+ (Assumption 3.5)")
L = sequence("L", over=(1, d), domain="> 0", description="L ∈ ℝ^d_+ (Assumption 3.3)")
a = sequence("a", over=(1, d), domain="> 0",
             description="side lengths of a box W = Π_j [l_j, l_j + a_j]")
j, k = index("j"), index("k")
# the quantities as declared here, whatever other modules declared under the same names
_Q_D, _Q_SIG_V, _Q_L_V, _Q_A = (declared()[n] for n in ("d", "sigma", "L", "a"))

_H_SIG_V = Hypothesis(sigma[j] > 0, forall=((j, 1, d),),
                      note="Assumption 3.5: σ is a positive vector")
_H_L_V = Hypothesis(L[j] > 0, forall=((j, 1, d),), note="Assumption 3.3: L is a positive vector")
_H_L_MAX = Hypothesis(L[1] >= L[j], forall=((j, 1, d),), silent=True,
                      note="encoding, not an assumption: ‖L‖∞ = L_1 (coordinates ordered so the "
                           "largest is first; the statement is invariant under coordinate "
                           "permutations, and the evaluator has no max over an index range)")
_H_A = Hypothesis(a[j] > 0, forall=((j, 1, d),), note="a box with sides > 0")
_H_A_MAX = Hypothesis(a[1] >= a[j], forall=((j, 1, d),), silent=True,
                      note="encoding: D∞ = a_1, the longest side (coordinates ordered; the ratios "
                           "depend on W only through D∞, D2)")

_NS1 = sp.Sum(sigma[j], (j, 1, d))                  # ‖σ‖₁
_NS2 = sp.sqrt(sp.Sum(sigma[j] ** 2, (j, 1, d)))    # ‖σ‖₂
_NL1 = sp.Sum(L[j], (j, 1, d))                      # ‖L‖₁ (‖L‖∞ = L_1 under _H_L_MAX)
_DINF_BOX = a[1]                                    # D∞ of the box
_D2_BOX = sp.sqrt(sp.Sum(a[j] ** 2, (j, 1, d)))     # D2 of the box

_VR = dict(kind="remark", number="4.2", family="variance-ratio")

REMARK_42_A = statement(
    f"{PAPER}/remark-4.2-a",
    title="Bias ratio R2 = ‖L‖₁D∞²/(‖L‖∞D2²) ≥ 1/d ('can be in order Θ(1/d) in extreme cases')",
    section="Section 4.1, Remark 4.2 (R2 named in Example B.1)",
    latex=(r"\frac1d \le R_2 = \frac{\|L\|_1 D_\infty^2}{\|L\|_\infty D_2^2}"),
    quantities=(_Q_D, _Q_L_V, _Q_A),
    hypotheses=(_H_L_V, _H_A, _H_L_MAX, _H_A_MAX),
    lhs=1 / d,
    rhs=_NL1 * _DINF_BOX ** 2 / (L[1] * _D2_BOX ** 2),
    sampler=_vr_box_sampler, sizes=_vr_sizes,
    source="Remark 4.2: 'the ratio between bias terms of Theorem 4.1 and (6) can be in order "
           "Θ(1/d) in extreme cases' — the lower end of R2's range",
    supremum=1.0,
    notes="D∞, D2 are taken as the diameters of W (the least values eq. (2) allows; with loose "
          "upper bounds R2 is unbounded below). W is a box: boxes realise every pair "
          "D∞ ≤ D2 ≤ √d D∞ that convex sets do, and R2 depends on W only through (D∞, D2).",
    **_VR,
)

REMARK_42_B = statement(
    f"{PAPER}/remark-4.2-b",
    title="Variance ratio R1 = D∞‖σ‖₁/(D2‖σ‖₂) ≥ 1/√d ('can only be Θ(1/√d)')",
    section="Section 4.1, Remark 4.2 (R1 named in Example B.1)",
    latex=(r"\frac1{\sqrt d} \le R_1 = \frac{D_\infty\|\sigma\|_1}{D_2\|\sigma\|_2}"),
    quantities=(_Q_D, _Q_SIG_V, _Q_A),
    hypotheses=(_H_SIG_V, _H_A, _H_A_MAX),
    lhs=1 / sp.sqrt(d),
    rhs=_DINF_BOX * _NS1 / (_D2_BOX * _NS2),
    source="Remark 4.2: 'while the variance ratio can only be Θ(1/√d)' — the lower end of R1",
    supremum=1.0,
    notes="D∞, D2 as in remark-4.2-a.",
    **_VR,
)

REMARK_42_C = statement(
    f"{PAPER}/remark-4.2-c",
    title="‖σ‖₂ ≤ ‖σ‖₁ (lower end of ‖σ‖₁)",
    section="Section 4.1 (discussion leading to Remark 4.2)",
    latex=r"\|\sigma\|_2 \le \|\sigma\|_1",
    quantities=(_Q_D, _Q_SIG_V), hypotheses=(_H_SIG_V,),
    lhs=_NS2, rhs=_NS1,
    source="Section 4.1: 'σ is sparse … which implies ‖σ‖₁ ≪ √d‖σ‖₂'; range ‖σ‖₂ ≤ ‖σ‖₁ ≤ √d‖σ‖₂",
    supremum=1.0,
    **_VR,
)

REMARK_42_D = statement(
    f"{PAPER}/remark-4.2-d",
    title="‖σ‖₁ ≤ √d‖σ‖₂ (upper end of ‖σ‖₁)",
    section="Section 4.1 (discussion leading to Remark 4.2)",
    latex=r"\|\sigma\|_1 \le \sqrt d\,\|\sigma\|_2",
    quantities=(_Q_D, _Q_SIG_V), hypotheses=(_H_SIG_V,),
    lhs=_NS1, rhs=sp.sqrt(d) * _NS2,
    source="Section 4.1: '‖σ‖₁ ≪ √d‖σ‖₂' when σ is sparse",
    supremum=1.0,
    **_VR,
)

REMARK_42_E = statement(
    f"{PAPER}/remark-4.2-e",
    title="‖L‖∞ ≤ ‖L‖₁ (lower end of ‖L‖₁)",
    section="Section 4.1 (discussion leading to Remark 4.2)",
    latex=r"\|L\|_\infty \le \|L\|_1",
    quantities=(_Q_D, _Q_L_V), hypotheses=(_H_L_V,),
    lhs=L[k], rhs=_NL1, forall=((k, 1, d),),
    source="Section 4.1: 'L is sparse such that ‖L‖₁ ≪ d‖L‖∞'; range ‖L‖∞ ≤ ‖L‖₁ ≤ d‖L‖∞",
    supremum=1.0,
    notes="‖L‖∞ ≤ ‖L‖₁ written as L_k ≤ ‖L‖₁ for every k.",
    **_VR,
)

REMARK_42_F = statement(
    f"{PAPER}/remark-4.2-f",
    title="‖L‖₁ ≤ d‖L‖∞ (upper end of ‖L‖₁)",
    section="Section 4.1 (discussion leading to Remark 4.2)",
    latex=r"\|L\|_1 \le d\,\|L\|_\infty",
    quantities=(_Q_D, _Q_L_V), hypotheses=(_H_L_V, _H_L_MAX),
    lhs=_NL1, rhs=d * L[1],
    source="Section 4.1: '‖L‖₁ ≪ d‖L‖∞' when L is sparse",
    supremum=1.0,
    **_VR,
)
