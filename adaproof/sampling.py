"""Plain random samplers for statement inputs (the foundation's check; the adversarial
strategies of :mod:`adaproof.search` build on these).

Every function takes a :class:`~adaproof.statement.SampleContext` and returns tensors with a
leading batch dimension ``B``.  Distributions are mixtures that reach the edges the hypotheses
allow (β near 0 and near 1, tiny and huge scales, exact zeros, spikes)."""
from __future__ import annotations

import torch

from .statement import SampleContext

__all__ = ["log_uniform", "unit_interval", "gradient_sequences", "choose"]


def choose(ctx: SampleContext | torch.Generator, options):
    """One element of ``options``, uniformly (a shared choice for the whole batch). Takes a
    sampler's context or, in a ``sizes(generator, preset)`` function, the generator itself."""
    gen = ctx if isinstance(ctx, torch.Generator) else ctx.generator
    return options[int(torch.randint(len(options), (1,), generator=gen))]


def log_uniform(ctx: SampleContext, low: float, high: float, *shape) -> torch.Tensor:
    """``exp(U(log low, log high))`` of shape ``(B, *shape)``."""
    import math
    u = ctx.rand(ctx.B, *shape)
    return torch.exp(math.log(low) + u * (math.log(high) - math.log(low)))


def unit_interval(ctx: SampleContext, *, closed_low: bool = False) -> torch.Tensor:
    """A value in (0, 1) per candidate (``[0, 1)`` with ``closed_low``): a mixture of uniform,
    near 1 (``1 - 10^{-U(0, 8)}``) and near 0 (``10^{-U(0, 8)}``, or exactly 0)."""
    B = ctx.B
    which = ctx.randint(0, 4 if closed_low else 3, B)
    uni = ctx.rand(B).clamp(1e-12, 1 - 1e-12)
    near1 = 1 - 10 ** (-8 * ctx.rand(B))
    near0 = 10 ** (-8 * ctx.rand(B))
    out = torch.where(which == 0, uni, torch.where(which == 1, near1, near0))
    near1 = torch.where(near1 >= 1, torch.full_like(near1, 1 - 2 ** -52), near1)
    out = torch.where(which == 1, near1, out)
    if closed_low:
        out = torch.where(which == 3, torch.zeros_like(out), out)
    return out


def gradient_sequences(ctx: SampleContext, T: int, *shape) -> torch.Tensor:
    """``(B, T, *shape)`` gradient sequences from a mixture of patterns: Gaussian, constant,
    geometric growth/decay, quiet stretch then a spike, alternating signs, sparse, Cauchy,
    with exact zeros sprinkled in; each candidate gets a log-uniform scale in [1e-6, 1e6]."""
    B = ctx.B
    full = (B, T) + tuple(shape)
    pattern = ctx.randint(0, 7, B).reshape((B,) + (1,) * (len(full) - 1))
    base = ctx.randn(*full)
    tt = torch.arange(1, T + 1, dtype=ctx.dtype, device=ctx.device).reshape(
        (1, T) + (1,) * len(shape))
    rate = (0.5 + ctx.rand(B)).reshape((B,) + (1,) * (len(full) - 1))
    geometric = torch.sign(base) * rate ** (tt - T)  # ends at magnitude 1
    spike = torch.where(tt == T, torch.full_like(base, 1.0), 1e-3 * base)
    alternating = (-1.0) ** tt * base.abs()
    sparse = torch.where(ctx.rand(*full) < 0.1, base * 10, torch.zeros_like(base))
    u = ctx.rand(*full).clamp(1e-6, 1 - 1e-6)
    cauchy = torch.tan(torch.pi * (u - 0.5))
    const = base[:, :1].expand(full)
    options = [base, const, geometric, spike, alternating, sparse, cauchy]
    out = options[0]
    for k, o in enumerate(options[1:], start=1):
        out = torch.where(pattern == k, o, out)
    zeros = ctx.rand(*full) < 0.05
    out = torch.where(zeros, torch.zeros_like(out), out)
    scale = log_uniform(ctx, 1e-6, 1e6).reshape((B,) + (1,) * (len(full) - 1))
    return out * scale
