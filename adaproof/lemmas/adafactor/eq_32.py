r"""(32), Appendix A.3 (proof of Theorem A.1, 'Avoiding the curse of dimension'): (a) from below
with the dimension-free A_1', and the unnumbered displays that lead to it.

As printed::

    \bar w_{ij}^{(k)} = \frac{R^{(i)}_{V_k}C^{(j)}_{V_k}}{S_{V_k}} \le \frac{2\mathcal G_1\mathcal G_2}{mn\epsilon_1}  (w-a)
        \le 2\Big(\frac{G^4}{mn\epsilon_1}+G^2+\epsilon_1\Big) = (A_1')^2                        (w-b)
    "where we use m + n <= mn and A_1' in (12)",
    \|\bar G_k/\sqrt[4]{\bar W_k}\|_F^2 \ge \|\bar G_k\|_F^2/A_1',                               (q)
    (a) \ge \frac{\epsilon_2}{A_1'}\min\Big\{1,\frac{d\epsilon_1mn(1-\beta_{2,1})}{G\sqrt{\mathcal G}}\Big\}
        \sum_{k=1}^t\rho_k\|\bar G_k\|_F^2                                                       (32)

with A_1' = sqrt(2(G^4/(mn eps_1) + G^2 + eps_1)) (12).  Encoded: ``adafactor/eq-32`` (for every t
in [T], on Algorithm 2 with rho_k = rho_0/sqrt(k) run open loop, the model of (19)),
``adafactor/eq-32-w`` (wbar_ij^(k) <= (A_1')^2 end to end), ``-w-a``, ``-w-b`` (its two links)
and ``-q``, on Algorithm 2 run open loop (setting (3)).

Finding (a proof step, harmless for the result): ``-w-b`` is a fact about the constants,
2 calG_1 calG_2/(mn eps_1) = 2(G^4/(mn eps_1) + G^2 (m+n)/(mn) + eps_1), and m + n <= mn fails
when m = 1 or n = 1, which Theorem A.1 allows (it assumes nothing on m, n); the corrected link has
max{1, (m+n)/(mn)} G^2.  The end-to-end ``-w`` (and so (32)) still holds there: for m = 1,
wbar_i1 = Rbar^(i) <= calG_1 <= (A_1')^2 (and the same for n = 1).
"""
from __future__ import annotations

import sympy as sp

from ...declare import corrected, statement
from ._common import (eps1, eps2, FORALL_KIJ, FORALL_K, FORALL_T, G, GG1, GG2, H_EPS1, i, j,
                      k, m, n, Q_EPS1, Q_G, Q_M, Q_N, REC_W, t, W)
from ._full import (ETA_QUANTITIES, FULL_HYPS, FULL_QUANTITIES, H_ETA, RECS_ETA_FULL, RECS_FULL,
                    SRC_FULL_ETA, SRC_FULL_FACTORS)
from ._common import Q_W
from ._appendix_a import FRO2, QUART, RHO, XC, YC
from .eq_25 import A_TERM

A1P_SQ = 2 * (G ** 4 / (m * n * eps1) + G ** 2 + eps1)
A1P = sp.sqrt(A1P_SQ)
_WA = 2 * GG1 * GG2 / (m * n * eps1)
_TEXW = (r"\bar w_{ij}^{(k)}=\frac{R^{(i)}_{V_k}C^{(j)}_{V_k}}{S_{V_k}}\le\frac{2\mathcal G_1\mathcal"
         r" G_2}{mn\epsilon_1}\le2\Big(\frac{G^4}{mn\epsilon_1}+G^2+\epsilon_1\Big)=(A_1')^2")
_NOTE = "Algorithm 2 run open loop on gradients with ||Gbar_k||_F <= G, setting (3)."

EQ_32 = statement(
    id="adafactor/eq-32", kind="eq", number="32",
    title="(32): (a) >= eps_2/A_1' min{1, d eps_1 mn (1-beta_{2,1})/(G sqrt(calG))} sum rho_k "
          "||Gbar_k||_F^2",
    section="Appendix A.3 (proof of Theorem A.1)", family="update-norm",
    latex=r"(a)\ge\frac{\epsilon_2}{A_1'}\min\Big\{1,\frac{d\epsilon_1mn(1-\beta_{2,1})}{G\sqrt{"
          r"\mathcal G}}\Big\}\sum_{k=1}^t\rho_k\|\bar{\mathbf G}_k\|_F^2",
    quantities=ETA_QUANTITIES,
    hypotheses=FULL_HYPS + H_ETA,
    lhs=eps2 / A1P * XC / sp.Max(XC, YC) * sp.Sum(RHO(k) * FRO2(k), (k, 1, t)),
    rhs=A_TERM,
    forall=FORALL_T,
    trajectory=SRC_FULL_ETA, recurrences=RECS_ETA_FULL,
    source="(32), Appendix A.3 ((25) with ||Gbar_k/Wbar_k^{1/4}||^2 >= ||Gbar_k||^2/A_1')",
    notes="Algorithm 2, rho_k = rho_0/sqrt(k); " + _NOTE + "  Any m, n >= 1 (Theorem A.1 "
          "assumes nothing on them).",
)
EQ_32_W = {}
for _part, _lhs, _rhs, _what in (("w", W[k, i, j], A1P_SQ, "end to end"),
                                 ("w-a", W[k, i, j], _WA, "first link: R <= calG_1, C <= calG_2, "
                                                          "S >= mn eps_1/2")):
    EQ_32_W[_part] = statement(
        id=f"adafactor/eq-32-{_part}", kind="eq", number="32",
        title=f"Before (32): wbar_ij^(k) <= (A_1')^2 ({_what})",
        section="Appendix A.3 (proof of Theorem A.1)", family="proxy-gap",
        latex=_TEXW + r"\quad(\text{" + _what + "})",
        quantities=FULL_QUANTITIES + (Q_W,),
        hypotheses=FULL_HYPS,
        lhs=_lhs, rhs=_rhs,
        forall=FORALL_KIJ,
        trajectory=SRC_FULL_FACTORS, recurrences=RECS_FULL + (REC_W,),
        source=f"display before (32), Appendix A.3 ({_what})",
        notes=_NOTE + "  Any m, n >= 1.",
    )
_QS = (Q_G, Q_EPS1, Q_N, Q_M)
EQ_32_WB = statement(
    id="adafactor/eq-32-w-b", kind="eq", number="32",
    title="Before (32): 2 calG_1 calG_2/(mn eps_1) <= 2(G^4/(mn eps_1) + G^2 + eps_1) = (A_1')^2 "
          "(second link, 'we use m + n <= mn')",
    section="Appendix A.3 (proof of Theorem A.1)", family="other",
    latex=_TEXW + r"\quad(\text{second link})",
    quantities=_QS,
    hypotheses=(H_EPS1,),
    lhs=_WA, rhs=A1P_SQ,
    source="display before (32), Appendix A.3 (second link)",
    expected="violated",
    notes="A fact about the constants: equivalent to G^2 (m + n) <= G^2 mn.  Theorem A.1 takes "
          "any m, n >= 1; at m = 1 or n = 1 (and G > 0) it fails.",
)
EQ_32_WB_CORRECTED = corrected(
    EQ_32_WB,
    reason="m + n <= mn needs m, n >= 2 (Theorem A.1 allows m = 1 or n = 1): 2 calG_1 calG_2/(mn "
           "eps_1) = 2(G^4/(mn eps_1) + (m+n)/(mn) G^2 + eps_1); the end-to-end wbar_ij^(k) <= "
           "(A_1')^2 holds all the same (eq-32-w)",
    rhs=2 * (G ** 4 / (m * n * eps1) + sp.Max(1, (m + n) / (m * n)) * G ** 2 + eps1))
EQ_32_Q = statement(
    id="adafactor/eq-32-q", kind="eq", number="32",
    title="Before (32): ||Gbar_k/Wbar_k^{1/4}||_F^2 >= ||Gbar_k||_F^2/A_1'",
    section="Appendix A.3 (proof of Theorem A.1)", family="update-norm",
    latex=r"\Big\|\frac{\bar G_k}{\sqrt[4]{\bar W_k}}\Big\|_F^2=\sum_{i,j}\frac{(\bar g_{ij}^{(k)})^2}"
          r"{\sqrt{\bar w_{ij}^{(k)}}}\ge\frac{\|\bar G_k\|_F^2}{A_1'}",
    quantities=FULL_QUANTITIES + (Q_W,),
    hypotheses=FULL_HYPS,
    lhs=FRO2(k) / A1P, rhs=QUART(k),
    forall=FORALL_K,
    trajectory=SRC_FULL_FACTORS, recurrences=RECS_FULL + (REC_W,),
    source="display before (32), Appendix A.3",
    notes=_NOTE + "  Any m, n >= 1.",
)
