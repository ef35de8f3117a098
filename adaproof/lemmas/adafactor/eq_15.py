r"""(15), Appendix A.2: the descent lemma of an L-smooth f, on n x m matrices.

As printed::

    f(Y) \le f(X) + \langle\nabla f(X), Y - X\rangle + \frac L2\|Y - X\|_F^2,
    \qquad \forall X, Y \in \mathbb R^{n\times m}.                                      (15)

A property of every L-smooth f ((A1)); encoded on two families of f with their smoothness
constant computed exactly, for any X, Y (derived inputs):

* ``adafactor/eq-15``: separable pseudo-Huber f(X) = sum h_ij s^2 (sqrt(1 + ((x_ij - z_ij)/s)^2) - 1),
  h > 0, s > 0: f_ij'' = h_ij (1 + u^2)^{-3/2} in (0, h_ij], so any L >= max h_ij (the family of
  :mod:`adaproof.bounds.adafactor`'s attacked Theorem A.1);
* ``adafactor/eq-15-nonconvex``: separable nonconvex f(X) = sum a_ij u_ij^2/(1 + u_ij^2),
  u = X - Z, a > 0: f_ij'' = a_ij (2 - 6u^2)/(1 + u^2)^3 in [-a_ij/2, 2a_ij], so any L >= 2 max a_ij;

and along the run (``adafactor/eq-15-run``): at X = X_k, Y = X_{k+1} of Algorithm 2 run closed
loop on the pseudo-Huber f (:mod:`._full_closed`), the first display of Appendix A.3's proof.
"""
from __future__ import annotations

import sympy as sp

from ...declare import forall, scalar, sequence, size, statement
from ._full_closed import closed, gbar, f, L as L_RUN, m as m_run, n as n_run, p, q, T, x

_n = size("n", ">= 1", "rows of the parameter matrix")
_m = size("m", ">= 1", "columns of the parameter matrix")
_i, _j = sp.Symbol("i", integer=True), sp.Symbol("j", integer=True)
_L = scalar("L", "> 0", "smoothness constant L of (A1)")
_s = scalar("s", "> 0", "pseudo-Huber scale s")
_h = sequence("h", over=((1, _n), (1, _m)), domain="> 0", description="curvatures h_ij")
_z = sequence("z", over=((1, _n), (1, _m)), domain="R", description="minimiser Z")
_xa = sequence("xa", over=((1, _n), (1, _m)), domain="R", description="the point X")
_ya = sequence("ya", over=((1, _n), (1, _m)), domain="R", description="the point Y")


def _sum(e):
    return sp.Sum(sp.Sum(e, (_j, 1, _m)), (_i, 1, _n))


def _huber(X):
    u = (X[_i, _j] - _z[_i, _j]) / _s
    return _sum(_h[_i, _j] * _s ** 2 * u ** 2 / (sp.sqrt(1 + u ** 2) + 1))


_gh = _h[_i, _j] * (_xa[_i, _j] - _z[_i, _j]) / sp.sqrt(1 + ((_xa[_i, _j] - _z[_i, _j]) / _s) ** 2)
_D = _ya[_i, _j] - _xa[_i, _j]
_TEX = (r"f(\mathbf Y)\le f(\mathbf X)+\langle\nabla f(\mathbf X),\mathbf Y-\mathbf X\rangle+\frac L2"
        r"\|\mathbf Y-\mathbf X\|_F^2")

EQ_15 = statement(
    id="adafactor/eq-15", kind="eq", number="15",
    title="(15): descent lemma, separable pseudo-Huber f (L >= max h)",
    section="Appendix A.2", family="other", latex=_TEX,
    hypotheses=(forall(_i, 1, _n, forall(_j, 1, _m, sp.GreaterThan(_L, _h[_i, _j]))),),
    lhs=_huber(_ya), rhs=_huber(_xa) + _sum(_gh * _D) + _L / 2 * _sum(_D ** 2),
    source="(15), Appendix A.2 (for all X, Y; f of the attacked Theorem A.1)",
    supremum=1.0,
    notes="Any X, Y; ratio -> 1 as Y -> X (and at X = Y, equality).")

_a = sequence("a", over=((1, _n), (1, _m)), domain="> 0", description="weights a_ij")


def _nonconvex(X):
    u = X[_i, _j] - _z[_i, _j]
    return _sum(_a[_i, _j] * u ** 2 / (1 + u ** 2))


_ua = _xa[_i, _j] - _z[_i, _j]
EQ_15_NONCONVEX = statement(
    id="adafactor/eq-15-nonconvex", kind="eq", number="15",
    title="(15): descent lemma, separable nonconvex f = sum a u^2/(1 + u^2) (L >= 2 max a)",
    section="Appendix A.2", family="other", latex=_TEX,
    hypotheses=(forall(_i, 1, _n, forall(_j, 1, _m, sp.GreaterThan(_L, 2 * _a[_i, _j]))),),
    lhs=_nonconvex(_ya),
    rhs=_nonconvex(_xa) + _sum(2 * _a[_i, _j] * _ua / (1 + _ua ** 2) ** 2 * _D)
        + _L / 2 * _sum(_D ** 2),
    source="(15), Appendix A.2 (for all X, Y; the separable-nonconvex family of theorem_families)",
    supremum=1.0,
    notes="Any X, Y; f'' in [-a/2, 2a] so L = 2 max a is its exact smoothness constant.")

_kq = sp.Symbol("kq", integer=True)
_dx = x[_kq + 1, p, q] - x[_kq, p, q]
EQ_15_RUN = closed(
    "eq-15-run", "15", "(15) at X_k, X_{k+1} of Algorithm 2 (the first display of A.3's proof)",
    f(_kq + 1),
    f(_kq) + sp.Sum(sp.Sum(gbar(_kq, p, q) * _dx, (q, 1, m_run)), (p, 1, n_run))
    + L_RUN / 2 * sp.Sum(sp.Sum(_dx ** 2, (q, 1, m_run)), (p, 1, n_run)),
    r"f(X_{k+1})\le f(X_k)+\langle\bar G_k,X_{k+1}-X_k\rangle+\frac L2\|X_{k+1}-X_k\|_F^2",
    forall=((_kq, 1, T),), supremum=1.0,
    source="(15), Appendix A.2, applied in A.3 to Algorithm 2's iterates",
    notes="Per step k in [T].")
