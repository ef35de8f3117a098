r"""(108), Appendix D.1 (proof of Theorem D.1, estimating D.2): the martingale term of the clipped
run, with probability at least 1 - delta (issue 13's high-probability kind; an exception of issue
14 given to c14d).

As printed (Lemma B.1 with omega'_k = 2G rhohat_k ||Gbar_k/sqrt(A_k)||_F, (107), Lemma B.3, (98),
delta rescaled over t, lambda = sqrt(eps_1)/(24 G^2 rho_0 (eps_2 + Theta_max))): with
probability at least 1 - delta, for all t in [T],

    D.2 <= 1/4 sum_{k<=t} rhohat_k ||Gbar_k/A_k^{1/4}||_F^2
           + 24 G^2 rho_0 (eps_2 + Theta_max)/sqrt(eps_1) log(T/delta),                  (108)
    D.2  = sum_{k<=t} rhohat_k <Gbar_k, G~_k/sqrt(A_k) - E_{Z_k}[G~_k/sqrt(A_k)]>.

Model (:mod:`._proxy_noise`, clipped): a noisy run of Algorithm 1 with the clipping d_k =
k^{c/(2(alpha-1))} of setting (7) on a separable pseudo-Huber f, G_k = grad f(X_k) + xi_k with
xi_k = eps_k r u_k, eps_k = +-1 with probability 1/2 (mean 0: (A3)), the directions u_k
(||u_k||_F <= 1) parameters of the instance, G >= s||h||_F + r ((A4) almost surely).  The law of
Z_k is then two-point given the past, and the conditional mean E_{Z_k}[G~_k] is written out: the
average of G~_k over the two signs, each with its own W_k (R_k, C_k of (43)-(44) recomputed from
R_{k-1}, C_{k-1} with that sign's gradient) and its own clipping factor.  A_k, rhohat_k and
Gbar_k = grad f(X_k) do not depend on Z_k.
"""
from __future__ import annotations

import sympy as sp
import torch

from ...statement import Hypothesis, Quantity
from ...symbolic import SeqValue
from ._noise import H_A4, Q_R, Q_XI, params_a4, r_noise, unit_directions
from ._proxy_noise import (C3, D_K, G, QUART, R3, S2E, T, a, alpha, beta, delta, eps1, eta, gbar,
                           i, j, k, m, n, rho0, statement, t, w, xi)

ud = sp.IndexedBase("ud")
_i4, _j4, _p6, _q6, _p7 = (sp.Symbol(s, integer=True) for s in ("i4", "j4", "p6", "q6", "p7"))

def _gtilde(gf, wf):
    """g~_ij^(k) = g_ij/max{1, RMS(G_k/sqrt(W_k))/d_k} for the gradient ``gf(i, j)`` and the
    W_k ``wf(i, j)`` it produces (97)."""
    rms = sp.sqrt(sp.Sum(gf(_i4, _j4) ** 2 / wf(_i4, _j4), (_i4, 1, n), (_j4, 1, m)) / (n * m))
    clip = sp.Max(1, rms / D_K)
    return lambda ii, jj: gf(ii, jj) / clip

def _w_if(gf):
    """w_ij^(k) of (45) had the step's gradient been ``gf``: R_k, C_k, S_k from the run's R_{k-1},
    C_{k-1} (43)-(44)."""
    bk = beta(k)
    rr = lambda ii: bk * R3[k - 1, ii, 1] + (1 - bk) * sp.Sum(gf(ii, _q6) ** 2 + eps1,  # noqa: E731
                                                             (_q6, 1, m))
    cc = bk * C3[k - 1, 1, j] + (1 - bk) * sp.Sum(gf(_p6, j) ** 2 + eps1, (_p6, 1, n))
    ss = sp.Sum(rr(_p7), (_p7, 1, n))
    return lambda ii, jj: rr(ii) * cc.subs(j, jj) / ss

def _alt(sign):
    gf = lambda ii, jj: gbar(k, ii, jj) + sign * r_noise * ud[k, ii, jj]  # noqa: E731
    return _gtilde(gf, _w_if(gf))

_GT = _gtilde(lambda ii, jj: gbar(k, ii, jj) + xi[k, ii, jj], lambda ii, jj: w(k, ii, jj))
_GP, _GM = _alt(1), _alt(-1)
D2 = sp.Sum(eta(k) * sp.Sum(gbar(k, i, j) * (_GT(i, j) - (_GP(i, j) + _GM(i, j)) / 2)
                            / sp.sqrt(a(k, i, j)), (i, 1, n), (j, 1, m)), (k, 1, t))
RHS = QUART / 4 + 24 * G ** 2 * rho0 * S2E / sp.sqrt(eps1) * sp.log(T / delta)

_Q_UD = Quantity("ud", "sequence", "||u_k||_F <= 1", "noise directions u_k (parameters)",
                 (1, 1, 1), ("T", "n", "m"))
_H = H_A4 + (Hypothesis(sp.StrictGreaterThan(alpha, 1), note="setting (7): alpha > 1"),
             Hypothesis(sp.LessThan(sp.Sum(ud[k, i, j] ** 2, (i, 1, n), (j, 1, m)), 1),
                        forall=((k, 1, T),), note="||u_k||_F <= 1: ||xi_k||_F <= r"))
LAW = ("g = grad f(X_k) + xi_k, xi_k = eps_k r u_k, eps_k = +-1 with probability 1/2 (mean 0: "
       "(A3)), u_k given directions with ||u_k||_F <= 1, G >= s||h||_F + r ((A4) a.s.)")

def _params(ctx):
    out = params_a4("Dc")(ctx)
    u = unit_directions(ctx) * (1 - 2.0 ** -40)
    out["ud"] = SeqValue(u.contiguous(), (1, 1, 1))
    return out

def _noise(ctx, rows):
    sign = torch.where(ctx.rand(ctx.B, ctx.sizes["T"]) < 0.5, -1.0, 1.0).to(ctx.dtype)
    v = (rows["r"][:, None] * sign)[:, :, None, None] * rows["ud"].data
    return {"xi": SeqValue(v.contiguous(), (1, 1, 1))}

EQ_108 = statement(
    id="adafactor/eq-108", number="108", kind="eq", law=LAW, params=_params, noise=_noise,
    extra_q=(Q_R, Q_XI, _Q_UD, Quantity("alpha", "scalar", "> 1", "clipping exponent alpha")),
    extra_h=_H, delta_expr=delta, clipped=True,
    title="(108): w.p. >= 1 - delta, for all t: D.2 <= 1/4 sum rhohat_k ||Gbar_k/A_k^{1/4}||^2 + "
          "24 G^2 rho0 (eps2+Theta)/sqrt(eps1) log(T/delta)",
    lhs=D2, rhs=RHS,
    latex=r"\mathbf{D.2}\le\frac14\sum_{k=1}^t\hat\rho_k\Big\|\frac{\bar{\mathbf G}_k}{\sqrt[4]"
          r"{\mathbf A_k}}\Big\|_F^2+\frac{24G^2\rho_0(\epsilon_2+\Theta_{\max})}{\sqrt{\epsilon_1}}"
          r"\log\Big(\frac T\delta\Big)",
    source="(108), proof of Theorem D.1 (Lemma B.1, (107), Lemma B.3, (98))",
    notes="Noisy run of Algorithm 1 with update clipping (setting (7)) on separable pseudo-Huber "
          "f; rhohat_k, Gbar_k, A_k are functions of the run (F_{k-1}-measurable); Theta_max = "
          "max_{k<=T} ||X_k||_inf of the run; E_{Z_k}[G~_k] the two-sign average.")
ALL = [EQ_108]
