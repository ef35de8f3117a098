r"""(16), Appendix A.2 (proof of Lemma A.2): the induction step of Lemma A.2.

As printed::

    \bar R_k = \beta_{2,k}\bar R_{k-1} + (1-\beta_{2,k})\bar G^2_{k,\epsilon_1}1_m
             = (\beta_{2,k}\bar V_{k-1} + (1-\beta_{2,k})\bar G^2_{k,\epsilon_1})1_m = \bar V_k 1_m,
    \bar C_k = \beta_{2,k}\bar C_{k-1} + (1-\beta_{2,k})1_n^T\bar G^2_{k,\epsilon_1}
             = 1_n^T(\beta_{2,k}\bar V_{k-1} + (1-\beta_{2,k})\bar G^2_{k,\epsilon_1}) = 1_n^T\bar V_k.

The first equality is Algorithm 2's update and the last is (13); the claim of the step is the
middle one (with the induction hypothesis Rbar_{k-1} = Vbar_{k-1} 1_m).  Encoded as two
inequalities each way, for every k in [T]: ``adafactor/eq-16-a``/``-b`` (Rbar_k^(i) against the
i-th row sum of beta_{2,k} Vbar_{k-1} + (1-beta_{2,k}) Gbar^2_{k,eps1}), ``-c``/``-d`` (Cbar_k^(j)
against the j-th column sum).  Float path: Algorithm 2 and (13) side by side (:mod:`._full`);
exact path: their own recursions in mpmath.  (The end-to-end identity is Lemma A.2.)
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._common import b, C, eps1, g, i, j, k, m, n, p, q, R, T, V
from ._full import FULL_HYPS, FULL_QUANTITIES, Q_VBAR, REC_VF, RECS_FULL, SRC_FULL_V

_ROW = sp.Sum(b[k] * V[k - 1, i, q] + (1 - b[k]) * (g[k, i, q] ** 2 + eps1), (q, 1, m))
_COL = sp.Sum(b[k] * V[k - 1, p, j] + (1 - b[k]) * (g[k, p, j] ** 2 + eps1), (p, 1, n))
_TEX = {"R": r"\bar R_k=(\beta_{2,k}\bar V_{k-1}+(1-\beta_{2,k})\bar G^2_{k,\epsilon_1})1_m",
        "C": r"\bar C_k=1_n^\top(\beta_{2,k}\bar V_{k-1}+(1-\beta_{2,k})\bar G^2_{k,\epsilon_1})"}
_PARTS = (("a", R[k, i, 1], _ROW, (i, 1, n), "R", "Rbar_k <= (beta Vbar_{k-1} + (1-beta) G2) 1_m"),
          ("b", _ROW, R[k, i, 1], (i, 1, n), "R", "(beta Vbar_{k-1} + (1-beta) G2) 1_m <= Rbar_k"),
          ("c", C[k, 1, j], _COL, (j, 1, m), "C", "Cbar_k <= 1_n^T (beta Vbar_{k-1} + (1-beta) G2)"),
          ("d", _COL, C[k, 1, j], (j, 1, m), "C", "1_n^T (beta Vbar_{k-1} + (1-beta) G2) <= Cbar_k"))
EQ_16 = {}
for _part, _lhs, _rhs, _ax, _f, _what in _PARTS:
    EQ_16[_part] = statement(
        id=f"adafactor/eq-16-{_part}", kind="eq", number="16",
        title=f"Lemma A.2's induction step (16): {_what}",
        section="Appendix A.2 (proof of Lemma A.2)", family="other",
        latex=_TEX[_f] + r"\quad(" + _what.replace("<=", r"\le") + ")",
        quantities=FULL_QUANTITIES + (Q_VBAR,),
        hypotheses=FULL_HYPS,
        lhs=_lhs, rhs=_rhs,
        forall=((k, 1, T), _ax),
        trajectory=SRC_FULL_V, recurrences=RECS_FULL + (REC_VF,),
        source="(16), proof of Lemma A.2 (the middle equality, one direction)",
        supremum=1.0,
        notes="An identity (ratio 1 everywhere).  Algorithm 2 run open loop on the sampled "
              "gradients (any sequence with ||Gbar_k||_F <= G), setting (3).",
    )
