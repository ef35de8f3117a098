r"""(25), Appendix A.3 (proof of Theorem A.1): the first-order sum (a) from below.

As printed (combining (23) and (24))::

    (a) \ge \epsilon_2\min\Big\{1,\frac{d\epsilon_1mn(1-\beta_{2,1})}{G\sqrt{\mathcal G}}\Big\}
        \sum_{k=1}^t\rho_k\|\bar G_k/\sqrt[4]{\bar W_k}\|_F^2,
    \qquad (a) = \sum_{k=1}^t\hat\eta_k\|\bar G_k/\sqrt[4]{\bar W_k}\|_F^2.

Encoded: ``adafactor/eq-25`` for every t in [T], Algorithm 2 with rho_k = rho_0/sqrt(k) run open
loop (the model of (19)); min{1, x/y} is written x/max{x, y} (the same number, defined at G = 0).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._common import eps2, eta, FORALL_T, k, t
from ._full import ETA_QUANTITIES, FULL_HYPS, H_ETA, RECS_ETA_FULL, SRC_FULL_ETA
from ._appendix_a import QUART, RHO, XC, YC

A_TERM = sp.Sum(eta[k] * QUART(k), (k, 1, t))          # (a) of (18), with Wbar_k^{1/4}
EQ_25 = statement(
    id="adafactor/eq-25", kind="eq", number="25",
    title="(25): (a) >= eps_2 min{1, d eps_1 mn (1-beta_{2,1})/(G sqrt(calG))} sum rho_k "
          "||Gbar_k/Wbar_k^{1/4}||^2",
    section="Appendix A.3 (proof of Theorem A.1)", family="update-norm",
    latex=r"(a)\ge\epsilon_2\min\Big\{1,\frac{d\epsilon_1mn(1-\beta_{2,1})}{G\sqrt{\mathcal G}}\Big\}"
          r"\sum_{k=1}^t\rho_k\Big\|\frac{\bar G_k}{\sqrt[4]{\bar W_k}}\Big\|_F^2",
    quantities=ETA_QUANTITIES,
    hypotheses=FULL_HYPS + H_ETA,
    lhs=eps2 * XC / sp.Max(XC, YC) * sp.Sum(RHO(k) * QUART(k), (k, 1, t)),
    rhs=A_TERM,
    forall=FORALL_T,
    trajectory=SRC_FULL_ETA, recurrences=RECS_ETA_FULL,
    source="(25), Appendix A.3 ((23) and (24))",
    notes="Algorithm 2, rho_k = rho_0/sqrt(k), setting (3), run open loop on gradients with "
          "||Gbar_k||_F <= G.",
)
