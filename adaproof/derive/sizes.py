"""Derived sizes: a ladder per budget within each size's domain.

A size that is the first (time) axis of some sequence gets the time ladder, one that indexes
only inner axes (coordinates) the coordinate ladder, and any other size the small ladder.  Every
ladder starts with the smallest cases 1, 2, 3 (those the domain allows) and ends with a few large
ones.  One value per size symbol is drawn per batch, so every sequence it indexes has the same
extent (consistent by construction).  Relations of the hypotheses that involve sizes only (``T``
even, ``t0 <= T``) and domains naming other sizes (``[2, T]``) are enforced by redrawing.
"""
from __future__ import annotations

import math

import sympy as sp
import torch

from ..symbolic import _int_value
from .domains import DerivationError
from .numeric_sizes import NUMERIC_LADDER

__all__ = ["LADDERS", "size_ladders", "draw_sizes"]

LADDERS = {
    "time": {"smoke": (1, 2, 3, 5, 10, 50),
             "default": (1, 2, 3, 5, 10, 50, 200),
             "deep": (1, 2, 3, 5, 10, 50, 200, 1000, 5000)},
    "coord": {"smoke": (1, 2, 3, 4, 8), "default": (1, 2, 3, 4, 8),
              "deep": (1, 2, 3, 4, 8, 16)},
    "atoms": {"smoke": (1, 2, 3), "default": (1, 2, 3, 4), "deep": (1, 2, 3, 4, 6)},
    "other": {"smoke": (1, 2, 3, 5, 10), "default": (1, 2, 3, 5, 10),
              "deep": (1, 2, 3, 5, 10, 20)},
    "numeric": NUMERIC_LADDER,  # a size that enters only as a number (numeric_sizes)
}
#: at most this many input entries per candidate (product of the sequence extents)
MAX_ENTRIES = 1 << 14
#: statements in expectation: at most this many noise paths (exact enumeration, re-verified in
#: mpmath); larger sizes are redrawn (never Monte Carlo: its float confirmation can read a
#: rounding error on a tight candidate as a violation, see docs/hand-samplers.md)
MAX_PATHS = 256


def size_ladders(plan, preset: str) -> dict[str, tuple[int, ...]]:
    """Candidate values of every size of ``plan`` for ``preset`` (after the domain's minimum,
    parity and constant maximum)."""
    preset = preset if preset in LADDERS["time"] else "default"
    out = {}
    for name, info in plan.sizes.items():
        ladder = LADDERS[info["role"]][preset]
        lo = info["min"]
        vals = sorted({max(v, lo) for v in ladder} | {lo, lo + 1, lo + 2})
        if info["even"]:
            vals = sorted({v + (v % 2) for v in vals})
        if info["max"] is not None:
            vals = [v for v in vals if v <= info["max"]] or [info["max"]]
        out[name] = tuple(vals)
    return out


def draw_sizes(plan, gen: torch.Generator, preset: str) -> dict[str, int]:
    """One size assignment (seeded by ``gen``) satisfying every size-only relation."""
    ladders = size_ladders(plan, preset)
    for _ in range(200):
        sizes = {}
        for name in plan.size_order:
            opts = ladders[name]
            sizes[name] = int(opts[int(torch.randint(len(opts), (1,), generator=gen))])
        from .sizes_extra import computed_sizes  # n = 2/m: from the others (None: not integer)
        if computed_sizes(plan, sizes) and _ok(plan, sizes):
            return sizes
    raise DerivationError(f"statement {plan.key}: no sizes on the ladders {ladders} satisfy "
                          f"{[str(r) for r in plan.size_relations]}")


def _ok(plan, sizes: dict) -> bool:
    subs = {plan.symbols[n]: v for n, v in sizes.items()}
    for rel in plan.size_relations:
        val = rel.subs(subs)
        if val not in (sp.true, True):
            return False
    try:
        shapes = [q.shape(sizes) for q in plan.sequences.values()]
        # every universal range non-empty (the evaluator rejects an empty forall)
        for lo, hi in plan.ranges:
            if _int_value(hi, sizes) < _int_value(lo, sizes):
                return False
    except Exception:
        return False
    if any(n < 1 for s in shapes for n in s):
        return False
    law = getattr(plan, "law", None)
    if law is not None and law["noise"] is not None and law["values"] is not None:
        spec = law["noise"]
        k = plan.sequences[law["values"]].shape(sizes)[0]
        n = math.prod(spec.shape(sizes))
        logp = n * math.log(max(k, 1))
        if logp > math.log(MAX_PATHS):
            return False
    if not all(math.prod(s) <= MAX_ENTRIES for s in shapes):
        return False
    return _work_ok(plan, sizes)


def _work_ok(plan, sizes: dict) -> bool:
    """The evaluation work of ``sizes`` within the cap (:mod:`adaproof.derive.work`; a plan
    without an estimate, ``plan.work`` None, is never capped)."""
    work = getattr(plan, "work", None)
    if work is None:
        return True
    cap = getattr(plan, "work_cap", None)
    if cap is None:
        from .work import MAX_WORK
        smallest = {n: v[0] for n, v in size_ladders(plan, "default").items()}
        from .sizes_extra import computed_sizes
        computed_sizes(plan, smallest)
        cap = plan.work_cap = max(MAX_WORK, 4 * work(smallest))
    return work(sizes) <= cap
