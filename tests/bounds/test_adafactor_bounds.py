"""adafactor Theorems A.1, B.1 (+ Proposition B.1), C.1, D.1: the bounds against hand
computations, tuning, complexity, the claimed rates / mn / ε₁ dependencies against SymPy, the
printed-vs-derived constants, the comparison with Adam, and the theorems attacked on separable
pseudo-Huber matrices (Theorem A.1 with a constant step is violated as printed)."""
import json
import math
from pathlib import Path

import mpmath
import numpy as np
import pytest
import sympy as sp
import torch

from adaproof import AdaproofInputError, lemmas
from adaproof.algorithms.adafactor import AdafactorFullBatch, ConstantBeta2
from adaproof.algorithms._core import run
from adaproof.bounds import get_bound
from adaproof.bounds import adafactor as af
from adaproof.bounds._core import get_comparison
from adaproof.checker import check
from adaproof.cli import main
from adaproof.store import load
from adaproof.verification import verify_candidate

REPO = Path(__file__).resolve().parents[2]
V = dict(T=1000, L=2.0, G=1.5, Delta=3.0, Theta=0.7, eps1=1e-3, eps2=1e-2, rho0=0.05, n=2, m=3)


def _hand_a1(T, L, G, Delta, Theta, eps1, eps2, rho0, n, m, d, sqrt_T=False, dimfree=False):
    mn = m * n
    GG = G ** 2 + mn * eps1
    A0 = max(1.0, G * math.sqrt(GG) / (d * eps1 * mn * 0.5)) / (rho0 * eps2)
    A1 = (G ** 4 + G ** 2 * (m + n) * eps1 + mn * eps1 ** 2) ** 0.25
    D = L * d ** 2 * mn * (eps2 + Theta) ** 2 * rho0 ** 2 / 2
    if dimfree:
        A1 = math.sqrt(2 * (G ** 4 / (mn * eps1) + G ** 2 + eps1))
        D = L * G ** 2 * GG * (eps2 + Theta) ** 2 * rho0 ** 2 / (2 * mn * eps1 ** 2 * 0.25)
    den = math.sqrt(T) if sqrt_T else T
    return A0 * A1 * (Delta + D * math.log(T) + D) / den


def _hand_b1(T, L, G, Delta, Theta, eps1, eps2, rho0, n, m, delta):
    mn, S = m * n, eps2 + Theta
    GG = G ** 2 + mn * eps1
    C0 = 2 * math.sqrt(2 * GG) / (rho0 * eps2)
    C1 = Delta + 24 * G ** 2 * S * rho0 / math.sqrt(eps1)
    C2 = (32 * mn * GG ** 1.5 * S * rho0 + 4 * L * mn * GG * S ** 2 * rho0 ** 2) / (max(m, n) * eps1)
    C3 = C2 / 4 * math.log(2 + 2 * G ** 2 / eps1)
    return C0, C1, C2, C3


@pytest.mark.parametrize("key,kw", [("adafactor/theorem-A.1", {}),
                                    ("adafactor/theorem-A.1-sqrt", {"sqrt_T": True}),
                                    ("adafactor/theorem-A.1-sqrt-dimfree",
                                     {"sqrt_T": True, "dimfree": True})])
@pytest.mark.parametrize("d", [0.01, 100.0])  # both branches of A₀'s max
def test_theorem_A1_against_hand_computation(key, kw, d):
    v = get_bound(key).evaluate(**V, d=d)
    assert float(v.total) == pytest.approx(_hand_a1(**V, d=d, **kw), rel=1e-12)


def test_theorem_A1_corrected_and_vectorised():
    b = get_bound("adafactor/theorem-A.1@corrected")
    v = b.evaluate(**V, d=1.0)
    mn, G, e1 = 6, V["G"], V["eps1"]
    A0 = max(1.0, G * math.sqrt(G ** 2 + mn * e1) / (1.0 * e1 * mn * 0.5)) / (V["rho0"] * V["eps2"])
    A1 = (G ** 4 + G ** 2 * 5 * e1 + mn * e1 ** 2) ** 0.25
    D = V["L"] * mn * (V["eps2"] + V["Theta"]) ** 2 * V["rho0"] ** 2 / 2
    assert v.terms["initial gap"] == pytest.approx(A0 * A1 * V["Delta"] / V["T"], rel=1e-12)
    assert v.terms["Δ² (constant step)"] == pytest.approx(A0 * A1 * D, rel=1e-12)
    # the constant-step term does not decay with T
    arr = b.evaluate(**{**V, "T": np.array([10, 10 ** 3, 10 ** 6])}, d=1.0)
    assert arr.total.shape == (3,)
    assert np.all(np.diff(arr.total) < 0) and arr.total[-1] > 0.99 * float(arr.terms["Δ² (constant step)"])
    arr2 = get_bound("adafactor/theorem-B.1-eq33").evaluate(
        **{**V, "eps1": np.array([1e-6, 1e-3, 1.0])}, delta=0.1)
    assert arr2.total.shape == (3,) and arr2.total[0] > arr2.total[1] > arr2.total[2]


def test_theorem_A1_closed_form_tuning_of_rho0():
    """bound = K(Δ/ρ₀ + qρ₀(1 + log T)): ρ₀* = √(Δ/(q(1+log T))), min = 2K√(Δq(1+log T))."""
    b = get_bound("adafactor/theorem-A.1")
    vals = {k: v for k, v in V.items() if k != "rho0"}
    r = b.tune(["rho0"], **vals, d=100.0)
    mn = V["n"] * V["m"]
    q = V["L"] * 100.0 ** 2 * mn * (V["eps2"] + V["Theta"]) ** 2 / 2
    one_log = 1 + math.log(V["T"])
    assert r.argmin["rho0"] == pytest.approx(math.sqrt(V["Delta"] / (q * one_log)), rel=1e-6)
    num = b._numeric_tune(["rho0"], {**vals, "d": 100.0})
    assert num.value == pytest.approx(r.value, rel=1e-6) and num.value >= r.value * (1 - 1e-12)
    K = _hand_a1(**{**V, "rho0": 1.0}, d=100.0) / (V["Delta"] + q * one_log)
    assert r.value == pytest.approx(2 * K * math.sqrt(V["Delta"] * q * one_log), rel=1e-9)


def test_theorem_B1_eq33_hand_and_numeric_tuning():
    b = get_bound("adafactor/theorem-B.1-eq33")
    C0, C1, C2, C3 = _hand_b1(**V, delta=0.05)
    T = V["T"]
    hand = C0 / math.sqrt(T) * (C1 * math.log(T / 0.05) + C2 * math.log(T) + C2 + C3)
    assert float(b.evaluate(**V, delta=0.05).total) == pytest.approx(hand, rel=1e-12)
    vals = {k: v for k, v in V.items() if k != "rho0"}
    r = b._numeric_tune(["rho0"], {**vals, "delta": 0.05})
    grid = np.logspace(-8, 2, 4001)
    g = b.evaluate(**vals, delta=0.05, rho0=grid).total
    assert r.value <= g.min() * (1 + 1e-9) and r.value == pytest.approx(g.min(), rel=1e-4)


def test_complexity_least_T():
    b = get_bound("adafactor/theorem-A.1-sqrt")
    vals = dict(L=1.0, G=1.0, Delta=1.0, Theta=0.0, eps1=1.0, eps2=1.0, rho0=0.5, n=2, m=2, d=1.0)
    at = lambda T: float(b.evaluate(T=T, **vals).total)
    eps = at(5000)  # the bound decreases for T > e², so the least T is 5000 (or just below)
    res = b.complexity(eps, **vals)
    assert res.T is not None and 4000 < res.T <= 5000 and at(res.T) <= eps < at(res.T - 1)
    assert res.exponent == "-1/2" and res.log_power == 1 and res.agrees_with_claim


def test_orders_against_claimed_rates():
    """Theorem 5.1/A.1: O(log T/T) printed; 6.1/B.1 and 7.1/D.1: Õ(1/T^{c−1/2})."""
    fixed = dict(L=1, G=1, Delta=1, Theta=1, eps1=1, eps2=1, rho0=1, n=2, m=2)
    a1 = get_bound("adafactor/theorem-A.1")
    assert a1.order(**fixed, d=1) == (-1, 1)
    cor = get_bound("adafactor/theorem-A.1@corrected")
    assert cor.order(**fixed, d=1) == (0, 0)  # the derived bound does not decay at fixed ρ₀
    f2 = {k: v for k, v in fixed.items() if k != "rho0"}
    assert cor.order(tune_over=["rho0"], **f2, d=1) == (sp.Rational(-1, 2), 0)
    b35 = get_bound("adafactor/theorem-B.1-eq35")
    res = b35.complexity(1e3, **fixed, delta=sp.Rational(1, 2), c=0.75)
    assert res.exponent == "-1/4" and res.claimed_exponent == "-1/4" and res.agrees_with_claim
    # (94) decays as T^{-c/2}, faster than the claimed T^{1/2-c} (its D₁ sum keeps (1−c)/2)
    b94 = get_bound("adafactor/theorem-D.1-eq94")
    assert b94.order(**fixed, delta=sp.Rational(1, 2), alpha=4, c=sp.Rational(3, 4))[0] \
        == sp.Rational(-3, 8)


def test_B1_eq33_order_is_the_optimal_rate():
    b = get_bound("adafactor/theorem-B.1-eq33")
    fixed = dict(L=1, G=1, Delta=1, Theta=1, eps1=1, eps2=1, rho0=1, n=2, m=2,
                 delta=sp.Rational(1, 2))
    assert b.order(**fixed) == (sp.Rational(-1, 2), 1)
    assert b.claimed.exponent == sp.Rational(-1, 2) and b.claimed.log_power == 1


def test_proposition_B1_is_below_theorem_B1():
    """(83)/(84) bound the sums from above: Proposition B.1 ≤ (33) at c = 1, ≤ (35) at c < 1,
    with the generalised harmonic sums evaluated exactly."""
    vals = dict(L=1.0, G=2.0, Delta=1.0, Theta=0.5, eps1=0.1, eps2=0.1, rho0=0.1, n=2, m=3,
                delta=0.1)
    Ts = np.array([1, 2, 7, 100, 5000])
    p1 = get_bound("adafactor/proposition-B.1").evaluate(T=Ts, c=1.0, **vals).total
    t33 = get_bound("adafactor/theorem-B.1-eq33").evaluate(T=Ts, **vals).total
    assert np.all(p1 <= t33 * (1 + 1e-12)) and p1[-1] > 0.9 * t33[-1]
    p75 = get_bound("adafactor/proposition-B.1").evaluate(T=Ts, c=0.75, **vals).total
    t35 = get_bound("adafactor/theorem-B.1-eq35").evaluate(T=Ts, c=0.75, **vals).total
    assert np.all(p75 <= t35 * (1 + 1e-12))
    assert af._harmonic_numeric(5000.0, 0.75) == pytest.approx(
        math.fsum(k ** -0.75 for k in range(1, 5001)), rel=1e-13)
    assert af._harmonic_numeric(10 ** 5, 0.75) == pytest.approx(
        math.fsum(k ** -0.75 for k in range(1, 10 ** 5 + 1)), rel=1e-12)


def test_mn_only_in_denominators_of_the_dimension_free_bounds():
    """Section 6.1: the bounds are free of mn. True of the dimension-free forms ((10) second
    line, (34)), which stay bounded as n = m → ∞; the first forms grow with mn."""
    base = dict(T=10 ** 4, L=1.0, G=1.0, Delta=1.0, Theta=1.0, eps1=1e-2, eps2=1e-2, rho0=0.1)
    N = np.array([2.0, 10.0, 1e3, 1e5])
    free = get_bound("adafactor/theorem-A.1-sqrt-dimfree").evaluate(**base, d=1.0, n=N, m=N).total
    first = get_bound("adafactor/theorem-A.1-sqrt").evaluate(**base, d=1.0, n=N, m=N).total
    assert np.all(np.diff(free) <= 0) and first[-1] > 1e6 * first[0]
    f34 = get_bound("adafactor/theorem-B.1-eq34@corrected").evaluate(**base, delta=0.1, n=N,
                                                                     m=N).total
    f33 = get_bound("adafactor/theorem-B.1-eq33").evaluate(**base, delta=0.1, n=N, m=N).total
    assert np.all(np.diff(f34) <= 0) and f33[-1] > 1e6 * f33[0]
    # structurally: with n = m = N the dimension-free (34) has a finite limit as N → ∞
    Nn = sp.Symbol("N", positive=True)
    b = get_bound("adafactor/theorem-B.1-eq34")
    e = b.expr.subs({b.sym(k): sp.nsimplify(v) for k, v in base.items()}).subs(
        {b.sym("n"): Nn, b.sym("m"): Nn, b.sym("delta"): sp.Rational(1, 10)})
    lim = sp.limit(e, Nn, sp.oo)
    assert lim.is_finite and lim > 0


def test_eps1_dependence_of_B1_and_D1():
    """(41)-(42): (33) is O(ε₁^{-1} log(1/ε₁)); D.1: O(ε₁^{-α} log(1/ε₁)). The printed D₁(α)
    (95) only gives ε₁^{1/2-α}; the derived one gives ε₁^{-α}."""
    vals = dict(T=100, L=1.0, G=1.0, Delta=1.0, Theta=1.0, eps2=0.1, rho0=0.1, n=2, m=2,
                delta=0.1)
    e1 = np.array([1e-60, 1e-120, 1e-180])
    b33 = get_bound("adafactor/theorem-B.1-eq33").evaluate(eps1=e1, **vals).total
    r = b33 * e1 / np.log(1 / e1)  # → a constant (slowly: the C₂ beside C₃ is 1/log smaller)
    assert 1 < r[0] / r[1] < 1.1 and 1 < r[1] / r[2] < r[0] / r[1]
    assert math.log(b33[2] / b33[1]) / math.log(1e60) == pytest.approx(1, abs=0.01)
    e1 = np.array([1e-20, 1e-30, 1e-40])
    alpha = 4.0
    slope = lambda tot: math.log(tot[2] / tot[1]) / math.log(1e10)
    pr = get_bound("adafactor/theorem-D.1-eq91").evaluate(eps1=e1, alpha=alpha, **vals).total
    co = get_bound("adafactor/theorem-D.1-eq91@corrected").evaluate(eps1=e1, alpha=alpha,
                                                                    **vals).total
    assert slope(pr) == pytest.approx(alpha - 0.5, abs=1e-3)
    assert slope(co) == pytest.approx(alpha, abs=1e-3)


def test_printed_versus_derived_constants():
    s = {x.name: x for x in af.C0P_PRINTED.free_symbols | af.D1_PRINTED.free_symbols}
    val = {s["G"]: 2, s["eps1"]: sp.Rational(1, 100), s["rho0"]: 1, s["eps2"]: 1, s["n"]: 2,
           s["m"]: 2, s["Theta"]: 0, s["alpha"]: 3}
    # C'₀: (39) prints G²/(mnε₁) + G + ε₁; Lemma B.3's algebra gives G⁴/(mnε₁) + G² + ε₁
    assert af.C0P_PRINTED.subs(val) == 2 * sp.sqrt(2 * (4 / (4 * sp.Rational(1, 100)) + 2
                                                       + sp.Rational(1, 100)))
    assert af.C0P_CORRECTED.subs(val) == 2 * sp.sqrt(2 * (16 / (4 * sp.Rational(1, 100)) + 4
                                                         + sp.Rational(1, 100)))
    assert sp.simplify(af.C0P_PRINTED.subs(s["G"], 1) - af.C0P_CORRECTED.subs(s["G"], 1)) == 0
    # D₁(α): derived / printed = 4/√ε₁
    assert sp.simplify(af.D1_CORRECTED / af.D1_PRINTED - 4 / sp.sqrt(s["eps1"])) == 0
    # (41): C₁ ~ ε₁^{-1/2}, C₂ ~ ε₁^{-1}, C₃ ~ C₂ log(1/ε₁), C₀ ~ 1 as ε₁ → 0
    e = s["eps1"]
    rest = {s["G"]: 1, s["n"]: 2, s["m"]: 3, s["rho0"]: 1, s["eps2"]: 1, s["Theta"]: 1,
            sp.Symbol("L", positive=True): 1, sp.Symbol("Delta", nonnegative=True): 1}
    assert sp.limit(af.C1.subs(rest) * sp.sqrt(e), e, 0, "+") == 24 * 2
    assert sp.limit(af.C2.subs(rest) * e, e, 0, "+") == 32 * 6 * 2 // 3 + 4 * 6 * 4 // 3
    assert sp.limit(af.C3.subs(rest) / (af.C2.subs(rest) * sp.log(1 / e)), e, 0, "+") \
        == sp.Rational(1, 4)
    assert sp.limit(af.C0.subs(rest), e, 0, "+") == 2 * sp.sqrt(2)


def test_theorem_C1_at_c_equal_1():
    vals = dict(T=100, L=1.0, G0=1.0, sigma=0.5, Delta=1.0, Theta=1.0, eps1=0.1, eps2=0.1,
                rho0=0.1, n=2, m=2, delta=0.1)
    with pytest.raises(AdaproofInputError, match="not finite"):
        get_bound("adafactor/theorem-C.1").evaluate(c=1.0, **vals)
    cor = get_bound("adafactor/theorem-C.1@corrected")
    # as σ → 0 (G' → G₀) the corrected C.1 at c = 1 is (33) without (33)'s noise term in C₁
    tiny = {**vals, "sigma": 1e-150}
    v = float(cor.evaluate(c=1.0, **tiny).total)
    b33 = get_bound("adafactor/theorem-B.1-eq33")
    bv = {k: x for k, x in tiny.items() if k not in ("G0", "sigma")}
    C0, _, _, _ = _hand_b1(**{**bv, "G": 1.0})
    noise = C0 / 10 * 24 * 1.0 * 1.1 * 0.1 / math.sqrt(0.1) * math.log(100 / 0.1)
    assert v == pytest.approx(float(b33.evaluate(G=1.0, **bv).total) - noise, rel=1e-10)
    # and c < 1 agrees with the printed one
    assert float(cor.evaluate(c=0.75, **vals).total) == pytest.approx(
        float(get_bound("adafactor/theorem-C.1").evaluate(c=0.75, **vals).total), rel=1e-12)


def test_bad_inputs_name_the_symbol():
    b = get_bound("adafactor/theorem-A.1")
    with pytest.raises(AdaproofInputError, match="eps1"):
        b.evaluate(**{**V, "eps1": 0.0}, d=1.0)
    with pytest.raises(AdaproofInputError, match="needs values for d"):
        b.evaluate(**V)
    with pytest.raises(AdaproofInputError, match="n "):
        b.evaluate(**{**V, "n": 1.5}, d=1.0)
    with pytest.raises(AdaproofInputError, match="delta"):
        get_bound("adafactor/theorem-B.1-eq33").evaluate(**V, delta=1.0)
    with pytest.raises(AdaproofInputError, match="c "):
        get_bound("adafactor/theorem-B.1-eq35").evaluate(**V, delta=0.1, c=1.0)
    with pytest.raises(AdaproofInputError, match="alpha"):
        get_bound("adafactor/theorem-D.1-eq91").evaluate(**V, delta=0.1, alpha=1.0)
    with pytest.raises(AdaproofInputError, match="m \\+ n <= m\\*n|hypothesis"):
        get_bound("adafactor/theorem-A.1-sqrt-dimfree").evaluate(**{**V, "n": 1}, d=1.0)


# ---------------------------------------------------------------------------------------------
# the theorems attacked
# ---------------------------------------------------------------------------------------------
def test_theorem_A1_constant_step_violated_as_printed_and_the_derivation_holds(monkeypatch):
    printed = lemmas.get("adafactor/theorem-A.1")
    files = sorted((REPO / "counterexamples" / "adafactor" / "theorem-A.1").glob("*.json"))
    assert files, "the stored counterexample of adafactor/theorem-A.1 is missing"
    ce = json.loads(files[0].read_text())
    # the checker's replay path on the repository's store (not written to): re-verified in mpmath
    monkeypatch.setenv("ADAPROOF_STORE", str(REPO / "counterexamples"))
    assert load(printed)
    r = check(printed, examples=1000, seed=0, save=False)
    assert r.status == "violated" and not r.unexpected and r.counterexample.get("stored")
    v = r.counterexample
    assert v["inputs"] == ce["inputs"] and mpmath.mpf(v["lhs"]) > mpmath.mpf(v["rhs"])
    cor = lemmas.get("adafactor/theorem-A.1@corrected")
    vc = verify_candidate(cor, ce["inputs"], ce["sizes"])
    assert vc.hypotheses_hold and not vc.violated
    # the same instance recomputed independently: Algorithm 2 in float64, the calculator's bound
    inp, T = ce["inputs"], ce["sizes"]["T"]
    t = lambda k: torch.tensor([inp[k]["values"]], dtype=torch.float64)
    h, z, x1, s = t("h"), t("z"), t("x1"), inp["s"]
    grad = lambda X: h * (X - z) / torch.sqrt(1 + ((X - z) / s) ** 2)
    alg = AdafactorFullBatch(rho=inp["rho0"], beta2=ConstantBeta2(inp["beta"]), eps1=inp["eps1"],
                             eps2=inp["eps2"], d=inp["dclip"])
    X = run(alg, x1, oracle=lambda X_, k: grad(X_), T=T).x[0, :T]
    gn = float(min((grad(X[k:k + 1]) ** 2).sum() for k in range(T)))
    f1 = float((h * s ** 2 * (torch.sqrt(1 + ((x1 - z) / s) ** 2) - 1)).sum())
    bound = get_bound("adafactor/theorem-A.1").evaluate(
        T=T, L=inp["L"], G=inp["G"], Delta=f1, Theta=float(X.abs().max()), eps1=inp["eps1"],
        eps2=inp["eps2"], rho0=inp["rho0"], d=inp["dclip"], n=2, m=ce["sizes"]["m"])
    assert gn == pytest.approx(float(mpmath.mpf(v["lhs"])), rel=1e-9)
    assert float(bound.total) == pytest.approx(float(mpmath.mpf(v["rhs"])), rel=1e-9)
    assert gn > 1.2 * float(bound.total)


@pytest.mark.parametrize("key,floor", [("adafactor/theorem-A.1@corrected", 1e-3),
                                       ("adafactor/theorem-A.1-sqrt", 1e-3),
                                       ("adafactor/theorem-B.1-eq33", 1e-7),
                                       ("adafactor/theorem-B.1-eq34", 1e-5),
                                       ("adafactor/theorem-D.1-eq93", 1e-7)])
def test_theorems_hold_on_their_instances(key, floor):
    r = check(lemmas.get(key), examples=2000, seed=1, save=False)
    assert r.status == "holds" and not r.unexpected and r.best_ratio > floor


# ---------------------------------------------------------------------------------------------
# Adafactor vs Adam
# ---------------------------------------------------------------------------------------------
def test_comparison_with_adam():
    comp = get_comparison("adafactor/compare-adam")
    vals = dict(T=10 ** 6, L=1.0, G=1.0, Delta=1.0, Theta=1.0, eps1=1e-2, eps2=1e-2, n=2, m=3,
                delta=0.1, nu0=1.0)
    r = comp.compare(**vals)
    b33 = get_bound("adafactor/theorem-B.1-eq33")
    ours = {k: v for k, v in vals.items() if k != "nu0"}
    rho = r.argmin_a["rho0"] * np.array([1.0, 0.9, 1.1])
    a_vals = np.sqrt(b33.evaluate(**ours, rho0=rho).total)  # A = √(33) at its tuned ρ₀
    assert r.a == pytest.approx(a_vals[0], rel=1e-12) and r.a < a_vals[1:].min()
    adam = get_bound("adam_complexity/theorem-2")
    a_ = r.argmin_b["a"] * np.array([1.0, 0.9, 1.1])  # B = Adam's Theorem 2, d = mn, σ = G
    b_vals = adam.evaluate(T=10 ** 6, d=6, b=1.0, c=0.0, L=1.0, sigma=1.0, f1=1.0, nu0=1.0,
                           a=a_).total
    assert r.b == pytest.approx(b_vals[0], rel=1e-12) and r.b < b_vals[1:].min()
    assert r.better == "b" and r.ratio == pytest.approx(r.a / r.b)
    # "as fast as Adam": the same exponent of T (−1/4 for the norm), Adafactor with √log T more
    fixed = dict(L=1, G=1, Delta=1, Theta=1, eps1=1, eps2=1, rho0=1, n=2, m=2,
                 delta=sp.Rational(1, 2))
    a_ord = get_bound("adafactor/theorem-B.1-eq33@norm").order(**fixed)
    b_ord = get_bound("adam_complexity/theorem-2").order(d=4, a=1, b=1, c=0, L=1, sigma=1,
                                                        f1=1, nu0=1)
    assert a_ord == (sp.Rational(-1, 4), sp.Rational(1, 2)) and b_ord == (sp.Rational(-1, 4), 0)


def test_cli_rate_and_compare(capsys):
    args = [f"{k}={v}" for k, v in V.items()] + ["d=1"]
    assert main(["rate", "adafactor/theorem-A.1", *args, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["bound"] == pytest.approx(_hand_a1(**V, d=1.0), rel=1e-12)
    assert main(["compare", "adafactor/compare-adam", "T=10000", "L=1", "G=1", "Delta=1",
                 "Theta=1", "eps1=0.01", "eps2=0.01", "n=2", "m=2", "delta=0.1", "nu0=1",
                 "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["better"] == "b" and res["ratio"] > 1
    assert main(["rate", "adafactor/theorem-A.1", *args[:-1], "d=-1"]) == 2
