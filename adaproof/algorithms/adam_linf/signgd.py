"""SignGD as analysed in *Adam exploits ℓ∞-geometry of loss landscape via coordinate-wise
adaptivity* (paper id ``adam_linf``), Section 3.1 "SignGD (Adam with β1 = β2 = 0)", Theorem 3.2
(proof in Appendix B) and Theorem 2.2 (Appendix A)::

    g_t ← ∇L_t(x_{t-1})
    x_t ← x_{t-1} − η_t sign(g_t)

Ambiguity (what "Adam with β1 = β2 = 0" means): with β1 = β2 = 0, Algorithm 1's update is
η_t g_{t,i} / sqrt(g_{t,i}^2 + ε), which is η_t sign(g_{t,i}) only when ε = 0 (Theorem 3.2's
proof, Eq. (7), uses ||x_t − x_{t+1}||_∞ = η, i.e. the exact sign).  Resolved as ε = 0: this
class equals ``AdamLinf(beta1=0, beta2=0, eps=0)`` whenever no gradient entry is zero.

Ambiguity (zero gradient entries): Algorithm 1 with β1 = β2 = ε = 0 computes 0 / sqrt(0) at a
zero gradient entry (undefined; ``AdamLinf`` raises there).  Resolved with the convention
sign(0) = 0 (``torch.sign``): such a coordinate does not move.  This is the normalized
steepest-descent reading of Section 3.1 (any element of the subdifferential of ||·||_1 may be
taken; 0 is the one chosen here) and Theorem 3.2's bound is unaffected.

Ambiguity (learning rate): Theorem 3.2 uses a constant η; a schedule η_t (as in Algorithm 1) is
also accepted.  The paper gives no default; 1e-3 here.

Recorded: ``direction`` (sign(g_t)) and ``update`` (x_t − x_{t−1} = −η_t sign(g_t)).
"""
from __future__ import annotations

from typing import Any

import torch

from .._core import Algorithm
from ..optim import AlgorithmOptimizer

__all__ = ["SignGD", "SignGDOptimizer"]


class SignGD(Algorithm):
    """SignGD of adam_linf (Theorem 3.2).  Hyperparameter: ``lr`` (η_t > 0: a real, a (B,)
    tensor or a schedule ``t -> η_t``)."""

    name = "adam_linf.signgd"
    paper = "adam_linf"
    recorded = ("direction", "update")

    def __init__(self, lr: Any = 1e-3) -> None:
        super().__init__(lr=self._lr("lr", lr))

    def init(self, x0: torch.Tensor) -> dict:
        return {"x": x0}

    def step(self, state: dict, g: torch.Tensor, t: int):
        lr = self.hp("lr", g, t)
        direction = torch.sign(g)
        update = -lr * direction
        x = state["x"] + update
        return {"x": x}, {"direction": direction, "update": update}


class SignGDOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`SignGD` exactly as analysed."""

    algorithm_class = SignGD
