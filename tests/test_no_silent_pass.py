"""No silent pass: every float-flagged and every non-finite candidate is resolved exactly (the
ball-arithmetic pre-screen, then mpmath) before a statement is reported ``holds``; what a
wall-clock budget leaves unresolved is reported (``holds, N unverified``) and fails under
``--strict``.  Also the ratio history.  Budgets in examples throughout."""
import dataclasses
import json
import math

import pytest
import sympy as sp

from adaproof import lemmas, prescreen
from adaproof import checker
from adaproof.checker import check
from adaproof.cli import main
from adaproof.verification import verify_candidate
from adaproof.derive import sampler_for, sizes_for

t = sp.Symbol("t", integer=True)
T = sp.Symbol("T", integer=True, positive=True)
g, v = sp.IndexedBase("g"), sp.IndexedBase("v")
BASE = "adam_linf/lemma-3.12"


def _identity():
    """Two sides equal in exact arithmetic, computed differently in float: about half of the
    candidates are float-flagged by a rounding error."""
    stmt = lemmas.get(BASE)
    return dataclasses.replace(
        stmt, id="test/identity", lhs=sp.Sum(g[t] ** 2 / v[t], (t, 1, T)),
        rhs=sp.Sum(g[t] ** 2 * (1 + v[t]) / (v[t] + v[t] ** 2), (t, 1, T)))



needs_flint = pytest.mark.skipif(not prescreen.available(),
                                 reason="python-flint (the 'exact' extra) is not installed")


@needs_flint
def test_exact_near_equalities_are_all_resolved_by_the_prescreen():
    r = check(_identity(), examples=1500, seed=0, phases=("random",), batch=256, save=False)
    assert r.status == "holds", r.to_json()
    assert r.unverified == r.flagged_unverified == r.nonfinite_unverified == 0
    assert r.float_exact_disagreements > 50  # the float screen flagged many
    assert r.resolved_by_prescreen >= r.float_exact_disagreements
    # every candidate counted once resolved; the last batch is the remainder (1500 = 5 x 256 + 220)
    assert r.examples == 1500
    assert 0.999 < r.best_ratio <= 1.0 + 1e-12


def test_without_the_prescreen_mpmath_resolves_them_to_the_same_verdict(monkeypatch):
    stmt = _identity()
    monkeypatch.setattr(prescreen, "available", lambda: False)
    r = check(stmt, examples=300, seed=0, phases=("random",), batch=100, save=False)
    assert r.status == "holds" and r.unverified == 0, r.to_json()
    assert r.resolved_by_prescreen == 0
    assert r.resolved_by_mpmath == r.float_exact_disagreements > 0
    monkeypatch.undo()
    if prescreen.available():
        r2 = check(stmt, examples=300, seed=0, phases=("random",), batch=100, save=False)
        assert r2.resolved_by_mpmath == 0 and r2.resolved_by_prescreen > 0
        assert (r2.status, r2.examples, r2.float_exact_disagreements) == (
            r.status, r.examples, r.float_exact_disagreements)
        assert r2.best_ratio == pytest.approx(r.best_ratio, rel=1e-14)


@needs_flint
def test_prescreen_decisions_agree_with_mpmath_on_a_violated_statement():
    stmt = lemmas.get(BASE)
    weak = dataclasses.replace(stmt, rhs=stmt.rhs * 0.5, id=stmt.id + "-weakened")
    import torch
    from adaproof.statement import SampleContext
    from adaproof.verification import candidate_inputs
    gen = torch.Generator().manual_seed(0)
    sizes = sizes_for(weak)(gen, "smoke")
    inputs = sampler_for(weak)(SampleContext(B=24, sizes=sizes, generator=gen))
    cands = [candidate_inputs(weak, inputs, j) for j in range(24)]
    decisions, ratios = prescreen.prescreen(weak, cands, sizes)
    assert prescreen.VIOLATED in decisions and prescreen.HOLDS in decisions
    for c, d, q in zip(cands, decisions, ratios):
        v = verify_candidate(weak, c, sizes)
        if d == prescreen.HOLDS:
            assert v.hypotheses_hold and not v.violated
            assert q == pytest.approx(float(v.ratio), rel=1e-12)
        elif d == prescreen.VIOLATED:
            assert v.hypotheses_hold and v.violated


def test_nonfinite_in_float_but_finite_exactly_is_resolved():
    """exp(1000 + x) overflows float64; log(exp(1000 + x)) - 1000 is exactly x."""
    stmt = _identity()
    rhs = sp.log(sp.exp(1000 + stmt.rhs)) - 1000
    assert rhs.has(sp.exp)  # SymPy left it unevaluated
    odd = dataclasses.replace(stmt, id="test/overflow", rhs=rhs)
    r = check(odd, examples=64, seed=0, phases=("random",), batch=64, save=False)
    assert r.status == "holds", r.to_json()
    assert r.nonfinite_resolved_exactly == 64 and r.nonfinite_unverified == 0
    assert r.unverified == 0


def test_nan_in_exact_arithmetic_is_an_error():
    stmt = lemmas.get(BASE)
    broken = dataclasses.replace(stmt, id="test/nan", rhs=1 / (sp.Abs(g[1]) - sp.sqrt(g[1] ** 2)))
    assert broken.rhs.has(sp.Abs)
    r = check(broken, examples=64, seed=0, phases=("random",), batch=64, save=False)
    assert r.status == "error" and "non-finite" in r.error
    assert r.unexpected and not r.passed()


def test_unverified_candidates_are_reported_and_fail_under_strict(monkeypatch, capsys):
    """A wall-clock budget whose deadline has passed before any exact re-check: the statement
    holds with N unverified; --strict exits non-zero."""
    stmt = _identity()
    monkeypatch.setattr(checker._Tally, "_late", lambda self: self.deadline is not None)
    # batches of 512 whatever the clock says (the pacing would start with 8, or draw none once
    # the 1 ms has passed), so that they flag some
    monkeypatch.setattr(checker._Pace, "size", lambda self, sizes, left: 512)
    # a fake clock (no timer armed) that leaves the random phase time for one batch: a
    # real 1 ms deadline now pre-empts the phase before its first batch
    from adaproof.deadline import Deadline
    ticks = iter(range(10 ** 9))
    monkeypatch.setattr(checker, "_new_deadline",
                        lambda s: Deadline(2.0, clock=lambda: next(ticks) * 4e-4))
    import adaproof.cli as cli
    monkeypatch.setattr(cli, "get", lambda key: stmt)
    r = check(stmt, 0.001, seed=0, phases=("random",), save=False)
    assert r.status == "holds" and r.unverified > 0, r.to_json()
    assert r.unverified == r.flagged_unverified + r.nonfinite_unverified
    assert r.examples < 512  # unverified candidates are not counted as examples
    assert r.passed() and not r.passed(strict=True)
    assert main(["check", stmt.key, "--budget", "0.001"]) == 0
    out = capsys.readouterr().out
    assert f"holds, {r.unverified} unverified" in out or " unverified" in out
    assert main(["check", stmt.key, "--budget", "0.001", "--strict"]) == 1
    assert "UNVERIFIED" in capsys.readouterr().out
    # an examples budget never leaves one unverified, whatever the clock says
    r2 = check(stmt, examples=512, seed=0, phases=("random",), save=False)
    assert r2.unverified == 0 and r2.passed(strict=True)


def test_history_is_monotone_and_ends_at_the_best_ratio():
    r = check(lemmas.get(BASE), examples=3000, seed=0, save=False, fresh=True)
    assert r.status == "holds"
    assert set(r.history) <= {"random", "hypothesis", "guided"} and "random" in r.history
    points = [p for ph in ("random", "hypothesis", "guided") for p in r.history.get(ph, [])]
    assert points
    for (e0, b0), (e1, b1) in zip(points, points[1:]):
        assert e0 <= e1 and b0 <= b1
    assert points[-1][1] == r.best_ratio
    assert points[-1][0] == r.examples
    assert all(len(pts) <= checker.HISTORY_POINTS + 1 for pts in r.history.values())
    assert json.loads(r.dumps())["history"] == r.history


def test_history_is_thinned_keeping_its_ends():
    tally = checker._Tally(lemmas.get(BASE))
    tally.phase = "random"
    for i in range(1, 5001):
        tally.examples = i
        tally.consider(1 - 1 / i, {}, {})
    pts = tally.history["random"]
    assert len(pts) <= checker.HISTORY_POINTS + 1
    assert pts[0] == [1, 0.0] and pts[-1] == [5000, 1 - 1 / 5000]
    assert all(a[0] < b[0] and a[1] < b[1] for a, b in zip(pts, pts[1:]))
    tally.consider(float("nan"), {}, {})
    assert all(math.isfinite(p[1]) for p in pts)


def test_an_examples_budget_evaluates_exactly_n_candidates():
    """The last batch is the remainder: examples=200 with batches of 512 evaluates 200."""
    r = check(_identity(), examples=200, seed=0, phases=("random",), save=False)
    assert r.examples + r.rejected_by_hypotheses == 200, r.to_json()
    r = check(_identity(), examples=700, seed=0, phases=("random",), batch=256, save=False)
    assert r.examples + r.rejected_by_hypotheses == 700, r.to_json()


def test_wall_clock_batches_start_small_grow_and_fit_the_time_left():
    pace = checker._Pace(512)
    a, b = {"T": 2}, {"T": 25}
    assert pace.size(a, 10.0) == pace.FIRST  # unseen sizes: a small first batch
    pace.record(a, 8, 0.008)  # 1 ms per candidate
    assert pace.size(a, 10.0) == 8 * pace.GROWTH  # then geometric growth
    pace.record(a, 32, 0.032)
    assert pace.size(a, 10.0) == 128
    assert pace.size(a, 0.05) == int(pace.SAFETY * 0.05 / 0.001)  # cut to the time left
    assert pace.size(a, 0.0) == 0
    # unseen sizes: the costliest seen per entry of the sizes, scaled (T = 25 against T = 2)
    pace.record(a, 128, 1.28)  # now 10 ms per candidate
    assert pace.size(b, 1.0) == int(pace.SAFETY * 1.0 / (0.01 / 2 * 25))
    assert pace.size(b, 0.05) == 0


@needs_flint
@pytest.mark.parametrize("key", ["alphaadam/corollary-3.4-adam-var",
                                 "alphaadam/corollary-3.4-adam-var@corrected"])
def test_expectation_prescreen_agrees_with_mpmath_enumeration(key):
    """Statements in expectation over a finite law: the ball pre-screen enumerates the paths
    as the mpmath check does; its holds / rejected / violated agree with mpmath."""
    import torch
    from adaproof.statement import SampleContext
    from adaproof.verification import candidate_inputs
    stmt = lemmas.get(key)
    assert stmt.noise is not None
    gen = torch.Generator().manual_seed(0)
    sizes = {"K": 3, "T": 1}
    inputs = sampler_for(stmt)(SampleContext(B=12, sizes=sizes, generator=gen))
    cands = [candidate_inputs(stmt, inputs, j) for j in range(12)]
    decisions, ratios = prescreen.prescreen(stmt, cands, sizes)
    assert prescreen.UNDECIDED not in decisions
    if stmt.expected == "violated":
        assert prescreen.VIOLATED in decisions
    else:
        assert set(decisions) == {prescreen.HOLDS}
    for c, d, q in zip(cands, decisions, ratios):
        v = verify_candidate(stmt, c, sizes)
        assert v.method == "mpmath-enumeration"
        if d == prescreen.HOLDS:
            assert v.hypotheses_hold and not v.violated
            assert q == pytest.approx(float(v.ratio), rel=1e-12)
        elif d == prescreen.VIOLATED:
            assert v.hypotheses_hold and v.violated
        elif d == prescreen.REJECTED:
            assert not v.hypotheses_hold


@needs_flint
def test_expectation_statement_flagged_candidates_resolved_by_the_prescreen():
    r = check(lemmas.get("alphaadam/corollary-3.4-adam-var@corrected"), examples=300, seed=0,
              save=False)
    assert r.status == "holds" and r.unverified == 0
    assert r.float_exact_disagreements > 0
    assert r.resolved_by_prescreen >= r.float_exact_disagreements
