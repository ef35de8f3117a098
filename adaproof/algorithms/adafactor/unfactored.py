"""The unfactored second-moment recursion the proofs of *Convergence of Adafactor under non-convex
smooth stochastic optimization* (paper id ``adafactor``) compare Adafactor against, run with
Algorithm 1's step rule.

The paper defines (Appendix A.1 (13) for full batch, Appendix B.1 (43) for the stochastic case)::

    G_{k,eps_1}^2 = G_k . G_k + eps_1 1_n 1_m^T,
    V_0 = 0_{n x m},   V_k = beta_{2,k} V_{k-1} + (1 - beta_{2,k}) G_{k,eps_1}^2,   k >= 1,

and proves (Lemma A.2 / (44)) that Algorithm 1's factors are its row and column sums,
``R_k = V_k 1_m``, ``C_k = 1_n^T V_k``, ``1_n^T R_k = 1_n^T V_k 1_m``, so that
``w_ij^(k) = R^(i)_{V_k} C^(j)_{V_k} / S_{V_k}`` (45): ``W_k = V_k`` exactly when ``V_k`` has rank one.
Lemma B.4 compares ``||G_k / sqrt(W_k)||_F`` with ``||G_k / sqrt(V_k)||_F``.

The paper never iterates ``V_k`` with a step of its own; this module runs it with Algorithm 1's step
rule (our construction, "Adam-like Adafactor without factorisation")::

    U_k = G_k / sqrt(V_k),
    eta_k = max{eps_2, RMS(X_k)} rho_k / max{1, RMS(U_k)/d}      (d=None: eq. (4); schedule: (6)),
    X_{k+1} = X_k - eta_k U_k.

Hyperparameters, defaults, validation and records are those of
:class:`~adaproof.algorithms.adafactor.AdafactorPaper` with ``V`` (V_k, initial value ``V_0 = 0``) in
place of ``R``, ``C``, ``S``, ``W``.  Being coordinate-wise, the recursion is defined for any
parameter shape: ``x0`` is ``(B, *shape)`` with at least one parameter dimension (``(B, n, m)`` for
the paper's matrices, ``(B, d)`` vectors: the unfactored branch of torch/HuggingFace Adafactor);
RMS is taken over all coordinates of one candidate.

Guards: ``eps_1 > 0`` and ``beta_{2,1} < 1`` give ``V_k >= eps_1 (1 - beta_{2,1}) > 0`` entrywise
(Lemma A.3), so ``U_k`` is always defined.
"""
from __future__ import annotations

import torch

from ..._validation import AdaproofInputError
from ..optim import AlgorithmOptimizer
from ._common import per_candidate, step_size_eta
from .adafactor import _AdafactorHypers

__all__ = ["AdafactorUnfactored", "AdafactorUnfactoredOptimizer"]


class AdafactorUnfactored(_AdafactorHypers):
    """Unfactored V_k (13)/(43) with Algorithm 1's step; hyperparameters as :class:`AdafactorPaper`."""

    name = "adafactor.unfactored"
    paper = "adafactor"
    recorded = ("V", "U", "U_clipped", "G_tilde", "rms_x", "scale", "rms_u", "clip", "rho",
                "beta2", "eta", "step_size", "update")
    initial_keys = ("V",)

    def param_shape_check(self, x0: torch.Tensor) -> None:
        if not isinstance(x0, torch.Tensor) or x0.dim() < 2:
            raise AdaproofInputError(
                f"{type(self).__name__}: x0 must have shape (B, *shape) with at least one parameter "
                f"dimension, got {tuple(getattr(x0, 'shape', ()))}")

    def init(self, x0: torch.Tensor) -> dict:
        self.param_shape_check(x0)
        return {"x": x0, "V": torch.zeros_like(x0)}

    def step(self, state: dict, g: torch.Tensor, t: int):
        x = state["x"]
        b2, rho, eps1, eps2, d = self._hypers(g, t)
        V = b2 * state["V"] + (1 - b2) * (g * g + eps1)
        sqrt_v = torch.sqrt(V)
        U = g / sqrt_v
        eta, rms_x, scale, rms_u, clip = step_size_eta(x, U, rho, eps2, d)
        update = -eta * U
        rec = {"V": V, "U": U, "U_clipped": U / clip, "G_tilde": g / clip,
               "rms_x": rms_x.reshape(-1), "scale": scale.reshape(-1), "rms_u": rms_u.reshape(-1),
               "clip": clip.reshape(-1), "rho": per_candidate(rho, g),
               "beta2": per_candidate(b2, g), "eta": eta.reshape(-1), "step_size": eta / sqrt_v,
               "update": update}
        return {"x": x + update, "V": V}, rec


class AdafactorUnfactoredOptimizer(AlgorithmOptimizer):
    """``torch.optim.Optimizer`` running :class:`AdafactorUnfactored` (any parameter shape)."""

    algorithm_class = AdafactorUnfactored
