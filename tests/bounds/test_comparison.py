"""The comparison of two bounds on one problem (``Comparison``, ``adaproof compare``), on a
pair whose answer is known in closed form: Theorem 3.2 against itself with a doubled smoothness
constant. Tuned, the bounds are √(2HΔ/T) and √(4HΔ/T), so A/B = 1/√2 whatever T, H, Δ."""
import json
import math

import pytest
import sympy as sp

from adaproof import AdaproofInputError
from adaproof.bounds import Comparison, Param, get_bound
from adaproof.bounds._core import _COMPARISONS, register_comparison
from adaproof.cli import main

_H = Param("H", "smoothness", 0, None, low_open=True)
_T = Param("T", "steps", 1, None, integer=True)
_D = Param("Delta", "suboptimality", 0, None, low_open=True)
_eta = Param("eta", "step size", 0, None, low_open=True)


def _cmp(tuned: bool) -> Comparison:
    H = _H.symbol
    return Comparison(
        id="test/compare-doubled-H", paper="adam_linf", title="3.2 vs 3.2 at 2H", source="test",
        a="adam_linf/theorem-3.2", b="adam_linf/theorem-3.2",
        params=(_H, _T, _D) + (() if tuned else (_eta,)), map_b={"H": 2 * H},
        tune_a=("eta",) if tuned else (), tune_b=("eta",) if tuned else (),
        claim="A/B = 1/√2 tuned", claimed_ratio=sp.Integer(1) / sp.sqrt(2) if tuned else None)


@pytest.mark.parametrize("T,H,Delta", [(100, 2.0, 1.0), (7, 0.3, 50.0)])
def test_tuned_ratio_is_one_over_sqrt_two(T, H, Delta):
    r = _cmp(True).compare(T=T, H=H, Delta=Delta)
    assert r.ratio == pytest.approx(1 / math.sqrt(2), rel=1e-9)
    assert r.claimed_ratio == pytest.approx(1 / math.sqrt(2), rel=1e-15)
    assert r.better == "a"
    assert r.a == pytest.approx(math.sqrt(2 * H * Delta / T), rel=1e-9)
    assert r.argmin_b["eta"] == pytest.approx(math.sqrt(2 * Delta / (T * 2 * H)), rel=1e-9)


def test_untuned_ratio_expression_and_value():
    c = _cmp(False)
    H, T, D, eta = (p.symbol for p in (_H, _T, _D, _eta))
    want = (D / (T * eta) + H * eta / 2) / (D / (T * eta) + H * eta)
    assert sp.simplify(c.ratio_expr() - want) == 0
    r = c.compare(H=1.0, T=10, Delta=1.0, eta=0.5)
    assert r.ratio == pytest.approx((0.2 + 0.25) / (0.2 + 0.5), rel=1e-14)


def test_bad_values_name_the_symbol():
    with pytest.raises(AdaproofInputError, match="H "):
        _cmp(True).compare(T=10, H=-1.0, Delta=1.0)
    with pytest.raises(AdaproofInputError, match="needs a value for Delta"):
        _cmp(True).compare(T=10, H=1.0)
    with pytest.raises(AdaproofInputError, match="no symbol 'L'"):
        _cmp(True).compare(T=10, H=1.0, Delta=1.0, L=2.0)


def test_cli_compare_json(capsys):
    c = _cmp(True)
    register_comparison(c)
    try:
        assert main(["compare", c.id, "T=100", "H=2", "Delta=1", "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["ratio"] == pytest.approx(1 / math.sqrt(2), rel=1e-9) and out["better"] == "a"
        assert main(["show", c.id]) == 0
        assert "A/B" in capsys.readouterr().out
        assert main(["compare", "test/nope"]) == 2
    finally:
        _COMPARISONS.pop(c.id, None)


def test_a_claimed_exponent_that_depends_on_a_symbol_is_compared_at_its_value():
    from adaproof.bounds import ClaimedRate, RateBound
    T = Param("T", "steps", 1, None, integer=True)
    c = Param("c", "decay exponent", 0.5, 1)
    Ts, cs = T.symbol, c.symbol

    def bound(claim):
        return RateBound(id="test/c-rate", paper="adafactor", number="0", title="toy",
                         source="test", measured="-", params=(T, c),
                         terms=(("main", Ts ** (sp.Rational(1, 2) - cs)),),
                         claimed=ClaimedRate(claim, 0, {}, "T^{1/2-c}"))
    good = bound(sp.Rational(1, 2) - cs).complexity(0.1, c=0.75)
    assert good.claimed_exponent == "-1/4" and good.exponent == "-1/4" and good.agrees_with_claim
    assert good.T == 10 ** 4  # T^{-1/4} <= 0.1
    bad = bound(sp.Rational(1, 2) - 2 * cs).complexity(0.1, c=0.75)
    assert bad.claimed_exponent == "-1" and bad.agrees_with_claim is False
