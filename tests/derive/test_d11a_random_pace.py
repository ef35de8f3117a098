"""A derived random phase under a wall-clock budget keeps a drawn size assignment for
``_Pace.REPEAT`` consecutive batches, so that its batches grow (8, 32, 128, ...): with a new size
assignment per batch (the derived ladders have ~100 of them) every batch was a first batch of 8
rows and the phase evaluated 20-100 candidates in its 0.4 s at ``--budget smoke``.  Fake clocks
(adaproof.deadline.ManualClock): no timed assertion."""
from __future__ import annotations

import json
import os
import sys

import sympy as sp
import torch

from adaproof import checker
from adaproof.deadline import ManualClock
from adaproof.declare import index, sequence, size, statement
from adaproof.derive import derivation

sys.path.insert(0, os.path.dirname(__file__))
from _sizes import record_size_draws, sum_statement  # noqa: E402


def _stmt(key):
    return sum_statement(key)


def _run(stmt, monkeypatch, budget_s, clock, sizes_log=None):
    """The random phase under a wall-clock budget of ``budget_s`` on ``clock``: the batches
    as ``(sizes, rows)`` in order, and the size assignments drawn."""
    batches, draws = [], []
    orig = checker._Pace.record

    def record(self, sizes, n, seconds):
        batches.append((json.dumps(sizes, sort_keys=True), n))
        return orig(self, sizes, n, seconds)
    monkeypatch.setattr(checker._Pace, "record", record)
    if stmt.sizes is None:
        draws = record_size_draws(derivation(stmt), monkeypatch)
    tally = checker._Tally(stmt)
    checker._random_phase(stmt, tally, budget_s, torch.Generator().manual_seed(0), 512, "cpu",
                          "smoke", None, 0.0, budget_s, now=clock)
    assert tally.error is None, tally.error
    return batches, draws, tally


def test_derived_sizes_repeat_and_their_batches_grow(monkeypatch):
    stmt = _stmt("test/d11a-pace-grow")
    assert stmt.sizes is None and stmt.sampler is None  # derived sizes and sampler
    # every reading of the clock is 1 ms: a batch costs a few ms whatever its rows
    batches, draws, tally = _run(stmt, monkeypatch, 0.2, ManualClock(step=1e-3))
    assert len(batches) >= 2 * checker._Pace.REPEAT
    rows = [n for _, n in batches]
    # the first REPEAT batches share one size assignment and grow by GROWTH
    first = batches[:checker._Pace.REPEAT]
    assert len({s for s, _ in first}) == 1
    assert [n for _, n in first] == [min(512, checker._Pace.FIRST * checker._Pace.GROWTH ** i)
                                     for i in range(checker._Pace.REPEAT)]
    assert max(rows) == 512
    # sizes are kept: far fewer draws than batches (sizes drawn again start where they were,
    # at 512 rows, and are dropped after a batch that did not grow)
    assert len(draws) <= len(batches) // 2 + 1
    for (s0, n0), (s1, n1) in zip(batches, batches[1:]):
        assert s1 != s0 or n1 > n0 or n0 == 512  # a kept assignment's batch grew
    assert tally.examples + tally.rejected == sum(rows)


def test_a_size_assignment_that_does_not_fit_is_redrawn(monkeypatch):
    """Sizes whose next batch does not fit in the time left are dropped at once (others may
    fit): a pace that refuses T = 1 never sees it twice in a row."""
    stmt = _stmt("test/d11a-pace-redraw")
    refused = []
    orig_size = checker._Pace.size

    def size(self, sizes, left):
        if sizes.get("T") == 1:
            refused.append(dict(sizes))
            return 0
        return orig_size(self, sizes, left)
    monkeypatch.setattr(checker._Pace, "size", size)
    batches, draws, _ = _run(stmt, monkeypatch, 0.2, ManualClock(step=1e-3))
    assert batches and all(json.loads(s)["T"] != 1 for s, _ in batches)
    # T = 1 was drawn, and each draw of it was refused once: new sizes were drawn at once
    assert refused and len(refused) == sum(d["T"] == 1 for d in draws)


def test_hand_sizes_are_drawn_for_every_batch(monkeypatch):
    """A statement with its own sizes keeps one draw per batch (unchanged)."""
    from adaproof import lemmas
    stmt = lemmas.get("adam_linf/lemma-3.12")
    assert stmt.sizes is not None
    calls = []
    orig = stmt.sizes

    def counting(gen, preset):
        calls.append(1)
        return orig(gen, preset)
    import dataclasses
    stmt = dataclasses.replace(stmt, sizes=counting)
    batches, _, _ = _run(stmt, monkeypatch, 0.05, ManualClock(step=1e-3))
    assert batches and len(calls) >= len(batches)


def test_sizes_whose_batches_cannot_grow_are_not_kept(monkeypatch):
    """A repeat gains nothing where the pace keeps the batch at its size (its re-checks' cost,
    say): a pace that always answers 8 rows draws new sizes after at most two batches."""
    stmt = _stmt("test/d11a-pace-flat")
    monkeypatch.setattr(checker._Pace, "size", lambda self, sizes, left: 8)
    batches, draws, _ = _run(stmt, monkeypatch, 0.2, ManualClock(step=1e-3))
    assert len(batches) >= 8 and all(n == 8 for _, n in batches)
    # the second batch of a size assignment did not grow: the third draws other sizes
    assert len(draws) >= len(batches) // 2
    assert len(draws) < len(batches)  # each was tried twice (a first batch may grow)


def test_sizes_with_no_positive_ratio_are_not_kept(monkeypatch):
    """Sizes where every candidate's ratio is <= 0 are not repeated (their repeats would cost
    the phase's few size draws): lhs = −Σ a_t ≤ T draws new sizes for every batch."""
    T, t = size("T"), index("t")
    a = sequence("a", over=(1, T), domain="[0, 1]", description="a_t")
    stmt = statement("test/d11a-pace-nonpositive", lhs=-sp.Sum(a[t], (t, 1, T)), rhs=T,
                     register=False, title="−Σ a_t ≤ T", expected="holds")
    batches, draws, _ = _run(stmt, monkeypatch, 0.1, ManualClock(step=1e-3))
    assert len(batches) >= 4 and len(draws) >= len(batches)  # one draw per batch (and a last
    #                                                            one that did not fit)
