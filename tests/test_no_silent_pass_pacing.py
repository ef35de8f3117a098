"""No silent pass under a wall-clock budget: the exact re-checks outrank the search.  A phase's
cut does not cut the re-checks of what it flagged (only the statement's end does), the random
phase draws no more than the re-checks of all it draws can cover before the statement's end,
and a high-probability engine cut mid-batch keeps the candidates it decided (unverified only
when the one in progress had been flagged).  Fake clocks: no timed assertion."""
import dataclasses

import pytest
import sympy as sp

from adaproof import checker, lemmas, prescreen
from adaproof.checker import check
from adaproof.deadline import BudgetCut, Deadline
from adaproof.deadline import ManualClock as Clock

t = sp.Symbol("t", integer=True)
T = sp.Symbol("T", integer=True, positive=True)
g, v = sp.IndexedBase("g"), sp.IndexedBase("v")

needs_flint = pytest.mark.skipif(not prescreen.available(),
                                 reason="python-flint (the 'exact' extra) is not installed")


def test_rechecks_run_past_the_phase_cut_and_the_cut_follows():
    clock = Clock(step=1e-5)
    dl = Deadline(2.0, clock=clock)
    with pytest.raises(BudgetCut) as exc:
        with dl.preempt("random", at=1.0) as guard:
            with checker._past_phase_cut(dl, guard):
                assert not guard.active  # the phase's cut waits for the re-checks
                clock.t = 1.5  # the re-checks ran past the phase's slot
            pytest.fail("the phase's cut, due, must be raised after the re-checks")
    assert exc.value.guard is guard and "random" in dl.cuts
    # not yet due: nothing raised, the guard armed again
    dl2 = Deadline(2.0, clock=Clock(step=1e-5))
    with dl2.preempt("guided", at=1.0) as guard2:
        with checker._past_phase_cut(dl2, guard2):
            pass
        assert guard2.active
    # the statement's end (another guard) still cuts them, and the phase's guard is restored
    with pytest.raises(BudgetCut):
        with dl2.preempt("guided", at=1.0) as guard3:
            with checker._past_phase_cut(dl2, guard3):
                raise BudgetCut(None, "check")
    assert guard3.active is False  # exited


def _identity():
    """Equal sides computed differently: about half of the candidates are float-flagged."""
    stmt = lemmas.get("adam_linf/lemma-3.12")
    return dataclasses.replace(
        stmt, id="test/identity-pacing", lhs=sp.Sum(g[t] ** 2 / v[t], (t, 1, T)),
        rhs=sp.Sum(g[t] ** 2 * (1 + v[t]) / (v[t] + v[t] ** 2), (t, 1, T)))


@needs_flint
def test_costly_rechecks_are_all_done_by_searching_less(monkeypatch):
    """Each exact re-check costs 50 ms on the fake clock (about half the candidates are
    flagged): the batches are cut to what the re-checks of all of them fit in before the
    statement's end, so none is left unverified, and some were searched."""
    clock = Clock(step=1e-5)
    monkeypatch.setattr(checker, "_new_deadline", lambda s: Deadline(s, clock=clock))
    real = prescreen.prescreen

    def costly(stmt, cands, sizes, **kw):
        clock.t += 0.05 * len(cands)
        return real(stmt, cands, sizes, **kw)
    monkeypatch.setattr(prescreen, "prescreen", costly)
    r = check(_identity(), 2.0, seed=0, phases=("random",), save=False)
    assert r.status == "holds", r.to_json()
    assert r.unverified == 0, r.to_json()
    assert r.float_exact_disagreements >= 4 and r.examples >= 8
    assert r.time_s <= 2.0 + 1e-6


def _hp_violated():
    for key in ("alphaadam/theorem-3.6-orthogonality", "alphaadam/theorem-3.6-orthogonality-tail"):
        stmt = lemmas.get(key)
        if stmt.special is not None and stmt.expected == "violated":
            return stmt
    pytest.skip("no violated high-probability statement registered")


def test_a_cut_in_a_flagged_candidates_exact_test_is_unverified(monkeypatch):
    from adaproof import probability
    stmt = _hp_violated()

    def cut(self, *a, **k):
        raise BudgetCut(None, "high-probability")
    monkeypatch.setattr(probability.HighProbability, "exact_test", cut)
    monkeypatch.setattr(probability.HighProbability, "count_exact",
                        lambda self, stmt, rows, sizes, flagged, need: (need, None, 0, 0))
    r = check(stmt, 20.0, seed=0, fresh=True, save=False)
    assert r.status == "holds" and r.unverified == 1 == r.flagged_unverified, r.to_json()
    assert r.cut and not r.passed(strict=True)


def test_a_cut_before_a_candidate_is_flagged_keeps_those_decided(monkeypatch):
    from adaproof import probability
    stmt = _hp_violated()
    calls = []
    real = probability.HighProbability.screen

    def screen(self, stmt, rows, sizes, n):
        calls.append(1)
        if len(calls) == 4:
            raise BudgetCut(None, "high-probability")
        fail, adm = real(self, stmt, rows, sizes, n)
        return fail & False, adm  # nothing flagged: every screened candidate is decided
    monkeypatch.setattr(probability.HighProbability, "screen", screen)
    r = check(stmt, 20.0, seed=0, fresh=True, save=False)
    assert r.status == "holds" and r.unverified == 0, r.to_json()
    assert r.examples == 3 and r.cut == ["high-probability"]
    # with an examples budget a cut is not expected: an interrupt propagates
    calls.clear()
    with pytest.raises(KeyboardInterrupt):
        check(stmt, examples=50, seed=0, fresh=True, save=False)


def test_draws_left_undecided_exactly_are_unverified_never_a_pass(monkeypatch):
    """A high-probability candidate whose failures could only reach the count the claim needs
    through draws mpmath leaves undecided (margins unstable under precision) is neither a
    finding nor a pass: it is counted unverified (examples budget, no clock)."""
    from types import SimpleNamespace

    from adaproof import probability, verification
    stmt = _hp_violated()

    def unstable(*a, **k):  # every flagged draw: hypotheses hold, margin unstable
        return SimpleNamespace(hypotheses_hold=True, finite=True, violated=False,
                               undecided=True, lhs="0", rhs="0", index=None)
    monkeypatch.setattr(verification, "verify_candidate", unstable)
    monkeypatch.setattr(probability.HighProbability, "count_balls",
                        lambda self, stmt, rows, sizes, flagged: (0, list(flagged)))
    r = check(stmt, examples=10, seed=0, fresh=True, save=False)
    assert r.status == "holds" and r.unverified >= 1, r.to_json()
    assert not r.passed(strict=True)


def _hp_holds():
    stmt = lemmas.get("alphaadam/theorem-3.6-orthogonality@corrected")
    assert stmt.special is not None and stmt.expected == "holds"
    return stmt


def test_a_cut_while_the_result_is_assembled_keeps_the_decided_run(monkeypatch):
    """The statement's cut falling after the engine's loop ended (its result being saved and
    assembled, slow under load) does not turn the decided run into "0 examples, 1 unverified"
    (session 10's smoke run: adafactor/eq-114@corrected).  The engine is told the statement's
    end has passed, so it decides exactly one candidate and its loop is over long before the
    real cut, which the assembly, sleeping past it, receives (the budget is far above one
    candidate's cost: the verdict does not depend on the machine's load)."""
    import time

    from adaproof import deadline, probability
    monkeypatch.setattr(deadline, "current_end", lambda: time.perf_counter() - 1.0)
    real = probability.HighProbability._result
    slept = []

    def slow(self, *a, **k):
        end = deadline.CURRENT.get().end
        time.sleep(max(0.0, end - time.perf_counter()) + 0.3)  # past the cut (end + grace)
        slept.append(1)
        return real(self, *a, **k)
    monkeypatch.setattr(probability.HighProbability, "_result", slow)
    r = check(_hp_holds(), 3.0, seed=0, fresh=True, save=False)
    assert slept and r.status == "holds", r.to_json()
    assert r.examples == 1 and r.unverified == 0 and not r.cut, r.to_json()
    assert r.passed(strict=True)


def test_the_engine_stops_by_the_statements_end(monkeypatch):
    """Its loop stops by the checker's deadline (``deadline.current_end``), not by a clock of
    its own started later: told the statement's end has already passed, it decides the one
    candidate it must (none decided yet) and stops, inside a 5 s budget."""
    import time

    from adaproof import deadline
    assert deadline.current_end() is None  # outside a check
    monkeypatch.setattr(deadline, "current_end", lambda: time.perf_counter() - 1.0)
    r = check(_hp_holds(), 5.0, seed=0, fresh=True, save=False)
    assert r.status == "holds" and r.examples == 1, r.to_json()


def test_a_cut_after_the_engine_returned_keeps_its_result(monkeypatch):
    """The cut landing after the engine's return, before the checker has it (in the frames
    between them: session 11's smoke run ended adafactor/eq-54, eq-81 ... "0 examples,
    1 unverified" so), finds the result handed over to the deadline and returns it."""
    import time

    from adaproof import deadline, probability
    monkeypatch.setattr(deadline, "current_end", lambda: time.perf_counter() - 1.0)
    real_check = probability.HighProbability.check

    def late(self, *a, **k):
        out = real_check(self, *a, **k)
        end = deadline.CURRENT.get().end
        time.sleep(max(0.0, end - time.perf_counter()) + 0.3)  # the cut falls here
        return out
    monkeypatch.setattr(probability.HighProbability, "check", late)
    r = check(_hp_holds(), 3.0, seed=0, fresh=True, save=False)
    assert r.status == "holds" and r.examples == 1 and r.unverified == 0, r.to_json()
    assert r.passed(strict=True)
