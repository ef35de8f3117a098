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
* Both theorems are also registered as attackable Statements (same ids): Algorithm 1 run on
  diagonal quadratics with a two-point noise law (exact expectation), printed and corrected.
* Theorem 1 bounds the *sum* ``E Σ_{t=1}^T ‖∇f(w_t)‖``; the calculator divides both sides by T
  (every term below is the printed term over T), which is ``E‖∇f(w_r)‖`` for the output
  ``w_r``, ``r ~ Unif{1..T}``, so that ``complexity`` (bound ≤ ε) is meaningful.
"""
from __future__ import annotations

import math

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


def _theorem_1_parts(C1):
    """C₂, the argument X of the logarithm and K = 2C₁d ln X/((1−β₁)η) of bound (2)."""
    C2 = 2 / ((1 - b1) * eta) * (f1 + d * 2 * C1 * (sp.log(1 / nu0) - T * sp.log(b2)))
    X = 12 * C2 + 2 * T * d * sp.sqrt(nu0 + (3 - b2) * sig ** 2) + 4 * d * C1 * sp.log(d * C1)
    K = 2 / ((1 - b1) * eta) * C1 * d * sp.log(X)
    return C2, X, K


def _theorem_1_terms(C1):
    C2, X, K = _theorem_1_parts(C1)
    return (("sqrt(1-beta2) C2", sp.sqrt(1 - b2) * C2 / T),
            ("sqrt(1-beta2) log term", sp.sqrt(1 - b2) * K / T),
            ("Cauchy product", sp.sqrt(C2 + K) * sp.sqrt(X) / T))


_T1_PARAMS = (_T, _d, _eta, _b1, _b2, _L, _sig, _f1, _nu0)
# plain real symbol: Param.symbol gives β₁ (domain [0, 1)) positive=False, i.e. β₁ ≤ 0, and SymPy
# would evaluate β₁ < β₂ to True at construction
_T1_HYP = ((sp.StrictLessThan(sp.Symbol("beta1", real=True), b2), "0 ≤ β₁ < β₂ < 1 (Theorem 1)"),)
_NU0_LE_1 = ("ν₀ ≤ 1, used silently: the proof of Lemma 2 (Appendix C.1, l.403) bounds "
             "ln(ν_{T,l}/ν₀,l) = 2 ln(√ν_{T,l}/√ν₀,l) by 2 ln(√(ν_{T,l}+(1−β₂)σ²)/ν₀,l), i.e. "
             "replaces ln(1/ν₀) by 2 ln(1/ν₀), valid only when ln(1/ν₀) ≥ 0; C₂ inherits the 2")
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
             "full bound under the schedule (exponent −1/4, (log T)^{1/2}). Attacked as a "
             "Statement (same id): for ν₀ > 1 the printed bound can be real and below "
             "‖∇f(w₁)‖ (T = d = 1, β₁ = 0, ν₀ = 54.24: 0.252 < 1.112); the proof of Lemma 2 "
             "(l.403) doubles ln(1/ν₀), valid only for ν₀ ≤ 1 (the corrected variant's "
             "hypothesis).")

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
    params=_T1_PARAMS, terms=_theorem_1_terms(C1_CORRECTED),
    hypotheses=_T1_HYP + ((sp.LessThan(nu0, 1), _NU0_LE_1),),
    claimed=ClaimedRate(sp.Rational(-1, 4), 0, SCHEDULE_4_1,
                        "l.262: Theorem 1 under η = a/√T, β₂ = 1 − b/T gives "
                        "Õ(poly(log T)/T^{1/4}) (log power not stated)"),
    variant="corrected",
    reason=("Lemma 4's factor (1−β₁)²/(1−β₁/√β₂)² multiplies all of C₁'s bracket, not only its "
            "last term; the schedule's exponent is −1/4 (l.262), not the printed −3/4; and the "
            "proof of Lemma 2 needs ν₀ ≤ 1 (it doubles ln(1/ν₀))"),
    latex_printed=_T1_LATEX, notes=_T1_NOTES,
)))


def section_4_1_exponents(a, b):
    """The eight exponents of T printed in Section 4.1 (l.174) for η = T^{-a}, 1−β₂ = T^{-b}:
    (1/T)·E Σ‖∇f(w_t)‖ = Õ(Σ T^{e_i})."""
    a, b = sp.nsimplify(a), sp.nsimplify(b)
    return (b / 2 - 1, -2 * a + sp.Rational(3, 2) * b - 1, a - 1, -2 * a + b / 2,
            b / 4 - sp.Rational(1, 2), -a + sp.Rational(3, 4) * b - sp.Rational(1, 2),
            a / 2 - sp.Rational(1, 2), -a + b / 4)


#: Section 4.1 (l.166-181) as data.  Printed: the list ``section_4_1_exponents``; the region
#: where it is O(1); the optimum (a, b) = (1/2, 1) with rate Õ(T^{-3/4}) and complexity
#: T = Õ(ε^{-4/3}).  Derived (tests): the list at (1/2, 1) gives −1/4; its infimum over the
#: region is −1/3 (a → 1/3, b → 0⁺; not attained, b > 0), so neither the printed value nor the
#: printed argmin is the list's; the full bound (2) under η = 1/√T, 1 − β₂ = 1/T is of order
#: T^{-1/4}(log T)^{1/2}; and the list omits terms of (2) (at a = 1/3, b = 1/6 it gives −7/24,
#: the full bound −1/24).
SECTION_4_1 = {
    "exponents": section_4_1_exponents,
    "region": "0 < b/4 < a < 1 and 3b − 4a < 2 (l.176)",
    "claimed_argmin": (sp.Rational(1, 2), sp.Integer(1)),
    "claimed_exponent": sp.Rational(-3, 4),
    "claimed_complexity": sp.Rational(-4, 3),  # T = Õ(ε^{-4/3})
    "list_at_claimed_argmin": sp.Rational(-1, 4),
    "list_infimum": sp.Rational(-1, 3),
    "full_bound_order_at_claimed_argmin": (sp.Rational(-1, 4), sp.Rational(1, 2)),
}


# ---------------------------------------------------------------------------------------------
# Theorem 2 (η = a/√T, β₂ = 1 − b/T, β₁ = cβ₂), D₁ and D₂ as printed (l.246–247)
# ---------------------------------------------------------------------------------------------
_a = Param("a", "step-size constant: η = a/√T", 0, None, low_open=True)
_b = Param("b", "β₂ constant: β₂ = 1 − b/T", 0, None, low_open=True)
_c = Param("c", "momentum constant: β₁ = cβ₂", 0, 1, high_open=True)
a, b, c = (p.symbol for p in (_a, _b, _c))


def _theorem_2_parts(corrected: bool = False):
    """D₁, D₂, the logarithm's argument Y and Z = D₁ + 2D₂ ln Y of Theorem 2 (``corrected``:
    D₂ = 2d·2/(ab√b)·(D₁'s bracket), see THEOREM_2_CORRECTED)."""
    inner1 = (L * a ** 2 + 4 * a * sp.sqrt(b) * sig / (1 - c) ** 2 + 2 * a ** 2 * c / (1 - c)
              + 2 * L ** 2 * c * a ** 3 * d / (sp.sqrt(b) * (1 - c) ** 5 * sig))
    inner2 = (L * a ** 2 + 4 * a * sp.sqrt(b) * sig / (1 - c) ** 2 + 2 * a ** 2 * c / (1 - c)
              + 4 * L ** 2 * c * a ** 3 * d / (sp.sqrt(b) * (1 - c) ** 5 * sig))
    D1 = (4 * sp.sqrt(b) / (a * (1 - c)) * f1
          + d * 2 / (a * b * sp.sqrt(b)) * inner1 * (-sp.log(nu0) + b))
    D2 = d * 2 / (a * b * sp.sqrt(b)) * (2 * inner1 if corrected else inner2)
    Y = 2 * sp.sqrt(b) / sp.sqrt(T) * D1 + 4 * b / T * D2 ** 2 + d * sp.sqrt(nu0 + 3 * b * sig ** 2)
    Z = D1 + 2 * D2 * sp.log(Y)
    return D1, D2, Y, Z


_T2_REASON = ("the '=' of Appendix D (l.432) rewrites k₁·E ln ν_T (k₁: D₁'s bracket times "
              "2/(ab√b)) as k₂·E ln √ν_T, where k₂ doubles only the last coefficient; "
              "k₁ ln ν_T = 2k₁ ln √ν_T, so D₂ = d·2/(ab√b)·2·(D₁'s bracket)")


def _theorem_2_terms(corrected: bool = False):
    D1, D2, Y, Z = _theorem_2_parts(corrected)
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
           "D₂'s is 4L²ca³d/(√b(1−c)⁵σ), as printed. Attacked as a Statement (same id): with "
           "ν₀ > 1 and c ≈ 0 the printed bound can be real and below ‖∇f(w₁)‖ at T = 1 "
           "(a = 0.0525, b = 0.561, c = 0, L = 4.48, σ = 0.00325, f(w₁) = 0.00565, ν₀ = 168.8: "
           "0.049 < 0.225); see the corrected variant."),
)))

THEOREM_2_CORRECTED = register_bound(_numeric_only(RateBound(
    id="adam_complexity/theorem-2", paper=PAPER, number="2",
    title="Adam with η = a/√T, β₂ = 1 − b/T, β₁ = cβ₂: the gap-closing rate",
    source="Theorem 2 with D₂ as the proof's step l.432 gives it (Appendix D)",
    variant="corrected", reason=_T2_REASON,
    measured=r"\mathbb{E}\|\nabla f(w_\tau)\|",
    params=(_T, _d, _a, _b, _c, _L, _sig, _f1, _nu0),
    terms=_theorem_2_terms(corrected=True),
    hypotheses=((sp.StrictLessThan(b, T), "β₂ = 1 − b/T must lie in (0, 1) (Algorithm 1)"),),
    claimed=ClaimedRate(sp.Rational(-1, 4), 0, {},
                        "Theorem 2: the bound is O(T^{-1/4}), so C_ε(A, Δ, L, σ²) = O(1/ε⁴)"),
    latex_printed=(r"\mathbb{E}\|\nabla f(w_\tau)\| \le \frac{1}{\sqrt[4]{T}}\sqrt{\frac{2}"
                   r"{\sqrt b}(D_1 + 2D_2\ln Y)}\sqrt{Y + \frac{1}{T}(D_1 + 2D_2\ln Y)},\quad"
                   r" Y = \frac{2\sqrt b}{\sqrt T}D_1 + \frac{4b}{T}D_2^2"
                   r" + \sum_l\sqrt{\nu_{0,l}+3b\sigma^2}"),
    notes=("Scalar ν₀ for every coordinate. D₂ = 2d·2/(ab√b)·(La² + 4a√bσ/(1−c)² + "
           "2a²c/(1−c) + 2L²ca³d/(√b(1−c)⁵σ)): the printed D₂ doubles only the last "
           "coefficient. Same order T^{-1/4} as printed."),
)))


# ---------------------------------------------------------------------------------------------
# Comparison: Theorem 2 against Theorem 1 under Theorem 2's schedule (l.257–264)
# ---------------------------------------------------------------------------------------------
from ._core import Comparison, register_comparison  # noqa: E402

COMPARE_T2_T1 = register_comparison(Comparison(
    id="adam_complexity/compare-thm2-thm1", paper=PAPER,
    title="Theorem 2 vs Theorem 1 at η = a/√T, β₂ = 1 − b/T, β₁ = cβ₂",
    source="Section 5, 'Comparison with Theorem 1 and existing works' (l.257–264)",
    a="adam_complexity/theorem-2", b="adam_complexity/theorem-1",
    params=(_T, _d, _a, _b, _c, _L, _sig, _f1, _nu0),
    map_b={"eta": sp.Symbol("a") / sp.sqrt(sp.Symbol("T")),
           "beta2": 1 - sp.Symbol("b") / sp.Symbol("T"),
           "beta1": sp.Symbol("c") * (1 - sp.Symbol("b") / sp.Symbol("T"))},
    claim=("Theorem 2 is tighter than Theorem 1: under the same schedule Theorem 1 gives "
           "O(poly(log T)/T^{1/4}), Theorem 2 O(1/T^{1/4}) (asymptotic in T; no ratio printed)"),
    notes="A/B → 0 like (log T)^{-1/2} (Theorem 1's order under the schedule is "
          "T^{-1/4}(log T)^{1/2}); both bounds as printed.",
))

# =============================================================================================
# Theorems 1 and 2 attacked on instances (registered as Statements under the same ids)
# =============================================================================================
# The instance family: diagonal quadratics f(w) = Σ_l h_l/2 (w_l − c_l)² in d = 1, 2
# dimensions, h_l > 0, with L ≥ max_l h_l (∇f is max_l h_l-Lipschitz in ℓ₂: Assumption 1),
# f ≥ 0 and inf f = 0 (so f(w₁) is the Δ of Definition 2).  The oracle is
# g_t = ∇f(w_t) + e·(ξ_t − μ), ξ_t i.i.d. from a two-point law (u₁, u₂; p₁, p₂), μ = Σ p_k u_k:
# unbiased, E‖g_t − ∇f(w_t)‖² = ‖e‖² Σ_k p_k (u_k − μ)² ≤ σ² (Assumption 2).  e = 0 (about
# half of the candidates) is the deterministic oracle, which lies in 𝔇(σ²) for every σ > 0.
# The expectation over ξ₁..ξ_T is exact (2^T paths, T ≤ 8).
import torch  # noqa: E402

from ..algorithms.adam_complexity import AdamComplexity  # noqa: E402
from ..expectation import NoiseSpec  # noqa: E402
from ..registry import register  # noqa: E402
from ..sampling import choose, log_uniform, unit_interval  # noqa: E402
from ..statement import Hypothesis, Quantity, Recurrence, SampleContext, Statement, \
    TrajectorySource  # noqa: E402
from ..symbolic import SeqValue  # noqa: E402

_t, _l, _k = sp.symbols("t l k", integer=True)
_R = {n: sp.Symbol(n, real=True) for n in ("eta", "beta1", "beta2", "L", "sigma", "nu0",
                                            "a", "b", "c")}
_h, _cc, _w1, _e, _u, _p, _xi, _w, _m, _nu = (sp.IndexedBase(n) for n in (
    "h", "cstar", "w1", "e", "u", "p", "xi", "w", "m", "nu"))
_MU = _p[1] * _u[1] + _p[2] * _u[2]
_VAR = _p[1] * (_u[1] - _MU) ** 2 + _p[2] * (_u[2] - _MU) ** 2
#: f(w₁) of the instance, with sequences SymPy knows are positive / real, so that it knows the
#: bound's logarithms and roots are of reals (its running-error scale then stays conjugate-free)
_F1 = sp.Sum(sp.IndexedBase("h", positive=True)[_l] / 2
             * (sp.IndexedBase("w1", real=True)[_l] - sp.IndexedBase("cstar", real=True)[_l]) ** 2,
             (_l, 1, d))
_GRAD = lambda tt: _h[_l] * (_w[tt, _l] - _cc[_l])  # noqa: E731  ∇_l f(w_t)
_ORACLE = lambda tt: _GRAD(tt) + _e[_l] * (_xi[tt] - _MU)  # noqa: E731  g_{t,l}
#: (1/T) Σ_{t=1}^T ‖∇f(w_t)‖₂ on one noise path (the checker takes E over the paths); it is
#: E‖∇f(w_r)‖ for the output w_r, r ~ Unif{1..T}, of Algorithm 1
_LHS = sp.Sum(sp.sqrt(sp.Sum(_GRAD(_t) ** 2, (_l, 1, d))), (_t, 1, T)) / T


def _stmt_expr(e):
    """A bound's expression with f(w₁) replaced by the instance's f(w₁).  The bound's own
    symbols (positive or nonnegative, as their domains say) are kept: the evaluators look symbols
    up by name, the statement's hypotheses enforce those domains, and with real symbols SymPy
    cannot tell that √(ν₀ + 3bσ²) is real (its running-error scale then holds conjugate())."""
    return e.subs(sp.Symbol("f1", nonnegative=True), _F1)


def _instance_sizes(gen: torch.Generator, preset: str) -> dict:
    Topt = {"smoke": (1, 2, 3, 4), "default": (1, 2, 3, 4, 6), "deep": (1, 2, 3, 4, 6, 8)}
    return {"T": choose(gen, Topt.get(preset, Topt["default"])), "d": choose(gen, (1, 2))}


def _instance_inputs(ctx: SampleContext) -> dict:
    """h_l log-uniform in [1e-2, 1e2]; c ~ N(0, 1); w₁ = c + offset (1e-3 to 10); L = max h
    (half the time) or up to 10× more; the two-point law with dyadic p₁ = k/16 (so p₁ + p₂ = 1
    exactly); e = 0 (deterministic) for half the candidates; σ = ‖e‖·sd(ξ)·(1 + 2⁻⁴⁰)·[1, 10]
    (σ log-uniform in [1e-3, 10] when e = 0)."""
    B, dn = ctx.B, ctx.sizes["d"]
    hv = log_uniform(ctx, 1e-2, 1e2, dn)
    cv = ctx.randn(B, dn)
    w1v = cv + ctx.randn(B, dn) * log_uniform(ctx, 1e-3, 10.0).unsqueeze(1)
    hmax = hv.max(1).values
    Lv = torch.where(ctx.rand(B) < 0.5, hmax, hmax * log_uniform(ctx, 1.0, 10.0))
    u = ctx.randn(B, 2) * log_uniform(ctx, 1e-2, 10.0).unsqueeze(1)
    p1 = ctx.randint(1, 16, B).to(ctx.dtype) / 16
    p = torch.stack([p1, 1 - p1], 1)
    det = ctx.rand(B) < 0.5
    ev = torch.where(det.unsqueeze(1),
                     torch.zeros(B, dn, dtype=ctx.dtype, device=ctx.device), ctx.randn(B, dn))
    mu = (p * u).sum(1, keepdim=True)
    need = torch.sqrt(((p * (u - mu) ** 2).sum(1)) * (ev ** 2).sum(1)) * (1 + 2 ** -40)
    sig = torch.where(det | (need == 0), log_uniform(ctx, 1e-3, 10.0),
                      need * log_uniform(ctx, 1.0, 10.0))
    return {"L": Lv, "sigma": sig, "h": SeqValue(hv, (1,)), "cstar": SeqValue(cv, (1,)),
            "w1": SeqValue(w1v, (1,)), "e": SeqValue(ev, (1,)), "u": SeqValue(u, (1,)),
            "p": SeqValue(p, (1,))}


def _bound_np(bound: RateBound, **vals):
    """The bound at NumPy arrays (NaN where undefined), for samplers that seek its edge."""
    import numpy as np
    tot = 0.0
    with np.errstate(all="ignore"):
        for _, syms, f in bound._compiled():
            tot = tot + f(*[np.asarray(vals[s.name], dtype=float) for s in syms])
    return tot


def _f1_of(inp) -> torch.Tensor:
    return (inp["h"].data / 2 * (inp["w1"].data - inp["cstar"].data) ** 2).sum(1)


def _edge_nu0(ctx, bound, inp, lo, hi, **vals) -> torch.Tensor:
    """Per candidate, the ν₀ on a log grid over [lo, hi] where the bound is smallest (the edge
    of the region where the printed expression is real); NaN everywhere gives hi."""
    import numpy as np
    grid = np.logspace(np.log10(lo), np.log10(hi), 241)
    cols = {k: (v.cpu().numpy()[:, None] if isinstance(v, torch.Tensor) else v)
            for k, v in vals.items()}
    tot = _bound_np(bound, nu0=grid[None, :], f1=_f1_of(inp).cpu().numpy()[:, None],
                    L=inp["L"].cpu().numpy()[:, None], sigma=inp["sigma"].cpu().numpy()[:, None],
                    d=ctx.sizes["d"], T=ctx.sizes["T"], **cols)
    ok = np.isfinite(tot) & (tot > 0)
    tot = np.where(ok, tot, np.inf)
    i = np.argmin(tot, axis=1)
    lo, hi = np.log(grid[i]), np.log(grid[np.minimum(i + 1, grid.size - 1)])
    # where the next grid point leaves the domain, bisect towards the edge: there C₂ + K → 0
    # (Theorem 1) and the bound → 0
    rows = np.arange(len(i))
    edge = (i + 1 < grid.size) & ~ok[rows, np.minimum(i + 1, grid.size - 1)] & ok[rows, i]
    scal = {k: (v[:, 0] if isinstance(v, np.ndarray) and v.ndim == 2 else v)
            for k, v in cols.items()}
    base = dict(f1=_f1_of(inp).cpu().numpy(), L=inp["L"].cpu().numpy(),
                sigma=inp["sigma"].cpu().numpy(), d=ctx.sizes["d"], T=ctx.sizes["T"], **scal)
    for _ in range(60):
        mid = (lo + hi) / 2
        v = _bound_np(bound, nu0=np.exp(mid), **base)
        good = np.isfinite(v) & (v > 0)
        lo, hi = np.where(edge & good, mid, lo), np.where(edge & ~good, mid, hi)
    return torch.as_tensor(np.exp(lo), dtype=ctx.dtype).to(ctx.device)


def _quantities(hyper: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    return hyper + (
        Quantity("L", "scalar", "> 0", "smoothness constant L ≥ max_l h_l (Assumption 1)"),
        Quantity("sigma", "scalar", "> 0", "variance bound σ (Assumption 2)"),
        Quantity("nu0", "scalar", "> 0", "initial conditioner ν₀ (the same in every coordinate)"),
        Quantity("T", "size", ">= 1", "number of iterations"),
        Quantity("d", "size", ">= 1", "dimension"),
        Quantity("h", "sequence", "> 0", "curvatures of f = Σ h_l/2 (w_l − c_l)²", (1,), ("d",)),
        Quantity("cstar", "sequence", "R", "minimiser c of f", (1,), ("d",)),
        Quantity("w1", "sequence", "R", "initial point w₁", (1,), ("d",)),
        Quantity("e", "sequence", "R", "noise direction (e = 0: deterministic oracle)",
                 (1,), ("d",)),
        Quantity("u", "sequence", "R", "support of the two-point noise law", (1,), ("2",)),
        Quantity("p", "sequence", "(0, 1)", "probabilities of the noise law", (1,), ("2",)),
        Quantity("xi", "sequence", "law (u, p)", "noise draws ξ_t", (1,), ("T",)),
        Quantity("w", "trajectory", "R", "iterates w_t of Algorithm 1", (1, 1), ("T + 1", "d")),
        Quantity("m", "trajectory", "R", "momentum m_t", (0, 1), ("T", "d")),
        Quantity("nu", "trajectory", "> 0", "conditioner ν_t", (0, 1), ("T", "d")),
    )


_INSTANCE_HYP = (
    Hypothesis(sp.StrictGreaterThan(_h[_l], 0), forall=((_l, 1, d),), note="f is convex quadratic"),
    Hypothesis(sp.GreaterThan(_R["L"], _h[_l]), forall=((_l, 1, d),),
               note="Assumption 1: ∇f is L-Lipschitz (‖∇²f‖₂ = max_l h_l ≤ L)"),
    Hypothesis(sp.StrictGreaterThan(_R["sigma"], 0), note="σ > 0 (C₁ divides by σ)"),
    Hypothesis(sp.GreaterThan(_R["sigma"] ** 2, sp.Sum(_e[_l] ** 2, (_l, 1, d)) * _VAR),
               note="Assumption 2: E‖g − ∇f‖² = ‖e‖² Var ξ ≤ σ²"),
    Hypothesis(sp.StrictGreaterThan(_p[1], 0), note="a two-point law"),
    Hypothesis(sp.StrictGreaterThan(_p[2], 0), note="a two-point law"),
    Hypothesis(sp.Eq(_p[1] + _p[2], 1), note="probabilities (dyadic, so exact in floats); the "
                                            "oracle subtracts μ = Σp_k u_k: unbiased"),
    Hypothesis(sp.StrictGreaterThan(_R["nu0"], 0), note="Algorithm 1: ν₀ ∈ ℝ⁺"),
)


def _oracle_of(env):
    hv, cv, ev = env["h"].data, env["cstar"].data, env["e"].data
    u, p = env["u"].data, env["p"].data
    mu = (p * u).sum(1, keepdim=True)
    xi = env["xi"].data
    return lambda x, tt: hv * (x - cv) + ev * (xi[:, tt - 1:tt] - mu)


def _recurrences(eta_, b1_, b2_):
    return (
        Recurrence("w", _t, 2, _w1[_l],
                   _w[_t - 1, _l] - eta_ * _m[_t - 1, _l] / sp.sqrt(_nu[_t - 1, _l])),
        Recurrence("nu", _t, 1, _R["nu0"], b2_ * _nu[_t - 1, _l] + (1 - b2_) * _ORACLE(_t) ** 2),
        Recurrence("m", _t, 1, sp.Integer(0), b1_ * _m[_t - 1, _l] + (1 - b1_) * _ORACLE(_t)),
    )


_READ = {"x": ("w", (1, 1)), "m": ("m", (0, 1)), "nu": ("nu", (0, 1))}
_NOISE = NoiseSpec("xi", "u", "p", (1,), ("T",))

# -- Theorem 1 ---------------------------------------------------------------------------------
_T1_HYPER = (Quantity("eta", "scalar", "> 0", "learning rate η"),
             Quantity("beta1", "scalar", "[0, 1)", "momentum parameter β₁"),
             Quantity("beta2", "scalar", "(0, 1)", "conditioner parameter β₂"))


def _t1_sampler(variant: str):
    def sampler(ctx: SampleContext) -> dict:
        """η log-uniform in [1e-3, 10]; β₁ < β₂ sorted from unit_interval (β₁ = 0 a quarter of
        the time); ν₀: printed — log-uniform in [1e-6, 1e4] or, for a third of the candidates,
        the grid point of [1, 1e4] where the printed bound is smallest (the edge of its domain);
        corrected — log-uniform in [1e-6, 1] or exactly 1."""
        inp = _instance_inputs(ctx)
        B = ctx.B
        a, b_ = unit_interval(ctx, closed_low=True), unit_interval(ctx)
        b1v, b2v = torch.minimum(a, b_), torch.maximum(a, b_)
        b1v = torch.where(b1v >= b2v, b2v * ctx.rand(B), b1v)
        b1v = torch.where(ctx.rand(B) < 0.25, torch.zeros_like(b1v), b1v)
        etav = log_uniform(ctx, 1e-3, 10.0)
        if variant == "printed":
            nu = log_uniform(ctx, 1e-6, 1e4)
            edge = _edge_nu0(ctx, THEOREM_1, inp, 1.0, 1e4, eta=etav, beta1=b1v, beta2=b2v)
            nu = torch.where(ctx.rand(B) < 1 / 3, edge, nu)
        else:
            nu = torch.where(ctx.rand(B) < 1 / 3,
                             torch.ones(B, dtype=ctx.dtype, device=ctx.device),
                             log_uniform(ctx, 1e-6, 1.0))
        return {**inp, "eta": etav, "beta1": b1v, "beta2": b2v, "nu0": nu}
    return sampler


def _t1_build(env):
    alg = AdamComplexity(lr=env["eta"], beta1=env["beta1"], beta2=env["beta2"],
                         nu0=env["nu0"], m0=0.0)
    return alg, {"x0": env["w1"].data, "T": env["T"], "oracle": _oracle_of(env)}


def _theorem_1_statement(variant: str) -> Statement:
    C1 = C1_PRINTED if variant == "printed" else C1_CORRECTED
    bound = THEOREM_1 if variant == "printed" else THEOREM_1_CORRECTED
    C2, X, K = (_stmt_expr(x) for x in _theorem_1_parts(C1))
    eta_, b1_, b2_ = _R["eta"], _R["beta1"], _R["beta2"]
    hyp = (Hypothesis(sp.StrictGreaterThan(eta_, 0), note="Algorithm 1: η > 0"),
           Hypothesis(sp.And(sp.GreaterThan(b1_, 0), sp.StrictLessThan(b1_, b2_),
                             sp.StrictLessThan(b2_, 1)), note="Theorem 1: 0 ≤ β₁ < β₂ < 1"),
           *_INSTANCE_HYP,
           Hypothesis(sp.StrictGreaterThan(X, 0), silent=True,
                      note="the printed bound is real: the argument X of its logarithm is > 0"),
           Hypothesis(sp.StrictGreaterThan(C2 + K, 0), silent=True,
                      note="the printed bound is real: its square root's argument C₂ + K > 0"))
    if variant != "printed":
        hyp += (Hypothesis(sp.LessThan(_R["nu0"], 1), silent=True, note=_NU0_LE_1),)
    return Statement(
        id="adam_complexity/theorem-1", paper=PAPER, kind="theorem", number="1",
        title="Adam under Assumptions 1-2, on diagonal quadratics with a two-point noise law",
        section="4, Appendix C", family="rate", variant=variant,
        reason="" if variant == "printed" else (
            "the proof of Lemma 2 replaces ln(1/ν₀) by 2 ln(1/ν₀) (needs ν₀ ≤ 1); C₁ with "
            "Lemma 4's factor on the whole bracket"),
        latex=_T1_LATEX, quantities=_quantities(_T1_HYPER), hypotheses=hyp,
        lhs=_LHS, rhs=_stmt_expr(bound.expr),
        sampler=_t1_sampler(variant), sizes=_instance_sizes,
        trajectory=TrajectorySource(build=_t1_build, read=_READ, series=("m", "nu")),
        recurrences=_recurrences(eta_, b1_, b2_), noise=_NOISE,
        expected="violated" if variant == "printed" else "holds",
        source="Theorem 1, eq. (2) (divided by T); attacked on diagonal quadratics, d ≤ 2, "
               "T ≤ 6 (8 with the deep preset), exact expectation over a two-point noise law",
        notes=("Instance family: f = Σ h_l/2 (w_l − c_l)² (Assumption 1 with L ≥ max h_l, "
               "f ≥ 0, inf f = 0), unbiased oracle with E‖g − ∇f‖² ≤ σ² (Assumption 2), "
               "deterministic when e = 0; m₀ = 0, scalar ν₀; the measured norm is ℓ₂ as printed "
               "(the proof bounds the larger ℓ₁). Printed: for ν₀ > 1 the bound can be real and "
               "below ‖∇f(w₁)‖ already at T = 1."),
    )


THEOREM_1_STATEMENT = register(_theorem_1_statement("printed"))
THEOREM_1_STATEMENT_CORRECTED = register(_theorem_1_statement("corrected"))

# -- Theorem 2 ---------------------------------------------------------------------------------
_T2_HYPER = (Quantity("a", "scalar", "> 0", "step-size constant: η = a/√T"),
             Quantity("b", "scalar", "(0, T)", "β₂ constant: β₂ = 1 − b/T"),
             Quantity("omc", "scalar", "(0, 1]", "1 − c, with c ∈ [0, 1) the momentum constant "
                                                 "β₁ = cβ₂ (given as 1 − c so that SymPy knows "
                                                 "1 − c > 0)"))


def _t2_sampler(ctx: SampleContext) -> dict:
    """a log-uniform in [1e-3, 10]; b = T·U with U from unit_interval (so 0 < b < T); c from
    unit_interval (0 a quarter of the time); ν₀: log-uniform in [1e-6, 1e4] or, for a third,
    the grid point of [1e-6, 1e4] where the bound is smallest."""
    inp = _instance_inputs(ctx)
    B, Tn = ctx.B, ctx.sizes["T"]
    av = log_uniform(ctx, 1e-3, 10.0)
    bv = Tn * unit_interval(ctx)
    omc = 1 - unit_interval(ctx, closed_low=True)  # in (0, 1]
    omc = torch.where(ctx.rand(B) < 0.25, torch.ones_like(omc), omc)
    nu = log_uniform(ctx, 1e-6, 1e4)
    edge = _edge_nu0(ctx, THEOREM_2, inp, 1e-6, 1e4, a=av, b=bv, c=1 - omc)
    nu = torch.where(ctx.rand(B) < 1 / 3, edge, nu)
    return {**inp, "a": av, "b": bv, "omc": omc, "nu0": nu}


def _t2_build(env):
    Tn = env["T"]
    b2v = 1 - env["b"] / Tn
    alg = AdamComplexity(lr=env["a"] / math.sqrt(Tn), beta1=(1 - env["omc"]) * b2v, beta2=b2v,
                         nu0=env["nu0"], m0=0.0)
    return alg, {"x0": env["w1"].data, "T": Tn, "oracle": _oracle_of(env)}


def _theorem_2_statement(variant: str) -> Statement:
    corrected = variant != "printed"
    bound = THEOREM_2_CORRECTED if corrected else THEOREM_2
    omc_ = sp.Symbol("omc", real=True)
    to_omc = {sp.Symbol("c", nonnegative=True): 1 - sp.Symbol("omc", positive=True)}
    D1, D2, Y, Z = (_stmt_expr(x).subs(to_omc) for x in _theorem_2_parts(corrected))
    a_, b_, c_ = _R["a"], _R["b"], 1 - omc_
    b2_ = 1 - b_ / T
    hyp = (Hypothesis(sp.StrictGreaterThan(a_, 0), note="Theorem 2: a > 0"),
           Hypothesis(sp.And(sp.StrictGreaterThan(b_, 0), sp.StrictLessThan(b_, T)),
                      note="Theorem 2: b > 0; β₂ = 1 − b/T ∈ (0, 1) (Algorithm 1)"),
           Hypothesis(sp.And(sp.StrictGreaterThan(omc_, 0), sp.LessThan(omc_, 1)),
                      note="Theorem 2: 0 ≤ c < 1 (c = 1 − omc)"),
           *_INSTANCE_HYP,
           Hypothesis(sp.StrictGreaterThan(Y, 0), silent=True,
                      note="the printed bound is real: the argument Y of its logarithm is > 0"),
           Hypothesis(sp.StrictGreaterThan(Z, 0), silent=True,
                      note="the printed bound is real: Z = D₁ + 2D₂ ln Y > 0"))
    return Statement(
        id="adam_complexity/theorem-2", paper=PAPER, kind="theorem", number="2",
        title="Adam with η = a/√T, β₂ = 1 − b/T, β₁ = cβ₂, on diagonal quadratics with noise",
        section="5, Appendix D", family="rate", variant=variant,
        reason=_T2_REASON if corrected else "",
        latex=THEOREM_2.latex_printed, quantities=_quantities(_T2_HYPER), hypotheses=hyp,
        lhs=_LHS, rhs=_stmt_expr(bound.expr).subs(to_omc),
        sampler=_t2_sampler, sizes=_instance_sizes,
        trajectory=TrajectorySource(build=_t2_build, read=_READ, series=("m", "nu")),
        recurrences=_recurrences(a_ / sp.sqrt(T), c_ * b2_, b2_), noise=_NOISE,
        expected="holds" if corrected else "violated",
        source="Theorem 2; attacked on diagonal quadratics, d ≤ 2, T ≤ 6 (8 with the deep preset), exact expectation "
               "over a two-point noise law",
        notes=("The same instance family as Theorem 1 (Assumptions 1-2 hold exactly); "
               "E‖∇f(w_τ)‖ = (1/T) Σ_t E‖∇f(w_t)‖₂ for τ ~ Unif{1..T}. Printed: with ν₀ > 1 "
               "(so ν_T > 1) the bound can be real and below ‖∇f(w₁)‖ at T = 1 (Z → 0⁺)."),
    )


THEOREM_2_STATEMENT = register(_theorem_2_statement("printed"))
THEOREM_2_STATEMENT_CORRECTED = register(_theorem_2_statement("corrected"))
