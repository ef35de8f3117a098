r"""(101), Appendix D.1 (proof of Theorem D.1, estimating E): the second-order term of the clipped
run, with Lemmas B.4 and B.5.

As printed::

    E <= L/2 sum_k rhohat_k^2 ||G_k/sqrt(W_k)||_F^2
      <= L(eps_2+Theta_max)^2 rho_0^2/2 sum_k (1 - beta_{2,k}) ||G_k/sqrt(W_k)||_F^2
      <= L mn calG (eps_2+Theta_max)^2 rho_0^2/(max{m,n} eps_1) [log(2 + 2G^2/eps_1)
                                                                + 4 sum_k (1 - beta_{2,k})]

with E = sum_{k<=t} L rhohat_k^2/2 ||G~_k/sqrt(W_k)||_F^2 (99).  Encoded for every t in [T]:
``adafactor/eq-101`` (end to end), ``-a`` (the first link: clipping only shrinks), ``-b`` (the
second link, (98) squared: rhohat_k^2 <= (eps_2+Theta_max)^2 rho_0^2 (1 - beta_{2,k}); at k = 1
it reads 1 <= 1/2 since beta_{2,1} = 1/2, the same k = 1 slip as (98)'s last link: violated as
printed), ``-b@corrected`` (the factor 2 that covers k = 1), ``-c`` (the last link: Lemmas B.4,
B.5).  The constant of the last line already carries the factor 2 (it drops the 1/2), so the
end-to-end bound is not hurt by the slip.
"""
from __future__ import annotations

import sympy as sp

from ...declare import corrected, statement
from ._clipped import (B2, BRACKET, E_TERM, H_L, HYPOTHESES, L, NOTE, NU2, Q_L, QUANTITIES,
                       SECTION, TRAJ, UP)
from ._common import eps1, FORALL_T, GG, k, m, n, t
from .eq_98 import RHOHAT

_L1 = L / 2 * sp.Sum(RHOHAT ** 2 * NU2, (k, 1, t))
_L2 = L * UP ** 2 / 2 * sp.Sum((1 - B2) * NU2, (k, 1, t))
_L3 = L * m * n * GG * UP ** 2 / (sp.Max(m, n) * eps1) * BRACKET
_TEX = (r"\mathbf E\le\frac L2\sum_{k=1}^t\hat\rho_k^2\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf W_k}}"
        r"\Big\|_F^2\le\frac{L(\epsilon_2+\Theta_{\max})^2\rho_0^2}2\sum_{k=1}^t(1-\beta_{2,k})"
        r"\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf W_k}}\Big\|_F^2\le\frac{Lmn\mathcal G(\epsilon_2+"
        r"\Theta_{\max})^2\rho_0^2}{\max\{m,n\}\epsilon_1}\Big[\log\Big(2+\frac{2G^2}{\epsilon_1}"
        r"\Big)+4\sum_{k=1}^t(1-\beta_{2,k})\Big]")


def _st(part, title, lhs, rhs, expected="holds", supremum=None, note=""):
    return statement(
        id="adafactor/eq-101" + (f"-{part}" if part else ""), kind="eq", number="101",
        title=title, section=SECTION + ", estimating E", family="update-norm",
        latex=r"\forall t\in[T]:\ " + _TEX, quantities=QUANTITIES + (Q_L,),
        hypotheses=HYPOTHESES + (H_L,), lhs=lhs, rhs=rhs, forall=FORALL_T, expected=expected,
        supremum=supremum, source="(101), proof of Theorem D.1" + (f", link {part}" if part else ""),
        notes=NOTE + note, **TRAJ)


EQ_101 = {
    "": _st("", "(101): E <= L mn calG (eps2+Theta)^2 rho0^2/(max{m,n} eps1)[log(2+2G^2/eps1) + "
                "4 sum (1-beta)] (end to end)", E_TERM, _L3),
    "a": _st("a", "(101), first link: E <= L/2 sum rhohat^2 ||G_k/sqrt(W_k)||^2", E_TERM, _L1,
             supremum=1.0),
    "b": _st("b", "(101), second link: rhohat_k^2 <= (eps2+Theta)^2 rho0^2 (1-beta_{2,k})", _L1,
             _L2, expected="violated",
             note=" At k = 1: rhohat_1^2 can reach (eps_2 + Theta_max)^2 rho_0^2 > (eps_2 + "
                  "Theta_max)^2 rho_0^2 (1 - beta_{2,1}) = half of it."),
    "c": _st("c", "(101), last link (Lemmas B.4, B.5)", _L2, _L3),
}
EQ_101["b@corrected"] = corrected(
    EQ_101["b"],
    reason="(98)'s last link squared: 1/k <= 1 - beta_{2,k} = k^{-c} holds for k >= 2 only; at "
           "k = 1 (beta_{2,1} = 1/2) 1/k = 2(1 - beta_{2,1}): the factor 2 covers every k",
    rhs=2 * _L2,
    latex=r"\frac L2\sum_k\hat\rho_k^2\|\mathbf G_k/\sqrt{\mathbf W_k}\|_F^2\le L(\epsilon_2+"
          r"\Theta_{\max})^2\rho_0^2\sum_k(1-\beta_{2,k})\|\mathbf G_k/\sqrt{\mathbf W_k}\|_F^2")

ALL = list(EQ_101.values())
