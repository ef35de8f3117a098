r"""(78), Appendix B.3 (proof of Proposition B.1, free dimension bound).

As printed::

    w_{ij}^{(k)} = R_{V_k}^{(i)} C_{V_k}^{(j)} / S_{V_k} >= mn\epsilon_1^2 / (4\mathcal G),
    \|G_k/\sqrt{W_k}\|_F^2 <= \|G_k\|_F^2 / \min_{i,j} w_{ij}^{(k)} <= 4G^2\mathcal G/(mn\epsilon_1^2)
        <= G_3,

where G_3 is as in (40).  Encoded: ``adafactor/eq-78-a`` (the first display), ``-b`` (the second
display end to end, with the printed chain as its proof steps), and its links through
min_{i,j} w_ij^(k): ``-c``, ``-d`` (the last link is an identity, a proof step of ``-b``).
"""
from __future__ import annotations

import sympy as sp

from ...declare import chain, statement
from ...symbolic import IndexMin
from ._common import (BASE_HYPS, BASE_QUANTITIES, eps1, FORALL_K, FORALL_KIJ, FROB2_G, G, g, G3,
                      GG, i, _i2, j, _j2, k, m, n, Q_C_F, Q_R, Q_S, Q_W, RECS_FACTORS,
                      SRC_FACTORS, W, w_kij)

EQ_78_A = statement(
    id="adafactor/eq-78-a", kind="eq", number="78",
    title="Lower bound on w_ij^(k)",
    section="Appendix B.3 (proof of Proposition B.1, free dimension bound)", family="proxy-gap",
    latex=r"w_{ij}^{(k)}=\frac{R_{\mathbf V_k}^{(i)}C_{\mathbf V_k}^{(j)}}{S_{\mathbf V_k}}\ge"
          r"\frac{mn\epsilon_1^2}{4\mathcal G}",
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S, Q_W),
    hypotheses=BASE_HYPS,
    lhs=m * n * eps1 ** 2 / (4 * GG),
    rhs=w_kij,
    forall=FORALL_KIJ,
    trajectory=SRC_FACTORS, recurrences=RECS_FACTORS,
    source="(78), first inequality",
)


EQ_78_B = statement(
    id="adafactor/eq-78-b", kind="eq", number="78",
    title="||G_k / sqrt(W_k)||_F^2 <= G_3",
    section="Appendix B.3 (proof of Proposition B.1, free dimension bound)", family="update-norm",
    latex=r"\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf W_k}}\Big\|_F^2\le\frac{\|\mathbf G_k\|_F^2}"
          r"{\min_{i,j}w_{ij}^{(k)}}\le\frac{4G^2\mathcal G}{mn\epsilon_1^2}\le G_3",
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S, Q_W),
    hypotheses=BASE_HYPS,
    lhs=sp.Sum(g[k, i, j] ** 2 / w_kij, (i, 1, n), (j, 1, m)),
    rhs=G3,
    forall=FORALL_K,
    trajectory=SRC_FACTORS, recurrences=RECS_FACTORS,
    source="(78), second display end to end (4 G^2 calG/(mn eps_1^2) = G_3 of (40); the middle "
           "term's min over (i, j) is not expressible in the evaluator)",
)


MIN_W = IndexMin(IndexMin(W[k, _i2, _j2], (_j2, 1, m)), (_i2, 1, n))          # min_{i,j} w_ij^(k)

_TEX_78 = (r"\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf W_k}}\Big\|_F^2\le\frac{\|\mathbf G_k\|_F^2}"
           r"{\min_{i,j}w_{ij}^{(k)}}\le\frac{4G^2\mathcal G}{mn\epsilon_1^2}\le G_3")

EQ_78_C = statement(
    id="adafactor/eq-78-c", kind="eq", number="78",
    title="(78), second display, first link: ||G_k/sqrt(W_k)||_F^2 <= ||G_k||_F^2 / min w_ij^(k)",
    section="Appendix B.3 (proof of Proposition B.1, free dimension bound)", family="update-norm",
    latex=_TEX_78 + r"\quad(\text{first link})",
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S, Q_W),
    hypotheses=BASE_HYPS,
    lhs=sp.Sum(g[k, i, j] ** 2 / w_kij, (i, 1, n), (j, 1, m)),
    rhs=FROB2_G / MIN_W,
    forall=FORALL_K,
    trajectory=SRC_FACTORS, recurrences=RECS_FACTORS,
    source="(78), second display, first inequality",
    supremum=1.0,
    notes="Equality when all w_ij^(k) are equal (n = m = 1, or gradients with equal entries).",
)

EQ_78_D = statement(
    id="adafactor/eq-78-d", kind="eq", number="78",
    title="(78), second display, second link: ||G_k||_F^2 / min w_ij^(k) <= 4 G^2 calG/(mn eps_1^2)",
    section="Appendix B.3 (proof of Proposition B.1, free dimension bound)", family="update-norm",
    latex=_TEX_78 + r"\quad(\text{second link})",
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S, Q_W),
    hypotheses=BASE_HYPS,
    lhs=FROB2_G / MIN_W,
    rhs=4 * G ** 2 * GG / (m * n * eps1 ** 2),
    forall=FORALL_K,
    trajectory=SRC_FACTORS, recurrences=RECS_FACTORS,
    source="(78), second display, second inequality ((A4) ||G_k||_F <= G and (78)-a)",
    notes="The last link of the display, 4G²calG/(mnε₁²) ≤ G_3, is an identity (G_3 of (40)): "
          "the last proof step of adafactor/eq-78-b.",
)

# the printed chains, as proof steps of the end-to-end statements (each <= link is also a
# statement above, attacked on its own; the last link of (78) is an identity)
EQ_78_B.proof = chain(
    EQ_78_C.lhs,
    ("<=", EQ_78_C.rhs, "each w_ij^(k) >= min_{i,j} w_ij^(k) (adafactor/eq-78-c)"),
    ("<=", EQ_78_D.rhs, "(A4) ||G_k||_F <= G and (78)-a (adafactor/eq-78-d)"),
    ("=", G3, "G_3 = 4(G^4 + G^2 mn eps_1)/(mn eps_1^2) of (40), calG = G^2 + mn eps_1 (11)"),
)
