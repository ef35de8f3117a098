"""The Hypothesis phase of the attack engine: property-based search with targeting and shrinking.

:func:`hypothesis_search` runs ``@given`` over the statement's strategy (``stmt.strategy(sizes)``,
falling back on :func:`adaproof.search.strategies.from_sampler`), evaluates every example with
the float screen (:func:`adaproof.verification.evaluate_batch`: a batch of one, or, where the
strategy has a batched form, the ``K`` candidates one Hypothesis example expands into, see
``batch``), and

* steers the search with ``hypothesis.target(log(lhs/rhs))`` towards the largest ratio;
* on a float violation (``rhs - lhs < 0``) fails the test, so that Hypothesis *shrinks* the
  input, and captures the minimal failing example (the last failing input the test saw:
  Hypothesis replays the minimal example last);
* stops when the wall-clock budget is spent (a private ``BaseException`` raised from inside the
  test, which Hypothesis does not treat as a failure).

**Exact steering** (``verify=True``, the default): before failing the test on a float violation,
the phase re-verifies that example exactly (:func:`adaproof.verification.verify_candidate`,
cached per input, within ``verify_share`` of the budget).  Only confirmed violations fail the
test, so shrinking never walks from a real violation into a float artefact and the search does
not stop on a rounding error; an unconfirmed float violation is still flagged, and targeted with
its exact ratio.  With ``verify=False`` (or once the verification share is spent) the decision is
the float screen's, as in the checker's random loop.

Nothing here is a finding: every float-violating example goes to ``outcome.flagged`` and the
checker re-verifies it (docs/tolerance.md).  A non-finite float side is never targeted and never
a pass: the example is flagged (``ratio = nan``, ``rel_margin = -inf``) and the search goes on.
Exceptions raised while evaluating the statement propagate (an evaluation failure is an error,
never a pass).

Sizes: a strategy may draw its own sizes by returning ``(candidate, sizes)``; otherwise the phase
draws them (with Hypothesis, so they shrink towards the smallest) among the distinct values of
``stmt.sizes(generator, preset)`` over a generator seeded with ``seed``.

Reproducibility: the search runs in *rounds* of ``200·2^r`` examples (Hypothesis' targeting
phase starts half-way through a round), round ``r`` seeded from ``seed`` alone, with no example
database: a given seed replays the same examples in the same order, and only where the budget
cuts the sequence depends on the machine (``max_examples`` gives a cut that does not).
"""
from __future__ import annotations

import contextlib
import json
import math
import random
import time

import torch
from hypothesis import HealthCheck, Phase, Verbosity, given, reject, seed as hyp_seed, settings, \
    strategies as st, target
from hypothesis.errors import Flaky, Unsatisfiable

from ..statement import Statement
from ..verification import candidate_inputs, evaluate_batch, inputs_from_candidates, \
    verify_candidate
from . import Candidate, PhaseOutcome
from .strategies import CandidateBatch, from_sampler
from ..derive import sizes_for, strategy_for

__all__ = ["hypothesis_search", "log_ratio_score", "FIRST_ROUND_EXAMPLES", "DEFAULT_BATCH",
           "MIN_BATCH", "MIN_STRUCTURES", "default_batch"]

#: examples in the first round; round r has FIRST_ROUND_EXAMPLES * 2**r
FIRST_ROUND_EXAMPLES = 200
#: candidates per Hypothesis example where the strategy has a batched form (``.batched(K)``),
#: under a wall-clock budget (no ``max_examples``): a Hypothesis example (one drawn structure,
#: Hypothesis' own bookkeeping, one ``evaluate_batch`` call) costs about the same for 16 and 64
#: candidates, so the structures per second stay and the candidates per second grow about 4x
DEFAULT_BATCH = 64
#: the batch under a small budget in examples (``max_examples``), where structures are scarce
MIN_BATCH = 16
#: under a budget in examples, the batch doubles from MIN_BATCH (up to DEFAULT_BATCH) only while
#: the budget still gives at least this many structures
MIN_STRUCTURES = 64


def default_batch(max_examples: int | None) -> int:
    """The batch ``hypothesis_search`` uses when none is given: :data:`DEFAULT_BATCH` under a
    wall-clock budget alone; under a budget of ``max_examples`` the largest power-of-two multiple
    of :data:`MIN_BATCH` up to :data:`DEFAULT_BATCH` that still leaves :data:`MIN_STRUCTURES`
    Hypothesis examples (16 below 2,048 examples, 32 below 4,096, 64 from there), so a small
    ``--examples`` budget keeps its structural variety.  A function of ``max_examples`` alone:
    the examples of a seed and budget stay reproducible."""
    if max_examples is None:
        return DEFAULT_BATCH
    k = MIN_BATCH
    while 2 * k <= DEFAULT_BATCH and max_examples >= 2 * k * MIN_STRUCTURES:
        k *= 2
    return k
#: health checks that do not apply to a budgeted search over large structured inputs
_SUPPRESSED = [getattr(HealthCheck, n) for n in ("too_slow", "data_too_large", "filter_too_much",
                                                 "large_base_example", "nested_given")
               if hasattr(HealthCheck, n)]


@contextlib.contextmanager
def _no_local_constants():
    """Hypothesis mixes into its draws the literal constants of every *local* module loaded in
    the process (``providers._get_local_constants``, rescanned whenever ``sys.modules`` grows),
    so the same seed drew different examples before and after another module was imported (a
    second check in one process, the CLI against pytest).  During the phase that pool is empty
    (the global constants Hypothesis ships stay), so the examples depend on the seed alone."""
    try:
        from hypothesis.internal.conjecture import providers
        get, cache, empty = (providers._get_local_constants, providers.CONSTANTS_CACHE,
                             providers.Constants())
    except (ImportError, AttributeError):  # a Hypothesis without the pool
        yield
        return
    providers._get_local_constants = lambda: empty
    cache.cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = get
        cache.cache.clear()


class _BudgetSpent(BaseException):
    """Raised inside the test when the budget is spent: not an ``Exception``, so Hypothesis
    neither records it as a failure nor shrinks it."""


class _EvaluationFailed(BaseException):
    """Carries an exception of the statement's evaluation out of Hypothesis, unshrunk."""

    def __init__(self, exc: BaseException) -> None:
        super().__init__(repr(exc))
        self.exc = exc


class _Violation(AssertionError):
    """A (confirmed, or float-screen) violation: a failure for Hypothesis to shrink."""


def log_ratio_score(lhs: float, rhs: float, rel_margin: float) -> float | None:
    """The value the phase targets: ``log(lhs/rhs)`` when both sides are positive (computed as
    ``log1p((lhs - rhs)/rhs)`` near 1, so ratios near 1 keep their precision), otherwise a finite
    stand-in below every such value (``lhs <= 0 < rhs``: ``-2000 - log1p(-lhs/rhs)``; other
    signs: ``-4000 - 1000·rel_margin``) that still grows towards a violation.  ``None`` for a
    non-finite side (never targeted)."""
    if not (math.isfinite(lhs) and math.isfinite(rhs)):
        return None
    if lhs > 0 and rhs > 0:
        q = lhs / rhs
        if 0.5 < q < 1.5:
            return math.log1p((lhs - rhs) / rhs)
        return math.log(lhs) - math.log(rhs)
    if rhs > 0:  # lhs <= 0: ratio <= 0
        return -2000.0 - min(math.log1p(-lhs / rhs), 1e6)
    m = rel_margin if math.isfinite(rel_margin) else 1.0
    return -4000.0 - 1000.0 * m


def _size_list(stmt: Statement, seed: int, preset: str, draws: int = 64) -> list[dict]:
    gen = torch.Generator().manual_seed(seed)
    seen: dict[tuple, dict] = {}
    for _ in range(draws):
        s = dict(sizes_for(stmt)(gen, preset))
        seen.setdefault(tuple(sorted(s.items())), s)
    return sorted(seen.values(), key=lambda s: (math.prod(s.values()), sorted(s.items())))


def _key(cand: Candidate) -> str:
    return json.dumps([cand.inputs, cand.sizes], sort_keys=True)


class _State:
    def __init__(self) -> None:
        self.examples = 0
        self.rejected = 0
        self.best: tuple[float, Candidate] | None = None
        self.flagged: dict[str, Candidate] = {}
        self.nonfinite: dict[str, Candidate] = {}
        self.minimal: list[Candidate] = []
        self.last_failing: Candidate | None = None
        # key -> (violated, exact ratio), or None when the exact verification raised
        self.verdicts: dict[str, tuple[bool, float | None] | None] = {}
        self.verify_s = 0.0
        self.last_verify_s = 0.0  # how long the last exact verification took
        self.verifications = 0
        self.nonfinite_seen = 0

        self.trace: list = []

    def flag(self, key: str, cand: Candidate) -> None:
        # every distinct input is kept: the checker resolves each exactly (no silent pass)
        self.flagged.setdefault(key, cand)


def _example_strategy(stmt: Statement, sizes_list: list[dict], batch: int = 1
                      ) -> st.SearchStrategy:
    cache: dict[tuple, st.SearchStrategy] = {}

    def for_sizes(sizes: dict) -> st.SearchStrategy:
        key = tuple(sorted(sizes.items()))
        if key not in cache:
            strat = strategy_for(stmt)
            base = strat(dict(sizes)) if strat is not None else from_sampler(stmt, sizes)
            batched = getattr(base, "batched", None)
            if batch > 1 and callable(batched):  # K candidates per Hypothesis example
                base = batched(batch)
            cache[key] = base.map(
                lambda c, s=dict(sizes): (c[0], dict(c[1])) if isinstance(c, tuple) else (c, s))
        return cache[key]

    return st.sampled_from(sizes_list).flatmap(for_sizes)


def hypothesis_search(stmt: Statement, budget_s: float, seed: int, device: str = "cpu", *,
                      preset: str = "default", max_examples: int | None = None,
                      verify: bool = True, verify_share: float = 0.3,
                      shrink_threshold: float = 0.0, max_verifications: int | None = None,
                      dtype: torch.dtype = torch.float64, batch: int | None = None
                      ) -> PhaseOutcome:
    """Attack ``stmt`` with Hypothesis for ``budget_s`` seconds of wall time (see the module
    docstring); returns ``PhaseOutcome(name="hypothesis")``.

    ``examples`` counts the admissible examples evaluated (replays during shrinking included;
    examples the float screen rejects for a hypothesis, and non-finite ones, are not counted);
    ``best`` is the admissible example with the largest finite float ``lhs/rhs`` among those the
    float screen says hold; ``flagged`` holds the float violations and non-finite examples,
    each input once: first the minimal (shrunk) failing example of each round that ended in a
    violation, then the non-finite ones, then the rest, most violating first (all of them: the
    checker resolves every one exactly; ``trace`` records the best ratio as it improved).
    A ``KeyboardInterrupt`` ends the search and is returned as ``outcome.interrupted`` with
    what was found so far.

    A float violation with ``rel_margin < -shrink_threshold`` is a failure candidate (with
    ``verify``, only once confirmed exactly); one within ``shrink_threshold`` of zero is flagged
    and the search goes on.  The search stops at the budget, after ``max_examples`` evaluated
    examples (if given), or after the first round that ends in a violation.

    ``budget_s=None`` (or ``inf``) with ``max_examples`` gives a search that depends on the seed
    alone: it stops after ``max_examples`` *evaluated* examples (admissible, rejected and
    non-finite ones alike, so a strategy that is mostly rejected still ends), and the exact
    steering is capped by a count, ``max_verifications`` (default ``max(8, max_examples // 50)``),
    instead of a share of the wall time.

    ``batch`` (default :func:`default_batch` of ``max_examples``: 64 under a wall-clock budget,
    16 under a budget below 2,048 examples; 1 turns it off): where the statement's strategy has
    a batched form (``strategy(sizes).batched(K)``, e.g. :func:`~adaproof.search.strategies.
    log_sum_inputs`), each Hypothesis example is a *structure* that expands into ``K`` distinct
    candidates (the structure itself and ``K-1`` seeded neighbours), evaluated in one
    :func:`~adaproof.verification.evaluate_batch` call.  Every candidate counts as one example
    (the last batch is cut so that ``max_examples`` is met exactly); Hypothesis targets the
    batch's largest score, fails (and shrinks the structure) when a candidate violates, and the
    reported minimal example is the most violating candidate of the shrunk structure.
    """
    if not isinstance(stmt, Statement):
        raise TypeError(f"stmt must be a Statement, got {type(stmt).__name__}")
    by_count = budget_s is None or budget_s == math.inf
    if by_count:
        if isinstance(max_examples, bool) or not isinstance(max_examples, int) or max_examples < 1:
            raise ValueError("a search without a time budget needs max_examples >= 1, "
                             f"got {max_examples!r}")
        budget_s = math.inf
    elif not (isinstance(budget_s, (int, float)) and math.isfinite(budget_s) and budget_s > 0):
        raise ValueError(f"budget_s must be a number of seconds > 0, got {budget_s!r}")
    t0 = time.perf_counter()
    deadline = t0 + float(budget_s)
    verify_cap = verify_share * float(budget_s)
    if max_verifications is None and by_count:
        max_verifications = max(8, max_examples // 50)
    state = _State()
    sizes_list = _size_list(stmt, int(seed), preset)
    if batch is None:
        batch = default_batch(max_examples)
    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise ValueError(f"batch must be an integer >= 1, got {batch!r}")
    examples_st = _example_strategy(stmt, sizes_list, batch)
    seeds = random.Random(int(seed))

    def exhausted() -> bool:
        if by_count:  # every evaluated example counts, so the cut depends on the seed alone
            return state.examples + state.rejected + state.nonfinite_seen >= max_examples
        return time.perf_counter() >= deadline or (
            max_examples is not None and state.examples >= max_examples)

    def exact(key: str, c: Candidate, ev) -> tuple[bool, float | None] | None:
        """(violated, exact ratio) from the exact re-verification, cached; None when the
        verification share of the budget is spent or the verification itself failed."""
        if key in state.verdicts:
            return state.verdicts[key]
        if not verify:
            return None
        if by_count or max_verifications is not None:
            if state.verifications >= (max_verifications or 0):
                return None
            state.verifications += 1
        elif state.verify_s >= verify_cap or (
                time.perf_counter() + state.last_verify_s > deadline):
            return None  # the share is spent, or one more would run past the budget
        t = time.perf_counter()
        try:
            pref = {str(s): int(k) for (s, _, _), k in zip(stmt.forall, ev.worst_index[0])}
            v = verify_candidate(stmt, c.inputs, c.sizes, prefer_index=pref)
        except Exception:  # the checker re-verifies it and reports what went wrong
            state.verdicts[key] = None
            return None
        finally:
            state.last_verify_s = time.perf_counter() - t
            state.verify_s += state.last_verify_s
        ratio = None
        if v.hypotheses_hold and v.finite and v.ratio is not None:
            try:
                ratio = float(v.ratio)
            except ValueError:
                ratio = None
        out = (bool(v.hypotheses_hold and v.violated), ratio)
        state.verdicts[key] = out
        return out

    def body(example) -> None:
        if exhausted():
            raise _BudgetSpent
        cand, sizes = example
        if isinstance(cand, CandidateBatch):
            return body_batch(cand, sizes)
        try:
            inputs = inputs_from_candidates([cand], dtype=dtype, device=device)
            ev = evaluate_batch(stmt, inputs, sizes, dtype=dtype, device=device)
        except Exception as exc:  # an evaluation failure is an error, never a pass
            raise _EvaluationFailed(exc) from exc
        if not bool(ev.admissible[0]):
            state.rejected += 1
            reject()
        lhs, rhs = float(ev.lhs[0]), float(ev.rhs[0])
        margin, rel, ratio = float(ev.margin[0]), float(ev.rel_margin[0]), float(ev.ratio[0])
        if bool(ev.nonfinite[0]) or not math.isfinite(margin):
            # never targeted, never a pass: the checker re-verifies it exactly
            c = Candidate(float("nan"), -math.inf, cand, dict(sizes))
            state.nonfinite_seen += 1
            state.nonfinite.setdefault(_key(c), c)
            return
        state.examples += 1
        c = Candidate(ratio, rel, cand, dict(sizes))
        score = log_ratio_score(lhs, rhs, rel)
        if margin < 0:
            key = _key(c)
            state.flag(key, c)
            c = state.flagged.get(key, c)
            if rel < -shrink_threshold:
                if not verify:  # the float screen decides
                    state.last_failing = c
                    raise _Violation(f"float margin {margin!r} < 0 (lhs={lhs!r}, rhs={rhs!r})")
                verdict = exact(key, c, ev)  # None: share spent, flagged for the checker only
                if verdict is not None and verdict[0]:
                    state.last_failing = c
                    raise _Violation(f"exact violation (float lhs={lhs!r}, rhs={rhs!r})")
                if verdict is not None:  # a float artefact: steer with the exact ratio
                    r_exact = verdict[1]
                    score = (math.log(r_exact) if r_exact and math.isfinite(r_exact)
                             and r_exact > 0 else None)
        if score is not None:
            target(score, label="log(lhs/rhs)")
            if margin >= 0 and math.isfinite(ratio) and (
                    state.best is None or score > state.best[0]):
                state.best = (score, c)
                state.trace.append([state.examples, c.ratio])

    def body_batch(cb: CandidateBatch, sizes: dict) -> None:
        inputs, K = cb.inputs, cb.K
        if max_examples is not None:  # cut the last batch: the count is met exactly
            left = max_examples - (state.examples + state.rejected + state.nonfinite_seen
                                   if by_count else state.examples)
            if left < K:
                inputs, K = _head(inputs, left), left
        try:
            ev = evaluate_batch(stmt, inputs, sizes, dtype=dtype, device=device)
        except Exception as exc:  # an evaluation failure is an error, never a pass
            raise _EvaluationFailed(exc) from exc
        adm = ev.admissible.tolist()
        nonfin = (ev.nonfinite | ~torch.isfinite(ev.margin)).tolist()
        lhs_l, rhs_l = ev.lhs.tolist(), ev.rhs.tolist()
        margin_l, rel_l, ratio_l = ev.margin.tolist(), ev.rel_margin.tolist(), ev.ratio.tolist()
        n_adm = 0
        best_i, best_score = None, None
        fail_i = None
        cands: dict[int, Candidate] = {}

        def cand_of(i: int) -> Candidate:
            c = cands.get(i)
            if c is None:
                ci = candidate_inputs(stmt, inputs, i)
                if nonfin[i]:
                    c = Candidate(float("nan"), -math.inf, ci, dict(sizes))
                else:
                    c = Candidate(ratio_l[i], rel_l[i], ci, dict(sizes))
                cands[i] = c
            return c

        scores: list = [None] * K
        for i in range(K):
            if not adm[i]:
                state.rejected += 1
                continue
            n_adm += 1
            if nonfin[i]:  # never targeted, never a pass: the checker re-verifies it exactly
                c = cand_of(i)
                state.nonfinite_seen += 1
                state.nonfinite.setdefault(_key(c), c)
                continue
            state.examples += 1
            scores[i] = log_ratio_score(lhs_l[i], rhs_l[i], rel_l[i])
            if margin_l[i] < 0:
                c = cand_of(i)
                key = _key(c)
                state.flag(key, c)
                cands[i] = state.flagged.get(key, c)
                if rel_l[i] < -shrink_threshold and (fail_i is None or rel_l[i] < rel_l[fail_i]):
                    fail_i = i
            elif scores[i] is not None and math.isfinite(ratio_l[i]) and (
                    best_score is None or scores[i] > best_score):
                best_i, best_score = i, scores[i]
        if n_adm == 0:
            reject()
        if fail_i is not None:  # the most violating candidate decides, as one example would
            c = cands[fail_i]
            if not verify:
                state.last_failing = c
                raise _Violation(f"float margin {margin_l[fail_i]!r} < 0 "
                                 f"(lhs={lhs_l[fail_i]!r}, rhs={rhs_l[fail_i]!r})")
            key = _key(c)
            verdict = exact(key, c, _Row(ev, fail_i))
            if verdict is not None and verdict[0]:
                state.last_failing = c
                raise _Violation(f"exact violation (float lhs={lhs_l[fail_i]!r}, "
                                 f"rhs={rhs_l[fail_i]!r})")
            if verdict is not None:  # a float artefact: steer with the exact ratio
                r_exact = verdict[1]
                scores[fail_i] = (math.log(r_exact) if r_exact and math.isfinite(r_exact)
                                  and r_exact > 0 else None)
        finite_scores = [x for x in scores if x is not None]
        if finite_scores:
            target(max(finite_scores), label="log(lhs/rhs)")
        if best_i is not None and (state.best is None or best_score > state.best[0]):
            c = cand_of(best_i)
            state.best = (best_score, c)
            state.trace.append([state.examples, c.ratio])

    interrupted = None
    try:
        _rounds(state, exhausted, seeds, examples_st, body)
    except KeyboardInterrupt as exc:  # the checker keeps what was found so far
        interrupted = exc
    except BaseExceptionGroup as eg:
        inner = eg.subgroup(lambda e: isinstance(e, KeyboardInterrupt))
        if inner is None:
            raise
        interrupted = inner.exceptions[0]
        while isinstance(interrupted, BaseExceptionGroup):
            interrupted = interrupted.exceptions[0]

    outcome = PhaseOutcome(name="hypothesis", examples=state.examples,
                           best=None if state.best is None else state.best[1],
                           trace=state.trace, interrupted=interrupted)
    minimal_ids = {id(c) for c in state.minimal}
    rest = sorted((c for c in state.flagged.values() if id(c) not in minimal_ids),
                  key=lambda c: c.rel_margin)
    outcome.flagged = state.minimal + list(state.nonfinite.values()) + rest
    return outcome


class _Row:
    """One candidate's view of a batch evaluation (what :func:`exact` reads)."""

    def __init__(self, ev, i: int) -> None:
        self.worst_index = ev.worst_index[i:i + 1]


def _head(inputs: dict, n: int) -> dict:
    """The first ``n`` candidates of a batch of inputs."""
    from ..symbolic import SeqValue
    out = {}
    for k, v in inputs.items():
        if isinstance(v, SeqValue):
            out[k] = SeqValue(v.data[:n], v.start)
        elif isinstance(v, torch.Tensor) and v.dim() >= 1:
            out[k] = v[:n]
        else:
            out[k] = v
    return out


def _rounds(state, exhausted, seeds, examples_st, body) -> None:
    r = 0
    while not exhausted():
        n = FIRST_ROUND_EXAMPLES * 2 ** min(r, 20)
        state.last_failing = None
        test = hyp_seed(seeds.getrandbits(64))(settings(
            max_examples=n, deadline=None, database=None, derandomize=False,
            phases=(Phase.generate, Phase.target, Phase.shrink),
            suppress_health_check=_SUPPRESSED, verbosity=Verbosity.quiet,
            report_multiple_bugs=False, print_blob=False)(given(examples_st)(body)))
        try:
            with _no_local_constants():
                test()
        except _BudgetSpent:
            pass
        except _EvaluationFailed as e:
            raise e.exc
        except (_Violation, Flaky):
            pass
        except Unsatisfiable:
            break  # the strategy yields no admissible input at all: more rounds will not help
        except BaseExceptionGroup as eg:  # FlakyFailure and friends
            if eg.subgroup(lambda e: isinstance(e, KeyboardInterrupt)) is not None:
                raise
            inner = eg.subgroup(lambda e: isinstance(e, _EvaluationFailed))
            if inner is not None:
                raise inner.exceptions[0].exc
            if eg.subgroup(lambda e: not isinstance(e, (_Violation, BaseExceptionGroup))):
                raise  # a failure that is not ours (a bug in a strategy): never swallowed
        if state.last_failing is not None:
            state.minimal.append(state.last_failing)
            break  # a violation, shrunk as far as the budget allowed
        r += 1
