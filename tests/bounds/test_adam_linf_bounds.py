"""adam_linf Theorem 3.2: the calculator (closed form vs numeric minimiser, the paper's tuned
rate reproduced, claimed exponent vs SymPy) and the theorem attacked on diagonal quadratics."""
import math

import mpmath
import pytest

from adaproof import AdaproofInputError, lemmas
from adaproof.bounds import get_bound
from adaproof.checker import check
from adaproof.cli import main
from adaproof.verification import verify_candidate


@pytest.fixture
def thm():
    return get_bound("adam_linf/theorem-3.2")


def test_evaluate_terms_and_vectorised(thm):
    v = thm.evaluate(T=100, eta=0.1, H=2.0, Delta=1.0)
    assert v.terms == pytest.approx({"descent": 1.0 / (100 * 0.1), "smoothness": 2.0 * 0.1 / 2})
    arr = thm.evaluate(T=[10, 100, 1000], eta=0.1, H=2.0, Delta=1.0)
    assert arr.total.shape == (3,) and arr.total[0] > arr.total[1] > arr.total[2]


@pytest.mark.parametrize("T,H,Delta", [(100, 2.0, 1.0), (7, 0.3, 50.0), (10 ** 6, 40.0, 1e-3)])
def test_closed_form_tuning_reproduces_the_printed_rate_and_matches_numeric(thm, T, H, Delta):
    r = thm.tune(["eta"], T=T, H=H, Delta=Delta)
    assert r.method == "closed-form"
    # the paper: eta = sqrt(2 Delta / (T H)) gives sqrt(2 H Delta / T)
    assert r.argmin["eta"] == pytest.approx(math.sqrt(2 * Delta / (T * H)), rel=1e-12)
    assert r.value == pytest.approx(math.sqrt(2 * H * Delta / T), rel=1e-12)
    num = thm._numeric_tune(["eta"], {"T": T, "H": H, "Delta": Delta})
    assert num.value == pytest.approx(r.value, rel=1e-6)
    assert num.value >= r.value * (1 - 1e-12)


def test_complexity_and_claimed_exponent(thm):
    c = thm.complexity(0.1, tune_over=["eta"], H=2.0, Delta=1.0)
    # sqrt(2 H Delta / T) <= 0.1  <=>  T >= 2 H Delta / 0.01 = 400
    assert c.T == 400 and c.exponent == "-1/2" and c.log_power == 0 and c.agrees_with_claim
    fixed = thm.complexity(0.25, eta=0.1, H=2.0, Delta=1.0)  # 1/(0.1 T) + 0.1 <= 0.25
    assert fixed.T == math.ceil(1 / (0.1 * 0.15)) and fixed.exponent == "0"
    assert fixed.agrees_with_claim is None  # not the claimed schedule: nothing to compare


def test_bad_inputs_name_the_symbol(thm):
    with pytest.raises(AdaproofInputError, match="eta"):
        thm.evaluate(T=10, eta=-1.0, H=1.0, Delta=1.0)
    with pytest.raises(AdaproofInputError, match="needs values for Delta"):
        thm.evaluate(T=10, eta=1.0, H=1.0)
    with pytest.raises(AdaproofInputError, match="T "):
        thm.evaluate(T=2.5, eta=1.0, H=1.0, Delta=1.0)
    with pytest.raises(AdaproofInputError, match="no symbol 'beta'"):
        thm.tune(["beta"], T=10, H=1.0, Delta=1.0)
    with pytest.raises(AdaproofInputError, match="eps"):
        thm.complexity(0.0, tune_over=["eta"], H=1.0, Delta=1.0)


def test_printed_theorem_fails_on_a_quadratic_and_the_corrected_index_range_holds():
    printed = lemmas.get("adam_linf/theorem-3.2")
    r = check(printed, examples=3000, seed=0)
    assert r.status == "violated" and not r.unexpected
    ce = r.counterexample
    assert mpmath.mpf(ce["lhs"]) > mpmath.mpf(ce["rhs"])
    assert verify_candidate(printed, ce["inputs"], ce["sizes"]).violated
    fixed = lemmas.get("adam_linf/theorem-3.2@corrected")
    r2 = check(fixed, examples=3000, seed=0)
    assert r2.status == "holds" and r2.best_ratio > 0.9


def test_hand_counterexample_at_T_equal_1():
    """L = x²/2 (H = 1), x₀ = 0.01, η = 1: x₁ = −0.99, |∇L(x₁)| = 0.99 > Δ/η + Hη/2 = 0.50005."""
    printed = lemmas.get("adam_linf/theorem-3.2")
    cand = {"eta": 1.0, "h": {"start": [1], "values": [1.0]}, "c": {"start": [1], "values": [0.0]},
            "x0": {"start": [1], "values": [0.01]}}
    v = verify_candidate(printed, cand, {"T": 1, "d": 1})
    assert v.violated
    assert float(v.lhs) == pytest.approx(0.99) and float(v.rhs) == pytest.approx(0.50005)


def test_cli_rate_tune_complexity(capsys):
    import json
    assert main(["rate", "adam_linf/theorem-3.2", "T=100", "eta=0.1", "H=2", "Delta=1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["bound"] == pytest.approx(0.2)
    assert main(["tune", "adam_linf/theorem-3.2", "--over", "eta", "T=100", "H=2", "Delta=1",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["argmin"]["eta"] == pytest.approx(0.1)
    assert main(["complexity", "adam_linf/theorem-3.2", "--eps", "0.1", "--tune", "eta", "H=2",
                 "Delta=1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["T"] == 400
    assert main(["rate", "adam_linf/theorem-3.2", "T=100", "eta=oops"]) == 2


# ---------------------------------------------------------------------------------------------
# Theorems 3.5 / 3.11, Corollaries 3.6 / 3.7, Theorem D.2
# ---------------------------------------------------------------------------------------------
import numpy as np
import sympy as sp

import adaproof.bounds.adam_linf as AL


def _hand_311(T, eta, beta2, epsilon, v0, d, Delta, H, Hsq, sig1, sig2, G0):
    """Theorem 3.11's last display (Appendix C.1), by hand."""
    F = 2 * math.log(1 + (sig2 + G0 + Hsq * eta ** 2 * T * (T + 1 / (1 - beta2))) / (v0 + epsilon)) \
        + math.log(32)
    E = 2 / (eta * T) * Delta + (1 + beta2 * F / (T * (1 - beta2))) * (
        eta * H + 2 * math.sqrt(1 - beta2) * sig1)
    rest = 4 * beta2 ** (T / 4) / (T * (1 - beta2)) * d * math.sqrt(v0) + sig1 + d * math.sqrt(epsilon)
    return {"2*sqrt(2)*E": 2 * math.sqrt(2) * E,
            "sqrt(2E)*sqrt(v0, noise, eps)": math.sqrt(2 * E) * math.sqrt(rest)}


V311 = dict(T=100, eta=0.05, beta2=0.9, epsilon=1e-4, v0=0.5, d=3, Delta=2.0, H=4.0, Hsq=7.0,
            sig1=0.3, sig2=0.05, G0=1.5)


def test_theorem_3_11_terms_against_hand_computation_and_vectorised():
    v = AL.THEOREM_3_11.evaluate(**V311)
    assert v.terms == pytest.approx(_hand_311(**V311), rel=1e-12)
    arr = AL.THEOREM_3_11.evaluate(**{**V311, "eta": [0.01, 0.05, 0.2]})
    assert arr.total.shape == (3,)
    assert arr.total[1] == pytest.approx(v.total, rel=1e-12)


def test_theorem_3_5_is_theorem_3_11_at_phi_adam():
    """Φ_Adam: d_b = 1, H = ΣH_i, Σ_b H_b²d_b = ΣH_i², Σ d_bσ_b = Σσ_i, ‖·‖_Φ = ‖·‖_∞."""
    v = {k: V311[k] for k in ("T", "eta", "beta2", "epsilon", "v0", "d", "Delta")}
    a = AL.THEOREM_3_5.evaluate(**v, sumH=4.0, sumH2=7.0, sumsig=0.3, sumsig2=0.05, G0=1.5)
    b = AL.THEOREM_3_11.evaluate(**V311)
    assert float(a.total) == pytest.approx(float(b.total), rel=1e-14)
    # the noise enters E with the appendix's factor 2: doubling sumsig's √(1−β₂) part by hand
    e0 = _hand_311(**{**V311, "sig1": 0.0})
    assert float(b.total) > sum(e0.values())


def test_theorem_3_5_numeric_tuning_matches_a_grid():
    vals = dict(T=1000, beta2=0.99, epsilon=0.0, v0=1.0, d=4, Delta=1.0, sumH=1.3, sumH2=1.03,
                sumsig=0.1, sumsig2=0.01, G0=1.0)
    r = AL.THEOREM_3_5.tune(["eta"], **vals)
    grid = np.logspace(-6, 2, 4001)
    g = AL.THEOREM_3_5.evaluate(eta=grid, **vals).total
    assert r.method == "numeric" and r.value <= g.min() * (1 + 1e-9)
    assert r.value == pytest.approx(g.min(), rel=1e-4)


def test_theorem_3_11_complexity_least_T_and_fixed_eta_floor():
    """Fixed η: the bound tends to 2√2·(1 + …)ηH > 0 (exponent 0); the least T is checked."""
    v = dict(eta=0.01, beta2=0.9, epsilon=0.0, v0=1.0, d=2, Delta=1.0, H=2.0, Hsq=2.0, sig1=0.0,
             sig2=0.0, G0=1.0)
    c = AL.THEOREM_3_11.complexity(0.5, **v)
    at = lambda T: float(AL.THEOREM_3_11.evaluate(T=T, **v).total)
    assert c.T is not None and at(c.T) <= 0.5 < at(c.T - 1)
    assert c.exponent == "0" and c.agrees_with_claim is None


def _slope_exact(bound, T_exp, values, dT=4):
    """Local exponent d log(bound)/d log T between T = 10^T_exp and 10^(T_exp+dT), evaluated at
    60 digits (float64 loses 1 − β₂ = c_β log T/T for large T)."""
    e = bound.expr.subs({bound.sym(k): v for k, v in values.items()})
    at = lambda k: e.subs(AL.Ts, sp.Integer(10) ** k).evalf(60)
    return float(sp.log(at(T_exp + dT) / at(T_exp)) / sp.log(sp.Integer(10) ** dT))


def test_corollary_3_7_rate_needs_c_beta_at_least_2():
    """The v₀ term √(2E)·2β₂^{T/8}√(d√v₀/(T(1−β₂))) ~ T^{−1/4−c_β/8}(log T)^{−1/2}: c_β = 4 gives
    the claimed T^{−1/2}; c_β = 1 gives T^{−3/8}(log T)^{−1/2} (local slope −3/8 − 1/(2 ln T)).
    SymPy's order() gives (−1/2, 0) at c_β = 4 (and (−3/8, −1/2) at c_β = 1, not run: slow)."""
    v = dict(c_eta=1, c_beta=1, v0=1, d=1, Delta=1, sumH=1, sumH2=0, G0=0)
    a, lp = AL.COROLLARY_3_7.order(**{**v, "c_beta": 4})
    assert (a, lp) == (AL.COROLLARY_3_7.claimed.exponent, AL.COROLLARY_3_7.claimed.log_power)
    for k in (200, 1000):
        s1 = _slope_exact(AL.COROLLARY_3_7, k, v)
        assert s1 == pytest.approx(-3 / 8 - 1 / (2 * (k + 2) * math.log(10.0)), abs=1e-5)
        s4 = _slope_exact(AL.COROLLARY_3_7, k, {**v, "c_beta": 4})
        assert s4 == pytest.approx(float(AL.COROLLARY_3_7.claimed.exponent), abs=2e-6)


def test_corollary_3_6_printed_o_form_contradicts_its_leading_term():
    """Printed: √(Σσ_i (R/T)^{1/4}) = √Σσ_i·(R/T)^{1/8} decays like T^{−1/8}, slower than the
    term Σσ_i(log T/T)^{1/4} the paper calls leading; √(2E)·√Σσ_i gives √Σσ_i (R/T)^{1/4}."""
    forms = AL.printed_o_forms()
    T = AL.Ts
    sub = {AL.cbetas: 4, AL.D6: 1, AL.sHs: 1, AL.ds: 1, AL._v0pos.symbol: 1, AL.sss: 1}

    def order(e):
        e = e.subs(sub)
        a = sp.limit(sp.log(e) / sp.log(T), T, sp.oo)
        return a, sp.limit(sp.log(e / T ** a) / sp.log(sp.log(T)), T, sp.oo)
    assert order(forms["3.6"]) == (sp.Rational(-1, 8), 0)
    assert order(forms["3.6-as-derived"]) == (sp.Rational(-1, 4), sp.Rational(1, 4))
    assert order(forms["3.7"]) == (sp.Rational(-1, 2), 0)


def test_corollary_3_6_as_printed_fails_for_large_T():
    """1-D quadratic L = x²/2 (H = 1), L(x₀) = 10⁻⁶, ±1 noise (σ = 1): every stochastic gradient
    has E|g_t| = E|∇L(x_{t−1}) ± 1| = max(|∇L(x_{t−1})|, 1) ≥ 1 = Σσ_i, but the explicit bound
    at T = 10⁵, c_β = 10 is ≈ 0.576 < 1."""
    v = dict(T=10 ** 5, c_eta=1.0, c_beta=10.0, v0=1.0, d=1, Delta=1e-6, sumH=1.0, sumH2=1.0,
             sumsig=1.0, sumsig2=1.0, G0=2e-6)
    # the corollary's v₀ condition: v₀ > (Σσ² + ‖∇L(x₀)‖∞² + ΣH²η²)/poly(T) holds (v₀ = 1)
    bound = float(AL.COROLLARY_3_6.evaluate(**v).total)
    assert bound < 0.6
    # E|a + ξ| for ξ = ±1 w.p. 1/2 is max(|a|, 1): never below 1
    for a in (0.0, 1e-3, 0.5, 2.0):
        assert 0.5 * (abs(a + 1) + abs(a - 1)) == pytest.approx(max(abs(a), 1.0))
    assert 1.0 > bound
    fixed = AL.COROLLARY_3_6_CORRECTED
    assert fixed.variant == "corrected" and "ḡ_t" in fixed.reason
    assert float(fixed.evaluate(**v).total) == bound  # same bound, corrected measured side


def test_corollary_hypotheses_and_bad_inputs():
    with pytest.raises(AdaproofInputError, match="c_beta"):
        AL.COROLLARY_3_7.evaluate(T=10, c_eta=1, c_beta=9, v0=1, d=1, Delta=1, sumH=1, sumH2=1, G0=1)
    with pytest.raises(AdaproofInputError, match="T > 1"):
        AL.COROLLARY_3_7.evaluate(T=1, c_eta=1, c_beta=1, v0=1, d=1, Delta=1, sumH=1, sumH2=1, G0=1)
    with pytest.raises(AdaproofInputError, match="beta2"):
        AL.THEOREM_3_11.evaluate(**{**V311, "beta2": 1.0})
    with pytest.raises(AdaproofInputError, match="epsilon \\+ v0"):
        AL.THEOREM_3_11.evaluate(**{**V311, "v0": 0.0, "epsilon": 0.0})
    with pytest.raises(AdaproofInputError, match="sig1"):
        AL.THEOREM_3_11.evaluate(**{**V311, "sig1": -1.0})
    with pytest.raises(AdaproofInputError, match="needs values for Hsq"):
        AL.THEOREM_3_11.evaluate(**{k: v for k, v in V311.items() if k != "Hsq"})


def test_theorem_D_2_terms_hypothesis_and_printed_numbers():
    b = AL.THEOREM_D_2
    v = b.evaluate(n=3001, d=10, epsilon=0.5, Delta=0.5)
    c4 = math.cos(1.5 * math.pi / 4) ** 4
    assert v.terms == pytest.approx({"median window": 20 * math.exp(-3001 * 0.125),
                                     "sub-Gaussian tail": 2 * math.exp(-2 * 3001 * 0.25 * c4 / math.pi ** 2)},
                                    rel=1e-12)
    nmin = math.pi ** 3 / (2 * 0.25 * c4)
    with pytest.raises(AdaproofInputError, match="hypothesis"):
        b.evaluate(n=math.floor(nmin), d=10, epsilon=0.5, Delta=0.5)
    # at the least admissible n the second term is 2e^{-π} whatever ε, Δ
    for eps_, D in ((0.5, 0.5), (0.1, 0.9), (0.9, 0.05)):
        n0 = math.pi ** 3 / (2 * eps_ ** 2 * math.cos((1 + D) * math.pi / 4) ** 4)
        assert 2 * math.exp(-2 * n0 * eps_ ** 2 * math.cos((1 + D) * math.pi / 4) ** 4
                            / math.pi ** 2) == pytest.approx(2 * math.exp(-math.pi))
    # the paper's n = 50 (Appendix D.3) is below π³/(2ε²cos⁴((1+Δ)π/4)) > 2π³/ε² > 62 for every
    # ε, Δ ∈ (0, 1): Theorem D.2 gives no guarantee for the experiments' estimates
    assert 2 * math.pi ** 3 > 62 > 50
    with pytest.raises(AdaproofInputError, match="hypothesis"):
        b.evaluate(n=50, d=10, epsilon=0.999, Delta=1e-9)
    with pytest.raises(AdaproofInputError, match="epsilon"):
        b.evaluate(n=3001, d=10, epsilon=1.0, Delta=0.5)


def test_theorem_D_2_complexity_least_n_and_its_growth():
    b = AL.THEOREM_D_2
    at = lambda n, d, e, D: float(b.evaluate(n=n, d=d, epsilon=e, Delta=D).total)
    c = b.complexity(0.05, d=10, epsilon=0.5, Delta=0.5)
    assert at(c.T, 10, 0.5, 0.5) <= 0.05 < at(c.T - 1, 10, 0.5, 0.5)
    assert c.exponent == "-oo"  # exponential decay in n
    # δ = 0.1: the threshold n ≥ π³/(2ε²cos⁴) ≈ 2891.5 binds (the bound there is ≈ 0.086)
    c1 = b.complexity(0.1, d=10, epsilon=0.5, Delta=0.5)
    assert c1.T == math.ceil(math.pi ** 3 / (2 * 0.25 * math.cos(1.5 * math.pi / 4) ** 4)) == 2892
    with pytest.raises(AdaproofInputError, match="hypothesis"):
        at(c1.T - 1, 10, 0.5, 0.5)
    c6 = b.complexity(1e-6, d=10, epsilon=0.5, Delta=0.5)
    assert at(c6.T, 10, 0.5, 0.5) <= 1e-6 < at(c6.T - 1, 10, 0.5, 0.5)
    # n = O(ln d + ε⁻² ln(1/δ)): with Δ = 0.05 the median-window term 2d e^{−nΔ²/2} binds and
    # the least n grows by 2 ln(10⁴)/Δ² ≈ 7368 from d = 10 to d = 10⁵
    small, big = (b.complexity(1e-6, d=dd, epsilon=0.5, Delta=0.05).T for dd in (10, 10 ** 5))
    assert big - small == pytest.approx(2 * math.log(1e4) / 0.05 ** 2, abs=2)
    assert small == pytest.approx(2 * math.log(2 * 10 / 1e-6) / 0.05 ** 2, abs=2)


def test_theorem_D_2_exact_probability_d_equal_1():
    """d = 1, n odd: the estimate is a·tan(M), M the median of n i.i.d. Unif(0, π/2), and
    2M/π ~ Beta(k, k), k = (n+1)/2: the failure probability is exact."""
    from scipy.stats import beta as Beta
    b = AL.THEOREM_D_2
    for eps_, D, n in ((0.5, 0.5, 2893), (0.3, 0.3, 5001), (0.9, 0.2, 401)):
        nmin = math.pi ** 3 / (2 * eps_ ** 2 * math.cos((1 + D) * math.pi / 4) ** 4)
        n = max(n, math.ceil(nmin) | 1)
        k = (n + 1) / 2
        p = (Beta.sf(2 / math.pi * math.atan(1 + eps_), k, k)
             + Beta.cdf(2 / math.pi * math.atan(1 - eps_), k, k))
        bound = float(b.evaluate(n=n, d=1, epsilon=eps_, Delta=D).total)
        assert 0 <= p <= bound


def test_section_3_2_eta_choice_reaches_sqrt_R_over_T():
    """Section 3.2: 'the three terms involving η have a lower bound Θ(√(R/T)) reached by
    η = Θ(√(Δ/(TΣH_i)))'.  With σ = 0, ΣH_i² = 0, ‖∇L(x₀)‖ = 0 (F = ln 32) and v₀ → 0 the bound
    is 2√2(2Δ/(ηT) + KηΣH), K = 1 + β₂ ln32/(T(1−β₂)): minimum 8√(KΔΣH/T) at
    η* = √(2Δ/(TKΣH))."""
    T, b2, D, H = 10 ** 4, 0.999, 3.0, 5.0
    vals = dict(T=T, beta2=b2, epsilon=0.0, v0=1e-30, d=2, Delta=D, sumH=H, sumH2=0.0,
                sumsig=0.0, sumsig2=0.0, G0=0.0)
    K = 1 + b2 * math.log(32) / (T * (1 - b2))
    r = AL.THEOREM_3_5.tune(["eta"], **vals)
    assert r.argmin["eta"] == pytest.approx(math.sqrt(2 * D / (T * K * H)), rel=1e-4)
    # plus the (tiny) v₀ term √(2E*)·√(4β₂^{T/4}d√v₀/(T(1−β₂))), E* = 2√(2KΔΣH/T)
    Estar = 2 * math.sqrt(2 * K * D * H / T)
    v0term = math.sqrt(2 * Estar) * math.sqrt(4 * b2 ** (T / 4) * 2 * 1e-15 / (T * (1 - b2)))
    assert 0 < v0term < 1e-8
    assert r.value == pytest.approx(8 * math.sqrt(K * D * H / T) + v0term, rel=1e-10)


def test_section_3_2_beta2_choice_for_the_noise_terms():
    """Section 3.2: the two Σσ_i terms (1 + β₂F/(T(1−β₂)))·2√(1−β₂)Σσ_i are Θ(Σσ_i√(log T/T)),
    'achieved with 1 − β₂ = Θ(log T/T)' (F = Θ(log T)): the minimiser over 1 − β₂ (F frozen at
    2 ln T) is 1 − β₂ ≈ 2 ln T/T and the minimum ≈ 4√(2 ln T/T)·Σσ_i."""
    for T in (10 ** 4, 10 ** 6, 10 ** 8):
        F = 2 * math.log(T)
        b = np.logspace(-12, -0.01, 200001)  # 1 − β₂
        f = (1 + (1 - b) * F / (T * b)) * 2 * np.sqrt(b)
        k = int(np.argmin(f))
        assert b[k] == pytest.approx(F / T, rel=2e-3)
        assert f[k] == pytest.approx(4 * math.sqrt(F / T), rel=2e-3)
