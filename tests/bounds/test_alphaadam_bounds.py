"""alphaadam Theorem 3.8 (= E.5): the explicit bound of the proof, its claimed O(log T/√T) rate,
and the corrected variant (step size kept, sum–integral bounds in the valid direction)."""
import math

import numpy as np
import sympy
import pytest

from adaproof import AdaproofInputError
from adaproof.bounds import get_bound

V = dict(T=10000, t0=14, d=10, beta1=0.9, beta2=0.999, L=1.0, Delta=1.0)


@pytest.fixture
def thm():
    return get_bound("alphaadam/theorem-3.8")


@pytest.fixture
def fixed():
    return get_bound("alphaadam/theorem-3.8@corrected")


def _m(eta, d, b1, b2, L):
    om = eta * L * math.sqrt(d) * (1 - b1) / (math.sqrt(1 - b2) * (1 - b1 / math.sqrt(b2)))
    m1 = 4 * math.sqrt(2) * om * d * (1 / (1 - b2) + 2 * b1 / (1 - b1)) * (
        1 / math.sqrt(10) + (1 - b1) / (math.sqrt(1 - b2) * (1 - b1 / math.sqrt(b2))))
    m2 = eta ** 2 * L * d / (2 * (1 - b2)) * (1 - b1) ** 2 / (1 - b1 / math.sqrt(b2)) ** 2
    return m1, m2


def test_evaluate_each_term_against_hand_computation(thm, fixed):
    eta, T, t0 = 1e-3, V["T"], V["t0"]
    m1, m2 = _m(eta, V["d"], V["beta1"], V["beta2"], V["L"])
    den = math.sqrt(T) - math.sqrt(t0 - 1)
    v = thm.evaluate(eta=eta, **V)
    assert v.terms["log term"] == pytest.approx(math.sqrt(10) / 2 * math.log((T + 1) / t0)
                                                * (m1 + m2) / den, rel=1e-12)
    assert v.terms["initial gap"] == pytest.approx(math.sqrt(10) / 2 / den, rel=1e-12)
    w = fixed.evaluate(eta=eta, **V)
    den2 = math.sqrt(T + 1) - math.sqrt(t0)
    assert w.terms["log term"] == pytest.approx(math.sqrt(10) / 2 * math.log(T / (t0 - 1))
                                                * (m1 + m2 / eta) / den2, rel=1e-12)
    assert w.terms["initial gap"] == pytest.approx(math.sqrt(10) / 2 / eta / den2, rel=1e-12)
    arr = thm.evaluate(eta=eta, **{**V, "T": [100, 10 ** 4, 10 ** 6]})
    assert arr.total.shape == (3,) and arr.total[0] > arr.total[1] > arr.total[2]


def test_the_proofs_sum_integral_steps_fail_at_T_equal_t0_equal_2():
    # Σ_{t=2}^{2} 1/t = 0.5 > log(3/2); Σ_{t=2}^{2} 1/√t = 0.7071 < 2(√2 − 1) = 0.8284
    assert 0.5 > math.log(3 / 2)
    assert 1 / math.sqrt(2) < 2 * (math.sqrt(2) - 1)
    # the corrected replacements hold on a range of (t0, T)
    for t0 in (2, 5, 14):
        for T in (t0, t0 + 1, 100, 5000):
            ts = np.arange(t0, T + 1)
            assert (1 / ts).sum() <= math.log(T / (t0 - 1))
            assert (1 / np.sqrt(ts)).sum() >= 2 * (math.sqrt(T + 1) - math.sqrt(t0))


def test_printed_bound_is_minimised_by_eta_to_zero(thm):
    """Printed: (M₁+M₂) ∝ η, η² and the Δ term carries no 1/η, so the infimum over η is the
    η-free Δ term — the step-size trade-off is lost (the finding behind the corrected variant)."""
    r = thm.tune(["eta"], **V)
    assert r.method == "numeric" and r.argmin["eta"] < 1e-12
    gap = math.sqrt(10) / 2 / (math.sqrt(V["T"]) - math.sqrt(V["t0"] - 1))
    assert r.value == pytest.approx(gap, rel=1e-6)


@pytest.mark.parametrize("T,beta1,t0", [(10000, 0.9, 14), (500, 0.0, 2), (10 ** 6, 0.5, 3)])
def test_corrected_closed_form_optimum_matches_numeric_minimiser(fixed, T, beta1, t0):
    vals = {**V, "T": T, "beta1": beta1, "t0": t0}
    m1, m2 = _m(1.0, vals["d"], beta1, vals["beta2"], vals["L"])  # M₁ = m1·η, M₂/η = m2·η
    A = math.sqrt(10) / 2 / (math.sqrt(T + 1) - math.sqrt(t0))
    k = A * math.log(T / (t0 - 1)) * (m1 + m2)
    eta_star = math.sqrt(A * vals["Delta"] / k)  # minimiser of k·η + A·Δ/η
    best = 2 * math.sqrt(k * A * vals["Delta"])
    assert float(fixed.evaluate(eta=eta_star, **vals).total) == pytest.approx(best, rel=1e-12)
    num = fixed._numeric_tune(["eta"], vals)
    assert num.value == pytest.approx(best, rel=1e-6) and num.value >= best * (1 - 1e-12)
    assert num.argmin["eta"] == pytest.approx(eta_star, rel=1e-3)
    r = fixed.tune(["eta"], **vals)
    assert r.method == "numeric" and r.value == pytest.approx(best, rel=1e-6)


def test_claimed_exponent_and_complexity(thm):
    import sympy as sp
    a, k = thm.order(eta=1e-3, t0=14, d=10, beta1=0.9, beta2=0.999, L=1.0, Delta=1.0)
    assert (a, k) == (sp.Rational(-1, 2), 1) == (thm.claimed.exponent, thm.claimed.log_power)
    # complexity() starts its search at T = 1, where the hypothesis T >= t0 fails: it refuses
    # complexity searches T only where the hypotheses allow it (T >= t0)
    c = thm.complexity(0.5, eta=1e-3, t0=14, d=10, beta1=0.9, beta2=0.999, L=1.0, Delta=1.0)
    assert c.T is None or c.T >= 14
    if c.T is not None:
        assert float(thm.evaluate(T=c.T, eta=1e-3, t0=14, d=10, beta1=0.9, beta2=0.999, L=1.0,
                                  Delta=1.0).total) <= 0.5


def test_corrected_variant_has_the_same_order(fixed):
    assert fixed.order(eta=1e-3, t0=14, d=10, beta1=0.9, beta2=0.999, L=1, Delta=1) == (sympy.Rational(-1, 2), 1)


def test_bad_inputs_name_the_symbol(thm):
    with pytest.raises(AdaproofInputError, match="eta"):
        thm.evaluate(eta=-1.0, **V)
    with pytest.raises(AdaproofInputError, match=r"beta1\*\*t0"):
        thm.evaluate(eta=1e-3, **{**V, "t0": 2})
    with pytest.raises(AdaproofInputError, match="beta1 < sqrt"):
        thm.evaluate(eta=1e-3, **{**V, "beta1": 0.99, "beta2": 0.5, "t0": 200})
    with pytest.raises(AdaproofInputError, match="T >= t0"):
        thm.evaluate(eta=1e-3, **{**V, "T": 10})
    with pytest.raises(AdaproofInputError, match="beta2"):
        thm.evaluate(eta=1e-3, **{**V, "beta2": 1.0})
    with pytest.raises(AdaproofInputError, match="needs values for Delta"):
        thm.evaluate(eta=1e-3, **{k: v for k, v in V.items() if k != "Delta"})
