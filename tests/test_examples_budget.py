"""Budgets counted in examples: the verdict, best ratio and counterexample depend on the seed
alone, not on the machine's speed or load (issue 10, deliverable 3)."""
from __future__ import annotations

import dataclasses
import multiprocessing as mp
import time

import pytest

from adaproof import lemmas
from adaproof._validation import AdaproofInputError
from adaproof.checker import check
from adaproof.cli import main


def _burn(seconds: float) -> None:  # artificial CPU load
    end = time.perf_counter() + seconds
    x = 0
    while time.perf_counter() < end:
        x += 1


def _essentials(r) -> dict:
    d = r.to_json()
    for k in ("time_s", "phases"):
        d.pop(k)
    return d


def test_same_seed_same_result_under_load():
    stmt = lemmas.get("adam_linf/lemma-3.12")
    quiet = check(stmt, examples=1500, seed=3, save=False, fresh=True)
    burners = [mp.get_context("spawn").Process(target=_burn, args=(20.0,)) for _ in range(2)]
    for p in burners:
        p.start()
    try:
        loaded = check(stmt, examples=1500, seed=3, save=False, fresh=True)
    finally:
        for p in burners:
            p.terminate()
            p.join()
    assert quiet.status == "holds" and quiet.budget_examples == 1500 and quiet.budget_s is None
    assert _essentials(quiet) == _essentials(loaded)
    # every phase ran and the count is what was asked for, up to one batch / one screen
    assert set(quiet.phases) == {"random", "hypothesis", "guided"}
    assert 1500 <= quiet.examples + quiet.rejected_by_hypotheses < 1500 + 2 * 512 + 2048


def test_a_violation_found_by_count_replays_identically():
    stmt = lemmas.get("adam_linf/lemma-3.12")
    factor = stmt.rhs.args[1]
    weak = dataclasses.replace(stmt, id="test/lemma-3.12-halved",
                               rhs=stmt.rhs.subs(factor, factor / 2))
    a = check(weak, examples=2000, seed=0, save=False, fresh=True)
    b = check(weak, examples=2000, seed=0, save=False, fresh=True)
    assert a.status == "violated"
    assert a.counterexample == b.counterexample and a.best_ratio == b.best_ratio


def test_other_seed_other_search():
    stmt = lemmas.get("adam_linf/lemma-3.12")
    a = check(stmt, examples=600, seed=0, save=False, fresh=True, phases=("random",))
    b = check(stmt, examples=600, seed=1, save=False, fresh=True, phases=("random",))
    assert a.best_input != b.best_input


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "many", 10 ** 13])
def test_bad_examples_is_a_clear_error(bad):
    with pytest.raises(AdaproofInputError, match="examples"):
        check(lemmas.get("adam_linf/lemma-3.12"), examples=bad)


def test_cli_examples(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("ADAPROOF_RESULTS_DIR", str(tmp_path / "results"))
    rc = main(["check", "adam_linf/theorem-3.2", "--examples", "3000", "--json"])
    out = capsys.readouterr().out
    assert rc == 0  # expected violated, and found
    assert '"budget_examples": 3000' in out and '"status": "violated"' in out
