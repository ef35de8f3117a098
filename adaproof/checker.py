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

No silent pass: every candidate the float screen flags (a negative margin, or a NaN/inf side)
is resolved exactly before ``holds`` is reported -- duplicates once, then all at once by the
ball-arithmetic pre-screen (:mod:`adaproof.prescreen`), then mpmath where still undecided (a
violation is only ever reported on mpmath's word).  An examples budget resolves them all.  Its
random phase's last batch is the remainder of that phase's share, but the guided phase screens
whole populations (up to 2048 rows) and stops after the screen that reaches its share, so
``examples=N`` may evaluate more than N (``CheckResult.examples`` says how many: 2073 for
``adam_linf/lemma-3.12`` at ``examples=50``); the count depends on the seed alone.  A wall-clock budget gives the search
phases :data:`SEARCH_SHARE` of it and paces them so that their re-checks fit: random-sampling
batches start small for each sizes and grow geometrically, each cut to what its measured cost
(re-checks included) fits in the time left (:class:`_Pace`); the guided search's population is
capped so one screen's re-checks fit the rest of the budget; a Hypothesis slot under 1 s is
skipped (its share goes to the guided search) and one under 3 s leaves its
exact checks to the checker.  The exact re-checks outrank the search: those of what a phase
flagged run past the phase's cut (:func:`_past_phase_cut`), and a batch or a screen is not
drawn when the re-checks of all its candidates would not fit before the statement's end at the
cost measured per sizes.  The exact re-checks are cut at the budget's end, and what is left
is reported (``unverified``; the CLI prints ``holds, N unverified`` and ``--strict`` fails on it).

A wall-clock budget ends on time (``docs/budgets.md``): one :class:`~adaproof.deadline.Deadline`
per statement, started when :func:`check` is called, covers everything but the once-per-process
setup before it (imports, one garbage collection: ``warmup_s``, :mod:`adaproof.warmup`) -- the
replay of stored counterexamples (mpmath, then ball
arithmetic where mpmath is cut), every phase and every exact re-check.  Besides the cooperative
checks, each phase is pre-empted a little after its slot and the replay and re-checks at the
budget's end (SIGALRM sent to the main thread by a watchdog thread; cooperative checks only
elsewhere); a cut phase's flagged candidates wait in a backlog for the budget's reserve, and
what a cut leaves undecided is counted ``unverified`` (a stored counterexample too:
``replay_unverified``), never dropped.

Interrupts: a ``KeyboardInterrupt`` (SIGINT, or :class:`Terminated` from the CLI's SIGTERM
handler) stops the search; ``check(on_interrupt="return")`` returns the partial result
(``interrupted=True``, status ``interrupted`` unless a violation or an error was already
established; a counterexample verified before the interrupt is saved).

``CheckResult.history`` records the best ratio against the examples evaluated, per phase.
"""
from __future__ import annotations

import json
import math
import platform
import time
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

import torch

from . import __version__
from ._validation import AdaproofInputError, check_search_args
from .statement import SampleContext, Statement
from .search import Candidate, PhaseOutcome
from .verification import DPS, candidate_inputs, evaluate_batch, verify_candidate
from .deadline import BudgetCut, Deadline, is_cut, shield, unshield
from .derive import (DerivationError, acceptance_mark, acceptance_since, default_phases,
                     sampler_for, sizes_for, without_hand_samplers)
from .derive.size_draws import random_batch

__all__ = ["CheckResult", "check", "BUDGETS", "parse_budget"]

BUDGETS = {"smoke": 2.0, "default": 20.0, "deep": 300.0}
#: candidates per batch on each device
BATCH = {"cpu": 512, "cuda": 8192}
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
            0 < budget < 1e300):  # NaN, inf and ints beyond float64 fail here
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
    #: "holds" (within budget) | "violated" | "error" | "interrupted" | "unknown" (nothing
    #: decided: no example evaluated and no counterexample replayed; :attr:`reason` says why)
    status: str
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
    #: float-flagged and non-finite candidates a wall-clock budget left without an exact verdict
    #: (``flagged_unverified + nonfinite_unverified``); ``holds`` with ``unverified > 0`` is
    #: "holds, N unverified", a failure under ``--strict``.  With an examples budget only exact
    #: verdicts that stay undecided count (a margin unstable under precision, a ball that
    #: cannot decide an exact equality), never a cut.
    unverified: int = 0
    #: flagged candidates decided by the ball-arithmetic pre-screen / by mpmath
    resolved_by_prescreen: int = 0
    resolved_by_mpmath: int = 0
    #: stopped by SIGINT / SIGTERM (``status`` is then ``interrupted`` unless already decided)
    interrupted: bool = False
    #: the best ratio against examples, per phase: ``{phase: [[examples_so_far, best], ...]}``
    #: (a point whenever the best improves and one at the end of each phase, thinned to at most
    #: about :data:`HISTORY_POINTS` per phase; ``examples_so_far`` counts the whole check)
    history: dict = field(default_factory=dict)
    #: seconds of a wall-clock budget spent importing numba and the fused kernels' cached code
    #: (once per process, the first statement that runs a trajectory; inside the budget)
    warmup_s: float = 0.0
    #: derived inputs: the fraction of the sampler's first-round draws that passed the
    #: hypotheses enforced by rejection (1.0 when all are solved as bounds); None: hand sampler
    acceptance: float | None = None
    #: a wall-clock budget: what its deadline pre-empted, in order (``"replay"``, a phase,
    #: ``"re-checks"``, ...); empty when nothing was cut or with an examples budget
    cut: list = field(default_factory=list)
    #: stored counterexamples whose replay the deadline cut before an exact verdict (neither
    #: confirmed nor stale); counted in ``unverified``
    replay_unverified: int = 0
    #: stored counterexamples confirmed from the cache of exact verifications
    #: (:mod:`adaproof.replay_cache`: the same entry bytes replayed violated exactly by the same
    #: code before) instead of a new mpmath replay
    replay_cached: int = 0
    #: the wall-clock budget requested when the statement's declared floor
    #: (``Statement.min_budget_s``) replaced it; ``budget_s`` is then the floor actually used
    budget_floor_from: float | None = None
    #: why the status is ``unknown`` (e.g. "no example evaluated within the 2 s budget")
    reason: str | None = None

    @property
    def unexpected(self) -> bool:
        """The status contradicts what the registry expects (an error is always unexpected)."""
        if self.status == "error":
            return True
        if self.status == "unknown":  # no verdict: only a known violation not found is a miss
            return self.expected == "violated"
        return self.expected in ("holds", "violated") and self.status != self.expected

    def passed(self, strict: bool = False) -> bool:
        """Not :attr:`unexpected`, and, when ``strict``, no candidate left unverified and a
        verdict reached (``unknown``: no example evaluated, never a pass under ``strict``)."""
        return not self.unexpected and not (strict and (
            self.status == "unknown" or (self.status == "holds" and self.unverified > 0)))

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
            "verification": verdict.method,
            **({"certificate": verdict.certificate} if getattr(verdict, "certificate", None)
               else {})}


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
    return _first_rows(inputs, max(1, NOISE_ROWS // P))


#: a batch of the random phase is drawn with at least this many rows (then cut)
DRAW_MIN = 64


def _first_rows(inputs: dict, keep: int) -> dict:
    """The first ``keep`` candidates of a batch of inputs."""
    from .symbolic import SeqValue
    return {key: (SeqValue(v.data[:keep], v.start) if isinstance(v, SeqValue) else
                  v[:keep] if isinstance(v, torch.Tensor) and v.dim() >= 1 else v)
            for key, v in inputs.items()}


#: at most this many points per phase in :attr:`CheckResult.history` (thinned beyond)
HISTORY_POINTS = 200
#: candidates handed to the ball-arithmetic pre-screen at once
PRESCREEN_CHUNK = 256


def _key(cand: dict, sizes: dict) -> str:
    return json.dumps([cand, sizes], sort_keys=True)


def _skey(sizes: dict) -> str:
    return json.dumps(sizes, sort_keys=True)


@contextmanager
def _past_phase_cut(dl: Deadline | None, guard):
    """Exact re-checks outrank the search: the re-checks of what a phase flagged run past the
    phase's own cut ``guard`` (its slot), up to the statement's end, whose cut stays armed.
    Cutting them at the phase's slot threw away a whole pre-screen chunk (adafactor/eq-60-a:
    8 flagged candidates, 0.43 s of balls, cut at 0.40 s and again at the budget's end: all 8
    unverified).  The phase's cut is raised when they end if it fell due meanwhile, so the
    search itself still stops at its slot."""
    if dl is None or guard is None or not getattr(guard, "active", False):
        yield
        return
    guard.active = False  # the watchdog skips an inactive guard and re-arms the next one
    try:
        yield
    except BaseException:
        guard.active = True
        raise
    guard.active = True
    if dl.now() >= guard.at:
        guard.active, guard.fired = False, True
        raise BudgetCut(guard, guard.what)


class _Pending:
    """A float-flagged (or non-finite) candidate waiting for its exact verdict."""

    __slots__ = ("inputs", "sizes", "prefer", "nonfinite", "rel_margin", "counts")

    def __init__(self, inputs, sizes, prefer=None, nonfinite=False, rel_margin=-math.inf,
                 counts=False):
        self.inputs, self.sizes, self.prefer = inputs, dict(sizes), prefer
        self.nonfinite = nonfinite
        #: counted as an example once it holds exactly (the random phase's)
        self.counts = counts
        self.rel_margin = rel_margin if math.isfinite(rel_margin) else -math.inf


class _Tally:
    """Everything a check accumulates across phases; resolves float-flagged and non-finite
    candidates exactly (the ball-arithmetic pre-screen, then mpmath where still undecided)."""

    def __init__(self, stmt: Statement, deadline: Deadline | None = None):
        self.stmt = stmt
        #: the statement's wall-clock deadline: exact re-checks stop at its end (None: an
        #: examples budget, no cap)
        self.deadline = deadline
        #: candidates whose re-check a pre-empted phase cut: resolved in the budget's reserve,
        #: unverified if that runs out too
        self.backlog: list[_Pending] = []
        self._skipped: set[str] = set()
        #: stored counterexamples whose replay the deadline cut undecided (their paths)
        self.replay_cut: list[str] = []
        #: stored counterexamples confirmed from the cache of exact verifications
        self.replay_cached = 0
        self.examples = self.rejected = self.disagreements = 0
        self.nonfinite_ok = self.nonfinite_skipped = self.flagged_skipped = 0
        self.prescreen_resolved = self.mpmath_resolved = 0
        self.best: tuple[float, dict, dict] | None = None
        #: the best candidate whose float ratio does not exceed the known supremum (1 when none
        #: is recorded): what is reported when the float best is a rounding artefact
        self.plausible: tuple[float, dict, dict] | None = None
        self._cap = (stmt.supremum_ratio if stmt.supremum_ratio is not None else 1.0) \
            * (1 + 1e-9)
        self.counterexample: dict | None = None
        self.error: str | None = None
        self.method = "random-sampling"
        self.expectation: str | None = None
        self.history: dict[str, list] = {}
        self.phase = "replay"
        #: exact outcome per candidate key: "holds" | "rejected" (a duplicate is not re-checked)
        self.resolved: dict[str, str] = {}
        #: time spent in exact re-checks and candidates handed to them (a wall-clock budget
        #: sizes the guided search's population by it)
        self.resolve_s = 0.0
        self.resolve_n = 0
        #: the same per sizes: [seconds, candidates] of the pre-screen and mpmath (the cost of a
        #: re-check varies 100x with the sizes: T = 1 against T = 4 in expectation)
        self.resolve_by: dict[str, list] = {}
        #: the longest single resolve call (a screen's re-checks: per-call costs included)
        self.longest_resolve = 0.0
        #: the guided phase did not start: one screen's re-checks would not fit in time
        self.no_room = False
        #: (the statement's deadline, the running phase's pre-emption guard) under a
        #: wall-clock budget: that phase's re-checks run past its cut (:func:`_past_phase_cut`)
        self.phase_cut = None

    # -- history -------------------------------------------------------------------------------
    def _record(self, examples: int | None = None) -> None:
        if self.best is None or not math.isfinite(self.best[0]):
            return
        pts = self.history.setdefault(self.phase, [])
        pt = [int(self.examples if examples is None else examples), float(self.best[0])]
        if pts and pts[-1][1] == pt[1]:
            if pts[-1][0] < pt[0] and len(pts) >= 2 and pts[-2][1] == pt[1]:
                pts[-1] = pt  # a flat stretch: keep its two ends only
                return
            if pts[-1][0] >= pt[0]:
                return
        pts.append(pt)
        if len(pts) > HISTORY_POINTS:  # thin: every other point, the last one kept
            last = pts[-1]
            del pts[1::2]
            if pts[-1] is not last:
                pts.append(last)

    def end_phase(self) -> None:
        self._record()

    def consider(self, ratio: float, cand: dict, sizes: dict, examples: int | None = None) -> None:
        if math.isfinite(ratio) and ratio <= self._cap and (
                self.plausible is None or ratio > self.plausible[0]):
            self.plausible = (ratio, cand, dict(sizes))
        if math.isfinite(ratio) and (self.best is None or ratio > self.best[0]):
            self.best = (ratio, cand, dict(sizes))
            self._record(examples)

    # -- exact resolution ----------------------------------------------------------------------
    def verify(self, cand: dict, sizes: dict, method: str, prefer: dict | None = None,
               nonfinite: bool = False) -> bool:
        """Re-verify one flagged candidate in mpmath; True when a verified violation (or an
        error) ends the check."""
        verdict = verify_candidate(self.stmt, cand, sizes, prefer_index=prefer)
        self.mpmath_resolved += 1
        if not verdict.hypotheses_hold:
            self.rejected += 1
            self.resolved[_key(cand, sizes)] = "rejected"
            return False
        if not verdict.finite:
            self.error = (f"{verdict.reason or 'non-finite side in exact arithmetic'} "
                          f"(lhs={verdict.lhs}, rhs={verdict.rhs}) on an input that satisfies "
                          f"the hypotheses")
            self.best = (float("nan"), cand, dict(sizes))
            return True
        if getattr(verdict, "undecided", False):  # a margin unstable under precision: unverified, never a pass
            k = _key(cand, sizes)
            if k not in self._skipped:
                self._skipped.add(k)
                if nonfinite:
                    self.nonfinite_skipped += 1
                else:
                    self.flagged_skipped += 1
            self.resolved[k] = "undecided"
            return False
        if verdict.violated:
            self.counterexample = _counterexample(cand, sizes, verdict)
            self.method = method
            self.best = (float(verdict.ratio), cand, dict(sizes))
            self._record()
            return True
        if nonfinite:
            self.nonfinite_ok += 1
        else:
            self.disagreements += 1
        self.resolved[_key(cand, sizes)] = "holds"
        self.consider(float(verdict.ratio), cand, sizes)
        return False

    def _skip(self, p: _Pending) -> None:
        k = _key(p.inputs, p.sizes)
        if k in self._skipped or k in self.resolved:
            return  # counted once
        self._skipped.add(k)
        if p.nonfinite:
            self.nonfinite_skipped += 1
        else:
            self.flagged_skipped += 1

    def _late(self) -> bool:
        return self.deadline is not None and self.deadline.passed()

    def _now(self) -> float:
        return self.deadline.now() if self.deadline is not None else time.perf_counter()

    def resolve(self, pending: list[_Pending], method: str) -> tuple[bool, int]:
        """Decide every pending candidate exactly: duplicates once, then the batched
        ball-arithmetic pre-screen (:mod:`adaproof.prescreen`), then mpmath for what it leaves
        undecided or finds violated (a violation is only ever reported on mpmath's word).
        With a wall-clock deadline, what is not resolved when it passes is counted unverified
        (the pre-screen runs in chunks sized to the time left, so it ends about on time).
        Returns (a verified violation or an error ends the check, how many of the non-non-finite
        candidates hold exactly)."""
        with shield():  # handed over before any cut: a cut leaves them in the backlog
            ids = {id(p) for p in pending}
            known = {id(q) for q in self.backlog}
            self.backlog += [p for p in pending if id(p) not in known]
            t_start = self._now()
        try:
            out = self._resolve(pending, method)
        except BudgetCut:  # a pre-empted phase: what is left waits for the budget's reserve
            self.backlog = [p for p in self.backlog if not (
                id(p) in ids and (_key(p.inputs, p.sizes) in self.resolved or
                                  _key(p.inputs, p.sizes) in self._skipped))]
            raise
        finally:
            self.resolve_s += self._now() - t_start
            self.resolve_n += len(pending)
            self.longest_resolve = max(self.longest_resolve, self._now() - t_start)
        self.backlog = [p for p in self.backlog if id(p) not in ids]
        return out

    def resolve_backlog(self) -> bool:
        """Resolve what pre-empted phases left, until the deadline; the rest is unverified.
        True when a verified violation (or an error) ends the check."""
        pending = list(self.backlog)
        if not pending:
            return False
        try:
            if self.deadline is None:
                stop = self.resolve(pending, self.phase)[0]
            else:
                with self.deadline.preempt("re-checks"):
                    stop = self.resolve(pending, self.phase)[0]
        except BudgetCut:
            for p in self.backlog:
                self._skip(p)
            self.backlog = []
            stop = False
        # the random phase counts a flagged candidate as an example once it holds exactly
        self.examples += sum(1 for p in pending if p.counts and not p.nonfinite
                             and self.resolved.get(_key(p.inputs, p.sizes)) == "holds")
        return stop


    def resolve_cost(self, sizes: dict | None = None) -> float | None:
        """Seconds per flagged candidate the exact re-checks took so far (None: none yet);
        with ``sizes``, for those sizes (the costliest measured per input entry, scaled to these
        sizes, when none of them was re-checked yet)."""
        if sizes is None:
            return self.resolve_s / self.resolve_n if self.resolve_n else None
        got = self.resolve_by.get(_skey(sizes))
        if got and got[1]:
            return got[0] / got[1]
        per = [sec / n / w for sec, n, w in self.resolve_by.values() if n]
        return max(per) * self._entries(sizes) if per else None

    def _entries(self, sizes: dict) -> int:
        """Input entries of one candidate, noise paths included (the work of a re-check)."""
        try:
            from .derive.laws_phases import law_rows
            return max(1, int(law_rows(self.stmt, sizes)))
        except Exception:  # noqa: BLE001 - sizes the law does not know: per candidate
            return 1

    def _spent(self, sizes: dict, seconds: float, n: int) -> None:
        got = self.resolve_by.get(_skey(sizes))
        if got is None:
            got = self.resolve_by[_skey(sizes)] = [0.0, 0, self._entries(sizes)]
        got[0] += seconds
        got[1] += n

    def backlog_cost(self) -> float:
        """Estimated seconds to resolve the backlog (0 when nothing was measured yet)."""
        return sum(self.resolve_cost(p.sizes) or 0.0 for p in self.backlog)

    def _resolve(self, pending: list[_Pending], method: str) -> tuple[bool, int]:
        from .prescreen import HOLDS, REJECTED, VIOLATED, prescreen
        held = 0
        todo: dict[str, _Pending] = {}
        for p in pending:
            k = _key(p.inputs, p.sizes)
            done = self.resolved.get(k)
            if done is not None:
                held += done == "holds" and not p.nonfinite
                continue
            todo.setdefault(k, p)
        groups: dict[str, list[tuple[str, _Pending]]] = {}
        for k, p in todo.items():
            groups.setdefault(json.dumps(p.sizes, sort_keys=True), []).append((k, p))
        exact: list[tuple[int, float, str, _Pending]] = []
        for items in groups.values():
            items.sort(key=lambda kp: kp[1].rel_margin)  # the most violating first
            i = 0
            chunk_n = PRESCREEN_CHUNK if self.deadline is None else 16
            while i < len(items):
                if self._late():  # a wall-clock budget: the rest is reported unverified
                    for _, p in items[i:]:
                        self._skip(p)
                    break
                chunk = items[i:i + chunk_n]
                i += len(chunk)
                t_chunk = self._now()
                decisions, ratios = prescreen(self.stmt, [p.inputs for _, p in chunk],
                                              chunk[0][1].sizes)
                self._spent(chunk[0][1].sizes, self._now() - t_chunk, len(chunk))
                if self.deadline is not None:  # size the next chunk to the time left (a
                    # call has a fixed cost of 50-100 ms: smaller chunks than 8 cost more)
                    per = (self._now() - t_chunk) / len(chunk)
                    left = self.deadline.left()
                    chunk_n = int(min(PRESCREEN_CHUNK, max(8, left / max(per, 1e-6))))
                for (k, p), d, r in zip(chunk, decisions, ratios):
                    if d == HOLDS:
                        self.prescreen_resolved += 1
                        self.resolved[k] = "holds"
                        if p.nonfinite:
                            self.nonfinite_ok += 1
                        else:
                            self.disagreements += 1
                            held += 1
                        if r is not None:
                            self.consider(r, p.inputs, p.sizes)
                    elif d == REJECTED:
                        self.prescreen_resolved += 1
                        self.resolved[k] = "rejected"
                        self.rejected += 1
                    else:  # provably violated first, then the most violating
                        exact.append((d != VIOLATED, p.rel_margin, k, p))
        exact.sort(key=lambda e: (e[0], e[1]))
        for n, (_, _, k, p) in enumerate(exact):
            if self._late():
                for _, _, _, q in exact[n:]:
                    self._skip(q)
                break
            t_mp = self._now()
            if self.verify(p.inputs, p.sizes, method, prefer=p.prefer, nonfinite=p.nonfinite):
                return True, held
            self._spent(p.sizes, self._now() - t_mp, 0)
            held += self.resolved.get(k) == "holds" and not p.nonfinite
        return False, held

    def absorb(self, outcome: PhaseOutcome) -> bool:
        """Fold a search phase's outcome in: its best candidate, then every flagged and
        non-finite candidate resolved exactly (an interrupted phase's are left unverified)."""
        pending = self.take(outcome)
        if getattr(outcome, "interrupted", None) is not None:
            for p in pending:
                self._skip(p)
            return False
        stop, _ = self.resolve(pending, outcome.name)
        return stop

    def take(self, outcome: PhaseOutcome) -> list[_Pending]:
        """The bookkeeping half of :meth:`absorb`: its examples, history and best candidate,
        and its flagged and non-finite candidates handed over (in the backlog under a
        wall-clock budget, so that a cut before their re-checks leaves them counted)."""
        before = self.examples
        for ex, ratio in getattr(outcome, "trace", ()):
            if self.best is None or ratio > self.best[0]:
                self._record_point(before + ex, ratio)
        self.examples += outcome.examples
        if outcome.best is not None:
            self.consider(outcome.best.ratio, outcome.best.inputs, outcome.best.sizes)
        with shield():
            pending = [_Pending(c.inputs, c.sizes, nonfinite=not math.isfinite(c.rel_margin),
                                rel_margin=c.rel_margin) for c in outcome.flagged]
            pending += [_Pending(c.inputs, c.sizes, nonfinite=True) for c in outcome.nonfinite]
            if self.deadline is not None:
                self.backlog += pending
        return pending

    def _record_point(self, examples: int, ratio: float) -> None:
        """A best ratio a phase reached at ``examples`` (its candidate comes with the outcome)."""
        if not math.isfinite(ratio):
            return
        pts = self.history.setdefault(self.phase, [])
        if pts and (ratio <= pts[-1][1] or examples < pts[-1][0]):
            return
        pts.append([int(examples), float(ratio)])


class _Pace:
    """Batch sizes of the random phase under a wall-clock budget.

    The cost of a batch -- sampling, the float screen and the exact re-checks of what it flags
    -- varies by orders of magnitude with the sizes (a trajectory of T = 25 in ball arithmetic
    costs ~100x one of T = 2) and the first batch of each sizes also pays for compiling its
    evaluation plan.  So each new ``sizes`` starts with :attr:`FIRST` candidates, and a batch of
    known sizes grows by :attr:`GROWTH` at most and is cut to what its measured cost per
    candidate (the latest batch of those sizes, re-checks included) fits in :attr:`SAFETY` of
    the time left; a first batch of new sizes is also cut to what the costliest sizes seen so
    far, per entry (the product of the sizes), would fit, and not drawn at all when the longest
    first batch seen so far would not fit; 0 when not even one candidate fits."""

    FIRST = 8
    GROWTH = 4
    SAFETY = 0.7
    #: derived sizes (the statement gives none): a drawn size assignment is kept for up to this
    #: many consecutive batches, so that its batches grow (8, 32, 128, 512).  A derived batch
    #: has a fixed cost of ~10-60 ms whatever its rows (the chain's run, the evaluation plan's
    #: first use at new sizes), and its ladders have ~100 size assignments: drawing new sizes
    #: for every batch kept every batch a first batch of 8 rows (adafactor/eq-29 at smoke: 4
    #: batches, 31 rows in the random phase's 0.4 s; the hand sampler's sizes repeat)
    REPEAT = 4

    def __init__(self, B: int):
        self.B = B
        self.cost: dict[str, float] = {}
        self.last: dict[str, int] = {}
        self.work: dict[str, float] = {}
        #: the longest first batch of any sizes (compiling the evaluation plan of new sizes
        #: took up to ~2 s: SymPy's ``together`` on sums unrolled for those sizes)
        self.first_s = 0.0

    @staticmethod
    def _k(sizes: dict) -> str:
        return json.dumps(sizes, sort_keys=True)

    def size(self, sizes: dict, left: float) -> int:
        if left <= 0:
            return 0
        k = self._k(sizes)
        if k not in self.cost:
            if self.SAFETY * left < self.first_s:
                return 0  # a first batch (its plan compiled for these sizes) would not fit
            n = self.FIRST
            if self.cost:  # the costliest seen, per entry of the sizes, scaled to these sizes
                est = max(c / self.work[j] for j, c in self.cost.items()) * self._work(sizes)
                n = min(n, int(self.SAFETY * left / max(est, 1e-9)))
        else:
            n = min(self.last[k] * self.GROWTH,
                    int(self.SAFETY * left / max(self.cost[k], 1e-9)))
        return max(0, min(self.B, n))

    @staticmethod
    def _work(sizes: dict) -> float:
        return float(max(1, math.prod(int(v) for v in sizes.values()
                                      if isinstance(v, int) and v > 0)))

    def record(self, sizes: dict, n: int, seconds: float) -> None:
        if n > 0:
            k = self._k(sizes)
            if k not in self.cost:
                self.first_s = max(self.first_s, seconds)
            self.cost[k] = seconds / n
            self.last[k] = n
            self.work[k] = self._work(sizes)


def _random_phase(stmt: Statement, tally: _Tally, budget_s: float, gen: torch.Generator,
                  B: int, device: str, preset: str, progress, t_start: float, total: float,
                  quota: int | None = None, done_before: int = 0,
                  now: Callable[[], float] = time.perf_counter, dl: Deadline | None = None,
                  cut=None) -> None:
    """Random sampling for ``budget_s`` seconds (on the clock ``now``), or, with ``quota``,
    until ``quota`` candidates were drawn and evaluated (``total`` is then the whole check's
    examples budget and ``done_before`` what earlier phases used, for the progress bar).

    Under a wall-clock budget (``dl``, the statement's deadline; ``cut``, the phase's
    pre-emption guard) the exact re-checks outrank the search: a batch is drawn only as large
    as the re-checks of *all* its candidates (the worst case: an identity flags about half of
    them, some statements all) fit, with the backlog's, in the time left to the statement's end
    at the cost measured for its sizes; and a batch's re-checks run past the phase's cut
    (:func:`_past_phase_cut`).  Fewer candidates are evaluated rather than flagged ones left
    undecided."""
    t0 = now()
    drawn = 0
    pace = _Pace(B) if quota is None else None
    misses = 0
    # under a wall-clock budget, derived sizes are kept for up to _Pace.REPEAT batches while
    # their batches grow (one the pace cannot grow, its re-checks' cost for instance, gains
    # nothing from a repeat: other sizes are drawn) and their best ratio is positive (repeats
    # of sizes where every ratio is <= 0 cost the few size draws of the phase: adagrad_aniso/
    # lemma-F.1 ended with best ratio 0.0 where one size draw per batch found 0.40)
    keep = _Pace.REPEAT if pace is not None and stmt.sizes is None else 1
    sizes, kept, rows = None, 0, 0
    while True:
        if sizes is None or kept >= keep:
            sizes, kept, rows = sizes_for(stmt)(gen, preset), 0, 0
        kept += 1
        t_batch = now()
        if pace is not None:  # a wall-clock budget: a batch (and its exact re-checks) that fits
            n = pace.size(sizes, budget_s - (t_batch - t0))
            per = tally.resolve_cost(sizes) if dl is not None else None
            if per is not None and n > 0:  # the worst case: every candidate flagged
                fits = _Pace.SAFETY * (dl.left() - tally.backlog_cost())
                n = min(n, int(fits / (per + pace.cost.get(pace._k(sizes), 0.0))))
            if n < 1:
                sizes = None  # nothing of these sizes fits in the time left; others may
                misses += 1
                if misses >= 8 or now() - t0 >= budget_s:
                    return
                continue
            misses = 0
        else:  # an examples budget: whole batches, the last one exactly the remainder
            n = min(random_batch(stmt, quota, B, drawn), quota - drawn)  # derived sizes: >= 8 draws
        # a sampler draws at least DRAW_MIN rows (a derived sampler's rejection needs some to
        # pass: a draw of 1 at K = 50 raised "no derived draw passes"); the first n are kept
        ctx = SampleContext(B=max(n, min(B, DRAW_MIN)), sizes=sizes, generator=gen,
                            device=device)
        try:
            inputs = _first_rows(sampler_for(stmt)(ctx), n)
            if stmt.noise is not None:
                inputs = _fit_noise_batch(stmt, inputs, sizes)
            ev = evaluate_batch(stmt, inputs, sizes, device=device, generator=gen)
            tally.expectation = ev.expectation
        except Exception as exc:  # evaluation failure is an error, never a pass
            tally.error = f"{type(exc).__name__}: {exc}"
            return
        with shield():  # a cut never falls between flagging a candidate and handing it over
            # float non-finite sides are re-evaluated exactly: never a pass, never a silent skip
            nonfinite = ev.nonfinite.nonzero().flatten().tolist()
            pending = [_Pending(candidate_inputs(stmt, inputs, j), sizes, nonfinite=True,
                                counts=True) for j in nonfinite]
            ev.admissible &= ~ev.nonfinite
            drawn += int(ev.admissible.numel())
            n_adm = int(ev.admissible.sum())
            tally.rejected += ev.admissible.numel() - n_adm - len(nonfinite)
            flagged_mask = ev.admissible & (ev.margin < 0)
            n_flagged = int(flagged_mask.sum())
            # flagged candidates count as examples only once they hold exactly
            tally.examples += n_adm - n_flagged
            # the best candidate among those the float screen says hold: the smallest margin
            rel = torch.where(ev.admissible & ~flagged_mask, ev.rel_margin,
                              torch.full_like(ev.rel_margin, float("inf")))
            i = int(rel.argmin())
            top = -math.inf  # the batch's best ratio
            if bool(torch.isfinite(rel[i])):
                top = float(ev.ratio[i])
                tally.consider(top, candidate_inputs(stmt, inputs, i), sizes)
            flagged = flagged_mask.nonzero().flatten()
            if flagged.numel():
                order = ev.rel_margin[flagged].argsort()
                for j in flagged[order].tolist():
                    pref = {str(s): int(k)
                            for (s, _, _), k in zip(stmt.forall, ev.worst_index[j])}
                    pending.append(_Pending(candidate_inputs(stmt, inputs, j), sizes,
                                            prefer=pref, rel_margin=float(ev.rel_margin[j]),
                                            counts=True))
            tally.backlog += pending
        if pending:
            with _past_phase_cut(dl, cut):
                stop, held = tally.resolve(pending, "random-sampling")
                tally.examples += held
            if stop:
                return
        if pace is not None:
            pace.record(sizes, int(ev.admissible.numel()), now() - t_batch)
            if n <= rows or not top > 0:  # no growth, or sizes where no candidate came near
                sizes = None  # the bound (lhs = 0 at K = 1, say): the next batch draws others
            rows = n
        if quota is not None:
            if progress:
                progress(min(1.0, (done_before + drawn) / total))
            if drawn >= quota:
                return
            continue
        if progress:
            progress(min(1.0, (now() - t_start) / total))
        if now() - t0 >= budget_s:
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
    ``(stored, stale, counterexample or None)``.

    Under a wall-clock budget (``tally.deadline``) mpmath replays each entry for
    :data:`REPLAY_MPMATH_SHARE` of the time left; when it is cut, the ball-arithmetic
    pre-screen decides in the rest of the budget: stale when it proves the stored input no
    longer violates, and the statement's counterexample when it proves it violating (its stored
    digits, ``verification`` saying how it was replayed, the stored ratio compared with the
    balls').  One still undecided at the budget's end is counted in ``tally.replay_cut``:
    neither confirmed nor stale, reported unverified, never dropped."""
    from . import replay_cache, store
    entries = store.load(stmt)
    stale = 0
    found = None
    problems = []
    dl = tally.deadline
    for e in entries:
        path = e.get("_path", "?")
        if "_problem" in e:
            problems.append(f"stored counterexample {path} is unusable: {e['_problem']}")
            continue
        if dl is not None and found is not None and dl.passed():
            dl.cuts.append("replay")  # already violated: the rest is not needed on time
            break
        hit = replay_cache.lookup(stmt, e)  # these bytes replayed violated by this code before
        if hit is not None:
            tally.replay_cached += 1
            if found is None:
                found = {**hit, "stored": path}
            continue
        try:
            if dl is not None:  # mpmath first (as without a deadline), for a share of the time
                with dl.preempt("replay", at=dl.now() + REPLAY_MPMATH_SHARE * dl.left()):
                    verdict = verify_candidate(stmt, e["inputs"], e["sizes"],
                                               prefer_index=e.get("index"))
            else:
                verdict = verify_candidate(stmt, e["inputs"], e["sizes"],
                                           prefer_index=e.get("index"))
        except BudgetCut:  # the balls decide in the rest of the budget, or it is unverified
            try:
                balls = _replay_balls(stmt, e, dl)
            except BudgetCut:
                balls = None
            if balls is not None and balls[0] in ("holds", "rejected"):
                stale += 1  # proven by the balls: the policy's exact verdict
            elif balls is not None and balls[0] == "violated":
                ce, problem = _ball_replayed(e, path, balls[1])
                if problem:
                    problems.append(problem)
                elif found is None:
                    found = ce
            else:
                tally.replay_cut.append(path)
            continue
        except Exception as exc:  # a bad stored input must not stop the run
            problems.append(f"stored counterexample {path} cannot be replayed: "
                            f"{type(exc).__name__}: {exc}")
            continue
        if verdict.hypotheses_hold and not verdict.finite:  # never a pass, never stale
            problems.append(f"stored counterexample {path} replays to a non-finite side "
                            f"(lhs={verdict.lhs}, rhs={verdict.rhs})")
            continue
        if verdict.hypotheses_hold and getattr(verdict, "undecided", False):  # neither confirmed nor stale
            tally.replay_cut.append(path)
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
        ce = _counterexample(e["inputs"], e["sizes"], verdict)
        replay_cache.record(stmt, e, ce)  # exact, digits compared: the next replay is free
        if found is None:
            found = {**ce, "stored": path}
    if problems:
        tally.error = " | ".join(problems)
    return len(entries), stale, found


def _replay_balls(stmt: Statement, e: dict, dl: Deadline) -> tuple[str, float | None] | None:
    """The ball-arithmetic pre-screen's (decision, ratio) on a stored input, pre-empted at the
    deadline (:class:`BudgetCut` propagates); None when it cannot run."""
    from .prescreen import available, prescreen
    if not available():
        return None
    try:
        with dl.preempt("replay"):
            (d,), (r,) = prescreen(stmt, [e["inputs"]], e["sizes"])
    except BudgetCut:
        raise
    except Exception:  # noqa: BLE001 - mpmath decides (and reports a bad input)
        return None
    return d, r


#: a stored counterexample's mpmath replay gets this share of the budget left; when it is cut
#: the ball-arithmetic pre-screen decides in the rest (measured on single stored inputs: mpmath
#: 0.04-3.4 s, the balls 0.15-6.7 s under load -- neither is always the cheaper)
REPLAY_MPMATH_SHARE = 0.9

#: a stored ratio must agree with the balls' to this relative precision when mpmath was cut
BALL_RATIO_RTOL = 1e-9


def _ball_replayed(e: dict, path: str, ratio: float | None) -> tuple[dict, str | None]:
    """A stored counterexample the balls prove violating (mpmath cut by the deadline): the
    stored digits, and a problem when the stored ratio disagrees with the balls'."""
    try:
        stored = float(e.get("ratio"))
    except (TypeError, ValueError):
        stored = float("nan")
    if ratio is not None and math.isfinite(ratio) and not (
            abs(stored - ratio) <= BALL_RATIO_RTOL * max(abs(stored), abs(ratio))):
        return {}, (f"stored counterexample {path}: stored ratio {e.get('ratio')} differs from "
                    f"the replayed {ratio!r} (tampered, or saved by an older form of the "
                    "statement: delete the file or re-run with --fresh)")
    ce = {k: e.get(k) for k in ("inputs", "sizes", "lhs", "rhs", "margin", "ratio", "index",
                                 "digits")}
    ce["verification"] = (f"{e.get('verification') or 'mpmath'} when stored; replayed in ball "
                          "arithmetic (its mpmath replay cut by the wall-clock budget, the "
                          "stored digits not compared" +
                          (", the stored ratio agrees)" if ratio is not None else ")"))
    ce["stored"] = path
    return ce, None


#: share of a wall-clock budget given to the search phases; the rest is kept for the exact
#: re-checks of what the last phase flagged (the whole check ends within about the budget)
SEARCH_SHARE = 0.9
#: a phase is pre-empted this share of the budget after its slot (its own pacing ends it at the
#: slot but for one costly batch, Hypothesis example or re-check)
PREEMPT_GRACE = 0.02


class Terminated(KeyboardInterrupt):
    """Raised in the main thread by the CLI's SIGTERM handler: stops a check like Ctrl-C."""


def check(stmt: Statement, budget: str | float = "smoke", *, examples: int | None = None,
          seed: int = 0,
          device: str | None = "cpu", batch: int | None = None, fresh: bool = False,
          save: bool = True, phases: tuple[str, ...] | None = None,
          progress: Callable[[float], None] | None = None,
          on_interrupt: str = "raise", sampler: str = "hand") -> CheckResult:
    """Attack ``stmt`` for ``budget`` seconds (see :data:`BUDGETS`), or, with ``examples``, for
    that many evaluated examples (the budget in seconds is then ignored: the result depends on
    the seed alone).

    Stored counterexamples replay first unless ``fresh``; a new verified violation is saved to
    the store when ``save``.  ``phases`` restricts the search (``"random"``, ``"hypothesis"``,
    ``"guided"``).  ``sampler="derived"`` ignores the statement's hand-written sampler, sizes,
    strategy and reparameterisation and derives them (:mod:`adaproof.derive`).

    A ``KeyboardInterrupt`` (Ctrl-C, or :class:`Terminated` from the CLI's SIGTERM handler)
    stops the search; a counterexample verified before it is saved all the same.  With
    ``on_interrupt="raise"`` (the default) the exception propagates, carrying the partial
    result as ``exc.partial_result``; with ``on_interrupt="return"`` the partial result is
    returned with ``interrupted=True`` and status ``interrupted`` (``violated`` or ``error``
    when the search had already decided)."""
    if not isinstance(stmt, Statement):
        raise AdaproofInputError(f"stmt must be a Statement, got {type(stmt).__name__}")
    if on_interrupt not in ("raise", "return"):
        raise AdaproofInputError(
            f"on_interrupt must be 'raise' or 'return', got {on_interrupt!r}")
    budget_s = parse_budget(budget)
    quota = parse_examples(examples)
    from .budget_floor import apply_floor  # a declared floor raises a smaller wall-clock budget
    budget_s, floor_from = apply_floor(stmt, budget_s, quota)
    device = _resolve_device(device)
    seed, batch = check_search_args(seed=seed, batch=batch, progress=progress, fresh=fresh,
                                    save=save)
    known = ("random", "hypothesis", "guided")
    if sampler not in ("hand", "derived"):
        raise AdaproofInputError(f"sampler must be 'hand' or 'derived', got {sampler!r}")
    if sampler == "derived":
        try:
            stmt = without_hand_samplers(stmt)
        except DerivationError as exc:
            # a statement the engine cannot derive (a computed one: Python sides, no domains)
            # is that statement's error, as a phase's failure is: a run over many statements
            # (`check --all --sampler derived`) reports it and goes on
            from .kinds import make_result
            r = make_result(stmt, status="error", method="derived", t0=time.perf_counter(),
                            seed=seed, examples=0, budget_s=None if quota else budget_s,
                            budget_examples=quota, error=f"sampler='derived': {exc}")
            return r
    # once-per-process setup (imports, one garbage collection) and the statement's compile
    # steps (its derivation, its algorithm's kernel) before the clock, reported apart
    warm = _warm_up(stmt) if quota is None else 0.0
    # a wall-clock budget counts from here: replay, phases and re-checks alike
    deadline = _new_deadline(budget_s) if quota is None else None
    from .kinds import dispatch  # strict, several conclusions, high probability, arithmetic
    try:
        other = _dispatch_within(stmt, deadline, seed, budget_s, lambda: dispatch(
            stmt, budget=budget if floor_from is None else budget_s, examples=quota, seed=seed,
            device=device, batch=batch, fresh=fresh, save=save, phases=phases, progress=progress,
            sampler=sampler))
    except KeyboardInterrupt as exc:
        from .kinds import interrupted_result
        partial = interrupted_result(stmt, seed=seed, examples=quota, budget_s=budget_s)
        partial.budget_floor_from = floor_from
        if on_interrupt == "raise":
            exc.partial_result = partial
            raise
        return partial
    if other is not None:
        other.warmup_s = round(warm, 3)
        if floor_from is not None:
            other.budget_s, other.budget_floor_from = budget_s, floor_from
        return other
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
        result, exc = _check(stmt, budget, budget_s, quota, seed, device, B, fresh, save,
                             phases, progress, deadline)
    result.warmup_s = round(warm, 3)
    result.budget_floor_from = floor_from
    if exc is not None and on_interrupt == "raise":
        exc.partial_result = result
        raise exc
    return result


def _dispatch_within(stmt: Statement, dl: Deadline | None, seed: int, budget_s: float, run):
    """Another kind's engine under a wall-clock budget: an engine with its own search
    (high probability) or a fixed exact decision (arithmetic tables) is pre-empted at the
    budget's end (plus :data:`PREEMPT_GRACE`); what it had not decided then is reported as
    ``holds, 1 unverified`` (``cut`` names the kind), never as a plain pass.  Several
    conclusions split the budget between sub-checks that are each cut, so they are not."""
    if dl is None or stmt.special is None:
        return run()
    from .kinds import kind_of, make_result
    kind = kind_of(stmt)
    from .deadline import CURRENT
    token = CURRENT.set(dl)  # the engine's own loop stops by this statement's end
    try:
        with dl.preempt(kind, at=dl.end + PREEMPT_GRACE * budget_s):
            return run()
    except BudgetCut:
        if dl.handed is not None:  # the cut came after the engine had finished
            return dl.handed
        r = make_result(stmt, status="holds", method=kind, t0=dl.start, seed=seed, examples=0,
                        budget_s=budget_s, budget_examples=None)
        r.time_s = round(dl.elapsed(), 3)
        r.flagged_unverified = r.unverified = 1
        r.cut = [f"{kind} (undecided when the budget ended)"]
        return r
    finally:
        CURRENT.reset(token)


def _new_deadline(budget_s: float) -> Deadline:
    """The statement's deadline (a seam for tests, which give it a fake clock)."""
    return Deadline(budget_s)


def _warm_up(stmt: Statement) -> float:
    """The once-per-process setup ``stmt`` needs (:func:`adaproof.warmup.prepare`: imports, one
    garbage collection and ``gc.freeze()``), before its wall-clock budget starts; reported as
    ``warmup_s``, not counted in the budget."""
    from .warmup import prepare
    return prepare(stmt)


def _interrupt_of(exc: BaseException) -> KeyboardInterrupt | None:
    """The KeyboardInterrupt in ``exc`` (itself, or inside an exception group)."""
    if isinstance(exc, KeyboardInterrupt):
        return exc
    if isinstance(exc, BaseExceptionGroup):
        for e in exc.exceptions:
            found = _interrupt_of(e)
            if found is not None:
                return found
    return None


def _check(stmt, budget, budget_s, quota, seed, device, B, fresh, save, phases,
           progress, dl: Deadline | None = None) -> tuple[CheckResult, KeyboardInterrupt | None]:
    gen = torch.Generator().manual_seed(seed)
    if quota is None and dl is None:
        dl = _new_deadline(budget_s)
    now = dl.now if dl is not None else time.perf_counter
    t0 = dl.start if dl is not None else time.perf_counter()
    tally = _Tally(stmt, deadline=dl)
    # (a derived sampler's plan: under a wall-clock budget, inside the statement's cut below)
    mark = acceptance_mark(stmt) if dl is None else None
    n_stored = n_stale = 0
    replayed = False
    interrupted: KeyboardInterrupt | None = None
    search_s = budget_s * SEARCH_SHARE
    grace = budget_s * PREEMPT_GRACE
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
    # the statement's own cut at its end: a safety net under the phases' and the re-checks'
    # cuts (one that code in a phase swallowed, for instance); the replay counts every stored
    # entry it could not decide itself, so it runs before
    outer = ExitStack()
    try:
        if not fresh:
            n_stored, n_stale, ce = _replay(stmt, tally)
            if ce is not None:
                tally.counterexample, tally.method, replayed = ce, "replay", True
        if dl is not None:
            outer.enter_context(dl.preempt("check"))
            mark = acceptance_mark(stmt)
        for name in phases:
            if tally.counterexample is not None or tally.error:
                break
            tally.phase = name
            t_phase = now()
            remaining = search_s - (t_phase - t0)
            slot = search_s * share[name] / norm if name != phases[-1] else remaining
            slot = max(0.0, min(slot, remaining)) if name != "random" else max(slot, 1e-3)
            before = tally.examples
            try:
                if quota is not None:
                    n = counts[name]
                    if n <= 0:
                        continue
                    if name == "random":
                        _random_phase(stmt, tally, math.inf, gen, B, device, preset, progress,
                                      t0, quota, quota=n, done_before=used)
                    else:
                        outcome = _run_phase(name, stmt, None, seed, device, tally,
                                             max_examples=n)
                        tally.absorb(outcome)
                        if getattr(outcome, "interrupted", None) is not None:
                            raise outcome.interrupted
                    used += n
                elif name == "random":  # pre-empted a little after its slot (its own
                    # pacing ends it on time but for one costly batch or re-check)
                    try:
                        with dl.preempt(name, at=t_phase + slot + grace) as g:
                            _random_phase(stmt, tally, slot, gen, B, device, preset, progress,
                                          t0, budget_s, now=now, dl=dl, cut=g)
                    except BudgetCut:
                        pass  # its pending re-checks wait in tally.backlog
                elif name == "hypothesis" and slot < HYPOTHESIS_MIN_SLOT:
                    pass  # pre-empted: one example can take longer than the slot (its share
                    #       goes to the next phase)
                elif slot > 0:
                    _timed_phase(name, stmt, slot, seed, device, tally, dl,
                                 at=t_phase + slot + grace, reserve=budget_s - search_s)
                    if tally.no_room and "random" in phases:
                        # the guided phase's screens could not be re-checked in time: random
                        # batches, paced to what their re-checks fit, use the slot instead
                        slot = search_s - (now() - t0)
                        if slot > 0:
                            try:
                                with dl.preempt("random", at=now() + slot + grace) as g:
                                    _random_phase(stmt, tally, slot, gen, B, device, preset,
                                                  progress, t0, budget_s, now=now, dl=dl,
                                                  cut=g)
                            except BudgetCut:
                                pass
            except Exception as exc:
                if isinstance(exc, BaseExceptionGroup) and _interrupt_of(exc) is not None:
                    raise _interrupt_of(exc) from None
                tally.error = f"{name} phase: {type(exc).__name__}: {exc}"
            finally:
                tally.end_phase()
                phase_log[name] = {"time_s": round(now() - t_phase, 3),
                                   "examples": tally.examples - before}
            if progress:
                progress(min(1.0, used / quota) if quota is not None else
                         min(1.0, (now() - t0) / budget_s))
        # the budget's reserve: the re-checks that pre-empted phases left, until the end
        if tally.counterexample is None and not tally.error:
            tally.resolve_backlog()
        outer.close()
    except BaseException as exc:  # noqa: BLE001 - only interrupts are kept, see below
        outer.close()
        if is_cut(exc):  # a cut that landed between the guarded pieces: the check ends here
            if "check" not in dl.cuts:
                dl.cuts.append("check")
        else:
            interrupted = _interrupt_of(exc)
            if interrupted is None:
                raise
    for p in tally.backlog:  # interrupted or cut before the reserve: unverified, never dropped
        tally._skip(p)
    tally.backlog = []
    saved = None
    if tally.counterexample is not None and save and not replayed:
        from . import store
        saved = str(store.save(stmt, tally.counterexample, seed=seed, method=tally.method))
    status = "error" if tally.error else ("violated" if tally.counterexample else (
        "interrupted" if interrupted is not None else "holds"))
    reason = None
    if status == "holds" and not (tally.examples or tally.nonfinite_ok or tally.disagreements):
        # issue 10: a check that decided no candidate (float or exact) is no pass
        status, reason = "unknown", _no_example_reason(quota, budget_s, tally)
    best = _exact_best(stmt, status, tally.best, dl, tally.plausible)
    result = CheckResult(
        id=stmt.id, variant=stmt.variant, key=stmt.key, expected=stmt.expected, status=status,
        method=tally.method if tally.counterexample else "+".join(phases),
        best_ratio=None if best is None else best[0],
        best_input=None if best is None else best[1], best_sizes=None if best is None else best[2],
        counterexample=tally.counterexample, examples=tally.examples,
        rejected_by_hypotheses=tally.rejected, float_exact_disagreements=tally.disagreements,
        nonfinite_resolved_exactly=tally.nonfinite_ok, nonfinite_unverified=tally.nonfinite_skipped,
        flagged_unverified=tally.flagged_skipped, seed=seed,
        device=device if device == "cpu" else f"cuda:{torch.cuda.get_device_name(0)}",
        time_s=round(now() - t0, 3),
        budget_s=None if quota is not None else budget_s, budget_examples=quota,
        error=tally.error,
        phases=phase_log, replayed=replayed, stored_counterexamples=n_stored,
        stale_counterexamples=n_stale, saved_to=saved, expectation=tally.expectation,
        unverified=tally.flagged_skipped + tally.nonfinite_skipped + len(tally.replay_cut),
        replay_unverified=len(tally.replay_cut), replay_cached=tally.replay_cached, cut=list(dl.cuts) if dl is not None else [],
        resolved_by_prescreen=tally.prescreen_resolved, resolved_by_mpmath=tally.mpmath_resolved,
        interrupted=interrupted is not None, history=tally.history,
        acceptance=acceptance_since(stmt, mark), reason=reason)
    return result, interrupted


def _no_example_reason(quota: int | None, budget_s: float, tally: _Tally) -> str:
    """Why a search that found no violation evaluated no example (its status is ``unknown``)."""
    budget = f"the {budget_s:g} s budget" if quota is None else f"the {quota}-example budget"
    why = f"no example evaluated within {budget}"
    if tally.rejected:
        why += f" ({tally.rejected} candidate(s) rejected by the hypotheses)"
    return why


def _exact_best(stmt: Statement, status: str, best, deadline: Deadline | None = None,
                plausible=None):
    """The best ratio as reported: a statement that holds cannot exceed its known supremum (1
    when none is recorded) except by float error -- catastrophic cancellation on extreme inputs
    (derived samplers reach ln(1 + 1e-45) and 1e230-sized terms) gave float ratios of 1.16 and
    2.5e230 for inputs whose exact ratio is 1 + 3e-17.  Such a best candidate is re-evaluated
    exactly, and the larger of its exact ratio and the best *plausible* candidate's (the best
    float ratio within the supremum, ``plausible``) is reported: the float-best candidate's exact
    ratio alone can be far below candidates that were tighter (0.568 against 0.969)."""
    if status != "holds" or best is None or not math.isfinite(best[0]):
        return best
    if best[0] <= (stmt.supremum_ratio if stmt.supremum_ratio is not None else 1.0) * (1 + 1e-9):
        return best

    sup = (stmt.supremum_ratio if stmt.supremum_ratio is not None else 1.0) * (1 + 1e-9)

    def larger(exact):
        if exact[0] > sup:  # holds exactly with lhs/rhs above the supremum: both sides are
            # negative (lhs <= rhs < 0 gives lhs/rhs >= 1), where the ratio measures nothing;
            # a guided search that drove the noise scale up reached 2.8e18 this way
            return plausible
        return plausible if plausible is not None and plausible[0] > exact[0] else exact
    guard = (lambda: deadline.preempt("best ratio")) if deadline is not None else nullcontext
    try:  # the ball-arithmetic pre-screen first (cheap), mpmath if it cannot decide in time
        from .prescreen import HOLDS, prescreen
        with guard():
            (d,), (r,) = prescreen(stmt, [best[1]], best[2])
        if d == HOLDS and r is not None:
            return larger((float(r), best[1], best[2]))
    except BudgetCut:
        return plausible if plausible is not None else best
    except Exception:
        pass
    try:
        with guard():
            v = verify_candidate(stmt, best[1], best[2])
        if v.hypotheses_hold and v.finite and v.ratio is not None and not (
                v.violated or getattr(v, "undecided", False)):
            return larger((float(v.ratio), best[1], best[2]))
    except BudgetCut:
        pass
    except Exception:  # the float value stays; the exact checks decided the status already
        pass
    return plausible if plausible is not None else best


#: a wall-clock budget skips the Hypothesis phase when its slot is shorter than this (seconds):
#: drawing one example of long sequences took 0.5 s idle, 4 s under load, past a smoke slot
HYPOTHESIS_MIN_SLOT = 1.0
#: a Hypothesis slot shorter than this (seconds) verifies nothing exactly inside the phase
HYPOTHESIS_VERIFY_SLOT = 3.0
#: the guided search's population under a wall-clock budget: at least this many candidates
GUIDED_MIN_BATCH = 8
#: seconds per flagged candidate assumed for the exact re-checks before any was measured
RESOLVE_PRIOR_S = 0.002


#: the guided phase reserves this multiple of the costliest re-check measured so far per
#: candidate of a screen (new sizes cost more; the load varies from screen to screen)
WORST_MARGIN = 1.5


def _worst(tally: _Tally) -> float:
    """The costliest re-check per candidate measured so far, over all sizes (the prior when
    none was measured), times :data:`WORST_MARGIN`."""
    per = [sec / n for sec, n, _ in tally.resolve_by.values() if n]
    return WORST_MARGIN * (max(per) if per else RESOLVE_PRIOR_S)


def _timed_phase(name: str, stmt: Statement, slot: float, seed: int, device: str,
                 tally: _Tally, dl: Deadline, at: float, reserve: float) -> None:
    """A Hypothesis or guided phase under a wall-clock budget, pre-empted at ``at``.  Both
    phases return what they found when interrupted; a cut is not an interrupt: what the phase
    flagged is resolved exactly (pre-empted at the statement's end; the rest waits in the
    backlog for the budget's reserve), and the check goes on."""
    outcome = None
    try:
        with dl.preempt(name, at=at) as g:
            tally.phase_cut = (dl, g)
            try:
                outcome = _run_phase(name, stmt, slot, seed, device, tally, reserve=reserve)
            finally:
                tally.phase_cut = None
    except BudgetCut:
        pass  # cut outside the phase's own handler: nothing was returned
    if outcome is None:
        return
    if is_cut(getattr(outcome, "interrupted", None)):
        outcome.interrupted = None
        if not dl.cuts or dl.cuts[-1] != name:
            dl.cuts.append(name)
    if getattr(outcome, "interrupted", None) is not None:
        tally.absorb(outcome)  # an interrupt: its flagged candidates are left unverified
        raise outcome.interrupted
    pending = tally.take(outcome)  # in the backlog until resolved
    try:
        with dl.preempt("re-checks"):
            tally.resolve(pending, name)
    except BudgetCut:
        pass  # what is left stays in the backlog for the reserve


def _run_phase(name: str, stmt: Statement, slot: float | None, seed: int, device: str,
               tally: _Tally, max_examples: int | None = None,
               reserve: float = 0.0) -> PhaseOutcome:
    """One search phase for ``slot`` seconds, or (``slot=None``) for ``max_examples``
    evaluated examples.  Under a wall-clock budget the guided search's population is capped
    so that the exact re-checks of one screen that flags all of it fit in ``reserve`` seconds
    at the cost per candidate measured so far (a screen near the end of the phase would
    otherwise flag more than the budget can resolve).  With ``tally.phase_cut`` (the
    statement's deadline and the phase's guard) each screen's re-checks run past the phase's
    cut, the phase ends
    where a screen whose candidates were all flagged could not be re-checked before the
    statement's end, and it stops screening once that is so."""
    if name == "hypothesis":
        from .search.hypothesis_phase import hypothesis_search
        # a short wall-clock slot: no exact re-verification inside the phase (one mpmath check
        # took up to 2 s, past the slot); what it flags is resolved by the checker as for the
        # other phases (pre-screen, then mpmath)
        extra = {"max_verifications": 0} if slot is not None and slot < HYPOTHESIS_VERIFY_SLOT \
            else {}
        return hypothesis_search(stmt, slot, seed, device=device, max_examples=max_examples,
                                 **extra)
    from .search.guided import guided_search
    starts = []
    if tally.best is not None and math.isfinite(tally.best[0]):
        starts.append(Candidate(tally.best[0], 0.0, tally.best[1], tally.best[2]))
    on_flagged = None
    cut = tally.phase_cut
    if slot is not None:  # a wall-clock budget: resolve each screen's flagged candidates inside
        # the phase's time (searching less), rather than leave a backlog the budget cannot cover
        dl, guard = cut if cut is not None else (None, None)

        def on_flagged(flagged, nonfinite) -> bool:
            with shield():
                pending = [_Pending(c.inputs, c.sizes, rel_margin=c.rel_margin) for c in flagged]
                pending += [_Pending(c.inputs, c.sizes, nonfinite=True) for c in nonfinite]
                tally.backlog += pending
            with unshield():  # the guided screen shields the hand-over; the re-checks may be cut
                with _past_phase_cut(dl, guard):
                    stop, held = tally.resolve(pending, "guided")
            # the next screen's re-checks would not fit before the statement's end: stop
            late = dl is not None and dl.left() < max(
                (batch or GUIDED_MIN_BATCH) * _worst(tally),
                WORST_MARGIN * tally.longest_resolve)
            return stop or tally.error is not None or late
    batch = None
    cost = tally.resolve_cost()
    if cost is None:  # nothing re-checked yet: a prior (measured: 0.5-40 ms per candidate)
        cost = RESOLVE_PRIOR_S
    if slot is not None and reserve > 0:
        from .search.guided import BATCH as GUIDED_BATCH
        batch = int(max(GUIDED_MIN_BATCH, min(GUIDED_BATCH["cuda" if device != "cpu" else "cpu"],
                                              reserve / cost)))
        if cut is not None and tally.resolve_by:  # the last screen's re-checks must fit too
            slot = min(slot, cut[0].left() - tally.backlog_cost() - batch * _worst(tally))
            if slot <= 0:
                tally.no_room = True
                return PhaseOutcome(name="guided")
    afford = None
    if cut is not None:
        def afford(sizes, n) -> bool:  # this round's screen's re-checks, at its own sizes
            return _affordable(tally, cut[0], sizes, n)
    return guided_search(stmt, slot, seed, device=device, starts=starts, batch=batch,
                         max_examples=max_examples, on_flagged=on_flagged, afford=afford)


def _affordable(tally: _Tally, dl: Deadline, sizes: dict, n: int) -> bool:
    """Whether the exact re-checks of a guided screen of ``n`` candidates of ``sizes`` fit
    before the statement's end: :data:`WORST_MARGIN` times the cost per candidate measured at
    those sizes (or the costliest per input entry scaled to them, as :meth:`_Tally.resolve_cost`),
    never less than :func:`_worst`'s rule.  ``on_flagged``'s test after each screen only knows
    the sizes measured so far: a round of new, costlier sizes (T = 200 after T = 3) flagged
    33 candidates with 0.2 s left and its pre-screen call was cut unfinished."""
    per = tally.resolve_cost(sizes)
    need = n * max(_worst(tally), WORST_MARGIN * per if per is not None else 0.0)
    return dl.left() >= need

