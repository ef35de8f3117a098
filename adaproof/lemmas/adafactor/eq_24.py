r"""(24), Appendix A.3 (proof of Theorem A.1): the first-order sum over E_2 from below.

As printed: when k in E_2 = {k in [t] : ||Ubar_k||_F <= d sqrt(mn)},
etahat_k = max{eps_2, RMS(X_k)} rho_k >= eps_2 rho_k and thus::

    \sum_{k\in E_2}\hat\eta_k\|\bar G_k/\sqrt[4]{\bar W_k}\|_F^2
        \ge \epsilon_2\sum_{k\in E_2}\rho_k\|\bar G_k/\sqrt[4]{\bar W_k}\|_F^2.        (24)

Encoded: ``adafactor/eq-24`` for every t in [T], Algorithm 2 with rho_k = rho_0/sqrt(k) run open
loop (the model of (19)); the restriction to E_2 is a Piecewise per term (0 off E_2).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._common import eps2, eta, FORALL_T, k, t
from ._full import ETA_QUANTITIES, FULL_HYPS, H_ETA, RECS_ETA_FULL, SRC_FULL_ETA
from ._appendix_a import on_e2, QUART, RHO

EQ_24 = statement(
    id="adafactor/eq-24", kind="eq", number="24",
    title="(24): sum_{E_2} etahat_k ||Gbar_k/Wbar_k^{1/4}||^2 >= eps_2 sum_{E_2} rho_k "
          "||Gbar_k/Wbar_k^{1/4}||^2",
    section="Appendix A.3 (proof of Theorem A.1)", family="update-norm",
    latex=r"\sum_{k\in E_2}\hat\eta_k\Big\|\frac{\bar G_k}{\sqrt[4]{\bar W_k}}\Big\|_F^2\ge\epsilon_2"
          r"\sum_{k\in E_2}\rho_k\Big\|\frac{\bar G_k}{\sqrt[4]{\bar W_k}}\Big\|_F^2",
    quantities=ETA_QUANTITIES,
    hypotheses=FULL_HYPS + H_ETA,
    lhs=eps2 * sp.Sum(on_e2(k, RHO(k) * QUART(k)), (k, 1, t)),
    rhs=sp.Sum(on_e2(k, eta[k] * QUART(k)), (k, 1, t)),
    forall=FORALL_T,
    trajectory=SRC_FULL_ETA, recurrences=RECS_ETA_FULL,
    source="(24), Appendix A.3",
    supremum=1.0,
    notes="Algorithm 2, rho_k = rho_0/sqrt(k), setting (3), run open loop on gradients with "
          "||Gbar_k||_F <= G.  Equality when RMS(X_k) <= eps_2 on E_2 (X_1 = 0, T = 1).",
)
