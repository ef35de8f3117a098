"""Domains that read other sequences entry by entry: a box ``W = [lo, lo + D]``.

A paper's feasible set is often a box whose corner is itself an input (``W = Π_j [lo_j,
lo_j + D]``, Assumption 3.1 of adagrad_aniso).  A sequence quantity over ``(1, d)`` declares
it as its domain::

    Quantity("w0", "sequence", "W = [lo, lo + D]", "initial point w₀ ∈ W", (1,), ("d",))

``W =`` names the set (optional, for the reader); the bounds are SymPy expressions in which a
*sequence* of the same rank (``lo``) stands for its entry at the same indices and scalars
(``D``) for themselves.  The domain becomes the relations ``lo[i] <= w0[i] <= lo[i] + D`` for
every ``i`` in the quantity's range, solved by the derivation like any hypothesis (the latest
unknown of each bound is drawn on it or with slack), so the derived draws lie in the box
exactly.  Open ends use ``(``/``)``.

Hook: :func:`adaproof.derive.domains.parse_domain` tries :func:`parse_box` first.
"""
from __future__ import annotations

import re

import sympy as sp

__all__ = ["parse_box"]

_BOX = re.compile(r"^(?:([A-Za-z_]\w*)\s*=\s*)?([\(\[])\s*(.+?)\s*,\s*(.+?)\s*([\)\]])\s*"
                  r"(?:\(a box\))?$")


def parse_box(qname: str, text: str, names: dict, sequences: dict | None):
    """The :class:`~adaproof.derive.domains.Domain` of an entrywise box domain of sequence
    ``qname``, or None when ``text`` is not one (no bound names another sequence).  Raises
    :class:`~adaproof.derive.domains.DerivationError` for a box that reads a sequence of
    another rank."""
    from ..statement import Hypothesis
    from .domains import DerivationError, Domain, _expr
    if not sequences or qname not in sequences:
        return None
    m = _BOX.match(text)
    if not m:
        return None
    lo_t, hi_t = m.group(3), m.group(4)
    others = [n for n in sequences if n != qname and
              re.search(rf"\b{re.escape(n)}\b", lo_t + " " + hi_t)]
    if not others:
        return None
    start, extent = sequences[qname]
    idx = [sp.Symbol(f"_box{a}", integer=True) for a in range(len(start))]
    loc = dict(names)
    for n in others:
        if len(sequences[n][0]) != len(start):
            raise DerivationError(f"quantity {qname!r}: domain {text!r} reads sequence {n!r} of "
                                  f"rank {len(sequences[n][0])} entry by entry, but {qname!r} "
                                  f"has rank {len(start)}; state the box as hypotheses instead")
        loc[n] = sp.IndexedBase(n)[tuple(idx)]
    lo, hi = (_expr(x, loc, qname, text) for x in (lo_t, hi_t))
    x = sp.IndexedBase(qname)[tuple(idx)]
    rels = []
    if lo != -sp.oo:
        rels.append(sp.StrictGreaterThan(x, lo) if m.group(2) == "(" else sp.GreaterThan(x, lo))
    if hi != sp.oo:
        rels.append(sp.StrictLessThan(x, hi) if m.group(5) == ")" else sp.LessThan(x, hi))
    forall = tuple((i, s, sp.sympify(e, locals=names)) for i, s, e in zip(idx, start, extent))
    name = m.group(1) or "the box"
    out = Domain()
    out.relations = [Hypothesis(r, forall=forall, note=f"domain: {qname} in {name}")
                     for r in rels]
    return out
