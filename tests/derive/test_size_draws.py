"""A derived random phase under an examples budget draws its sizes at least SIZE_DRAWS times
(adaproof/derive/size_draws.py): at ``examples=1000`` the random phase was one batch of 512 rows,
so one draw from the ladders decided every random candidate's sizes
(``adam_linf/theorem-3.2-families``, violated only at T = 1, was missed at T = 10, d = 50)."""
from __future__ import annotations

import os
import sys

import pytest

from adaproof.checker import check
from adaproof.derive import derivation
from adaproof.derive.size_draws import MIN_ROWS, SIZE_DRAWS, random_batch

sys.path.insert(0, os.path.dirname(__file__))
from _sizes import record_size_draws, sum_statement  # noqa: E402


def _stmt(key):
    return sum_statement(key)


def _count_size_draws(stmt, monkeypatch, **kw):
    calls = record_size_draws(derivation(stmt), monkeypatch)
    r = check(stmt, seed=0, fresh=True, save=False, phases=("random",), **kw)
    return r, calls


def test_random_batch_rule():
    stmt = _stmt("test/size-draws-rule")
    assert random_batch(stmt, 400, 512) == 200  # the first batch: half the quota
    assert random_batch(stmt, 400, 512, drawn=200) == 29  # the rest over 7 more size draws
    assert random_batch(stmt, 4000, 512) == 512  # never above the checker's batch
    assert random_batch(stmt, 4000, 512, drawn=512) == 286
    assert random_batch(stmt, 40, 512, drawn=20) == MIN_ROWS
    import dataclasses
    hand = dataclasses.replace(stmt, sizes=lambda gen, preset: {"T": 3})
    assert random_batch(hand, 400, 512) == 512  # hand-written sizes: untouched


def test_derived_random_phase_draws_sizes_several_times(monkeypatch):
    stmt = _stmt("test/size-draws")
    r, calls = _count_size_draws(stmt, monkeypatch, examples=400, batch=512)
    assert r.status == "holds"
    assert r.examples == 400
    assert len(calls) >= SIZE_DRAWS  # was 1: one batch of 400 rows
    assert len({c["T"] for c in calls}) > 1


@pytest.mark.slow
def test_theorem_3_2_families_found_by_the_derived_path():
    from adaproof.registry import get
    r = check(get("adam_linf/theorem-3.2-families"), examples=1000, seed=0, fresh=True,
              save=False, sampler="derived")
    assert r.status == "violated"
    assert r.best_sizes["T"] == 1  # the printed range 1 ≤ t ≤ T fails at T = 1
