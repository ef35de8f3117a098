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
    r = check(printed, 5, seed=0)
    assert r.status == "violated" and not r.unexpected
    ce = r.counterexample
    assert mpmath.mpf(ce["lhs"]) > mpmath.mpf(ce["rhs"])
    assert verify_candidate(printed, ce["inputs"], ce["sizes"]).violated
    fixed = lemmas.get("adam_linf/theorem-3.2@corrected")
    r2 = check(fixed, 5, seed=0)
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
