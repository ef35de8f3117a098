r"""Lemma A.3, Appendix A.2 (proof display (17)): bounds on Algorithm 2's factors.

As printed: following the parameter setting in (3), for any i in [n], j in [m], k >= 1,

    R^{(i)}_{\bar V_k} \in [m\epsilon_1(1-\beta_{2,1}), \mathcal G_1], \quad
    C^{(j)}_{\bar V_k} \in [n\epsilon_1(1-\beta_{2,1}), \mathcal G_2], \quad
    S_{\bar V_k} \in [mn\epsilon_1(1-\beta_{2,1}), \mathcal G],

with calG_1 = G^2 + m eps_1, calG_2 = G^2 + n eps_1, calG = G^2 + mn eps_1 (14).  Encoded:
``adafactor/lemma-A.3-a``/``-b`` (R, lower/upper), ``-c``/``-d`` (C), ``-e``/``-f`` (S), on
Algorithm 2 (R^{(i)}_{Vbar_k} = Rbar_k^(i), C^{(j)}_{Vbar_k} = Cbar_k^(j) by Lemma A.2, S_{Vbar_k}
= 1_n^T Rbar_k), run open loop on gradients with ||Gbar_k||_F <= G, beta_{2,1} = 1/2, b_k in (0, 1).
"""
from __future__ import annotations

from ...declare import statement
from ._common import b, C, eps1, G, GG, GG1, GG2, i, j, k, m, n, R, S, T
from ._full import FULL_HYPS, FULL_QUANTITIES, RECS_FULL, SRC_FULL_FACTORS

_KI, _KJ, _K = ((k, 1, T), (i, 1, n)), ((k, 1, T), (j, 1, m)), ((k, 1, T),)
_LATEX = (r"R^{(i)}_{\bar{\mathbf V}_k}\in[m\epsilon_1(1-\beta_{2,1}),\mathcal G_1],\ "
          r"C^{(j)}_{\bar{\mathbf V}_k}\in[n\epsilon_1(1-\beta_{2,1}),\mathcal G_2],\ "
          r"S_{\bar{\mathbf V}_k}\in[mn\epsilon_1(1-\beta_{2,1}),\mathcal G]")
_PARTS = (
    ("a", m * eps1 * (1 - b[1]), R[k, i, 1], _KI, "R^(i) >= m eps_1 (1 - beta_{2,1})", 1.0),
    ("b", R[k, i, 1], GG1, _KI, "R^(i) <= calG_1", 1.0),
    ("c", n * eps1 * (1 - b[1]), C[k, 1, j], _KJ, "C^(j) >= n eps_1 (1 - beta_{2,1})", 1.0),
    ("d", C[k, 1, j], GG2, _KJ, "C^(j) <= calG_2", 1.0),
    ("e", m * n * eps1 * (1 - b[1]), S[k], _K, "S >= mn eps_1 (1 - beta_{2,1})", 1.0),
    ("f", S[k], GG, _K, "S <= calG", 1.0),
)
LEMMA_A3 = {}
for _part, _lhs, _rhs, _forall, _what, _sup in _PARTS:
    LEMMA_A3[_part] = statement(
        id=f"adafactor/lemma-A.3-{_part}", kind="lemma", number="A.3",
        title=f"Full-batch factor bounds: {_what}",
        section="Appendix A.2 (proof (17))", family="proxy-gap",
        latex=r"\forall k\ge1:\ " + _LATEX,
        quantities=FULL_QUANTITIES,
        hypotheses=FULL_HYPS,
        lhs=_lhs, rhs=_rhs,
        forall=_forall,
        trajectory=SRC_FULL_FACTORS, recurrences=RECS_FULL,
        source=f"Lemma A.3 ({_what}), Appendix A.2",
        supremum=_sup,
        notes="Algorithm 2 run open loop on the sampled gradients (any sequence with "
              "||Gbar_k||_F <= G), setting (3): beta_{2,1} = 1/2, 0 < beta_{2,k} < 1.",
    )
