"""Relations between runs: two trajectories read by one statement.

A relation is a :class:`~adaproof.computed.ComputedStatement` whose sides run algorithms --
written once here over the array backends of :mod:`adaproof.matrix` (batched float torch, exact
rationals, ball arithmetic) -- on a family of stochastic quadratic losses
``L_t(x) = (x - c_t)ᵀ Q_t (x - c_t) / 2`` (``Q_t`` symmetric, possibly indefinite; any
``T ≥ 1`` steps), and compare the runs:

* **invariance** (:func:`invariance_sides`): the run on ``L̃_t = L_t ∘ R`` from ``x̃₀ = Rᵀx₀``
  against ``Rᵀ`` of the run on ``L_t`` (adam_linf Definition 2.1 with ``R`` orthogonal);
  ``lhs = max_{t,i} |x̃_{t,i} - (Rᵀx_t)_i|``, ``rhs = 0``.  The orthogonal maps are
  ``R = P·C(S)`` with ``P`` a signed permutation matrix and ``C(S) = (I - S)(I + S)^{-1}`` the
  Cayley transform of a skew-symmetric ``S`` -- exactly orthogonal for the rational reading of a
  float candidate, so permutations, sign flips and general rotations are attacked with an exact
  orthogonal map;
* **equality of two algorithms** (adam_complexity (6)/(7)): ``lhs = max_{t,i} |w_t - w'_t|``;
* orderings and derivatives are ordinary sides of the statements that use them.

Exactness: SignGD and SGD are rational (decided in exact rationals); Adam, AdaSGD and AdaGrad
take square roots and are decided in ball arithmetic (``real_backend="arb"``): a violation is a
ball of ``max |x̃ - Rᵀx|`` that excludes 0, so float rounding (or a 60-digit rounding at a jump
such as ``m/√v`` at ``v = 0``) never reports one.  An algorithm step that divides by zero
(``v + ε = 0``) is outside the domain: the hypothesis "every denominator > 0" is checked on both
runs.
"""
from __future__ import annotations

import torch

from .matrix import cayley, cayley_exact

__all__ = ["ALGORITHMS", "run", "invariance_sides", "family_hyps", "orthogonal", "quad_grad",
           "denominators"]

ALGORITHMS = ("sgd", "adam", "adasgd", "signgd")


def _col(ops, a):
    """A per-candidate scalar ``(B,)`` as ``(B, 1)`` for broadcasting against vectors."""
    return a[..., None]


def quad_grad(ops, Q, c, t: int, x):
    """``∇L_t(x) = Q_t (x - c_t)`` (``t`` from 1), batched."""
    return ((Q[:, t - 1] @ (x - c[:, t - 1])[..., None]))[..., 0]


def run(ops, name: str, grad, x0, T: int, hp: dict, *, record_den: bool = False):
    """``[x_0, ..., x_T]`` of algorithm ``name`` (adam_linf Algorithms 1-2, SGD, SignGD);
    ``grad(t, x)`` the gradient at step ``t``; ``hp``: ``beta1, beta2, eps`` ``(B,)``, ``eta``
    ``(B, T)``, ``m0`` ``(B, d)``, ``v0`` ``(B,)`` (broadcast over coordinates for Adam).
    With ``record_den`` also returns every ``v_t + ε`` the updates divide by."""
    d = x0.shape[-1]
    xs = [x0]
    x = x0
    m = hp.get("m0")
    if name == "adam":
        v = _col(ops, hp["v0"]) + 0 * x0
    else:
        v = hp.get("v0")
    dens = []
    for t in range(1, T + 1):
        g = grad(t, x)
        eta = _col(ops, hp["eta"][:, t - 1])
        if name == "signgd":
            x = x - eta * ops.sign(g)
        else:
            b1 = _col(ops, hp["beta1"])
            m = b1 * m + (1 - b1) * g
            if name == "sgd":
                x = x - eta * m
            elif name == "adam":
                b2 = _col(ops, hp["beta2"])
                v = b2 * v + (1 - b2) * g * g
                den = v + _col(ops, hp["eps"])
                dens.append(den)
                x = x - eta * m / ops.sqrt(den)
            elif name == "adasgd":
                b2 = hp["beta2"]
                v = b2 * v + (1 - b2) * ops.sum(g * g, -1) / d
                den = v + hp["eps"]
                dens.append(_col(ops, den))
                x = x - eta * m / _col(ops, ops.sqrt(den))
            else:
                raise ValueError(f"unknown algorithm {name!r}; known: {ALGORITHMS}")
        xs.append(x)
    return (xs, dens) if record_den else xs


def orthogonal(ops, v):
    """``R = P·C(S)`` from the inputs ``P`` (signed permutation) and ``S`` (skew)."""
    P, S = v["P"], v["S"]
    if isinstance(P, torch.Tensor):
        return P @ cayley(S)
    return P @ cayley_exact(ops, S)


def family_hyps(ops, v, family: str):
    """``P`` a signed permutation matrix, ``S`` skew-symmetric, and the family's restriction:
    ``"rotation"`` (any orthogonal ``P·C(S)``), ``"permutation"`` (``S = 0``, ``P ≥ 0``),
    ``"sign"`` (``S = 0``, ``P`` diagonal)."""
    P, S = v["P"], v["S"]
    A = ops.abs(P)
    allm = lambda c: ops.all(ops.all(c, -1), -1)  # noqa: E731
    out = [("P has entries in {-1, 0, 1}", allm(ops.eq(P * P, A))),
           ("P has one non-zero per row", ops.all(ops.eq(ops.sum(A, -1), 1 + 0 * A[..., 0]), -1)),
           ("P has one non-zero per column",
            ops.all(ops.eq(ops.sum(A, -2), 1 + 0 * A[..., 0]), -1)),
           ("S skew-symmetric", allm(ops.eq(S, -ops.T(S))))]
    if family in ("permutation", "sign"):
        out.append(("S = 0", allm(ops.eq(S, 0 * S))))
    if family == "permutation":
        out.append(("P >= 0 (a permutation)", allm(ops.ge(P, 0 * P))))
    if family == "sign":
        d = P.shape[-1]
        off = [P[..., i, j] for i in range(d) for j in range(d) if i != j]
        out.append(("P diagonal (sign flips)",
                    ops.all(ops.stack([ops.eq(o, 0 * o) for o in off], -1), -1) if off
                    else ops.eq(P[..., 0, 0], P[..., 0, 0])))
    return out


def _runs(ops, v, name: str):
    T = v["T"]
    Q, c, x0 = v["Q"], v["c"], v["x0"]
    R = orthogonal(ops, v)
    Rt = ops.T(R)
    hp = {k: v[k] for k in ("beta1", "beta2", "eps", "eta", "m0", "v0") if k in v}
    xs, den = run(ops, name, lambda t, x: quad_grad(ops, Q, c, t, x), x0, T, hp, record_den=True)
    gt = lambda t, y: (Rt @ quad_grad(ops, Q, c, t, (R @ y[..., None])[..., 0])[..., None])[..., 0]  # noqa: E731
    x0t = (Rt @ x0[..., None])[..., 0]
    ys, den2 = run(ops, name, gt, x0t, T, hp, record_den=True)
    return R, Rt, xs, ys, den + den2


def denominators(ops, v, name: str):
    """Hypothesis: every ``v_t + ε`` both runs divide by is > 0 (the algorithm is defined)."""
    if name not in ("adam", "adasgd"):
        return []
    _, _, _, _, dens = _runs(ops, v, name)
    if not dens:
        return []
    ok = [ops.all(ops.gt(dd, 0 * dd), -1) for dd in dens]
    return [("every v_t + eps > 0 on both runs (the updates are defined)",
             ops.all(ops.stack(ok, -1), -1))]


def invariance_sides(ops, v, name: str):
    """``(max_{t,i} |x̃_t - Rᵀx_t|, 0, Σ_t Σ_i |x_t| + |x̃_t|)``."""
    R, Rt, xs, ys, _ = _runs(ops, v, name)
    diffs, mags = [], []
    for x, y in zip(xs, ys):
        rx = (Rt @ x[..., None])[..., 0]
        diffs.append(ops.abs(y - rx))
        mags.append(ops.sum(ops.abs(rx) + ops.abs(y), -1))
    D = ops.stack(diffs, -1)  # (B, d, T+1)
    lhs = ops.amax(ops.amax(D, -1), -1)
    scale = mags[0]
    for m in mags[1:]:
        scale = scale + m
    return lhs, 0 * lhs, scale
