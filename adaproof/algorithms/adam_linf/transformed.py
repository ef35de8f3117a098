"""Running an algorithm on a transformed loss, Definition 2.1 of *Adam exploits ℓ∞-geometry of
loss landscape via coordinate-wise adaptivity* (paper id ``adam_linf``)::

    For initialization x_0 and stochastic losses {L_t}_{t=1}^T, we can get x_t when running
    algorithm A on (x_0, {L_t}). For a transformation 𝒯, we can also get x̃_t when running A with
    the same hyperparameters on (x̃_0, {L̃_t}) with x̃_0 = 𝒯^{-1}(x_0) and L̃_t = L_t ∘ 𝒯.
    An algorithm A is invariant w.r.t. 𝒯 if it always holds that x̃_t = 𝒯^{-1}(x_t) for any
    hyperparameters, initialization and stochastic losses. A is rotation-invariant if it is
    invariant w.r.t. any rotating transformation ℛ (𝒯(x) = 𝐓x with 𝐓 orthogonal). A is
    permutation-invariant if it is invariant w.r.t. any permutating transformation
    (𝒯(x) = [x_{π(1)}, ..., x_{π(d)}]).

Theorem 2.2: AdaSGD is rotation-invariant; Adam and SignGD are only permutation-invariant.

:func:`run_transformed` runs an algorithm on L̃_t = L_t ∘ 𝒯 from x̃_0 = 𝒯^{-1}(x_0).  The
gradient oracle of L_t is ``oracle(x, t) -> g`` on batches ``(B, d)``; the pulled-back gradient is
∇L̃_t(x̃) = J_𝒯(x̃)^T ∇L_t(𝒯(x̃)), which is 𝐓^T ∇L_t(𝐓x̃) for a linear 𝒯(x) = 𝐓x.  It
returns the trajectory in x̃ coordinates and the mapped-back iterates 𝒯(x̃_t), to be compared
with the iterates x_t of the same algorithm run on the original loss: A is invariant w.r.t. 𝒯
on that instance iff ``mapped == run(A, x0, oracle=oracle, T=T).x``.

``transform`` is either an invertible matrix 𝐓 of shape ``(d, d)`` (one for all candidates) or
``(B, d, d)`` (one per candidate) — a rotation, a permutation or any invertible linear map — or a
pair of callables ``(forward, inverse)`` for a general invertible map, each acting row-wise on
``(B, d)`` batches (the pullback then uses ``torch.func.vjp`` of ``forward``).

Notes on the paper's text: the proof of Theorem 2.2 (Appendix A) writes
g̃_t = ∇_x̃ L̃_t(x̃_t) = 𝐑^T ∇_x L(𝐑^{-1} x̃_{t-1}); the consistent reading (used here) is
g̃_t = ∇L̃_t(x̃_{t-1}) = 𝐑^T ∇L_t(𝐑 x̃_{t-1}) (the gradient of step t is taken at x̃_{t-1}, as in
Algorithms 1-3, and 𝒯(x̃) = 𝐑x̃, not 𝐑^{-1}x̃).  The quadratic experiment (Appendix D.1)
optimizes L_i(x) = ½ x^T 𝐑_i^T Σ 𝐑_i x = L_0(𝐑_i x) from 𝐑_i^T x_0, i.e. 𝒯 = 𝐑_i here.
"""
from __future__ import annotations

from typing import Any, Callable, NamedTuple, Sequence

import torch

from ..._validation import AdaproofInputError, check_finite_tensor, check_int
from .._core import Algorithm, Trajectory, run

__all__ = ["run_transformed", "TransformedRun", "random_rotation", "permutation_matrix"]

Oracle = Callable[[torch.Tensor, int], torch.Tensor]


class TransformedRun(NamedTuple):
    """Result of :func:`run_transformed`.

    ``tilde``: the :class:`Trajectory` of the algorithm on L̃_t = L_t ∘ 𝒯 in x̃ coordinates
    (``tilde.x[:, t]`` = x̃_t, ``tilde.g[:, t-1]`` = ∇L̃_t(x̃_{t-1}), every record in x̃
    coordinates).  ``mapped``: ``(B, T+1, d)``, the iterates mapped back, ``mapped[:, t]`` =
    𝒯(x̃_t) (equal to x_t of the untransformed run iff the algorithm is invariant).
    """

    tilde: Trajectory
    mapped: torch.Tensor


def _matrix_maps(Tm: torch.Tensor, x0: torch.Tensor):
    B, d = x0.shape
    if Tm.dim() not in (2, 3):
        raise AdaproofInputError(
            f"transform must be a matrix of shape (d, d) or (B, d, d) (or a pair of callables "
            f"(forward, inverse)), got a tensor of shape {tuple(Tm.shape)}")
    if Tm.shape[-1] != Tm.shape[-2]:
        raise AdaproofInputError(
            f"transform must be square, got shape {tuple(Tm.shape)}")
    if Tm.shape[-1] != d:
        raise AdaproofInputError(
            f"transform of shape {tuple(Tm.shape)} does not match the dimension d = {d} of x0 "
            f"(shape {tuple(x0.shape)} = (B, d))")
    if Tm.dim() == 3 and Tm.shape[0] != B:
        raise AdaproofInputError(
            f"transform of shape {tuple(Tm.shape)} holds {Tm.shape[0]} matrices but x0 has "
            f"B = {B} candidates")
    check_finite_tensor("transform", Tm)
    if Tm.dtype != x0.dtype:
        raise AdaproofInputError(
            f"transform has dtype {Tm.dtype} but x0 has {x0.dtype}; use one dtype")
    if Tm.device != x0.device:
        raise AdaproofInputError(f"transform is on {Tm.device} but x0 is on {x0.device}")
    sv = torch.linalg.svdvals(Tm.detach())
    smax, smin = sv[..., 0], sv[..., -1]
    tol = smax * d * torch.finfo(Tm.dtype).eps
    singular = smin <= tol
    if bool(singular.any()):
        which = "" if Tm.dim() == 2 else f" (candidate {int(singular.nonzero()[0, 0])})"
        k = int(singular.nonzero()[0, 0]) if Tm.dim() == 3 else None
        lo = float(smin[k] if k is not None else smin)
        hi = float(smax[k] if k is not None else smax)
        raise AdaproofInputError(
            f"transform must be invertible, but the matrix{which} is singular or numerically "
            f"singular: smallest singular value {lo:.3g}, largest {hi:.3g}")
    Tb = Tm.expand(B, d, d) if Tm.dim() == 2 else Tm

    def forward(y: torch.Tensor) -> torch.Tensor:
        return torch.einsum("bij,bj->bi", Tb.to(y), y)

    def inverse(x: torch.Tensor) -> torch.Tensor:
        return torch.linalg.solve(Tb.to(x), x.unsqueeze(-1)).squeeze(-1)

    def pullback(y: torch.Tensor, g: torch.Tensor) -> torch.Tensor:
        return torch.einsum("bji,bj->bi", Tb.to(g), g)

    return forward, inverse, pullback


def _callable_maps(forward: Callable, inverse: Callable, x0: torch.Tensor):
    def check_out(name: str, out: Any, like: torch.Tensor) -> torch.Tensor:
        if not isinstance(out, torch.Tensor) or tuple(out.shape) != tuple(like.shape):
            raise AdaproofInputError(
                f"transform's {name} must map a (B, d) = {tuple(like.shape)} batch to a tensor of "
                f"the same shape, got {getattr(out, 'shape', type(out).__name__)}")
        if out.dtype != like.dtype:
            raise AdaproofInputError(
                f"transform's {name} returned dtype {out.dtype}, expected {like.dtype}")
        return out

    y0 = check_out("inverse", inverse(x0), x0)
    check_finite_tensor("transform inverse(x0)", y0)
    back = check_out("forward", forward(y0), x0)
    scale = 1.0 + float(x0.detach().abs().max())
    tol = (torch.finfo(x0.dtype).eps ** 0.5) * scale
    err = float((back.detach() - x0.detach()).abs().max())
    if not err <= tol:
        raise AdaproofInputError(
            f"transform (forward, inverse) is not invertible at x0: forward(inverse(x0)) differs "
            f"from x0 by {err:.3g} (> {tol:.3g}); pass (forward, inverse) with "
            f"forward(inverse(x)) = x")

    def pullback(y: torch.Tensor, g: torch.Tensor) -> torch.Tensor:
        _, vjp_fn = torch.func.vjp(forward, y)
        (gt,) = vjp_fn(g)
        return gt

    def fwd(y: torch.Tensor) -> torch.Tensor:
        return check_out("forward", forward(y), y)

    return fwd, (lambda x: y0 if x is x0 else inverse(x)), pullback


def run_transformed(
    algorithm: Algorithm,
    oracle: Oracle,
    x0: torch.Tensor,
    T: int,
    transform: torch.Tensor | Sequence[Callable[[torch.Tensor], torch.Tensor]],
    *,
    record: tuple[str, ...] | None = None,
    keep_graph: bool = False,
) -> TransformedRun:
    """Run ``algorithm`` for ``T`` steps on L̃_t = L_t ∘ 𝒯 from x̃_0 = 𝒯^{-1}(x_0) (Def. 2.1).

    ``oracle(x, t) -> g`` returns ∇L_t(x) for ``x`` of shape ``(B, d)``; ``x0`` has shape
    ``(B, d)``; ``transform`` is a matrix ``(d, d)`` / ``(B, d, d)`` or a pair
    ``(forward, inverse)`` of row-wise maps on ``(B, d)``.  ``record`` and ``keep_graph`` are
    passed to :func:`~adaproof.algorithms._core.run`.  Returns a :class:`TransformedRun`.
    """
    if not isinstance(algorithm, Algorithm):
        raise AdaproofInputError(
            f"algorithm must be an Algorithm instance, got {type(algorithm).__name__}")
    if not callable(oracle):
        raise AdaproofInputError("oracle must be a callable oracle(x, t) -> g")
    check_finite_tensor("x0", x0)
    if x0.dim() != 2:
        raise AdaproofInputError(f"x0 must have shape (B, d), got {tuple(x0.shape)}")
    T = check_int("T", T, 1)
    if isinstance(transform, torch.Tensor):
        forward, inverse, pullback = _matrix_maps(transform, x0)
    elif (isinstance(transform, (tuple, list)) and len(transform) == 2
          and all(callable(f) for f in transform)):
        forward, inverse, pullback = _callable_maps(transform[0], transform[1], x0)
    else:
        raise AdaproofInputError(
            f"transform must be an invertible matrix of shape (d, d) or (B, d, d), or a pair of "
            f"callables (forward, inverse); got {type(transform).__name__}")

    x0_tilde = inverse(x0)

    def tilde_oracle(y: torch.Tensor, t: int) -> torch.Tensor:
        x = forward(y)
        g = oracle(x, t)
        if not isinstance(g, torch.Tensor) or tuple(g.shape) != tuple(x.shape):
            raise AdaproofInputError(
                f"oracle returned {getattr(g, 'shape', type(g).__name__)} at step {t}; expected "
                f"a tensor of shape {tuple(x.shape)}")
        return pullback(y, g)

    tilde = run(algorithm, x0_tilde, oracle=tilde_oracle, T=T, record=record,
                keep_graph=keep_graph)
    mapped = torch.stack([forward(tilde.x[:, k]) for k in range(tilde.x.shape[1])], dim=1)
    if not keep_graph:
        mapped = mapped.detach()
    return TransformedRun(tilde=tilde, mapped=mapped)


def random_rotation(d: int, generator: torch.Generator | None = None,
                    dtype: torch.dtype = torch.float64, device: Any = None,
                    proper: bool = False) -> torch.Tensor:
    """A Haar-random orthogonal ``(d, d)`` matrix (QR of a Gaussian matrix with the signs of
    R's diagonal fixed).  The paper's "rotating transformation" is any orthogonal 𝐓; with
    ``proper=True`` the determinant is made +1 (a rotation in SO(d)) by flipping one column."""
    d = check_int("d", d, 1)
    if not (isinstance(dtype, torch.dtype) and dtype.is_floating_point):
        raise AdaproofInputError(f"dtype must be a floating torch.dtype, got {dtype!r}")
    M = torch.randn(d, d, generator=generator, dtype=torch.float64)
    Q, R = torch.linalg.qr(M)
    signs = torch.sign(torch.diagonal(R))
    signs[signs == 0] = 1.0
    Q = Q * signs
    if proper and float(torch.linalg.det(Q)) < 0:
        Q[:, 0] = -Q[:, 0]
    return Q.to(dtype=dtype, device=device)


def permutation_matrix(perm: Sequence[int] | torch.Tensor, dtype: torch.dtype = torch.float64,
                       device: Any = None) -> torch.Tensor:
    """The matrix 𝐏 of the permutating transformation 𝒯(x) = [x_{π(1)}, ..., x_{π(d)}]:
    ``(P @ x)[i] == x[perm[i]]`` (0-based), i.e. ``P[i, perm[i]] = 1``."""
    if isinstance(perm, torch.Tensor):
        if perm.dim() != 1 or perm.is_floating_point() or perm.is_complex():
            raise AdaproofInputError(
                f"perm must be a 1-D integer tensor or a sequence of ints, got a tensor of "
                f"shape {tuple(perm.shape)} and dtype {perm.dtype}")
        items = perm.tolist()
    else:
        try:
            items = list(perm)
        except TypeError:
            raise AdaproofInputError(f"perm must be a sequence of ints, got {perm!r}") from None
    if not items or not all(isinstance(i, int) and not isinstance(i, bool) for i in items):
        raise AdaproofInputError(f"perm must be a non-empty sequence of ints, got {perm!r}")
    d = len(items)
    if sorted(items) != list(range(d)):
        missing = sorted(set(range(d)) - set(items))
        raise AdaproofInputError(
            f"perm must be a permutation of 0..{d - 1}; got {items!r} (missing {missing})")
    P = torch.zeros(d, d, dtype=dtype, device=device)
    P[torch.arange(d), torch.tensor(items)] = 1
    return P
