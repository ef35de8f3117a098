"""Check a statement: replay its stored counterexamples, attack it (random sampling, then
Hypothesis, then gradient-guided search), re-verify every candidate violation exactly, save
verified ones to the store, and return a JSON-serialisable :class:`CheckResult`.

Budgets are either seconds of wall time per statement (the presets ``smoke``, ``default`` and
``deep``) or a number of *examples* (``check(..., examples=N)``, ``adaproof check --examples N``).
A wall-clock budget is split 20 % random sampling, 30 % Hypothesis, 50 % guided search (random
sampling gets all of it when the statement has no strategy and no reparameterisation); where the
cut falls depends on the machine's speed and load.  An examples budget is split
:data:`EXAMPLE_SHARE` between the phases and counts every evaluated candidate (admissible,
rejected by a hypothesis, or non-finite), so the verdict, the best ratio and the counterexample
depend on the seed alone, whatever the machine load.
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
from .search import Candidate, PhaseOutcome
from .verification import DPS, candidate_inputs, evaluate_batch, verify_candidate
from .derive import (acceptance_mark, acceptance_since, default_phases, sampler_for, sizes_for,
                     without_hand_samplers)

__all__ = ["CheckResult", "check", "BUDGETS", "parse_budget"]

BUDGETS = {"smoke": 2.0, "default": 20.0, "deep": 300.0}
#: candidates per batch on each device
BATCH = {"cpu": 512, "cuda": 8192}
#: at most this many float-flagged candidates per batch go to exact re-verification
VERIFY_PER_BATCH = 4
#: how an examples budget is split between the phases (renormalised over the phases that run);
#: Hypothesis evaluates one example at a time, so it gets a smaller share of the count
EXAMPLE_SHARE = {"random": 0.4, "hypothesis": 0.1, "guided": 0.5}


def parse_examples(examples) -> int | None:
    """``None`` (a wall-clock budget) or a number of examples, an integer >= 1."""
    if examples is None:
        return None
    if isinstance(examples, str):
        try:
            examples = int(examples)
        except ValueError:
            raise AdaproofInputError(
                f"examples must be an integer >= 1, got {examples!r}") from None
    if isinstance(examples, bool) or not isinstance(examples, int) or not (
            1 <= examples <= 10 ** 12):
        raise AdaproofInputError(
            f"examples must be an integer between 1 and 10**12, got {examples!r}")
    return examples


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
    budget_s: float | None
    error: str | None = None
    #: the examples budget (None: the budget was ``budget_s`` seconds of wall time)
    budget_examples: int | None = None
    phases: dict = field(default_factory=dict)
    replayed: bool = False
    stored_counterexamples: int = 0
    stale_counterexamples: int = 0
    saved_to: str | None = None
    expectation: str | None = None  # statements in expectation: how the screen computed E[.]
    library_version: str = __version__
    verified_digits: int = DPS
    #: derived inputs: the fraction of the sampler's first-round draws that passed the
    #: hypotheses enforced by rejection (1.0 when all are solved as bounds); None: hand sampler
    acceptance: float | None = None

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
            "digits": DPS if verdict.method.startswith("mpmath") else None,
            "verification": verdict.method}


#: for statements in expectation: at most this many rows (candidates x noise paths) per batch
NOISE_ROWS = 2 ** 17


def _fit_noise_batch(stmt: Statement, inputs: dict, sizes: dict) -> dict:
    """Keep as many candidates as fit NOISE_ROWS rows once expanded over the noise paths."""
    from .expectation import n_paths
    from .symbolic import SeqValue
    spec = stmt.noise
    vals = inputs[spec.values]
    k = (vals.data if isinstance(vals, SeqValue) else vals).shape[1]
    _, P = n_paths(spec, k, sizes)
    if P > spec.max_paths:
        P = spec.mc_paths
    keep = max(1, NOISE_ROWS // P)
    return {key: (SeqValue(v.data[:keep], v.start) if isinstance(v, SeqValue) else
                  v[:keep] if isinstance(v, torch.Tensor) and v.dim() >= 1 else v)
            for key, v in inputs.items()}


class _Tally:
    """Everything a check accumulates across phases; verifies float-flagged candidates exactly."""

    def __init__(self, stmt: Statement):
        self.stmt = stmt
        self.examples = self.rejected = self.disagreements = 0
        self.nonfinite_ok = self.nonfinite_skipped = self.flagged_skipped = 0
        self.best: tuple[float, dict, dict] | None = None
        self.counterexample: dict | None = None
        self.error: str | None = None
        self.method = "random-sampling"
        self.expectation: str | None = None

    def consider(self, ratio: float, cand: dict, sizes: dict) -> None:
        if math.isfinite(ratio) and (self.best is None or ratio > self.best[0]):
            self.best = (ratio, cand, dict(sizes))

    def verify(self, cand: dict, sizes: dict, method: str, prefer: dict | None = None,
               nonfinite: bool = False) -> bool:
        """Re-verify one flagged candidate; True when a verified violation (or error) ends the
        check."""
        verdict = verify_candidate(self.stmt, cand, sizes, prefer_index=prefer)
        if not verdict.hypotheses_hold:
            self.rejected += 1
            return False
        if not verdict.finite:
            self.error = (f"non-finite side in exact arithmetic (lhs={verdict.lhs}, "
                          f"rhs={verdict.rhs}) on an input that satisfies the hypotheses")
            self.best = (float("nan"), cand, dict(sizes))
            return True
        if verdict.violated:
            self.counterexample = _counterexample(cand, sizes, verdict)
            self.method = method
            self.best = (float(verdict.ratio), cand, dict(sizes))
            return True
        if nonfinite:
            self.nonfinite_ok += 1
        else:
            self.disagreements += 1
        self.consider(float(verdict.ratio), cand, sizes)
        return False

    def absorb(self, outcome: PhaseOutcome) -> bool:
        """Fold a search phase's outcome in: its best candidate, then its flagged ones verified."""
        self.examples += outcome.examples
        if outcome.best is not None:
            self.consider(outcome.best.ratio, outcome.best.inputs, outcome.best.sizes)
        cap = 2 * VERIFY_PER_BATCH
        for c in outcome.flagged[:cap]:
            if self.verify(c.inputs, c.sizes, outcome.name,
                           nonfinite=not math.isfinite(c.rel_margin)):
                return True
        self.flagged_skipped += max(0, len(outcome.flagged) - cap)
        for c in outcome.nonfinite[:VERIFY_PER_BATCH]:
            if self.verify(c.inputs, c.sizes, outcome.name, nonfinite=True):
                return True
        self.nonfinite_skipped += max(0, len(outcome.nonfinite) - VERIFY_PER_BATCH)
        return False


def _random_phase(stmt: Statement, tally: _Tally, budget_s: float, gen: torch.Generator,
                  B: int, device: str, preset: str, progress, t_start: float, total: float,
                  quota: int | None = None, done_before: int = 0) -> None:
    """Random sampling for ``budget_s`` seconds, or, with ``quota``, until ``quota`` candidates
    were drawn and evaluated (``total`` is then the whole check's examples budget and
    ``done_before`` what earlier phases used, for the progress bar)."""
    t0 = time.perf_counter()
    drawn = 0
    while True:
        sizes = sizes_for(stmt)(gen, preset)
        ctx = SampleContext(B=B, sizes=sizes, generator=gen, device=device)
        try:
            inputs = sampler_for(stmt)(ctx)
            if stmt.noise is not None:
                inputs = _fit_noise_batch(stmt, inputs, sizes)
            ev = evaluate_batch(stmt, inputs, sizes, device=device, generator=gen)
            tally.expectation = ev.expectation
        except Exception as exc:  # evaluation failure is an error, never a pass
            tally.error = f"{type(exc).__name__}: {exc}"
            return
        # float non-finite sides are re-evaluated exactly: never a pass, never a silent skip
        nonfinite = ev.nonfinite.nonzero().flatten().tolist()
        for j in nonfinite[:VERIFY_PER_BATCH]:
            if tally.verify(candidate_inputs(stmt, inputs, j), sizes, "random-sampling",
                            nonfinite=True):
                return
        tally.nonfinite_skipped += max(0, len(nonfinite) - VERIFY_PER_BATCH)
        ev.admissible &= ~ev.nonfinite
        drawn += int(ev.admissible.numel())
        n_adm = int(ev.admissible.sum())
        tally.examples += n_adm
        tally.rejected += ev.admissible.numel() - n_adm - len(nonfinite)
        flagged_mask = ev.admissible & (ev.margin < 0)
        # best candidate among those the float screen says hold: the smallest relative margin
        rel = torch.where(ev.admissible & ~flagged_mask, ev.rel_margin,
                          torch.full_like(ev.rel_margin, float("inf")))
        i = int(rel.argmin())
        if bool(torch.isfinite(rel[i])):
            tally.consider(float(ev.ratio[i]), candidate_inputs(stmt, inputs, i), sizes)
        flagged = flagged_mask.nonzero().flatten()
        if flagged.numel():
            order = ev.rel_margin[flagged].argsort()[:VERIFY_PER_BATCH]
            for j in flagged[order].tolist():
                pref = {str(s): int(k) for (s, _, _), k in zip(stmt.forall, ev.worst_index[j])}
                tally.examples -= 1  # counted again below only if it holds exactly
                if tally.verify(candidate_inputs(stmt, inputs, j), sizes, "random-sampling",
                                prefer=pref):
                    return
                tally.examples += 1
            # flagged candidates beyond the verification cap are neither passes nor findings
            unverified = max(0, flagged.numel() - VERIFY_PER_BATCH)
            tally.examples -= unverified
            tally.flagged_skipped += unverified
        if quota is not None:
            if progress:
                progress(min(1.0, (done_before + drawn) / total))
            if drawn >= quota:
                return
            continue
        if progress:
            progress(min(1.0, (time.perf_counter() - t_start) / total))
        if time.perf_counter() - t0 >= budget_s:
            return


#: replayed sides must equal the stored ones to this relative precision (the stored digits are
#: 40 significant digits of a 60-digit mpmath value: 37 must agree; float64 confirmations 1e-9)
REPLAY_RTOL = {"mpmath": 1e-37, "float": 1e-9}


def _sides_differ(stored: str, replayed: str | None, rtol: float) -> bool:
    import mpmath
    if replayed is None:
        return True
    with mpmath.workdps(DPS):
        try:
            a, b = mpmath.mpf(str(stored).strip()), mpmath.mpf(str(replayed).strip())
        except (ValueError, TypeError):
            return True
        return abs(a - b) > rtol * max(abs(a), abs(b))


def _replay(stmt: Statement, tally: _Tally) -> tuple[int, int, dict | None]:
    """Replay every stored counterexample of ``stmt`` (user and built-in stores).

    A stored file that is unreadable or inconsistent, whose replay raises, or whose replayed
    sides differ from its stored digits sets ``tally.error`` naming the file (the statement's
    status becomes ``error``); one that no longer violates is counted stale.  Returns
    ``(stored, stale, counterexample or None)``."""
    from . import store
    entries = store.load(stmt)
    stale = 0
    found = None
    problems = []
    for e in entries:
        path = e.get("_path", "?")
        if "_problem" in e:
            problems.append(f"stored counterexample {path} is unusable: {e['_problem']}")
            continue
        try:
            verdict = verify_candidate(stmt, e["inputs"], e["sizes"], prefer_index=e.get("index"))
        except Exception as exc:  # a bad stored input must not stop the run
            problems.append(f"stored counterexample {path} cannot be replayed: "
                            f"{type(exc).__name__}: {exc}")
            continue
        if verdict.hypotheses_hold and not verdict.finite:  # never a pass, never stale
            problems.append(f"stored counterexample {path} replays to a non-finite side "
                            f"(lhs={verdict.lhs}, rhs={verdict.rhs})")
            continue
        if not (verdict.hypotheses_hold and verdict.violated):
            stale += 1
            continue
        kind = "mpmath" if str(e.get("verification") or "mpmath").startswith("mpmath") and \
            verdict.method.startswith("mpmath") else "float"
        bad = [f"stored {side} {e[side]} differs from replayed {getattr(verdict, side)}"
               for side in ("lhs", "rhs")
               if _sides_differ(e[side], getattr(verdict, side), REPLAY_RTOL[kind])]
        if bad:
            problems.append(f"stored counterexample {path}: " + "; ".join(bad) +
                            " (tampered, or saved by an older form of the statement: delete the file or "
                            "re-run with --fresh)")
            continue
        if found is None:
            found = {**_counterexample(e["inputs"], e["sizes"], verdict), "stored": path}
    if problems:
        tally.error = " | ".join(problems)
    return len(entries), stale, found


def check(stmt: Statement, budget: str | float = "smoke", *, examples: int | None = None,
          seed: int = 0,
          device: str | None = "cpu", batch: int | None = None, fresh: bool = False,
          save: bool = True, phases: tuple[str, ...] | None = None,
          progress: Callable[[float], None] | None = None,
          sampler: str = "hand") -> CheckResult:
    """Attack ``stmt`` for ``budget`` seconds (see :data:`BUDGETS`), or, with ``examples``, for
    that many evaluated examples (the budget in seconds is then ignored: the result depends on
    the seed alone).

    Stored counterexamples replay first unless ``fresh``; a new verified violation is saved to
    the store when ``save``.  ``phases`` restricts the search (``"random"``, ``"hypothesis"``,
    ``"guided"``).  ``sampler="derived"`` ignores the statement's hand-written sampler, sizes,
    strategy and reparameterisation and derives them (:mod:`adaproof.derive`)."""
    if not isinstance(stmt, Statement):
        raise AdaproofInputError(f"stmt must be a Statement, got {type(stmt).__name__}")
    budget_s = parse_budget(budget)
    quota = parse_examples(examples)
    device = _resolve_device(device)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise AdaproofInputError(f"seed must be an integer >= 0, got {seed!r}")
    known = ("random", "hypothesis", "guided")
    if sampler not in ("hand", "derived"):
        raise AdaproofInputError(f"sampler must be 'hand' or 'derived', got {sampler!r}")
    stmt = without_hand_samplers(stmt) if sampler == "derived" else stmt
    if phases is None:
        phases = default_phases(stmt)
    elif not phases or any(p not in known for p in phases):
        raise AdaproofInputError(f"phases must be a non-empty subset of {known}, got {phases!r}")
    if save:  # an unusable store is an error now, not after a verified finding
        from . import store
        store.ensure_writable()
    B = batch or BATCH[device]
    # samplers that draw from torch's global generator (torch.distributions, a user's
    # torch.rand without generator=) draw from one seeded from ``seed`` too, so that the result
    # does not depend on what ran earlier in the process; the caller's state is restored after
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return _check(stmt, budget, budget_s, quota, seed, device, B, fresh, save, phases,
                      progress)


def _check(stmt, budget, budget_s, quota, seed, device, B, fresh, save, phases,
           progress) -> CheckResult:
    gen = torch.Generator().manual_seed(seed)
    t0 = time.perf_counter()
    tally = _Tally(stmt)
    mark = acceptance_mark(stmt)
    n_stored = n_stale = 0
    replayed = False
    if not fresh:
        n_stored, n_stale, ce = _replay(stmt, tally)
        if ce is not None:
            tally.counterexample, tally.method, replayed = ce, "replay", True
    preset = budget if isinstance(budget, str) and budget in BUDGETS else "default"
    share = {"random": 0.2, "hypothesis": 0.3, "guided": 0.5}
    if quota is not None:
        share = dict(EXAMPLE_SHARE)
    if phases == ("random",):
        share = {"random": 1.0}
    norm = sum(share[p] for p in phases)
    # an examples budget: each phase's count, the last phase taking the rounding remainder
    counts: dict[str, int] = {}
    if quota is not None:
        left = quota
        for name in phases:
            n = left if name == phases[-1] else max(1, int(quota * share[name] / norm))
            counts[name] = min(n, left) if name != phases[-1] else left
            left -= counts[name]
    phase_log: dict = {}
    used = 0
    for name in phases:
        if tally.counterexample is not None or tally.error:
            break
        t_phase = time.perf_counter()
        remaining = budget_s - (t_phase - t0)
        slot = budget_s * share[name] / norm if name != phases[-1] else remaining
        slot = max(0.0, min(slot, remaining)) if name != "random" else max(slot, 1e-3)
        before = tally.examples
        try:
            if quota is not None:
                n = counts[name]
                if n <= 0:
                    continue
                if name == "random":
                    _random_phase(stmt, tally, math.inf, gen, B, device, preset, progress, t0,
                                  quota, quota=n, done_before=used)
                else:
                    outcome = _run_phase(name, stmt, None, seed, device, tally, max_examples=n)
                    tally.absorb(outcome)
                used += n
            elif name == "random":
                _random_phase(stmt, tally, slot, gen, B, device, preset, progress, t0, budget_s)
            elif slot > 0:
                outcome = _run_phase(name, stmt, slot, seed, device, tally)
                tally.absorb(outcome)
        except Exception as exc:
            tally.error = f"{name} phase: {type(exc).__name__}: {exc}"
        phase_log[name] = {"time_s": round(time.perf_counter() - t_phase, 3),
                           "examples": tally.examples - before}
        if progress:
            progress(min(1.0, used / quota) if quota is not None else
                     min(1.0, (time.perf_counter() - t0) / budget_s))
    saved = None
    if tally.counterexample is not None and save and not replayed:
        from . import store
        saved = str(store.save(stmt, tally.counterexample, seed=seed, method=tally.method))
    status = "error" if tally.error else ("violated" if tally.counterexample else "holds")
    best = tally.best
    return CheckResult(
        id=stmt.id, variant=stmt.variant, key=stmt.key, expected=stmt.expected, status=status,
        method=tally.method if tally.counterexample else "+".join(phases),
        best_ratio=None if best is None else best[0],
        best_input=None if best is None else best[1], best_sizes=None if best is None else best[2],
        counterexample=tally.counterexample, examples=tally.examples,
        rejected_by_hypotheses=tally.rejected, float_exact_disagreements=tally.disagreements,
        nonfinite_resolved_exactly=tally.nonfinite_ok, nonfinite_unverified=tally.nonfinite_skipped,
        flagged_unverified=tally.flagged_skipped, seed=seed,
        device=device if device == "cpu" else f"cuda:{torch.cuda.get_device_name(0)}",
        time_s=round(time.perf_counter() - t0, 3),
        budget_s=None if quota is not None else budget_s, budget_examples=quota,
        error=tally.error,
        phases=phase_log, replayed=replayed, stored_counterexamples=n_stored,
        stale_counterexamples=n_stale, saved_to=saved, expectation=tally.expectation,
        acceptance=acceptance_since(stmt, mark))


def _run_phase(name: str, stmt: Statement, slot: float | None, seed: int, device: str,
               tally: _Tally, max_examples: int | None = None) -> PhaseOutcome:
    """One search phase for ``slot`` seconds, or (``slot=None``) for ``max_examples``
    evaluated examples."""
    if name == "hypothesis":
        from .search.hypothesis_phase import hypothesis_search
        return hypothesis_search(stmt, slot, seed, device=device, max_examples=max_examples)
    from .search.guided import guided_search
    starts = []
    if tally.best is not None and math.isfinite(tally.best[0]):
        starts.append(Candidate(tally.best[0], 0.0, tally.best[1], tally.best[2]))
    return guided_search(stmt, slot, seed, device=device, starts=starts,
                         max_examples=max_examples)
