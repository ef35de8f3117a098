r"""(22), Appendix A.3 (proof of Theorem A.1): full-batch Adafactor (Algorithm 2), setting (3).

As printed::

    \|\bar U_k\|_F^2 = \sum_{i,j} (\bar g_{ij}^{(k)})^2 S_{V_k} / (R_{V_k}^{(i)} C_{V_k}^{(j)})
        <= \|\bar G_k\|_F^2 \mathcal G / (mn \epsilon_1^2 (1-\beta_{2,1})^2)      (a)
        <= G^2 \mathcal G / (mn \epsilon_1^2 (1-\beta_{2,1})^2)                     (b)

with \mathcal G = G^2 + mn\epsilon_1 (11).  Encoded: ``adafactor/eq-22-a``, ``adafactor/eq-22-b``
(Algorithm 2 run open loop on any gradients with ||Gbar_k||_F <= G).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ...statement import Hypothesis, Quantity, Recurrence
from ._common import (b, C, eps1, FORALL_K, FROB2_G, G, g, GG, H_B1, H_BK, H_EPS1, i, j, k, m, n,
                      p, q, Q_C_F, Q_EPS1, Q_G, Q_M, Q_N, Q_R, Q_S, Q_T, Q_U, Q_W, R, REC_U, REC_W,
                      S, SRC_FULL, T, U)

_Q_B = Quantity("b", "sequence", "(0, 1)", "decay rates beta_{2,k}, k = 1..T (setting (3))",
                (1,), ("T",))
_FULL_QUANTITIES = (Q_T, Q_N, Q_M, Q_G, Q_EPS1,
                    Quantity("g", "sequence", "R", "full-batch gradients Gbar_k = grad f(X_k)",
                             (1, 1, 1), ("T", "n", "m")),
                    _Q_B, Q_R, Q_C_F, Q_S, Q_W, Q_U)
_BB = b[k]
_FULL_RECS = (
    Recurrence("R", k, 1, sp.Integer(0),
               _BB * R[k - 1, i, j] + (1 - _BB) * sp.Sum(g[k, i, q] ** 2 + eps1, (q, 1, m))),
    Recurrence("C", k, 1, sp.Integer(0),
               _BB * C[k - 1, i, j] + (1 - _BB) * sp.Sum(g[k, p, j] ** 2 + eps1, (p, 1, n))),
    Recurrence("S", k, 1, sp.Integer(0),
               _BB * S[k - 1] + (1 - _BB) * sp.Sum(g[k, p, q] ** 2 + eps1, (p, 1, n), (q, 1, m))),
    REC_W, REC_U)
_FULL_HYPS = (H_EPS1, H_B1, H_BK,
              Hypothesis(sp.LessThan(sp.sqrt(FROB2_G), G), forall=((k, 1, T),),
                         note="Theorem 5.1 / A.1: ||grad f(X_k)||_F <= G for all k"))
_EQ22_RHS = {
    "a": FROB2_G * GG / (m * n * eps1 ** 2 * (1 - b[1]) ** 2),
    "b": G ** 2 * GG / (m * n * eps1 ** 2 * (1 - b[1]) ** 2),
}
_EQ22_LATEX = {
    "a": r"\|\bar{\mathbf U}_k\|_F^2=\sum_{i,j}\frac{(\bar g_{ij}^{(k)})^2S_{\mathbf V_k}}{R^{(i)}"
         r"C^{(j)}}\le\frac{\|\bar{\mathbf G}_k\|_F^2\mathcal G}{mn\epsilon_1^2(1-\beta_{2,1})^2}",
    "b": r"\|\bar{\mathbf U}_k\|_F^2\le\frac{G^2\mathcal G}{mn\epsilon_1^2(1-\beta_{2,1})^2}",
}
EQ_22 = {}
for _part in ("a", "b"):
    EQ_22[_part] = statement(
        id=f"adafactor/eq-22-{_part}", kind="eq", number="22",
        title="Full-batch Adafactor: bound on ||Ubar_k||_F^2" + (
            " by ||Gbar_k||_F^2" if _part == "a" else " by G^2"),
        section="Appendix A.3 (proof of Theorem A.1)", family="update-norm",
        latex=_EQ22_LATEX[_part],
        quantities=_FULL_QUANTITIES,
        hypotheses=_FULL_HYPS,
        lhs=sp.Sum(U[k, i, j] ** 2, (i, 1, n), (j, 1, m)),
        rhs=_EQ22_RHS[_part],
        forall=FORALL_K,
        trajectory=SRC_FULL, recurrences=_FULL_RECS,
        source=f"(22), {'first' if _part == 'a' else 'second'} inequality",
        notes="Algorithm 2 run open loop on the sampled gradients: any sequence with "
              "||Gbar_k||_F <= G is taken as the gradients along the trajectory (the bound uses "
              "nothing else). calligraphic G = G^2 + mn eps_1 (11).",
    )
