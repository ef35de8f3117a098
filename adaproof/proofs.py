"""Check the symbolic links of a statement's proof chain.

An ``=`` step is proved when SymPy reduces ``lhs - rhs`` to zero (sums over the same limits are
compared summand by summand); a step SymPy cannot decide is reported ``undecided``, never passed.
"""
from __future__ import annotations

import sympy as sp

from .statement import ProofStep, Statement

__all__ = ["check_identity", "check_proof"]


def _strip_sum(a: sp.Basic, b: sp.Basic) -> tuple[sp.Basic, sp.Basic]:
    if isinstance(a, sp.Sum) and isinstance(b, sp.Sum) and a.limits == b.limits:
        return a.function, b.function
    return a, b


def check_identity(lhs: sp.Basic, rhs: sp.Basic) -> str:
    """``"proved"`` when SymPy shows lhs == rhs, ``"disproved"`` when the difference is a nonzero
    number, else ``"undecided"``."""
    a, b = _strip_sum(lhs, rhs)
    diff = sp.simplify(sp.together(a - b))
    if diff == 0:
        return "proved"
    if diff.is_number and diff != 0:
        return "disproved"
    return "undecided"


def check_proof(stmt: Statement) -> list[tuple[ProofStep, str]]:
    """Each proof step with ``proved``/``disproved``/``undecided`` (inequalities: ``undecided``
    here; the numeric attack checks them)."""
    out = []
    for step in stmt.proof:
        out.append((step, check_identity(step.lhs, step.rhs) if step.relation == "=" else
                    "undecided"))
    return out
