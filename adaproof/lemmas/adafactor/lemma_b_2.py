r"""Lemma B.2, Appendix B.2: bounds on the row, column and coordinate sums of G^2_{k,eps1} and of
V_k (Algorithm 1, setting (5)).

As printed: following the parameter setting in (5), for any i in [n], j in [m], k >= 1,

    R^{(i)}_{G^2_{k,\epsilon_1}}, R^{(i)}_{V_k} \in [m\epsilon_1/2, \mathcal G_1], \quad
    C^{(j)}_{G^2_{k,\epsilon_1}}, C^{(j)}_{V_k} \in [n\epsilon_1/2, \mathcal G_2], \quad
    S_{G^2_{k,\epsilon_1}}, S_{V_k} \in [mn\epsilon_1/2, \mathcal G].

Encoded, one statement per bound: ``adafactor/lemma-B.2-a``..``-l`` (R of G^2_{k,eps1} lower/upper,
R of V_k lower/upper, then C, then S), with G^2_{k,eps1} = G_k . G_k + eps_1 1 1^T and V_k of (43)
(its sums are Algorithm 1's R_k, C_k, S_k, (44)).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._common import (BASE_HYPS, BASE_QUANTITIES, C, eps1, g, GG, GG1, GG2, i, j, k, m, n, p, q,
                      Q_C_F, Q_R, Q_S, R, REC_C, REC_R, REC_S, S, SRC_FACTORS, T)

_KI, _KJ, _K = ((k, 1, T), (i, 1, n)), ((k, 1, T), (j, 1, m)), ((k, 1, T),)
_RG = sp.Sum(g[k, i, q] ** 2 + eps1, (q, 1, m))
_CG = sp.Sum(g[k, p, j] ** 2 + eps1, (p, 1, n))
_SG = sp.Sum(g[k, p, q] ** 2 + eps1, (p, 1, n), (q, 1, m))
_H = sp.Rational(1, 2)
_LATEX = (r"R^{(i)}_{\mathbf G^2_{k,\epsilon_1}},R^{(i)}_{\mathbf V_k}\in[m\epsilon_1/2,\mathcal G_1],"
          r"\ C^{(j)}_{\mathbf G^2_{k,\epsilon_1}},C^{(j)}_{\mathbf V_k}\in[n\epsilon_1/2,"
          r"\mathcal G_2],\ S_{\mathbf G^2_{k,\epsilon_1}},S_{\mathbf V_k}\in[mn\epsilon_1/2,"
          r"\mathcal G]")
_PARTS = (
    ("a", m * eps1 * _H, _RG, _KI, "R of G^2_{k,eps1} >= m eps_1/2"),
    ("b", _RG, GG1, _KI, "R of G^2_{k,eps1} <= calG_1"),
    ("c", m * eps1 * _H, R[k, i, 1], _KI, "R of V_k >= m eps_1/2"),
    ("d", R[k, i, 1], GG1, _KI, "R of V_k <= calG_1"),
    ("e", n * eps1 * _H, _CG, _KJ, "C of G^2_{k,eps1} >= n eps_1/2"),
    ("f", _CG, GG2, _KJ, "C of G^2_{k,eps1} <= calG_2"),
    ("g", n * eps1 * _H, C[k, 1, j], _KJ, "C of V_k >= n eps_1/2"),
    ("h", C[k, 1, j], GG2, _KJ, "C of V_k <= calG_2"),
    ("i", m * n * eps1 * _H, _SG, _K, "S of G^2_{k,eps1} >= mn eps_1/2"),
    ("j", _SG, GG, _K, "S of G^2_{k,eps1} <= calG"),
    ("k", m * n * eps1 * _H, S[k], _K, "S of V_k >= mn eps_1/2"),
    ("l", S[k], GG, _K, "S of V_k <= calG"),
)
LEMMA_B2 = {}
for _part, _lhs, _rhs, _forall, _what in _PARTS:
    _traj = _part in "cdghkl"  # the sums of V_k (Algorithm 1's factors); the others read G_k only
    LEMMA_B2[_part] = statement(
        id=f"adafactor/lemma-B.2-{_part}", kind="lemma", number="B.2",
        title=f"Factor bounds under (5): {_what}",
        section="Appendix B.2", family="proxy-gap",
        latex=r"\forall k\ge1:\ " + _LATEX,
        quantities=BASE_QUANTITIES + ((Q_R, Q_C_F, Q_S) if _traj else ()),
        hypotheses=BASE_HYPS,
        lhs=_lhs, rhs=_rhs,
        forall=_forall,
        trajectory=SRC_FACTORS if _traj else None, recurrences=(REC_R, REC_C, REC_S) if _traj else (),
        source=f"Lemma B.2 ({_what}), Appendix B.2",
        notes="Algorithm 1 (no update clipping) on any gradients with ||G_k||_F <= G (A4), "
              "setting (5); the sums of V_k are Algorithm 1's R_k, C_k, S_k by (44).",
    )
