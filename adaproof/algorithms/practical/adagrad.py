"""Adagrad exactly as ``torch.optim.Adagrad`` (torch 2.13) runs it (practical form, no paper id).

The algorithm as the PyTorch documentation prints it (``γ`` = lr, ``η`` = lr_decay,
``λ`` = weight_decay, ``τ`` = initial_accumulator_value, ``ε`` = eps, ``θ`` = the parameter)::

    input: γ, θ0, f, λ, τ, η, ε, maximize
    initialize: state_sum_0 ← τ
    for t = 1 to ...:
        if maximize: g_t ← -∇f_t(θ_{t-1})  else: g_t ← ∇f_t(θ_{t-1})
        γ̃ ← γ / (1 + (t - 1) η)
        if λ ≠ 0: g_t ← g_t + λ θ_{t-1}
        state_sum_t ← state_sum_{t-1} + g_t²
        θ_t ← θ_{t-1} - γ̃ g_t / (√state_sum_t + ε)
    return θ_t

Defaults: lr = 1e-2, lr_decay = 0, weight_decay = 0, initial_accumulator_value = 0, eps = 1e-10,
maximize = False.  The accumulator includes the current gradient before the step; ε is added
*outside* the square root.

Operation order (from ``torch.optim.adagrad._single_tensor_adagrad``): ``grad ← grad.add(param,
alpha=weight_decay)``; ``clr = lr / (1 + (step - 1)·lr_decay)``; ``sum.addcmul_(grad, grad)``;
``std = sum.sqrt().add_(eps)``; ``param.addcdiv_(grad, std, value=-clr)``.

Recorded per step (each ``(B, *shape)`` unless said): ``grad`` (the gradient accumulated: after
the maximize sign flip and the L2 term), ``sum`` (state_sum_t), ``clr`` (γ̃, shape ``(B,)``),
``std`` (``√state_sum_t + ε``), ``step_size`` (the per-coordinate step ``clr / std``) and ``update``
(``θ_t - θ_{t-1}``).  ``sum`` is in ``initial_keys`` (τ at step 0).

Hyperparameters: ``lr`` ≥ 0 (a real, a per-candidate ``(B,)`` tensor or a schedule ``t -> lr``),
``lr_decay`` ≥ 0, ``weight_decay`` ≥ 0, ``initial_accumulator_value`` ≥ 0, ``eps`` ≥ 0 (reals or
``(B,)`` tensors), ``maximize`` (bool).  These are torch's own ranges.

Mapping to the paper form :class:`adaproof.algorithms.adagrad_aniso.AdaGradAniso` (Algorithm 1,
Option II, ``v_{-1} = ϵ²``, ``w_{t+1} = w_t − η_t g_t/√v_t``): ``lr = η``,
``initial_accumulator_value = ϵ²``, ``eps = 0``, ``weight_decay = 0``, ``maximize = False``;
``lr_decay`` corresponds to the schedule ``η_{t-1} = lr/(1 + (t − 1)·lr_decay)``.  With ``eps > 0``
the two differ (ε outside vs ϵ² inside the square root).

Ambiguity: torch allows ``eps = 0`` with ``initial_accumulator_value = 0``; then a coordinate whose
gradient has been exactly 0 since the start gives ``0/0 = NaN`` in torch; the step computes it as
torch does (no guard; the value range is torch's) and ``run()`` then raises AdaproofInputError
naming the step and coordinate (its state check); ``run(..., check_state=False)`` returns torch's
NaN.
Ambiguity: the step index.  torch counts steps per parameter from 1; here ``t`` is the step index
``run`` passes (1, 2, ...), and ``lr_decay`` uses it.  A learning-rate schedule is evaluated at
``t`` (torch's schedulers set ``group["lr"]`` between steps: give ``t -> lr used at step t``); its
values are checked (≥ 0) at every step.
"""
from __future__ import annotations

from typing import Any

import torch

from ..._validation import (AdaproofInputError, as_hyper, check_finite_ratio, check_interval,
                             check_not_subnormal)
from .._core import Algorithm
from ..optim import AlgorithmOptimizer

__all__ = ["Adagrad", "AdagradOptimizer"]


def _check_bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise AdaproofInputError(f"{name} must be a bool (True or False), got {value!r}")
    return value


class Adagrad(Algorithm):
    """``torch.optim.Adagrad``, batched.  Hyperparameters: ``lr`` ≥ 0 (or a schedule),
    ``lr_decay`` ≥ 0, ``weight_decay`` ≥ 0 (L2 added to the gradient),
    ``initial_accumulator_value`` ≥ 0, ``eps`` ≥ 0 (outside the square root), ``maximize``."""

    name = "practical.adagrad"
    paper = None
    recorded = ("grad", "sum", "clr", "std", "step_size", "update")
    initial_keys = ("sum",)

    def __init__(self, lr: Any = 1e-2, lr_decay: Any = 0.0, weight_decay: Any = 0.0,
                 initial_accumulator_value: Any = 0.0, eps: Any = 1e-10, *,
                 maximize: Any = False) -> None:
        lr = self._lr("lr", lr, allow_zero=True)
        lr_decay = as_hyper("lr_decay", lr_decay, 0.0, None)
        weight_decay = as_hyper("weight_decay", weight_decay, 0.0, None)
        init_acc = as_hyper("initial_accumulator_value", initial_accumulator_value, 0.0, None)
        eps = as_hyper("eps", eps, 0.0, None)
        check_not_subnormal("eps", eps, why="the step divides lr by sqrt(sum) + eps, which is eps for a zero gradient")
        check_finite_ratio("lr", lr, "eps", eps, why="the step divides lr by sqrt(sum) + eps, which is eps for a zero gradient")
        maximize = _check_bool("maximize", maximize)
        super().__init__(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                         initial_accumulator_value=init_acc, eps=eps, maximize=maximize)

    def init(self, x0: torch.Tensor) -> dict:
        tau = self.hp("initial_accumulator_value", x0)
        return {"x": x0, "sum": tau * torch.ones_like(x0)}

    def step(self, state: dict, g: torch.Tensor, t: int):
        lr = self.hp("lr", g, t)
        if callable(self.hyper["lr"]):
            check_interval(f"lr({t})", lr, 0.0, None, why="the schedule's value at step t")
        lr_decay, wd = self.hp("lr_decay", g), self.hp("weight_decay", g)
        eps = self.hp("eps", g)
        x = state["x"]
        grad = -g if self.hyper["maximize"] else g
        if isinstance(wd, torch.Tensor):
            grad = grad + wd * x
        elif wd != 0:
            grad = torch.add(grad, x, alpha=wd)       # grad.add(param, alpha=weight_decay)
        clr = lr / (1 + (t - 1) * lr_decay)
        s = torch.addcmul(state["sum"], grad, grad)   # state_sum.addcmul_(grad, grad, value=1)
        std = torch.sqrt(s) + eps                     # state_sum.sqrt().add_(eps)
        if isinstance(clr, torch.Tensor):
            x_new = x - clr * grad / std
        else:
            x_new = torch.addcdiv(x, grad, std, value=-clr)  # param.addcdiv_(grad, std, -clr)
        clr_rec = (clr * torch.ones((g.shape[0],) + (1,) * (g.dim() - 1), dtype=g.dtype,
                                    device=g.device)).reshape(g.shape[0])
        rec = {"grad": grad, "sum": s, "clr": clr_rec, "std": std, "step_size": clr / std,
               "update": x_new - x}
        return {"x": x_new, "sum": s}, rec


class AdagradOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`Adagrad` (equal to ``torch.optim.Adagrad``)."""

    algorithm_class = Adagrad
