"""The attack engine: phases that hunt for inputs maximising lhs/rhs of a statement.

Every phase returns a :class:`PhaseOutcome`; the checker (:mod:`adaproof.checker`) re-verifies
the flagged candidates exactly before anything is reported.  Candidates are plain dicts in the
:func:`adaproof.verification.candidate_inputs` format (JSON-able), with their sizes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["PhaseOutcome", "Candidate"]


@dataclass
class Candidate:
    """One input: ``ratio`` and ``rel_margin`` from the float screen, the inputs, the sizes."""

    ratio: float
    rel_margin: float
    inputs: dict
    sizes: dict


@dataclass
class PhaseOutcome:
    """What a search phase found: ``examples`` evaluated (admissible ones), the ``best`` candidate
    the float screen says holds (largest ratio), every ``flagged`` candidate whose float margin
    is negative (each input once), and every ``nonfinite`` one: the checker resolves them all
    exactly.  ``trace`` lists ``[examples, best ratio]`` whenever the best improved (for the
    ratio history); ``interrupted`` holds the ``KeyboardInterrupt`` that stopped the phase
    (the outcome is then partial)."""

    name: str
    examples: int = 0
    best: Candidate | None = None
    flagged: list[Candidate] = field(default_factory=list)
    #: candidates whose float sides were NaN or inf: the checker re-evaluates them exactly
    nonfinite: list[Candidate] = field(default_factory=list)
    trace: list = field(default_factory=list)
    interrupted: BaseException | None = None

    def offer(self, cand: Candidate) -> None:
        if cand.rel_margin < 0:
            self.flagged.append(cand)
        elif self.best is None or cand.ratio > self.best.ratio:
            self.best = cand
            self.trace.append([self.examples, cand.ratio])
