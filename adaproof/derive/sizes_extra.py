"""Sizes whose domain is an expression of other sizes (``n``: ``= 2/m``, the number of blocks of
a dimension 2 split into blocks of size ``m``): computed from the drawn ones, never drawn.

The plan records such a size's expression (``plan.sizes[n]["expr"]``); :func:`computed_sizes`
overwrites the drawn value with the expression's value, and answers False (the assignment is
redrawn) where that value is not a positive integer.  The size's relation ``Eq(n, 2/m)`` stays
among the plan's size relations, so the assignment is still checked as a whole.
"""
from __future__ import annotations

import sympy as sp

__all__ = ["computed_sizes"]


def computed_sizes(plan, sizes: dict) -> bool:
    """Fill the computed sizes of ``plan`` into ``sizes`` (in place); False where one is not a
    positive integer (or reads another computed size that is not known yet)."""
    computed = {n: info["expr"] for n, info in plan.sizes.items() if "expr" in info}
    for _ in range(len(computed)):  # a computed size may read another one
        for name, expr in computed.items():
            val = sp.sympify(expr).subs({plan.symbols[k]: v for k, v in sizes.items()
                                         if k != name and v is not None})
            if not val.is_Integer or int(val) < 1:
                sizes[name] = None
                continue
            sizes[name] = int(val)
    return all(sizes[n] is not None for n in computed)
