"""How many size assignments a derived random phase draws under an examples budget.

The checker draws one size assignment per random batch (every row of a batch has the same
shapes), and a batch is 512 rows on the CPU: at ``check(examples=1000)`` the random phase's 400
examples were *one* batch, so one draw from the ladders decided the sizes of every random
candidate, and the guided phase then started from that batch's best.  A violation that lives at
one size only (``adam_linf/theorem-3.2-families``: the printed range ``1 ≤ t ≤ T`` fails at
``T = 1``; the draw was ``T = 10, d = 50``, best ratio 0.975) was then missed whatever the
values.  Where the sizes are derived (the statement gives none), the random phase is split into
at least :data:`SIZE_DRAWS` batches, each with its own sizes: the same number of examples, half
in a first batch at the sizes drawn first (as before), the other half spread over several other
points of the ladders (at ``examples=1000``: 200 rows, then 7 batches of 29).
"""
from __future__ import annotations

from ..statement import Statement

__all__ = ["SIZE_DRAWS", "MIN_ROWS", "random_batch"]

#: an examples budget's derived random phase draws at least this many size assignments
SIZE_DRAWS = 8
#: ... but no batch smaller than this (below it the per-batch cost dominates)
MIN_ROWS = 16


def random_batch(stmt: Statement, quota: int, B: int, drawn: int = 0) -> int:
    """The random phase's next batch for ``stmt`` under an examples budget of ``quota`` random
    examples, ``drawn`` of them drawn so far (``B``: the checker's batch): ``B`` where the
    statement gives its own sizes; else the first batch half the quota (the size assignment
    one batch had before, with the same seed stream: a bound whose best lives at one large
    size keeps a large batch there, adafactor/theorem-A.1-sqrt-dimfree-family-logistic), and
    the other half in batches of ``ceil(quota / 2 / (SIZE_DRAWS − 1))`` rows (at least
    :data:`MIN_ROWS`), so that the derived sizes are drawn at least :data:`SIZE_DRAWS` times."""
    if stmt.sizes is not None or quota <= 0:
        return B
    half = -(-int(quota) // 2)
    if drawn == 0:
        return max(1, min(B, half))
    rest = -(-(int(quota) - half) // (SIZE_DRAWS - 1))
    return max(1, min(B, max(MIN_ROWS, rest)))
