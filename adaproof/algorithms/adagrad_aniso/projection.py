"""The domain ``W`` of *AdaGrad under anisotropic smoothness* (paper id ``adagrad_aniso``) and the
projections Option I of its Algorithms 1-3 applies.

The paper (Section 3.1, Notations) defines, for a symmetric positive definite ``H`` and a convex
set ``W``, the ``H``-based projection

.. math::

    \\Pi^H_W(w) = \\operatorname{argmin}_{z \\in W} \\|z - w\\|_H^2,\\qquad
    \\|w\\|_H^2 = w^\\top H w,

and (Assumption 3.1) searches the solution "in a closed convex set W ⊆ ℝ^d such that there exists
at least one optimal solution w* ∈ W and max_{w,w'∈W} ‖w − w'‖_∞ ≤ D_∞ and
max_{w,w'∈W} ‖w − w'‖_2 ≤ D_2" (eq. (2)).  ``W`` is thus a general *bounded* closed convex set;
the paper's concrete example (Appendix B, Example B.1, and the discussion after Theorem 4.1:
"setting W to be a hypercube") is a hypercube.  Option II of every algorithm has no projection,
i.e. ``W = ℝ^d``.  The projections used are

* Algorithm 1 (AdaGrad), Option I: ``Π^{Λ_t}_W`` with the diagonal ``Λ_t = diag(√v_t)``, a
  *weighted* projection;
* Algorithm 2 (SGD), Option I: ``Π^{I_d}_W``, the Euclidean projection;
* Algorithm 3 (AdaGrad-Norm), Option I: ``Π^{Λ_t}_W``, where ``Λ_t`` is never defined in
  Algorithm 3 (see :mod:`.adagrad_norm`); resolved as ``Λ_t = b_t I_d``, whose projection is the
  Euclidean one.

The sets implemented here, each with the exact projection in any diagonal weighted norm
``‖z‖²_λ = Σ_j λ_j z_j²`` (``weights=λ`` of shape ``(B, *shape)``, entries > 0) and in the Euclidean
norm (``weights=None``):

* :class:`Unconstrained` — ``W = ℝ^d`` (Option II); the projection is the identity.
* :class:`Box` ``(low, high)`` — the hypercube / box ``{low ≤ w ≤ high}``.  A weighted-diagonal
  objective separates over coordinates, so *every* diagonal-norm projection is coordinate-wise
  clipping ``clamp(w, low, high)``, whatever the weights.
* :class:`LinfBall` ``(center, radius)`` — the ℓ∞ ball, a :class:`Box` with
  ``low = center − radius``, ``high = center + radius``.
* :class:`L2Ball` ``(center, radius)`` — ``{‖w − c‖₂ ≤ r}``.  Euclidean projection:
  ``c + (w − c) min(1, r/‖w − c‖₂)``.  Weighted projection (not a rescaling): from the KKT
  conditions ``λ_j (z_j − w_j) + μ (z_j − c_j) = 0``, ``z_j = c_j + λ_j (w_j − c_j)/(λ_j + μ)``
  with ``μ = 0`` when ``w`` is in the ball and otherwise the root ``μ > 0`` of the secular
  equation ``‖z(μ) − c‖₂ = r``; it is found by Newton's method on ``1/‖z(μ) − c‖₂ − 1/r``
  (concave and increasing in μ, so Newton from μ = 0 converges monotonically, as in the
  Moré-Sorensen trust-region solver), then one differentiable Newton step makes the result carry
  the implicit-function gradient.

Bounds and centres may be reals, tensors of the parameter's shape (shared by all candidates),
per-candidate ``(B,)`` tensors (one scalar per candidate) or ``(B, *shape)`` tensors; radii are
reals or ``(B,)`` tensors.  The parameter shape takes precedence when a ``(B,)`` tensor could be
either.

:meth:`ConvexSet.diameters` returns ``(D_∞, D_2)`` of eq. (2) per candidate, and
:meth:`ConvexSet.contains` tests membership (the analysis needs ``w_0 ∈ W``; the algorithms do
not enforce it, see :mod:`.adagrad`).
"""
from __future__ import annotations

import math
from typing import Any

import torch

from ..._validation import AdaproofInputError, as_hyper, check_finite_tensor

__all__ = ["ConvexSet", "Unconstrained", "Box", "LinfBall", "L2Ball", "as_domain"]


def _param_tensor(name: str, value: Any) -> float | torch.Tensor:
    """A real or a finite floating tensor (shape checked later against ``x0``)."""
    if isinstance(value, torch.Tensor):
        if value.dim() == 0:
            return as_hyper(name, value)
        if not value.is_floating_point():
            value = value.to(torch.get_default_dtype())
        check_finite_tensor(name, value)
        return value.detach().clone() if not value.requires_grad else value
    return as_hyper(name, value)


def _resolve(name: str, value: float | torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """Broadcast a real / param-shaped / (B,) / (B, *shape) value to the shape of ``like``."""
    if not isinstance(value, torch.Tensor):
        return torch.full_like(like, float(value))
    v = value.to(dtype=like.dtype, device=like.device)
    shape, B = tuple(like.shape[1:]), like.shape[0]
    if tuple(v.shape) == shape:
        return v.unsqueeze(0).expand_as(like)
    if v.dim() == 1 and v.shape[0] == B:
        return v.reshape((B,) + (1,) * len(shape)).expand_as(like)
    if tuple(v.shape) == tuple(like.shape):
        return v
    raise AdaproofInputError(
        f"{name} of shape {tuple(v.shape)} fits neither the parameter shape {shape}, the batch "
        f"(B,)=({B},) nor (B, *shape)={tuple(like.shape)}")


def _per_candidate(name: str, value: float | torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """A real or (B,) value as a tensor of shape (B, 1, ..., 1) broadcastable against ``like``."""
    B = like.shape[0]
    if not isinstance(value, torch.Tensor):
        return torch.full((B,) + (1,) * (like.dim() - 1), float(value), dtype=like.dtype,
                          device=like.device)
    if value.shape[0] != B:
        raise AdaproofInputError(f"{name} has {value.shape[0]} entries but the batch has {B} "
                                 "candidates")
    return value.to(dtype=like.dtype, device=like.device).reshape(
        (B,) + (1,) * (like.dim() - 1))


def _check_weights(weights: torch.Tensor | None, y: torch.Tensor) -> None:
    if weights is not None and tuple(weights.shape) != tuple(y.shape):
        raise AdaproofInputError(f"projection weights of shape {tuple(weights.shape)} do not "
                                 f"match the point of shape {tuple(y.shape)}")


class ConvexSet:
    """A closed convex set ``W`` with its exact projections (see the module docstring)."""

    def project(self, y: torch.Tensor, weights: torch.Tensor | None = None) -> torch.Tensor:
        """``Π^{diag(weights)}_W(y)`` for ``y`` of shape ``(B, *shape)``; Euclidean if ``weights``
        is ``None``."""
        raise NotImplementedError  # pragma: no cover - abstract

    def contains(self, x: torch.Tensor, atol: float = 0.0) -> torch.Tensor:
        """``(B,)`` booleans: is each candidate within ``atol`` of ``W`` (in the set's own
        constraints)?"""
        raise NotImplementedError  # pragma: no cover - abstract

    def diameters(self, like: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``(D_∞, D_2)`` of Assumption 3.1, eq. (2), per candidate (``(B,)`` tensors)."""
        raise NotImplementedError  # pragma: no cover - abstract

    def check(self, x0: torch.Tensor) -> None:
        """Raise :class:`AdaproofInputError` if the set's tensors do not fit ``x0``."""

    @property
    def is_unconstrained(self) -> bool:
        return False


class Unconstrained(ConvexSet):
    """``W = ℝ^d`` (Option II of Algorithms 1-3): the projection is the identity."""

    def project(self, y, weights=None):
        _check_weights(weights, y)
        return y

    def contains(self, x, atol=0.0):
        return torch.ones(x.shape[0], dtype=torch.bool, device=x.device)

    def diameters(self, like):
        inf = torch.full((like.shape[0],), math.inf, dtype=like.dtype, device=like.device)
        return inf, inf.clone()

    @property
    def is_unconstrained(self) -> bool:
        return True

    def __repr__(self) -> str:
        return "Unconstrained()"


class Box(ConvexSet):
    """The box (hypercube) ``{w : low ≤ w ≤ high}`` coordinate-wise.  ``low``, ``high`` finite
    (the paper's W is bounded) with ``low ≤ high`` entrywise.  Every diagonal-norm projection is
    ``clamp(w, low, high)``."""

    def __init__(self, low: Any, high: Any) -> None:
        self.low = _param_tensor("low", low)
        self.high = _param_tensor("high", high)
        lo_s = tuple(self.low.shape) if isinstance(self.low, torch.Tensor) else ()
        hi_s = tuple(self.high.shape) if isinstance(self.high, torch.Tensor) else ()
        if lo_s == hi_s or not lo_s or not hi_s:
            self._check_order(torch.as_tensor(self.low, dtype=torch.float64),
                              torch.as_tensor(self.high, dtype=torch.float64))
        # otherwise (e.g. a (B,) bound with a parameter-shaped one) the shapes are resolved and
        # the order checked against x0, in check() (called by run / the Optimizer)

    @staticmethod
    def _check_order(low: torch.Tensor, high: torch.Tensor) -> None:
        diff = (high - low).detach()
        if bool((diff < 0).any()):
            raise AdaproofInputError(
                "low must be <= high entrywise (the box {low <= w <= high} would be empty); got "
                f"low - high = {float((-diff).max())} > 0")

    def check(self, x0):
        self._check_order(*self._bounds(x0))

    def _bounds(self, like):
        return _resolve("low", self.low, like), _resolve("high", self.high, like)

    def project(self, y, weights=None):
        _check_weights(weights, y)
        low, high = self._bounds(y)
        return torch.maximum(torch.minimum(y, high), low)

    def contains(self, x, atol=0.0):
        low, high = self._bounds(x)
        ok = (x >= low - atol) & (x <= high + atol)
        return ok.flatten(1).all(dim=1)

    def diameters(self, like):
        low, high = self._bounds(like)
        w = (high - low).flatten(1)
        return w.max(dim=1).values, torch.linalg.vector_norm(w, dim=1)

    def __repr__(self) -> str:
        f = (lambda v: "<tensor>" if isinstance(v, torch.Tensor) else repr(v))
        return f"Box(low={f(self.low)}, high={f(self.high)})"


class LinfBall(Box):
    """The ℓ∞ ball ``{‖w − center‖_∞ ≤ radius}`` (a hypercube): a :class:`Box`.  ``radius`` ≥ 0,
    a real or a per-candidate ``(B,)`` tensor."""

    def __init__(self, center: Any = 0.0, radius: Any = 1.0) -> None:
        self.center = _param_tensor("center", center)
        self.radius = as_hyper("radius", radius, 0.0, None)
        self.low, self.high = None, None  # resolved lazily (radius may be per-candidate)

    def _bounds(self, like):
        c = _resolve("center", self.center, like)
        r = _per_candidate("radius", self.radius, like)
        return c - r, c + r

    def __repr__(self) -> str:
        f = (lambda v: "<tensor>" if isinstance(v, torch.Tensor) else repr(v))
        return f"LinfBall(center={f(self.center)}, radius={f(self.radius)})"


class L2Ball(ConvexSet):
    """The Euclidean ball ``{‖w − center‖₂ ≤ radius}`` (over all non-batch dimensions of the
    parameter).  ``radius`` ≥ 0, a real or a per-candidate ``(B,)`` tensor; ``center`` a real,
    a tensor of the parameter's shape, ``(B,)`` or ``(B, *shape)``."""

    #: Newton iterations of the weighted projection's secular equation (converges in far fewer)
    newton_iters: int = 60

    def __init__(self, center: Any = 0.0, radius: Any = 1.0) -> None:
        self.center = _param_tensor("center", center)
        self.radius = as_hyper("radius", radius, 0.0, None)

    def check(self, x0):
        _resolve("center", self.center, x0)
        _per_candidate("radius", self.radius, x0)

    def project(self, y, weights=None):
        _check_weights(weights, y)
        c = _resolve("center", self.center, y)
        B = y.shape[0]
        r = _per_candidate("radius", self.radius, y).reshape(B)
        a = (y - c).flatten(1)
        norm = torch.linalg.vector_norm(a, dim=1)
        outside = norm > r
        if not bool(outside.any()):
            return y
        if weights is None:
            safe = torch.where(outside, norm, torch.ones_like(norm))
            scale = torch.where(outside, r / safe, torch.ones_like(norm))
            return c + (a * scale[:, None]).reshape(y.shape)
        lam = weights.flatten(1).to(y)
        if bool((lam <= 0).any()):
            raise AdaproofInputError("weighted projection onto an L2Ball needs weights > 0 "
                                     "(a positive definite diagonal norm)")
        # solve ||z(mu) - c|| = r, z_j(mu) = c_j + lam_j a_j / (lam_j + mu), for the outside rows
        one = torch.ones_like(norm)
        r_safe = torch.where(outside & (r > 0), r, one)
        a_s = torch.where(outside[:, None], a, torch.ones_like(a))
        with torch.no_grad():
            gam2 = (lam * a_s) ** 2
            mu = torch.zeros_like(norm)
            for _ in range(self.newton_iters):
                den = lam + mu[:, None]
                s = (gam2 / den ** 2).sum(1)
                psi = s.rsqrt() - 1 / r_safe
                dpsi = s.pow(-1.5) * (gam2 / den ** 3).sum(1)
                mu = torch.clamp(mu - psi / dpsi, min=0.0)
        # one differentiable Newton step: same value, implicit-function-theorem gradient
        gam2 = (lam * a_s) ** 2
        den = lam + mu[:, None]
        s = (gam2 / den ** 2).sum(1)
        psi = s.rsqrt() - 1 / r_safe
        dpsi = s.pow(-1.5) * (gam2 / den ** 3).sum(1)
        mu = mu - psi / dpsi
        z = lam * a_s / (lam + mu[:, None])
        zero_r = outside & (r == 0)
        z = torch.where(zero_r[:, None], torch.zeros_like(z), z)  # W = {c}: the only point
        z = torch.where(outside[:, None], z, a)
        return c + z.reshape(y.shape)

    def contains(self, x, atol=0.0):
        c = _resolve("center", self.center, x)
        r = _per_candidate("radius", self.radius, x).reshape(x.shape[0])
        return torch.linalg.vector_norm((x - c).flatten(1), dim=1) <= r + atol

    def diameters(self, like):
        r = _per_candidate("radius", self.radius, like).reshape(like.shape[0])
        # the l_inf diameter of an l_2 ball is attained along a coordinate axis: 2r
        return 2 * r, 2 * r

    def __repr__(self) -> str:
        f = (lambda v: "<tensor>" if isinstance(v, torch.Tensor) else repr(v))
        return f"L2Ball(center={f(self.center)}, radius={f(self.radius)})"


def as_domain(domain: Any) -> ConvexSet:
    """``None`` → :class:`Unconstrained` (Option II); a :class:`ConvexSet` is returned as is."""
    if domain is None:
        return Unconstrained()
    if not isinstance(domain, ConvexSet):
        raise AdaproofInputError(
            f"domain must be None (W = R^d, Option II) or a ConvexSet (Unconstrained, Box, "
            f"LinfBall, L2Ball), got {type(domain).__name__}")
    return domain
