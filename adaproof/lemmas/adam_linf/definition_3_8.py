"""Definition 3.8 (Section 3.3): the dual of the Φ-norm.

As printed:

    We define the (∞, 2)-norm w.r.t. partition Φ of x as ... max_{b∈[B]} ‖x_(b)‖₂/√d_b ...
    We denote its dual norm by ‖x‖_{Φ,*}, which is equal to Σ_{b=1}^B √d_b ‖x_(b)‖₂.

Encoded as the dual-norm inequality ``xᵀu ≤ Σ_b √d_b‖x_(b)‖₂`` for every ``u`` with
``‖u‖_Φ ≤ 1`` (attacked over ``x``, ``u`` and the partition); the maximiser
``u_(b) = √d_b x_(b)/‖x_(b)‖₂`` (drawn, shrunk by ``2^-40`` to stay in the ball exactly) makes it
tight, so together they give the printed equality.
"""
from __future__ import annotations

import torch

from ...computed import Input, computed_statement
from ...matrix import blocks
from ...registry import register
from ._matrix import SIZE_NAMES, block_sq_norms, seq, sizes_dk

IN_X = Input("x", ("d",), "R", "the vector x")
IN_U = Input("u", ("d",), "||u||_Phi <= 1", "a vector of the Φ-norm unit ball")


def _sample(ctx) -> dict:
    d, k = ctx.sizes["d"], ctx.sizes["k"]
    x = ctx.randn(ctx.B, d) * torch.exp(ctx.randn(ctx.B, 1))
    x = torch.where(ctx.rand(ctx.B, d) < 0.2, torch.zeros_like(x), x)
    u = torch.empty_like(x)
    star = torch.empty_like(x)
    for bl in blocks(d, k):
        xb = x[:, bl]
        n = xb.norm(dim=1, keepdim=True)
        star[:, bl] = torch.where(n > 0, xb / n.clamp_min(1e-300), torch.zeros_like(xb)) * \
            len(bl) ** 0.5
        r = ctx.randn(ctx.B, len(bl))
        u[:, bl] = r / r.norm(dim=1, keepdim=True) * len(bl) ** 0.5 * ctx.rand(ctx.B, 1)
    u = torch.where(ctx.rand(ctx.B, 1) < 0.5, star, u) * (1 - 2.0 ** -40)
    return {"x": seq(x), "u": seq(u)}


def _hyps(ops, v):
    d, k = v["d"], v["k"]
    sq = block_sq_norms(ops, v["u"], d, k)
    dims = ops.stack([ops.const(len(b)) + 0 * sq[..., i] for i, b in enumerate(blocks(d, k))], -1)
    return [("||u||_Phi <= 1", ops.all(ops.le(sq, dims), -1))]


def _sides(ops, v):
    d, k = v["d"], v["k"]
    x, u = v["x"], v["u"]
    sq = block_sq_norms(ops, x, d, k)
    rhs = ops.sum(ops.stack([ops.sqrt(len(b) * sq[..., i]) for i, b in enumerate(blocks(d, k))],
                            -1), -1)
    return ops.sum(x * u, -1), rhs


DEFINITION_3_8 = register(computed_statement(
    "adam_linf/definition-3.8",
    kind="claim", number="3.8", section="3.3 (Definition 3.8)",
    title="The dual of the Φ-norm is Σ_b √d_b‖x_(b)‖₂",
    latex=(r"\|x\|_\Phi = \max_b \frac{\|x_{(b)}\|_2}{\sqrt{d_b}},\quad \|x\|_{\Phi,*} = "
           r"\sum_{b=1}^B\sqrt{d_b}\|x_{(b)}\|_2"),
    inputs=(IN_X, IN_U), size_names=SIZE_NAMES, sizes=sizes_dk, sampler=_sample, hyps=_hyps,
    hypotheses_latex=(r"\|u\|_\Phi \le 1",),
    sides=_sides, lhs_latex=r"x^\top u", rhs_latex=r"\sum_b\sqrt{d_b}\|x_{(b)}\|_2",
    supremum_ratio=1.0, source="Definition 3.8 (Section 3.3)",
    notes="The sup over u is attained at u_(b) = √d_b x_(b)/‖x_(b)‖₂ (drawn): the best ratio "
          "reaches 1 − 2⁻⁴⁰.",
))
