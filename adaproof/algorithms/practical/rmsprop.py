"""RMSprop exactly as ``torch.optim.RMSprop`` (torch 2.13) runs it (practical form, no paper id).

The algorithm as the PyTorch documentation prints it (``γ`` = lr, ``α`` = alpha, ``λ`` =
weight_decay, ``μ`` = momentum, ``ε`` = eps)::

    input: α, ε, γ, θ0, f, λ, μ, centered, maximize
    initialize: v0 ← 0 (square average), b0 ← 0 (buffer), g0^ave ← 0
    for t = 1 to ...:
        if maximize: g_t ← -∇f_t(θ_{t-1})  else: g_t ← ∇f_t(θ_{t-1})
        if λ ≠ 0: g_t ← g_t + λ θ_{t-1}
        v_t ← α v_{t-1} + (1 - α) g_t²
        ṽ_t ← v_t
        if centered: g_t^ave ← α g_{t-1}^ave + (1 - α) g_t;  ṽ_t ← ṽ_t - (g_t^ave)²
        if μ > 0: b_t ← μ b_{t-1} + g_t / (√ṽ_t + ε);  θ_t ← θ_{t-1} - γ b_t
        else:     θ_t ← θ_{t-1} - γ g_t / (√ṽ_t + ε)
    return θ_t

Defaults: lr = 1e-2, alpha = 0.99, eps = 1e-8, weight_decay = 0, momentum = 0, centered = False,
maximize = False.  No bias correction; ε outside the square root.

Operation order (from ``torch.optim.rmsprop._single_tensor_rmsprop``): ``v ← v·α + (1-α)·g·g``
(addcmul); centered: ``g^ave ← lerp(g^ave, g, 1-α)``, ``avg = √(v - g^ave·g^ave)``; else
``avg = √v``; ``avg ← avg + ε``; momentum: ``b ← b·μ + g / avg`` (addcdiv), ``θ ← θ - lr·b``;
no momentum: ``θ ← θ + (-lr)·g / avg`` (addcdiv).

Recorded per step (each ``(B, *shape)``): ``grad`` (after the maximize flip and the L2 term),
``v`` (the square average), ``g_avg`` (centered only), ``denom`` (``avg`` above, ε included),
``step_size`` (the effective per-coordinate step size ``lr / denom``: the factor multiplying
``g_t``, directly or through the momentum buffer), ``buf`` (the momentum buffer ``b_t``; equal to
``g_t / denom`` when μ = 0) and ``update`` (``θ_t - θ_{t-1}``).  ``v``, ``g_avg`` and ``buf``
are in ``initial_keys`` (zero at step 0; ``g_avg`` only when centered).

Hyperparameters: ``lr`` ≥ 0 (a real, a ``(B,)`` tensor or a schedule ``t -> lr``), ``alpha`` ∈
[0, 1], ``eps`` ≥ 0, ``weight_decay`` ≥ 0, ``momentum`` ≥ 0 (reals or ``(B,)`` tensors),
``centered``, ``maximize`` (bools).

Ambiguity: torch accepts any ``alpha ≥ 0``; with α > 1 the square average ``α v + (1-α) g²``
can turn negative and its square root is NaN; resolved as α ∈ [0, 1] (α = 1 is kept: v stays 0
and the step is ``lr·g/ε``, as in torch).
Ambiguity: centered, ``v_t - (g_t^ave)²`` is ≥ 0 in exact arithmetic (it is a weighted variance
with weights summing to 1 - α^t ≤ 1) but can round to a tiny negative number, whose square
root torch returns as NaN; resolved as torch does (no clamp), so the trajectories stay equal.
Ambiguity: ``eps = 0`` with a zero square average gives 0/0 = NaN in torch; the step computes it as
torch does (no guard; the value range is torch's) and ``run()`` then raises AdaproofInputError
naming the step and coordinate (its state check); ``run(..., check_state=False)`` returns torch's
NaN (the
same holds for the centered NaN above).
Ambiguity: torch branches on ``momentum > 0``.  With per-candidate momenta both branches are
evaluated and selected per candidate, so every candidate matches its own torch run to the bit.
"""
from __future__ import annotations

from typing import Any

import torch

from ..._validation import as_hyper, check_finite_ratio, check_not_subnormal
from .._core import Algorithm
from ..optim import AlgorithmOptimizer
from .adam import _add_scaled, _check_bool, _ema_sq, _lerp, _lr_at, _nonneg

__all__ = ["RMSprop", "RMSpropOptimizer"]


class RMSprop(Algorithm):
    """``torch.optim.RMSprop``, batched.  Hyperparameters: ``lr`` ≥ 0 (or a schedule),
    ``alpha`` ∈ [0, 1], ``eps`` ≥ 0, ``weight_decay`` ≥ 0, ``momentum`` ≥ 0, ``centered``,
    ``maximize``."""

    name = "practical.rmsprop"
    paper = None
    #: keys recorded whatever the options; ``centered=True`` adds "g_avg"
    recorded = ("grad", "v", "denom", "step_size", "buf", "update")
    initial_keys = ("v", "g_avg", "buf")

    def __init__(self, lr: Any = 1e-2, alpha: Any = 0.99, eps: Any = 1e-8,
                 weight_decay: Any = 0.0, momentum: Any = 0.0, centered: Any = False, *,
                 maximize: Any = False) -> None:
        lr = self._lr("lr", lr, allow_zero=True)
        alpha = as_hyper("alpha", alpha, 0.0, 1.0,
                         why="alpha > 1 can make the square average negative")
        eps = _nonneg("eps", eps)
        check_not_subnormal("eps", eps, why="the step divides lr by sqrt(v) + eps, which is eps for a zero gradient")
        check_finite_ratio("lr", lr, "eps", eps, why="the step divides lr by sqrt(v) + eps, which is eps for a zero gradient")
        weight_decay = _nonneg("weight_decay", weight_decay)
        momentum = _nonneg("momentum", momentum)
        centered = _check_bool("centered", centered)
        maximize = _check_bool("maximize", maximize)
        super().__init__(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay,
                         momentum=momentum, centered=centered, maximize=maximize)
        if centered:
            self.recorded = type(self).recorded + ("g_avg",)

    def init(self, x0: torch.Tensor) -> dict:
        state = {"x": x0, "v": torch.zeros_like(x0), "buf": torch.zeros_like(x0)}
        if self.hyper["centered"]:
            state["g_avg"] = torch.zeros_like(x0)
        return state

    def step(self, state: dict, g: torch.Tensor, t: int):
        alpha, eps = self.hp("alpha", g), self.hp("eps", g)
        wd, mu = self.hp("weight_decay", g), self.hp("momentum", g)
        lr = _lr_at(self, g, t)
        x = state["x"]
        grad = -g if self.hyper["maximize"] else g
        grad = _add_scaled(grad, x, wd)  # grad.add(param, alpha=weight_decay)
        v = _ema_sq(state["v"], grad, alpha)
        new_state = {"v": v}
        if self.hyper["centered"]:
            g_avg = _lerp(state["g_avg"], grad, 1 - alpha)
            new_state["g_avg"] = g_avg
            avg = torch.sqrt(torch.addcmul(v, g_avg, g_avg, value=-1))
        else:
            avg = torch.sqrt(v)
        denom = avg + eps
        buf_mom = torch.addcdiv(state["buf"] * mu, grad, denom)  # buf.mul_(mu).addcdiv_(grad, avg)
        x_mom = _add_scaled(x, buf_mom, -lr)  # param.add_(buf, alpha=-lr)
        x_plain = x + (-lr) * grad / denom  # param.addcdiv_(grad, avg, value=-lr)
        if isinstance(mu, torch.Tensor):
            use = mu > 0
            buf = torch.where(use, buf_mom, grad / denom)
            x_new = torch.where(use, x_mom, x_plain)
        elif mu > 0:
            buf, x_new = buf_mom, x_mom
        else:
            buf, x_new = grad / denom, x_plain
        new_state["buf"] = buf
        new_state["x"] = x_new
        step_size = lr / denom
        rec = {"grad": grad, "v": v, "denom": denom, "step_size": step_size, "buf": buf,
               "update": x_new - x}
        if self.hyper["centered"]:
            rec["g_avg"] = new_state["g_avg"]
        return new_state, rec


class RMSpropOptimizer(AlgorithmOptimizer):
    """``torch.optim.RMSprop`` behaviour through :class:`RMSprop`."""

    algorithm_class = RMSprop
