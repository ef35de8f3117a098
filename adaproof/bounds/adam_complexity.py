"""Rate calculators of *Closing the Gap Between the Upper Bound and the Lower Bound of Adam's
Iteration Complexity* (paper id ``adam_complexity``): Theorem 1 (general hyperparameters, with
the schedule of Section 4.1) and Theorem 2 (η = a/√T, β₂ = 1 − b/T, β₁ = cβ₂).

Conventions shared by both theorems (documented on every symbol):

* ``f1`` is ``f(w₁)`` exactly as printed.  The paper never writes ``f(w₁) − inf f``: the proof
  bounds ``f(w₁) − E f(w_{T+1})`` by ``f(w₁)``, silently using ``f ≥ 0`` (and Definition 2
  fixes ``f(w₁) = Δ``), so ``f1`` is taken ``≥ 0``.
* ``nu0`` is one scalar ν₀ used for every coordinate (Algorithm 1 takes ν₀ ∈ ℝ⁺): the printed
  sums ``Σ_{l=1}^d √(ν₀,l + (3−β₂)σ²)`` and ``Σ_l ln(1/ν₀,l)`` become ``d·√(ν₀ + (3−β₂)σ²)`` and
  ``d·ln(1/ν₀)``; ν₀ is deterministic so ``E ln(1/ν₀,l) = ln(1/ν₀)``.
* Theorem 1 bounds the *sum* ``E Σ_{t=1}^T ‖∇f(w_t)‖``; the calculator divides both sides by T
  (every term below is the printed term over T), which is ``E‖∇f(w_r)‖`` for the output
  ``w_r``, ``r ~ Unif{1..T}``, so that ``complexity`` (bound ≤ ε) is meaningful.
"""
from __future__ import annotations

import sympy as sp

from ._core import ClaimedRate, Param, RateBound, register_bound

PAPER = "adam_complexity"


def _numeric_only(bound: RateBound) -> RateBound:
    """``sympy.solve`` on ∂bound/∂η of these bounds (logs of sums of square roots) does not
    return within minutes: tune numerically."""
    bound.closed_form = False
    return bound

_T = Param("T", "number of iterations", 1, None, integer=True)
_d = Param("d", "dimension", 1, None, integer=True)
_eta = Param("eta", "learning rate η", 0, None, low_open=True)
_b1 = Param("beta1", "momentum parameter β₁", 0, 1, high_open=True)
_b2 = Param("beta2", "conditioner parameter β₂", 0, 1, low_open=True, high_open=True)
_L = Param("L", "smoothness constant (∇f is L-Lipschitz, Assumption 1)", 0, None, low_open=True)
_sig = Param("sigma", "noise level: E‖g − ∇f‖² ≤ σ² (Assumption 2)", 0, None, low_open=True)
_f1 = Param("f1", "f(w₁), the objective at the initial point, as printed (f ≥ 0 is used "
                  "silently by the proof; Definition 2 sets f(w₁) = Δ)", 0, None)
_nu0 = Param("nu0", "initial conditioner ν₀ > 0, the same value in every coordinate "
                    "(deterministic, so E ln(1/ν₀,l) = ln(1/ν₀))", 0, None, low_open=True)

T, d, eta, b1, b2, L, sig, f1, nu0 = (p.symbol for p in
                                      (_T, _d, _eta, _b1, _b2, _L, _sig, _f1, _nu0))

# ---------------------------------------------------------------------------------------------
# Theorem 1, bound (2), with C₁ and C₂ as printed (l.154–155)
# ---------------------------------------------------------------------------------------------
_C1_bracket_first = (L / 2 * eta ** 2 + 2 * sp.sqrt(1 - b2) / (1 - b1) ** 2 * eta * sig
                     + eta ** 2 * b1 / (sp.sqrt(b2) * (1 - b1 / sp.sqrt(b2))))
_C1_last = (L ** 2 * b1 * eta ** 3 * (1 - b1)
            / (b2 * sp.sqrt(1 - b2) * (1 - b1 ** 2 / b2) * (1 - b1 / b2) ** 2) * d / sig)
_LEMMA4 = (1 - b1) ** 2 / (1 - b1 / sp.sqrt(b2)) ** 2  # Lemma 4's factor (without 1/(1−β₂))

#: C₁ as printed: Lemma 4's factor (1−β₁)²/(1−β₁/√β₂)² multiplies the last term only.
C1_PRINTED = (_C1_bracket_first + _C1_last * _LEMMA4) / (1 - b2)
#: C₁ as the proof gives it (Stage I, l.414 then Lemma 4): the factor multiplies the whole bracket.
C1_CORRECTED = (_C1_bracket_first + _C1_last) * _LEMMA4 / (1 - b2)


def _theorem_1_terms(C1):
    C2 = 2 / ((1 - b1) * eta) * (f1 + d * 2 * C1 * (sp.log(1 / nu0) - T * sp.log(b2)))
    X = 12 * C2 + 2 * T * d * sp.sqrt(nu0 + (3 - b2) * sig ** 2) + 4 * d * C1 * sp.log(d * C1)
    K = 2 / ((1 - b1) * eta) * C1 * d * sp.log(X)
    return (("sqrt(1-beta2) C2", sp.sqrt(1 - b2) * C2 / T),
            ("sqrt(1-beta2) log term", sp.sqrt(1 - b2) * K / T),
            ("Cauchy product", sp.sqrt(C2 + K) * sp.sqrt(X) / T))


_T1_PARAMS = (_T, _d, _eta, _b1, _b2, _L, _sig, _f1, _nu0)
# plain real symbol: Param.symbol gives β₁ (domain [0, 1)) positive=False, i.e. β₁ ≤ 0, and SymPy
# would evaluate β₁ < β₂ to True at construction
_T1_HYP = ((sp.StrictLessThan(sp.Symbol("beta1", real=True), b2), "0 ≤ β₁ < β₂ < 1 (Theorem 1)"),)
#: Section 4.1's schedule: η = Θ(T^{-a}), 1 − β₂ = Θ(T^{-b}) at the printed optimum a = 1/2, b = 1
#: (constants 1; β₁ fixed).
SCHEDULE_4_1 = {"eta": 1 / sp.sqrt(T), "beta2": 1 - 1 / T}
_T1_LATEX = (r"\mathbb{E}\sum_{t=1}^T\|\nabla f(w_t)\| \le \sqrt{1-\beta_2}C_2"
             r" + \frac{2\sqrt{1-\beta_2}}{(1-\beta_1)\eta}C_1 d\ln(X) + \sqrt{C_2"
             r" + \frac{2}{(1-\beta_1)\eta}C_1 d\ln X}\,\sqrt{X},\quad X = 12C_2"
             r" + 2T\sum_l\sqrt{\nu_{0,l}+(3-\beta_2)\sigma^2} + 4dC_1\ln dC_1")
_T1_NOTES = ("Terms are the printed ones divided by T (the bound is on the sum over t). "
             "Scalar ν₀ for every coordinate. Section 4.1 prints the optimum of its exponent "
             "list (l.174) as Õ(T^{-3/4}) and T = Õ(ε^{-4/3}); the list itself gives "
             "max = −1/4 at a = 1/2, b = 1, as does l.262 (Õ(poly(log T)/T^{1/4})) and the "
             "full bound under the schedule (exponent −1/4, (log T)^{1/2}).")

THEOREM_1 = register_bound(_numeric_only(RateBound(
    id="adam_complexity/theorem-1", paper=PAPER, number="1",
    title="Adam under L-smoothness and bounded variance, general hyperparameters",
    source="Theorem 1, eq. (2), C₁ and C₂ (l.152–155); proof Appendix C; schedule Section 4.1",
    measured=r"\frac{1}{T}\mathbb{E}\sum_{t=1}^T \|\nabla f(w_t)\|",
    params=_T1_PARAMS, terms=_theorem_1_terms(C1_PRINTED), hypotheses=_T1_HYP,
    claimed=ClaimedRate(sp.Rational(-3, 4), 0, SCHEDULE_4_1,
                        "Section 4.1, l.177–179: 'the minimum of the right-hand side … is "
                        "Õ(1/T^{3/4}), achieved at a = 1/2 and b = 1 … gives T = Õ(1/ε^{4/3})'"),
    latex_printed=_T1_LATEX, notes=_T1_NOTES,
)))

THEOREM_1_CORRECTED = register_bound(_numeric_only(RateBound(
    id="adam_complexity/theorem-1", paper=PAPER, number="1",
    title="Adam under L-smoothness and bounded variance, general hyperparameters",
    source="Theorem 1 with C₁ as derived in Appendix C (Stage I + Lemma 4); rate as l.262",
    measured=r"\frac{1}{T}\mathbb{E}\sum_{t=1}^T \|\nabla f(w_t)\|",
    params=_T1_PARAMS, terms=_theorem_1_terms(C1_CORRECTED), hypotheses=_T1_HYP,
    claimed=ClaimedRate(sp.Rational(-1, 4), 0, SCHEDULE_4_1,
                        "l.262: Theorem 1 under η = a/√T, β₂ = 1 − b/T gives "
                        "Õ(poly(log T)/T^{1/4}) (log power not stated)"),
    variant="corrected",
    reason=("Lemma 4's factor (1−β₁)²/(1−β₁/√β₂)² multiplies all of C₁'s bracket, not only its "
            "last term; and the schedule's exponent is −1/4 (l.262), not the printed −3/4"),
    latex_printed=_T1_LATEX, notes=_T1_NOTES,
)))


def section_4_1_exponents(a, b):
    """The eight exponents of T printed in Section 4.1 (l.174) for η = T^{-a}, 1−β₂ = T^{-b}:
    (1/T)·E Σ‖∇f(w_t)‖ = Õ(Σ T^{e_i})."""
    a, b = sp.nsimplify(a), sp.nsimplify(b)
    return (b / 2 - 1, -2 * a + sp.Rational(3, 2) * b - 1, a - 1, -2 * a + b / 2,
            b / 4 - sp.Rational(1, 2), -a + sp.Rational(3, 4) * b - sp.Rational(1, 2),
            a / 2 - sp.Rational(1, 2), -a + b / 4)


# ---------------------------------------------------------------------------------------------
# Theorem 2 (η = a/√T, β₂ = 1 − b/T, β₁ = cβ₂), D₁ and D₂ as printed (l.246–247)
# ---------------------------------------------------------------------------------------------
_a = Param("a", "step-size constant: η = a/√T", 0, None, low_open=True)
_b = Param("b", "β₂ constant: β₂ = 1 − b/T", 0, None, low_open=True)
_c = Param("c", "momentum constant: β₁ = cβ₂", 0, 1, high_open=True)
a, b, c = (p.symbol for p in (_a, _b, _c))


def _theorem_2_terms():
    inner1 = (L * a ** 2 + 4 * a * sp.sqrt(b) * sig / (1 - c) ** 2 + 2 * a ** 2 * c / (1 - c)
              + 2 * L ** 2 * c * a ** 3 * d / (sp.sqrt(b) * (1 - c) ** 5 * sig))
    inner2 = (L * a ** 2 + 4 * a * sp.sqrt(b) * sig / (1 - c) ** 2 + 2 * a ** 2 * c / (1 - c)
              + 4 * L ** 2 * c * a ** 3 * d / (sp.sqrt(b) * (1 - c) ** 5 * sig))
    D1 = (4 * sp.sqrt(b) / (a * (1 - c)) * f1
          + d * 2 / (a * b * sp.sqrt(b)) * inner1 * (-sp.log(nu0) + b))
    D2 = d * 2 / (a * b * sp.sqrt(b)) * inner2
    Y = 2 * sp.sqrt(b) / sp.sqrt(T) * D1 + 4 * b / T * D2 ** 2 + d * sp.sqrt(nu0 + 3 * b * sig ** 2)
    Z = D1 + 2 * D2 * sp.log(Y)
    return (("Cauchy product", T ** sp.Rational(-1, 4) * sp.sqrt(2 / sp.sqrt(b) * Z)
             * sp.sqrt(Y + Z / T)),)


THEOREM_2 = register_bound(_numeric_only(RateBound(
    id="adam_complexity/theorem-2", paper=PAPER, number="2",
    title="Adam with η = a/√T, β₂ = 1 − b/T, β₁ = cβ₂: the gap-closing rate",
    source="Theorem 2 with D₁, D₂ (l.244–248); proof Appendix D",
    measured=r"\mathbb{E}\|\nabla f(w_\tau)\|",
    params=(_T, _d, _a, _b, _c, _L, _sig, _f1, _nu0),
    terms=_theorem_2_terms(),
    hypotheses=((sp.StrictLessThan(b, T), "β₂ = 1 − b/T must lie in (0, 1) (Algorithm 1)"),),
    claimed=ClaimedRate(sp.Rational(-1, 4), 0, {},
                        "Theorem 2: the bound is O(T^{-1/4}), so C_ε(A, Δ, L, σ²) = O(1/ε⁴)"),
    latex_printed=(r"\mathbb{E}\|\nabla f(w_\tau)\| \le \frac{1}{\sqrt[4]{T}}\sqrt{\frac{2}"
                   r"{\sqrt b}(D_1 + 2D_2\ln Y)}\sqrt{Y + \frac{1}{T}(D_1 + 2D_2\ln Y)},\quad"
                   r" Y = \frac{2\sqrt b}{\sqrt T}D_1 + \frac{4b}{T}D_2^2"
                   r" + \sum_l\sqrt{\nu_{0,l}+3b\sigma^2}"),
    notes=("Scalar ν₀ for every coordinate. The schedule is built into the bound (a, b, c are "
           "the tunable constants). D₁'s last inner coefficient is 2L²ca³d/(√b(1−c)⁵σ), "
           "D₂'s is 4L²ca³d/(√b(1−c)⁵σ), as printed."),
)))
