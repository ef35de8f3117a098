"""A statement's declared budget floor (``Statement.min_budget_s``, ``docs/budgets.md``).

Some statements are a fixed computation that no search can shorten: adam_linf Table 1's rotated
rows are five 1000 x 1000 eigendecompositions and some forty 1000 x 1000 products, its loss
columns 272 GFLOP of Adam steps.  Under a wall-clock budget smaller than that cost they could
only ever end ``holds, 1 unverified``.  Such a statement declares the least budget it needs
(``min_budget_s``, with the measured cost and why in ``min_budget_why``); under a smaller
wall-clock budget the checker uses the floor for that statement and says so: the result's
``budget_s`` is the floor actually used and ``budget_floor_from`` the budget requested, so the
10 % overrun rule is judged against the budget used and nothing is exceeded silently.  An
examples budget (``--examples N``) has no clock and is unaffected.
"""
from __future__ import annotations

from ._validation import check_interval

__all__ = ["validate_floor", "apply_floor"]


def validate_floor(value, where: str = "statement") -> float | None:
    """``None`` or a finite number of seconds > 0 (an ``AdaproofInputError`` naming
    ``min_budget_s`` and the allowed range otherwise: the project's interval check)."""
    if value is None:
        return None
    return float(check_interval(f"{where}: min_budget_s", value, 0, low_open=True))


def apply_floor(stmt, budget_s: float, examples) -> tuple[float, float | None]:
    """``(budget used, budget requested or None)``: the statement's floor when a wall-clock
    ``budget_s`` is below it, else ``budget_s`` unchanged (and None)."""
    floor = getattr(stmt, "min_budget_s", None)
    if examples is not None or floor is None or budget_s >= floor:
        return budget_s, None
    return float(floor), budget_s
