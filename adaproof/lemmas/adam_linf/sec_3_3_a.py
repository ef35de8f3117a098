"""Section 3.3, the display after Definition 3.9 (its second equality), for Φ_Adam.

As printed:

    For each x, it holds that
      sup_{‖u‖_Φ≤1} ‖∇²L(x)u‖_{Φ,*} = sup_{‖u‖_Φ≤1} sup_{‖v‖_Φ≤1} vᵀ∇²L(x)u
                                    = sup_{‖u‖_Φ≤1} |uᵀ∇²L(x)u|.

For Φ_Adam the Φ-norm is ‖·‖∞: the middle term is ``‖M‖_{∞→1}`` (enumerated over sign
vectors) and the right one the maximum of ``|uᵀMu|`` over the cube (enumerated face by face,
exactly).  ``≥`` always holds; the printed ``=`` needs ``≤``, which fails for indefinite Hessians:
``M = diag(1, -1)`` gives 2 against 1.  The corrected variant is the polarization bound
``sup_{u,v} vᵀMu ≤ 2 sup_u |uᵀMu|``, tight at the same ``M``.
"""
from __future__ import annotations

from ...computed import computed_statement
from ...matrix import symmetric_mix
from ...registry import register
from ._matrix import IN_M, is_symmetric, reparam_m, seq, sizes_d


def _sample(ctx) -> dict:
    return {"M": seq(symmetric_mix(ctx, ctx.sizes["d"]))}


def _hyps(ops, v):
    return [("M symmetric", is_symmetric(ops, v["M"]))]


def _quad_sup(ops, M):
    a, b = ops.box_quad_max(M), ops.box_quad_max(-M)
    return ops.where(ops.ge(a, b), a, b)


def _sides(ops, v):
    return ops.inf_to_one(v["M"]), _quad_sup(ops, v["M"])


def _sides_2(ops, v):
    return ops.inf_to_one(v["M"]), 2 * _quad_sup(ops, v["M"])


_COMMON = dict(kind="claim", number="3.3-a", section="3.3 (display after Definition 3.9)",
               inputs=(IN_M,), size_names={"d": "dimension d"}, sizes=sizes_d, sampler=_sample,
               hyps=_hyps, reparam=reparam_m(), hypotheses_latex=(r"M = M^\top = \nabla^2L(x),\ \Phi = \Phi_{\mathrm{Adam}}"
                                             r"\ (\|\cdot\|_\Phi = \|\cdot\|_\infty)",))

SEC_3_3_A = register(computed_statement(
    "adam_linf/sec-3.3-a",
    title="sup_{u,v} vᵀ∇²L u = sup_u |uᵀ∇²L u| over the Φ-norm ball (Φ_Adam)",
    latex=(r"\sup_{\|u\|_\Phi\le1}\sup_{\|v\|_\Phi\le1} v^\top\nabla^2L(x)u = "
           r"\sup_{\|u\|_\Phi\le1}|u^\top\nabla^2L(x)u|"),
    sides=_sides, lhs_latex=r"\sup_{\|u\|_\infty,\|v\|_\infty\le1} v^\top M u = \|M\|_{\infty\to1}",
    rhs_latex=r"\max_{\|u\|_\infty\le1}|u^\top M u|", expected="violated",
    source="Section 3.3, display after Definition 3.9 (second equality; '≥' is trivial)",
    notes="Violated for indefinite Hessians: M = diag(1, −1): 2 > 1 (exact, rational).",
    **_COMMON))

SEC_3_3_A_CORRECTED = register(computed_statement(
    "adam_linf/sec-3.3-a",
    title="sup_{u,v} vᵀMu ≤ 2 sup_u |uᵀMu| (polarization), Φ_Adam",
    latex=(r"\sup_{\|u\|_\infty\le1}\sup_{\|v\|_\infty\le1} v^\top Mu \le "
           r"2\sup_{\|u\|_\infty\le1}|u^\top Mu|"),
    sides=_sides_2, lhs_latex=r"\|M\|_{\infty\to1}",
    rhs_latex=r"2\max_{\|u\|_\infty\le1}|u^\top M u|", variant="corrected",
    reason="the printed equality fails for indefinite M (diag(1,−1): 2 against 1); polarization "
           "vᵀMu = ((u+v)ᵀM(u+v) − (u−v)ᵀM(u−v))/4 gives the factor 2, which is tight",
    supremum_ratio=1.0,
    source="Section 3.3, display after Definition 3.9, corrected by the factor 2",
    notes="Tight: M = diag(1, −1).",
    **_COMMON))
