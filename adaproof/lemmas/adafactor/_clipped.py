r"""Shared pieces of the pathwise statements of the proof of Theorem D.1 (Appendix D.1): Algorithm 1
with the time-varying update clipping (6), setting (7), on any gradients with ||G_k||_F <= G (A4),
the full gradients Gbar_k any matrices with ||Gbar_k||_F <= G (the deterministic links do not use
E[G_k | X_k] = Gbar_k).  The run is :data:`.eq_98.SRC_CLIPPED_ETA` (it reads R, C, S, W, X, eta
and max{eps_2, RMS(X_k)}); the exact path recomputes it from :data:`.eq_98.RECS_CLIP_ETA`.

Terms, as (97)-(106) define them (k = 1..t, sums over i <= n, j <= m)::

    rhohat_k = max{eps_2, RMS(X_k)} rho_0/sqrt(k)                              (97)
    G~_k     = G_k / max{1, ||U_k||_F/(d_k sqrt(mn))},  U_k = G_k/sqrt(W_k),   (97)
    E        = sum_k L rhohat_k^2/2 ||G~_k/sqrt(W_k)||_F^2                      (99)
    D.1      = sum_k rhohat_k <Gbar_k, (1/sqrt(A_k) - 1/sqrt(W_k)) . G~_k>      (100)
    Q        = sum_k rhohat_k ||Gbar_k/A_k^{1/4}||_F^2

Theta_max = max_{k in [T]} ||X_k||_inf over the run's iterates (11).
"""
from __future__ import annotations

import sympy as sp

from ...statement import Hypothesis, Quantity
from ._common import (a_kij, beta2_k, c, eps1, eps2, FORALL_T, G, g, gbar, H_GBAR, i, j, k, m,
                      n, p, q, Q_GBAR, rho0, t, W, w_kij)
from ._full import THETA_MAX
from .eq_98 import (CLIP_HYPS, CLIP_QUANTITIES, D_K, RECS_CLIP_ETA, RHOHAT, SRC_CLIPPED_ETA)

L = sp.Symbol("L", real=True)
Q_L = Quantity("L", "scalar", "> 0", "smoothness constant L of (A1)")
H_L = Hypothesis(sp.StrictGreaterThan(L, 0), note="(A1): L > 0")
QUANTITIES = CLIP_QUANTITIES + (Q_GBAR,)
HYPOTHESES = CLIP_HYPS + (H_GBAR,)
B2 = beta2_k(k)
NU2 = sp.Sum(g[k, p, q] ** 2 / W[k, p, q], (p, 1, n), (q, 1, m))   # ||U_k||_F^2 = ||G_k/sqrt(W_k)||^2
CLIPF = sp.Max(1, sp.sqrt(NU2) / (D_K * sp.sqrt(m * n)))            # max{1, ||U_k||/(d_k sqrt(mn))}
GT = g[k, i, j] / CLIPF                                              # g~_ij^(k)
NU2_T = NU2 / CLIPF ** 2                                             # ||G~_k/sqrt(W_k)||_F^2
UP = (eps2 + THETA_MAX) * rho0                                       # (eps_2 + Theta_max) rho_0
QUART = sp.Sum(RHOHAT * sp.Sum(gbar[k, i, j] ** 2 / sp.sqrt(a_kij), (i, 1, n), (j, 1, m)),
               (k, 1, t))
D1 = sp.Sum(RHOHAT * sp.Sum(gbar[k, i, j] * GT * (1 / sp.sqrt(a_kij) - 1 / sp.sqrt(w_kij)),
                            (i, 1, n), (j, 1, m)), (k, 1, t))
E_TERM = sp.Sum(L * RHOHAT ** 2 / 2 * NU2_T, (k, 1, t))
BRACKET = sp.log(2 + 2 * G ** 2 / eps1) + 4 * sp.Sum(1 - B2, (k, 1, t))
POW = k ** (-(c / 2 + sp.Rational(1, 2)))
NOTE = ("Algorithm 1 with the update clipping (6), d_k = k^{c/(2(alpha-1))} (setting (7)); "
        "rhohat_k = max{eps_2, RMS(X_k)} rho_0/sqrt(k) (97), G~_k = G_k/max{1, ||U_k||_F/(d_k "
        "sqrt(mn))}; Theta_max = max_{k<=T} ||X_k||_inf of the run.  Pathwise: the realised "
        "gradients are any sequence with ||G_k||_F <= G (A4) and Gbar_k any matrices with "
        "||Gbar_k||_F <= G (the link (A3) is not used by these deterministic steps).")
SECTION = "Appendix D.1 (proof of Theorem D.1)"
TRAJ = dict(trajectory=SRC_CLIPPED_ETA, recurrences=RECS_CLIP_ETA)
