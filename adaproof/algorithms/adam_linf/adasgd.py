"""AdaSGD as analysed in *Adam exploits ℓ∞-geometry of loss landscape via coordinate-wise
adaptivity* (paper id ``adam_linf``), Algorithm 2 (after Wang & Wiens, 2020)::

    Hyperparam: β1, β2, ε ≥ 0, total steps T, learning rate {η_t}_{t=1}^T, initial m_0, v_0
    Input: initial x_0, stochastic losses {L_t}_{t=1}^T
    for t = 1, 2, ..., T:
        g_{t,i} ← ∇_i L_t(x_{t-1})
        m_{t,i} ← β1 m_{t-1,i} + (1 − β1) g_{t,i}
        v_t ← β2 v_{t-1} + (1 − β2) (||g_t||_2^2 / d)
        x_{t,i} ← x_{t-1,i} − η_t m_{t,i} / sqrt(v_t + ε)
    return x_T

v_t is ONE scalar per candidate (shape ``(B,)``), the mean of the squared gradient entries over
all d coordinates (d = the number of entries of the parameter, ``prod(shape)``).  As the paper's
footnote 1 says, m_t is an exponential average (not heavy-ball momentum as in Wang & Wiens), so
AdaSGD equals Adam (Algorithm 1) when d = 1, and equals Blockwise Adam (Algorithm 3) with one
block.  AdaSGD is rotation-invariant (Theorem 2.2, Appendix A).

Recorded: ``m`` (m_t), ``v`` (v_t, shape ``(B,)``; ``traj.series("v")`` prepends v_0),
``step_size`` (η_t / sqrt(v_t + ε), broadcast to every coordinate so that it has the shape of
Adam's per-coordinate step size) and ``update`` (x_t − x_{t−1}).

Ambiguity (v_0): Algorithm 2 lists "initial m_0, v_0" but, unlike Algorithms 1 and 3, has no
initialisation line; v_0 is read as the scalar initial value of the scalar v.  Ranges, the
division-by-zero guard (v_t + ε = 0 only with ε = 0 and (β2 = 0 or v_0 = 0) and g = 0 so far:
raises :class:`AdaproofInputError`; β2 = 1 with v_0 + ε = 0 is rejected at construction) and the
defaults are those of :mod:`adaproof.algorithms.adam_linf.adam` (see its docstring).

Ambiguity (torch.optim use): d in ||g_t||^2 / d is the dimension of the whole model.
:class:`AdaSGDOptimizer` therefore treats all parameters as ONE vector (the concatenation of
the flattened parameters, in order), not each tensor separately (per-tensor AdaSGD would be
Blockwise Adam with one block per tensor).
"""
from __future__ import annotations

from typing import Any

import torch

from ..._validation import as_hyper
from .._core import Algorithm
from ._common import (FlatParamsOptimizer, check_not_stuck_at_zero, check_positive_denominator,
                      check_vector_or_hyper, fill_param, per_candidate)

__all__ = ["AdaSGD", "AdaSGDOptimizer"]


def _bcast(value: Any, like: torch.Tensor) -> Any:
    """Broadcast a (B,)-shaped per-candidate tensor against ``like`` of shape (B, *shape)."""
    if isinstance(value, torch.Tensor) and value.dim() == 1:
        return value.reshape((-1,) + (1,) * (like.dim() - 1))
    return value


class AdaSGD(Algorithm):
    """Algorithm 2 of adam_linf.  Hyperparameters: ``lr`` (η_t > 0, (B,) or a schedule),
    ``beta1`` ∈ [0, 1), ``beta2`` ∈ [0, 1], ``eps`` ≥ 0, ``v0`` ≥ 0 (a real or (B,)), ``m0``
    (default 0; a real, (B,), a tensor of the parameter's shape or (B, *shape))."""

    name = "adam_linf.adasgd"
    paper = "adam_linf"
    recorded = ("m", "v", "step_size", "update")
    initial_keys = ("m", "v")

    def __init__(self, lr: Any = 1e-3, beta1: Any = 0.9, beta2: Any = 0.99, eps: Any = 0.0,
                 v0: Any = 1e-8, m0: Any = 0.0) -> None:
        lr = self._lr("lr", lr)
        beta1 = as_hyper("beta1", beta1, 0.0, 1.0, high_open=True,
                         why="beta1 = 1 would never use a gradient")
        beta2 = as_hyper("beta2", beta2, 0.0, 1.0, why="Algorithm 2 takes beta2 in [0, 1]")
        eps = as_hyper("eps", eps, 0.0, None, why="eps >= 0 in Algorithm 2")
        v0 = as_hyper("v0", v0, 0.0, None, why="v0 is the scalar initial value of v")
        m0 = check_vector_or_hyper("m0", m0)
        check_not_stuck_at_zero(beta2, v0, eps)
        super().__init__(lr=lr, beta1=beta1, beta2=beta2, eps=eps, v0=v0, m0=m0)

    def init(self, x0: torch.Tensor) -> dict:
        return {"x": x0, "m": fill_param("m0", self.hyper["m0"], x0),
                "v": per_candidate("v0", self.hyper["v0"], x0)}

    def step(self, state: dict, g: torch.Tensor, t: int):
        v_prev = state["v"]
        b1 = self.hp("beta1", g)
        b2, eps = self.hp("beta2", v_prev), self.hp("eps", v_prev)
        lr = self.hp("lr", g, t)
        d = g[0].numel()
        m = b1 * state["m"] + (1 - b1) * g
        v = b2 * v_prev + (1 - b2) * (g * g).reshape(g.shape[0], -1).sum(dim=1) / d
        denom = v + eps
        check_positive_denominator(type(self).__name__, denom, t, "v_t")
        step_size = (lr / _bcast(torch.sqrt(denom), g)).expand_as(g)
        update = -step_size * m
        x = state["x"] + update
        return {"x": x, "m": m, "v": v}, {"m": m, "v": v, "step_size": step_size,
                                          "update": update}


class AdaSGDOptimizer(FlatParamsOptimizer):
    """``torch.optim.Optimizer`` running :class:`AdaSGD` on all parameters as one vector."""

    algorithm_class = AdaSGD
