"""Section 3.2, after Corollary 3.7: ``‖·‖_{1,1} ≥ ‖·‖_∞`` for the Hessian.

As printed:

    ... it uses sup_x ‖∇²L(x)‖_(1,1) that is larger than sup_x ‖∇²L(x)‖_∞ in Theorem 3.2 as
    ‖·‖_{1,1} ≥ ‖·‖_∞ always holds.

``‖·‖_∞`` of Theorem 3.2 is the ℓ∞-smoothness constant, the operator norm ``‖M‖_{∞→1}``
(enumerated over sign vectors, exact); ``‖M‖_{1,1} = Σ_{ij}|M_ij|``.  Holds, tight (``M = ssᵀ``).
"""
from __future__ import annotations

from ...computed import computed_statement
from ...registry import register
from ._matrix import IN_M, is_symmetric, sizes_d
from .sec_3_3_a import _sample

SEC_3_2_NORMS = register(computed_statement(
    "adam_linf/sec-3.2-norms",
    kind="claim", number="3.2-norms", section="3.2 (after Corollary 3.7)",
    title="‖∇²L‖_(1,1) ≥ ‖∇²L‖_∞ (the ℓ∞-smoothness constant)",
    latex=r"\|\cdot\|_{1,1} \ge \|\cdot\|_\infty \text{ always holds (for } \nabla^2L(x))",
    inputs=(IN_M,), size_names={"d": "dimension d"}, sizes=sizes_d, sampler=_sample,
    hyps=lambda ops, v: [("M symmetric", is_symmetric(ops, v["M"]))],
    hypotheses_latex=(r"M = M^\top = \nabla^2L(x)",),
    sides=lambda ops, v: (ops.inf_to_one(v["M"]), ops.l11(v["M"])),
    lhs_latex=r"\|M\|_{\infty\to1}", rhs_latex=r"\|M\|_{1,1} = \sum_{ij}|M_{ij}|",
    supremum_ratio=1.0, source="Section 3.2, paragraph after Corollary 3.7",
    notes="Exact in rationals; tight at M = ssᵀ.",
))
