r"""(20), Appendix A.3 (proof of Theorem A.1): the second-order term (b) from above.

As printed::

    (b) \le \frac{Ld^2mn(\epsilon_2+\Theta_{\max})^2}{2}\sum_{k=1}^t\rho_k^2\cdot
        \frac{\|\bar U_k\|_F^2}{\|\bar U_k\|_F^2} = \Delta_0^2\sum_{k=1}^t\frac1k,
    \qquad (b) = \frac L2\sum_{k=1}^t\hat\eta_k^2\|\bar G_k/\sqrt{\bar W_k}\|_F^2   (18)

with Delta_0^2 = L d^2 mn (eps_2 + Theta_max)^2 rho_0^2 / 2 (12) and rho_k = rho_0/sqrt(k).  The
middle expression is the right side itself (||Ubar_k||^2/||Ubar_k||^2 = 1 where Ubar_k != 0), so
``adafactor/eq-20`` is the end-to-end bound for every t in [T]; ``adafactor/eq-20-step`` is the
per-step fact it sums, etahat_k^2 ||Ubar_k||_F^2 <= (eps_2 + Theta_max)^2 rho_k^2 d^2 mn (from (19)).
Algorithm 2 run open loop on gradients with ||Gbar_k||_F <= G (the model of (19)); L > 0 is the
factor of (b) (its smoothness is not used by (20)).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._common import eps2, eta, FORALL_K, FORALL_T, k, m, n, rho0, t
from ._full import d, ETA_QUANTITIES, FULL_HYPS, H_ETA, RECS_ETA_FULL, SRC_FULL_ETA, THETA_MAX
from ._appendix_a import L, Q_L, RHO, U2
from ...statement import Hypothesis

H_L = (Hypothesis(sp.StrictGreaterThan(L, 0), note="(A1): L > 0"),)
B_TERM = L / 2 * sp.Sum(eta[k] ** 2 * U2(k), (k, 1, t))          # (b) of (18)
DELTA0_SQ = L * d ** 2 * m * n * (eps2 + THETA_MAX) ** 2 * rho0 ** 2 / 2

EQ_20 = statement(
    id="adafactor/eq-20", kind="eq", number="20",
    title="(20): (b) <= L d^2 mn (eps_2 + Theta_max)^2/2 sum rho_k^2 = Delta_0^2 sum_{k<=t} 1/k",
    section="Appendix A.3 (proof of Theorem A.1)", family="update-norm",
    latex=r"(b)\le\frac{Ld^2mn(\epsilon_2+\Theta_{\max})^2}{2}\sum_{k=1}^t\rho_k^2\cdot\frac{\|\bar"
          r"{\mathbf U}_k\|_F^2}{\|\bar{\mathbf U}_k\|_F^2}=\Delta_0^2\sum_{k=1}^t\frac1k",
    quantities=ETA_QUANTITIES + (Q_L,),
    hypotheses=FULL_HYPS + H_ETA + H_L,
    lhs=B_TERM, rhs=DELTA0_SQ * sp.Sum(1 / k, (k, 1, t)),
    forall=FORALL_T,
    trajectory=SRC_FULL_ETA, recurrences=RECS_ETA_FULL,
    source="(20), Appendix A.3 ((19) with rho_k = rho_0/sqrt(k))",
    supremum=1.0,
    notes="Algorithm 2, rho_k = rho_0/sqrt(k), setting (3), run open loop on gradients with "
          "||Gbar_k||_F <= G.  Equality at T = 1, X_1 = 0 (Theta_max = 0) with "
          "||Ubar_1||_F >= d sqrt(mn).",
)
EQ_20_STEP = statement(
    id="adafactor/eq-20-step", kind="eq", number="20",
    title="(20), the per-step bound it sums: etahat_k^2 ||Ubar_k||_F^2 <= (eps_2 + Theta_max)^2 "
          "rho_k^2 d^2 mn",
    section="Appendix A.3 (proof of Theorem A.1)", family="update-norm",
    latex=r"\hat\eta_k^2\|\bar{\mathbf U}_k\|_F^2\le(\epsilon_2+\Theta_{\max})^2\rho_k^2d^2mn",
    quantities=ETA_QUANTITIES,
    hypotheses=FULL_HYPS + H_ETA,
    lhs=eta[k] ** 2 * U2(k), rhs=(eps2 + THETA_MAX) ** 2 * RHO(k) ** 2 * d ** 2 * m * n,
    forall=FORALL_K,
    trajectory=SRC_FULL_ETA, recurrences=RECS_ETA_FULL,
    source="(20), Appendix A.3 (the step from (19): etahat_k ||Ubar_k|| <= (eps_2+Theta) rho_k d sqrt(mn))",
    supremum=1.0,
    notes="Per step k in [T]; Algorithm 2 open loop as in (19).",
)
