r"""(99), Appendix D.1 (proof of Theorem D.1): the summed descent inequality of Algorithm 1 with
the time-varying update clipping.

As printed ("Summing up both sides over k in [t] and using f(X_{t+1}) >= f^*")::

    0 <= f(X_1) - f^* + D + E,
    D = sum_{k<=t} -rhohat_k <Gbar_k, G~_k/sqrt(W_k)>,  E = sum_{k<=t} L rhohat_k^2/2 ||G~_k/sqrt(W_k)||_F^2,

with rhohat_k = max{eps_2, RMS(X_k)} rho_k and G~_k = G_k/max{1, ||U_k||_F/(d_k sqrt(mn))} (97).
Encoded for every t in [T]: ``adafactor/eq-99`` (as printed) and ``eq-99-a`` (the sum before
f(X_{t+1}) >= f^* is used: f(X_{t+1}) <= f(X_1) + D + E, the descent lemma (15) summed).

Model (:mod:`._proxy_noise`), pathwise in the noise: one noisy run of Algorithm 1 with the
clipping d_k = k^{c/(2(alpha-1))} of setting (7) on a separable pseudo-Huber f (L = max h exact,
f^* = 0), G_k = grad f(X_k) + xi_k with xi_k = +-r u_k and G >= s||h||_F + r ((A4)); Gbar_k =
grad f(X_k).  The statements hold for every realisation.
"""
from __future__ import annotations

import sympy as sp

from ...bounds import adafactor as BA
from ...registry import register
from ...statement import Hypothesis, Quantity, Statement
from ._common import PAPER
from ._noise import H_A4, Q_R, Q_XI, noise_a4, params_a4
from ._proxy_noise import (D_K, FORALL_T, HYPOTHESES, L, QUANTITIES, RECURRENCES_CLIPPED,
                           SOURCE_CLIPPED, alpha, eta, gbar, gn, i, j, k, m, n, t, w)
from .eq_66 import _f

_i4, _j4 = sp.Symbol("i4", integer=True), sp.Symbol("j4", integer=True)  # RMS(U_k)'s own indices
_RMS_U = sp.sqrt(sp.Sum(sp.Sum(gn(k, _i4, _j4) ** 2 / w(k, _i4, _j4), (_j4, 1, m)), (_i4, 1, n))
                 / (n * m))
_CLIP = sp.Max(1, _RMS_U / D_K)          # ||U_k||_F/(d_k sqrt(mn)) = RMS(U_k)/d_k
_GT = gn(k, i, j) / _CLIP                # g~_ij^(k), (97)
# eta(k) of ._proxy_noise is max{eps_2, RMS(X_k)} rho_0/sqrt(k): rhohat_k of (97)
D_TERM = -sp.Sum(eta(k) * sp.Sum(sp.Sum(gbar(k, i, j) * _GT / sp.sqrt(w(k, i, j)), (j, 1, m)),
                                 (i, 1, n)), (k, 1, t))
E_TERM = sp.Sum(L * eta(k) ** 2 / 2 * sp.Sum(sp.Sum(_GT ** 2 / w(k, i, j), (j, 1, m)),
                                             (i, 1, n)), (k, 1, t))
_Q_ALPHA = Quantity("alpha", "scalar", "> 1", "clipping exponent alpha of d_k, (7)")
_H_ALPHA = Hypothesis(sp.StrictGreaterThan(alpha, 1), note="setting (7): alpha > 1")


def _sampler(ctx):
    rows = params_a4("Dc")(ctx)
    rows.update(noise_a4(ctx, rows))
    return rows


def _st(ident, title, lhs, rhs, latex, supremum=None):
    return register(Statement(
        id=f"{PAPER}/{ident}", paper=PAPER, kind="eq", number="99", title=title,
        section="Appendix D.1 (proof of Theorem D.1)", family="other", latex=latex,
        quantities=QUANTITIES + (Q_R, Q_XI, _Q_ALPHA), hypotheses=HYPOTHESES + H_A4 + (_H_ALPHA,),
        lhs=lhs, rhs=rhs, forall=FORALL_T, trajectory=SOURCE_CLIPPED,
        recurrences=RECURRENCES_CLIPPED, expected="holds", sampler=_sampler,
        sizes=lambda gen, preset="default": BA._sizes(gen, preset), supremum_ratio=supremum,
        source="(99), proof of Theorem D.1 (the descent lemma (15) with the clipped step, summed)",
        notes="Pathwise on a noisy run of Algorithm 1 with update clipping (setting (7)) on "
              "separable pseudo-Huber f (see the module); f* = 0."))


EQ_99 = {
    "": _st("eq-99", "(99): 0 <= f(X_1) - f* + D + E (clipped Adafactor, summed descent)",
            sp.Integer(0), _f(1) + D_TERM + E_TERM,
            r"0\le f(\mathbf X_1)-f^*+\underbrace{\sum_{k=1}^t-\hat\rho_k\Big\langle\bar{\mathbf G}"
            r"_k,\frac{\tilde{\mathbf G}_k}{\sqrt{\mathbf W_k}}\Big\rangle}_{\mathbf D}+\underbrace"
            r"{\sum_{k=1}^t\frac{L\hat\rho_k^2}2\Big\|\frac{\tilde{\mathbf G}_k}{\sqrt{\mathbf W_k}}"
            r"\Big\|_F^2}_{\mathbf E}"),
    "a": _st("eq-99-a", "(99) before f(X_{t+1}) >= f*: f(X_{t+1}) <= f(X_1) + D + E",
             _f(t + 1), _f(1) + D_TERM + E_TERM,
             r"f(\mathbf X_{t+1})\le f(\mathbf X_1)+\mathbf D+\mathbf E", supremum=1.0),
}
ALL = list(EQ_99.values())
