"""Batched objectives and stochastic oracles for closed-loop runs.

An *oracle* is a callable ``oracle(x, t) -> g`` on batches ``x`` of shape ``(B, *shape)``; pass
it to :func:`adaproof.algorithms.run` with ``T`` and ``x0``.  Each objective here is also
callable as ``f(x) -> (B,)`` values and exposes ``grad(x)``; ``oracle()`` returns its exact
(deterministic) gradient oracle and :class:`AdditiveNoise` adds noise from a given law.

* :class:`Quadratic`: ``f(x) = ½ (x − x*)ᵀ H (x − x*)`` with ``H`` of shape ``(d, d)`` or
  ``(B, d, d)`` (one Hessian per candidate).  It is ``‖H‖₂``-smooth, and coordinate-wise
  ``ℓ∞``-smooth with ``H_i = Σ_j |H_ij|`` (adam_linf Definition 3.3).
* :class:`SeparableNonconvex`: ``f(x) = Σ_i a_i x_i² / (1 + x_i²) + b_i (1 − cos x_i)``, a smooth
  separable nonconvex function, coordinate-wise ``(2a_i + b_i)``-smooth.
* :class:`AdditiveNoise` with laws :class:`Gaussian`, :class:`TwoPoint`, :class:`FiniteSupport`,
  :class:`StudentT`: ``g = ∇f(x) + ξ_t``, ξ independent across steps, mean zero, with per-
  coordinate standard deviation ``sigma`` (``(d,)`` or scalar).
"""
from __future__ import annotations

import math
from typing import Callable

import torch

from .._validation import AdaproofInputError, check_finite_tensor, check_interval

__all__ = ["Quadratic", "SeparableNonconvex", "AdditiveNoise", "Gaussian", "TwoPoint",
           "FiniteSupport", "StudentT", "Objective", "NoiseLaw"]


class Objective:
    """A batched differentiable objective: ``f(x) -> (B,)``, ``grad(x) -> (B, *shape)``."""

    def __call__(self, x: torch.Tensor) -> torch.Tensor:  # pragma: no cover - abstract
        raise NotImplementedError

    def grad(self, x: torch.Tensor) -> torch.Tensor:
        with torch.enable_grad():
            y = x.detach().requires_grad_(True)
            (g,) = torch.autograd.grad(self(y).sum(), y)
        return g

    def oracle(self) -> Callable[[torch.Tensor, int], torch.Tensor]:
        """The exact gradient oracle ``(x, t) -> ∇f(x)``."""
        return lambda x, t: self.grad(x)


class Quadratic(Objective):
    """``f(x) = ½ (x − x*)ᵀ H (x − x*)``; ``H`` symmetric ``(d, d)`` or ``(B, d, d)``."""

    def __init__(self, H: torch.Tensor, x_star: torch.Tensor | None = None) -> None:
        check_finite_tensor("H", H)
        if H.dim() not in (2, 3) or H.shape[-1] != H.shape[-2]:
            raise AdaproofInputError(f"H must have shape (d, d) or (B, d, d), got {tuple(H.shape)}")
        if not torch.allclose(H, H.transpose(-1, -2), rtol=1e-12, atol=1e-12 * float(H.abs().max())):
            raise AdaproofInputError("H must be symmetric")
        self.H = H
        d = H.shape[-1]
        if x_star is None:
            x_star = torch.zeros(d, dtype=H.dtype, device=H.device)
        check_finite_tensor("x_star", x_star)
        if x_star.shape[-1] != d:
            raise AdaproofInputError(f"x_star must have last dimension d={d}, got {tuple(x_star.shape)}")
        self.x_star = x_star

    def _check(self, x: torch.Tensor) -> None:
        if x.dim() != 2 or x.shape[-1] != self.H.shape[-1]:
            raise AdaproofInputError(f"x must have shape (B, {self.H.shape[-1]}), got {tuple(x.shape)}")
        if self.H.dim() == 3 and self.H.shape[0] != x.shape[0]:
            raise AdaproofInputError(f"H holds {self.H.shape[0]} Hessians but x has B={x.shape[0]}")

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        self._check(x)
        r = x - self.x_star
        Hr = torch.einsum("...ij,...j->...i", self.H, r)
        return 0.5 * (r * Hr).sum(-1)

    def grad(self, x: torch.Tensor) -> torch.Tensor:
        self._check(x)
        return torch.einsum("...ij,...j->...i", self.H, x - self.x_star).expand_as(x)

    def linf_coordinate_smoothness(self) -> torch.Tensor:
        """``H_i = Σ_j |H_ij|`` (adam_linf Definition 3.3)."""
        return self.H.abs().sum(-1)


class SeparableNonconvex(Objective):
    """``f(x) = Σ_i a_i x_i²/(1 + x_i²) + b_i (1 − cos x_i)`` with ``a, b ≥ 0`` (scalars or (d,))."""

    def __init__(self, a: float | torch.Tensor = 1.0, b: float | torch.Tensor = 0.0) -> None:
        check_interval("a", a, 0.0)
        check_interval("b", b, 0.0)
        self.a, self.b = a, b

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        a = self.a.to(x) if isinstance(self.a, torch.Tensor) else self.a
        b = self.b.to(x) if isinstance(self.b, torch.Tensor) else self.b
        return (a * x ** 2 / (1 + x ** 2) + b * (1 - torch.cos(x))).reshape(x.shape[0], -1).sum(-1)

    def grad(self, x: torch.Tensor) -> torch.Tensor:
        a = self.a.to(x) if isinstance(self.a, torch.Tensor) else self.a
        b = self.b.to(x) if isinstance(self.b, torch.Tensor) else self.b
        return a * 2 * x / (1 + x ** 2) ** 2 + b * torch.sin(x)


class NoiseLaw:
    """A mean-zero, unit-variance law; ``sample(shape, generator, like)``."""

    def sample(self, shape, generator: torch.Generator, like: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError  # pragma: no cover


class Gaussian(NoiseLaw):
    def sample(self, shape, generator, like):
        return torch.randn(shape, generator=generator, dtype=like.dtype).to(like.device)


class TwoPoint(NoiseLaw):
    """Values ``±1`` with probability ½ each (Rademacher)."""

    def sample(self, shape, generator, like):
        u = torch.rand(shape, generator=generator, dtype=like.dtype).to(like.device)
        return torch.where(u < 0.5, -torch.ones_like(u), torch.ones_like(u))


class FiniteSupport(NoiseLaw):
    """A finite law with the given values and probabilities, recentred and rescaled to mean 0
    and variance 1 (a law with zero variance is rejected)."""

    def __init__(self, values, probs) -> None:
        v = torch.as_tensor(values, dtype=torch.float64)
        p = torch.as_tensor(probs, dtype=torch.float64)
        if v.dim() != 1 or v.shape != p.shape or v.numel() < 2:
            raise AdaproofInputError("values and probs must be 1-D of the same length >= 2")
        check_finite_tensor("values", v)
        if bool((p < 0).any()) or abs(float(p.sum()) - 1) > 1e-12:
            raise AdaproofInputError("probs must be >= 0 and sum to 1")
        mean = (v * p).sum()
        var = ((v - mean) ** 2 * p).sum()
        if float(var) <= 0:
            raise AdaproofInputError("the finite law must have positive variance")
        self.values = (v - mean) / var.sqrt()
        self.probs = p

    def sample(self, shape, generator, like):
        idx = torch.multinomial(self.probs, int(math.prod(shape)), replacement=True,
                                generator=generator)
        return self.values[idx].reshape(shape).to(dtype=like.dtype, device=like.device)


class StudentT(NoiseLaw):
    """Student-t with ``nu > 2`` degrees of freedom, scaled to unit variance (heavy tails)."""

    def __init__(self, nu: float = 3.0) -> None:
        check_interval("nu", nu, 2.0, None, low_open=True, why="the variance is finite for nu > 2")
        self.nu = float(nu)

    def sample(self, shape, generator, like):
        z = torch.randn(shape, generator=generator, dtype=torch.float64)
        chi2 = torch._standard_gamma(torch.full(shape, self.nu / 2, dtype=torch.float64),
                                     generator=generator) * 2
        t = z / torch.sqrt(chi2 / self.nu)
        return (t / math.sqrt(self.nu / (self.nu - 2))).to(dtype=like.dtype, device=like.device)


class AdditiveNoise:
    """The oracle ``g_t = ∇f(x_t) + sigma ⊙ ξ_t`` with ξ_t i.i.d. from ``law`` (mean 0, var 1)."""

    def __init__(self, objective: Objective, sigma: float | torch.Tensor, law: NoiseLaw | None = None,
                 *, seed: int = 0) -> None:
        if not isinstance(objective, Objective):
            raise AdaproofInputError("objective must be an adaproof Objective")
        check_interval("sigma", sigma, 0.0)
        self.objective = objective
        self.sigma = sigma
        self.law = law or Gaussian()
        self.generator = torch.Generator().manual_seed(seed)

    def __call__(self, x: torch.Tensor, t: int) -> torch.Tensor:
        g = self.objective.grad(x)
        xi = self.law.sample(tuple(x.shape), self.generator, x)
        s = self.sigma.to(x) if isinstance(self.sigma, torch.Tensor) else self.sigma
        return g + s * xi
