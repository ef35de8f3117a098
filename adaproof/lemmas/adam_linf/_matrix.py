"""Shared pieces of adam_linf's matrix claims (Sections 3.2-3.3, Lemma C.3).

Every claim is about the Hessian ``M = ∇²L(x)`` at one point; a quadratic loss
``L(x) = xᵀMx/2`` has that Hessian everywhere, so the claims are attacked over symmetric ``M``
(and the suprema over ``x`` are the values at ``M``).  A partition Φ is contiguous blocks of
near-equal sizes (:func:`adaproof.matrix.blocks`; ``k = d`` is Φ_Adam, ``k = 1`` Φ_AdaSGD).

Definition C.2 (H-blockwise smoothness w.r.t. the Φ-norm) for a quadratic reads
``‖M_{(b),:}Δ‖₂ ≤ √d_b H_b ‖Δ‖_Φ`` for all Δ, i.e. ``H_b ≥ h_b := sup_{‖Δ‖_Φ ≤ 1}
‖M_{(b),:}Δ‖₂/√d_b``.  For Φ_Adam ``h_i = Σ_j |M_ij|`` (Definition 3.3's coordinate-wise
constant; exact in rationals) and for Φ_AdaSGD ``h = ‖M‖₂``; in between the supremum (a convex
function over a product of balls) is not computable exactly, so ``H_b`` is drawn at or above the
upper bound ``U_b = Σ_{b'} √(d_{b'}/d_b) ‖M_{(b),(b')}‖₂ ≥ h_b`` (equal to ``h_b`` for Φ_Adam and
Φ_AdaSGD): in those middle partitions the values ``h_b ≤ H_b < U_b`` are not attacked.
"""
from __future__ import annotations

import math

import torch

from ...computed import Input
from ...matrix import blocks, symmetric_mix
from ...sampling import choose
from ...symbolic import SeqValue

SIZE_NAMES = {"d": "dimension d", "k": "number of blocks of the partition Φ (k = d: Φ_Adam, "
                                        "k = 1: Φ_AdaSGD)"}
IN_M = Input("M", ("d", "d"), "symmetric", "the Hessian ∇²L(x) (a quadratic loss)")
IN_H = Input("H", ("k",), ">= h_b", "blockwise smoothness constants H_b (Definition C.2)")
IN_DELTA = Input("Delta", ("d",), "R", "the direction Δ")


def sizes_dk(gen: torch.Generator, preset: str) -> dict:
    d = choose(gen, (2, 2, 3, 3, 4))
    r = float(torch.rand((), generator=gen))
    k = d if r < 0.5 else (1 if r < 0.7 else choose(gen, tuple(range(1, d + 1))))
    return {"d": d, "k": k}


def sizes_d(gen: torch.Generator, preset: str) -> dict:
    return {"d": choose(gen, (2, 2, 3, 3, 4))}


def _opnorm2(X: torch.Tensor) -> torch.Tensor:
    return torch.linalg.matrix_norm(X, ord=2)


def upper_h(M: torch.Tensor, k: int) -> torch.Tensor:
    """``U_b`` (float) of the module docstring, ``(B, k)``."""
    d = M.shape[-1]
    bl = blocks(d, k)
    if k == d:
        return M.abs().sum(-1)
    cols = []
    for b in bl:
        acc = torch.zeros(M.shape[0], dtype=M.dtype)
        for b2 in bl:
            acc = acc + math.sqrt(len(b2) / len(b)) * _opnorm2(M[:, b][:, :, b2])
        cols.append(acc)
    return torch.stack(cols, 1)


def h_bound(ops, M, k: int):
    """``U_b`` on any backend (rational for Φ_Adam; mpmath otherwise)."""
    d = M.shape[-1]
    if k == d:
        return ops.sum(ops.abs(M), -1)
    bl = blocks(d, k)
    cols = []
    for b in bl:
        acc = 0
        for b2 in bl:
            X = M[..., b, :][..., :, b2]
            nrm = ops.sqrt(ops.lam_max(ops.T(X) @ X))
            acc = acc + ops.sqrt(ops.const(len(b2)) / len(b)) * nrm
        cols.append(acc)
    return ops.stack(cols, -1)


def expand_blocks(ops, H, d: int, k: int):
    """``(B, d)``: ``H_{Φ(i)}``."""
    idx = [b for b, bl in enumerate(blocks(d, k)) for _ in bl]
    return H[..., idx]


def block_sq_norms(ops, x, d: int, k: int):
    """``(B, k)``: ``‖x_{(b)}‖₂²``."""
    return ops.stack([ops.sum(x[..., bl] * x[..., bl], -1) for bl in blocks(d, k)], -1)


def quad(ops, M, x):
    return ops.sum(ops.sum(x[..., :, None] * M * x[..., None, :], -1), -1)


def is_symmetric(ops, M):
    return ops.all(ops.all(ops.eq(M, ops.T(M)), -1), -1)


def draw_H(ctx, M: torch.Tensor, k: int) -> torch.Tensor:
    """``H_b`` at ``U_b`` (exactly, when ``M`` has integer entries and the partition is Φ_Adam:
    the float row sums are then exact) or above it by a random slack."""
    U = upper_h(M, k)
    exact = (M == torch.round(M)).all(-1).all(-1) & torch.tensor(k == M.shape[-1])
    base = torch.where(exact[:, None], U, U * (1 + 2.0 ** -40))
    slack = torch.where(ctx.rand(ctx.B, 1) < 0.5, torch.zeros(ctx.B, 1, dtype=ctx.dtype),
                        torch.exp(ctx.randn(ctx.B, k) * 2 - 2))
    return base * (1 + slack)


def draw_delta(ctx, d: int) -> torch.Tensor:
    """Gaussian directions, half the time sign vectors (the cube's vertices)."""
    g = ctx.randn(ctx.B, d)
    s = torch.where(ctx.rand(ctx.B, d) < 0.5, -1.0, 1.0).to(ctx.dtype)
    return torch.where(ctx.rand(ctx.B, 1) < 0.5, g, s)


def seq(x: torch.Tensor) -> SeqValue:
    return SeqValue(x.contiguous(), (1,) * (x.dim() - 1))


def sample_mhd(ctx) -> dict:
    d, k = ctx.sizes["d"], ctx.sizes["k"]
    M = symmetric_mix(ctx, d)
    return {"M": seq(M), "H": seq(draw_H(ctx, M, k)), "Delta": seq(draw_delta(ctx, d))}


def hyps_mh(ops, v):
    d, k = v["d"], v["k"]
    M, H = v["M"], v["H"]
    return [("M symmetric", is_symmetric(ops, M)),
            ("H_b >= U_b (Definition C.2)", ops.all(ops.ge(H, h_bound(ops, M, k)), -1))]


def _h_derived(out, z, sizes):
    """``H_b = U_b(1 + 2^-40)(1 + softplus(z_H) - log 2)``: at the bound when ``z_H = 0``."""
    M = out["M"]
    U = upper_h(M, sizes["k"])
    s = torch.nn.functional.softplus(z["H_slack"]) - torch.log(torch.tensor(2.0, dtype=M.dtype))
    return {"H": U * (1 + 2.0 ** -40) * (1 + s.clamp_min(0))}


def reparam_mhd():
    """Guided search for the (M, H, Δ) statements: ``M = (Z + Zᵀ)/2``, ``H_b`` from ``M`` (at
    or above ``U_b``), ``Δ`` free."""
    from ...matrix import MatrixReparam
    return MatrixReparam({"M": ("symmetric", lambda s: (s["d"], s["d"])),
                          "Delta": ("free", lambda s: (s["d"],))},
                         derived=_h_derived, extra={"H_slack": lambda s: (s["k"],)})


def reparam_m():
    from ...matrix import MatrixReparam
    return MatrixReparam({"M": ("symmetric", lambda s: (s["d"], s["d"]))})
