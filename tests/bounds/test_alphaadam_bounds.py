"""alphaadam Theorem 3.8 (= E.5): the explicit bound of the proof, its claimed O(log T/√T) rate,
and the corrected variant (step size kept, sum–integral bounds in the valid direction)."""
import math

import numpy as np
import sympy
import pytest

from adaproof import AdaproofInputError
from adaproof.bounds import get_bound


pytestmark = pytest.mark.usefixtures("one_torch_thread")


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
    # complexity() starts its search at T = 1, where the hypothesis T >= t0 fails: it searches
    # T only where the hypotheses allow it (T >= t0)
    kw = dict(eta=1e-3, t0=14, d=10, beta1=0.9, beta2=0.999, L=1.0, Delta=1.0)
    c = thm.complexity(0.5, **kw)
    # the least T with bound <= 0.5 (the bound decreases in T; it is ~3.3e14 here)
    assert c.T is not None and c.T >= 14 and c.agrees_with_claim
    assert float(thm.evaluate(T=c.T, **kw).total) <= 0.5
    assert float(thm.evaluate(T=c.T - 1, **kw).total) > 0.5


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


# ---------------------------------------------------------------------------------------------
# Theorem 3.8 attacked on diagonal quadratics
# ---------------------------------------------------------------------------------------------
import json  # noqa: E402
from pathlib import Path  # noqa: E402

import mpmath  # noqa: E402

from adaproof import lemmas  # noqa: E402
from adaproof.checker import check  # noqa: E402
from adaproof.verification import verify_candidate  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def _cand(eta, beta1, beta2, L, h, cstar, theta1):
    seq = lambda v: {"start": [1], "values": list(v)}  # noqa: E731
    return {"eta": eta, "beta1": beta1, "beta2": beta2, "L": L, "h": seq(h), "cstar": seq(cstar),
            "theta1": seq(theta1)}


def _run(eta, beta1, beta2, h, c, th, T):
    """Independent reference: Appendix E's AlphaAdam (ϵ = 0, η_t = η/√t) in plain floats."""
    d = len(h)
    m, v, th = [0.0] * d, [0.0] * d, list(th)
    out = []
    for t in range(1, T + 1):
        G = [h[i] * (th[i] - c[i]) for i in range(d)]
        phi = [1.0 if G[i] * m[i] > 0 else 0.0 for i in range(d)]
        out.append((sum(phi[i] * abs(G[i]) for i in range(d)), th[:]))
        m = [beta1 * m[i] + (1 - beta1) * G[i] for i in range(d)]
        v = [beta2 * v[i] + (1 - beta2) * G[i] ** 2 for i in range(d)]
        th = [th[i] - eta / math.sqrt(t) * phi[i] * m[i] / math.sqrt(v[i]) for i in range(d)]
    out.append((None, th[:]))
    return out


def _loss(h, c, th):
    return sum(h[i] / 2 * (th[i] - c[i]) ** 2 for i in range(len(h)))


def test_statement_sides_against_an_independent_run(thm, fixed):
    h, c, th1 = [2.0, 0.5], [0.3, -1.0], [1.3, 2.0]
    eta, b1, b2, T, t0 = 0.05, 0.5, 0.9, 7, 3
    cand, sizes = _cand(eta, b1, b2, 2.0, h, c, th1), {"T": T, "t0": t0, "d": 2}
    run = _run(eta, b1, b2, h, c, th1, T)
    lhs = min(run[t - 1][0] for t in range(t0, T + 1))
    delta = _loss(h, c, run[t0 - 1][1]) - _loss(h, c, run[T][1])
    for stmt, bound in ((lemmas.get("alphaadam/theorem-3.8"), thm),
                        (lemmas.get("alphaadam/theorem-3.8@corrected"), fixed)):
        v = verify_candidate(stmt, cand, sizes)
        assert v.hypotheses_hold
        assert float(v.lhs) == pytest.approx(lhs, rel=1e-12)
        rhs = bound.evaluate(T=T, t0=t0, d=2, eta=eta, beta1=b1, beta2=b2, L=2.0, Delta=delta)
        assert float(v.rhs) == pytest.approx(float(rhs.total), rel=1e-10)


def test_printed_bound_vanishes_with_eta_the_masked_gradient_does_not():
    """1-D, L = x²/2, θ₁ = 1, t₀ = T = 2: the step at t = 1 is masked (m₀ = 0), so θ₂ = 1 and
    ‖∇L₂‖_φ = 1 (m₁ = (1−β₁) > 0).  The printed bound is O(η): below 1 for η = 1e-3."""
    stmt = lemmas.get("alphaadam/theorem-3.8")
    eta, b1, b2 = 1e-3, 0.0, 0.5
    v = verify_candidate(stmt, _cand(eta, b1, b2, 1.0, [1.0], [0.0], [1.0]),
                         {"T": 2, "t0": 2, "d": 1})
    assert v.hypotheses_hold and v.violated and float(v.lhs) == pytest.approx(1.0, rel=1e-15)
    # θ₃ = θ₂ − (η/√2)·m₂/√v₂ with m₂ = 1, v₂ = (1−β₂)(1+β₂)... here β₁ = 0: m₂ = 1, v₂ = 0.75
    th3 = 1 - eta / math.sqrt(2) / math.sqrt(0.75)
    delta = 0.5 - th3 ** 2 / 2
    m1, m2 = _m(eta, 1, b1, b2, 1.0)
    hand = math.sqrt(10) / 2 * (math.log(3 / 2) * (m1 + m2) + delta) / (math.sqrt(2) - 1)
    assert float(v.rhs) == pytest.approx(hand, rel=1e-12) and hand < 0.1
    w = verify_candidate(lemmas.get("alphaadam/theorem-3.8@corrected"),
                         _cand(eta, b1, b2, 1.0, [1.0], [0.0], [1.0]), {"T": 2, "t0": 2, "d": 1})
    assert w.hypotheses_hold and not w.violated


def test_attack_printed_violated_corrected_holds():
    r = check(lemmas.get("alphaadam/theorem-3.8"), examples=2000, seed=0, fresh=True)
    assert r.status == "violated" and not r.unexpected
    ce = r.counterexample
    assert mpmath.mpf(ce["lhs"]) > mpmath.mpf(ce["rhs"])
    r2 = check(lemmas.get("alphaadam/theorem-3.8@corrected"), examples=3000, seed=0, fresh=True)
    assert r2.status == "holds" and 0.05 < r2.best_ratio < 1


def test_stored_counterexamples_replay():
    stmt = lemmas.get("alphaadam/theorem-3.8")
    files = sorted((REPO / "counterexamples" / "alphaadam" / "theorem-3.8").glob("*.json"))
    assert files
    for f in files:
        e = json.loads(f.read_text())
        v = verify_candidate(stmt, e["inputs"], e["sizes"])
        assert v.hypotheses_hold and v.violated
        assert mpmath.mpf(v.lhs) == pytest.approx(mpmath.mpf(e["lhs"]), rel=1e-30)
