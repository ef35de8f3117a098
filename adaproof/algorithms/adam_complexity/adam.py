"""Adam as analysed in *Closing the gap between the upper bound and the lower bound of Adam's
iteration complexity* (paper id ``adam_complexity``), Algorithm 1:

.. math::

    \\nu_t = \\beta_2 \\nu_{t-1} + (1-\\beta_2)\\, g_t^{\\odot 2},\\qquad
    m_t = \\beta_1 m_{t-1} + (1-\\beta_1)\\, g_t,\\qquad
    w_{t+1} = w_t - \\eta\\, \\frac{1}{\\sqrt{\\nu_t}} \\odot m_t .

No ε, no bias correction; the initial conditioner ν₀ > 0 (the paper writes ν₀ ∈ ℝ⁺; a scalar or a
per-coordinate vector are both accepted) and the initial momentum m₀ are inputs.  The paper's
iterate starts at ``w_1``: here ``traj.x[:, k]`` is ``w_{k+1}``.  The random output index
``r ~ Unif{1..T}`` of the algorithm is not drawn: the whole trajectory is returned.

Guard: ν₀ must be strictly positive (ν₀ = 0 with g₁ = 0 divides 0 by 0; the paper excludes it).
"""
from __future__ import annotations

from typing import Any

import torch

from ..._validation import AdaproofInputError, as_hyper, check_finite_tensor
from .._core import Algorithm
from ..optim import AlgorithmOptimizer

__all__ = ["AdamComplexity", "AdamComplexityOptimizer"]


class AdamComplexity(Algorithm):
    """Algorithm 1 of adam_complexity. Hyperparameters: ``lr`` (η > 0, or a schedule),
    ``beta1`` ∈ [0, 1), ``beta2`` ∈ (0, 1), ``nu0`` > 0 (scalar, (B,) or a tensor of the
    parameter's shape), ``m0`` (default 0; scalar or tensor of the parameter's shape)."""

    name = "adam_complexity.adam"
    paper = "adam_complexity"
    recorded = ("m", "nu", "step_size", "update")
    initial_keys = ("m", "nu")

    def __init__(self, lr: Any = 1e-3, beta1: Any = 0.9, beta2: Any = 0.999, nu0: Any = 1e-8,
                 m0: Any = 0.0) -> None:
        lr = self._lr("lr", lr)
        beta1 = as_hyper("beta1", beta1, 0.0, 1.0, high_open=True)
        beta2 = as_hyper("beta2", beta2, 0.0, 1.0, low_open=True, high_open=True)
        if isinstance(nu0, torch.Tensor) and nu0.dim() > 0:
            check_finite_tensor("nu0", nu0)
            if bool((nu0 <= 0).any()):
                raise AdaproofInputError("nu0 must be > 0 entrywise (the paper takes nu0 in R^+)")
        else:
            nu0 = as_hyper("nu0", nu0, 0.0, None, low_open=True,
                           why="the initial conditioner is in R^+")
        if isinstance(m0, torch.Tensor) and m0.dim() > 0:
            check_finite_tensor("m0", m0)
        else:
            m0 = as_hyper("m0", m0)
        super().__init__(lr=lr, beta1=beta1, beta2=beta2, nu0=nu0, m0=m0)

    def _fill(self, name: str, x0: torch.Tensor) -> torch.Tensor:
        v = self.hyper[name]
        if isinstance(v, torch.Tensor) and v.dim() > 0:
            v = v.to(x0)
            if v.shape == x0.shape[1:]:
                return v.expand_as(x0).clone()
            if v.dim() == 1 and v.shape[0] == x0.shape[0]:
                return v.reshape((-1,) + (1,) * (x0.dim() - 1)).expand_as(x0).clone()
            if v.shape == x0.shape:
                return v.clone()
            raise AdaproofInputError(
                f"{name} of shape {tuple(v.shape)} fits neither the parameter shape "
                f"{tuple(x0.shape[1:])}, the batch (B,)=({x0.shape[0]},) nor (B, *shape)")
        return torch.full_like(x0, float(v))

    def init(self, x0: torch.Tensor) -> dict:
        return {"x": x0, "m": self._fill("m0", x0), "nu": self._fill("nu0", x0)}

    def step(self, state: dict, g: torch.Tensor, t: int):
        b1, b2 = self.hp("beta1", g), self.hp("beta2", g)
        lr = self.hp("lr", g, t)
        nu = b2 * state["nu"] + (1 - b2) * g * g
        m = b1 * state["m"] + (1 - b1) * g
        step_size = lr / torch.sqrt(nu)
        update = -step_size * m
        x = state["x"] + update
        return {"x": x, "m": m, "nu": nu}, {"m": m, "nu": nu, "step_size": step_size,
                                            "update": update}


class AdamComplexityOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`AdamComplexity` exactly as analysed."""

    algorithm_class = AdamComplexity
