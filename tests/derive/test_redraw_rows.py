"""Rejected rows of a derived draw are redrawn in a batch sized by the acceptance seen so far,
and any accepted row of the redraw fills a missing one: one redraw round is usually enough (a
row-aligned redraw of B rows needed all 4 rounds at low acceptance and still copied rows)."""
from __future__ import annotations

import os
import sys

import torch

from adaproof import lemmas
from adaproof.derive import _redraw_rows, derivation, without_hand_samplers
from adaproof.statement import SampleContext

sys.path.insert(0, os.path.dirname(__file__))
from _exact import exact_failures  # noqa: E402


def test_rejected_rows_are_replaced_in_one_sized_round(monkeypatch):
    # adam_linf/eq-13: an unsolved hypothesis rejects about 85 % of the first draws
    stmt = without_hand_samplers(lemmas.get("adam_linf/eq-13"))
    d = derivation(stmt)
    runs = []
    real = d.chain.run

    def counting(feed, sizes, B, **kw):
        runs.append(B)
        return real(feed, sizes, B, **kw)
    monkeypatch.setattr(d.chain, "run", counting)
    gen = torch.Generator().manual_seed(0)
    sizes = d.sizes(gen, "smoke")
    rows, ok = d.draw(SampleContext(B=64, sizes=sizes, generator=gen))
    assert d.acceptance is not None and d.acceptance < 0.5, d.acceptance
    assert bool(ok.all())  # every rejected row replaced by a new accepted draw: none copied
    assert len(runs) <= 3 and runs[0] == 64 and runs[1] > 64, runs  # one redraw, sized
    assert exact_failures(stmt, rows, sizes, range(0, 64, 4)) == []  # hypotheses hold exactly


def test_redraw_size_rule():
    assert _redraw_rows(6, 0.25, 8) == 36  # 1.5 x 6 / 0.25
    assert _redraw_rows(2, 1.0, 8) == 3 and _redraw_rows(1, 1.0, 8) == 2
    assert _redraw_rows(8, 0.0, 8) == 64  # capped at 8 x B
    assert _redraw_rows(5, 0.001, 4) == 32
