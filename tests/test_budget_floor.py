"""A statement's declared budget floor (issue 10, ``Statement.min_budget_s``): under a smaller
wall-clock budget the checker uses the floor for that statement and says so (``budget_s`` the
floor used, ``budget_floor_from`` the budget requested); without a floor, above it, or with an
examples budget nothing changes.  The checks below are exact arithmetic tables that decide in
milliseconds: the wall-clock budget only names the budget, the verdict never depends on it."""
from __future__ import annotations

import dataclasses
import math

import pytest

from adaproof import checker, cli, lemmas
from adaproof._validation import AdaproofInputError
from adaproof.arithmetic import D, Entry, arithmetic_statement
from adaproof.budget_floor import apply_floor


def _table(floor=None, key="floortest/t-1"):
    return arithmetic_statement(
        key, number="1", title="t", section="s", source="s", latex="x", register=False,
        entries=[Entry("half", D("1") / 2, "0.50")], min_budget_s=floor,
        min_budget_why="a test: fixed cost of about 4 s" if floor else "")


@pytest.fixture
def deadlines(monkeypatch):
    """The budgets the checker's deadlines were created with (the budget actually used)."""
    seen = []
    real = checker._new_deadline

    def spy(budget_s):
        seen.append(budget_s)
        return real(budget_s)
    monkeypatch.setattr(checker, "_new_deadline", spy)
    return seen


def test_the_floor_replaces_a_smaller_wall_clock_budget_and_is_reported(deadlines):
    r = checker.check(_table(floor=7.5), "smoke", save=False, fresh=True)
    assert r.status == "holds" and r.unverified == 0
    assert r.budget_s == 7.5 and r.budget_floor_from == 2.0
    assert deadlines == [7.5]  # the deadline (and the overrun rule) use the floor
    j = r.to_json()
    assert j["budget_s"] == 7.5 and j["budget_floor_from"] == 2.0


def test_without_a_floor_or_above_it_the_requested_budget_stays(deadlines):
    r = checker.check(_table(), "smoke", save=False, fresh=True)
    assert r.budget_s == 2.0 and r.budget_floor_from is None
    r = checker.check(_table(floor=7.5), 9.0, save=False, fresh=True)
    assert r.budget_s == 9.0 and r.budget_floor_from is None
    assert deadlines == [2.0, 9.0]


def test_an_examples_budget_is_unaffected(deadlines):
    r = checker.check(_table(floor=7.5), examples=1, save=False, fresh=True)
    assert r.budget_s is None and r.budget_floor_from is None and r.budget_examples == 1
    assert deadlines == []


def test_apply_floor():
    s = _table(floor=4.0)
    assert apply_floor(s, 2.0, None) == (4.0, 2.0)
    assert apply_floor(s, 4.0, None) == (4.0, None)
    assert apply_floor(s, 2.0, 10) == (2.0, None)
    assert apply_floor(_table(), 2.0, None) == (2.0, None)


@pytest.mark.parametrize("bad", [0, -1.0, math.nan, math.inf, True, "5"])
def test_a_bad_floor_is_a_clear_error_naming_the_parameter(bad):
    # the parameter and (but for a bool, "a real number") its allowed range (0, inf], finite
    rng = (r"min_budget_s must be a real number" if bad is True
           else r"min_budget_s must .*\(0, inf\]")
    with pytest.raises(AdaproofInputError, match=rng):
        _table(floor=bad)
    with pytest.raises(AdaproofInputError, match="min_budget_s"):
        dataclasses.replace(lemmas.get("adam_linf/table-1"), min_budget_s=bad)


def test_the_cli_says_which_budget_was_used(capsys):
    r = checker.check(_table(floor=7.5), "smoke", save=False, fresh=True)
    cli._print_result(r)
    out = capsys.readouterr().out
    assert "budget: 7.5 s, the statement's declared floor, instead of the 2 s requested" in out
    assert cli._floor_note(r) == " (floor 7.5 s)"
    plain = checker.check(_table(), "smoke", save=False, fresh=True)
    cli._print_result(plain)
    assert "declared floor" not in capsys.readouterr().out and cli._floor_note(plain) == ""


def test_adam_linf_table_1_declares_its_floor_with_the_measured_cost():
    for key in ("adam_linf/table-1", "adam_linf/table-1-loss"):
        s = lemmas.get(key)
        assert s.min_budget_s is not None and s.min_budget_s > 2.0, key
        assert "measured" in s.min_budget_why, key
        assert s.to_json()["min_budget_s"] == s.min_budget_s
        assert f"Budget floor: {s.min_budget_s:g} s wall clock at least" in cli._show_statement(s)
