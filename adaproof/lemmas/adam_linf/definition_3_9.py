"""Definition 3.9 (Section 3.3) and the two sentences after its display (1).

As printed:

    When A ⪰ |∇²L(x)|, we have that sup_{‖u‖_Φ≤1} |uᵀ∇²L(x)u| ≤ sup_{‖u‖_Φ≤1} uᵀAu. When
    diagonal A follows partition Φ, we have that sup_{‖u‖_Φ≤1} uᵀAu = Tr(A). So Φ-smoothness
    defined in Definition 3.9 is always no smaller than the smoothness under Φ-norm.

Encoded as their conclusion for every ``u`` of the Φ-norm ball: ``|uᵀMu| ≤ Tr(A)`` for a diagonal
``A`` following Φ with ``A ⪰ |M|`` (``|M| = (MᵀM)^{1/2}``, decided in mpmath).  ``A`` is drawn
as ``c·diag(r_Φ(i))`` with ``c`` the smallest factor making it dominate ``|M|`` (times
``1 + 2^-40``), or above.  Holds; tight at ``M = ssᵀ``-type Hessians with ``u`` a vertex.
The monotonicity under refinement (Φ_AdaSGD largest, Φ_Adam smallest) compares minima of
semidefinite programs; ``adam_linf/definition-3.9-refinement`` checks it for d = 2, where (1) has
a closed form.
"""
from __future__ import annotations

import torch

from ...computed import Input, computed_statement
from ...matrix import blocks, symmetric_mix
from ...registry import register
from ._matrix import IN_M, SIZE_NAMES, block_sq_norms, expand_blocks, is_symmetric, quad, seq, \
    sizes_dk

IN_A = Input("a", ("k",), ">= 0", "the diagonal of A per block (A_ii = a_Φ(i))")
IN_U = Input("u", ("d",), "||u||_Phi <= 1", "a vector of the Φ-norm unit ball")


def _sample(ctx) -> dict:
    d, k = ctx.sizes["d"], ctx.sizes["k"]
    M = symmetric_mix(ctx, d)
    r = torch.exp(ctx.randn(ctx.B, k))
    R = torch.diag_embed(torch.cat([r[:, [b]].expand(-1, len(bl))
                                    for b, bl in enumerate(blocks(d, k))], 1))
    w, Q = torch.linalg.eigh(M)
    absM = (Q * w.abs()[:, None, :]) @ Q.transpose(-1, -2)
    Ri = torch.diag_embed(torch.diagonal(R, dim1=-2, dim2=-1).rsqrt())
    c = torch.linalg.eigvalsh(Ri @ absM @ Ri)[:, -1].clamp_min(0)
    slack = torch.where(ctx.rand(ctx.B) < 0.5, torch.zeros(ctx.B, dtype=ctx.dtype),
                        torch.exp(ctx.randn(ctx.B) - 2))
    a = r * (c * (1 + 2.0 ** -40) * (1 + slack))[:, None]
    u = torch.empty(ctx.B, d, dtype=ctx.dtype)
    for bl in blocks(d, k):
        z = torch.where(ctx.rand(ctx.B, 1) < 0.5, torch.sign(ctx.randn(ctx.B, len(bl))),
                        ctx.randn(ctx.B, len(bl)))
        u[:, bl] = z / z.norm(dim=1, keepdim=True).clamp_min(1e-300) * len(bl) ** 0.5 * \
            (1 - 2.0 ** -40)
    return {"M": seq(M), "a": seq(a), "u": seq(u)}


def _hyps(ops, v):
    d, k = v["d"], v["k"]
    M, a, u = v["M"], v["a"], v["u"]
    sq = block_sq_norms(ops, u, d, k)
    dims = ops.stack([ops.const(len(b)) + 0 * sq[..., i] for i, b in enumerate(blocks(d, k))], -1)
    A = ops.diag_embed(expand_blocks(ops, a, d, k))
    return [("M symmetric", is_symmetric(ops, M)),
            ("||u||_Phi <= 1", ops.all(ops.le(sq, dims), -1)),
            ("A ⪰ |M|", ops.psd(A - ops.mabs(M)))]


def _sides(ops, v):
    d, k = v["d"], v["k"]
    A = ops.diag_embed(expand_blocks(ops, v["a"], d, k))
    return ops.abs(quad(ops, v["M"], v["u"])), ops.sum(ops.diagonal(A), -1)


DEFINITION_3_9 = register(computed_statement(
    "adam_linf/definition-3.9",
    kind="claim", number="3.9", section="3.3 (after Definition 3.9, display (1))",
    title="A ⪰ |∇²L|, diagonal following Φ: sup_{‖u‖_Φ≤1}|uᵀ∇²L u| ≤ Tr(A)",
    latex=(r"A \succeq |\nabla^2L(x)|,\ A \text{ diagonal following } \Phi:\quad "
           r"\sup_{\|u\|_\Phi\le1}|u^\top\nabla^2L(x)u| \le \sup_{\|u\|_\Phi\le1}u^\top Au = "
           r"\mathrm{Tr}(A)"),
    inputs=(IN_M, IN_A, IN_U), size_names=SIZE_NAMES, sizes=sizes_dk, sampler=_sample,
    hyps=_hyps, hypotheses_latex=(r"M = M^\top = \nabla^2L(x)", r"\|u\|_\Phi\le1",
                                  r"A = \mathrm{diag}(a_{\Phi(i)}) \succeq |M|"),
    sides=_sides, lhs_latex=r"|u^\top Mu|", rhs_latex=r"\mathrm{Tr}(A)",
    source="Section 3.3, the two sentences after display (1)",
))


def _sample_2(ctx) -> dict:
    return {"M": seq(symmetric_mix(ctx, 2))}


def _h_adam_2(ops, M):
    P = ops.mabs(M)
    return P[..., 0, 0] + P[..., 1, 1] + 2 * ops.abs(P[..., 0, 1])


DEFINITION_3_9_REFINEMENT = register(computed_statement(
    "adam_linf/definition-3.9-refinement",
    kind="claim", number="3.9", section="3.3 (after Definition 3.9)",
    title="H(L, Φ) is non-increasing under refinement: H(L, Φ_Adam) ≤ H(L, Φ_AdaSGD) (d = 2)",
    latex=(r"\Phi_1 \text{ includes } \Phi_2 \implies H(L,\Phi_1) \ge H(L,\Phi_2);\ "
           r"H(L,\Phi_{\mathrm{AdaSGD}}) \text{ is the largest and } H(L,\Phi_{\mathrm{Adam}}) "
           r"\text{ the smallest}"),
    inputs=(IN_M,), size_names={"d": "dimension d (2: the closed form of (1))"},
    sizes=lambda gen, preset: {"d": 2}, sampler=_sample_2,
    hyps=lambda ops, v: [("M symmetric", is_symmetric(ops, v["M"]))],
    hypotheses_latex=(r"M = M^\top = \nabla^2L,\ d = 2",),
    sides=lambda ops, v: (_h_adam_2(ops, v["M"]), 2 * ops.spec_norm(v["M"])),
    lhs_latex=r"H(L,\Phi_{\mathrm{Adam}}) = |M|_{11} + |M|_{22} + 2\,||M|_{12}|",
    rhs_latex=r"H(L,\Phi_{\mathrm{AdaSGD}}) = 2\|M\|_2", supremum_ratio=1.0,
    source="Section 3.3, the paragraph after display (1) (refinement)",
    notes="For d = 2 the minimum (1) over diagonal A ⪰ P = |M| is P₁₁ + P₂₂ + 2|P₁₂| (the "
          "minimiser has a_i − P_ii = |P₁₂|); the other partitions of two coordinates are these "
          "two.  Tight: |P₁₂| = (μ₁ − μ₂)/2.",
))
