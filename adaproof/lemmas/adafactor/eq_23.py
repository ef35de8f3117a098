r"""(23), Appendix A.3 (proof of Theorem A.1): the first-order sum over E_1 from below.

As printed::

    \sum_{k\in E_1}\hat\eta_k\|\bar G_k/\sqrt[4]{\bar W_k}\|_F^2
      \ge d\sqrt{mn}\epsilon_2\sum_{k\in E_1}\frac{\rho_k}{\|\bar U_k\|_F}\|\bar G_k/\sqrt[4]{\bar W_k}\|_F^2 (a)
      \ge \frac{d\epsilon_1mn(1-\beta_{2,1})\epsilon_2}{G\sqrt{\mathcal G}}
          \sum_{k\in E_1}\rho_k\|\bar G_k/\sqrt[4]{\bar W_k}\|_F^2                              (b)

with E_1 = {k in [t] : ||Ubar_k||_F >= d sqrt(mn)}.  Encoded for every t in [T], on Algorithm 2
with rho_k = rho_0/sqrt(k) run open loop (the model of (19), (21)): ``adafactor/eq-23`` (end to
end), ``-a`` (first link, (21)), ``-b`` (second link, (22)).  The restriction to E_1 is a
Piecewise per term (0 off E_1); on E_1 ||Ubar_k||_F >= d sqrt(mn) > 0, so G > 0 there and
1/||Ubar_k||_F is written d sqrt(mn)/max{d sqrt(mn), ||Ubar_k||_F} / (d sqrt(mn)) (the same
number on E_1, finite off it).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._common import eps2, eta, FORALL_T, k, t
from ._full import ETA_QUANTITIES, FULL_HYPS, H_ETA, NORM_U, RECS_ETA_FULL, SRC_FULL_ETA
from ._appendix_a import DS, on_e1, QUART, RHO, XC, YC

_A = sp.Sum(on_e1(k, eta[k] * QUART(k)), (k, 1, t))
_MID = DS * eps2 * sp.Sum(on_e1(k, RHO(k) / sp.Max(DS, NORM_U) * QUART(k)), (k, 1, t))
_END = sp.Sum(on_e1(k, XC * eps2 / YC * RHO(k) * QUART(k)), (k, 1, t))
_TEX = (r"\sum_{k\in E_1}\hat\eta_k\Big\|\frac{\bar G_k}{\sqrt[4]{\bar W_k}}\Big\|_F^2\ge d\sqrt{mn}"
        r"\epsilon_2\sum_{k\in E_1}\frac{\rho_k}{\|\bar U_k\|_F}\Big\|\frac{\bar G_k}{\sqrt[4]{\bar W_k}}"
        r"\Big\|_F^2\ge\frac{d\epsilon_1mn(1-\beta_{2,1})\epsilon_2}{G\sqrt{\mathcal G}}\sum_{k\in E_1}"
        r"\rho_k\Big\|\frac{\bar G_k}{\sqrt[4]{\bar W_k}}\Big\|_F^2")
_PARTS = (("", _END, _A, "end to end", None),
          ("-a", _MID, _A, "first link, (21)", 1.0),
          ("-b", _END, _MID, "second link, (22)", None))
EQ_23 = {}
for _part, _lhs, _rhs, _what, _sup in _PARTS:
    EQ_23[_part] = statement(
        id=f"adafactor/eq-23{_part}", kind="eq", number="23",
        title=f"(23): the first-order sum over E_1 from below ({_what})",
        section="Appendix A.3 (proof of Theorem A.1)", family="update-norm",
        latex=_TEX + (r"\quad(\text{" + _what + "})" if _part else ""),
        quantities=ETA_QUANTITIES,
        hypotheses=FULL_HYPS + H_ETA,
        lhs=_lhs, rhs=_rhs,
        forall=FORALL_T,
        trajectory=SRC_FULL_ETA, recurrences=RECS_ETA_FULL,
        source=f"(23), Appendix A.3 ({_what})",
        supremum=_sup,
        notes="Algorithm 2, rho_k = rho_0/sqrt(k), setting (3), run open loop on gradients with "
              "||Gbar_k||_F <= G; terms with k outside E_1 are 0 on both sides.",
    )
