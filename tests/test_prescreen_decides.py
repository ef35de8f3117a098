"""The ball pre-screen decides what it can prove at its first precision: an integer power of a
ball that straddles 0 is enclosed (python-flint's ``**`` gives NaN there), and a statement in
expectation does not re-parse its noise extents for every candidate."""
import pickle

import pytest
import sympy as sp

from adaproof import lemmas, prescreen
from adaproof.verification import verify_candidate

pytestmark = pytest.mark.skipif(not prescreen.available(),
                                reason="python-flint (the 'exact' extra) is not installed")

KEY = "alphaadam/corollary-3.4-var@corrected"


@pytest.mark.parametrize("k", [1, 2, 3, 4, 7])
def test_integer_power_of_a_ball_straddling_zero_is_an_enclosure(k):
    from flint import arb
    x = arb(0, 1e-40) + arb("1e-41")  # contains 0, not 0
    y = prescreen._ipow(x, k)
    assert y.is_finite()
    for probe in (-1e-40 + 1e-41, 0.0, 1e-41, 1e-40 + 1e-41):
        assert y.contains(arb(probe) ** k)
    assert prescreen._ipow(arb(0), 2).is_zero()
    assert not prescreen._ipow(arb(0, 1e-3), -2).is_finite()  # 1/0 stays undefined
    assert prescreen._ipow(arb(-1.5), 3) == arb(-1.5) ** 3


def _equal_coordinates(T):
    """A candidate of corollary-3.4-var@corrected whose law has one atom twice as far as it
    matters: on every path with xi[s,1] == xi[s,2] the left side is (0 as a ball)**2."""
    return {"u": {"start": [1], "values": [0.19256969268903779, 0.07104419462610924]},
            "p": {"start": [1], "values": [0.6875, 0.3125]},
            "beta": 0.00787070349620258, "eta": 0.8320367214238598, "v": 0.02111708063692639}


def test_a_zero_difference_squared_is_decided_at_the_first_precision():
    stmt = lemmas.get(KEY)
    sizes = {"T": 4, "K": 2}
    cand = _equal_coordinates(4)
    # at PREC alone (no retry): decided, and as mpmath decides
    d, r = prescreen._at(stmt, [cand, cand], sizes, 60, prescreen.PREC)
    assert d == [prescreen.HOLDS] * 2
    v = verify_candidate(stmt, cand, sizes)
    assert v.hypotheses_hold and not v.violated
    assert r[0] == pytest.approx(float(v.ratio), rel=1e-12)


def test_noise_extents_are_parsed_once(monkeypatch):
    from adaproof import expectation
    stmt = lemmas.get(KEY)
    expectation._extent_expr.cache_clear()
    calls = []
    real = sp.sympify
    monkeypatch.setattr(sp, "sympify", lambda *a, **k: calls.append(a) or real(*a, **k))
    for T in (2, 3, 2, 3):
        assert stmt.noise.shape({"T": T, "K": 2}) == (T, 2)
    parsed = [a[0] for a in calls if a and isinstance(a[0], str)]
    assert sorted(parsed) == sorted(set(stmt.noise.extent))  # each extent string once
