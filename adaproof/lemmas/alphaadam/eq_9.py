"""Display (9) (Section 3.2.2) against Algorithm 1 (Section 3.2.3): two definitions of the
compensation factor -- an equality between two algorithms' quantities.

As printed:

    α(t) = sqrt( Σ_{i=1}^d u_i² / Σ_{i∈S} u_i² )                                     (9)
    Algorithm 1: ... φ_t = I(d_t > 0),  α_t = ‖u_t‖₂² / ‖φ_t ⊙ u_t‖₂²,
                 θ_{t+1} = θ_t − η̂ α_t φ_t ⊙ u_t.

The algorithm is presented as implementing (9) with ``S = {i : φ_{t,i} = 1}``:
``alphaadam/eq-9`` (``α_t = α(t)``) is **violated** whenever the mask drops a non-zero
coordinate (then ``α_t = α(t)² ≠ α(t)``); ``@corrected`` (``α_t = α(t)²``, Algorithm 1 lacks the
square root) holds.  Decided in ball arithmetic.
"""
from __future__ import annotations

import torch

from ...computed import Input, computed_statement
from ...registry import register
from ...sampling import choose
from ...symbolic import SeqValue

INPUTS = (Input("u", ("d",), "R", "the update u_t"),
          Input("phi", ("d",), "{0, 1}", "the mask φ_t (S = {i : φ_i = 1})"))


def _sizes(gen: torch.Generator, preset: str) -> dict:
    return {"d": choose(gen, (1, 2, 3, 5, 16))}


def _sample(ctx) -> dict:
    B, d = ctx.B, ctx.sizes["d"]
    u = ctx.randn(B, d) * torch.exp(ctx.randn(B, 1))
    phi = (ctx.rand(B, d) < torch.where(ctx.rand(B, 1) < 0.2, 1.0, 0.6)).to(ctx.dtype)
    return {"u": SeqValue(u.contiguous(), (1,)), "phi": SeqValue(phi.contiguous(), (1,))}


def _hyps(ops, v):
    u, phi = v["u"], v["phi"]
    return [("phi_i in {0, 1}", ops.all(ops.eq(phi * phi, phi), -1)),
            ("sum over S of u_i^2 > 0", ops.gt(ops.sum(phi * u * u, -1), 0 * u[..., 0]))]


def _alphas(ops, v):
    u, phi = v["u"], v["phi"]
    r = ops.sum(u * u, -1) / ops.sum(phi * u * u, -1)
    return ops.sqrt(r), r  # (9), Algorithm 1


def _sides(ops, v):
    a9, a1 = _alphas(ops, v)
    return ops.abs(a9 - a1), 0 * a1, ops.abs(a9) + ops.abs(a1)


def _sides_sq(ops, v):
    a9, a1 = _alphas(ops, v)
    return ops.abs(a9 * a9 - a1), 0 * a1, ops.abs(a9 * a9) + ops.abs(a1)


_COMMON = dict(kind="eq", number="9", section="3.2.2, display (9); Algorithm 1 (Section 3.2.3)",
               inputs=INPUTS, size_names={"d": "dimension d"}, sizes=_sizes, sampler=_sample,
               hyps=_hyps, hypotheses_latex=(r"\varphi_i\in\{0,1\},\ S = \{i:\varphi_i = 1\},\ "
                                             r"\sum_{i\in S}u_i^2 > 0",),
               rhs_latex="0", ratio_kind="relative", screen_rtol=1e-9,
               computed_kind="relation", real_backend="arb")

EQ_9 = register(computed_statement(
    "alphaadam/eq-9",
    title="(9) α(t) = sqrt(Σu²/Σ_S u²) is Algorithm 1's α_t = ‖u‖²/‖φ⊙u‖²",
    latex=(r"\alpha(t) = \sqrt{\frac{\sum_{i=1}^d u_i^2}{\sum_{i\in S}u_i^2}} \text{ (9)} = "
           r"\alpha_t = \frac{\|u_t\|_2^2}{\|\varphi_t\odot u_t\|_2^2} \text{ (Algorithm 1)}"),
    sides=_sides, lhs_latex=r"|\alpha(t) - \alpha_t|", expected="violated",
    source="Display (9) and Algorithm 1", notes="Violated: α_t = α(t)² (no square root).",
    **_COMMON))

EQ_9_CORRECTED = register(computed_statement(
    "alphaadam/eq-9",
    title="Algorithm 1's α_t is the square of (9)'s α(t)",
    latex=r"\alpha_t = \alpha(t)^2",
    sides=_sides_sq, lhs_latex=r"|\alpha(t)^2 - \alpha_t|", variant="corrected",
    reason="Algorithm 1 prints α_t = ‖u‖²/‖φ⊙u‖², the square of (9)'s α(t)",
    source="Display (9) and Algorithm 1", **_COMMON))
