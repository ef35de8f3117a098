"""Seeded experiments of arithmetic tables under wall-clock budgets (issue 10): adam_linf Table 1's
rotated rows are five 1000 x 1000 ``eigh`` calls, C calls a cut cannot interrupt.  Their
values are cached by content (:mod:`adaproof.replay_cache`), and under an armed cut they run in a
child process that is killed when the cut lands: the statement is then undecided, never passed.
No timed assertions; the one real timer cuts a child that would otherwise run for seconds."""
import signal
import threading

import pytest

from adaproof import arithmetic, lemmas, replay_cache
from adaproof.arithmetic import Arithmetic, Entry, arithmetic_statement, experiment_value
from adaproof.deadline import BudgetCut, Deadline, armed

can_arm = pytest.mark.skipif(
    not hasattr(signal, "pthread_kill") or threading.current_thread() is not threading.main_thread()
    or signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, signal.SIG_IGN, None),
    reason="needs pthread_kill in the main thread with SIGALRM free")


def _table(calls):
    def exp(seed):
        calls.append(seed)
        return 0.5 + 1e-3 * seed
    return arithmetic_statement(
        "usertable/t-1", entries=[Entry("row", experiment=exp, printed="0.50", seeds=3)],
        title="t", section="s", source="s", latex="x", number="1", register=False)


def test_experiment_values_are_cached_by_content(tmp_path, monkeypatch):
    monkeypatch.setenv("ADAPROOF_CACHE_DIR", str(tmp_path / "cache"))
    calls = []
    stmt = _table(calls)
    first = stmt.special.evaluate(stmt)
    assert calls == [0, 1, 2]
    again = stmt.special.evaluate(stmt)
    assert calls == [0, 1, 2] and again == first  # the same verdict, no new run
    monkeypatch.setitem(replay_cache._memo, "code", "another version")
    stmt.special.evaluate(stmt)
    assert calls == [0, 1, 2, 0, 1, 2]  # another code version: computed again
    monkeypatch.setenv("ADAPROOF_CACHE_DIR", "none")
    stmt.special.evaluate(stmt)
    stmt.special.evaluate(stmt)
    assert len(calls) == 12
    # without the statement (the plain API) nothing is cached
    assert experiment_value(stmt.special.entries[0], 1) == pytest.approx(0.501)


def test_a_non_finite_experiment_value_is_an_error_and_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("ADAPROOF_CACHE_DIR", str(tmp_path / "cache"))
    stmt = arithmetic_statement(
        "usertable/t-2", entries=[Entry("row", experiment=lambda s: float("nan"),
                                        printed="0.50", seeds=2)],
        title="t", section="s", source="s", latex="x", number="1", register=False)
    with pytest.raises(ValueError, match="non-finite"):
        stmt.special.evaluate(stmt)
    assert not list((tmp_path / "cache").rglob("verified/*/*.json"))


@can_arm
def test_an_uncuttable_experiment_runs_in_a_child_that_the_cut_kills(tmp_path, monkeypatch):
    """adam_linf/table-1 under an armed cut: the child (importing adaproof, then eigh) is far
    from done after 0.3 s; the cut is raised in the parent and the child is gone."""
    import multiprocessing as mp
    monkeypatch.setenv("ADAPROOF_CACHE_DIR", str(tmp_path / "cache"))
    stmt = lemmas.get("adam_linf/table-1")
    entry = [e for e in stmt.special.entries if e.kind == "experiment"][0]
    started = []
    real = arithmetic._in_child

    def spy(*a):
        started.append(a)
        return real(*a)
    monkeypatch.setattr(arithmetic, "_in_child", spy)
    d = Deadline(600.0)
    assert not armed()
    with pytest.raises(BudgetCut):
        with d.preempt("arithmetic", at=d.now() + 0.3):
            assert armed()
            experiment_value(entry, 0, stmt)
    assert [a[:3] for a in started] == [(stmt.key, entry.label, 0)]
    assert not mp.active_children()  # killed and reaped
    assert not list((tmp_path / "cache").rglob("verified/*/*.json"))  # nothing recorded


def test_a_user_table_runs_in_process_even_under_a_cut(tmp_path, monkeypatch):
    """A child finds a statement by its registry key: a user's table is computed in-process."""
    monkeypatch.setenv("ADAPROOF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(arithmetic, "_in_child", lambda *a: pytest.fail("child for a user table"))
    monkeypatch.setattr("adaproof.deadline.armed", lambda: True)
    calls = []
    stmt = _table(calls)
    assert isinstance(stmt.special, Arithmetic)
    stmt.special.evaluate(stmt)
    assert calls == [0, 1, 2]
