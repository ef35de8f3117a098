"""High-probability statements: "with probability at least 1 − δ, lhs <= rhs".

A statement with ``special=HighProbability(...)`` claims that, for every admissible value of its
*parameters*, the event ``lhs <= rhs`` (the statement's own sides and hypotheses; its inputs are
the parameters and the *noise*) fails with probability at most ``δ`` (an expression of the
parameters) when the noise is drawn from the stated law.  The engine (:meth:`HighProbability.
check`):

1. draws parameter candidates (``params``, seeded from the check's seed) and, for each, a
   *screening* sample of ``samples`` noise draws from its own seed stream;
2. evaluates the event on every draw in batched float64 (:func:`~adaproof.verification.
   evaluate_batch`) and counts the draws where it fails;
3. when the count is large enough that the exact one-sided binomial test at ``level`` rejects
   "failure probability <= δ" (the Clopper–Pearson lower confidence bound exceeds δ), the
   flagged draws are re-verified one by one in mpmath (:func:`~adaproof.verification.
   verify_candidate`, 60 and 120 digits): only draws whose failure is confirmed exactly count;
4. an *independent* sample of ``confirm`` draws from a fresh seed stream must pass the same
   exact test on its own; only then is the statement reported violated.

The binomial tail ``P(Bin(n, δ) >= k)`` is the regularised incomplete beta function
``I_δ(k, n − k + 1)``, computed in mpmath at 50 digits with δ rounded up (the tail grows with δ);
the test requires it below ``level·(1 − 10⁻²⁰)``.  Failures the float screen misses only lower
the count, so a float error can never produce a violation.  A strict event (``strict=True``,
"lhs < rhs") counts as failed only where ``lhs > rhs`` exactly (equality, a null event for a
continuous law, is not counted: conservative).

The witness (the counterexample) stores the parameters and sizes, the law, the level, both
samples' sizes, seed streams (``torch.Generator`` seeds: CPU, float64) and failure counts, the
SHA-256 of the confirming sample's noise, and one exactly verified failing draw.  Replay draws
the confirming sample again from its seed stream, checks the digest, and re-runs the exact
test; a digest that differs (another torch RNG) is an error, never a silent pass.
"""
from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import mpmath
import sympy as sp
import torch

from ._validation import AdaproofInputError
from .statement import SampleContext, Statement
from .sympy_safe import simplify as _simplify

__all__ = ["HighProbability", "binom_tail", "cp_lower", "k_needed", "stream_seed",
           "TAIL_DPS", "row_sampler", "row_sizes"]

TAIL_DPS = 50
#: draws with non-finite float sides re-evaluated in mpmath per sample (the rest are flagged)
NONFINITE_CHECKS = 8


class NonFiniteDraw(ValueError):
    """A draw whose event has a non-finite side in exact arithmetic: the check's error."""


# ---------------------------------------------------------------------------------------------
# exact binomial tails and the Clopper–Pearson bound
# ---------------------------------------------------------------------------------------------
def binom_tail(k: int, n: int, p) -> mpmath.mpf:
    """``P(Bin(n, p) >= k)`` in mpmath (:data:`TAIL_DPS` digits)."""
    with mpmath.workdps(TAIL_DPS):
        p = mpmath.mpf(p)
        if k <= 0:
            return mpmath.mpf(1)
        if k > n:
            return mpmath.mpf(0)
        if p <= 0:
            return mpmath.mpf(0)
        if p >= 1:
            return mpmath.mpf(1)
        return mpmath.betainc(k, n - k + 1, 0, p, regularized=True)


def rejects(k: int, n: int, delta_hi, level: float) -> bool:
    """The exact one-sided test: ``k`` failures in ``n`` draws are too many for a failure
    probability ``<= delta_hi`` at ``level``."""
    with mpmath.workdps(TAIL_DPS):
        return bool(binom_tail(k, n, delta_hi) < mpmath.mpf(level) * (1 - mpmath.mpf(10) ** -20))


def k_needed(n: int, delta_hi, level: float) -> int | None:
    """The least failure count that the exact test rejects (None: none of 0..n does)."""
    if not rejects(n, n, delta_hi, level):
        return None
    lo, hi = 0, n  # rejects(hi) holds; find the least
    while lo < hi:
        mid = (lo + hi) // 2
        if rejects(mid, n, delta_hi, level):
            hi = mid
        else:
            lo = mid + 1
    return lo


def cp_lower(k: int, n: int, level: float) -> mpmath.mpf:
    """The one-sided Clopper–Pearson lower confidence bound on the failure probability (the
    ``p`` with ``P(Bin(n, p) >= k) = level``), rounded down (bisection's lower end)."""
    with mpmath.workdps(TAIL_DPS):
        if k <= 0:
            return mpmath.mpf(0)
        lo, hi = mpmath.mpf(0), mpmath.mpf(1)
        for _ in range(120):
            mid = (lo + hi) / 2
            if binom_tail(k, n, mid) < level:
                lo = mid
            else:
                hi = mid
        return lo


def _cp_lower_float(k: int, n: int, level: float) -> float:
    """The Clopper–Pearson lower bound in float (scipy's beta quantile): the screen's ratio."""
    if k <= 0:
        return 0.0
    from scipy.stats import beta
    return float(beta.ppf(level, k, n - k + 1))


def stream_seed(seed: int, purpose: str, ordinal: int) -> int:
    """The seed of one noise sample: a hash of the check's seed, the purpose and the candidate's
    ordinal (independent streams for the screen and the confirmation)."""
    h = hashlib.sha256(f"adaproof-hp|{seed}|{purpose}|{ordinal}".encode()).hexdigest()
    return int(h[:15], 16)


def _digest(rows: Mapping[str, Any], names) -> str:
    from .symbolic import SeqValue
    h = hashlib.sha256()
    for k in sorted(names):
        v = rows[k]
        t = v.data if isinstance(v, SeqValue) else v
        h.update(k.encode())
        h.update(t.detach().cpu().contiguous().to(torch.float64).numpy().tobytes())
    return h.hexdigest()


#: a stored failing draw and the same draw redrawn from its stream on another machine agree
#: to this relative precision (a few ulps of float64 through log, exp and cos); another stream
#: or law differs in the leading digits
_DRAW_RTOL = 1e-12


def _same_draw(rows: Mapping[str, Any], names, example: Any) -> bool:
    """Whether the stored failing draw (``example_failure``: its index and its inputs) equals
    draw ``draw`` of ``rows`` in every noise input to :data:`_DRAW_RTOL`."""
    from .symbolic import SeqValue
    if not isinstance(example, dict) or not isinstance(example.get("draw"), int):
        return False
    j, stored = example["draw"], example.get("inputs")
    if not isinstance(stored, dict) or not names:
        return False
    for k in names:
        v, want = rows.get(k), stored.get(k)
        if isinstance(want, dict):
            want = want.get("values")
        t = v.data if isinstance(v, SeqValue) else v
        if not isinstance(t, torch.Tensor) or not (0 <= j < t.shape[0]) or want is None:
            return False
        got = t[j].detach().to(torch.float64).flatten().tolist()
        try:
            want = [float(x) for x in (want if isinstance(want, list) else [want])]
        except (TypeError, ValueError):
            return False
        if len(got) != len(want) or not all(
                math.isfinite(a) and math.isfinite(b)
                and abs(a - b) <= _DRAW_RTOL * max(abs(a), abs(b)) for a, b in zip(got, want)):
            return False
    return True


# ---------------------------------------------------------------------------------------------
# the specification
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class HighProbability:
    """"With probability at least 1 − ``delta``, the statement's event holds", the noise drawn
    from ``law`` (words) by ``noise``.

    ``params(ctx) -> dict``: ``ctx.B`` parameter candidates (scalars ``(B,)``, sequences
    :class:`~adaproof.symbolic.SeqValue`) for the sizes ``ctx.sizes``; ``noise(ctx, rows) ->
    dict``: the noise inputs of ``ctx.B`` draws whose parameters are ``rows`` (each candidate's
    parameters repeated); ``sizes(generator) -> dict`` the sizes of a batch (None: no sizes).
    ``samples`` draws screen a candidate, ``confirm`` fresh draws confirm it; ``level`` is the
    one-sided level of the exact binomial test."""

    KIND = "high-probability"

    delta: Any
    params: Callable[[SampleContext], dict]
    noise: Callable[[SampleContext, dict], dict]
    law: str
    sizes: Callable[[torch.Generator], dict] | None = None
    samples: int = 256
    confirm: int = 1024
    level: float = 1e-3
    delta_latex: str = ""
    #: candidates per batch (each expanded to ``samples`` rows)
    candidates_per_batch: int = 16
    #: hypotheses on the parameters alone (SymPy relations, any function SymPy evaluates),
    #: decided at 60 digits for each candidate (an inadmissible candidate is skipped)
    param_hypotheses: tuple = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "delta", sp.sympify(self.delta))
        for name in ("samples", "confirm", "candidates_per_batch"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                raise AdaproofInputError(f"HighProbability.{name} must be an integer >= 1, "
                                         f"got {v!r}")
        if not (isinstance(self.level, float) and 0 < self.level < 0.5):
            raise AdaproofInputError(f"HighProbability.level must be a float in (0, 0.5), got "
                                     f"{self.level!r}")

    # -- rendering ------------------------------------------------------------------------------
    def relation_latex(self, stmt: Statement) -> str:
        rel = "<" if stmt.strict else r"\le"
        d = self.delta_latex or sp.latex(self.delta)
        out = (rf"\Pr\left[{sp.latex(stmt.lhs)} {rel} {sp.latex(stmt.rhs)}\right]\ge 1-\delta,"
               rf"\quad \delta = {d}")
        if self.param_hypotheses:
            out += r",\quad " + r",\ ".join(sp.latex(h) for h in self.param_hypotheses)
        return out

    def to_json(self, stmt: Statement) -> dict:
        return {"delta": str(self.delta), "law": self.law, "samples": self.samples,
                "confirm": self.confirm, "level": self.level,
                "parameter_hypotheses": [str(h) for h in self.param_hypotheses]}

    # -- pieces ---------------------------------------------------------------------------------
    def batch_sizes(self, gen: torch.Generator) -> dict:
        return dict(self.sizes(gen)) if self.sizes is not None else {}

    def _rows(self, params: dict, c: int, n: int, sizes: dict, seed: int) -> dict:
        """``n`` draws of candidate ``c``: its parameters repeated and the noise drawn from the
        stream ``seed`` (CPU, float64, so that it replays)."""
        from .symbolic import SeqValue
        rows: dict[str, Any] = {}
        for k, v in params.items():
            if isinstance(v, SeqValue):
                rows[k] = SeqValue(v.data[c:c + 1].expand((n,) + v.data.shape[1:]).clone(),
                                   v.start)
            elif isinstance(v, torch.Tensor) and v.dim() >= 1:
                rows[k] = v[c:c + 1].expand(n).clone()
            else:
                rows[k] = v
        gen = torch.Generator().manual_seed(seed)
        ctx = SampleContext(B=n, sizes=dict(sizes), generator=gen)
        noise = self.noise(ctx, rows)
        rows.update(noise)
        return rows, sorted(noise)

    def _exact(self, stmt: Statement, expr, cand: Mapping[str, Any], sizes):
        """``expr`` at one candidate: the inputs as exact rationals, SymPy's evalf at 60
        digits (any function SymPy knows: cos, pi, ...)."""
        expr = sp.sympify(expr)
        if not expr.atoms(sp.Indexed) and not expr.atoms(sp.Sum):
            # scalars and sizes only: a lambdified mpmath function, compiled once per expression
            cache = self.__dict__.setdefault("_mp_fns", {})
            syms = sorted(expr.free_symbols, key=lambda x: x.name)
            fn = cache.get(expr)
            if fn is None:
                fn = cache[expr] = sp.lambdify(syms, expr, "mpmath")
            with mpmath.workdps(60):
                args = [mpmath.mpf(sizes[x.name]) if x.name in sizes else
                        mpmath.mpf(float(cand[x.name])) for x in syms]
                v = fn(*args)
                if not isinstance(v, mpmath.mpf):
                    v = mpmath.mpf(v) if isinstance(v, (int, float)) else v
                if isinstance(v, mpmath.mpf):
                    return v
        from .conclusions import _exact_env, _subs
        scal, seq = _exact_env(cand)
        e = _subs(sp.sympify(expr), stmt, scal, seq, sizes, {})
        with mpmath.workdps(60):
            v = sp.N(e, 60)
            if not v.is_number or not v.is_real:
                raise ValueError(f"{expr} is not a real number at {dict(cand)}: {v}")
            return mpmath.mpf(str(v)) if v.is_finite else mpmath.inf

    def delta_value(self, stmt: Statement, cand: Mapping[str, Any], sizes: Mapping[str, int]):
        """δ at one candidate (60 digits), and δ rounded up."""
        with mpmath.workdps(60):
            d = self._exact(stmt, self.delta, cand, sizes)
            return d, d * (1 + mpmath.mpf(10) ** -40) + mpmath.mpf(10) ** -55

    def params_admissible(self, stmt: Statement, cand: Mapping[str, Any], sizes) -> bool:
        """Every parameter hypothesis holds at 60 digits, by more than 10⁻⁴⁵ of its sides'
        size (the samplers leave a relative slack of 10⁻⁹), or as an exact identity."""
        with mpmath.workdps(60):
            for rel in self.param_hypotheses:
                rels = rel.args if isinstance(rel, sp.And) else (rel,)
                for r in rels:
                    a = self._exact(stmt, r.lhs, cand, sizes)
                    b = self._exact(stmt, r.rhs, cand, sizes)
                    tol = mpmath.mpf(10) ** -45 * (abs(a) + abs(b))
                    ok = {"<": b - a > tol, "<=": b - a > tol, ">": a - b > tol,
                          ">=": a - b > tol}.get(r.rel_op)
                    if ok is None:
                        raise AdaproofInputError(f"parameter hypothesis {r}: use <, <=, >, >=")
                    if not ok:
                        if r.rel_op in ("<=", ">=") and _simplify(
                                _subs_exact(stmt, r.lhs - r.rhs, cand, sizes)) == 0:
                            continue
                        return False
        return True

    def count_exact(self, stmt: Statement, rows: dict, sizes: dict, flagged: list[int],
                    need: int) -> tuple[int, dict | None, int, int]:
        """Re-verify flagged draws until ``need`` failures are confirmed; returns (confirmed
        failures, one confirmed failure, draws verified in mpmath, draws mpmath left
        undecided: a margin unstable under precision, neither a failure nor a pass).

        Ball arithmetic first (:meth:`count_balls`: one batched call proves a draw failing when
        its hypotheses provably hold and its margin is provably below the tolerance policy's
        threshold, exactly as mpmath decides it; 892 draws in 0.15 s against 11 s of mpmath).
        The first ball-proven draw is verified in mpmath too: it is the example, with 60-digit
        sides; should mpmath disagree, the balls' count is dropped and every draw goes to
        mpmath.  Then mpmath for the draws the balls left, until ``need``."""
        from .verification import candidate_inputs, verify_candidate
        ok, example, done, undecided = 0, None, 0, 0
        plain = _bare(stmt)
        proven, rest = self.count_balls(stmt, rows, sizes, flagged)
        if proven:
            left = set(rest)
            first = next(i for i in flagged if i not in left)
            cand = candidate_inputs(plain, rows, first)
            v = verify_candidate(plain, cand, sizes)
            done += 1
            if v.hypotheses_hold and v.finite and v.violated:
                ok = proven
                example = {"draw": int(first), "inputs": cand, "lhs": v.lhs, "rhs": v.rhs,
                           "index": v.index}
                flagged = rest
        for i in flagged:
            if ok >= need:
                break
            cand = candidate_inputs(plain, rows, i)
            v = verify_candidate(plain, cand, sizes)
            done += 1
            if v.hypotheses_hold and v.finite and v.violated:
                ok += 1
                if example is None:
                    example = {"draw": int(i), "inputs": cand, "lhs": v.lhs, "rhs": v.rhs,
                               "index": v.index}
            elif v.hypotheses_hold and getattr(v, "undecided", False):
                undecided += 1
        return ok, example, done, undecided

    def count_balls(self, stmt: Statement, rows: dict, sizes: dict,
                    flagged: list[int]) -> tuple[int, list[int]]:
        """Flagged draws the ball-arithmetic pre-screen (:mod:`adaproof.prescreen`) proves
        violating: (their count, the flagged draws it left to mpmath).  Without python-flint,
        or where it fails, every draw is left to mpmath."""
        from .prescreen import VIOLATED, available, prescreen
        from .verification import candidate_inputs
        if not flagged or not available():
            return 0, list(flagged)
        plain = _bare(stmt)
        try:
            decisions, _ = prescreen(plain, [candidate_inputs(plain, rows, i) for i in flagged],
                                     sizes)
        except Exception:  # noqa: BLE001 - mpmath decides
            return 0, list(flagged)
        left = [i for i, d in zip(flagged, decisions) if d != VIOLATED]
        return len(flagged) - len(left), left

    def screen(self, stmt: Statement, rows: dict, sizes: dict, n: int):
        """Float failures of ``n`` draws: (failed mask, admissible mask).  A draw whose sides
        are not finite in float64 is re-evaluated in mpmath: still not finite there is an
        error (:class:`NonFiniteDraw`), never a pass; finite there, it is flagged like a
        failure and decided exactly with the others."""
        from .verification import candidate_inputs, evaluate_batch, verify_candidate
        plain = _bare(stmt)
        ev = evaluate_batch(plain, rows, sizes)
        bad = ev.admissible & (ev.nonfinite | ~torch.isfinite(ev.margin))
        for i in torch.nonzero(bad).flatten().tolist()[:NONFINITE_CHECKS]:
            cand = candidate_inputs(plain, rows, int(i))
            v = verify_candidate(plain, cand, sizes)
            if v.hypotheses_hold and not v.finite:
                raise NonFiniteDraw(f"non-finite side in exact arithmetic (lhs={v.lhs}, "
                                    f"rhs={v.rhs}) on a draw that satisfies the hypotheses: "
                                    f"{cand}")
        fail = ev.admissible & ((ev.margin < 0) | bad)
        return fail, ev.admissible

    def exact_test(self, stmt, params, c, sizes, n, seed_, delta_hi):
        """One sample's exact test: (passes, info)."""
        rows, names = self._rows(params, c, n, sizes, seed_)
        fail, adm = self.screen(stmt, rows, sizes, n)
        kf = int(fail.sum())
        need = k_needed(n, delta_hi, self.level)
        info = {"n": n, "stream": seed_, "failures_float": kf, "p_hat_float": kf / n,
                "needed": need,
                "noise_sha256": _digest(rows, names), "admissible": int(adm.sum())}
        if need is None or kf < need:
            info["failures_verified"] = None
            return False, info, None
        flagged = [int(i) for i in torch.nonzero(fail).flatten().tolist()]
        ok, example, done, undecided = self.count_exact(stmt, rows, sizes, flagged, need)
        info["failures_verified"] = ok
        info["verified_draws"] = done
        if ok < need and ok + undecided >= need:  # the undecided draws decide the sample
            info["undecided_draws"] = undecided
        if ok >= need:
            with mpmath.workdps(TAIL_DPS):
                info["p_lower"] = mpmath.nstr(cp_lower(ok, n, self.level), 20)
                info["tail_at_delta"] = mpmath.nstr(binom_tail(ok, n, delta_hi), 20)
        return ok >= need, info, example

    # -- the engine -----------------------------------------------------------------------------
    def check(self, stmt: Statement, *, budget, examples, seed, device, batch, fresh, save,
              phases, progress, sampler):
        from .checker import parse_budget
        from .kinds import make_result
        from .verification import candidate_inputs
        t0 = time.perf_counter()
        budget_s = parse_budget(budget)
        if save:
            from . import store
            store.ensure_writable()
        common = dict(t0=t0, seed=seed, budget_s=None if examples else budget_s,
                      budget_examples=examples)
        n_stored = stale = 0
        if not fresh:
            n_stored, stale, found, problems = self.replay(stmt)
            if problems:
                return make_result(stmt, status="error", method="replay", examples=0,
                                   error=" | ".join(problems), stored=n_stored, stale=stale,
                                   **common)
            if found is not None:
                return make_result(stmt, status="violated", method="replay", examples=0,
                                   counterexample=found, replayed=True, stored=n_stored,
                                   stale=stale, best_ratio=float(found["ratio"]), **common)
        gen = torch.Generator().manual_seed(seed)
        # a wall-clock budget: stop by the statement's end (the checker's clock started before
        # this engine's, and its cut at that end must not find the loop still running)
        from .deadline import current_end
        end = current_end()
        deadline = None if examples else (t0 + budget_s if end is None else min(end, t0 + budget_s))
        done = rejected = verified = found_at = undecided_candidates = 0
        best = None
        ce = None
        error = None
        N = self.samples
        # a wall-clock budget: candidates decided so far (a cut mid-batch keeps them), the
        # longest one so far (a candidate is not started when it would not end in time), and
        # whether the one in progress was flagged by the float screen (then a cut leaves it
        # undecided: reported unverified, never a pass)
        decided = 0
        longest = 0.0
        flagged_open = False
        cut = out_of_time = False
        try:
            while (examples is None or done < examples) and ce is None:
                if deadline is not None and time.perf_counter() >= deadline and done > 0:
                    break
                C = self.candidates_per_batch
                if examples is not None:
                    C = min(C, examples - done)
                sizes = self.batch_sizes(gen)
                params = self.params(SampleContext(B=C, sizes=dict(sizes), generator=gen))
                plain = _bare(stmt)
                for c in range(C):
                    if deadline is not None and (done + c) > 0 and (
                            time.perf_counter() + longest >= deadline):
                        C = c  # a wall-clock budget: stop when the next one would not end
                        out_of_time = True  # (and draw no further batch: it would only spin)
                        break
                    t_cand = time.perf_counter()
                    if c:
                        decided = done + c
                    ordinal = done + c
                    found_at = ordinal + 1
                    cand = candidate_inputs(plain, {k: v for k, v in params.items()}, c)
                    if self.param_hypotheses and not self.params_admissible(stmt, cand, sizes):
                        rejected += 1
                        continue
                    s1 = stream_seed(seed, "screen", ordinal)
                    rows, _ = self._rows(params, c, N, sizes, s1)
                    fail, adm = self.screen(stmt, rows, sizes, N)
                    if int(adm.sum()) == 0:
                        rejected += 1
                        continue
                    kf = int(fail.sum())
                    try:
                        dval, dhi = self.delta_value(stmt, cand, sizes)
                    except (ZeroDivisionError, ValueError, OverflowError) as exc:
                        error = f"delta undefined at {cand}: {type(exc).__name__}: {exc}"
                        break
                    if not mpmath.isfinite(dval):
                        error = f"delta is not finite ({dval}) at {cand}"
                        break
                    # the ratio reported: the float Clopper-Pearson lower bound over δ (above
                    # 1 exactly when the screen's float count rejects "failure prob <= δ")
                    ratio = _cp_lower_float(kf, N, self.level) / float(dval) if float(
                        dval) > 0 else (math.inf if kf else 0.0)
                    if math.isfinite(ratio) and (best is None or ratio > best[0]):
                        best = (ratio, cand, dict(sizes))
                    need = k_needed(N, dhi, self.level)
                    longest = max(longest, time.perf_counter() - t_cand)
                    if need is None or kf < need:
                        continue
                    flagged_open = True
                    # the screen's own failures, exactly
                    flagged = [int(i) for i in torch.nonzero(fail).flatten().tolist()]
                    ok, _, nver, undec = self.count_exact(stmt, rows, sizes, flagged, need)
                    verified += nver
                    if ok < need:
                        # draws left undecided exactly could make it fail: never a pass
                        undecided_candidates += ok + undec >= need
                        continue
                    # an independent sample from a fresh stream
                    s2 = stream_seed(seed, "confirm", ordinal)
                    passed, info, example = self.exact_test(stmt, params, c, sizes,
                                                            self.confirm, s2, dhi)
                    verified += info.get("verified_draws", 0) or 0
                    flagged_open = False
                    longest = max(longest, time.perf_counter() - t_cand)
                    if not passed:
                        undecided_candidates += "undecided_draws" in info
                        continue
                    p_low = mpmath.mpf(info["p_lower"])
                    with mpmath.workdps(TAIL_DPS):
                        ce = {"inputs": cand, "sizes": dict(sizes),
                              "lhs": mpmath.nstr(p_low, 20), "rhs": mpmath.nstr(dval, 40),
                              "margin": mpmath.nstr(dval - p_low, 20),
                              "ratio": mpmath.nstr(p_low / dval, 20) if dval > 0 else "inf",
                              "index": None, "digits": 60,
                              "verification": "clopper-pearson+mpmath",
                              "high_probability": {
                                  "law": self.law, "level": self.level,
                                  "delta": mpmath.nstr(dval, 40),
                                  "screen": {"n": N, "stream": s1, "failures_float": kf,
                                             "failures_verified": ok, "needed": need},
                                  "confirm": info, "example_failure": example}}
                    break
                done += C
                decided = done
                if progress:
                    progress(min(1.0, done / examples) if examples else
                             min(1.0, (time.perf_counter() - t0) / budget_s))
                if error or out_of_time:
                    break
        except Exception as exc:  # noqa: BLE001 - reported as the statement's error
            error = f"high-probability engine: {type(exc).__name__}: {exc}"
        except KeyboardInterrupt as exc:
            from .deadline import is_cut
            if not is_cut(exc) or examples is not None:
                raise
            # the checker's wall-clock cut: the candidates decided before it stand; the one in
            # progress is undecided only if the float screen had flagged it (or if none was
            # decided at all)
            cut = True
            done = decided
        # the result is complete: it is assembled (a found counterexample saved) under a
        # shield and handed to the checker's deadline before it is returned, so a cut at the
        # statement's end that falls meanwhile, or between this return and the checker (the
        # loop's last candidate ending just before the end), never turns a decided run into
        # "0 examples, 1 unverified" (adafactor/eq-114@corrected in session 10's smoke run)
        from .deadline import BudgetCut, hand_over, shield
        out = None
        try:
            with shield():
                out = self._result(stmt, make_result, common, ce=ce, best=best, error=error,
                                   save=save, seed=seed, found_at=found_at, done=done,
                                   n_stored=n_stored, stale=stale, rejected=rejected,
                                   verified=verified, cut=cut, flagged_open=flagged_open,
                                   undecided_candidates=undecided_candidates, N=N)
                hand_over(out)
        except BudgetCut:
            if out is None:
                raise
        return out

    def _result(self, stmt, make_result, common, *, ce, best, error, save, seed, found_at, done,
                n_stored, stale, rejected, verified, cut, flagged_open, undecided_candidates, N):
        """The engine's result (a found counterexample saved first)."""
        saved = None
        if ce is not None and save:
            from . import store
            saved = str(store.save(stmt, ce, seed=seed, method="monte-carlo+exact"))
        status = "error" if error else ("violated" if ce else "holds")
        if ce is not None:
            best = (float(ce["ratio"]), ce["inputs"], ce["sizes"])
        return make_result(stmt, status=status,
                           method="monte-carlo+exact" if ce else "monte-carlo",
                           examples=found_at if ce is not None else done,
                           best_ratio=None if best is None else best[0],
                           best_input=None if best is None else best[1],
                           best_sizes=None if best is None else best[2],
                           counterexample=ce, error=error, saved_to=saved, stored=n_stored,
                           stale=stale, rejected=rejected, resolved_by_mpmath=verified,
                           expectation="high-probability", device="cpu",
                           unverified=(int(cut and ce is None and (flagged_open or done == 0))
                                       + (undecided_candidates if ce is None else 0)),
                           cut=["high-probability"] if cut else None,
                           phases={"high-probability": {"samples_per_candidate": N,
                                                        "confirm": self.confirm,
                                                        "level": self.level,
                                                        "draws_verified_exactly": verified}},
                           **common)

    # -- replay ---------------------------------------------------------------------------------
    def replay_one(self, stmt: Statement, e: dict) -> tuple[bool, str | None, dict | None]:
        """(still violated, problem, counterexample) of one stored witness."""
        from .verification import inputs_from_candidates
        hp = e.get("high_probability")
        if not isinstance(hp, dict) or not isinstance(hp.get("confirm"), dict):
            return False, "not a high-probability witness (no 'high_probability.confirm')", None
        conf = hp["confirm"]
        n, s2 = conf.get("n"), conf.get("stream")
        if not (isinstance(n, int) and n >= 1 and isinstance(s2, int)):
            return False, "'confirm' needs integers 'n' and 'stream'", None
        level = hp.get("level", self.level)
        params = inputs_from_candidates([e["inputs"]])
        sizes = dict(e["sizes"])
        rows, names = self._rows(params, 0, n, sizes, s2)
        redrawn = False
        if conf.get("noise_sha256") and _digest(rows, names) != conf["noise_sha256"]:
            # the bits differ; the same stream on another CPU (torch's normal and exp kernels
            # are not bitwise reproducible across instruction sets and libm builds) differs
            # only in the last bits: the stored failing draw says which it is
            if not _same_draw(rows, names, hp.get("example_failure")):
                return False, ("the confirming sample no longer reproduces from its seed stream "
                               "(noise digest differs, and so does its stored failing draw "
                               "beyond rounding: another torch RNG or law)"), None
            redrawn = True
        _, dhi = self.delta_value(stmt, e["inputs"], sizes)
        need = k_needed(n, dhi, level)
        fail, _ = self.screen(stmt, rows, sizes, n)
        if need is None or int(fail.sum()) < need:
            return False, None, None
        flagged = [int(i) for i in torch.nonzero(fail).flatten().tolist()]
        ok, _, _, undec = self.count_exact(stmt, rows, sizes, flagged, need)  # balls, mpmath
        if ok < need:
            if ok + undec >= need:  # neither confirmed nor stale: said, never dropped
                return False, (f"replays undecided: {undec} of its draws have an exact margin "
                               "unstable under precision"), None
            return False, None, None
        ce = {k: v for k, v in e.items() if not k.startswith("_")}
        if redrawn:  # said with the finding: confirmed again, exactly, on this machine's draw
            ce["replay_note"] = (
                f"the confirming sample redrawn here differs from the stored one in its last "
                f"bits (noise digest; its stored failing draw agrees to {_DRAW_RTOL:g}): "
                f"confirmed again exactly on the redrawn sample, {ok} of {n} draws proven failing, "
                f"{need} needed")
        return True, None, ce

    def replay(self, stmt: Statement):
        from . import replay_cache, store
        problems, stale, found = [], 0, None
        entries = store.load(stmt)
        for e in entries:
            path = e.get("_path", "?")
            if "_problem" in e:
                problems.append(f"stored counterexample {path} is unusable: {e['_problem']}")
                continue
            hit = replay_cache.lookup(stmt, e)  # replayed violated exactly by this code before
            if hit is not None:
                if found is None:
                    found = {**hit, "stored": path}
                continue
            try:
                ok, why, ce = self.replay_one(stmt, e)
                if ok and not why:
                    replay_cache.record(stmt, e, ce)
            except Exception as exc:  # noqa: BLE001
                problems.append(f"stored counterexample {path} cannot be replayed: "
                                f"{type(exc).__name__}: {exc}")
                continue
            if why:
                problems.append(f"stored counterexample {path}: {why}")
            elif not ok:
                stale += 1
            elif found is None:
                found = {**ce, "stored": path}
        return len(entries), stale, found, problems


def row_sampler(spec: HighProbability):
    """The statement's ``sampler``: parameters and one noise draw per row (so that the generic
    tools -- compiled-vs-interpreted checks, benchmarks -- can evaluate the event)."""
    def sampler(ctx: SampleContext) -> dict:
        rows = spec.params(ctx)
        rows.update(spec.noise(ctx, rows))
        return rows
    return sampler


def row_sizes(spec: HighProbability):
    """The statement's ``sizes(generator, preset)`` from the specification's sizes."""
    return lambda gen, preset="default": spec.batch_sizes(gen)


def _subs_exact(stmt, expr, cand, sizes):
    from .conclusions import _exact_env, _subs
    scal, seq = _exact_env(cand)
    return _subs(sp.sympify(expr), stmt, scal, seq, sizes, {})


def _bare(stmt: Statement) -> Statement:
    """The event as a plain statement (the float evaluator and mpmath see it as one)."""
    import dataclasses
    cached = getattr(stmt, "_hp_bare", None)
    if cached is not None:
        return cached
    bare = dataclasses.replace(stmt, special=None, strict=False, conclusions=(), latex="-")
    try:
        object.__setattr__(stmt, "_hp_bare", bare)
    except Exception:  # noqa: BLE001 - caching is optional
        pass
    return bare
