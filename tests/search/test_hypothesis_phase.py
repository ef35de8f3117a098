"""The Hypothesis search phase: finds and shrinks violations of weakened statements, approaches
the supremum ratio of true ones without a verified finding, handles non-finite sides and
evaluation errors, respects its budget and replays for a seed."""
import dataclasses
import math

import pytest
import sympy as sp
import torch
from hypothesis import strategies as st

from adaproof import lemmas
from adaproof.search import PhaseOutcome
from adaproof.search.hypothesis_phase import hypothesis_search, log_ratio_score
from adaproof.statement import Hypothesis, Quantity, Statement
from adaproof.symbolic import EvaluationError
from adaproof.verification import verify_candidate


def _weakened(key, factor=0.98):
    stmt = lemmas.get(key)
    return dataclasses.replace(stmt, rhs=stmt.rhs * factor, id=f"{stmt.id}-weakened",
                               expected="violated")


def _halved_log_term():
    stmt = lemmas.get("adam_linf/lemma-3.12")
    factor = stmt.rhs.args[1]  # beta2/(1-beta2)*log(v_T/v_0), as in the README
    return dataclasses.replace(stmt, rhs=stmt.rhs.subs(factor, factor / 2),
                               id=f"{stmt.id}-halved", expected="violated")


@pytest.mark.parametrize("verify,weakening", [(True, "x0.98"), (False, "x0.98"),
                                              (True, "halved")])
def test_weakened_lemma_3_12_is_violated_and_shrunk(verify, weakening):
    weak = _weakened("adam_linf/lemma-3.12") if weakening == "x0.98" else _halved_log_term()
    # counted in examples, not seconds: flagged after 48 of them (T = 1), whatever the load
    out = hypothesis_search(weak, budget_s=None, seed=0, verify=verify, max_examples=300)
    assert isinstance(out, PhaseOutcome) and out.name == "hypothesis"
    assert out.flagged
    first = out.flagged[0]
    assert first.rel_margin < 0
    verdict = verify_candidate(weak, first.inputs, first.sizes)
    assert verdict.hypotheses_hold and verdict.violated
    assert first.sizes["T"] <= 3  # shrunk towards the smallest horizon
    print(f"lemma-3.12 {weakening} (verify={verify}): violated after "
          f"{out.examples} examples, T={first.sizes['T']}, ratio {verdict.ratio}")


def test_true_lemma_3_12_gets_close_to_equality_without_a_verified_finding():
    stmt = lemmas.get("adam_linf/lemma-3.12")
    out = hypothesis_search(stmt, budget_s=None, seed=0, max_examples=300)
    assert out.examples == 300
    assert out.best is not None and out.best.ratio >= 0.99
    best = verify_candidate(stmt, out.best.inputs, out.best.sizes)
    assert best.hypotheses_hold and not best.violated and float(best.ratio) >= 0.99
    for c in out.flagged:
        assert not verify_candidate(stmt, c.inputs, c.sizes).violated
    print(f"lemma-3.12: best ratio {out.best.ratio!r} over {out.examples} examples, "
          f"{len(out.flagged)} flagged")


def test_lemma_5_true_and_weakened():
    stmt = lemmas.get("adam_complexity/lemma-5")
    out = hypothesis_search(stmt, budget_s=None, seed=1, max_examples=300)
    assert out.best is not None and out.best.ratio >= 0.99
    for c in out.flagged[:4]:
        assert not verify_candidate(stmt, c.inputs, c.sizes).violated
    weak = _weakened("adam_complexity/lemma-5")
    wout = hypothesis_search(weak, budget_s=None, seed=1, max_examples=300)
    assert wout.flagged and verify_candidate(weak, wout.flagged[0].inputs,
                                             wout.flagged[0].sizes).violated
    print(f"lemma-5: best ratio {out.best.ratio!r} over {out.examples} examples; "
          f"x0.98 violated after {wout.examples} examples")


def test_seeded_runs_replay():
    stmt = lemmas.get("adam_linf/lemma-3.12")
    a = hypothesis_search(stmt, budget_s=60, seed=7, max_examples=40)
    b = hypothesis_search(stmt, budget_s=60, seed=7, max_examples=40)
    assert a.examples == b.examples == 40
    assert a.best.ratio == b.best.ratio and a.best.inputs == b.best.inputs
    assert [c.inputs for c in a.flagged] == [c.inputs for c in b.flagged]


def test_the_examples_budget_is_respected_and_fallback_to_the_sampler():
    # (the wall-clock cut of a phase is tested with a manual clock in tests/test_wallclock.py)
    stmt = dataclasses.replace(lemmas.get("adam_linf/lemma-3.12"), strategy=None)
    out = hypothesis_search(stmt, budget_s=None, seed=0, max_examples=120)
    assert out.examples == 120 and out.best is not None and 0 <= out.best.ratio <= 1


# ---------------------------------------------------------------------------------------------
# toy statements: non-finite float sides, evaluation errors
# ---------------------------------------------------------------------------------------------
x = sp.Symbol("x", real=True)


def _toy(lhs, rhs, strategy):
    return Statement(
        id="toy/square", paper="adam_linf", kind="claim", number="0", title="toy", section="",
        family="other", latex="", quantities=(Quantity("x", "scalar", ">= 0", "x"),),
        hypotheses=(Hypothesis(sp.GreaterThan(x, 0)),), lhs=lhs, rhs=rhs,
        sampler=lambda ctx: {"x": ctx.rand(ctx.B)}, sizes=lambda gen, preset: {},
        strategy=strategy)


def test_nonfinite_float_sides_are_flagged_not_targeted():
    # x^2 <= x^2 + 1 holds, but overflows to inf - inf in float64 for x > 1e155
    stmt = _toy(x ** 2, x ** 2 + 1, lambda sizes: st.one_of(
        st.floats(0, 10), st.floats(1e160, 1e300)).map(lambda v: {"x": v}))
    out = hypothesis_search(stmt, budget_s=None, seed=0, max_examples=200)
    nonfinite = [c for c in out.flagged if c.rel_margin == -math.inf]
    assert nonfinite and all(math.isnan(c.ratio) for c in nonfinite)
    assert all(c.inputs["x"] > 1e150 for c in nonfinite)
    exact = verify_candidate(stmt, nonfinite[0].inputs, nonfinite[0].sizes)
    assert exact.finite and not exact.violated
    assert out.best is not None and out.best.ratio < 1 and math.isfinite(out.best.ratio)


def test_evaluation_and_strategy_errors_propagate():
    stmt = _toy(x, x + 1, lambda sizes: st.just({"y": 1.0}))  # no value for x
    with pytest.raises(EvaluationError):
        hypothesis_search(stmt, budget_s=5, seed=0)
    broken = _toy(x, x + 1, lambda sizes: st.integers(0, 3).map(lambda i: {"x": 1.0 / i}))
    with pytest.raises(ZeroDivisionError):
        hypothesis_search(broken, budget_s=5, seed=0)


def test_log_ratio_score():
    assert log_ratio_score(1.0, 2.0, 1 / 3) == pytest.approx(math.log(0.5))
    near = log_ratio_score(1 - 1e-15, 1.0, 5e-16)
    assert near == pytest.approx(-1e-15, rel=1e-6)
    assert log_ratio_score(float("inf"), 1.0, float("nan")) is None
    assert log_ratio_score(0.0, 1.0, 1.0) < log_ratio_score(1e-300, 1e300, 1.0)
    assert log_ratio_score(-2.0, 1.0, 1.0) < log_ratio_score(-1.0, 1.0, 1.0)
    assert log_ratio_score(-2.0, -1.0, 1 / 3) < log_ratio_score(-1.0, 1.0, 1.0)
