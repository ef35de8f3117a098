r"""The scalar facts the proofs use about the step-size schedules: (30) (Appendix A.3), (52)
(proof of Lemma B.5), (83) and (84) (Appendix B.4).  They are inequalities about sums of powers
of k and about β_{2,k} = 1 − 1/k^c, not arithmetic of printed numbers (issue 14's "(30), (52),
(83), (84) if they are arithmetic": they are not); each is encoded as a scalar statement over
its integer horizon and exponent.  (30) and (83) have no input but the horizon t: they are
encoded in :mod:`.eq_30` and :mod:`.eq_83` (evaluated one row per horizon,
:mod:`adaproof.horizon`), not here.

As printed:

* (30): "Σ_{k=1}^t 1/k <= 1 + log t, Σ_{k=1}^t 1/√k >= √t" (``eq-30-a``, ``eq-30-b``).
* (52): "−log β_{2,k} <= (1 − β_{2,k})/β_{2,k} <= √2(1 − β_{2,k})/(√2 − 1) <= 4(1 − β_{2,k})"
  for k >= 2, β_{2,k} = 1 − 1/k^c, c ∈ [1/2, 1] (``eq-52-a``, ``-b``, ``-c``: one per link).
* (83): "Σ_{k=1}^T 1/k <= 1 + ∫_1^T dx/x <= 1 + log T" (``eq-83``).
* (84): "Σ_{k=1}^T 1/k^c <= 1 + T^{1−c}/(1 − c), Σ_{k=1}^T 1/k^{c/2+1/2} <= 1 + 2T^{(1−c)/2}/(1 − c)"
  for 1/2 <= c < 1 (``eq-84-a``, ``eq-84-b``).
"""
from __future__ import annotations

import sympy as sp

from ...declare import scalar, size, statement

T = size("T", ">= 1", "horizon T of (84)")
K2 = size("K", ">= 2", "the step k >= 2 of (52)")
c = scalar("c", "[1/2, 1]", "decay exponent: β_{2,k} = 1 − 1/k^c, setting (5)")
k = sp.Symbol("k", integer=True)
_BETA = 1 - K2 ** (-c)
_HC = (c >= sp.Rational(1, 2), c <= 1)
_HC_LT1 = (c >= sp.Rational(1, 2), c < 1)

EQ_52_A = statement(
    "adafactor/eq-52-a", kind="eq", number="52", family="other",
    title="(52): −log β_{2,k} <= (1 − β_{2,k})/β_{2,k}", section="Appendix B.2 (proof of Lemma B.5)",
    hypotheses=_HC, lhs=-sp.log(_BETA), rhs=(1 - _BETA) / _BETA,
    latex=r"-\log\beta_{2,k}\le\frac{1-\beta_{2,k}}{\beta_{2,k}}",
    source="(52), proof of Lemma B.5", notes="k >= 2 (the size K), β_{2,k} = 1 − 1/k^c.")
EQ_52_B = statement(
    "adafactor/eq-52-b", kind="eq", number="52", family="other",
    title="(52): (1 − β_{2,k})/β_{2,k} <= √2(1 − β_{2,k})/(√2 − 1)",
    section="Appendix B.2 (proof of Lemma B.5)",
    hypotheses=_HC, lhs=(1 - _BETA) / _BETA,
    rhs=sp.sqrt(2) * (1 - _BETA) / (sp.sqrt(2) - 1),
    latex=r"\frac{1-\beta_{2,k}}{\beta_{2,k}}\le\frac{\sqrt2(1-\beta_{2,k})}{\sqrt2-1}",
    supremum=1.0, source="(52), proof of Lemma B.5",
    notes="Equality at k = 2, c = 1/2 (β_{2,2} = 1 − 1/√2).")
EQ_52_C = statement(
    "adafactor/eq-52-c", kind="eq", number="52", family="other",
    title="(52): √2(1 − β_{2,k})/(√2 − 1) <= 4(1 − β_{2,k})",
    section="Appendix B.2 (proof of Lemma B.5)",
    hypotheses=_HC, lhs=sp.sqrt(2) * (1 - _BETA) / (sp.sqrt(2) - 1), rhs=4 * (1 - _BETA),
    latex=r"\frac{\sqrt2(1-\beta_{2,k})}{\sqrt2-1}\le4(1-\beta_{2,k})",
    source="(52), proof of Lemma B.5", notes="The ratio is the constant √2/(4(√2 − 1)) ≈ 0.854.")

EQ_84_A = statement(
    "adafactor/eq-84-a", kind="eq", number="84", family="log-sum",
    title="(84): Σ_{k<=T} k^{−c} <= 1 + T^{1−c}/(1 − c), 1/2 <= c < 1", section="Appendix B.4",
    hypotheses=_HC_LT1, lhs=sp.Sum(k ** (-c), (k, 1, T)), rhs=1 + T ** (1 - c) / (1 - c),
    latex=r"\sum_{k=1}^T\frac1{k^c}\le1+\int_1^T\frac{dx}{x^c}\le1+\frac{T^{1-c}}{1-c}",
    source="(84), Appendix B.4 (proof of Theorem B.1)", notes="1/2 <= c < 1 as in (35)-(36).")
EQ_84_B = statement(
    "adafactor/eq-84-b", kind="eq", number="84", family="log-sum",
    title="(84): Σ_{k<=T} k^{−(c/2+1/2)} <= 1 + 2T^{(1−c)/2}/(1 − c), 1/2 <= c < 1",
    section="Appendix B.4",
    hypotheses=_HC_LT1, lhs=sp.Sum(k ** (-(c / 2 + sp.Rational(1, 2))), (k, 1, T)),
    rhs=1 + 2 * T ** ((1 - c) / 2) / (1 - c),
    latex=(r"\sum_{k=1}^T\frac1{k^{c/2+1/2}}\le1+\int_1^T\frac{dx}{x^{c/2+1/2}}\le1+\frac{2T^{(1-c)"
           r"/2}}{1-c}"),
    source="(84), Appendix B.4 (proof of Theorem B.1)", notes="1/2 <= c < 1 as in (35)-(36).")

ALL = [EQ_52_A, EQ_52_B, EQ_52_C, EQ_84_A, EQ_84_B]
