r"""Lemma B.3, Appendix B.2: bounds on the proxy step-size a_ij^(k) of (46).

As printed: for any k >= 1,

    \beta_{2,k}(1-\beta_{2,k})\epsilon_1 <= a_{ij}^{(k)}
        <= 2\min\{\mathcal G, G^2/(mn\epsilon_1) + G + \epsilon_1\},   for all i in [n], j in [m].

Encoded: ``adafactor/lemma-B.3-a`` (left inequality), ``adafactor/lemma-B.3-b`` (right inequality,
violated as printed: the proof's own algebra gives G^4/(mn eps_1) + G^2 + eps_1) and its corrected
variant ``adafactor/lemma-B.3-b@corrected``.  The right inequality uses m + n <= mn, "when
m, n >= 2" (a silent hypothesis).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._common import (a_kij, BASE_HYPS, BASE_QUANTITIES, beta2_k, eps1, FORALL_KIJ, G, GG, H_MN2,
                      k, m, n, Q_C_F, Q_R, Q_S, REC_C, REC_R, REC_S,
                      SRC_FACTORS)

LEMMA_B3_A = statement(
    id="adafactor/lemma-B.3-a", kind="lemma", number="B.3",
    title="Lower bound on the proxy step-size a_ij^(k)",
    section="Appendix B.2", family="proxy-gap",
    latex=(r"\forall k\ge1:\ \beta_{2,k}(1-\beta_{2,k})\epsilon_1\le a_{ij}^{(k)}"),
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S),
    hypotheses=BASE_HYPS,
    lhs=beta2_k(k) * (1 - beta2_k(k)) * eps1,
    rhs=a_kij,
    forall=FORALL_KIJ,
    trajectory=SRC_FACTORS, recurrences=(REC_R, REC_C, REC_S),
    source="Lemma B.3 (left inequality), Appendix B.2",
)

_B3_UPPER_LATEX = (r"\forall k\ge1:\ a_{ij}^{(k)}\le 2\min\Big\{\mathcal G,\ \frac{G^2}{mn\epsilon_1}"
                   r"+G+\epsilon_1\Big\}")
LEMMA_B3_B = statement(
    id="adafactor/lemma-B.3-b", kind="lemma", number="B.3",
    title="Upper bound on the proxy step-size a_ij^(k) (as printed)",
    section="Appendix B.2", family="proxy-gap",
    latex=_B3_UPPER_LATEX,
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S),
    hypotheses=BASE_HYPS + (H_MN2,),
    lhs=a_kij,
    rhs=2 * sp.Min(GG, G ** 2 / (m * n * eps1) + G + eps1),
    forall=FORALL_KIJ,
    trajectory=SRC_FACTORS, recurrences=(REC_R, REC_C, REC_S),
    expected="violated",
    source="Lemma B.3 (right inequality), Appendix B.2",
    notes="The proof computes 2 G_1 G_2 / (mn eps_1) = 2(G^2 + G(m+n) eps_1 + mn eps_1^2)"
          "/(mn eps_1); "
          "in fact G_1 G_2 = G^4 + G^2 (m+n) eps_1 + mn eps_1^2 (G is a norm bound, G_1 = G^2 + "
          "m eps_1), so the printed second term is off by powers of G and fails for G > 1.",
)

LEMMA_B3_B_CORRECTED = statement(
    id="adafactor/lemma-B.3-b", kind="lemma", number="B.3", variant="corrected",
    reason="G_1 G_2 = (G^2 + m eps_1)(G^2 + n eps_1) = G^4 + G^2(m+n) eps_1 + mn eps_1^2: the "
           "dimension-free term is G^4/(mn eps_1) + G^2 + eps_1, not G^2/(mn eps_1) + G + eps_1",
    title="Upper bound on the proxy step-size a_ij^(k) (G^4/(mn eps_1) + G^2 + eps_1)",
    section="Appendix B.2", family="proxy-gap",
    latex=(r"\forall k\ge1:\ a_{ij}^{(k)}\le 2\min\Big\{\mathcal G,\ \frac{G^4}{mn\epsilon_1}"
           r"+G^2+\epsilon_1\Big\}"),
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S),
    hypotheses=BASE_HYPS + (H_MN2,),
    lhs=a_kij,
    rhs=2 * sp.Min(GG, G ** 4 / (m * n * eps1) + G ** 2 + eps1),
    forall=FORALL_KIJ,
    trajectory=SRC_FACTORS, recurrences=(REC_R, REC_C, REC_S),
    source="Lemma B.3 (right inequality), corrected as its own proof's algebra gives",
)
