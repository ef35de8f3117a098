"""Check a statement: sample candidates, evaluate them batched, re-verify every candidate
violation exactly, and return a JSON-serialisable :class:`CheckResult`.

This is the plain random-sampling check of the foundation.  Budgets are seconds of wall time;
the presets are ``smoke`` (CI), ``default`` and ``deep``.
"""
from __future__ import annotations

import json
import math
import platform
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

import torch

from . import __version__
from ._validation import AdaproofInputError
from .statement import SampleContext, Statement
from .verification import DPS, candidate_inputs, evaluate_batch, verify_candidate

__all__ = ["CheckResult", "check", "BUDGETS", "parse_budget"]

BUDGETS = {"smoke": 2.0, "default": 20.0, "deep": 300.0}
#: candidates per batch on each device
BATCH = {"cpu": 512, "cuda": 8192}
#: at most this many float-flagged candidates per batch go to exact re-verification
VERIFY_PER_BATCH = 4


def parse_budget(budget: str | float | int) -> float:
    """``smoke`` | ``default`` | ``deep`` | a number of seconds > 0."""
    if isinstance(budget, str):
        if budget in BUDGETS:
            return BUDGETS[budget]
        try:
            budget = float(budget)
        except ValueError:
            raise AdaproofInputError(
                f"budget must be one of {sorted(BUDGETS)} or a number of seconds > 0, "
                f"got {budget!r}") from None
    if isinstance(budget, bool) or not isinstance(budget, (int, float)) or not (
            math.isfinite(budget) and budget > 0):
        raise AdaproofInputError(
            f"budget must be one of {sorted(BUDGETS)} or a number of seconds > 0, got {budget!r}")
    return float(budget)


@dataclass
class CheckResult:
    """Outcome of checking one statement variant."""

    id: str
    variant: str
    key: str
    expected: str
    status: str  # "holds" (within budget) | "violated" | "error"
    method: str
    best_ratio: float | None
    best_input: dict | None
    best_sizes: dict | None
    counterexample: dict | None
    examples: int
    rejected_by_hypotheses: int
    float_exact_disagreements: int
    nonfinite_resolved_exactly: int
    nonfinite_unverified: int
    flagged_unverified: int
    seed: int
    device: str
    time_s: float
    budget_s: float
    error: str | None = None
    library_version: str = __version__
    verified_digits: int = DPS

    @property
    def unexpected(self) -> bool:
        """The status contradicts what the registry expects (an error is always unexpected)."""
        if self.status == "error":
            return True
        return self.expected in ("holds", "violated") and self.status != self.expected

    def to_json(self) -> dict:
        d = asdict(self)
        d["unexpected"] = self.unexpected
        return d

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2)


def _resolve_device(device: str | None) -> str:
    if device in (None, "auto"):
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device not in ("cpu", "cuda"):
        raise AdaproofInputError(f"device must be 'cpu', 'cuda' or 'auto', got {device!r}")
    if device == "cuda" and not torch.cuda.is_available():
        raise AdaproofInputError("device='cuda' was asked for but torch sees no CUDA device")
    return device


def _counterexample(cand, sizes, verdict) -> dict:
    return {"inputs": cand, "sizes": dict(sizes), "lhs": verdict.lhs, "rhs": verdict.rhs,
            "margin": verdict.margin, "ratio": verdict.ratio, "index": verdict.index,
            "digits": DPS}


def check(stmt: Statement, budget: str | float = "smoke", *, seed: int = 0,
          device: str | None = "cpu", batch: int | None = None,
          progress: Callable[[float], None] | None = None) -> CheckResult:
    """Attack ``stmt`` by random sampling for ``budget`` seconds (see :data:`BUDGETS`)."""
    if not isinstance(stmt, Statement):
        raise AdaproofInputError(f"stmt must be a Statement, got {type(stmt).__name__}")
    budget_s = parse_budget(budget)
    device = _resolve_device(device)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise AdaproofInputError(f"seed must be an integer >= 0, got {seed!r}")
    B = batch or BATCH[device]
    gen = torch.Generator().manual_seed(seed)
    t0 = time.perf_counter()
    examples = rejected = disagreements = nonfinite_ok = nonfinite_skipped = flagged_skipped = 0
    best = None  # (ratio, input, sizes)
    counterexample = None
    error = None
    preset = budget if isinstance(budget, str) and budget in BUDGETS else "default"
    while True:
        sizes = stmt.sizes(gen, preset)
        ctx = SampleContext(B=B, sizes=sizes, generator=gen, device=device)
        try:
            inputs = stmt.sampler(ctx)
            ev = evaluate_batch(stmt, inputs, sizes, device=device)
        except Exception as exc:  # evaluation failure is an error, never a pass
            error = f"{type(exc).__name__}: {exc}"
            break
        # float non-finite sides are re-evaluated exactly: never a pass, never a silent skip
        nonfinite = ev.nonfinite.nonzero().flatten().tolist()
        for j in nonfinite[:VERIFY_PER_BATCH]:
            cand = candidate_inputs(stmt, inputs, j)
            verdict = verify_candidate(stmt, cand, sizes)
            if not verdict.hypotheses_hold:
                continue
            if not verdict.finite:
                error = (f"non-finite side in exact arithmetic (lhs={verdict.lhs}, "
                         f"rhs={verdict.rhs}) on an input that satisfies the hypotheses")
                best = (float("nan"), cand, dict(sizes))
                break
            if verdict.violated:
                counterexample = _counterexample(cand, sizes, verdict)
                best = (float("nan"), cand, dict(sizes))
                break
            nonfinite_ok += 1
        if error or counterexample:
            break
        nonfinite_skipped += max(0, len(nonfinite) - VERIFY_PER_BATCH)
        ev.admissible &= ~ev.nonfinite
        n_adm = int(ev.admissible.sum())
        examples += n_adm
        rejected += B - n_adm - len(nonfinite)
        flagged_mask = ev.admissible & (ev.margin < 0)
        # best candidate among those the float screen says hold: the smallest relative margin
        rel = torch.where(ev.admissible & ~flagged_mask, ev.rel_margin,
                          torch.full_like(ev.rel_margin, float("inf")))
        i = int(rel.argmin())
        if bool(torch.isfinite(rel[i])):
            r = float(ev.ratio[i])
            if best is None or r > best[0]:
                best = (r, candidate_inputs(stmt, inputs, i), dict(sizes))
        flagged = flagged_mask.nonzero().flatten()
        if flagged.numel():
            order = ev.rel_margin[flagged].argsort()[:VERIFY_PER_BATCH]
            for j in flagged[order].tolist():
                cand = candidate_inputs(stmt, inputs, j)
                pref = {str(s): int(k) for (s, _, _), k in zip(stmt.forall, ev.worst_index[j])}
                verdict = verify_candidate(stmt, cand, sizes, prefer_index=pref)
                disagreements += 1
                if not verdict.hypotheses_hold:
                    rejected += 1
                    examples -= 1
                    continue
                if verdict.violated:
                    disagreements -= 1
                    counterexample = _counterexample(cand, sizes, verdict)
                    best = (float(verdict.ratio), cand, dict(sizes))
                    break
                r = float(verdict.ratio)
                if best is None or r > best[0]:
                    best = (r, cand, dict(sizes))
            # flagged candidates beyond the verification cap are neither passes nor findings
            unverified = max(0, flagged.numel() - VERIFY_PER_BATCH)
            examples -= unverified
            flagged_skipped += unverified
        elapsed = time.perf_counter() - t0
        if progress:
            progress(min(1.0, elapsed / budget_s))
        if counterexample is not None or elapsed >= budget_s:
            break
    status = "error" if error else ("violated" if counterexample else "holds")
    return CheckResult(
        id=stmt.id, variant=stmt.variant, key=stmt.key, expected=stmt.expected, status=status,
        method="random-sampling", best_ratio=None if best is None else best[0],
        best_input=None if best is None else best[1], best_sizes=None if best is None else best[2],
        counterexample=counterexample, examples=examples, rejected_by_hypotheses=rejected,
        float_exact_disagreements=disagreements, nonfinite_resolved_exactly=nonfinite_ok,
        nonfinite_unverified=nonfinite_skipped, flagged_unverified=flagged_skipped, seed=seed,
        device=device if device == "cpu" else f"cuda:{torch.cuda.get_device_name(0)}",
        time_s=round(time.perf_counter() - t0, 3), budget_s=budget_s, error=error)
