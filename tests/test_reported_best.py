"""The best ratio reported for a statement that holds: a float best above the known supremum
is a rounding artefact, re-evaluated exactly, and the larger of its exact ratio and the best
candidate within the supremum is reported (never the artefact, never an underestimate)."""
import sympy as sp

from adaproof.checker import _exact_best
from adaproof.statement import Hypothesis, Quantity, Statement

x = sp.Symbol("x", real=True)
STMT = Statement(id="test/half", paper="test", kind="lemma", number="0", title="x <= 2x + 1",
                 section="-", family="other", latex="-",
                 quantities=(Quantity("x", "scalar", "> 0", "x"),),
                 hypotheses=(Hypothesis(x > 0),), lhs=x, rhs=2 * x + 1, supremum_ratio=0.5,
                 sampler=lambda ctx: {"x": ctx.rand(ctx.B) + 0.5}, sizes=lambda g, p: {})


def test_artefact_above_the_supremum_is_replaced_by_its_exact_ratio():
    best = (0.75, {"x": 1.0}, {})  # a float "0.75" for an input whose exact ratio is 1/3
    got = _exact_best(STMT, "holds", best)
    assert abs(got[0] - 1 / 3) < 1e-15 and got[1] == {"x": 1.0}


def test_a_tighter_plausible_candidate_wins_over_the_artefact():
    best = (0.75, {"x": 0.1}, {})  # exact ratio 0.1/1.2 = 0.083
    plausible = (0.45, {"x": 4.5}, {})  # a tighter candidate seen in float (exact 0.45)
    assert _exact_best(STMT, "holds", best, plausible=plausible) == plausible
    weaker = (0.05, {"x": 0.05}, {})
    got = _exact_best(STMT, "holds", best, plausible=weaker)  # the exact ratio wins here
    assert abs(got[0] - 0.1 / 1.2) < 1e-15 and got[1] == {"x": 0.1}


def test_within_the_supremum_the_float_best_is_reported_and_violations_untouched():
    best = (0.49, {"x": 1.0}, {})
    assert _exact_best(STMT, "holds", best, plausible=best) is best
    assert _exact_best(STMT, "violated", (0.75, {"x": 1.0}, {})) == (0.75, {"x": 1.0}, {})
