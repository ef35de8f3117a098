"""Helpers shared by the adam_linf algorithms (private).

* :func:`check_vector_or_hyper` / :func:`fill_param` validate and broadcast ``m0`` (a real, a
  per-candidate ``(B,)`` tensor, a tensor of the parameter's shape or of shape ``(B, *shape)``);
* :func:`per_candidate` broadcasts a scalar-per-candidate initial value (``v0``) to ``(B,)``;
* :func:`check_positive_denominator` raises a clear error when ``v + eps`` vanishes (the paper's
  update ``m / sqrt(v + eps)`` then divides by zero);
* :func:`check_not_stuck_at_zero` rejects ``beta2 = 1`` together with ``v0 + eps = 0``;
* :class:`FlatParamsOptimizer` is the ``torch.optim.Optimizer`` adapter for algorithms whose
  update couples coordinates (AdaSGD, Blockwise Adam): all parameters form ONE vector of
  dimension ``d`` (the concatenation of the flattened parameters, in order), as in the paper,
  where ``d`` is the number of parameters of the whole model.
"""
from __future__ import annotations

from typing import Any

import torch

from ..._validation import AdaproofInputError, as_hyper, check_finite_tensor
from ..optim import AlgorithmOptimizer

__all__ = ["check_vector_or_hyper", "fill_param", "per_candidate", "check_positive_denominator",
           "check_not_stuck_at_zero", "FlatParamsOptimizer"]


def check_vector_or_hyper(name: str, value: Any) -> Any:
    """A finite real, a (B,) tensor, or a finite tensor of the parameter's shape."""
    if isinstance(value, torch.Tensor) and value.dim() > 0:
        check_finite_tensor(name, value)
        return value
    return as_hyper(name, value)


def fill_param(name: str, value: Any, x0: torch.Tensor) -> torch.Tensor:
    """Broadcast ``value`` to the shape of ``x0`` ``(B, *shape)`` (a new tensor)."""
    if isinstance(value, torch.Tensor) and value.dim() > 0:
        v = value.to(x0)
        if tuple(v.shape) == tuple(x0.shape[1:]):
            return v.expand_as(x0).clone()
        if v.dim() == 1 and v.shape[0] == x0.shape[0]:
            return v.reshape((-1,) + (1,) * (x0.dim() - 1)).expand_as(x0).clone()
        if tuple(v.shape) == tuple(x0.shape):
            return v.clone()
        raise AdaproofInputError(
            f"{name} of shape {tuple(v.shape)} fits neither the parameter shape "
            f"{tuple(x0.shape[1:])}, the batch (B,)=({x0.shape[0]},) nor (B, *shape)")
    return torch.full_like(x0, float(value))


def per_candidate(name: str, value: Any, x0: torch.Tensor) -> torch.Tensor:
    """A scalar or ``(B,)`` initial value as a tensor of shape ``(B,)`` (a new tensor)."""
    B = x0.shape[0]
    if isinstance(value, torch.Tensor):
        if value.dim() == 1:
            if value.shape[0] != B:
                raise AdaproofInputError(
                    f"{name} has {value.shape[0]} entries but the batch has {B} candidates "
                    f"({name} is a scalar or one value per candidate, shape (B,))")
            return value.to(dtype=x0.dtype, device=x0.device).clone()
        value = float(value.item())
    return torch.full((B,), float(value), dtype=x0.dtype, device=x0.device)


def _as_tensor(v: Any) -> torch.Tensor:
    if isinstance(v, torch.Tensor):
        return v.detach().to(torch.float64).cpu()
    return torch.tensor(float(v), dtype=torch.float64)


def check_not_stuck_at_zero(beta2: Any, v0: Any, eps: Any) -> None:
    """beta2 = 1 freezes v_t = v0: with v0 + eps = 0 every step divides by zero."""
    try:
        b2, s = torch.broadcast_tensors(_as_tensor(beta2), _as_tensor(v0) + _as_tensor(eps))
    except RuntimeError:
        raise AdaproofInputError(
            "the per-candidate tensors beta2, v0 and eps have different lengths; give each "
            "as a real or as a (B,) tensor with the same B") from None
    if bool(((b2 == 1) & (s == 0)).any()):
        raise AdaproofInputError(
            "beta2 = 1 with v0 + eps = 0: v_t stays v0 = 0 and every update m_t / sqrt(v_t + eps) "
            "divides by zero; take v0 > 0 or eps > 0 (or beta2 < 1)")


def check_positive_denominator(alg: str, denom: torch.Tensor, t: int, what: str) -> None:
    """Raise when ``v_t + eps`` (``denom``, ``(B, ...)``) has a zero entry."""
    d = denom.detach()
    bad = ~((d > 0) & (d <= torch.finfo(d.dtype).max))
    if bool(bad.any()):
        idx = tuple(int(i) for i in bad.nonzero()[0].tolist())
        if not bool(torch.isfinite(d[idx])):
            raise AdaproofInputError(
                f"{alg}: at step t={t}, {what} + eps = {d[idx].item()!r} at index {idx} "
                f"(candidate {idx[0]}) although the inputs are finite: the float recurrence "
                f"overflowed (g_t^2 overflows float64 for |g| > 1.3e154), so the update "
                f"m_t / sqrt(v_t + eps) would silently be 0 or NaN. Scale the gradients down.")
        raise AdaproofInputError(
            f"{alg}: at step t={t}, {what} + eps = {denom.detach()[idx].item()!r} at index {idx} "
            f"(candidate {idx[0]}), so the update m_t / sqrt(v_t + eps) divides by zero. This "
            f"happens with eps = 0 when v0 = 0 (or beta2 = 0) and the gradient entries feeding "
            f"v_t are all zero so far. Take eps > 0, or v0 > 0 with beta2 > 0; for "
            f"beta1 = beta2 = eps = 0 use SignGD (sign(0) = 0).")


class FlatParamsOptimizer(AlgorithmOptimizer):
    """Optimizer adapter treating ALL parameters as one vector (one candidate of shape ``(d,)``).

    The concatenation order is the order of the parameters in the (single) parameter group, each
    flattened row-major.  Every parameter must have a gradient at every step (a missing gradient
    would change ``d`` and the meaning of ``||g_t||^2 / d``).
    """

    @torch.no_grad()
    def step(self, closure=None):  # type: ignore[override]
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        params = self.param_groups[0]["params"]
        if not params:
            return loss
        grads = []
        for k, p in enumerate(params):
            if p.grad is None:
                raise AdaproofInputError(
                    f"{type(self).__name__} treats all parameters as one vector; parameter {k} "
                    f"(shape {tuple(p.shape)}) has no gradient at this step")
            if p.grad.is_sparse:
                raise AdaproofInputError(f"{type(self).__name__} does not take sparse gradients")
            grads.append(p.grad.detach().reshape(-1))
        g = torch.cat(grads).unsqueeze(0)
        if not bool(torch.isfinite(g).all()):
            raise AdaproofInputError(f"{type(self).__name__}: the gradient holds NaN or inf")
        x = torch.cat([p.detach().reshape(-1) for p in params]).unsqueeze(0).clone()
        st = self.state[params[0]]
        if "alg" not in st:
            self.algorithm.param_shape_check(x)
            st["alg"] = self.algorithm.init(x.clone())
            st["t"] = 0
        st["t"] += 1
        st["alg"]["x"] = x
        new_state, _ = self.algorithm.step(st["alg"], g, st["t"])
        st["alg"] = new_state
        flat = new_state["x"][0]
        offset = 0
        for p in params:
            n = p.numel()
            p.copy_(flat[offset:offset + n].reshape(p.shape))
            offset += n
        return loss
