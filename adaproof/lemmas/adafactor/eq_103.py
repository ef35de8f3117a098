r"""(103), Appendix D.1 (proof of Theorem D.1, estimating E without the curse of dimension).

As printed ("using (98) and (102)")::

    E <= L G_3 (eps_2 + Theta_max)^2 rho_0^2 / 2 * sum_{k=1}^t 1/k

with E = sum_{k<=t} L rhohat_k^2/2 ||G~_k/sqrt(W_k)||_F^2 (99) and G_3 of (40).  Encoded for
every t in [T] (``adafactor/eq-103``) on Algorithm 1 with update clipping, setting (7).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._clipped import E_TERM, H_L, HYPOTHESES, L, NOTE, Q_L, QUANTITIES, SECTION, TRAJ, UP
from ._common import FORALL_T, G3, k, t

EQ_103 = statement(
    id="adafactor/eq-103", kind="eq", number="103",
    title="(103): E <= L G_3 (eps2+Theta)^2 rho0^2/2 sum 1/k (dimension-free)",
    section=SECTION + ", estimating E", family="update-norm",
    latex=r"\forall t\in[T]:\ \mathbf E\le\frac{LG_3(\epsilon_2+\Theta_{\max})^2\rho_0^2}2"
          r"\sum_{k=1}^t\frac1k",
    quantities=QUANTITIES + (Q_L,), hypotheses=HYPOTHESES + (H_L,), lhs=E_TERM,
    rhs=L * G3 * UP ** 2 / 2 * sp.Sum(1 / k, (k, 1, t)), forall=FORALL_T,
    source="(103), proof of Theorem D.1 ((98) and (102))", notes=NOTE, **TRAJ)

ALL = [EQ_103]
