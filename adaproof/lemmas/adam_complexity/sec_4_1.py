"""Section 4.1's exponent list, and the logarithm step of (11), as claims on numbers (derived
inputs).

Section 4.1 (l.171–174) rewrites the right side of (2) as nine power terms (the display), then,
with η = Θ(T^{−a}) and 1 − β₂ = Θ(T^{−b}), lists the exponents of (1/T)E Σ‖∇f(w_t)‖: eight of
them.  The display's term T·⁴√(1 − β₂), divided by T, is T^{−b/4}, which the list omits.
``sec-4.1-exponents-missing-term`` claims that the printed list dominates that term,
−b/4 ≤ max(printed exponents), on the region 0 < b/4 < a < 1, 3b − 4a < 2 where the paper says
the list is O(1); the corrected variant adds T^{−b/4} to the list.  (The region and the optimum
a = 1/2, b = 1 are unchanged by the missing term; the printed list's infimum is, see
:data:`adaproof.bounds.adam_complexity.SECTION_4_1`.)

(11)'s step "applying the definition of η, β₁ and β₂" replaces −T ln β₂ = −T ln(1 − b/T) by b
inside D₁; the bound needs −T ln(1 − b/T) ≤ b, while −ln(1 − x) ≥ x: ``eq-11-log-step``
(violated for every 0 < b < T), corrected by −ln(1 − x) ≤ x/(1 − x), i.e. b/β₂.

Source: paper 003 (adam_complexity), Section 4.1 (text lines 169–177), Appendix D (l.427).
"""
from __future__ import annotations

import sympy as sp

from ...declare import corrected, declared, scalar, size, statement
from ._common import PAPER

ea = scalar("a_exp", "(0, 1)", "a: η = Θ(T^{−a})")
eb = scalar("b_exp", "> 0", "b: 1 − β₂ = Θ(T^{−b})")
_PRINTED = (eb / 2 - 1, -2 * ea + sp.Rational(3, 2) * eb - 1, ea - 1, -2 * ea + eb / 2,
            eb / 4 - sp.Rational(1, 2), -ea + sp.Rational(3, 4) * eb - sp.Rational(1, 2),
            ea / 2 - sp.Rational(1, 2), -ea + eb / 4)
_REGION = [sp.And(eb > 0, eb / 4 < ea, ea < 1), 3 * eb - 4 * ea < 2]
SEC_4_1_MISSING = statement(
    "adam_complexity/sec-4.1-exponents-missing-term", kind="claim",
    number="4.1-exponents (the term T(1−β₂)^{1/4})", section="4.1", family="rate",
    title="The printed exponent list against the display's term T (1-beta2)^(1/4) / T",
    quantities=tuple(declared()[n_] for n_ in ("a_exp", "b_exp")), hypotheses=_REGION,
    latex=(r"-\frac b4\le\max\Big(\frac b2-1,-2a+\frac32b-1,a-1,-2a+\frac b2,\frac b4-\frac12,"
           r"-a+\frac34b-\frac12,\frac a2-\frac12,-a+\frac b4\Big)"),
    lhs=-eb / 4, rhs=sp.Max(*_PRINTED), expected="violated",
    source="Section 4.1 (l.171–174): the display's term T⁴√(1−β₂) (÷T: T^{−b/4}) against the "
           "printed list of exponents", notes="Exponents of T, as printed (l.174).")
SEC_4_1_MISSING_CORRECTED = corrected(
    SEC_4_1_MISSING, reason="the list omits the exponent −b/4 of T⁴√(1−β₂)/T, a term of the "
    "display above it", rhs=sp.Max(*_PRINTED, -eb / 4))

Tl = size("T", ">= 1", "number of iterations")
bl = scalar("b", "> 0", "β₂ = 1 − b/T")
EQ_11_LOG_STEP = statement(
    "adam_complexity/eq-11-log-step", kind="claim", number="11 (the step −T ln β₂ → b)",
    section="Appendix D", family="log-sum",
    title="-T ln(1 - b/T) <= b, the replacement that (11) makes",
    quantities=tuple(declared()[n_] for n_ in ("T", "b")), hypotheses=[sp.And(bl > 0, bl < Tl)],
    latex=r"-T\ln\beta_2=-T\ln\left(1-\frac bT\right)\le b", lhs=-Tl * sp.log(1 - bl / Tl),
    rhs=bl, expected="violated",
    source="Appendix D, (11) (l.427): D₁ carries (−ln ν₀ + b) where Stage I has "
           "(ln(1/ν₀) − T ln β₂)")
EQ_11_LOG_STEP_CORRECTED = corrected(
    EQ_11_LOG_STEP, reason="−ln(1 − x) ≥ x: the replacement goes the wrong way; −ln(1 − x) ≤ "
    "x/(1 − x) gives −T ln β₂ ≤ b/β₂", rhs=bl / (1 - bl / Tl))
