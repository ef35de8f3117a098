"""The evaluation work of a size assignment, and the cap the derived size draws respect.

The float screen evaluates a nested ``Sum``/``IndexMax``/``IndexMin`` by broadcasting: its cost
per candidate is the product of the ranges along the deepest nesting path (``Σ_l Σ_{i,j}
Σ_{l'} Σ_{i',j'} Σ_{p,q}`` costs ``K²(nm)³``), times the universal ranges.  The ladders are drawn
per size, so ``adafactor/eq-107-a`` (sizes T, n, K on the time ladder, up to 200 each, and m up
to 8) drew assignments of about 10¹⁵ per candidate: its derived check ran for over 26 minutes.
:func:`work_fn` turns a statement's expressions into one function of the sizes (an upper
estimate: an inner range reading an outer index, ``s ≤ t``, counts at the outer index's largest
value), and :func:`adaproof.derive.sizes.draw_sizes` redraws an assignment whose work exceeds
:data:`MAX_WORK` (or the smallest assignment's work, where even that is larger), as it redraws
one with more than ``MAX_ENTRIES`` input entries.
"""
from __future__ import annotations

import math

import sympy as sp

from ..symbolic import _IndexReduce

__all__ = ["MAX_WORK", "work_fn"]

#: at most this many evaluated terms per candidate (the product of nested ranges)
MAX_WORK = 1 << 22


def _limits(e):
    if isinstance(e, sp.Sum) or isinstance(e, sp.Product):
        return [tuple(lim) for lim in e.limits], e.function
    if isinstance(e, _IndexReduce):
        return [e.limit], e.function
    return None, None


def _work(e, hi_of: dict, lo_of: dict, memo: dict):
    """A SymPy expression in the sizes bounding the terms evaluated for ``e``."""
    key = (e, tuple(sorted(hi_of.items(), key=str)))
    if key in memo:
        return memo[key]
    lims, f = _limits(e)
    if lims is not None:
        hi2, lo2, n = dict(hi_of), dict(lo_of), sp.Integer(1)
        for s, a, b in reversed(lims):  # SymPy lists a Sum's limits innermost first
            a_min = sp.sympify(a).xreplace(lo2)
            b_max = sp.sympify(b).xreplace(hi2)
            n = n * sp.Max(1, b_max - a_min + 1)
            hi2[s], lo2[s] = b_max, a_min
        out = n * _work(f, hi2, lo2, memo)
    elif not e.args or e.is_Atom or isinstance(e, sp.Indexed):
        out = sp.Integer(1)
    else:
        out = sp.Add(*[_work(a, hi_of, lo_of, memo) for a in e.args if isinstance(a, sp.Basic)])
    memo[key] = out
    return out


def work_fn(stmt, size_symbols: dict):
    """``f(sizes) -> float``: the evaluation work per candidate of ``stmt`` at ``sizes`` (a dict
    name -> int), or None when it cannot be estimated (never rejects then)."""
    memo: dict = {}
    try:
        hi_of, lo_of = {}, {}
        forall = sp.Integer(1)
        for s, a, b in stmt.forall:
            forall = forall * sp.Max(1, sp.sympify(b) - sp.sympify(a) + 1)
            hi_of[s], lo_of[s] = sp.sympify(b), sp.sympify(a)
        total = sp.Integer(0)
        for e in (stmt.lhs, stmt.rhs):
            total = total + _work(sp.sympify(e), hi_of, lo_of, memo)
        for h in stmt.hypotheses:
            hh, ll = {}, {}
            n = sp.Integer(1)
            for s, a, b in h.forall:
                n = n * sp.Max(1, sp.sympify(b) - sp.sympify(a) + 1)
                hh[s], ll[s] = sp.sympify(b), sp.sympify(a)
            total = total + n * _work(sp.sympify(h.relation), hh, ll, memo)
        expr = forall * total
        syms = [size_symbols[n] for n in sorted(size_symbols)]
        if not expr.free_symbols <= set(syms):
            return None
        fn = sp.lambdify(syms, expr, modules=[{"Max": max, "Min": min}, "math"])
    except Exception:  # an expression the estimate does not understand: no cap
        return None
    names = sorted(size_symbols)

    def work(sizes: dict) -> float:
        try:
            return float(fn(*[sizes[n] for n in names]))
        except Exception:
            return 0.0
    return work
