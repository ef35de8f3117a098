r"""Shared expressions of the Appendix A.3 proof-chain statements added by c14a (issue 14): the
open-loop run of Algorithm 2 with rho_k = rho_0/sqrt(k) of :mod:`._full` (the model of (19),
(21), (28)), read as the proof reads it.

* ``RHO(k)`` = rho_k = rho_0/sqrt(k);  ``QUART(k)`` = ||Gbar_k / Wbar_k^{1/4}||_F^2 =
  sum_ij (gbar_ij^(k))^2 / sqrt(wbar_ij^(k));  ``U2(k)`` = ||Ubar_k||_F^2;  ``FRO2(k)`` =
  ||Gbar_k||_F^2;  ``DS`` = d sqrt(mn);  ``XC``/``YC`` the two sides of the min in (25), (28):
  d eps_1 mn (1 - beta_{2,1}) and G sqrt(calG).
* ``on_e1(k, expr)`` / ``on_e2(k, expr)``: ``expr`` for k in E_1 = {||Ubar_k||_F >= d sqrt(mn)}
  (resp. E_2 = {||Ubar_k||_F <= d sqrt(mn)}), 0 otherwise (a Piecewise).
* ``L`` (the smoothness constant in (b) = L/2 sum etahat_k^2 ||Ubar_k||_F^2, a positive scalar:
  (20) and (31) bound (b) from its definition; L-smoothness is not used there).
"""
from __future__ import annotations

import sympy as sp

from ...statement import Quantity
from ._common import b, eps1, G, g, GG, i, j, k, m, n, p, q, rho0, U, W
from ._full import d, NORM_U

L = sp.Symbol("L", real=True)
Q_L = Quantity("L", "scalar", "> 0", "smoothness constant L of (A1) (a positive factor of (b))")
DS = d * sp.sqrt(m * n)
XC = d * eps1 * m * n * (1 - b[1])
YC = G * sp.sqrt(GG)


def RHO(kk):
    return rho0 / sp.sqrt(kk)


def QUART(kk):
    return sp.Sum(g[kk, i, j] ** 2 / sp.sqrt(W[kk, i, j]), (i, 1, n), (j, 1, m))


def U2(kk):
    return sp.Sum(U[kk, p, q] ** 2, (p, 1, n), (q, 1, m))


def FRO2(kk):
    return sp.Sum(g[kk, i, j] ** 2, (i, 1, n), (j, 1, m))


def on_e1(kk, expr):
    return sp.Piecewise((expr, sp.GreaterThan(NORM_U.subs(k, kk), DS)), (0, True))


def on_e2(kk, expr):
    return sp.Piecewise((expr, sp.LessThan(NORM_U.subs(k, kk), DS)), (0, True))
