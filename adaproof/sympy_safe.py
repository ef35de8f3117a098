"""SymPy's rewriting routines, made safe for the expressions statements are written in.

``sympy.simplify`` has bugs on finite sums: simplifying ``Σ_t (S_t + 2 S_t²)`` with ``S_t = Σ_{s≤t}
a_s`` raises ``StopIteration`` from ``sum_add``'s refactoring (sympy/sympy#14570, still in SymPy
1.14), and others raise ``TypeError``/``AttributeError``/``RecursionError`` on odd corners.  The
engine only ever *tries* to simplify (a solved bound, a proof link, an exact equality), so a
failure of SymPy's rewriting falls back on the expression as written -- or on the caller's
``fallback`` where an unsimplified expression would decide the wrong way (a proof link is then
``undecided``, never ``disproved``).  A deadline (the proof links' alarm) is not caught.
"""
from __future__ import annotations

import sympy as sp

__all__ = ["simplify", "SYMPY_FAILURES"]

#: what SymPy's rewriting raises on expressions it mishandles (not a timeout or an interrupt)
SYMPY_FAILURES = (StopIteration, RecursionError, TypeError, ValueError, AttributeError,
                  IndexError, KeyError, NotImplementedError, ZeroDivisionError,
                  sp.PolynomialError, sp.polys.polyerrors.CoercionFailed)

_SAME = object()


def simplify(expr, fallback=_SAME, **kwargs):
    """``sympy.simplify(expr)``, or ``fallback`` (default: ``expr`` unchanged) when SymPy fails."""
    try:
        return sp.simplify(expr, **kwargs)
    except SYMPY_FAILURES:
        return expr if fallback is _SAME else fallback
