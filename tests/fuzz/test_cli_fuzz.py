"""Hypothesis-generated bad argv for every CLI command: no traceback escapes, exit status 2, and
the message names the offending parameter.  The CLI runs in-process (``adaproof.cli.main``); a
bad ``check`` argv must be refused before any search starts (the harness replaces ``check`` by a
sentinel that raises)."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

import adaproof_fuzz_harness as H

FUZZ = settings.get_profile("adaproof-fuzz")

COMMANDS = ("list", "show", "check", "report", "rate", "tune", "complexity", "compare", "bounds")


def _assert_clear(case: H.Case) -> None:
    code, out, err = H.run_cli(case.argv)
    assert "Traceback" not in out + err, (case.label, err)
    assert code == 2, (case.label, code, out[-300:], err[-300:])
    assert H.names_parameter(err, case.names), (case.label, case.names, err)


def test_catalogue_covers_every_command():
    cmds = {c.argv[0] for c in H.cli_cases() if c.argv}
    assert set(COMMANDS) <= cmds
    assert len(H.cli_cases()) >= 200


@settings(FUZZ, max_examples=80)
@given(H.cli_strategy())
def test_bad_argv_is_a_clear_usage_error(case):
    _assert_clear(case)


@pytest.mark.parametrize("argv", [
    ["list", "--json"], ["show", H.STMT], ["show", H.BOUND, "--json"], ["show", H.COMPARISON],
    ["bounds"], ["bounds", "--json"],
    ["rate", H.BOUND, "T=100", "L1n=1", "Delta=2"],
    ["complexity", H.BOUND, "L1n=1", "Delta=1", "--eps", "0.1", "--json"],
    ["compare", H.COMPARISON, "T=100", "d=3", "Delta=1", "L1n=1", "Linf=1"],
], ids=lambda a: " ".join(a)[:60])
def test_valid_argv_still_succeeds(argv):
    """The checks refuse bad input only: each command with good arguments exits 0."""
    code, out, err = H.run_cli(argv)
    assert code == 0, err
    if "--json" in argv or "json" in argv:
        json.loads(out)  # bounds --json once failed on a SymPy Rational


def test_complexity_result_is_right():
    """rate and complexity on L1n*Delta/T: bound 0.02 at T = 100, least T with bound <= 0.1 is 20."""
    code, out, _ = H.run_cli(["rate", H.BOUND, "T=100", "L1n=1", "Delta=2", "--json"])
    assert code == 0 and json.loads(out)["bound"] == pytest.approx(0.02)
    code, out, _ = H.run_cli(["complexity", H.BOUND, "L1n=1", "Delta=2", "--eps", "0.1", "--json"])
    assert code == 0 and json.loads(out)["T"] == 20
