"""Helpers shared by the ``alphaadam`` algorithms (masks, per-candidate reductions, guarded division).

Every parameter of shape ``(B, *shape)`` is read as ``B`` candidates, each one "layer" whose
coordinates are all flattened into the paper's vector θ ∈ ℝ^d (``d = prod(shape)``): masks are
per coordinate, while ‖·‖₀, ‖·‖₂ and α_t are reductions over all coordinates of one candidate.
"""
from __future__ import annotations

from typing import Any

import torch

from ..._validation import AdaproofInputError, as_hyper, check_finite_tensor

__all__ = ["validate_initial", "fill_initial", "per_candidate", "batch_vector", "expand_b",
           "guarded_div", "check_choice", "check_param_shape"]


def validate_initial(name: str, value: Any, *, nonnegative: bool = False) -> Any:
    """An initial moment: a real, a ``(B,)`` tensor, a parameter-shaped or ``(B, *shape)`` tensor."""
    if isinstance(value, torch.Tensor) and value.dim() > 0:
        check_finite_tensor(name, value)
        if nonnegative and bool((value < 0).any()):
            raise AdaproofInputError(f"{name} must be >= 0 entrywise (it initialises a second "
                                     "moment, an average of squares)")
        return value
    return as_hyper(name, value, 0.0 if nonnegative else None, None,
                    why="it initialises a second moment, an average of squares"
                    if nonnegative else "")


def fill_initial(name: str, value: Any, x0: torch.Tensor) -> torch.Tensor:
    """Broadcast an initial moment to ``x0``'s shape ``(B, *shape)`` (a 1-D tensor whose length is
    both the parameter size and B is read as parameter-shaped)."""
    if isinstance(value, torch.Tensor) and value.dim() > 0:
        v = value.to(dtype=x0.dtype, device=x0.device)
        if tuple(v.shape) == tuple(x0.shape):
            return v.clone()
        if tuple(v.shape) == tuple(x0.shape[1:]):
            return v.expand_as(x0).clone()
        if v.dim() == 1 and v.shape[0] == x0.shape[0]:
            return v.reshape((-1,) + (1,) * (x0.dim() - 1)).expand_as(x0).clone()
        raise AdaproofInputError(
            f"{name} of shape {tuple(v.shape)} fits neither the parameter shape "
            f"{tuple(x0.shape[1:])}, the batch (B,)=({x0.shape[0]},) nor (B, *shape)")
    return torch.full_like(x0, float(value))


def per_candidate(t: torch.Tensor) -> torch.Tensor:
    """Sum over every coordinate of each candidate: ``(B, *shape) -> (B,)``."""
    return t.reshape(t.shape[0], -1).sum(dim=1)


def batch_vector(value: float | torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """A scalar or an already broadcast ``(B, 1, ..., 1)`` hyperparameter as a ``(B,)`` tensor."""
    B = like.shape[0]
    if isinstance(value, torch.Tensor):
        if value.dim() == 0:
            return value.to(like).expand(B)
        return value.reshape(B, -1)[:, 0].to(like)
    return torch.full((B,), float(value), dtype=like.dtype, device=like.device)


def expand_b(vec: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """``(B,) -> (B, 1, ..., 1)`` broadcastable against ``like`` ``(B, *shape)``."""
    return vec.reshape((like.shape[0],) + (1,) * (like.dim() - 1))


def guarded_div(num: torch.Tensor, den: torch.Tensor, *, what: str, t: int) -> torch.Tensor:
    """``num / den`` entrywise, with the convention 0/0 = 0; ``x/0`` with ``x != 0`` raises.

    ``den`` is ``sqrt(v) + eps >= 0``.  It can only vanish with ``eps = 0`` on a coordinate whose
    second moment is 0 (no nonzero gradient seen yet); the first moment is then 0 as well unless an
    initial momentum ``m0 != 0`` was given (or β₂ = 0), and the quotient is genuinely undefined.
    """
    zero = den == 0
    if not bool(zero.any()):
        return num / den
    if bool((zero & (num != 0)).any()):
        raise AdaproofInputError(
            f"step {t}: {what} is undefined: sqrt(v_t) + eps = 0 on a coordinate where the "
            "momentum is nonzero (eps = 0 with a zero second moment); use eps > 0 or v0 > 0")
    safe = torch.where(zero, torch.ones_like(den), den)
    return torch.where(zero, torch.zeros_like(num), num / safe)


def check_choice(name: str, value: Any, choices: tuple) -> Any:
    if value not in choices:
        raise AdaproofInputError(f"{name} must be one of {choices!r}, got {value!r}")
    return value


def check_param_shape(x0: torch.Tensor) -> None:
    if x0.dim() < 1 or x0.shape[0] < 1:
        raise AdaproofInputError(f"x0 must have shape (B, *shape) with B >= 1, got {tuple(x0.shape)}")
    if x0[0].numel() < 1:
        raise AdaproofInputError(
            f"each candidate needs at least one coordinate (d >= 1); x0 has shape {tuple(x0.shape)}")
