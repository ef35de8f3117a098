"""AdaGrad-Norm as written in *AdaGrad under anisotropic smoothness* (paper id ``adagrad_aniso``),
Algorithm 3 (Appendix D; the paper's representative "algorithm with coordinate-wisely uniform step
sizes", whose rates it quotes from Levy et al. 2018 and Faw et al. 2023):

.. code-block:: text

    Input: w_0 ∈ ℝ^d, {η_t}_{t=0}^{T-1}, ϵ, and batch size M ∈ ℕ
    Initialize v_{-1} = ϵ²
    for t = 0 to T-1 do
        Sample mini-batch B_t with |B_t| = M uniformly
        g_t = (1/M) Σ_{ξ ∈ B_t} ∇_w f(w_t; ξ)
        v_t = v_{t-1} + ‖g_t‖²₂
        b_t = √v_t
        Option I:  w_{t+1} = Π^{Λ_t}_W (w_t − (η_t / b_t) g_t)
        Option II: w_{t+1} = w_t − (η_t / b_t) g_t
    end for
    Output: (1/T) Σ_{t=0}^{T-1} w_t

A single scalar accumulator per candidate (the norm is over all coordinates of the parameter,
i.e. over every non-batch dimension), updated with the current gradient before the step.

Ambiguity: Option I projects with ``Π^{Λ_t}_W`` but Algorithm 3 never defines ``Λ_t`` (the line
is copied from Algorithm 1, where ``Λ_t = diag(√v_t)``); resolved as ``Λ_t = b_t I_d``, the
scalar preconditioner of this algorithm, whose weighted projection ``argmin_{z∈W} b_t‖z − w‖²₂``
is the Euclidean projection ``Π^{I_d}_W`` (the same as SGD's Option I, Algorithm 2).

Ambiguity: "ϵ ∈ ℝ" and its sign, as for Algorithm 1 (:mod:`.adagrad`); resolved as ϵ > 0
(ϵ = 0 with ``g_0 = 0`` gives ``b_0 = 0`` and 0/0 in line 8/9), default 1e-10.  η_t > 0, default
1e-2 (the paper gives no number).

Index convention as in :mod:`.adagrad`: library step ``t`` is the paper's iteration ``t − 1``;
``traj.series("v")[:, k]`` is ``v_{k-1}`` (``v_{-1} = ϵ²`` at index 0); a schedule ``lr(t)`` is
``η_{t-1}``.  Recorded: ``v`` (v_t, shape ``(B,)``), ``b`` (b_t, ``(B,)``), ``eta`` (η_t,
``(B,)``), ``step_size`` (η_t/b_t, ``(B,)``), ``y`` (the unprojected ``w_t − (η_t/b_t) g_t``),
``update`` (``w_{t+1} − w_t``) and ``w_bar`` (the output for ``T = t+1``).

Through :class:`AdaGradNormOptimizer` every parameter tensor is one candidate with its own
``b_t`` (the adapter's contract); for the paper's single global ``b_t`` train one flat parameter.
"""
from __future__ import annotations

from typing import Any

import torch

from ..._validation import SQUARE_HIGH, SQUARE_LOW, as_hyper, check_finite_ratio
from ..optim import AlgorithmOptimizer
from ._common import ProjectedAlgorithm, as_col, per_candidate, running_mean
from .projection import ConvexSet, as_domain

__all__ = ["AdaGradNorm", "AdaGradNormOptimizer"]


class AdaGradNorm(ProjectedAlgorithm):
    """Algorithm 3 of adagrad_aniso.  Hyperparameters: ``lr`` (η_t > 0: real, ``(B,)`` or a
    schedule ``t -> η_{t-1}``), ``eps`` (ϵ > 0, real or ``(B,)``; ``v_{-1} = ϵ²``), ``domain``
    (``None`` for Option II, or a :class:`~.projection.ConvexSet`: Euclidean projection)."""

    name = "adagrad_aniso.adagrad_norm"
    paper = "adagrad_aniso"
    recorded = ("v", "b", "eta", "step_size", "y", "update", "w_bar")
    initial_keys = ("v", "b")

    def __init__(self, lr: Any = 1e-2, eps: Any = 1e-10, domain: ConvexSet | None = None) -> None:
        lr = self._lr("lr", lr)
        eps = as_hyper("eps", eps, SQUARE_LOW, SQUARE_HIGH,
                       why="2**-511 <= eps <= 2**511 makes v_{-1} = eps^2 a positive normal float64 "
                           "(a smaller eps underflows it to 0 and a zero gradient gives b_0 = 0 "
                           "and 0/0)")
        check_finite_ratio("lr", lr, "eps", eps,
                           why="a zero first gradient makes the step lr / sqrt(v_0) = lr / eps")
        super().__init__(lr=lr, eps=eps, domain=as_domain(domain))

    def init(self, x0: torch.Tensor) -> dict:
        b = per_candidate(self.hp("eps", x0), x0)
        return {"x": x0, "v": b * b, "b": b, "wsum": torch.zeros_like(x0)}

    def step(self, state: dict, g: torch.Tensor, t: int):
        lr = self.hp("lr", g, t)
        x = state["x"]
        wsum, w_bar = running_mean(state["wsum"], x, t)
        v = state["v"] + (g * g).flatten(1).sum(1)     # v_t = v_{t-1} + ‖g_t‖²₂
        b = torch.sqrt(v)                               # b_t = √v_t
        eta = per_candidate(lr, g)
        step_size = eta / b                             # η_t / b_t
        y = x - as_col(step_size, g) * g
        x_new = self.domain.project(y, None)            # Π^{b_t I}_W = Π^{I}_W
        rec = {"v": v, "b": b, "eta": eta, "step_size": step_size, "y": y,
               "update": x_new - x, "w_bar": w_bar}
        return {"x": x_new, "v": v, "b": b, "wsum": wsum}, rec


class AdaGradNormOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`AdaGradNorm` (one ``b_t`` per parameter tensor)."""

    algorithm_class = AdaGradNorm
