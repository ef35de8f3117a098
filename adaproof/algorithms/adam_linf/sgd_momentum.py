"""SGD with momentum as used in *Adam exploits ℓ∞-geometry of loss landscape via coordinate-wise
adaptivity* (paper id ``adam_linf``): the SGD baseline of the experiments (Section 4, Figures
1-2, Table 4; Appendix D.1: "Momentum in SGD is also set to 0.9") and the "SGD" of the proof of
Theorem 2.2 (Appendix A: x̃_t = x̃_{t-1} − η_t m̃_t, rotation-invariant).

The paper prints no algorithm box for it.  Ambiguity resolved as the ``torch.optim.SGD`` form
the experiments ran (dampening 0, no Nesterov, no weight decay)::

    m_0 = 0
    m_t = μ m_{t-1} + g_t
    x_t = x_{t-1} − η_t m_t

(torch initialises its buffer to g_1 at the first step, which is the same as m_0 = 0.)  Note the
heavy-ball m_t here is NOT the exponential average (1 − β1) of Algorithms 1-3 (footnote 1 of the
paper contrasts the two).  μ = 0 is plain SGD.  Hyperparameters: ``lr`` η_t > 0 (a real, (B,) or
a schedule; no default in the paper, 1e-3 here) and ``momentum`` μ ∈ [0, 1) (default 0.9, the
paper's value; μ ≥ 1 makes m_t a non-decaying sum and is rejected).

Recorded: ``m`` (m_t) and ``update`` (x_t − x_{t−1} = −η_t m_t).
"""
from __future__ import annotations

from typing import Any

import torch

from ..._validation import as_hyper
from .._core import Algorithm
from ..optim import AlgorithmOptimizer

__all__ = ["SGDMomentum", "SGDMomentumOptimizer"]


class SGDMomentum(Algorithm):
    """SGD with heavy-ball momentum (``torch.optim.SGD(momentum=μ)``) as in adam_linf's
    experiments.  Hyperparameters: ``lr`` (η_t > 0 or a schedule), ``momentum`` μ ∈ [0, 1)."""

    name = "adam_linf.sgd_momentum"
    paper = "adam_linf"
    recorded = ("m", "update")
    initial_keys = ("m",)

    def __init__(self, lr: Any = 1e-3, momentum: Any = 0.9) -> None:
        lr = self._lr("lr", lr)
        momentum = as_hyper("momentum", momentum, 0.0, 1.0, high_open=True,
                            why="heavy-ball momentum mu in [0, 1)")
        super().__init__(lr=lr, momentum=momentum)

    def init(self, x0: torch.Tensor) -> dict:
        return {"x": x0, "m": torch.zeros_like(x0)}

    def step(self, state: dict, g: torch.Tensor, t: int):
        mu = self.hp("momentum", g)
        lr = self.hp("lr", g, t)
        m = mu * state["m"] + g
        update = -lr * m
        x = state["x"] + update
        return {"x": x, "m": m}, {"m": m, "update": update}


class SGDMomentumOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`SGDMomentum`."""

    algorithm_class = SGDMomentum
