"""SGD as written in *AdaGrad under anisotropic smoothness* (paper id ``adagrad_aniso``),
Algorithm 2 (Appendix D, "Standard convergence of SGD"):

.. code-block:: text

    Input: w_0 ∈ ℝ^d, {η_t}_{t=0}^{T-1}, and batch size M ∈ ℕ
    for t = 0 to T-1 do
        Sample mini-batch B_t with |B_t| = M uniformly
        g_t = (1/M) Σ_{ξ ∈ B_t} ∇_w f(w_t; ξ)
        Option I:  w_{t+1} = Π^{I_d}_W (w_t − η_t g_t)
        Option II: w_{t+1} = w_t − η_t g_t
    end for
    Output: (1/T) Σ_{t=0}^{T-1} w_t

Option I (Theorem D.1, convex) uses the Euclidean projection onto ``W`` (``domain=`` a
:class:`~.projection.ConvexSet`) with the decaying step
``η_t = min{1/‖L‖_∞, √(D²₂M/(2‖σ‖²₂(t+1)))}`` (Remark D.2: ``η_t = O(1/√t)``); Option II
(Theorem D.3, nonconvex) is ``domain=None`` with a constant ``η``.  The proof of Theorem D.1
needs ``η_t ≥ η_{t+1}`` and ``η_t ≤ 1/‖L‖_∞``; these are theorem conditions, not enforced here.

Index convention as in :mod:`.adagrad`: library step ``t`` is the paper's iteration ``t − 1``, so a
schedule ``lr(t)`` is ``η_{t-1}`` (the paper's ``η_k ∝ 1/√(k+1)`` is
``lambda t: c / math.sqrt(t)``).
Recorded: ``eta`` (η_t, ``(B,)``), ``y`` (the unprojected ``w_t − η_t g_t``), ``update``
(``w_{t+1} − w_t``) and ``w_bar`` (the output for ``T = t+1``).

Ambiguity: the sign of η_t ("{η_t} ⊂ ℝ") — resolved as η_t > 0; no numeric default is given
(``lr`` defaults to 1e-2).
"""
from __future__ import annotations

from typing import Any

import torch

from ..optim import AlgorithmOptimizer
from ._common import ProjectedAlgorithm, per_candidate, running_mean
from .projection import ConvexSet, as_domain

__all__ = ["SGDAniso", "SGDAnisoOptimizer"]


class SGDAniso(ProjectedAlgorithm):
    """Algorithm 2 of adagrad_aniso.  Hyperparameters: ``lr`` (η_t > 0: real, ``(B,)`` or a
    schedule ``t -> η_{t-1}``), ``domain`` (``None`` for Option II, or a
    :class:`~.projection.ConvexSet`: Euclidean projection, Option I)."""

    name = "adagrad_aniso.sgd"
    paper = "adagrad_aniso"
    recorded = ("eta", "y", "update", "w_bar")

    def __init__(self, lr: Any = 1e-2, domain: ConvexSet | None = None) -> None:
        super().__init__(lr=self._lr("lr", lr), domain=as_domain(domain))

    def init(self, x0: torch.Tensor) -> dict:
        return {"x": x0, "wsum": torch.zeros_like(x0)}

    def step(self, state: dict, g: torch.Tensor, t: int):
        lr = self.hp("lr", g, t)
        x = state["x"]
        wsum, w_bar = running_mean(state["wsum"], x, t)
        y = x - lr * g                              # w_t − η_t g_t
        x_new = self.domain.project(y, None)        # Π^{I_d}_W (identity for Option II)
        rec = {"eta": per_candidate(lr, g), "y": y, "update": x_new - x, "w_bar": w_bar}
        return {"x": x_new, "wsum": wsum}, rec


class SGDAnisoOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`SGDAniso` exactly as analysed."""

    algorithm_class = SGDAniso
