"""Once-per-process setup happens before a statement's wall-clock deadline starts, is reported
apart (``warmup_s``), and a cut that waits for an import does not slow the import down.  No timed
assertions: the deadline runs on a fake clock, and what is asserted is the order of events."""
import gc
import signal
import sys
import threading

import pytest

from adaproof import checker, lemmas, warmup
from adaproof.checker import check
from adaproof.deadline import Deadline
from adaproof.deadline import ManualClock as FakeClock

can_arm = pytest.mark.skipif(
    not hasattr(signal, "pthread_kill") or threading.current_thread() is not threading.main_thread()
    or signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, signal.SIG_IGN, None),
    reason="needs pthread_kill in the main thread with SIGALRM free")

PLAIN = "adam_linf/corollary-3.7"  # a trajectory statement (numba), searched by the phases


@pytest.fixture
def fresh_pieces(monkeypatch):
    """warmup's pieces replaced by recorders, none done yet in this 'process'."""
    calls: list[str] = []
    monkeypatch.setattr(warmup, "_DONE", set())
    monkeypatch.setattr(warmup, "PIECES", {
        name: (lambda name=name: calls.append(name)) for name in warmup.PIECES})
    monkeypatch.setattr(warmup, "HEAP", lambda: calls.append("heap"))
    return calls


def test_the_setup_runs_before_the_deadline_starts_and_imports_only_once(
        monkeypatch, fresh_pieces):
    seen_at_start = []

    def new(budget_s):
        seen_at_start.append(list(fresh_pieces))
        return Deadline(budget_s, clock=FakeClock())
    monkeypatch.setattr(checker, "_new_deadline", new)
    stmt = lemmas.get(PLAIN)
    r = check(stmt, 0.05, save=False, fresh=True, phases=("random",))
    # everything the statement needs was done before its clock started, the heap last
    assert seen_at_start[0] == ["adaproof", "numba", "hypothesis", "heap"]
    assert r.warmup_s >= 0.0
    check(stmt, 0.05, save=False, fresh=True, phases=("random",))
    # the imports once, the collection before each statement's clock
    assert seen_at_start[1] == ["adaproof", "numba", "hypothesis", "heap", "heap"]
    assert fresh_pieces == ["adaproof", "numba", "hypothesis", "heap", "heap"]


def test_an_examples_budget_does_no_setup(fresh_pieces):
    check(lemmas.get(PLAIN), examples=8, save=False, fresh=True, phases=("random",))
    assert fresh_pieces == []


def test_each_kind_gets_its_pieces_once(fresh_pieces):
    class Plain:
        trajectory = None
        special = None

    class HighProbability:
        trajectory = None

        class special:
            KIND = "high-probability"

    class Table:
        trajectory = None

        class special:
            KIND = "arithmetic"
    warmup.prepare(Plain())
    assert fresh_pieces == ["adaproof", "hypothesis", "heap"]
    warmup.prepare(HighProbability())
    assert fresh_pieces == ["adaproof", "hypothesis", "heap", "scipy.stats", "heap"]
    warmup.prepare(Table())
    assert fresh_pieces[-1] == "heap" and len(fresh_pieces) == 6
    assert warmup.needed(Plain()) == ["adaproof", "hypothesis"]
    assert warmup.needed(Table()) == ["adaproof"]


def test_the_heap_is_collected_then_frozen():
    class Cycle:
        pass
    a, b = Cycle(), Cycle()
    a.other, b.other = b, a  # garbage only a collection frees
    import weakref
    gone = weakref.ref(a)
    del a, b
    gc.unfreeze()
    warmup.HEAP()
    assert gone() is None  # collected before the freeze, not frozen as garbage
    assert gc.get_freeze_count() > 1000  # modules, functions, the statements loaded so far


def test_a_failing_piece_is_marked_done_and_the_check_goes_on(monkeypatch):
    monkeypatch.setattr(warmup, "_DONE", set())

    def broken():
        raise ImportError("no such module")
    monkeypatch.setattr(warmup, "PIECES", {"numba": broken})
    monkeypatch.setattr(warmup, "HEAP", lambda: None)
    warmup.prepare(lemmas.get(PLAIN))
    assert warmup.done() == {"numba"}


@can_arm
def test_a_cut_waiting_for_an_import_installs_no_per_call_hook(import_under_cut):
    """The cut lands after the import, and while it waits nothing runs on every call of the
    import's code (a profile hook walking the stack per call made ``import scipy.stats``
    several times slower): the module's code sees no profile function after the cut time."""
    mod, d = import_under_cut("t10e_slow_module", "PROFILE = sys.getprofile()\n")
    assert mod.LAST == "defined at the end"
    assert mod.PROFILE is None
    assert d.cuts == ["x"]
    from adaproof import deadline
    assert not deadline._IMPORT_WAIT and sys.getprofile() is None


def test_another_kinds_result_reports_its_setup_time(monkeypatch):
    """The setup time of a high-probability, arithmetic or several-conclusions statement is
    reported in its result too (it was left 0: the benchmark counted it inside the budget)."""
    import types

    from adaproof import kinds
    monkeypatch.setattr(checker, "_warm_up", lambda stmt: 1.25)
    monkeypatch.setattr(kinds, "dispatch", lambda stmt, **kw: types.SimpleNamespace())
    r = check(lemmas.get(PLAIN), 0.05, save=False, fresh=True)
    assert r.warmup_s == 1.25


class _Plain:
    trajectory = None
    special = None


@can_arm
def test_an_interrupt_during_the_imports_lands_after_them(monkeypatch):
    """An interrupt inside numba's import left the process dying of the signal (exit -2); the
    imports now run with SIGINT/SIGTERM blocked, and the signal is delivered when they end."""
    monkeypatch.setattr(warmup, "_DONE", set())
    log = []

    def piece():
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
        for _ in range(100_000):  # bytecodes at which an unblocked signal would be raised
            pass
        log.append("finished")
    monkeypatch.setattr(warmup, "PIECES", {"adaproof": piece})
    monkeypatch.setattr(warmup, "HEAP", lambda: log.append("heap"))
    # Python's own SIGINT handler, whatever the runner installed (a pytest-xdist worker may
    # ignore SIGINT, and then no KeyboardInterrupt would come whether or not it was deferred)
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            warmup.prepare(_Plain())
    finally:
        signal.signal(signal.SIGINT, old)
    assert log == ["finished"]
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


def test_the_cli_setup_time_is_reported_by_the_statements_check(monkeypatch, fresh_pieces):
    """The CLI prepares before it announces a statement (``carry=True``); the check that
    follows reports that time in its ``warmup_s``."""
    monkeypatch.setattr(warmup, "_CARRY", [0.0])
    a = warmup.prepare(_Plain(), carry=True)
    assert warmup._CARRY[0] == a > 0
    b = warmup.prepare(_Plain())
    assert b >= a and warmup._CARRY[0] == 0.0
    assert fresh_pieces == ["adaproof", "hypothesis", "heap", "heap"]
