"""The algorithm a statement runs is called once before its wall-clock deadline starts
(adaproof.warm_trajectory, issue 10): a first call that compiles a numba kernel (~50 s under
load when its on-disk cache is empty) was cut by every statement about that algorithm in turn,
each ending with 0 examples.  No timed assertions: the algorithm is replaced by a recorder and
what is asserted is the order of events."""
import dataclasses

import pytest
import torch

from adaproof import checker, lemmas, verification, warm_trajectory, warmup
from adaproof.checker import check
from adaproof.deadline import Deadline
from adaproof.deadline import ManualClock as FakeClock

PLAIN = "adam_linf/corollary-3.7"  # a trajectory statement (numba), searched by the phases
NO_ALGORITHM = "adam_linf/lemma-3.12"


@pytest.fixture
def events(monkeypatch):
    """The algorithm runs and the deadline's start, in order; nothing warmed yet."""
    seen: list[str] = []

    def traj(stmt, env, *a, **kw):  # (the check's own evaluation then fails: not asserted)
        seen.append("algorithm")
    monkeypatch.setattr(verification, "_trajectory_env", traj)
    monkeypatch.setattr(warm_trajectory, "_DONE", set())
    monkeypatch.setattr(warmup, "PIECES", {})  # the imports and the collection: not asserted
    monkeypatch.setattr(warmup, "HEAP", lambda: None)

    def new(budget_s):
        seen.append("clock")
        return Deadline(budget_s, clock=FakeClock())
    monkeypatch.setattr(checker, "_new_deadline", new)
    return seen


def test_the_algorithm_runs_before_the_clock_once_per_statement(events):
    stmt = lemmas.get(PLAIN)
    assert stmt.trajectory is not None
    check(stmt, 0.05, save=False, fresh=True, phases=("random",))
    assert events[:2] == ["algorithm", "clock"]
    events.clear()
    check(stmt, 0.05, save=False, fresh=True, phases=("random",))
    assert events[0] == "clock"  # warmed once per process: not again


def test_a_statement_without_an_algorithm_is_not_warmed(events):
    stmt = lemmas.get(NO_ALGORITHM)
    assert stmt.trajectory is None and not warm_trajectory.warm(stmt)
    assert events == []


def test_warming_leaves_the_global_generator_and_the_check_unchanged(events):
    stmt = lemmas.get(PLAIN)
    other = dataclasses.replace(stmt, id=stmt.id + "-warm-copy")
    torch.manual_seed(123)
    state = torch.random.get_rng_state()
    assert warm_trajectory.warm(other)
    assert torch.equal(torch.random.get_rng_state(), state)
    assert events == ["algorithm"]
    # an examples budget has no clock and does no setup
    events.clear()
    check(other, examples=8, seed=3, save=False, fresh=True, phases=("random",))
    assert "clock" not in events and warm_trajectory._DONE == {other.key}


def test_an_algorithm_that_fails_is_left_to_the_check(monkeypatch):
    monkeypatch.setattr(warm_trajectory, "_DONE", set())

    def boom(*a, **kw):
        raise RuntimeError("kernel failed")
    monkeypatch.setattr(verification, "_trajectory_env", boom)
    stmt = lemmas.get(PLAIN)
    assert warm_trajectory.warm(stmt) is False  # no exception escapes the setup
    assert warmup.prepare(stmt) >= 0.0
