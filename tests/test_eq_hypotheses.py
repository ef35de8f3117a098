"""Equality hypotheses decided exactly (adaproof.eq_hypotheses): an instance that satisfies
``log x = log y + log z`` exactly is admitted although its sides round differently in float64 and
at 60 digits; an instance one ulp off is rejected; equalities of inputs are compared exactly."""
import math

import mpmath
import pytest
import sympy as sp
import torch

from adaproof.checker import check
from adaproof.statement import Hypothesis, Quantity, Statement
from adaproof.verification import evaluate_batch, inputs_from_candidates, verify_candidate

x, y, z = sp.symbols("x y z", real=True)


def _rounding_differs(a, c):
    """x = y·z exactly (quarters), yet log x and log y + log z differ in float64 and in mpmath."""
    with mpmath.workdps(60):
        mp = mpmath.log(mpmath.mpf(a * c) / 16) != (mpmath.log(mpmath.mpf(a) / 4)
                                                     + mpmath.log(mpmath.mpf(c) / 4))
    return mp and math.log(a / 4 * c / 4) != math.log(a / 4) + math.log(c / 4)


PAIRS = [(a / 4, c / 4) for a in range(8, 40) for c in range(8, 40) if _rounding_differs(a, c)]
_P = torch.tensor(PAIRS, dtype=torch.float64)


def _sampler(ctx):
    k = torch.randint(0, len(PAIRS), (ctx.B,), generator=ctx.generator)
    yv, zv = _P[k, 0], _P[k, 1]
    return {"x": yv * zv, "y": yv, "z": zv}  # products of quarters: exact in float64


def _stmt(hyp, lhs=x, rhs=y + z):
    return Statement(
        id="test/eq-hypothesis", paper="test", kind="lemma", number="0", title="x <= y + z",
        section="-", family="other", latex="-",
        quantities=tuple(Quantity(n, "scalar", "> 0", n) for n in "xyz"),
        hypotheses=(Hypothesis(hyp),), lhs=lhs, rhs=rhs, sampler=_sampler,
        sizes=lambda g, p: {})


LOG = _stmt(sp.Eq(sp.log(x), sp.log(y) + sp.log(z)))


def test_the_probe_pairs_exist():
    assert len(PAIRS) > 20


@pytest.mark.parametrize("k", [0, 7, -1])
def test_an_exactly_satisfied_equality_of_logarithms_is_admitted(k):
    yv, zv = PAIRS[k]
    v = verify_candidate(LOG, {"x": yv * zv, "y": yv, "z": zv}, {})
    assert v.hypotheses_hold, v.failed_hypothesis
    assert v.violated == (yv * zv > yv + zv)


@pytest.mark.parametrize("k", [0, 7, -1])
@pytest.mark.parametrize("direction", [0.0, 100.0])
def test_an_equality_one_ulp_off_is_rejected(k, direction):
    yv, zv = PAIRS[k]
    v = verify_candidate(LOG, {"x": math.nextafter(yv * zv, direction), "y": yv, "z": zv}, {})
    assert not v.hypotheses_hold and "Eq(log(x)" in v.failed_hypothesis


def test_the_float_screen_admits_what_rounding_split():
    ev = evaluate_batch(LOG, inputs_from_candidates(
        [{"x": a * c, "y": a, "z": c} for a, c in PAIRS]), {})
    assert bool(ev.admissible.all())


def test_a_violation_under_an_equality_hypothesis_is_found_not_rejected():
    r = check(LOG, examples=64, seed=0, save=False, fresh=True)
    assert r.status == "violated", r.to_json()
    cx = r.counterexample["inputs"]
    assert cx["x"] == cx["y"] * cx["z"]


def test_equalities_of_inputs_are_exact_and_need_no_proof():
    st = _stmt(sp.Eq(x, y))
    assert verify_candidate(st, {"x": 3.0, "y": 3.0, "z": 1.0}, {}).hypotheses_hold
    off = verify_candidate(st, {"x": 3.0, "y": math.nextafter(3.0, 4.0), "z": 1.0}, {})
    assert not off.hypotheses_hold


def test_an_equality_of_irrationals_that_fails_exactly_is_rejected():
    """x = √2 read as a float64 is not √2: rejected even though the sides agree to 16 digits."""
    st = _stmt(sp.Eq(x ** 2, 2 * y))
    v = verify_candidate(st, {"x": math.sqrt(2.0), "y": 1.0, "z": 1.0}, {})
    assert not v.hypotheses_hold
    st = _stmt(sp.Eq(sp.sin(x) ** 2 + sp.cos(x) ** 2, y))  # an identity: proved by SymPy
    assert verify_candidate(st, {"x": 0.0625, "y": 1.0, "z": 1.0}, {}).hypotheses_hold


def test_negative_inputs_keep_their_sign_in_the_exact_comparison():
    """Σ p_k u_k = 0 with u = (−½, 0, ½), p = (¼, ½, ¼): the exact rational sum is 0.  mpmath's
    ``man_exp`` drops the sign, which made it ¼ and rejected every law with a negative atom."""
    import mpmath
    import sympy as sp
    from adaproof.eq_hypotheses import relation_holds_mp
    k, K = sp.symbols("k K", integer=True)
    p, u = sp.IndexedBase("p"), sp.IndexedBase("u")
    env = {"p": ([mpmath.mpf(0.25), mpmath.mpf(0.5), mpmath.mpf(0.25)], (1,)),
           "u": ([mpmath.mpf(-0.5), mpmath.mpf(0), mpmath.mpf(0.5)], (1,)), "K": 3}
    names = frozenset({"p", "u", "K"})
    assert relation_holds_mp(sp.Eq(sp.Sum(p[k] * u[k], (k, 1, K)), 0), env, {}, names)
    assert not relation_holds_mp(sp.Eq(sp.Sum(p[k] * u[k], (k, 1, K)), sp.Rational(1, 4)), env,
                                 {}, names)
