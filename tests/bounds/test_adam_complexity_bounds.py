"""adam_complexity Theorems 1 and 2: the bounds as printed, Section 4.1's exponent analysis
(printed optimum −3/4 vs SymPy's −1/4), C₁ as printed vs as the proof derives it."""
import math

import numpy as np
import pytest
import sympy as sp

from adaproof import AdaproofInputError
from adaproof.bounds import get_bound
from adaproof.bounds.adam_complexity import C1_CORRECTED, C1_PRINTED, SECTION_4_1, \
    section_4_1_exponents


pytestmark = pytest.mark.usefixtures("one_torch_thread")


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


def _hand_C1(eta, beta1, beta2, L, sigma, d, corrected=False):
    """C₁ of l.154 by hand (β₁ > 0: every term of the bracket enters)."""
    r = math.sqrt(beta2)
    lemma4 = (1 - beta1) ** 2 / (1 - beta1 / r) ** 2
    first = (L / 2 * eta ** 2 + 2 * math.sqrt(1 - beta2) / (1 - beta1) ** 2 * eta * sigma
             + eta ** 2 * beta1 / (r * (1 - beta1 / r)))
    last = (L ** 2 * beta1 * eta ** 3 * (1 - beta1)
            / (beta2 * math.sqrt(1 - beta2) * (1 - beta1 ** 2 / beta2) * (1 - beta1 / beta2) ** 2)
            * d / sigma)
    return ((first + last) * lemma4 if corrected else first + last * lemma4) / (1 - beta2)


def test_theorem_1_terms_with_momentum_against_hand_computation(t1):
    """β₁ ≠ 0 (the test above has β₁ = 0, where C₁'s β₁ terms and C₂'s 1/(1 − β₁) vanish)."""
    v = dict(T=50, eta=0.05, beta1=0.6, beta2=0.95, L=2.0, sigma=0.7, d=3, f1=1.5, nu0=0.2)
    for bound, corrected in ((t1, False), (get_bound("adam_complexity/theorem-1@corrected"), True)):
        C1 = _hand_C1(v["eta"], v["beta1"], v["beta2"], v["L"], v["sigma"], v["d"], corrected)
        c = 2 / ((1 - v["beta1"]) * v["eta"])
        C2 = c * (v["f1"] + v["d"] * 2 * C1 * (math.log(1 / v["nu0"]) - v["T"] * math.log(v["beta2"])))
        X = (12 * C2 + 2 * v["T"] * v["d"] * math.sqrt(v["nu0"] + (3 - v["beta2"]) * v["sigma"] ** 2)
             + 4 * v["d"] * C1 * math.log(v["d"] * C1))
        K = c * C1 * v["d"] * math.log(X)
        hand = {"sqrt(1-beta2) C2": math.sqrt(1 - v["beta2"]) * C2 / v["T"],
                "sqrt(1-beta2) log term": math.sqrt(1 - v["beta2"]) * K / v["T"],
                "Cauchy product": math.sqrt(C2 + K) * math.sqrt(X) / v["T"]}
        assert bound.evaluate(**v).terms == pytest.approx(hand, rel=1e-12)
    syms = {x.name: x for x in C1_PRINTED.free_symbols}
    sub = {syms[k]: v[k] for k in ("eta", "beta1", "beta2", "L", "sigma", "d")}
    assert float(C1_PRINTED.subs(sub)) == pytest.approx(
        _hand_C1(*(v[k] for k in ("eta", "beta1", "beta2", "L", "sigma", "d"))), rel=1e-13)


def test_printed_C1_applies_lemma_4_to_the_last_term_only():
    syms = {x.name: x for x in C1_PRINTED.free_symbols}
    vals = {syms["eta"]: 0.1, syms["beta1"]: 0.9, syms["beta2"]: 0.999, syms["L"]: 1,
            syms["sigma"]: 1, syms["d"]: 2}
    p, c = float(C1_PRINTED.subs(vals)), float(C1_CORRECTED.subs(vals))
    assert c > p  # (1−β₁)²/(1−β₁/√β₂)² > 1 for 0 < β₁ < β₂
    vals[syms["beta1"]] = 0
    assert float(C1_PRINTED.subs(vals)) == pytest.approx(float(C1_CORRECTED.subs(vals)), rel=1e-14)


def test_section_4_1_exponent_list_vs_printed_optimum_and_full_bound(t1):
    # at the printed optimum a = 1/2, b = 1 the list gives −1/4 (printed: Õ(T^{-3/4}))
    assert max(section_4_1_exponents(sp.Rational(1, 2), 1)) == sp.Rational(-1, 4)
    # but the list is not minimised there: a = 1/3, b = 1/96 gives −127/384 < −1/4
    assert max(section_4_1_exponents(sp.Rational(1, 3), sp.Rational(1, 96))) == sp.Rational(-127, 384)
    # and the list omits terms of the bound: at a = 1/3, b = 1/6 it says −7/24, SymPy −1/24
    a, b = sp.Rational(1, 3), sp.Rational(1, 6)
    assert max(section_4_1_exponents(a, b)) == sp.Rational(-7, 24)
    # the full bound's local slope d log(bound)/d log T under η = T^{-1/3}, 1 − β₂ = T^{-1/6}
    # rises towards −1/24 (SymPy's order; computing it costs ~25 s, so the slope is checked):
    # far above the list's −7/24
    B = lambda T: float(t1.evaluate(T=T, eta=T ** (-1 / 3), beta2=1 - T ** (-1 / 6), beta1=0,  # noqa: E731
                                    L=1, sigma=1, d=1, f1=1, nu0=1).total)
    slopes = [math.log(B(y) / B(x)) / math.log(y / x) for x, y in ((1e8, 1e12), (1e12, 1e16),
                                                                   (1e16, 1e20))]
    assert slopes[0] < slopes[1] < slopes[2] < -1 / 24
    assert slopes[0] > -0.1 > float(max(section_4_1_exponents(a, b)))


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


# ---------------------------------------------------------------------------------------------
# Section 4.1 as data: the printed exponent list, its printed region and printed optimum
# ---------------------------------------------------------------------------------------------
def test_section_4_1_list_is_the_printed_O_tilde_expression_divided_by_T():
    """Re-derive the list from the display of l.171 (the Õ form of eq. (2)) with η = T^{-a},
    1 − β₂ = T^{-b}: each of its nine terms, divided by T, is T^{e} for an e in the list (the
    term 1/√(1−β₂) gives b/2 − 1, as does no other: the list is exactly these exponents)."""
    a, b, Ts = sp.symbols("a b T", positive=True)
    eta, om = Ts ** -a, Ts ** -b  # om = 1 − β₂
    printed = [1 / sp.sqrt(om), eta ** 2 / om ** sp.Rational(3, 2), 1 / eta,
               eta ** 2 * Ts / sp.sqrt(om), sp.sqrt(Ts) / om ** sp.Rational(1, 4),
               eta * sp.sqrt(Ts) / om ** sp.Rational(3, 4), sp.sqrt(Ts) / sp.sqrt(eta),
               Ts * om ** sp.Rational(1, 4), eta * Ts / om ** sp.Rational(1, 4)]
    derived = {sp.simplify(sp.expand_log(sp.log(x / Ts), force=True) / sp.log(Ts)) for x in printed}
    listed = {sp.simplify(e) for e in section_4_1_exponents(a, b)}
    # T^{a-1}·(1/η) and T^{-2a+b/2}·(η²T/√(1−β₂)) etc.: the list holds 8 of the 9 exponents;
    # the 9th, (1/T)·η²T/(1−β₂)^{1/2} = T^{-2a+b/2}, coincides with a listed one
    assert listed <= derived and len(derived - listed) <= 1


def test_section_4_1_printed_convergence_region():
    """l.175-176: the list is o(1) iff 0 < b/4 < a < 1 and 3b − 4a < 2 (checked on a grid of
    rationals with b > 0)."""
    for a in [sp.Rational(k, 12) for k in range(1, 16)]:
        for b in [sp.Rational(k, 8) for k in range(1, 24)]:
            inside = (b / 4 < a < 1) and (3 * b - 4 * a < 2)
            assert (max(section_4_1_exponents(a, b)) < 0) == inside, (a, b)


def test_section_4_1_printed_optimum_is_not_the_lists_minimum():
    """Printed (l.177): min is T^{-3/4} at a = 1/2, b = 1.  The list gives −1/4 there, and a
    linear program over (a, b, z) (minimise z subject to every listed exponent ≤ z) finds the
    infimum −1/3, approached as a → 1/3, b → 0⁺: −3/4 is reached nowhere."""
    from scipy.optimize import linprog
    a, b = sp.symbols("a b")
    rows, rhs = [], []
    for e in section_4_1_exponents(a, b):
        e = sp.expand(e)
        rows.append([float(e.coeff(a)), float(e.coeff(b)), -1.0])
        rhs.append(-float(e.subs({a: 0, b: 0})))
    r = linprog([0, 0, 1], A_ub=rows, b_ub=rhs, bounds=[(0, None), (0, None), (None, None)])
    assert r.status == 0 and r.fun == pytest.approx(-1 / 3, abs=1e-9)
    assert r.x[0] == pytest.approx(1 / 3, abs=1e-9) and r.x[1] == pytest.approx(0, abs=1e-9)
    assert max(section_4_1_exponents(sp.Rational(1, 2), 1)) == sp.Rational(-1, 4)
    assert SECTION_4_1["claimed_exponent"] == sp.Rational(-3, 4) < r.fun
    assert SECTION_4_1["claimed_complexity"] == 1 / SECTION_4_1["claimed_exponent"]


# ---------------------------------------------------------------------------------------------
# Theorems 1 and 2 attacked on instances
# ---------------------------------------------------------------------------------------------
import json  # noqa: E402
from pathlib import Path  # noqa: E402

import mpmath  # noqa: E402

from adaproof import lemmas  # noqa: E402
from adaproof.checker import check  # noqa: E402
from adaproof.verification import verify_candidate  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def _cand(T, d, h, cstar, w1, e, u, p, sigma, L, nu0, **hyper):
    seq = lambda v: {"start": [1], "values": list(v)}  # noqa: E731
    return {**hyper, "L": L, "sigma": sigma, "nu0": nu0, "h": seq(h), "cstar": seq(cstar),
            "w1": seq(w1), "e": seq(e), "u": seq(u), "p": seq(p)}, {"T": T, "d": d}


def _adam_expectation(T, h, c, w1, e, u, p, eta, beta1, beta2, nu0):
    """Independent reference: Algorithm 1 in plain floats on every noise path (d = 1)."""
    import itertools
    mu = p[0] * u[0] + p[1] * u[1]
    total = 0.0
    for path in itertools.product((0, 1), repeat=T):
        w, m, nu, acc, prob = w1, 0.0, nu0, 0.0, 1.0
        for k in path:
            G = h * (w - c)
            acc += abs(G)
            g = G + e * (u[k] - mu)
            nu = beta2 * nu + (1 - beta2) * g * g
            m = beta1 * m + (1 - beta1) * g
            w = w - eta * m / math.sqrt(nu)
            prob *= p[k]
        total += prob * acc / T
    return total


def test_theorem_1_statement_sides_against_an_independent_enumeration(t1):
    stmt = lemmas.get("adam_complexity/theorem-1@corrected")
    hyper = dict(eta=0.3, beta1=0.5, beta2=0.9)
    cand, sizes = _cand(2, 1, [2.0], [0.5], [1.5], [1.0], [1.0, -3.0], [0.75, 0.25],
                        sigma=2.0, L=3.0, nu0=0.25, **hyper)  # Var ξ = 3, σ² = 4 ≥ 3
    v = verify_candidate(stmt, cand, sizes)
    assert v.hypotheses_hold and not v.violated
    ref = _adam_expectation(2, 2.0, 0.5, 1.5, 1.0, [1.0, -3.0], [0.75, 0.25], nu0=0.25, **hyper)
    assert float(v.lhs) == pytest.approx(ref, rel=1e-12)
    fixed = get_bound("adam_complexity/theorem-1@corrected")
    rhs = fixed.evaluate(T=2, d=1, L=3.0, sigma=2.0, nu0=0.25, f1=2.0 / 2 * 1.0 ** 2, **hyper)
    assert float(v.rhs) == pytest.approx(float(rhs.total), rel=1e-12)


def test_theorem_1_printed_fails_for_nu0_above_1_at_T_equal_1(t1):
    """Deterministic, T = d = 1, β₁ = 0, f = h/2 w²: the left side is ‖∇f(w₁)‖ = √(2hf(w₁));
    with ν₀ = 54.24 > 1 the printed bound is real and 4.4× smaller.  The same input is outside
    the corrected variant (ν₀ ≤ 1: Lemma 2's proof doubles ln(1/ν₀))."""
    h, f1 = 28.095429939299656, 0.02201415208187216
    w1 = math.sqrt(2 * f1 / h)
    hyper = dict(eta=0.016468111164184982, beta1=0.0, beta2=0.2668548185947303)
    vals = dict(sigma=0.007756469330857219, L=h, nu0=54.23986263909554)
    cand, sizes = _cand(1, 1, [h], [0.0], [w1], [0.0], [1.0, -1.0], [0.5, 0.5], **vals, **hyper)
    v = verify_candidate(lemmas.get("adam_complexity/theorem-1"), cand, sizes)
    assert v.hypotheses_hold and v.violated
    assert float(v.lhs) == pytest.approx(math.sqrt(2 * h * f1), rel=1e-12)
    bound = float(t1.evaluate(T=1, d=1, f1=f1, **vals, **hyper).total)
    assert float(v.rhs) == pytest.approx(bound, rel=1e-9) and bound < float(v.lhs) / 4
    w = verify_candidate(lemmas.get("adam_complexity/theorem-1@corrected"), cand, sizes)
    assert not w.hypotheses_hold and "nu0" in w.failed_hypothesis
    with pytest.raises(AdaproofInputError, match="nu0 <= 1"):
        get_bound("adam_complexity/theorem-1@corrected").evaluate(T=1, d=1, f1=f1, **vals,
                                                                   **hyper)


def _replay_repo(key, monkeypatch):
    """The checker's replay path on the repository's stored counterexamples (not written to)."""
    monkeypatch.setenv("ADAPROOF_STORE", str(REPO / "counterexamples"))
    return check(lemmas.get(key), examples=1000, seed=0, save=False)


def test_theorem_1_attack_printed_violated_corrected_holds(monkeypatch):
    r = check(lemmas.get("adam_complexity/theorem-1"), examples=1000, seed=0, batch=64, fresh=True,
              save=False)
    assert r.status == "violated" and not r.unexpected
    ce = r.counterexample
    assert ce["verification"] == "mpmath-enumeration"
    assert mpmath.mpf(ce["lhs"]) > mpmath.mpf(ce["rhs"]) and ce["inputs"]["nu0"] > 1
    fixed = lemmas.get("adam_complexity/theorem-1@corrected")
    r2 = check(fixed, examples=1000, seed=0, batch=64, fresh=True, save=False)
    assert r2.status == "holds" and r2.expectation == "exact-enumeration"
    assert 1e-4 < r2.best_ratio < 1
    r3 = _replay_repo("adam_complexity/theorem-1", monkeypatch)
    assert r3.status == "violated" and r3.counterexample.get("stored")


def test_theorem_1_stored_counterexamples_replay():
    stmt = lemmas.get("adam_complexity/theorem-1")
    files = sorted((REPO / "counterexamples" / "adam_complexity" / "theorem-1").glob("*.json"))
    assert files
    for f in files:
        e = json.loads(f.read_text())
        v = verify_candidate(stmt, e["inputs"], e["sizes"])
        assert v.hypotheses_hold and v.violated and e["inputs"]["nu0"] > 1
        assert mpmath.mpf(v.lhs) == pytest.approx(mpmath.mpf(e["lhs"]), rel=1e-30)


def test_theorem_2_attack_printed_violated_corrected_holds(monkeypatch):
    """The printed violation needs ν₀ > 1 near the edge Z → 0⁺ with c ≈ 0: the random search
    found it within 60 s (seed 0); here the stored one replays through the checker."""
    r = _replay_repo("adam_complexity/theorem-2", monkeypatch)
    assert r.status == "violated" and not r.unexpected and r.counterexample["inputs"]["nu0"] > 1
    monkeypatch.delenv("ADAPROOF_STORE")
    r2 = check(lemmas.get("adam_complexity/theorem-2@corrected"), examples=1000, seed=0, batch=64,
               fresh=True, save=False)
    assert r2.status == "holds" and r2.expectation == "exact-enumeration"
    assert 1e-4 < r2.best_ratio < 1


def test_theorem_2_stored_counterexamples_replay():
    stmt = lemmas.get("adam_complexity/theorem-2")
    files = sorted((REPO / "counterexamples" / "adam_complexity" / "theorem-2").glob("*.json"))
    assert files
    for f in files:
        e = json.loads(f.read_text())
        v = verify_candidate(stmt, e["inputs"], e["sizes"])
        assert v.hypotheses_hold and v.violated and e["inputs"]["nu0"] > 1
        w = verify_candidate(lemmas.get("adam_complexity/theorem-2@corrected"), e["inputs"],
                             e["sizes"])
        assert w.hypotheses_hold and not w.violated


def test_theorem_2_printed_fails_at_T_equal_1_and_corrected_D2_is_doubled(t2):
    """Deterministic, T = d = 1, c = 0: ‖∇f(w₁)‖ = √(2Lf(w₁)) = 0.225 but the printed bound is
    0.049 (ν₀ = 168.8).  The corrected D₂ is d·2/(ab√b)·2·(D₁'s bracket): with c = 0 exactly
    twice the printed D₂."""
    v = dict(T=1, d=1, a=0.05246417598652915, b=0.5608046751687755, c=0.0,
             L=4.480698367702499, sigma=0.003250371217424439, f1=0.005647732162567059,
             nu0=168.80952193263246)
    lhs = math.sqrt(2 * v["L"] * v["f1"])
    assert float(t2.evaluate(**v).total) < lhs / 4
    fixed = get_bound("adam_complexity/theorem-2@corrected")
    assert float(fixed.evaluate(**v).total) > lhs
    from adaproof.bounds.adam_complexity import _theorem_2_parts
    D2p, D2c = _theorem_2_parts(False)[1], _theorem_2_parts(True)[1]
    sub = {t2.sym(k): x for k, x in v.items() if k in {s.name for s in D2p.free_symbols}}
    assert float(D2c.subs(sub)) == pytest.approx(2 * float(D2p.subs(sub)), rel=1e-13)
    sub[t2.sym("c")] = 0.5  # c > 0: the last coefficient is already doubled in print
    assert float(D2p.subs(sub)) < float(D2c.subs(sub)) < 2 * float(D2p.subs(sub))
    assert fixed.order(a=1.0, b=0.5, c=0.0, L=1.0, sigma=1.0, d=1, f1=1.0,
                       nu0=1.0) == (sp.Rational(-1, 4), 0)


def test_theorem_2_statement_rhs_is_the_calculator():
    stmt = lemmas.get("adam_complexity/theorem-2")
    hyper = dict(a=0.7, b=0.5, c=0.5)
    cand, sizes = _cand(2, 1, [2.0], [0.5], [1.5], [1.0], [1.0, -3.0], [0.75, 0.25],
                        sigma=2.0, L=3.0, nu0=0.25, a=0.7, b=0.5, omc=0.5)
    v = verify_candidate(stmt, cand, sizes)
    assert v.hypotheses_hold and not v.violated
    b2 = 1 - 0.5 / 2
    ref = _adam_expectation(2, 2.0, 0.5, 1.5, 1.0, [1.0, -3.0], [0.75, 0.25], eta=0.7 / math.sqrt(2),
                            beta1=0.5 * b2, beta2=b2, nu0=0.25)
    assert float(v.lhs) == pytest.approx(ref, rel=1e-12)
    rhs = get_bound("adam_complexity/theorem-2").evaluate(T=2, d=1, L=3.0, sigma=2.0, nu0=0.25,
                                                          f1=1.0, **hyper)
    assert float(v.rhs) == pytest.approx(float(rhs.total), rel=1e-12)
    w = verify_candidate(lemmas.get("adam_complexity/theorem-2@corrected"), cand, sizes)
    rhs2 = get_bound("adam_complexity/theorem-2@corrected").evaluate(
        T=2, d=1, L=3.0, sigma=2.0, nu0=0.25, f1=1.0, **hyper)
    assert float(w.rhs) == pytest.approx(float(rhs2.total), rel=1e-12)


# ---------------------------------------------------------------------------------------------
# Comparison: Theorem 2 vs Theorem 1 under Theorem 2's schedule
# ---------------------------------------------------------------------------------------------
CMP = dict(d=2, a=1.0, b=1.0, c=0.5, L=1.0, sigma=1.0, f1=1.0, nu0=1.0)


def test_compare_theorem_2_with_theorem_1_hand_and_claimed_regime(t1, t2):
    from adaproof.bounds._core import get_comparison
    c = get_comparison("adam_complexity/compare-thm2-thm1")
    T = 10 ** 4
    r = c.compare(T=T, **CMP)
    b2 = 1 - CMP["b"] / T
    hand_b = float(t1.evaluate(T=T, eta=CMP["a"] / math.sqrt(T), beta2=b2, beta1=CMP["c"] * b2,
                               **{k: CMP[k] for k in ("d", "L", "sigma", "f1", "nu0")}).total)
    hand_a = float(t2.evaluate(T=T, **CMP).total)
    assert r.a == pytest.approx(hand_a, rel=1e-12) and r.b == pytest.approx(hand_b, rel=1e-12)
    # the paper's claim "Theorem 2 is tighter" holds only asymptotically: at these constants
    # Theorem 2's bound is larger up to T ≈ 2.46e8
    assert r.ratio > 6 and r.better == "b"
    below = c.compare(T=246_000_000, **CMP).ratio
    above = c.compare(T=247_000_000, **CMP).ratio
    assert below > 1 > above
    Ts = (10 ** 11, 10 ** 13, 10 ** 15)  # (β₂ = 1 − 1/T must stay below 1 in float64)
    ratios = [c.compare(T=T, **CMP).ratio for T in Ts]
    assert ratios[0] > ratios[1] > ratios[2] and ratios[0] < 1
    # A/B ~ C/√(log T): ratio·√(log T) settles
    s = [q * math.sqrt(math.log(T)) for q, T in zip(ratios, Ts)]
    assert abs(s[2] / s[1] - 1) < abs(s[1] / s[0] - 1) + 0.05
