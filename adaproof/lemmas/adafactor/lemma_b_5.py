r"""Lemma B.5, Appendix B.2 (proof (48)-(52)): the log-sum with time-varying beta_{2,k}.

As printed: for any t >= 1, if beta_{2,k} are as in (5), then

    \sum_{k=1}^t (1-\beta_{2,k}) \|G_k/\sqrt{V_k}\|_F^2
        <= mn \log(2(G^2+\epsilon_1)/\epsilon_1) + 4mn \sum_{k=1}^t (1-\beta_{2,k}).

Encoded: ``adafactor/lemma-B.5`` (V_k the unfactored (43), V_0 = 0; t is the universal index).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._common import (BASE_HYPS, BASE_QUANTITIES, beta2_k, eps1, FORALL_T, G, g, i, j, k, m, n,
                      Q_V, REC_V, SRC_V, t, V)

LEMMA_B5 = statement(
    id="adafactor/lemma-B.5", kind="lemma", number="B.5",
    title="Time-varying beta_{2,k}: sum of (1 - beta_{2,k}) ||G_k / sqrt(V_k)||_F^2",
    section="Appendix B.2", family="log-sum",
    latex=(r"\forall t\ge1,\ \beta_{2,k}\text{ as in (5)}:\quad \sum_{k=1}^t(1-\beta_{2,k})"
           r"\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf V_k}}\Big\|_F^2\le mn\log\Big(\frac{2(G^2+"
           r"\epsilon_1)}{\epsilon_1}\Big)+4mn\sum_{k=1}^t(1-\beta_{2,k})"),
    quantities=BASE_QUANTITIES + (Q_V,),
    hypotheses=BASE_HYPS,
    lhs=sp.Sum((1 - beta2_k(k)) * sp.Sum(g[k, i, j] ** 2 / V[k, i, j], (i, 1, n), (j, 1, m)),
               (k, 1, t)),
    rhs=m * n * sp.log(2 * (G ** 2 + eps1) / eps1) + 4 * m * n * sp.Sum(1 - beta2_k(k), (k, 1, t)),
    forall=FORALL_T,
    trajectory=SRC_V, recurrences=(REC_V,),
    source="Lemma B.5, Appendix B.2 (proof (48)-(52))",
    notes="V_k is the unfactored (43), V_0 = 0; 'for any t >= 1' is the universal index t <= T.",
)
