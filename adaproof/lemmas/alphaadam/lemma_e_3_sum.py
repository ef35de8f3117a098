"""The sum step (∘) inside the proof of Lemma E.3 (Appendix E.1).

As printed (proof of Lemma E.3): "(∘) is because of

    Σ_{p=1}^M 1/√(k−p) ≤ ∫_{k−M−1}^{k−1} dt/√t = 2M/(√(k−M−1) + √(k−1)) ≤ 2M/√(k−1)",

used with k = t, M = s as Σ_{i=t−s}^{t−1} 1/√i ≤ 2s/√(t−1) (which needs t − s − 1 ≥ 0: the
proof's s runs up to t − 1).

Encoded as ``alphaadam/lemma-E.3-sum`` (the first expression against the last, the chain as
its proof), multiplied by a positive factor c as the proof applies it (c = η₁L√d·C_E2 there;
the evaluator needs a per-candidate input; the truth does not depend on c), and
``alphaadam/lemma-E.3-sum-integral``, the integral comparison alone.
"""
from __future__ import annotations

import sympy as sp

from ...declare import index, scalar, size, statement
from ...proofs import Known
from ...statement import Hypothesis, ProofStep

c = scalar("c", "> 0", "the positive factor the proof multiplies the sum by (η₁L√d·C_E2)")
k = size("k", ">= 1", "k (= t in the proof)")
M = size("M", "[1, k - 1]", "M (= s in the proof), k − M − 1 ≥ 0")
p_ = index("p")

_HYPS = (
    Hypothesis(sp.StrictGreaterThan(c, 0), note="c > 0 (a positive constant of the proof)"),
    Hypothesis(sp.GreaterThan(k - M - 1, 0),
               note="k − M − 1 ≥ 0: the lower limit of the printed integral (the proof's "
                    "s ≤ t − 1)"),
)
_LHS = c * sp.Sum(1 / sp.sqrt(k - p_), (p_, 1, M))
_INTEGRAL = c * 2 * (sp.sqrt(k - 1) - sp.sqrt(k - M - 1))
_RATIONAL = c * 2 * M / (sp.sqrt(k - M - 1) + sp.sqrt(k - 1))
_LAST = c * 2 * M / sp.sqrt(k - 1)
_COMMON = dict(kind="claim", section="Appendix E.1, proof of Lemma E.3", family="log-sum",
               hypotheses=_HYPS,
               source="Proof of Lemma E.3 (Appendix E.1), the justification of step (∘)")

LEMMA_E3_SUM = statement(
    "alphaadam/lemma-E.3-sum", **_COMMON, number="E.3-sum",
    title="Σ_{p=1}^M 1/√(k−p) ≤ 2M/√(k−1) (step (∘) of Lemma E.3's proof)",
    latex=(r"\sum_{p=1}^{M}\frac{1}{\sqrt{k-p}}\le\int_{k-M-1}^{k-1}\frac{dt}{\sqrt t}="
           r"\frac{2M}{\sqrt{k-M-1}+\sqrt{k-1}}\le\frac{2M}{\sqrt{k-1}}"),
    lhs=_LHS,
    rhs=_LAST,
    proof=(
        ProofStep(_LHS, _INTEGRAL, "<=", "1/√(k−p) ≤ ∫_{k−p−1}^{k−p} dt/√t (1/√t decreasing), "
                                         "summed over p = 1..M"),
        ProofStep(_INTEGRAL, _RATIONAL, "=", "√a − √b = (a − b)/(√a + √b)"),
        ProofStep(_RATIONAL, _LAST, "<=", "√(k−M−1) ≥ 0"),
    ),
    supremum=1.0,
    notes="Ratio → 1 as k → ∞ with M fixed (each 1/√(k−p) → 1/√(k−1)); at M = k − 1 the sum "
          "is Σ_{i=1}^{k−1} 1/√i < 2√(k−1) = the bound.",
)

LEMMA_E3_SUM_INTEGRAL = statement(
    "alphaadam/lemma-E.3-sum-integral", **_COMMON, number="E.3-sum (first inequality)",
    title="Σ_{p=1}^M 1/√(k−p) ≤ ∫_{k−M−1}^{k−1} dt/√t = 2(√(k−1) − √(k−M−1))",
    latex=r"\sum_{p=1}^{M}\frac{1}{\sqrt{k-p}}\le\int_{k-M-1}^{k-1}\frac{dt}{\sqrt t}",
    lhs=_LHS,
    rhs=_INTEGRAL,
    supremum=1.0,
    notes="The integral comparison for the decreasing 1/√t: 1/√(k−p) ≤ ∫_{k−p−1}^{k−p} dt/√t.",
)
