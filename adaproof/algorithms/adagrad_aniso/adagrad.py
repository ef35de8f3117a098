"""AdaGrad (coordinate-wise) as analysed in *AdaGrad under anisotropic smoothness* (Liu, Pan,
Zhang, ICLR 2025; paper id ``adagrad_aniso``), Algorithm 1:

.. code-block:: text

    Input: w_0 ∈ ℝ^d, {η_t}_{t=0}^{T-1}, ϵ, and batch size M ∈ ℕ
    Initialize v_{-1} = ϵ² 1_d
    for t = 0 to T-1 do
        Sample mini-batch B_t with |B_t| = M uniformly
        g_t = (1/M) Σ_{ξ ∈ B_t} ∇_w f(w_t; ξ)
        v_t = v_{t-1} + (g_t ⊙ g_t)
        Λ_t = diag(√v_t)
        Option I:  w_{t+1} = Π^{Λ_t}_W (w_t − η_t Λ_t^{-1} g_t)
        Option II: w_{t+1} = w_t − η_t Λ_t^{-1} g_t
    end for
    Output: (1/T) Σ_{t=0}^{T-1} w_t

with ``Π^H_W(w) = argmin_{z ∈ W} ‖z − w‖²_H`` (Section 3.1).  The accumulator includes the current
gradient before the step (line 6 precedes lines 8-9); ϵ enters *inside* the square root, through
``v_{-1} = ϵ²`` (``Λ_{-1} = ϵ I_d``, as the proofs of Theorem E.1 and Lemma F.4 write).  Option I
(Theorem 4.1, convex) is ``domain=`` a :class:`~.projection.ConvexSet`; Option II (Theorems 4.3
and 5.3, nonconvex) is ``domain=None`` (``W = ℝ^d``).  Theorems 4.1, 4.3 and 5.3 take a constant
step ``η_t ≡ η``; the experiments (Appendix A) also use ``η_t = η/√(t+1)``.

Index convention (:mod:`adaproof.algorithms._core`): the paper starts at ``w_0`` and step ``t``
of the library (t = 1, 2, ...) is the paper's iteration ``t − 1``; so ``traj.x[:, k]`` is ``w_k``,
``traj["v"][:, t-1]`` is ``v_{t-1}``, ``traj.series("v")[:, k]`` is ``v_{k-1}`` (index 0 holds
``v_{-1} = ϵ²``) and likewise for ``lam``.  A schedule ``lr`` is called with the library's step
``t`` and gives the paper's ``η_{t-1}``: the paper's ``η_k = η/√(k+1)`` is
``lr=lambda t: eta / math.sqrt(t)``.

Recorded per step (paper iteration ``t``): ``v`` (v_t), ``lam`` (the diagonal of Λ_t, √v_t),
``eta`` (η_t, shape ``(B,)``), ``step_size`` (the per-coordinate step η_t/√v_t), ``y`` (the
unprojected point ``w_t − η_t Λ_t^{-1} g_t``), ``update`` (``w_{t+1} − w_t``, after the projection)
and ``w_bar`` (the output ``(1/T) Σ_{s=0}^{T-1} w_s`` for ``T = t+1``: it averages the iterates
*before* each step and excludes the last one).  ``lam`` doubles as the projection weights of
Option I.  The mini-batch lines 4-5 belong to the oracle: ``g`` is the paper's ``g_t``.

Ambiguity: the input line gives ϵ's set as ℝ (no sign stated), and ``v_{-1} = ϵ²`` would
accept ϵ < 0 or ϵ = 0; resolved as ϵ > 0: the proofs write ``Λ_{-1} = ϵ I_d`` (so ϵ ≥ 0), Lemma
C.1 needs the projection's ``Λ_t`` positive definite, Lemma G.3 assumes ϵ > 0 and Lemma F.4's
bound divides by ϵ; and ϵ = 0 with ``g_{0,j} = 0`` makes line 9 divide 0 by 0.  The text calls
ϵ "mainly for numerical stability ... in order 10^{-10} by default" (after Theorem 4.1): the
default here.

Ambiguity: the sign of η_t ("{η_t} ⊂ ℝ") — resolved as η_t > 0 (every theorem takes a positive
step).  No numeric default is given (η is set by the theorems from unknown constants); ``lr``
defaults to torch's 1e-2.

Ambiguity: the input is ``w_0 ∈ ℝ^d`` but the convex analysis (proof of Theorem E.1) bounds
``ϵ‖w_0 − w*‖²₂`` by ``ϵD²₂`` via eq. (2), which needs ``w_0 ∈ W``; resolved: ``w_0`` is neither
projected nor rejected (it is the algorithm's input); ``domain.contains(x0)`` checks the
precondition.

Mapping to ``torch.optim.Adagrad`` (and :class:`adaproof.algorithms.practical.adagrad.Adagrad`):
with ``W = ℝ^d``, the paper's (η_t, ϵ) is torch's ``lr = η``, ``initial_accumulator_value = ϵ²``,
``eps = 0``, ``lr_decay = 0``, ``weight_decay = 0`` (torch adds its eps *outside* the square
root); a schedule ``η_{t-1} = lr/(1 + (t − 1) lr_decay)`` reproduces torch's ``lr_decay``.
"""
from __future__ import annotations

from typing import Any

import torch

from ..._validation import SQUARE_HIGH, SQUARE_LOW, as_hyper, check_finite_ratio
from ..optim import AlgorithmOptimizer
from ._common import ProjectedAlgorithm, per_candidate, running_mean
from .projection import ConvexSet, as_domain

__all__ = ["AdaGradAniso", "AdaGradAnisoOptimizer"]


class AdaGradAniso(ProjectedAlgorithm):
    """Algorithm 1 of adagrad_aniso.  Hyperparameters: ``lr`` (η_t > 0: a real, a ``(B,)``
    tensor or a schedule ``t -> η_{t-1}``), ``eps`` (ϵ > 0, real or ``(B,)``; ``v_{-1} = ϵ²``),
    ``domain`` (``W``: ``None`` for Option II, or a :class:`~.projection.ConvexSet` for Option I
    with the ``Λ_t``-weighted projection)."""

    name = "adagrad_aniso.adagrad"
    paper = "adagrad_aniso"
    recorded = ("v", "lam", "eta", "step_size", "y", "update", "w_bar")
    initial_keys = ("v", "lam")

    def __init__(self, lr: Any = 1e-2, eps: Any = 1e-10, domain: ConvexSet | None = None) -> None:
        lr = self._lr("lr", lr)
        eps = as_hyper("eps", eps, SQUARE_LOW, SQUARE_HIGH,
                       why="2**-511 <= eps <= 2**511 makes v_{-1} = eps^2 a positive normal float64 "
                           "(a smaller eps underflows it to 0 and a zero gradient then divides 0 by "
                           "0); Lambda_{-1} = eps I_d is positive definite in the analysis")
        check_finite_ratio("lr", lr, "eps", eps,
                           why="a zero first gradient makes the step lr / sqrt(v_0) = lr / eps")
        super().__init__(lr=lr, eps=eps, domain=as_domain(domain))

    def init(self, x0: torch.Tensor) -> dict:
        eps = self.hp("eps", x0)
        lam = eps * torch.ones_like(x0)
        return {"x": x0, "v": lam * lam, "lam": lam, "wsum": torch.zeros_like(x0)}

    def step(self, state: dict, g: torch.Tensor, t: int):
        lr = self.hp("lr", g, t)
        x = state["x"]
        wsum, w_bar = running_mean(state["wsum"], x, t)
        v = state["v"] + g * g                     # v_t = v_{t-1} + g_t ⊙ g_t
        lam = torch.sqrt(v)                        # Λ_t = diag(√v_t)
        step_size = lr / lam                       # η_t Λ_t^{-1}
        y = x - step_size * g                      # w_t − η_t Λ_t^{-1} g_t
        x_new = self.domain.project(y, lam)        # Π^{Λ_t}_W (identity for Option II)
        update = x_new - x
        rec = {"v": v, "lam": lam, "eta": per_candidate(lr, g), "step_size": step_size, "y": y,
               "update": update, "w_bar": w_bar}
        return {"x": x_new, "v": v, "lam": lam, "wsum": wsum}, rec


class AdaGradAnisoOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`AdaGradAniso` exactly as analysed (each parameter
    tensor is one candidate; a ``domain`` applies to every parameter tensor separately)."""

    algorithm_class = AdaGradAniso
