"""adam_complexity Theorems 1 and 2: the bounds as printed, Section 4.1's exponent analysis
(printed optimum −3/4 vs SymPy's −1/4), C₁ as printed vs as the proof derives it."""
import math

import numpy as np
import pytest
import sympy as sp

from adaproof import AdaproofInputError
from adaproof.bounds import get_bound
from adaproof.bounds.adam_complexity import C1_CORRECTED, C1_PRINTED, section_4_1_exponents

V1 = dict(T=1000, eta=0.01, beta1=0.0, beta2=0.999, L=1.0, sigma=1.0, d=2, f1=1.0, nu0=0.01)


@pytest.fixture
def t1():
    return get_bound("adam_complexity/theorem-1")


@pytest.fixture
def t2():
    return get_bound("adam_complexity/theorem-2")


def _hand_t1(T, eta, beta2, L, sigma, d, f1, nu0):  # β₁ = 0: C₁ = (Lη²/2 + 2√(1−β₂)ησ)/(1−β₂)
    C1 = (L / 2 * eta ** 2 + 2 * math.sqrt(1 - beta2) * eta * sigma) / (1 - beta2)
    C2 = 2 / eta * (f1 + d * 2 * C1 * (math.log(1 / nu0) - T * math.log(beta2)))
    X = 12 * C2 + 2 * T * d * math.sqrt(nu0 + (3 - beta2) * sigma ** 2) + 4 * d * C1 * math.log(d * C1)
    K = 2 / eta * C1 * d * math.log(X)
    return {"sqrt(1-beta2) C2": math.sqrt(1 - beta2) * C2 / T,
            "sqrt(1-beta2) log term": math.sqrt(1 - beta2) * K / T,
            "Cauchy product": math.sqrt(C2 + K) * math.sqrt(X) / T}


def test_theorem_1_terms_against_hand_computation(t1):
    v = t1.evaluate(**V1)
    hand = _hand_t1(**{k: V1[k] for k in ("T", "eta", "beta2", "L", "sigma", "d", "f1", "nu0")})
    assert v.terms == pytest.approx(hand, rel=1e-12)
    arr = t1.evaluate(**{**V1, "eta": [1e-3, 1e-2, 1e-1]})
    assert arr.total.shape == (3,)


def test_printed_C1_applies_lemma_4_to_the_last_term_only():
    syms = {x.name: x for x in C1_PRINTED.free_symbols}
    vals = {syms["eta"]: 0.1, syms["beta1"]: 0.9, syms["beta2"]: 0.999, syms["L"]: 1,
            syms["sigma"]: 1, syms["d"]: 2}
    p, c = float(C1_PRINTED.subs(vals)), float(C1_CORRECTED.subs(vals))
    assert c > p  # (1−β₁)²/(1−β₁/√β₂)² > 1 for 0 < β₁ < β₂
    vals[syms["beta1"]] = 0
    assert float(C1_PRINTED.subs(vals)) == pytest.approx(float(C1_CORRECTED.subs(vals)), rel=1e-14)


def test_section_4_1_exponent_list_vs_printed_optimum_and_full_bound(t1):
    import dataclasses
    # at the printed optimum a = 1/2, b = 1 the list gives −1/4 (printed: Õ(T^{-3/4}))
    assert max(section_4_1_exponents(sp.Rational(1, 2), 1)) == sp.Rational(-1, 4)
    # but the list is not minimised there: a = 1/3, b = 1/96 gives −127/384 < −1/4
    assert max(section_4_1_exponents(sp.Rational(1, 3), sp.Rational(1, 96))) == sp.Rational(-127, 384)
    # and the list omits terms of the bound: at a = 1/3, b = 1/6 it says −7/24, SymPy −1/24
    a, b = sp.Rational(1, 3), sp.Rational(1, 6)
    assert max(section_4_1_exponents(a, b)) == sp.Rational(-7, 24)
    T = t1.sym("T")
    other = dataclasses.replace(t1, claimed=dataclasses.replace(
        t1.claimed, schedule={"eta": T ** -a, "beta2": 1 - T ** -b}))
    assert other.order(tune_over=["eta", "beta2"], beta1=0, L=1, sigma=1, d=1, f1=1,
                       nu0=1) == (sp.Rational(-1, 24), 0)


def test_theorem_1_order_under_schedule_vs_claim(t1):
    """The full bound under η = 1/√T, β₂ = 1 − 1/T: T^{-1/4}(log T)^{1/2}.  The printed claim is
    −3/4: a disagreement.  order() returns the log power 1/2."""
    vals = dict(beta1=0, L=1, sigma=1, d=1, f1=1, nu0=1)
    a, k = t1.order(tune_over=["eta", "beta2"], **vals)
    assert a == sp.Rational(-1, 4) and k == sp.Rational(1, 2)
    assert t1.claimed.exponent == sp.Rational(-3, 4) != a
    assert get_bound("adam_complexity/theorem-1@corrected").claimed.exponent == a
    # the log power, numerically: bound·T^{1/4}/sqrt(log T) settles
    r = [float(t1.evaluate(T=T, eta=T ** -0.5, beta2=1 - 1 / T, **vals).total)
         * T ** 0.25 / math.sqrt(math.log(T)) for T in (1e8, 1e12, 1e16)]
    assert abs(r[2] / r[1] - 1) < abs(r[1] / r[0] - 1) + 0.05 and 0.5 < r[2] / r[1] < 1.5


def test_theorem_1_numeric_tuning_matches_a_grid(t1):
    vals = {k: v for k, v in V1.items() if k != "eta"}
    r = t1.tune(["eta"], **vals)
    assert r.method == "numeric"
    grid = np.logspace(-6, 2, 4001)
    g = t1.evaluate(eta=grid, **vals).total
    assert r.value <= g.min() * (1 + 1e-9)
    assert r.value == pytest.approx(g.min(), rel=1e-4)


def test_theorem_2_order_and_complexity_agree_with_claim(t2):
    # b < 1: complexity() searches from T = 1 and the hypothesis b < T must hold there
    c = t2.complexity(3.0, a=1.0, b=0.5, c=0.0, L=1.0, sigma=1.0, d=1, f1=1.0, nu0=1.0)
    assert c.exponent == "-1/4" and c.log_power == 0 and c.agrees_with_claim
    at = lambda T: float(t2.evaluate(T=T, a=1.0, b=0.5, c=0.0, L=1.0, sigma=1.0, d=1, f1=1.0,
                                     nu0=1.0).total)
    assert c.T is not None and at(c.T) <= 3.0 < at(c.T - 1)


def test_theorem_2_tuning_over_a_and_b(t2):
    vals = dict(T=10 ** 6, c=0.5, L=1.0, sigma=1.0, d=2, f1=1.0, nu0=1.0)
    r = t2.tune(["a"], b=1.0, **vals)
    grid = np.logspace(-4, 3, 3001)
    g = t2.evaluate(a=grid, b=1.0, **vals).total
    assert r.method == "numeric" and r.value == pytest.approx(g.min(), rel=1e-4)
    assert r.value <= g.min() * (1 + 1e-9)
    rab = t2.tune(["a", "b"], **vals)
    assert rab.value <= r.value * (1 + 1e-9) and rab.argmin["b"] < vals["T"]


def test_bad_inputs_name_the_symbol(t1, t2):
    with pytest.raises(AdaproofInputError, match="beta1 < beta2"):
        t1.evaluate(**{**V1, "beta1": 0.9, "beta2": 0.5})
    with pytest.raises(AdaproofInputError, match="eta"):
        t1.evaluate(**{**V1, "eta": 0.0})
    with pytest.raises(AdaproofInputError, match="beta2"):
        t1.evaluate(**{**V1, "beta2": 1.0})
    with pytest.raises(AdaproofInputError, match="nu0"):
        t1.evaluate(**{**V1, "nu0": -1.0})
    with pytest.raises(AdaproofInputError, match="d "):
        t1.evaluate(**{**V1, "d": 1.5})
    with pytest.raises(AdaproofInputError, match="b < T"):
        t2.evaluate(T=10, a=1.0, b=20.0, c=0.0, L=1.0, sigma=1.0, d=1, f1=1.0, nu0=1.0)
    with pytest.raises(AdaproofInputError, match="no claimed schedule for L"):
        t1.order(tune_over=["L"], beta1=0, sigma=1, d=1, f1=1, nu0=1)
