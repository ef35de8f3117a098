r"""(26) and (27), Appendix A.3 (proof of Theorem A.1): wbar_ij^(k) from above and the
first-order term from below.

As printed::

    \bar w_{ij}^{(k)} = \frac{R^{(i)}_{V_k} C^{(j)}_{V_k}}{S_{V_k}}
        \le \frac{R C}{\sqrt{R C}} \le \sqrt{R^{(i)}_{V_k} C^{(j)}_{V_k}} \le \sqrt{\mathcal G_1\mathcal G_2}   (26)

    \|\bar G_k / \sqrt[4]{\bar W_k}\|_F^2 = \sum_{i,j} (\bar g_{ij}^{(k)})^2/\sqrt{\bar w_{ij}^{(k)}}
        \ge \|\bar G_k\|_F^2 / \sqrt[4]{\mathcal G_1\mathcal G_2} = \|\bar G_k\|_F^2 / A_1           (27)

with A_1 = (G^4 + G^2(m+n)eps_1 + mn eps_1^2)^{1/4} (12).  Encoded on Algorithm 2 (setting (3), run
open loop on gradients with ||Gbar_k||_F <= G): ``adafactor/eq-26-a`` (end to end), ``-b`` (first
link, S >= sqrt(RC)), ``-c`` (last link; the middle one is an identity); ``adafactor/eq-27`` (end
to end, with A_1 as defined in (12)).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._common import (C, eps1, FORALL_K, FORALL_KIJ, G, g, GG1, GG2, i, j, k, m, n, R, REC_W, S,
                      W)
from ._full import FULL_HYPS, FULL_QUANTITIES, RECS_FULL, SRC_FULL_FACTORS
from ._common import Q_W

_RC = R[k, i, 1] * C[k, 1, j]
A1 = (G ** 4 + G ** 2 * (m + n) * eps1 + m * n * eps1 ** 2) ** sp.Rational(1, 4)
_TEX26 = (r"\bar w_{ij}^{(k)}=\frac{R^{(i)}C^{(j)}}{S}\le\frac{R^{(i)}C^{(j)}}{\sqrt{R^{(i)}C^{(j)}}}"
          r"\le\sqrt{R^{(i)}C^{(j)}}\le\sqrt{\mathcal G_1\mathcal G_2}")
_PARTS = (("a", W[k, i, j], sp.sqrt(GG1 * GG2), "end to end", 1.0),
          ("b", W[k, i, j], _RC / sp.sqrt(_RC), "first link: S >= sqrt(R C)", 1.0),
          ("c", sp.sqrt(_RC), sp.sqrt(GG1 * GG2), "last link: R <= calG_1, C <= calG_2", 1.0))
EQ_26 = {}
for _part, _lhs, _rhs, _what, _sup in _PARTS:
    EQ_26[_part] = statement(
        id=f"adafactor/eq-26-{_part}", kind="eq", number="26",
        title=f"Full batch: wbar_ij^(k) <= sqrt(calG_1 calG_2) ({_what})",
        section="Appendix A.3 (proof of Theorem A.1)", family="proxy-gap",
        latex=_TEX26 + (r"\quad(\text{" + _what + "})" if _part != "a" else ""),
        quantities=FULL_QUANTITIES + (Q_W,),
        hypotheses=FULL_HYPS,
        lhs=_lhs, rhs=_rhs,
        forall=FORALL_KIJ,
        trajectory=SRC_FULL_FACTORS, recurrences=RECS_FULL + (REC_W,),
        source=f"(26), Appendix A.3 ({_what})",
        supremum=_sup,
        notes="Algorithm 2 run open loop, setting (3).  Equality in the first link when n = m = 1 "
              "(S = R = C).",
    )

EQ_27 = statement(
    id="adafactor/eq-27", kind="eq", number="27",
    title="Full batch: ||Gbar_k / Wbar_k^{1/4}||_F^2 >= ||Gbar_k||_F^2 / A_1",
    section="Appendix A.3 (proof of Theorem A.1)", family="update-norm",
    latex=r"\Big\|\frac{\bar{\mathbf G}_k}{\sqrt[4]{\bar{\mathbf W}_k}}\Big\|_F^2=\sum_{i,j}\frac{"
          r"(\bar g_{ij}^{(k)})^2}{\sqrt{\bar w_{ij}^{(k)}}}\ge\frac{\|\bar{\mathbf G}_k\|_F^2}"
          r"{\sqrt[4]{\mathcal G_1\mathcal G_2}}=\frac{\|\bar{\mathbf G}_k\|_F^2}{A_1}",
    quantities=FULL_QUANTITIES + (Q_W,),
    hypotheses=FULL_HYPS,
    lhs=sp.Sum(g[k, i, j] ** 2, (i, 1, n), (j, 1, m)) / A1,
    rhs=sp.Sum(g[k, i, j] ** 2 / sp.sqrt(W[k, i, j]), (i, 1, n), (j, 1, m)),
    forall=FORALL_K,
    trajectory=SRC_FULL_FACTORS, recurrences=RECS_FULL + (REC_W,),
    source="(27), Appendix A.3 (A_1 of (12); A_1^4 = calG_1 calG_2)",
    supremum=1.0,
    notes="Algorithm 2 run open loop, setting (3).",
)
