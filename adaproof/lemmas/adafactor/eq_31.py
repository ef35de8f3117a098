r"""(31), Appendix A.3 (proof of Theorem A.1, 'Avoiding the curse of dimension'): (b) from above
without the factor d^2 mn.

As printed::

    (b) \le \frac{L(\epsilon_2+\Theta_{\max})^2}{2}\sum_{k=1}^t\rho_k^2\|\bar U_k\|_F^2        (a)
        \le \frac{LG^2\mathcal G(\epsilon_2+\Theta_{\max})^2}{2mn\epsilon_1^2(1-\beta_{2,1})^2}
            \sum_{k=1}^t\rho_k^2                                                             (b)
        = \tilde\Delta_0^2\sum_{k=1}^t\frac1k,

with (b) = L/2 sum etahat_k^2 ||Ubar_k||_F^2 (18), rho_k = rho_0/sqrt(k) and
tilde Delta_0^2 = L G^2 calG (eps_2+Theta_max)^2 rho_0^2 / (2 mn eps_1^2 (1-beta_{2,1})^2) (12).
Encoded for every t in [T]: ``adafactor/eq-31`` (end to end), ``-a`` (first link, from (19)),
``-b`` (second link, from (22)); the last equality is an identity (rho_k^2 = rho_0^2/k).
Algorithm 2 run open loop as in (19).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._common import b, eps1, eps2, eta, FORALL_T, G, GG, k, m, n, rho0, t
from ._full import ETA_QUANTITIES, FULL_HYPS, H_ETA, RECS_ETA_FULL, SRC_FULL_ETA, THETA_MAX
from ._appendix_a import L, Q_L, RHO, U2
from .eq_20 import B_TERM, H_L

_MID = L * (eps2 + THETA_MAX) ** 2 / 2 * sp.Sum(RHO(k) ** 2 * U2(k), (k, 1, t))
_COEF = L * G ** 2 * GG * (eps2 + THETA_MAX) ** 2 / (2 * m * n * eps1 ** 2 * (1 - b[1]) ** 2)
_END = _COEF * sp.Sum(RHO(k) ** 2, (k, 1, t))
DELTA0T_SQ = _COEF * rho0 ** 2
_TEX = (r"(b)\le\frac{L(\epsilon_2+\Theta_{\max})^2}2\sum_{k=1}^t\rho_k^2\|\bar{\mathbf U}_k\|_F^2"
        r"\le\frac{LG^2\mathcal G(\epsilon_2+\Theta_{\max})^2}{2mn\epsilon_1^2(1-\beta_{2,1})^2}"
        r"\sum_{k=1}^t\rho_k^2=\tilde\Delta_0^2\sum_{k=1}^t\frac1k")
_PARTS = (("", B_TERM, DELTA0T_SQ * sp.Sum(1 / k, (k, 1, t)), "end to end", None),
          ("-a", B_TERM, _MID, "first link (etahat_k <= (eps_2 + Theta_max) rho_k, (19))", 1.0),
          ("-b", _MID, _END, "second link (||Ubar_k||^2 bound of (22))", None))
EQ_31 = {}
for _part, _lhs, _rhs, _what, _sup in _PARTS:
    EQ_31[_part] = statement(
        id=f"adafactor/eq-31{_part}", kind="eq", number="31",
        title=f"(31), dimension-free bound on (b): {_what}",
        section="Appendix A.3 (proof of Theorem A.1)", family="update-norm",
        latex=_TEX + (r"\quad(\text{" + _what + "})" if _part else ""),
        quantities=ETA_QUANTITIES + (Q_L,),
        hypotheses=FULL_HYPS + H_ETA + H_L,
        lhs=_lhs, rhs=_rhs,
        forall=FORALL_T,
        trajectory=SRC_FULL_ETA, recurrences=RECS_ETA_FULL,
        source=f"(31), Appendix A.3 ({_what})",
        supremum=_sup,
        notes="Algorithm 2, rho_k = rho_0/sqrt(k), setting (3), run open loop on gradients with "
              "||Gbar_k||_F <= G.",
    )
