"""The sets S11 and S12 in the proof of Theorem C.1 (= Theorem 3.5), Appendix C.

As printed (line 597): "For i ∈ S11, we have −(1−β₁)/β₁ g_{t,i}² < m_{t−1,i}g_{t,i} < 0. This implies
that ρ_i < 0 and |ρ_i| < (1−β₁)/β₁", and for i ∈ S12 "m_{t−1,i}g_{t,i} > 0".  S1 is the
synchronous mask (5), m_t ⊙ g_t ≥ 0; S2 the asynchronous mask (6), m_{t−1} ⊙ g_t ≥ 0 (both with
≥ as printed); S12 = S1 ∩ S2, S11 = S1 ∖ S12.  With m_t = β₁m_{t−1} + (1−β₁)g_t, i ∈ S1 means
m_{t−1}g ≥ −(1−β₁)/β₁ g²: the printed *strict* bounds fail on the boundaries.

* ``alphaadam/theorem-3.5-s11`` (strict, as printed): violated where m_t g_t = 0
  (m_{t−1}g = −(1−β₁)/β₁ g² exactly); corrected: ≤.
* ``alphaadam/theorem-3.5-s12`` (strict, as printed): violated where m_{t−1}g_t = 0 (e.g.
  m₀ = 0 at t = 1); corrected: ≥ 0.

The upper bound m_{t−1}g < 0 of S11 is its defining condition (a hypothesis here).  S11 keeps a
hand sampler that puts a third of the candidates on the boundary with exactly representable
values (β₁ = 2^{−k}, m_{t−1} = −(2^k − 1)g): the derived sampler never draws that exact boundary
(1000 examples, seed 0: derived 'holds', hand 'violated'; docs/hand-samplers.md).  S12 needs
one too: the derived sampler draws m_{t−1} = 0 but, with the whole registry loaded (another
declaration order), its best candidate (β₁ ≈ 1e-18, g ≈ 5e7) was not decided as an exact
equality and the check reported 'holds' (seed 0, 1000 examples).
"""
from __future__ import annotations

import dataclasses

import sympy as sp
import torch

from ...declare import corrected, scalar, statement
from ...registry import register
from ...sampling import log_uniform
from ...statement import Hypothesis, SampleContext

beta1 = scalar("beta1", "(0, 1)", "β₁ (Theorem C.1: 0 < β₁ < 1)")
g = scalar("g", "R", "g_{t,i}")
mp = scalar("mp", "R", "m_{t−1,i}")
_C = (1 - beta1) / beta1
_MT = beta1 * mp + (1 - beta1) * g                                    # m_{t,i}
_B1 = Hypothesis(sp.And(sp.StrictGreaterThan(beta1, 0), sp.StrictLessThan(beta1, 1)),
                 note="Theorem C.1: 0 < β₁ < 1")
_IN_S1 = Hypothesis(sp.GreaterThan(_MT * g, 0), note="i ∈ S1: mask (5), m_{t,i}g_{t,i} ≥ 0")


def _sampler(ctx: SampleContext) -> dict:
    """β₁ = 2^{−k}, k ∈ {1..8} (dyadic, so the boundary values are exact) or uniform in (0, 1);
    g standard normal rounded to 20 bits times a power of two; m_{t−1}: on the S1 boundary
    −(2^k − 1)g (a third), 0 (a sixth), or g times a signed log-uniform factor."""
    B = ctx.B
    k = ctx.randint(1, 9, B).to(ctx.dtype)
    dyadic = ctx.rand(B) < 0.6
    b1 = torch.where(dyadic, torch.exp2(-k), ctx.rand(B).clamp(1e-6, 1 - 1e-6))
    mant, ex = torch.frexp(ctx.randn(B))
    gv = torch.ldexp(torch.round(mant * 2.0 ** 20), ex - 20) * torch.exp2(ctx.randint(-20, 21, B).to(ctx.dtype))
    u = ctx.rand(B)
    sign = torch.where(ctx.rand(B) < 0.5, -torch.ones(B, dtype=ctx.dtype), torch.ones(B, dtype=ctx.dtype))
    free = gv * sign * log_uniform(ctx, 1e-3, 1e3)
    boundary = dyadic & (u < 1 / 3)
    zero = u > 5 / 6
    mpv = torch.where(boundary, -(torch.exp2(k) - 1) * gv, torch.where(zero, torch.zeros_like(gv), free))
    return {"beta1": b1, "g": gv, "mp": mpv}


S11 = statement(
    "alphaadam/theorem-3.5-s11", kind="claim", number="3.5-s11",
    title="i ∈ S11 ⟹ −(1−β₁)/β₁ g_{t,i}² < m_{t−1,i}g_{t,i} (strict, as printed)",
    section="Appendix C, proof of Theorem C.1", family="other",
    latex=r"i\in S_{11}:\ -\frac{1-\beta_1}{\beta_1}g_{t,i}^2<m_{t-1,i}g_{t,i}<0",
    hypotheses=[_B1, _IN_S1,
                Hypothesis(sp.StrictLessThan(mp * g, 0),
                           note="i ∉ S2: mask (6), m_{t−1,i}g_{t,i} ≥ 0 fails")],
    lhs=-(1 - beta1) / beta1 * g ** 2, rhs=mp * g, strict=True,
    expected="violated", sampler=_sampler,
    source="Proof of Theorem C.1 (Appendix C, line 597)",
    notes="Violated on the boundary m_{t,i}g_{t,i} = 0 (which (5)'s ≥ puts in S1): there "
          "m_{t−1,i}g_{t,i} = −(1−β₁)/β₁ g_{t,i}² exactly.  The proof's conclusion "
          "|ρ_i| < (1−β₁)/β₁ inherits the strictness.",
)
S11_CORRECTED = register(dataclasses.replace(corrected(
    S11, reason="m_t g_t ≥ 0 (mask (5)) gives m_{t−1}g_t ≥ −(1−β₁)/β₁ g_t², with equality on "
                "the mask boundary m_t g_t = 0",
    latex=r"i\in S_{11}:\ -\frac{1-\beta_1}{\beta_1}g_{t,i}^2\le m_{t-1,i}g_{t,i}<0",
    register=False), strict=False))

S12 = statement(
    "alphaadam/theorem-3.5-s12", kind="claim", number="3.5-s12",
    title="i ∈ S12 ⟹ m_{t−1,i}g_{t,i} > 0 (strict, as printed)",
    section="Appendix C, proof of Theorem C.1", family="other",
    latex=r"i\in S_{12}:\ m_{t-1,i}g_{t,i}>0",
    hypotheses=[_B1, _IN_S1,
                Hypothesis(sp.GreaterThan(mp * g, 0), note="i ∈ S2: mask (6), m_{t−1,i}g_{t,i} ≥ 0")],
    lhs=_C * g ** 2, rhs=mp * g + _C * g ** 2, strict=True,
    expected="violated", sampler=_sampler,
    source="Proof of Theorem C.1 (Appendix C, S12 after line 597)",
    notes="Encoded as (1−β₁)/β₁·g² < m_{t−1}g + (1−β₁)/β₁·g², the same claim (both sides "
          "shifted by (1−β₁)/β₁·g²) written so that the ratio of the sides reaches 1 on the "
          "boundary.  Violated where m_{t−1,i}g_{t,i} = 0 (mask (6)'s ≥ puts it in S2), e.g. "
          "m₀ = 0 at t = 1 or g_{t,i} = 0.",
)
S12_CORRECTED = register(dataclasses.replace(corrected(
    S12, reason="mask (6) is m_{t−1}g_t ≥ 0: S12 contains m_{t−1}g_t = 0 (m₀ = 0 at t = 1)",
    latex=r"i\in S_{12}:\ m_{t-1,i}g_{t,i}\ge0", register=False), strict=False))
