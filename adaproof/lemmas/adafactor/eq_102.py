r"""(102), Appendix D.1 (proof of Theorem D.1): the clipped update's norm, dimension-free.

As printed::

    ||G~_k/√W_k||_F² = ||G_k/√W_k||_F² / (max{1, ||U_k||_F/(d_k√(mn))})² <= ||G_k/√W_k||_F² <= G_3,

with G~_k of (97), U_k = G_k/√W_k, d_k = k^{c/(2(α−1))} (7) and G_3 of (40).  Encoded:
``eq-102-a`` (the clipped norm <= the unclipped one) and ``eq-102-b`` (the clipped norm <= G_3,
end to end), on Algorithm 1 with update clipping, the gradients any sequence with
||G_k||_F <= G (A4).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ...statement import Hypothesis, Quantity
from ._common import (alpha, BASE_HYPS, BASE_QUANTITIES, c, FORALL_K, G3, g, i, j, k, m, n,
                      _NOTE_PATHWISE, Q_C_F, Q_R, Q_S, Q_W, RECS_FACTORS, _sampler_clipped,
                      SIZES_POINTWISE, SRC_CLIPPED, w_kij)

_Q_ALPHA = Quantity("alpha", "scalar", "> 1", "alpha of d_k = k^{c/(2(alpha-1))}, (7)")
_H_ALPHA = Hypothesis(sp.StrictGreaterThan(alpha, 1), note="setting (7): alpha > 1")
_U2 = sp.Sum(g[k, i, j] ** 2 / w_kij, (i, 1, n), (j, 1, m))
_DK = k ** (c / (2 * (alpha - 1)))
_CLIP = sp.Max(1, sp.sqrt(_U2) / (_DK * sp.sqrt(m * n)))
_TEX = (r"\Big\|\frac{\tilde G_k}{\sqrt{W_k}}\Big\|_F^2=\frac{1}{(\max\{1,\|U_k\|_F/(d_k\sqrt{mn})"
        r"\})^2}\Big\|\frac{G_k}{\sqrt{W_k}}\Big\|_F^2\le\Big\|\frac{G_k}{\sqrt{W_k}}\Big\|_F^2\le G_3")


def _st(part, title, rhs, supremum):
    return statement(
        id=f"adafactor/eq-102-{part}", kind="eq", number="102", title=title,
        section="Appendix D.1 (proof of Theorem D.1, estimating E)", family="update-norm",
        latex=_TEX, quantities=BASE_QUANTITIES + (_Q_ALPHA, Q_R, Q_C_F, Q_S, Q_W),
        hypotheses=BASE_HYPS + (_H_ALPHA,), lhs=_U2 / _CLIP ** 2, rhs=rhs, forall=FORALL_K,
        sampler=_sampler_clipped, sizes=SIZES_POINTWISE, trajectory=SRC_CLIPPED,
        recurrences=RECS_FACTORS, supremum=supremum, source=f"(102), link {part}",
        notes="Algorithm 1 with (6), (7). " + _NOTE_PATHWISE)


EQ_102_A = _st("a", "(102): ||G~_k/√W_k||² <= ||G_k/√W_k||² (clipping only shrinks)", _U2, 1.0)
EQ_102_B = _st("b", "(102): ||G~_k/√W_k||² <= G_3", G3, None)

ALL = [EQ_102_A, EQ_102_B]
