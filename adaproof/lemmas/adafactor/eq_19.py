r"""(19) and (21), Appendix A.3 (proof of Theorem A.1): the step etahat_k of Algorithm 2 from above
and, on E_1, from below.

As printed::

    \hat\eta_k = \frac{\max\{\epsilon_2, RMS(X_k)\}\rho_k}{\max\{1, \|\bar U_k\|_F/(d\sqrt{mn})\}}
        \le (\epsilon_2 + \Theta_{\max})\rho_k \min\{1, d\sqrt{mn}/\|\bar U_k\|_F\}          (19)

    k \in E_1 = \{k : \|\bar U_k\|_F \ge d\sqrt{mn}\}:\quad
        \hat\eta_k \ge d\sqrt{mn}\,\epsilon_2\rho_k / \|\bar U_k\|_F                        (21)

with Theta_max = max_{k in [T]} ||X_k||_inf (11).  Encoded on Algorithm 2 with rho_k = rho_0/sqrt(k)
(the case of Theorem A.1 that (20) uses), run open loop: ``adafactor/eq-19`` and ``adafactor/eq-21``.
min{1, d sqrt(mn)/||Ubar_k||_F} is written d sqrt(mn)/max{d sqrt(mn), ||Ubar_k||_F} (the same
number, defined at Ubar_k = 0); (21) is restricted to E_1 by a Piecewise (its left side is 0 off
E_1, where it claims nothing).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._common import eps2, eta, FORALL_K, k, m, n, rho0
from ._full import (d, ETA_QUANTITIES, FULL_HYPS, H_ETA, NORM_U, RECS_ETA_FULL, SRC_FULL_ETA,
                    THETA_MAX)

_DS = d * sp.sqrt(m * n)
EQ_19 = statement(
    id="adafactor/eq-19", kind="eq", number="19",
    title="Full-batch step etahat_k <= (eps_2 + Theta_max) rho_k min{1, d sqrt(mn)/||Ubar_k||_F}",
    section="Appendix A.3 (proof of Theorem A.1)", family="update-norm",
    latex=r"\hat\eta_k=\frac{\max\{\epsilon_2,\mathrm{RMS}(\mathbf X_k)\}\rho_k}{\max\{1,\|\bar"
          r"{\mathbf U}_k\|_F/(d\sqrt{mn})\}}\le(\epsilon_2+\Theta_{\max})\rho_k\min\Big\{1,\frac"
          r"{d\sqrt{mn}}{\|\bar{\mathbf U}_k\|_F}\Big\}",
    quantities=ETA_QUANTITIES,
    hypotheses=FULL_HYPS + H_ETA,
    lhs=eta[k],
    rhs=(eps2 + THETA_MAX) * rho0 / sp.sqrt(k) * _DS / sp.Max(_DS, NORM_U),
    forall=FORALL_K,
    trajectory=SRC_FULL_ETA, recurrences=RECS_ETA_FULL,
    source="(19), Appendix A.3",
    supremum=1.0,
    notes="Algorithm 2, rho_k = rho_0/sqrt(k), setting (3), run open loop on gradients with "
          "||Gbar_k||_F <= G.  Equality when X_k = 0 and Theta_max = 0 (T = 1, X_1 = 0).",
)

EQ_21 = statement(
    id="adafactor/eq-21", kind="eq", number="21",
    title="Full-batch step on E_1: etahat_k >= d sqrt(mn) eps_2 rho_k / ||Ubar_k||_F",
    section="Appendix A.3 (proof of Theorem A.1)", family="update-norm",
    latex=r"k\in E_1=\{k:\|\bar{\mathbf U}_k\|_F\ge d\sqrt{mn}\}:\ \hat\eta_k\ge\frac{d\sqrt{mn}"
          r"\epsilon_2\rho_k}{\|\bar{\mathbf U}_k\|_F}",
    quantities=ETA_QUANTITIES,
    hypotheses=FULL_HYPS + H_ETA,
    lhs=sp.Piecewise((_DS * eps2 * rho0 / sp.sqrt(k) / sp.Max(_DS, NORM_U),
                      sp.GreaterThan(NORM_U, _DS)), (0, True)),
    rhs=eta[k],
    forall=FORALL_K,
    trajectory=SRC_FULL_ETA, recurrences=RECS_ETA_FULL,
    source="(21), Appendix A.3",
    supremum=1.0,
    notes="Off E_1 the left side is 0 (the display claims nothing there).  Equality when "
          "RMS(X_k) <= eps_2 on E_1.",
)
