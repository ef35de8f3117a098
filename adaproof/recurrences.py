"""Which of a statement's recurrences the exact paths must run.

A statement may list a recurrence whose quantity none of its sides, hypotheses or ranges reads
(a user who declared the algorithm's other quantities once for several statements, or dropped the
term that read it).  Such a recurrence changes nothing, and the exact recomputations (mpmath in
:mod:`adaproof.verification`, Arb in :mod:`adaproof.prescreen`, SymPy in
:mod:`adaproof.conclusions`) skip it: running it needed its quantity's extent, and the declared
statement does not list a quantity it never uses (``KeyError: 'W'``).  A recurrence that *is*
read, directly or through another recurrence, but whose quantity the statement does not declare
is a clear input error naming it.
"""
from __future__ import annotations

import functools

import sympy as sp

from ._validation import AdaproofInputError

__all__ = ["recurrences_read"]


@functools.lru_cache(maxsize=4096)  # per candidate otherwise: free_symbols of a Sum rebuilds it
def _names(expr) -> frozenset[str]:
    from .symbolic import index_symbols  # free_symbols without rebuilding a Sum's summand
    e = sp.sympify(expr)
    return frozenset({x.base.label.name for x in e.atoms(sp.Indexed)}
                     | {x.name for x in index_symbols(e)})


@functools.lru_cache(maxsize=1024)
def _read(recs: tuple, roots: frozenset, declared: frozenset) -> tuple:
    by_name = {r.name: r for r in recs}
    need: set[str] = set()
    todo = [n for n in roots if n in by_name]
    while todo:
        n = todo.pop()
        if n in need:
            continue
        need.add(n)
        rec = by_name[n]
        todo += [m for m in _names(rec.update) | _names(rec.init) if m in by_name]
    missing = sorted(n for n in need if n not in declared)
    if missing:
        raise AdaproofInputError(
            f"recurrences {missing} are read by the statement but their quantities are not "
            f"among its quantities: declare them (sequence(...) or trajectory(...)) and pass "
            f"quantities= with them")
    return tuple(r for r in recs if r.name in need)


def recurrences_read(stmt) -> tuple:
    """``stmt.recurrences`` less those whose quantity nothing the statement evaluates reads
    (sides, hypotheses, universal ranges and the recurrences that are read), in their order."""
    recs = tuple(stmt.recurrences)
    if not recs:
        return recs
    exprs = [stmt.lhs, stmt.rhs] + [h.relation for h in stmt.hypotheses]
    exprs += [b for f in [stmt.forall] + [h.forall for h in stmt.hypotheses]
              for _, lo, hi in f for b in (lo, hi)]
    roots = set()
    for e in exprs:
        roots |= _names(e)
    return _read(recs, frozenset(roots), frozenset(q.name for q in stmt.quantities))
