"""Matrix quantities and spectral sides, written once and evaluated three ways.

A statement of :mod:`adaproof.computed` computes its hypotheses and sides with a function
``f(ops, v)`` of an *array backend* ``ops`` and its inputs ``v`` (arrays with a leading batch
axis: a scalar is ``(B,)``, a vector ``(B, d)``, a matrix ``(B, d, d)``).  The same function runs on

* :class:`TorchOps` -- batched float64 torch (``torch.linalg.eigvalsh`` and friends), the screen
  and the guided search (differentiable);
* :class:`ExactOps` -- numpy object arrays of :class:`fractions.Fraction` (``B = 1``): every
  float input read as the rational it is, every rational operation exact; an operation that is
  not rational (a square root, an eigenvalue) raises :class:`NeedsReal`;
* :class:`MpOps` -- numpy object arrays of ``mpmath.mpf`` at the working precision
  (``mpmath.eigsy`` for symmetric eigenproblems), used when :class:`ExactOps` cannot.

Spectral and norm quantities provided (each on all three backends unless noted):

``eigvalsh`` / ``lam_min`` / ``lam_max`` (real backends), ``mabs(A)`` = ``|A| = (AᵀA)^{1/2}``
(symmetric ``A``: ``Q|Λ|Qᵀ``), ``spec_norm`` (symmetric), ``inf_to_one(A)`` =
``max_{‖u‖∞≤1} ‖Au‖₁ = max_{u,v∈{±1}^d} vᵀAu`` by enumeration of sign vectors (exact, small
``d``), :func:`op_norm` (``‖A‖_{p→q}`` exactly for ``p ∈ {1, ∞}`` and ``q ∈ {1, 2, ∞}``, and
``p = q = 2``), ``l11(A)`` = ``Σ|A_ij|``, ``box_quad_max(M)`` = ``max_{‖u‖∞≤1} uᵀMu`` exactly, by
enumeration of the ``3^d`` faces of the cube (each coordinate at ``-1``, ``+1`` or free; the
free block's stationary point solved exactly: the maximum of a quadratic on a box is attained at
such a point), and the predicates ``psd(A)`` (``A ⪰ 0``; exact: symmetric Gaussian elimination
in rationals), ``ge``/``gt``/``le``/``eq``.  Predicates return a boolean per candidate; the
float one allows rounding (``64 u`` times the scale of the terms), the exact ones decide.

Constructions for samplers (float, batched): :func:`random_symmetric`, :func:`random_psd`
(``A = LLᵀ``), :func:`cayley` (an *exactly* orthogonal rational matrix from a skew-symmetric
rational one: ``R = (I - S)(I + S)^{-1}``, so that a float candidate has an exact orthogonal
reading), :func:`random_permutation_matrix`, :func:`random_sign_flip`; guided search through a
parametrisation (:class:`MatrixReparam`: ``(Z + Zᵀ)/2``, ``A = LLᵀ``, ...); ball arithmetic
(:class:`ArbOps`) and forward-mode :class:`Dual` numbers for derivative claims
(:func:`derivative`: autograd on torch, exact or enclosed on the object backends;
:func:`second_derivative`: autograd twice, and nested duals ``Dual(Dual(x, 1), Dual(1, 0))``).
"""
from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import torch

__all__ = ["NeedsReal", "TorchOps", "ExactOps", "MpOps", "to_fraction_array", "sign_vectors",
           "random_symmetric", "random_psd", "cayley", "cayley_exact",
           "random_permutation_matrix", "random_sign_flip", "psd_exact", "fraction_solve",
           "symmetric_mix", "blocks", "loewner_certificate", "ArbOps", "Undecided",
           "MatrixReparam", "Dual", "derivative", "second_derivative", "op_norm"]


class NeedsReal(Exception):
    """An operation that is not rational was asked of :class:`ExactOps`."""


def sign_vectors(d: int) -> list[tuple[int, ...]]:
    """The ``2^(d-1)`` sign vectors with first entry +1 (``v`` and ``-v`` give the same value
    of every even function the enumerations take)."""
    return [(1,) + s for s in itertools.product((1, -1), repeat=d - 1)] if d > 0 else [()]


def _faces(d: int):
    """Every face of the cube ``[-1, 1]^d``: a tuple over coordinates of ``-1``, ``+1`` or
    ``0`` (free)."""
    return list(itertools.product((-1, 0, 1), repeat=d))


# ---------------------------------------------------------------------------------------------
# batched float (torch)
# ---------------------------------------------------------------------------------------------
class TorchOps:
    """Batched float64 torch backend (see the module docstring)."""

    exact = False
    name = "float64"

    def __init__(self, dtype=torch.float64, device="cpu"):
        self.dtype, self.device = dtype, device
        self.u = torch.finfo(dtype).eps / 2

    # elementary
    def const(self, x):
        return torch.as_tensor(float(x), dtype=self.dtype, device=self.device)

    def T(self, a):
        return a.transpose(-1, -2)

    def abs(self, a):
        return a.abs()

    def sqrt(self, a):
        return torch.sqrt(a)

    def sum(self, a, axis):
        return a.sum(dim=axis)

    def amax(self, a, axis):
        return a.amax(dim=axis)

    def amin(self, a, axis):
        return a.amin(dim=axis)

    def maximum(self, a, b):
        return torch.maximum(torch.as_tensor(a, dtype=self.dtype), torch.as_tensor(b, dtype=self.dtype))

    def where(self, c, a, b):
        return torch.where(c, a, b)

    def sign(self, a):
        return torch.sign(a)

    def step(self, a):
        """``1`` where ``a >= 0``, else ``0`` (a mask; the IEEE comparison of the float)."""
        return (a >= 0).to(self.dtype)

    def stack(self, xs, axis):
        return torch.stack(list(xs), dim=axis)

    def eye(self, d):
        return torch.eye(d, dtype=self.dtype, device=self.device)

    def zeros(self, *shape):
        return torch.zeros(*shape, dtype=self.dtype, device=self.device)

    def diag_embed(self, v):
        return torch.diag_embed(v)

    def diagonal(self, A):
        return torch.diagonal(A, dim1=-2, dim2=-1)

    def solve(self, A, b):
        return torch.linalg.solve(A, b)

    def inv(self, A):
        return torch.linalg.inv(A)

    # spectral
    def eigvalsh(self, A):
        return torch.linalg.eigvalsh(A)

    def eigh(self, A):
        return torch.linalg.eigh(A)

    def lam_min(self, A):
        return torch.linalg.eigvalsh(A)[..., 0]

    def lam_max(self, A):
        return torch.linalg.eigvalsh(A)[..., -1]

    def mabs(self, A):
        """``|A| = (AᵀA)^{1/2}`` of a symmetric ``A``: ``Q|Λ|Qᵀ``."""
        w, Q = torch.linalg.eigh(A)
        return (Q * w.abs()[..., None, :]) @ Q.transpose(-1, -2)

    def spec_norm(self, A):
        """``‖A‖₂`` of a symmetric ``A``: the largest ``|λ|``."""
        return torch.linalg.eigvalsh(A).abs().amax(dim=-1)

    # norms by enumeration
    def inf_to_one(self, A):
        d = A.shape[-1]
        S = torch.tensor(sign_vectors(d), dtype=self.dtype, device=self.device).T  # (d, K)
        return (A @ S).abs().sum(dim=-2).amax(dim=-1)

    def l11(self, A):
        return A.abs().sum(dim=(-1, -2))

    def box_quad_max(self, M):
        """``max_{‖u‖∞≤1} uᵀMu`` over the faces of the cube (stationary points of each face;
        singular faces skipped: their maximum is attained on a smaller face)."""
        d = M.shape[-1]
        best = None
        for face in _faces(d):
            free = [i for i, s in enumerate(face) if s == 0]
            fixed = [i for i, s in enumerate(face) if s != 0]
            u = torch.zeros(M.shape[:-1], dtype=self.dtype, device=self.device)
            if fixed:
                u[..., fixed] = torch.tensor([float(face[i]) for i in fixed], dtype=self.dtype,
                                             device=self.device)
            ok = torch.ones(M.shape[:-2], dtype=torch.bool, device=self.device)
            if free:
                Mff = M[..., free, :][..., :, free]
                rhs = -(M[..., free, :][..., :, fixed] @ u[..., fixed, None])[..., 0] if fixed \
                    else torch.zeros(M.shape[:-2] + (len(free),), dtype=self.dtype, device=self.device)
                sol, info = torch.linalg.solve_ex(Mff, rhs[..., None])
                sol = sol[..., 0]
                ok = (info == 0) & torch.isfinite(sol).all(-1) & (sol.abs() <= 1).all(-1)
                u = u.clone()
                u[..., free] = torch.where(ok[..., None], sol, torch.zeros_like(sol))
            val = (u[..., None, :] @ M @ u[..., :, None])[..., 0, 0]
            val = torch.where(ok, val, torch.full_like(val, -float("inf")))
            best = val if best is None else torch.maximum(best, val)
        return best

    # predicates (float screen: rounding allowance of 64 unit roundoffs of the terms' scale)
    def ge(self, a, b):
        a, b = torch.as_tensor(a, dtype=self.dtype), torch.as_tensor(b, dtype=self.dtype)
        return a - b >= -64 * self.u * (a.abs() + b.abs())

    def le(self, a, b):
        return self.ge(b, a)

    def gt(self, a, b):
        return torch.as_tensor(a, dtype=self.dtype) > torch.as_tensor(b, dtype=self.dtype)

    def eq(self, a, b):
        a, b = torch.as_tensor(a, dtype=self.dtype), torch.as_tensor(b, dtype=self.dtype)
        return (a - b).abs() <= 64 * self.u * (a.abs() + b.abs())

    def psd(self, A):
        scale = A.abs().sum(dim=(-1, -2))
        return torch.linalg.eigvalsh(A)[..., 0] >= -64 * self.u * scale

    def all(self, c, axis):
        return c.all(dim=axis)


# ---------------------------------------------------------------------------------------------
# exact rationals (numpy object arrays of Fraction)
# ---------------------------------------------------------------------------------------------
def to_fraction_array(values) -> np.ndarray:
    """Nested lists of floats (or a float) as an object array of the exact rationals."""
    arr = np.array(values, dtype=object)
    out = np.empty(arr.shape, dtype=object)
    for idx in np.ndindex(arr.shape):
        out[idx] = Fraction(float(arr[idx]))
    return out


def fraction_solve(A: list[list], b: list) -> list | None:
    """Solve ``Ax = b`` exactly (Gaussian elimination in the entries' own field); ``None``
    when ``A`` is singular."""
    n = len(A)
    M = [list(A[i]) + [b[i]] for i in range(n)]
    for c in range(n):
        p = next((r for r in range(c, n) if M[r][c] != 0), None)
        if p is None:
            return None
        M[c], M[p] = M[p], M[c]
        for r in range(n):
            if r != c and M[r][c] != 0:
                f = M[r][c] / M[c][c]
                M[r] = [x - f * y for x, y in zip(M[r], M[c])]
    return [M[i][n] / M[i][i] for i in range(n)]


def psd_exact(A) -> bool:
    """``A ⪰ 0`` for a symmetric matrix with exact entries: symmetric Gaussian elimination (a
    negative pivot, or a zero pivot with a non-zero row, refutes it)."""
    M = [list(r) for r in A]
    n = len(M)
    for k in range(n):
        if M[k][k] < 0:
            return False
        if M[k][k] == 0:
            if any(M[k][j] != 0 for j in range(k + 1, n)):
                return False
            continue
        for i in range(k + 1, n):
            if M[i][k] != 0:
                f = M[i][k] / M[k][k]
                for j in range(k, n):
                    M[i][j] -= f * M[k][j]
    return True


class _ObjectOps:
    """What the Fraction and mpmath backends share (numpy object arrays, ``B = 1``)."""

    exact = True

    def T(self, a):
        return np.swapaxes(a, -1, -2)

    def abs(self, a):
        return np.abs(a)

    def sum(self, a, axis):
        return np.sum(a, axis=axis)

    def amax(self, a, axis):
        return np.max(a, axis=axis)

    def amin(self, a, axis):
        return np.min(a, axis=axis)

    def maximum(self, a, b):
        a, b = np.broadcast_arrays(np.asarray(a, dtype=object), np.asarray(b, dtype=object))
        out = np.empty(a.shape, dtype=object)
        for i in np.ndindex(a.shape):
            out[i] = a[i] if a[i] >= b[i] else b[i]
        return out

    def where(self, c, a, b):
        c, a, b = np.broadcast_arrays(np.asarray(c), np.asarray(a, dtype=object),
                                      np.asarray(b, dtype=object))
        out = np.empty(a.shape, dtype=object)
        for i in np.ndindex(a.shape):
            out[i] = a[i] if c[i] else b[i]
        return out

    def sign(self, a):
        a = np.asarray(a, dtype=object)
        out = np.empty(a.shape, dtype=object)
        for i in np.ndindex(a.shape):
            out[i] = self.const((a[i] > 0) - (a[i] < 0))
        return out

    def stack(self, xs, axis):
        return np.stack(list(xs), axis=axis)

    def step(self, a):
        a = np.asarray(a, dtype=object)
        out = np.empty(a.shape, dtype=object)
        for i in np.ndindex(a.shape):
            x = a[i]
            if x >= 0:
                out[i] = self.const(1)
            elif x < 0:
                out[i] = self.const(0)
            else:  # a ball containing 0 (ArbOps)
                raise Undecided(f"mask at {x}")
        return out

    def eye(self, d):
        out = np.empty((d, d), dtype=object)
        for i in range(d):
            for j in range(d):
                out[i, j] = self.const(1 if i == j else 0)
        return out

    def zeros(self, *shape):
        out = np.empty(shape, dtype=object)
        out[...] = self.const(0)
        return out

    def diag_embed(self, v):
        v = np.asarray(v, dtype=object)
        d = v.shape[-1]
        out = self.zeros(*v.shape, d)
        for i in range(d):
            out[..., i, i] = v[..., i]
        return out

    def diagonal(self, A):
        return np.diagonal(A, axis1=-2, axis2=-1).copy()

    def _batched(self, A, f):
        A = np.asarray(A, dtype=object)
        lead = A.shape[:-2]
        outs = [f(A[i]) for i in np.ndindex(lead)]
        return outs, lead

    def inf_to_one(self, A):
        d = A.shape[-1]
        S = np.array([[self.const(x) for x in s] for s in sign_vectors(d)], dtype=object).T
        return np.max(np.sum(np.abs(A @ S), axis=-2), axis=-1)

    def l11(self, A):
        return np.sum(np.abs(A), axis=(-1, -2))

    def solve(self, A, b):
        outs, lead = self._batched(A, lambda a: a)
        b = np.asarray(b, dtype=object)
        res = []
        for i, a in zip(np.ndindex(lead), outs):
            x = self._solve1(a.tolist(), list(b[i].reshape(-1)))
            if x is None:
                raise ZeroDivisionError("singular system")
            res.append(np.array(x, dtype=object).reshape(b[i].shape))
        return np.array(res, dtype=object).reshape(b.shape)

    def inv(self, A):
        A = np.asarray(A, dtype=object)
        d = A.shape[-1]
        cols = [self.solve(A, np.broadcast_to(self.eye(d)[:, j], A.shape[:-1]).copy())
                for j in range(d)]
        return np.stack(cols, axis=-1)

    def _solve1(self, A, b):
        return fraction_solve(A, b)

    def box_quad_max(self, M):
        M = np.asarray(M, dtype=object)
        d = M.shape[-1]
        outs, lead = self._batched(M, lambda m: self._box_quad_max1(m.tolist(), d))
        return np.array(outs, dtype=object).reshape(lead)

    def _box_quad_max1(self, M, d):
        best = None
        one = self.const(1)
        for face in _faces(d):
            free = [i for i, s in enumerate(face) if s == 0]
            fixed = [i for i, s in enumerate(face) if s != 0]
            u = [self.const(face[i]) for i in range(d)]
            if free:
                A = [[M[i][j] for j in free] for i in free]
                b = [-sum((M[i][j] * u[j] for j in fixed), self.const(0)) for i in free]
                x = self._solve1(A, b)
                if x is None or any(self._above(abs(xi), one) for xi in x):
                    continue
                for i, xi in zip(free, x):
                    u[i] = xi
            val = sum((u[i] * M[i][j] * u[j] for i in range(d) for j in range(d)), self.const(0))
            if best is None or val > best:
                best = val
        return best

    def _above(self, a, b) -> bool:
        return a > b

    def all(self, c, axis):
        return np.all(c, axis=axis)


class ExactOps(_ObjectOps):
    """Exact rational backend (see the module docstring)."""

    name = "exact rational"

    def const(self, x):
        return Fraction(x) if not isinstance(x, float) else Fraction(x)

    def sqrt(self, a):
        raise NeedsReal("sqrt")

    def _real(self, *_a, **_k):
        raise NeedsReal("spectral")

    eigvalsh = eigh = lam_min = lam_max = mabs = spec_norm = _real

    def ge(self, a, b):
        return np.asarray(np.asarray(a, dtype=object) >= np.asarray(b, dtype=object), dtype=bool)

    def le(self, a, b):
        return self.ge(b, a)

    def gt(self, a, b):
        return np.asarray(np.asarray(a, dtype=object) > np.asarray(b, dtype=object), dtype=bool)

    def eq(self, a, b):
        return np.asarray(np.asarray(a, dtype=object) == np.asarray(b, dtype=object), dtype=bool)

    def psd(self, A):
        outs, lead = self._batched(A, lambda m: psd_exact(m.tolist()))
        return np.array(outs, dtype=bool).reshape(lead)


class MpOps(_ObjectOps):
    """mpmath backend at the current ``mpmath.mp.dps``.  Predicates are decided to the working
    precision: ``a >= b`` holds when ``a - b >= -10^{-(dps-10)}·(|a| + |b|)`` (the verifier runs
    every candidate at two precisions, so only a hypothesis failing by less than ``10^{-110}``
    relative -- indistinguishable from its equality case -- could pass both)."""

    name = "mpmath"

    def const(self, x):
        if isinstance(x, Fraction):
            return mpmath.mpf(x.numerator) / x.denominator
        return mpmath.mpf(x)

    @property
    def tol(self):
        return mpmath.mpf(10) ** (-(mpmath.mp.dps - 10))

    def sqrt(self, a):
        a = np.asarray(a, dtype=object)
        out = np.empty(a.shape, dtype=object)
        for i in np.ndindex(a.shape):
            out[i] = a[i].sqrt(mpmath.sqrt) if isinstance(a[i], Dual) else mpmath.sqrt(a[i])
        return out[()] if out.shape == () else out

    def _eigsy(self, m):
        E, Q = mpmath.eigsy(mpmath.matrix(m.tolist()))
        n = m.shape[0]
        w = [E[i] for i in range(n)]
        order = sorted(range(n), key=lambda i: w[i])
        Qn = np.array([[Q[r, c] for c in order] for r in range(n)], dtype=object)
        return np.array([w[i] for i in order], dtype=object), Qn

    def eigvalsh(self, A):
        outs, lead = self._batched(A, lambda m: self._eigsy(m)[0])
        return np.array(outs, dtype=object).reshape(lead + (A.shape[-1],))

    def eigh(self, A):
        outs, lead = self._batched(A, self._eigsy)
        n = A.shape[-1]
        w = np.array([o[0] for o in outs], dtype=object).reshape(lead + (n,))
        Q = np.array([o[1] for o in outs], dtype=object).reshape(lead + (n, n))
        return w, Q

    def lam_min(self, A):
        return self.eigvalsh(A)[..., 0]

    def lam_max(self, A):
        return self.eigvalsh(A)[..., -1]

    def mabs(self, A):
        w, Q = self.eigh(A)
        return (Q * np.abs(w)[..., None, :]) @ self.T(Q)

    def spec_norm(self, A):
        return np.max(np.abs(self.eigvalsh(A)), axis=-1)

    def _solve1(self, A, b):
        try:
            x = mpmath.lu_solve(mpmath.matrix(A), mpmath.matrix(b))
        except ZeroDivisionError:
            return None
        return [x[i] for i in range(len(b))]

    def _above(self, a, b) -> bool:
        return a > b + self.tol * (abs(a) + abs(b))

    def ge(self, a, b):
        a, b = np.broadcast_arrays(np.asarray(a, dtype=object), np.asarray(b, dtype=object))
        out = np.empty(a.shape, dtype=bool)
        for i in np.ndindex(a.shape):
            out[i] = bool(a[i] - b[i] >= -self.tol * (abs(a[i]) + abs(b[i])))
        return out

    def le(self, a, b):
        return self.ge(b, a)

    def gt(self, a, b):
        a, b = np.broadcast_arrays(np.asarray(a, dtype=object), np.asarray(b, dtype=object))
        out = np.empty(a.shape, dtype=bool)
        for i in np.ndindex(a.shape):
            out[i] = bool(a[i] - b[i] > self.tol * (abs(a[i]) + abs(b[i])))
        return out

    def eq(self, a, b):
        a, b = np.broadcast_arrays(np.asarray(a, dtype=object), np.asarray(b, dtype=object))
        out = np.empty(a.shape, dtype=bool)
        for i in np.ndindex(a.shape):
            out[i] = bool(abs(a[i] - b[i]) <= self.tol * (abs(a[i]) + abs(b[i])))
        return out

    def psd(self, A):
        """``λ_min(A) >= -10^{-(dps-10)}·Σ|A_ij|`` (to the working precision)."""
        w = self.eigvalsh(A)[..., 0]
        scale = np.sum(np.abs(np.asarray(A, dtype=object)), axis=(-1, -2))
        w, scale = np.broadcast_arrays(np.asarray(w, dtype=object), np.asarray(scale, dtype=object))
        out = np.empty(w.shape, dtype=bool)
        for i in np.ndindex(w.shape):
            out[i] = bool(w[i] >= -self.tol * scale[i])
        return out


# ---------------------------------------------------------------------------------------------
# constructions for samplers (float, batched)
# ---------------------------------------------------------------------------------------------
def random_symmetric(ctx, d: int, scale=None) -> torch.Tensor:
    """``(B, d, d)`` symmetric: Gaussian entries (half the candidates with a random sparsity
    pattern and a random sign pattern kept), times a log-uniform scale."""
    G = ctx.randn(ctx.B, d, d)
    mask = (ctx.rand(ctx.B, d, d) < 0.6) | (ctx.rand(ctx.B, 1, 1) < 0.5)
    G = torch.where(mask, G, torch.zeros_like(G))
    A = (G + G.transpose(-1, -2)) / 2
    s = torch.exp(ctx.randn(ctx.B, 1, 1) * 2) if scale is None else scale
    return A * s


def random_psd(ctx, d: int, rank: int | None = None) -> torch.Tensor:
    """``(B, d, d)``: ``LLᵀ`` with ``L`` Gaussian ``d × rank`` (rank ``d`` by default)."""
    r = d if rank is None else rank
    L = ctx.randn(ctx.B, d, r) * torch.exp(ctx.randn(ctx.B, 1, r))
    return L @ L.transpose(-1, -2)


def cayley(S: torch.Tensor) -> torch.Tensor:
    """``R = (I - S)(I + S)^{-1}`` for skew-symmetric ``S``: orthogonal (exactly so for the
    rational reading of ``S``, see :func:`cayley_exact`; the float value to rounding)."""
    d = S.shape[-1]
    I = torch.eye(d, dtype=S.dtype, device=S.device).expand_as(S)
    return torch.linalg.solve((I + S).transpose(-1, -2), (I - S).transpose(-1, -2)).transpose(-1, -2)


def cayley_exact(ops, S):
    """:func:`cayley` on an exact backend: ``(I - S)(I + S)^{-1}``."""
    d = S.shape[-1]
    I = ops.eye(d)
    return (I - S) @ ops.inv(I + S)


def random_permutation_matrix(ctx, d: int) -> torch.Tensor:
    perm = torch.argsort(ctx.rand(ctx.B, d), dim=1)
    return torch.nn.functional.one_hot(perm, d).to(ctx.dtype)


def random_sign_flip(ctx, d: int) -> torch.Tensor:
    s = torch.where(ctx.rand(ctx.B, d) < 0.5, -1.0, 1.0).to(ctx.dtype)
    return torch.diag_embed(s)


def as_object(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=object)


def symmetric_mix(ctx, d: int) -> torch.Tensor:
    """``(B, d, d)`` symmetric matrices from a mixture: Gaussian with a random sparsity pattern
    and scale; small integers in [-3, 3] (float sums exact, so equality cases are hit
    exactly); rank one ``±ssᵀ`` with a sign vector ``s``; ``diag(±1)`` blocks."""
    B = ctx.B
    gauss = random_symmetric(ctx, d)
    ints = torch.round(ctx.rand(B, d, d) * 6 - 3)
    ints = torch.triu(ints) + torch.triu(ints, 1).transpose(-1, -2)
    s = torch.where(ctx.rand(B, d) < 0.5, -1.0, 1.0).to(ctx.dtype)
    rank1 = s[:, :, None] * s[:, None, :] * torch.where(ctx.rand(B, 1, 1) < 0.5, -1.0, 1.0)
    signs = torch.diag_embed(torch.where(ctx.rand(B, d) < 0.5, -1.0, 1.0).to(ctx.dtype))
    pick = ctx.rand(B, 1, 1)
    return torch.where(pick < 0.4, gauss, torch.where(pick < 0.75, ints,
                       torch.where(pick < 0.9, rank1.to(ctx.dtype), signs)))


def blocks(d: int, k: int) -> list[list[int]]:
    """The contiguous partition of ``0..d-1`` into ``k`` blocks of near-equal sizes (the
    claims attacked are invariant under permuting coordinates, so contiguous blocks lose no
    generality): ``k = d`` is Φ_Adam, ``k = 1`` Φ_AdaSGD."""
    if not 1 <= k <= d:
        raise ValueError(f"need 1 <= k <= d, got k={k}, d={d}")
    sizes = [d // k + (b < d % k) for b in range(k)]
    out, i = [], 0
    for n in sizes:
        out.append(list(range(i, i + n)))
        i += n
    return out


def loewner_certificate(ops, D) -> dict:
    """A violation of ``D ⪰ 0`` (``D`` of shape ``(1, d, d)``) certified by an explicit
    vector: the eigenvector of ``λ_min(D)`` (mpmath), rounded to float, and ``xᵀDx`` for that
    float ``x`` computed exactly (rationals when ``D`` is rational, else mpmath at the working
    precision).  The certificate holds when ``xᵀDx < 0``."""
    Dm = np.asarray(D, dtype=object)[0]
    Dmp = np.empty(Dm.shape, dtype=object)
    for i in np.ndindex(Dm.shape):
        x = Dm[i]
        Dmp[i] = mpmath.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mpmath.mpf(x)
    _, Q = MpOps()._eigsy(Dmp)
    xf = [float(q) for q in Q[:, 0]]
    n = len(xf)
    if isinstance(ops, ExactOps):
        xr = [Fraction(f) for f in xf]
        q = sum((xr[i] * Dm[i, j] * xr[j] for i in range(n) for j in range(n)), Fraction(0))
        qs = mpmath.nstr(mpmath.mpf(q.numerator) / q.denominator, 30)
    else:
        xr = [mpmath.mpf(f) for f in xf]
        q = mpmath.fsum(xr[i] * Dmp[i, j] * xr[j] for i in range(n) for j in range(n))
        qs = mpmath.nstr(q, 30)
    return {"kind": "loewner", "x": xf, "xT_D_x": qs, "exact_rational": isinstance(ops, ExactOps),
            "certifies": bool(q < 0)}


class Undecided(Exception):
    """A ball-arithmetic decision (a sign, a comparison) that the enclosure cannot make."""


class ArbOps(_ObjectOps):
    """Ball arithmetic (python-flint ``arb``) at ``flint.ctx.prec`` bits: every value is an
    enclosure of the exact one.  Used by relations between runs, whose sides may jump (a sign,
    ``m/√v`` at ``v = 0``): a comparison is ``True`` only when certain, a sign that the ball
    cannot decide raises :class:`Undecided`, and a violation is reported only when the ball of
    ``rhs - lhs`` lies below 0 -- no tolerance is involved."""

    name = "arb"

    def const(self, x):
        from flint import arb
        if isinstance(x, Fraction):
            return arb(x.numerator) / x.denominator
        return arb(x)

    def sqrt(self, a):
        a = np.asarray(a, dtype=object)
        out = np.empty(a.shape, dtype=object)
        for i in np.ndindex(a.shape):
            out[i] = a[i].sqrt(lambda x: x.sqrt()) if isinstance(a[i], Dual) else a[i].sqrt()
        return out[()] if out.shape == () else out

    def sign(self, a):
        a = np.asarray(a, dtype=object)
        out = np.empty(a.shape, dtype=object)
        for i in np.ndindex(a.shape):
            x = a[i]
            if x > 0:
                out[i] = self.const(1)
            elif x < 0:
                out[i] = self.const(-1)
            elif x == 0:
                out[i] = self.const(0)
            else:
                raise Undecided(f"sign of {x}")
        return out

    def _max2(self, a, b):
        return (a + b + abs(a - b)) / 2  # an enclosure of max(a, b)

    def maximum(self, a, b):
        a, b = np.broadcast_arrays(np.asarray(a, dtype=object), np.asarray(b, dtype=object))
        out = np.empty(a.shape, dtype=object)
        for i in np.ndindex(a.shape):
            out[i] = self._max2(a[i], b[i])
        return out

    def amax(self, a, axis):
        a = np.moveaxis(np.asarray(a, dtype=object), axis, -1)
        out = np.empty(a.shape[:-1], dtype=object)
        for i in np.ndindex(out.shape):
            m = a[i + (0,)]
            for x in a[i][1:]:
                m = self._max2(m, x)
            out[i] = m
        return out[()] if out.shape == () else out

    def _real(self, *_a, **_k):
        raise NeedsReal("spectral operations are not provided in ball arithmetic")

    eigvalsh = eigh = lam_min = lam_max = mabs = spec_norm = box_quad_max = _real

    def _cmp(self, a, b, f):
        a, b = np.broadcast_arrays(np.asarray(a, dtype=object), np.asarray(b, dtype=object))
        out = np.empty(a.shape, dtype=bool)
        for i in np.ndindex(a.shape):
            out[i] = bool(f(a[i] - b[i]))
        return out

    def ge(self, a, b):
        return self._cmp(a, b, lambda x: x >= 0)

    def le(self, a, b):
        return self.ge(b, a)

    def gt(self, a, b):
        return self._cmp(a, b, lambda x: x > 0)

    def eq(self, a, b):
        return self._cmp(a, b, lambda x: x == 0)

    def psd(self, A):
        raise NeedsReal("psd in ball arithmetic")


class MatrixReparam:
    """Guided search through a parametrisation (:mod:`adaproof.search.reparam` protocol):
    unconstrained tensors ``z`` onto matrix inputs that satisfy the structural hypotheses by
    construction -- ``"symmetric"``: ``(Z + Zᵀ)/2``; ``"psd"``: ``A = LLᵀ``; ``"free"``: ``z``;
    ``"positive"``: ``exp(z)``.  ``spec`` maps an input name to ``(kind, shape(sizes))``;
    ``derived(inputs, z, sizes)`` adds the inputs computed from others (e.g. ``H_b`` at or above
    the bound Definition C.2 needs), reading its own free parameters from ``z`` (declared in
    ``extra``: name -> shape(sizes), zero at ``init``)."""

    def __init__(self, spec: dict, derived=None, extra: dict | None = None):
        self.spec, self.derived, self.extra = dict(spec), derived, dict(extra or {})

    def random(self, B, sizes, generator, *, dtype=torch.float64, device="cpu"):
        z = {}
        for name, (_, shape) in self.spec.items():
            z[name] = torch.randn(B, *shape(sizes), generator=generator, dtype=dtype).to(device)
        for name, shape in self.extra.items():
            z[name] = torch.randn(B, *shape(sizes), generator=generator, dtype=dtype).to(device)
        return {k: v.requires_grad_(True) for k, v in z.items()}

    def forward(self, z, sizes):
        from .symbolic import SeqValue
        out = {}
        for name, (kind, _) in self.spec.items():
            x = z[name]
            if kind == "symmetric":
                x = (x + x.transpose(-1, -2)) / 2
            elif kind == "psd":
                x = x @ x.transpose(-1, -2)
            elif kind == "positive":
                x = torch.exp(x)
            out[name] = x
        if self.derived is not None:
            out.update(self.derived(out, z, sizes))
        return {k: (SeqValue(v, (1,) * (v.dim() - 1)) if v.dim() > 1 else v)
                for k, v in out.items()}

    def init(self, inputs, sizes):
        from .symbolic import SeqValue
        z = {}
        B = None
        for name, (kind, _) in self.spec.items():
            x = inputs[name]
            x = x.data if isinstance(x, SeqValue) else x
            B = x.shape[0]
            if kind == "psd":
                w, Q = torch.linalg.eigh(x)
                x = Q * w.clamp_min(0).sqrt()[..., None, :]
            elif kind == "positive":
                x = torch.log(x.clamp_min(1e-300))
            z[name] = x.detach().clone()
        for name, shape in self.extra.items():
            z[name] = torch.zeros(B, *shape(sizes), dtype=torch.float64)
        return {k: v.requires_grad_(True) for k, v in z.items()}


class Dual:
    """A forward-mode dual number ``v + d·ε`` over any exact or real element type (Fraction,
    ``mpf``, ``arb``): derivatives computed exactly in rationals, to working precision in
    mpmath, or as rigorous enclosures in ball arithmetic.  Comparisons read the value (masks are
    locally constant)."""

    __slots__ = ("v", "d")

    def __init__(self, v, d=0):
        self.v, self.d = v, d

    @staticmethod
    def _l(x):
        return x if isinstance(x, Dual) else Dual(x, 0 * x)

    def __add__(self, o):
        o = Dual._l(o)
        return Dual(self.v + o.v, self.d + o.d)

    __radd__ = __add__

    def __sub__(self, o):
        o = Dual._l(o)
        return Dual(self.v - o.v, self.d - o.d)

    def __rsub__(self, o):
        return Dual._l(o) - self

    def __mul__(self, o):
        o = Dual._l(o)
        return Dual(self.v * o.v, self.d * o.v + self.v * o.d)

    __rmul__ = __mul__

    def __truediv__(self, o):
        o = Dual._l(o)
        return Dual(self.v / o.v, (self.d * o.v - self.v * o.d) / (o.v * o.v))

    def __rtruediv__(self, o):
        return Dual._l(o) / self

    def __neg__(self):
        return Dual(-self.v, -self.d)

    def __abs__(self):
        if self.v > 0:
            return Dual(self.v, self.d)
        if self.v < 0:
            return -self
        raise Undecided("|x| at x = 0 is not differentiable")

    def __lt__(self, o):
        return self.v < Dual._l(o).v

    def __le__(self, o):
        return self.v <= Dual._l(o).v

    def __gt__(self, o):
        return self.v > Dual._l(o).v

    def __ge__(self, o):
        return self.v >= Dual._l(o).v

    def sqrt(self, root):
        # nested duals (second derivatives): the value is itself a Dual
        s = self.v.sqrt(root) if isinstance(self.v, Dual) else root(self.v)
        return Dual(s, self.d / (2 * s))


def derivative(ops, f, x):
    """``df/dx`` per candidate: autograd on :class:`TorchOps` (``x`` a ``(B,)`` tensor), forward
    mode with :class:`Dual` numbers on the object backends (exact in rationals, enclosures in
    arb).  ``f`` maps ``x`` to a ``(B,)`` array on the same backend."""
    if isinstance(ops, TorchOps):
        with torch.enable_grad():
            xg = x.detach().clone().requires_grad_(True)
            y = f(xg)
            (g,) = torch.autograd.grad(y.sum(), xg, create_graph=x.requires_grad,
                                       allow_unused=True)
        return torch.zeros_like(x) if g is None else g
    xs = np.asarray(x, dtype=object)
    xd = np.empty(xs.shape, dtype=object)
    for i in np.ndindex(xs.shape):
        xd[i] = Dual(xs[i], ops.const(1))
    y = np.asarray(f(xd), dtype=object)
    out = np.empty(y.shape, dtype=object)
    for i in np.ndindex(y.shape):
        out[i] = y[i].d if isinstance(y[i], Dual) else 0 * y[i]
    return out


def second_derivative(ops, f, x):
    """``d²f/dx²`` per candidate: autograd twice on :class:`TorchOps` (the first gradient kept
    in the graph), nested forward mode on the object backends -- ``x + ε₁ + ε₂`` as
    ``Dual(Dual(x, 1), Dual(1, 0))``, whose image is ``Dual(Dual(f, f'), Dual(f', f''))`` -- so
    the second derivative is exact in rationals and a rigorous enclosure in ball arithmetic
    (no finite differences)."""
    if isinstance(ops, TorchOps):
        with torch.enable_grad():
            xg = x.detach().clone().requires_grad_(True)
            y = f(xg)
            (g,) = torch.autograd.grad(y.sum(), xg, create_graph=True, allow_unused=True)
            if g is None or not g.requires_grad:
                return torch.zeros_like(x)
            (h,) = torch.autograd.grad(g.sum(), xg, create_graph=x.requires_grad,
                                       allow_unused=True)
        return torch.zeros_like(x) if h is None else h
    xs = np.asarray(x, dtype=object)
    xd = np.empty(xs.shape, dtype=object)
    for i in np.ndindex(xs.shape):
        one, zero = ops.const(1), ops.const(0)
        xd[i] = Dual(Dual(xs[i], one), Dual(one, zero))
    y = np.asarray(f(xd), dtype=object)
    out = np.empty(y.shape, dtype=object)
    for i in np.ndindex(y.shape):
        yi = y[i]
        dd = yi.d if isinstance(yi, Dual) else None
        # f'' is the ε₁ε₂ part; a result that is not a nested dual did not depend on x
        out[i] = dd.d if isinstance(dd, Dual) else ops.const(0)
    return out


def _vec_norm(ops, x, q):
    if q == 1:
        return ops.sum(ops.abs(x), -1)
    if q == 2:
        return ops.sqrt(ops.sum(x * x, -1))
    if q == "inf":
        return ops.amax(ops.abs(x), -1)
    raise ValueError(f"q must be 1, 2 or 'inf', got {q!r}")


def op_norm(ops, A, p, q):
    """``‖A‖_{p→q} = max_{‖x‖_p ≤ 1} ‖Ax‖_q`` (``A`` of shape ``(B, m, n)``), exactly where it is
    a finite maximum: ``p = 1`` (the largest ``q``-norm of a column: the ℓ1 ball's vertices are
    ``±e_j``), ``p = ∞`` (the largest ``‖As‖_q`` over sign vectors ``s``: a convex function is
    maximal at a vertex of the cube; ``2^(n-1)`` of them), ``p = q = 2`` (the spectral norm,
    ``sqrt(λ_max(AᵀA))``).  ``p``, ``q`` in ``1, 2, "inf"``."""
    n = A.shape[-1]
    if p == 1:
        cols = ops.stack([_vec_norm(ops, A[..., :, j], q) for j in range(n)], -1)
        return ops.amax(cols, -1)
    if p == "inf":
        vals = []
        for sv in sign_vectors(n):
            x = sum(A[..., :, j] * sv[j] for j in range(n))
            vals.append(_vec_norm(ops, x, q))
        return ops.amax(ops.stack(vals, -1), -1)
    if p == 2 and q == 2:
        return ops.sqrt(ops.lam_max(ops.T(A) @ A))
    raise ValueError(f"‖·‖_{{{p}→{q}}} is not computed exactly here (p in 1, 'inf'; or p = q = 2)")
