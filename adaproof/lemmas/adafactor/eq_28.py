r"""(28), Appendix A.3 (proof of Theorem A.1): the first-order sum (a) from below.

As printed::

    (a) \ge \frac{\epsilon_2}{A_1}\min\Big\{1, \frac{d\epsilon_1 mn(1-\beta_{2,1})}{G\sqrt{\mathcal G}}\Big\}
        \sum_{k=1}^t \rho_k \|\bar G_k\|_F^2,
    \qquad (a) = \sum_{k=1}^t \hat\eta_k \|\bar G_k / \sqrt[4]{\bar W_k}\|_F^2   (18)

Encoded: ``adafactor/eq-28`` for every t in [T], on Algorithm 2 with rho_k = rho_0/sqrt(k) (setting
(3)) run open loop on gradients with ||Gbar_k||_F <= G.  min{1, x/y} is written x/max{x, y} (the
same number, defined at G = 0).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._common import b, eps1, eps2, eta, FORALL_T, G, g, GG, i, j, k, m, n, rho0, t, W
from ._full import d, ETA_QUANTITIES, FULL_HYPS, H_ETA, RECS_ETA_FULL, SRC_FULL_ETA
from .eq_26 import A1

_X = d * eps1 * m * n * (1 - b[1])
_Y = G * sp.sqrt(GG)
EQ_28 = statement(
    id="adafactor/eq-28", kind="eq", number="28",
    title="Full batch: (a) >= eps_2/A_1 min{1, d eps_1 mn (1-beta_{2,1})/(G sqrt(calG))} "
          "sum rho_k ||Gbar_k||_F^2",
    section="Appendix A.3 (proof of Theorem A.1)", family="update-norm",
    latex=r"\sum_{k=1}^t\hat\eta_k\Big\|\frac{\bar{\mathbf G}_k}{\sqrt[4]{\bar{\mathbf W}_k}}\Big\|_F^2"
          r"\ge\frac{\epsilon_2}{A_1}\min\Big\{1,\frac{d\epsilon_1mn(1-\beta_{2,1})}{G\sqrt{\mathcal G}}"
          r"\Big\}\sum_{k=1}^t\rho_k\|\bar{\mathbf G}_k\|_F^2",
    quantities=ETA_QUANTITIES,
    hypotheses=FULL_HYPS + H_ETA,
    lhs=eps2 / A1 * _X / sp.Max(_X, _Y)
        * sp.Sum(rho0 / sp.sqrt(k) * sp.Sum(g[k, i, j] ** 2, (i, 1, n), (j, 1, m)), (k, 1, t)),
    rhs=sp.Sum(eta[k] * sp.Sum(g[k, i, j] ** 2 / sp.sqrt(W[k, i, j]), (i, 1, n), (j, 1, m)),
               (k, 1, t)),
    forall=FORALL_T,
    trajectory=SRC_FULL_ETA, recurrences=RECS_ETA_FULL,
    source="(28), Appendix A.3 ((25) with (27))",
    notes="Algorithm 2, rho_k = rho_0/sqrt(k), setting (3), run open loop on gradients with "
          "||Gbar_k||_F <= G.",
)
