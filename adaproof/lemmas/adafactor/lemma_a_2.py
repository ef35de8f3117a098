r"""Lemma A.2, Appendix A.2 (proof display (16)): Algorithm 2's factors are the row, column and
coordinate sums of Vbar_k of (13).

As printed: let Vbar_k be defined in (13).  For any k >= 0,

    \bar R_k = \bar V_k 1_m, \quad \bar C_k = 1_n^T \bar V_k, \quad
    S_{\bar V_k} = 1_n^T \bar R_k = 1_n^T \bar V_k 1_m,

and as a consequence R^{(i)}_{\bar V_k} = \beta_{2,k} R^{(i)}_{\bar V_{k-1}} + (1-\beta_{2,k})
R^{(i)}_{\bar G^2_{k,\epsilon_1}} (and the same for C).

An identity, encoded as two inequalities each way: ``adafactor/lemma-A.2-a`` / ``-b``
(Rbar_k^(i) against the i-th row sum of Vbar_k, both directions), ``-c`` / ``-d`` (Cbar_k^(j)
against the j-th column sum), ``-e`` / ``-f`` (1_n^T Rbar_k against the coordinate sum of Vbar_k).
The float path runs Algorithm 2 and the recursion (13) side by side; the exact path recomputes
Rbar_k, Cbar_k, S_k and Vbar_k by their own recursions in mpmath.  The consequence (the EMA of the
row sums) is the recursion of the row sums of (13) itself, so it is covered by ``-a``/``-b``.
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._common import C, FORALL_K, g, i, j, k, m, n, p, q, R, T, V
from ._full import (FULL_HYPS, FULL_QUANTITIES, Q_VBAR, REC_VF, RECS_FULL, SRC_FULL_V)

_ROW = sp.Sum(V[k, i, q], (q, 1, m))
_COL = sp.Sum(V[k, p, j], (p, 1, n))
_ALL = sp.Sum(V[k, p, q], (p, 1, n), (q, 1, m))
_ONE_R = sp.Sum(R[k, p, 1], (p, 1, n))
_PARTS = (
    ("a", R[k, i, 1], _ROW, ((k, 1, T), (i, 1, n)), r"\bar R_k=\bar V_k1_m", "Rbar_k <= Vbar_k 1_m"),
    ("b", _ROW, R[k, i, 1], ((k, 1, T), (i, 1, n)), r"\bar R_k=\bar V_k1_m", "Vbar_k 1_m <= Rbar_k"),
    ("c", C[k, 1, j], _COL, ((k, 1, T), (j, 1, m)), r"\bar C_k=1_n^\top\bar V_k",
     "Cbar_k <= 1_n^T Vbar_k"),
    ("d", _COL, C[k, 1, j], ((k, 1, T), (j, 1, m)), r"\bar C_k=1_n^\top\bar V_k",
     "1_n^T Vbar_k <= Cbar_k"),
    ("e", _ONE_R, _ALL, FORALL_K, r"S_{\bar V_k}=1_n^\top\bar R_k=1_n^\top\bar V_k1_m",
     "1_n^T Rbar_k <= 1_n^T Vbar_k 1_m"),
    ("f", _ALL, _ONE_R, FORALL_K, r"S_{\bar V_k}=1_n^\top\bar R_k=1_n^\top\bar V_k1_m",
     "1_n^T Vbar_k 1_m <= 1_n^T Rbar_k"),
)
LEMMA_A2 = {}
for _part, _lhs, _rhs, _forall, _tex, _what in _PARTS:
    LEMMA_A2[_part] = statement(
        id=f"adafactor/lemma-A.2-{_part}", kind="lemma", number="A.2",
        title=f"Algorithm 2's factors as sums of Vbar_k: {_what}",
        section="Appendix A.2 (proof (16))", family="other",
        latex=r"\forall k\ge0:\ " + _tex + r"\quad(" + _what.replace("<=", r"\le") + ")",
        quantities=FULL_QUANTITIES + (Q_VBAR,),
        hypotheses=FULL_HYPS,
        lhs=_lhs, rhs=_rhs,
        forall=_forall,
        trajectory=SRC_FULL_V, recurrences=RECS_FULL + (REC_VF,),
        source="Lemma A.2, Appendix A.2 (an identity, one direction)",
        supremum=1.0,
        notes="k = 0 is trivial (all zero); checked for k = 1..T.  Algorithm 2 run open loop on "
              "the sampled gradients (any sequence with ||Gbar_k||_F <= G).",
    )
