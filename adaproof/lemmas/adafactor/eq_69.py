r"""(69), Appendix B.3 (proof of Proposition B.1, estimation of B).

As printed::

    |1/\sqrt{w_{ij}^{(k)}} - 1/\sqrt{a_{ij}^{(k)}}|
        = |\sqrt{w_{ij}^{(k)}} - \sqrt{a_{ij}^{(k)}}| / (\sqrt{w_{ij}^{(k)}}\sqrt{a_{ij}^{(k)}})
        <= \sqrt{|w_{ij}^{(k)} - a_{ij}^{(k)}|} / (\sqrt{w_{ij}^{(k)}}\sqrt{a_{ij}^{(k)}}).

Encoded: ``adafactor/eq-69`` (the equality is an identity; the inequality is attacked).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._common import (a_kij, BASE_HYPS, BASE_QUANTITIES, FORALL_KIJ, Q_C_F, Q_R, Q_S, Q_W,
                      RECS_FACTORS, SRC_FACTORS, w_kij)

EQ_69 = statement(
    id="adafactor/eq-69", kind="eq", number="69",
    title="Gap of the inverse square roots of w_ij^(k) and a_ij^(k)",
    section="Appendix B.3 (proof of Proposition B.1, estimation of B)", family="proxy-gap",
    latex=(r"\Big|\frac{1}{\sqrt{w_{ij}^{(k)}}}-\frac{1}{\sqrt{a_{ij}^{(k)}}}\Big|=\frac{|\sqrt{w}-"
           r"\sqrt{a}|}{\sqrt{w_{ij}^{(k)}}\sqrt{a_{ij}^{(k)}}}\le\frac{\sqrt{|w_{ij}^{(k)}-"
           r"a_{ij}^{(k)}|}}{\sqrt{w_{ij}^{(k)}}\sqrt{a_{ij}^{(k)}}}"),
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S, Q_W),
    hypotheses=BASE_HYPS,
    lhs=sp.Abs(1 / sp.sqrt(w_kij) - 1 / sp.sqrt(a_kij)),
    rhs=sp.sqrt(sp.Abs(w_kij - a_kij)) / (sp.sqrt(w_kij) * sp.sqrt(a_kij)),
    forall=FORALL_KIJ,
    trajectory=SRC_FACTORS, recurrences=RECS_FACTORS,
    source="(69), proof of Proposition B.1",
    supremum=1.0,  # |sqrt(w) - sqrt(a)| / sqrt(|w - a|) -> 1 as w/a -> 0 or inf
    notes="The printed equality step is an identity; the encoded inequality is its '<='.",
)
