r"""(115), Appendix D.1 (proof of Theorem D.1): the lower bound of the left side of (113)/(114).

As printed::

    1/2 Σ_{k<=T} ρ̂_k ||Ḡ_k/A_k^{1/4}||_F² >= Σ_{k<=T} ρ̂_k/2 · ||Ḡ_k||_F²/max_{i,j} a_ij^(k)
                                          >= 1/D_0 Σ_{k<=T} ||Ḡ_k||_F²/√k.

OCR reading: the first link's denominator is printed max_{i,j} a_ij^(k) (no square root); (76)
and (82), which it says it follows, have max_{i,j} √(a_ij^(k)).  Encoded (first link, term by
term in k: ρ̂_k/2 > 0 is a common factor of the k-th terms, and at T = 1 the sum is one term):
``eq-115-a`` as printed (max a), ``eq-115-a@corrected`` (max √a).  Pathwise on Algorithm 1 with
update clipping (A_k does not depend on the clipping), Ḡ_k any matrix with ||Ḡ_k||_F <= G.
The second link (with D_0 = min{C_0, C'_0}) is not encoded here.
"""
from __future__ import annotations

import sympy as sp

from ...declare import corrected, statement
from ...statement import Hypothesis, Quantity
from ...symbolic import IndexMax
from ._common import (alpha, BASE_HYPS, BASE_QUANTITIES, FORALL_K, gbar, H_GBAR, i, _i2, j, _j2,
                      k, m, n, _NOTE_PATHWISE, proxy_a, Q_C_F, Q_GBAR, Q_R, Q_S, REC_C, REC_R,
                      REC_S, _sampler_clipped, SIZES_POINTWISE, SRC_CLIPPED)

_Q_ALPHA = Quantity("alpha", "scalar", "> 1", "alpha of d_k = k^{c/(2(alpha-1))}, (7)")
_H_ALPHA = Hypothesis(sp.StrictGreaterThan(alpha, 1), note="setting (7): alpha > 1")
_MAX_A = IndexMax(IndexMax(proxy_a(k, _i2, _j2), (_j2, 1, m)), (_i2, 1, n))
_NG2 = sp.Sum(gbar[k, i, j] ** 2, (i, 1, n), (j, 1, m))
_LHS = sp.Sum(gbar[k, i, j] ** 2 / sp.sqrt(proxy_a(k, i, j)), (i, 1, n), (j, 1, m))
_TEX = (r"\frac12\sum_{k=1}^T\hat\rho_k\Big\|\frac{\bar G_k}{\sqrt[4]{A_k}}\Big\|_F^2\ge\sum_{k=1}^T"
        r"\frac{\hat\rho_k}2\frac{\|\bar G_k\|_F^2}{\max_{i,j}a_{ij}^{(k)}}")

EQ_115_A = statement(
    id="adafactor/eq-115-a", kind="eq", number="115",
    title="(115): ||Ḡ_k/A_k^{1/4}||² >= ||Ḡ_k||²/max_{i,j} a_ij^(k) (as printed)",
    section="Appendix D.1 (proof of Theorem D.1)", family="proxy-gap", latex=_TEX,
    quantities=BASE_QUANTITIES + (Q_GBAR, _Q_ALPHA, Q_R, Q_C_F, Q_S),
    hypotheses=BASE_HYPS + (_H_ALPHA, H_GBAR),
    lhs=_NG2 / _MAX_A, rhs=_LHS, forall=FORALL_K,
    sampler=_sampler_clipped, sizes=SIZES_POINTWISE,
    trajectory=SRC_CLIPPED, recurrences=(REC_R, REC_C, REC_S), expected="violated",
    source="(115), first link (per k; ρ̂_k/2 > 0 divided out)",
    notes="Finding: where max a_ij^(k) < 1 (small G and ε_1) the printed denominator makes the "
          "right side larger than ||Ḡ_k/A_k^{1/4}||². " + _NOTE_PATHWISE)
EQ_115_A_CORRECTED = corrected(
    EQ_115_A, lhs=_NG2 / sp.sqrt(_MAX_A),
    reason="Σ ḡ²/√a >= ||Ḡ||²/max √a: the square root of (76)/(82) is missing in (115)",
    latex=_TEX.replace(r"\max_{i,j}a_{ij}^{(k)}", r"\max_{i,j}\sqrt{a_{ij}^{(k)}}"))

ALL = [EQ_115_A, EQ_115_A_CORRECTED]
