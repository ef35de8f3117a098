"""No silent pass (issue 10, standard 2): a check that evaluated no example and decided
nothing by replay is never reported ``holds`` -- its status is ``unknown`` with a reason, in the
result JSON, the CLI line and summary, and the pytest plugin; ``--strict`` fails it.  The
deadline runs on a fake clock (``checker._new_deadline``); the "cut" of a batch is raised by the
test where the real timer would raise it.  No timed assertions."""
import dataclasses
import json

import pytest
import sympy as sp

from adaproof import checker, lemmas
from adaproof.checker import CheckResult, check
from adaproof.cli import main
from adaproof.deadline import BudgetCut, Deadline
from adaproof.deadline import ManualClock as FakeClock
from adaproof.statement import Hypothesis

BASE = "adam_linf/lemma-3.12"  # holds; its random phase evaluates examples in a batch


@pytest.fixture
def first_batch_always_cut(monkeypatch):
    """Every evaluation of a batch (random phase and guided screens alike) takes the whole
    budget and is cut before it returns, as the hard timer cuts a long batch."""
    clock = FakeClock()
    monkeypatch.setattr(checker, "_new_deadline", lambda s: Deadline(s, clock=clock))
    calls = []

    def cut_batch(*a, **kw):
        calls.append(1)
        clock.t += 1e6
        raise BudgetCut(None, "batch")
    monkeypatch.setattr(checker, "evaluate_batch", cut_batch)
    import adaproof.search.guided as guided
    monkeypatch.setattr(guided, "evaluate_batch", cut_batch, raising=False)
    return calls


def test_a_check_whose_first_batch_is_always_cut_is_unknown_not_holds(first_batch_always_cut):
    r = check(lemmas.get(BASE), "smoke", seed=0, save=False, fresh=True,
              phases=("random", "guided"))
    assert first_batch_always_cut, "the random phase drew a batch"
    assert r.examples == 0 and r.counterexample is None and not r.error
    assert r.status == "unknown"
    assert r.reason and "no example evaluated" in r.reason and "2 s" in r.reason
    assert r.passed(strict=False) and not r.passed(strict=True)
    d = r.to_json()
    assert d["status"] == "unknown" and d["reason"] == r.reason and not d["unexpected"]


def test_the_cli_says_unknown_counts_it_and_strict_exits_1(first_batch_always_cut, capsys):
    assert main(["check", BASE, "--budget", "smoke", "--fresh", "--strict"]) == 1
    out = capsys.readouterr().out
    assert "unknown, no example" in out and "no example evaluated" in out
    assert "1 statement(s) unknown" in out and "UNVERIFIED" in out
    assert main(["check", BASE, "--budget", "smoke", "--fresh"]) == 0  # not strict: no failure
    capsys.readouterr()
    assert main(["check", BASE, "--budget", "smoke", "--fresh", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["status"] == "unknown" and row["examples"] == 0 and "no example" in row["reason"]


def test_an_expected_violation_not_found_stays_unexpected():
    r = CheckResult(id="x", variant="printed", key="x", expected="violated", status="unknown",
                    method="random", best_ratio=None, best_input=None, best_sizes=None,
                    counterexample=None, examples=0, rejected_by_hypotheses=0,
                    float_exact_disagreements=0, nonfinite_resolved_exactly=0,
                    nonfinite_unverified=0, flagged_unverified=0, seed=0, device="cpu",
                    time_s=2.0, budget_s=2.0, reason="no example evaluated within the 2 s budget")
    assert r.unexpected and not r.passed()
    assert not dataclasses.replace(r, expected="holds").unexpected


def test_an_examples_budget_whose_candidates_are_all_rejected_is_unknown():
    """Every candidate fails a hypothesis (v_1 < 0 against the sampler's v_1 > 0): nothing
    is evaluated, and the result says so instead of ``holds``."""
    stmt = lemmas.get(BASE)
    v = sp.IndexedBase("v")
    never = dataclasses.replace(stmt, id="test/never-admissible", hypotheses=tuple(
        stmt.hypotheses) + (Hypothesis(v[1] < -1),))
    r = check(never, examples=64, seed=0, save=False, fresh=True, phases=("random",))
    assert r.examples == 0 and r.rejected_by_hypotheses > 0
    assert r.status == "unknown" and "64-example budget" in r.reason
    assert "rejected by the hypotheses" in r.reason
