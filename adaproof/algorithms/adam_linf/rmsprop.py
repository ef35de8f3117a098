"""RMSProp as analysed in *Adam exploits ℓ∞-geometry of loss landscape via coordinate-wise
adaptivity* (paper id ``adam_linf``): Algorithm 1 (Adam) with β1 = 0, the algorithm of the main
result (Section 3.2, "RMSProp (Adam with β1 = 0, β2 ∈ [0, 1])", Theorem 3.5, Corollaries 3.6
and 3.7)::

    v_{0,i} ← v_0
    g_{t,i} ← ∇_i L_t(x_{t-1})
    v_{t,i} ← β2 v_{t-1,i} + (1 − β2) g_{t,i}^2
    x_{t,i} ← x_{t-1,i} − η_t g_{t,i} / sqrt(v_{t,i} + ε)

(with β1 = 0, m_t = g_t whatever m_0 is).  Everything else (ε inside the root, no bias
correction, β2 ∈ [0, 1], the division-by-zero guard, the defaults) is as in
:mod:`adaproof.algorithms.adam_linf.adam`; see its docstring for the ambiguities and their
resolution.  Recorded: ``m`` (= g_t), ``v``, ``step_size`` (η_t / sqrt(v_t + ε)), ``update``.
"""
from __future__ import annotations

from typing import Any

from ..optim import AlgorithmOptimizer
from .adam import AdamLinf

__all__ = ["RMSPropLinf", "RMSPropLinfOptimizer"]


class RMSPropLinf(AdamLinf):
    """Adam of Algorithm 1 with β1 = 0.  Hyperparameters: ``lr`` (η_t > 0 or a schedule),
    ``beta2`` ∈ [0, 1], ``eps`` ≥ 0, ``v0`` ≥ 0."""

    name = "adam_linf.rmsprop"

    def __init__(self, lr: Any = 1e-3, beta2: Any = 0.99, eps: Any = 0.0,
                 v0: Any = 1e-8) -> None:
        super().__init__(lr=lr, beta1=0.0, beta2=beta2, eps=eps, v0=v0, m0=0.0)


class RMSPropLinfOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`RMSPropLinf` exactly as analysed."""

    algorithm_class = RMSPropLinf
