"""Helpers shared by the three algorithms of ``adagrad_aniso`` (not public)."""
from __future__ import annotations

import torch

from .._core import Algorithm
from .projection import ConvexSet


def per_candidate(value, like: torch.Tensor) -> torch.Tensor:
    """A real or a (B, 1, ..., 1) hyperparameter as a ``(B,)`` tensor."""
    full = value * torch.ones((like.shape[0],) + (1,) * (like.dim() - 1), dtype=like.dtype,
                              device=like.device)
    return full.reshape(like.shape[0])


def as_col(v: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """A ``(B,)`` tensor reshaped to broadcast against ``like`` of shape ``(B, *shape)``."""
    return v.reshape((like.shape[0],) + (1,) * (like.dim() - 1))


def running_mean(wsum: torch.Tensor, x: torch.Tensor, t: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Add the iterate ``x = w_{t-1}`` consumed by step ``t`` to the running sum and return
    ``(new_sum, new_sum / t)``: the paper's output ``(1/T) Σ_{s=0}^{T-1} w_s`` for ``T = t``."""
    wsum = wsum + x
    return wsum, wsum / t


class ProjectedAlgorithm(Algorithm):
    """Base of the paper's three algorithms: the hyperparameter ``domain`` is the set ``W``
    (``Unconstrained`` for Option II) and the initial point must fit its shape."""

    @property
    def domain(self) -> ConvexSet:
        return self.hyper["domain"]

    def param_shape_check(self, x0: torch.Tensor) -> None:
        self.domain.check(x0)
