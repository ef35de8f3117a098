"""Schedules and shared helpers of the ``adafactor`` paper forms.

Paper: *Convergence of Adafactor under non-convex smooth stochastic optimization* (paper id
``adafactor``).  The schedules below are the ones the paper names:

* :class:`PaperBeta2` -- the analysed decay rate, (5)/(7)/Theorems A.1, B.1, D.1:
  ``beta_{2,1} = 1/2`` and ``beta_{2,k} = 1 - 1/k^c`` for ``k >= 2`` (default ``c = 0.8``, "the
  empirical default setting is c = 0.8", Section 4; the stochastic theorems take ``1/2 <= c <= 1``).
* :class:`ShazeerBeta2` -- the un-modified schedule ``beta_{2,k} = 1 - 1/k^c`` for every ``k``
  (Section 4; it gives ``beta_{2,1} = 0``: this is what torch and HuggingFace run).
* :class:`ConstantBeta2` -- Theorem 5.1/A.1's ``beta_{2,1} = 1/2`` and a constant
  ``0 < beta_{2,k} < 1`` for ``k >= 2``.
* :class:`SqrtRho` -- ``rho_k = rho_0 / sqrt(k)`` (``rho_1 = rho_0``), Theorems 5.1 (second case),
  6.1, 7.1; a constant ``rho_k = rho_0`` (Theorem 5.1, first case) is passed as a plain real.
* :class:`RelativeStepRho` -- ``rho_k = min(cap, 1/sqrt(k))`` (Shazeer & Stern's default with
  ``cap = 1e-2``; torch's ``min(lr, 1/sqrt(t))``) or, with ``warmup_init``,
  ``rho_k = min(1e-6 k, 1/sqrt(k))`` (the warm-up of Appendix E.2).
* :class:`PaperClipThreshold` -- the time-varying threshold of (7):
  ``d_k = k^{c / (2(alpha - 1))}`` with ``alpha > 1`` (``d_1 = 1``).

All schedules accept per-candidate ``(B,)`` tensors for their constants.
"""
from __future__ import annotations

import math
from typing import Any

import torch

from ..._validation import AdaproofInputError, as_hyper
from .._core import _expand

__all__ = ["PaperBeta2", "ShazeerBeta2", "ConstantBeta2", "SqrtRho", "RelativeStepRho",
           "PaperClipThreshold"]


def _const(name: str, value: Any, low=None, high=None, **kw) -> float | torch.Tensor:
    return as_hyper(name, value, low, high, **kw)


class PaperBeta2:
    """``beta_{2,1} = 1/2``, ``beta_{2,k} = 1 - 1/k^c`` (``k >= 2``): setting (5) of the paper."""

    def __init__(self, c: Any = 0.8) -> None:
        self.c = _const("c", c, 0.0, None, low_open=True,
                        why="beta_{2,k} = 1 - 1/k^c needs c > 0 (Section 4)")

    def __call__(self, k: int):
        if k == 1:
            return 0.5
        return 1.0 - float(k) ** (-self.c)

    def __repr__(self) -> str:
        return f"PaperBeta2(c={self.c!r})"


class ShazeerBeta2:
    """``beta_{2,k} = 1 - 1/k^c`` for all ``k >= 1`` (so ``beta_{2,1} = 0``), Section 4."""

    def __init__(self, c: Any = 0.8) -> None:
        self.c = _const("c", c, 0.0, None)

    def __call__(self, k: int):
        return 1.0 - float(k) ** (-self.c)

    def __repr__(self) -> str:
        return f"ShazeerBeta2(c={self.c!r})"


class ConstantBeta2:
    """``beta_{2,1} = beta21`` (default 1/2) and ``beta_{2,k} = beta`` for ``k >= 2`` (setting (3))."""

    def __init__(self, beta: Any, beta21: Any = 0.5) -> None:
        self.beta = _const("beta", beta, 0.0, 1.0, low_open=True, high_open=True,
                           why="setting (3): 0 < beta_{2,k} < 1")
        self.beta21 = _const("beta21", beta21, 0.0, 1.0, high_open=True)

    def __call__(self, k: int):
        return self.beta21 if k == 1 else self.beta

    def __repr__(self) -> str:
        return f"ConstantBeta2(beta={self.beta!r}, beta21={self.beta21!r})"


class SqrtRho:
    """``rho_k = rho_0 / sqrt(k)``, so ``rho_1 = rho_0`` (Theorems 6.1, 7.1)."""

    def __init__(self, rho0: Any = 1e-2) -> None:
        self.rho0 = _const("rho0", rho0, 0.0, None, low_open=True)

    def __call__(self, k: int):
        return self.rho0 / math.sqrt(k)

    def __repr__(self) -> str:
        return f"SqrtRho(rho0={self.rho0!r})"


class RelativeStepRho:
    """``rho_k = min(cap, 1/sqrt(k))``, or ``min(1e-6 k, 1/sqrt(k))`` with ``warmup_init``.

    The expressions are evaluated exactly as ``transformers.optimization.Adafactor._get_lr``
    (``1.0 / math.sqrt(k)``) so that the paper form reproduces it bit for bit where they coincide.
    """

    def __init__(self, cap: Any = 1e-2, warmup_init: bool = False) -> None:
        self.cap = _const("cap", cap, 0.0, None, low_open=True)
        self.warmup_init = bool(warmup_init)

    def __call__(self, k: int):
        top = 1e-6 * k if self.warmup_init else self.cap
        inv = 1.0 / math.sqrt(k)
        if isinstance(top, torch.Tensor):
            return torch.clamp(top, max=inv)
        return min(top, inv)

    def __repr__(self) -> str:
        return f"RelativeStepRho(cap={self.cap!r}, warmup_init={self.warmup_init})"


class PaperClipThreshold:
    """``d_k = k^{c / (2(alpha - 1))}`` (setting (7), Theorem 7.1), ``alpha > 1``, ``c > 0``.

    Ambiguity: Tables 3/4 label the constant baseline ``d = 1`` as "alpha = 1.0 (default)", where
    the exponent ``c / (2(alpha - 1))`` divides by zero; resolved: ``alpha > 1`` is required here and
    the constant threshold ``d = 1`` is passed as ``d=1.0``.
    """

    def __init__(self, c: Any = 0.8, alpha: Any = 4.0) -> None:
        self.c = _const("c", c, 0.0, None, low_open=True)
        self.alpha = _const("alpha", alpha, 1.0, None, low_open=True,
                            why="d_k = k^{c/(2(alpha-1))} needs alpha > 1 (Theorem 7.1)")

    def __call__(self, k: int):
        return float(k) ** (self.c / (2 * (self.alpha - 1)))

    def __repr__(self) -> str:
        return f"PaperClipThreshold(c={self.c!r}, alpha={self.alpha!r})"


# -- helpers shared by the paper forms ----------------------------------------------------------

def scheduled(name: str, value: Any, t: int, like: torch.Tensor, low=None, high=None, *,
              low_open: bool = False, high_open: bool = False, why: str = ""):
    """Evaluate ``value`` (a real, a (B,) tensor or a schedule ``k -> real | (B,)``) at step ``t``,
    check its range, and broadcast it against ``like`` ``(B, ...)``."""
    label = name
    if callable(value) and not isinstance(value, torch.Tensor):
        value = value(t)
        label = f"{name}({t})"
    value = as_hyper(label, value, low, high, low_open=low_open, high_open=high_open, why=why)
    return _expand(value, like)


def validate_scheduled(name: str, value: Any, low=None, high=None, *, low_open=False,
                       high_open=False, why: str = "") -> Any:
    """Constructor-time check of a real / (B,) / schedule hyperparameter (schedules: at k = 1)."""
    if callable(value) and not isinstance(value, torch.Tensor):
        as_hyper(f"{name}(1)", value(1), low, high, low_open=low_open, high_open=high_open,
                 why=why)
        return value
    return as_hyper(name, value, low, high, low_open=low_open, high_open=high_open, why=why)


def per_candidate(value: float | torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """A ``(B,)`` tensor holding a scalar or a broadcast ``(B, 1, ...)`` hyperparameter."""
    B = like.shape[0]
    if isinstance(value, torch.Tensor):
        v = value.to(like).reshape(-1)
        return v.expand(B) if v.numel() == 1 else v.reshape(B)
    return torch.full((B,), float(value), dtype=like.dtype, device=like.device)


def rms(x: torch.Tensor) -> torch.Tensor:
    """``RMS(X) = sqrt(mean_ij x_ij^2)`` per candidate, shape ``(B, 1, ..., 1)`` (keepdim)."""
    dims = tuple(range(1, x.dim()))
    return torch.sqrt(torch.mean(x * x, dim=dims, keepdim=True))


def maximum(a: torch.Tensor, b: float | torch.Tensor) -> torch.Tensor:
    """``max{a, b}`` entrywise for a tensor ``a`` and a real or broadcastable tensor ``b``."""
    if isinstance(b, torch.Tensor):
        return torch.maximum(a, b.to(a))
    return torch.clamp(a, min=b)


def check_beta2(name: str, value: Any, require_beta21_half: bool) -> Any:
    """Validate the decay-rate sequence: a real, a (B,) tensor or a schedule ``k -> beta_{2,k}``.

    With ``require_beta21_half`` (the analysed setting of every theorem) ``beta_{2,1}`` must be
    exactly 1/2; otherwise the algorithm box's range ``[0, 1)`` applies.
    """
    if callable(value) and not isinstance(value, torch.Tensor):
        b1 = as_hyper(f"{name}(1)", value(1), 0.0, 1.0, high_open=True,
                      why="Algorithm 1: beta_{2,k} in [0, 1)")
    else:
        value = as_hyper(name, value, 0.0, 1.0, high_open=True,
                         why="Algorithm 1: beta_{2,k} in [0, 1)")
        b1 = value
    if require_beta21_half:
        bad = bool((b1 != 0.5).any()) if isinstance(b1, torch.Tensor) else b1 != 0.5
        if bad:
            got = b1 if not isinstance(b1, torch.Tensor) else b1.tolist()
            raise AdaproofInputError(
                f"{name}: the paper's theorems (5.1, 6.1, 7.1, A.1, B.1, D.1) take beta_{{2,1}} = 1/2, "
                f"got beta_{{2,1}} = {got!r} (the raw schedule 1 - 1/k^c gives beta_{{2,1}} = 0; use "
                f"PaperBeta2(c) or ConstantBeta2(beta), or pass require_beta21_half=False for the "
                f"algorithm box's range [0, 1))")
    return value


def beta2_at(name: str, value: Any, t: int, like: torch.Tensor, require_beta21_half: bool):
    """``beta_{2,t}`` broadcast against ``like``, range-checked at every step."""
    if require_beta21_half and t >= 2:
        return scheduled(name, value, t, like, 0.0, 1.0, low_open=True, high_open=True,
                         why="the theorems take 0 < beta_{2,k} < 1 for k >= 2")
    b = scheduled(name, value, t, like, 0.0, 1.0, high_open=True,
                  why="Algorithm 1: beta_{2,k} in [0, 1)")
    if require_beta21_half and t == 1:
        bad = bool((b != 0.5).any()) if isinstance(b, torch.Tensor) else b != 0.5
        if bad:
            raise AdaproofInputError(f"{name}(1) must be 1/2 (beta_{{2,1}} = 1/2 in every theorem)")
    return b


def step_size_eta(x: torch.Tensor, u: torch.Tensor, rho, eps2, d):
    """The paper's effective step (Algorithm 1, (4), (6)) per candidate, keepdim shapes.

    ``eta_k = max{eps2, RMS(X_k)} rho_k / max{1, RMS(U_k)/d}``; ``d is None`` drops the clipping
    (eq. (4)).  Returns ``(eta, rms_x, scale, rms_u, clip)``.
    """
    rms_x = rms(x)
    scale = maximum(rms_x, eps2)
    rms_u = rms(u)
    if d is None:
        clip = torch.ones_like(rms_u)
    else:
        clip = torch.clamp(rms_u / d, min=1.0)
    eta = scale * rho / clip
    return eta, rms_x, scale, rms_u, clip
