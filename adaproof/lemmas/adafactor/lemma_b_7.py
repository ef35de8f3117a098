r"""Lemma B.7, Appendix B.2: relative gap between w_ij^(k) and the proxy a_ij^(k).

As printed: for any k >= 1, i in [n], j in [m],

    |w_{ij}^{(k)} - a_{ij}^{(k)}| / \sqrt{a_{ij}^{(k)}}
        <= \sqrt{1-\beta_{2,k}} \min\{4\sqrt{\mathcal G}, G_1 + G_2\},      (57)

where \mathcal G is as in (14) and G_1, G_2 are as in (40).  Encoded: ``adafactor/lemma-B.7``
(with the silent m, n >= 2 its proof uses in (63)-(64)).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._common import (a_kij, BASE_HYPS, BASE_QUANTITIES, beta2_k, FORALL_KIJ, G1, G2, GG, H_MN2, k,
                      Q_C_F, Q_R, Q_S, Q_W, RECS_FACTORS,
                      SRC_FACTORS, w_kij)

LEMMA_B7 = statement(
    id="adafactor/lemma-B.7", kind="lemma", number="B.7",
    title="Relative gap between w_ij^(k) and the proxy a_ij^(k)",
    section="Appendix B.2", family="proxy-gap",
    latex=(r"\forall k\ge1,i\in[n],j\in[m]:\ \frac{|w_{ij}^{(k)}-a_{ij}^{(k)}|}{\sqrt{a_{ij}^{(k)}}}"
           r"\le\sqrt{1-\beta_{2,k}}\min\{4\sqrt{\mathcal G},G_1+G_2\}\quad(57)"),
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S, Q_W),
    hypotheses=BASE_HYPS + (H_MN2,),
    lhs=sp.Abs(w_kij - a_kij) / sp.sqrt(a_kij),
    rhs=sp.sqrt(1 - beta2_k(k)) * sp.Min(4 * sp.sqrt(GG), G1 + G2),
    forall=FORALL_KIJ,
    trajectory=SRC_FACTORS, recurrences=RECS_FACTORS,
    source="Lemma B.7 (57), Appendix B.2; G_1, G_2 of (40), calligraphic G of (14)",
    notes="w from Algorithm 1 (no clipping, setting (5)); a_ij^(k) of (46) from R_{k-1}, C_{k-1}, "
          "S_{k-1} (= row/column/coordinate sums of V_{k-1}, (44)).",
)
