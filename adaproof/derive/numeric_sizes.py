"""Sizes that enter a statement only as numbers get large values too.

A size such as the horizon ``T`` of a rate bound that no sequence is indexed by, no sum,
product, minimum or maximum ranges over, no universal index ranges over, and no algorithm or
noise reads is a *number* in the statement (``log T / T``, ``β₂^{T/4}``): evaluating it costs
the same at T = 10⁶ as at T = 3.  The size ladders (:mod:`adaproof.derive.sizes`) stop at 10
for such an "other" size, while a rate bound is often false only for large T
(``adam_linf/corollary-3.6-noise-floor``: B(T) falls below Σσ_i for T ≈ 2.3·10³ .. 10⁶, found by
its hand sampler at T = 2²⁰).  :func:`mark_numeric` gives those sizes the role ``"numeric"``,
whose ladder (``sizes.LADDERS["numeric"]``) is the small one followed by powers of ten and two
up to 2²⁰ (the small cases 1, 2, 3 always stay on it).
"""
from __future__ import annotations

import sympy as sp

__all__ = ["mark_numeric", "structural_symbols", "NUMERIC_LADDER"]

#: the ladder of a numeric size (per budget preset)
NUMERIC_LADDER = {
    "smoke": (1, 2, 3, 5, 10, 100, 1000, 2 ** 14, 2 ** 20),
    "default": (1, 2, 3, 5, 10, 100, 1000, 2 ** 12, 2 ** 16, 2 ** 20),
    "deep": (1, 2, 3, 5, 10, 20, 100, 1000, 2 ** 12, 2 ** 16, 2 ** 20),
}


def structural_symbols(expr) -> set:
    """Symbols that bound a range (Sum, Product, IndexMin/IndexMax) or index an entry in
    ``expr``: their value sets a loop length or an address, not a number."""
    from ..symbolic import _IndexReduce
    out: set = set()
    for node in sp.preorder_traversal(sp.sympify(expr)):
        if isinstance(node, (sp.Sum, sp.Product)):
            for lim in node.limits:
                for e in lim[1:]:
                    out |= sp.sympify(e).free_symbols
        elif isinstance(node, _IndexReduce):
            _, lo, hi = node.limit
            out |= lo.free_symbols | hi.free_symbols
        elif isinstance(node, sp.Indexed):
            for i in node.indices:
                out |= sp.sympify(i).free_symbols
    return out


def mark_numeric(stmt, size_info: dict) -> dict:
    """``size_info`` with the role of every size that enters ``stmt`` only as a number set to
    ``"numeric"`` (only sizes of role ``"other"``, and only in statements without an algorithm
    or noise: those read sizes outside the expressions)."""
    if stmt.trajectory is not None or stmt.noise is not None or getattr(
            stmt, "recurrences", None):
        return size_info
    exprs = [stmt.lhs, stmt.rhs] + [h.relation for h in stmt.hypotheses]
    exprs += [e for c in getattr(stmt, "conclusions", ()) for e in (c.lhs, c.rhs)]
    ranged = set()
    for e in exprs:
        ranged |= {s.name for s in structural_symbols(e)}
    for h in stmt.hypotheses:
        for _, lo, hi in h.forall:
            ranged |= {s.name for s in sp.sympify(lo).free_symbols | sp.sympify(hi).free_symbols}
    for fa in list(stmt.forall) + [x for c in getattr(stmt, "conclusions", ())
                                   for x in (c.forall or ())]:
        _, lo, hi = fa
        ranged |= {s.name for s in sp.sympify(lo).free_symbols | sp.sympify(hi).free_symbols}
    # extents are strings: the quantities' names as symbols (a size named N is not sympy.N)
    names = {q.name: sp.Symbol(q.name) for q in stmt.quantities}
    for q in stmt.quantities:  # a size in a sequence's extent or another quantity's domain
        for e in getattr(q, "extent", ()) or ():
            ranged |= {s.name for s in sp.sympify(e, locals=names).free_symbols}
    out = {}
    for n, info in size_info.items():
        if info["role"] == "other" and n not in ranged:
            info = {**info, "role": "numeric"}
        out[n] = info
    return out
