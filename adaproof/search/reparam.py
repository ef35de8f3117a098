"""Reparameterisations for gradient-guided search: unconstrained tensors ``z`` onto statement
inputs that satisfy the statement's hypotheses *by construction*.

A :class:`Reparam` has three maps, all batched over ``B`` candidates:

* ``forward(z, sizes) -> inputs``: differentiable (plain torch ops); the inputs are in the format
  the statement's sampler returns (scalars ``(B,)``, sequences :class:`~adaproof.symbolic.SeqValue`)
  and satisfy every hypothesis *exactly* for their float values (the float screen's rounding
  allowance is never needed);
* ``init(inputs, sizes) -> z``: an (approximate) inverse, to start the search from known inputs;
* ``random(B, sizes, generator) -> z``: random restarts.

``z`` is a dict of tensors with leading dimension ``B``.  Entries with ``requires_grad=True`` are
the optimised variables; entries without are discrete switches (gates such as "this slack is
exactly 0", "β₁ = 0 exactly"), kept fixed by the optimiser and redrawn only on a restart.
"""
from __future__ import annotations

from typing import Mapping, Protocol, runtime_checkable

import torch

from ..symbolic import SeqValue

__all__ = ["Reparam", "LogSumReparam", "AdamReparam", "INFLATE", "V_FLOOR"]

#: Lemma 3.12's sampler inflates every v_t by this factor (16 unit roundoffs > the < 5u rounding
#: of the recursion) so that the hypothesis holds exactly for the float values; see
#: docs/tolerance.md
INFLATE = 1 + 2.0 ** -49
#: ... and floors it clear of underflow
V_FLOOR = 1e-280

_B2_LO, _B2_HI = 1e-12, 1 - 1e-12  # β₂ may reach 1e-12 and 1 - 1e-12
_S_HI = 1 - 2.0 ** -30  # β₁/β₂ ≤ this, so that fl(β₂·s) < β₂ strictly


@runtime_checkable
class Reparam(Protocol):
    """See the module docstring."""

    def init(self, inputs: Mapping, sizes: Mapping[str, int]) -> dict[str, torch.Tensor]: ...

    def forward(self, z: Mapping[str, torch.Tensor], sizes: Mapping[str, int]) -> dict: ...

    def random(self, B: int, sizes: Mapping[str, int], generator: torch.Generator, *,
               dtype=torch.float64, device="cpu") -> dict[str, torch.Tensor]: ...


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def _leaf(x: torch.Tensor) -> torch.Tensor:
    return x.detach().clone().requires_grad_(True)


def _switch(x: torch.Tensor) -> torch.Tensor:
    return x.detach().clone().requires_grad_(False)


def _logit(p: torch.Tensor) -> torch.Tensor:
    p = p.clamp(1e-300, 1 - 2.0 ** -53)
    return torch.log(p) - torch.log1p(-p)


def _inv_softplus(y: torch.Tensor) -> torch.Tensor:
    y = y.clamp_min(1e-300)
    return torch.where(y > 20, y + torch.log1p(-torch.exp(-y.clamp_max(700))),
                       torch.log(torch.expm1(y.clamp_max(20))))


def _values(x) -> torch.Tensor:
    return x.data if isinstance(x, SeqValue) else x


def _gen_like(generator: torch.Generator, dtype, device):
    def randn(*shape):
        return torch.randn(*shape, generator=generator, dtype=dtype).to(device)

    def rand(*shape):
        return torch.rand(*shape, generator=generator, dtype=dtype).to(device)
    return randn, rand


def _gradient_shapes(randn, rand, B: int, T: int, *rest: int) -> torch.Tensor:
    """Unit-scale gradient shapes for restarts: Gaussian, constant, geometric in t (either
    direction, the Cauchy–Schwarz-tight shape of Adam's momentum), a final spike."""
    full = (B, T) + tuple(rest)
    base = randn(*full)
    bshape = (B,) + (1,) * (len(full) - 1)
    kind = torch.floor(rand(B) * 4).reshape(bshape)
    tt = torch.arange(1, T + 1, dtype=base.dtype, device=base.device).reshape(
        (1, T) + (1,) * len(rest))
    rate = torch.exp(2 * rand(B) - 1).reshape(bshape)  # e^{±1}
    geometric = rate ** (tt - T) * (1 + 0.1 * base)
    const = base[:, :1].expand(full) * (1 + 0.1 * base)
    spike = torch.where(tt == T, torch.ones_like(base), 0.01 * base)
    out = torch.where(kind == 1, const, base)
    out = torch.where(kind == 2, geometric, out)
    out = torch.where(kind == 3, spike, out)
    return out


class _InflatedRecursion(torch.autograd.Function):
    """``v_t = max((β₂v_{t−1} + inc_t)·INFLATE, V_FLOOR)`` as one autograd node: the values of
    :func:`adaproof.sampling.inflated_recursion` (the same IEEE operations in the same order as a
    step loop of tensor operations, so the hypothesis holds exactly for the float values) and the
    gradients of its adjoint recursion (:func:`adaproof.sampling.inflated_recursion_adjoint`),
    instead of a graph of ``4T`` nodes walked forward and back by autograd on every step of the
    guided search (T = 1000: about 12,000 tensor operations per step)."""

    @staticmethod
    def forward(ctx, b2, v0, inc):
        from ..sampling import inflated_recursion
        v = inflated_recursion(b2.detach(), v0.detach(), inc.detach().contiguous(), INFLATE,
                               V_FLOOR)
        ctx.save_for_backward(b2, v)
        return v

    @staticmethod
    def backward(ctx, gv):
        from ..sampling import inflated_recursion_adjoint
        b2, v = ctx.saved_tensors
        g_b2, g_v0, g_inc = inflated_recursion_adjoint(b2, v, gv, INFLATE, V_FLOOR)
        return g_b2, g_v0, g_inc


# ---------------------------------------------------------------------------------------------
# adam_linf Lemma 3.12 (family log-sum)
# ---------------------------------------------------------------------------------------------
class LogSumReparam:
    """Lemma 3.12 of adam_linf: ``0 < β₂ < 1``, ``v₀ > 0``, ``v_t − β₂v_{t−1} ≥ (1−β₂)g_t²``.

    ``z``: ``b2`` (B,) with β₂ = sigmoid(b2) clipped to [1e-12, 1 − 1e-12]; ``c`` (B,) a log
    scale; ``u`` (B, T) with g_t = e^c u_t (g is free); ``a0`` (B,) with v₀ = e^{2c + a0};
    ``s`` (B, T) with the slack s_t = e^{2c} softplus(s_t) where the switch ``gate`` (B, T) is 1,
    exactly 0 where it is 0.  Then v_t = β₂v_{t−1} + (1−β₂)(g_t² + s_t), each v_t multiplied by
    ``1 + 2⁻⁴⁹`` and floored at 1e-280 exactly as the lemma's sampler does, so the hypothesis holds
    exactly for the float values."""

    def forward(self, z: Mapping[str, torch.Tensor], sizes: Mapping[str, int]) -> dict:
        T = int(sizes["T"])
        b2 = torch.sigmoid(z["b2"]).clamp(_B2_LO, _B2_HI)
        c = z["c"].clamp(-200.0, 200.0)
        scale = torch.exp(c)
        g = (scale[:, None] * z["u"][:, :T]).clamp(-1e100, 1e100)
        slack = torch.exp(2 * c)[:, None] * torch.nn.functional.softplus(z["s"][:, :T]) * \
            z["gate"][:, :T]
        slack = slack.clamp_max(1e200)
        v0 = torch.exp((2 * c + z["a0"]).clamp(-640.0, 640.0))
        inc = (1 - b2)[:, None] * (g ** 2 + slack)
        v = _InflatedRecursion.apply(b2, v0, inc)
        return {"beta2": b2, "v": SeqValue(v, (0,)), "g": SeqValue(g, (1,))}

    def init(self, inputs: Mapping, sizes: Mapping[str, int]) -> dict[str, torch.Tensor]:
        T = int(sizes["T"])
        b2 = inputs["beta2"].to(torch.float64)
        g = _values(inputs["g"])[:, :T].to(torch.float64)
        v = _values(inputs["v"])[:, :T + 1].to(torch.float64)
        v0 = v[:, 0].clamp_min(1e-300)
        big = torch.maximum(g.square().amax(1), v0).clamp(1e-300, 1e300)
        c = 0.5 * torch.log(big)
        sc2 = torch.exp(2 * c)
        raw = (v[:, 1:] / INFLATE - b2[:, None] * v[:, :-1]) / (1 - b2)[:, None] - g.square()
        slack = raw.clamp_min(0.0)
        gate = (slack > 1e-12 * (g.square() + v[:, :-1])).to(torch.float64)
        s = torch.where(gate > 0, _inv_softplus(slack / sc2[:, None]),
                        torch.full_like(slack, -30.0))
        return {"b2": _leaf(_logit(b2)), "c": _leaf(c), "u": _leaf(g / torch.exp(c)[:, None]),
                "a0": _leaf(torch.log(v0) - 2 * c), "s": _leaf(s), "gate": _switch(gate)}

    def random(self, B: int, sizes: Mapping[str, int], generator: torch.Generator, *,
               dtype=torch.float64, device="cpu") -> dict[str, torch.Tensor]:
        T = int(sizes["T"])
        randn, rand = _gen_like(generator, dtype, device)
        b2 = 4 * randn(B)
        c = 2 * randn(B)
        u = _gradient_shapes(randn, rand, B, T)
        a0 = -12 * rand(B) + 4 * randn(B) * (rand(B) < 0.3)
        s = randn(B, T) - 2
        gate = ((rand(B, 1) < 0.5) & (rand(B, T) < 0.5)).to(dtype)
        return {"b2": _leaf(b2), "c": _leaf(c), "u": _leaf(u), "a0": _leaf(a0), "s": _leaf(s),
                "gate": _switch(gate)}


# ---------------------------------------------------------------------------------------------
# adam_complexity Lemma 5 (family update-norm)
# ---------------------------------------------------------------------------------------------
class AdamReparam:
    """Lemma 5 of adam_complexity (Algorithm 1): ``η > 0``, ``0 ≤ β₁ < β₂ < 1``, ``ν₀ > 0``
    per coordinate, ``m₀ = 0``, ``g`` and ``w₁`` free.

    ``z``: ``eta`` (B,) with η = e^eta; ``b2`` (B,) with β₂ = sigmoid(b2) clipped to
    [1e-12, 1 − 1e-12]; ``b1`` (B,) with β₁ = β₂·min(sigmoid(b1), 1 − 2⁻³⁰) (so fl(β₁) < β₂), or
    exactly 0 where the switch ``b1_zero`` (B,) is 1; ``c`` (B, d) a per-coordinate log scale,
    ``u`` (B, T, d) with g = e^c u; ``a`` (B, d) with ν₀ = e^{2c + a}; ``w1`` (B, d) with
    w₁ = η·w1 (in units of the step: the sides do not depend on w₁, but the float lhs
    |w_{t+1} − w_t| is a difference of iterates and loses ~u·|w|/η to cancellation).

    ``beta1_zero``: the fraction of random restarts in the β₁ = 0 family (0 disables it)."""

    def __init__(self, beta1_zero: float = 0.1) -> None:
        if not 0.0 <= beta1_zero <= 1.0:
            raise ValueError(f"beta1_zero is a fraction in [0, 1], got {beta1_zero!r}")
        self.beta1_zero = float(beta1_zero)

    def forward(self, z: Mapping[str, torch.Tensor], sizes: Mapping[str, int]) -> dict:
        T, d = int(sizes["T"]), int(sizes["d"])
        eta = torch.exp(z["eta"].clamp(-300.0, 300.0))
        b2 = torch.sigmoid(z["b2"]).clamp(_B2_LO, _B2_HI)
        s = torch.sigmoid(z["b1"]).clamp_max(_S_HI)
        b1 = torch.where(z["b1_zero"] > 0, torch.zeros_like(b2), b2 * s)
        c = z["c"][:, :d].clamp(-200.0, 200.0)
        g = (torch.exp(c)[:, None, :] * z["u"][:, :T, :d]).clamp(-1e100, 1e100)
        nu0 = torch.exp((2 * c + z["a"][:, :d]).clamp(-640.0, 640.0))
        w1 = eta[:, None] * z["w1"][:, :d]
        return {"eta": eta, "beta1": b1, "beta2": b2, "g": SeqValue(g, (1, 1)),
                "nu0": SeqValue(nu0, (1,)), "m0": SeqValue(torch.zeros_like(nu0), (1,)),
                "w1": SeqValue(w1, (1,))}

    def init(self, inputs: Mapping, sizes: Mapping[str, int]) -> dict[str, torch.Tensor]:
        T, d = int(sizes["T"]), int(sizes["d"])
        f64 = torch.float64
        eta = inputs["eta"].to(f64)
        b1, b2 = inputs["beta1"].to(f64), inputs["beta2"].to(f64)
        g = _values(inputs["g"])[:, :T, :d].to(f64)
        nu0 = _values(inputs["nu0"])[:, :d].to(f64).clamp_min(1e-300)
        w1 = _values(inputs["w1"])[:, :d].to(f64)
        c = 0.5 * torch.log(torch.maximum(g.square().amax(1), nu0).clamp(1e-300, 1e300))
        zero = (b1 <= 0).to(f64)
        ratio = torch.where(b1 > 0, b1 / b2.clamp_min(1e-300), torch.full_like(b1, 0.5))
        return {"eta": _leaf(torch.log(eta.clamp_min(1e-300))), "b2": _leaf(_logit(b2)),
                "b1": _leaf(_logit(ratio)), "b1_zero": _switch(zero), "c": _leaf(c),
                "u": _leaf(g / torch.exp(c)[:, None, :]), "a": _leaf(torch.log(nu0) - 2 * c),
                "w1": _leaf(w1 / torch.exp(torch.log(eta.clamp_min(1e-300)))[:, None])}

    def random(self, B: int, sizes: Mapping[str, int], generator: torch.Generator, *,
               dtype=torch.float64, device="cpu") -> dict[str, torch.Tensor]:
        T, d = int(sizes["T"]), int(sizes["d"])
        randn, rand = _gen_like(generator, dtype, device)
        eta = 2 * randn(B)
        b2 = 3 * randn(B) + 1
        b1 = 2 * randn(B)
        zero = (rand(B) < self.beta1_zero).to(dtype)
        c = 2 * randn(B, 1) + 0.5 * randn(B, d)
        u = _gradient_shapes(randn, rand, B, T, d)
        a = -15 * rand(B, d) + 2 * randn(B, d)
        w1 = randn(B, d)
        return {"eta": _leaf(eta), "b2": _leaf(b2), "b1": _leaf(b1), "b1_zero": _switch(zero),
                "c": _leaf(c), "u": _leaf(u), "a": _leaf(a), "w1": _leaf(w1)}

