"""Definition 3.3 and the sentence after it (Section 3.2).

As printed:

    Definition 3.3. ... L is H-smooth coordinate-wisely w.r.t. ℓ∞ norm iff
    |∇_i L(x) − ∇_i L(y)| ≤ H_i‖x − y‖∞ for any i ∈ [d], x, y ∈ R^d.
    By definition, H-smoothness coordinate-wisely w.r.t. ℓ∞ norm implies Σ_{i=1}^d H_i-smoothness
    w.r.t. ℓ∞ norm.

Smoothness w.r.t. ℓ∞ (Definition 3.1) with constant H means ``‖∇L(x) − ∇L(y)‖₁ ≤ H‖x − y‖∞``;
for a quadratic loss the smallest such H is ``‖M‖_{∞→1}`` (enumerated exactly over sign vectors)
and Definition 3.3 reads ``H_i ≥ Σ_j |M_ij|``.  Claim: ``‖M‖_{∞→1} ≤ Σ_i H_i``; holds, tight
(``M = ssᵀ``).
"""
from __future__ import annotations

from ...computed import computed_statement
from ...registry import register
from ._matrix import IN_M, sizes_d
from .sec_3_3_b import IN_HC, hyps_mh, sample_mh

DEFINITION_3_3 = register(computed_statement(
    "adam_linf/definition-3.3",
    kind="claim", number="3.3", section="3.2 (sentence after Definition 3.3)",
    title="Coordinate-wise ℓ∞ smoothness H implies (Σ H_i)-smoothness w.r.t. ℓ∞",
    latex=(r"|\nabla_iL(x)-\nabla_iL(y)| \le H_i\|x-y\|_\infty\ \forall i \implies "
           r"\|\nabla L(x)-\nabla L(y)\|_1 \le \Big(\sum_i H_i\Big)\|x-y\|_\infty"),
    inputs=(IN_M, IN_HC), size_names={"d": "dimension d"}, sizes=sizes_d, sampler=sample_mh,
    hyps=hyps_mh, hypotheses_latex=(r"M = M^\top = \nabla^2L",
                                    r"H_i \ge \sum_j|M_{ij}|\ \text{(Definition 3.3)}"),
    sides=lambda ops, v: (ops.inf_to_one(v["M"]), ops.sum(v["H"], -1)),
    lhs_latex=r"\|M\|_{\infty\to1} = \sup_{\|u\|_\infty\le1}\|Mu\|_1",
    rhs_latex=r"\sum_i H_i", supremum_ratio=1.0,
    source="Section 3.2, the sentence after Definition 3.3",
    notes="Exact in rationals (enumeration of sign vectors); tight at M = ssᵀ, H_i = Σ_j|M_ij|.",
))
