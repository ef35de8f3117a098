"""Phase 2 of the attack engine: gradient-guided search.

Batched gradient ascent, with torch autograd, on the objective ``log(lhs/rhs)`` at the worst
universal index (a smooth max over the ``forall`` axes), over the unconstrained variables ``z`` of
the statement's :class:`~adaproof.search.reparam.Reparam` (``stmt.reparam``), whose ``forward``
builds inputs that satisfy the hypotheses by construction.  For statements about an algorithm the
gradient flows through the algorithm's recurrence (``run(..., keep_graph=True)``).

Each *round* fixes the sizes (those of the given start candidates first, then sizes drawn from
``stmt.sizes(generator, "default")``), builds a population of starts (``reparam.init``), perturbed
copies of them and random restarts (``reparam.random``), and runs Adam on ``z`` with a few learning
rates side by side (one per candidate).  A candidate whose objective or gradient becomes NaN/inf is
replaced by a random restart (it is never counted as a pass).  Every few steps, and at the end of a
round, the current points are screened in plain float64 with
:func:`~adaproof.verification.evaluate_batch` (no graph) and offered to the
:class:`~adaproof.search.PhaseOutcome`: the largest ratio that the screen says holds as ``best``,
float violations (margin < 0) as ``flagged``, which the checker re-verifies exactly.

Reproducible for a seed: rounds, sizes, restarts and steps are drawn from one seeded generator and
counted in steps; the wall-clock budget only decides where the sequence stops (pass ``max_steps``
for a result independent of the machine's speed).
"""
from __future__ import annotations

import math
import time
from typing import Any, Mapping

import torch

from .._validation import AdaproofInputError
from ..statement import Statement
from ..symbolic import SeqValue, torch_eval
from ..deadline import shield
from ..verification import (_trajectory_env, candidate_inputs, evaluate_batch,
                            inputs_from_candidates)
from . import Candidate, PhaseOutcome
from ..derive import reparam_for, sizes_for
from ..derive.laws_phases import law_rows, screen_every

__all__ = ["guided_search", "differentiable_sides", "objective", "BATCH", "ELEMENTS"]

#: most candidates per round on each device
BATCH = {"cpu": 2048, "cuda": 16384}
#: at most this many input entries (B × product of the sizes) per round: bounds the graph
ELEMENTS = {"cpu": 1 << 16, "cuda": 1 << 22}
#: elite candidates kept per sizes, to seed later rounds with the same sizes
_ELITE = 8


# ---------------------------------------------------------------------------------------------
# differentiable evaluation
# ---------------------------------------------------------------------------------------------
def _batch_size(inputs: Mapping[str, Any]) -> int:
    for v in inputs.values():
        if isinstance(v, SeqValue):
            return v.data.shape[0]
        if isinstance(v, torch.Tensor) and v.dim() >= 1:
            return v.shape[0]
    raise AdaproofInputError("inputs hold no batched tensor")


def differentiable_sides(stmt: Statement, inputs: Mapping[str, Any], sizes: Mapping[str, int], *,
                         dtype=torch.float64, device="cpu") -> tuple[torch.Tensor, torch.Tensor]:
    """``(lhs, rhs)``, each ``(B, n)`` over the flattened universal indices, keeping the autograd
    graph (mirrors :func:`~adaproof.verification.evaluate_batch` without the hypotheses: the
    reparameterisation guarantees them)."""
    if hasattr(stmt, "computed_sides"):  # matrix claims, relations (adaproof.computed)
        return stmt.computed_sides(inputs, sizes, dtype=dtype, device=device)
    if stmt.noise is not None:  # E[lhs], E[rhs] over the enumerated noise paths
        from ..derive.laws_phases import law_sides
        return law_sides(stmt, inputs, sizes, dtype=dtype, device=device)
    env: dict[str, Any] = dict(sizes)
    env.update(inputs)
    B = _batch_size(inputs)
    if stmt.trajectory is not None:
        _trajectory_env(stmt, env, keep_graph=True)
    lhs = torch_eval(stmt.lhs, env, B=B, forall=stmt.forall, dtype=dtype, device=device)
    rhs = torch_eval(stmt.rhs, env, B=B, forall=stmt.forall, dtype=dtype, device=device)
    lhs, rhs = torch.broadcast_tensors(lhs, rhs)
    return lhs.reshape(B, -1), rhs.reshape(B, -1)


def objective(lhs: torch.Tensor, rhs: torch.Tensor, temperature: float = 0.01) -> torch.Tensor:
    """Per candidate ``(B,)``: the smooth maximum over the universal indices (``temperature`` ×
    logsumexp(·/temperature); the plain max for temperature 0) of ``log(lhs/rhs)`` where
    ``rhs > 0`` (``lhs`` floored at 1e-300), of the signed relative gap
    ``(lhs − rhs)/(|lhs| + |rhs|)`` elsewhere."""
    tiny = 1e-300
    pos = rhs > 0
    logr = torch.log(lhs.clamp_min(tiny)) - torch.log(torch.where(pos, rhs, torch.ones_like(rhs)))
    rel = (lhs - rhs) / (lhs.abs() + rhs.abs()).clamp_min(tiny)
    e = torch.where(pos, logr, rel)
    if e.shape[1] == 1:
        return e[:, 0]
    if temperature > 0:
        return temperature * torch.logsumexp(e / temperature, dim=1)
    return e.max(dim=1).values


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def _detach(inputs: Mapping[str, Any]) -> dict:
    out = {}
    for k, v in inputs.items():
        if isinstance(v, SeqValue):
            out[k] = SeqValue(v.data.detach(), v.start)
        elif isinstance(v, torch.Tensor):
            out[k] = v.detach()
        else:
            out[k] = v
    return out


def _sizes_key(sizes: Mapping[str, int]) -> tuple:
    return tuple(sorted((k, int(v)) for k, v in sizes.items()))


def _cat(parts: list[dict]) -> dict:
    parts = [p for p in parts if p]
    out = {}
    for k in parts[0]:
        t = torch.cat([p[k].detach() for p in parts], 0)
        out[k] = t.requires_grad_(parts[0][k].requires_grad)
    return out


def _to(z: dict, dtype, device) -> dict:
    return {k: v.detach().to(dtype=dtype, device=device).requires_grad_(v.requires_grad)
            for k, v in z.items()}


def _rows(x: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """A per-candidate ``(B,)`` tensor shaped to broadcast against ``like`` ``(B, ...)``."""
    return x.reshape((x.shape[0],) + (1,) * (like.dim() - 1))


def _steps_for(sizes: Mapping[str, int]) -> int:
    """Steps per round: fewer for long horizons (the Python loop over T dominates there)."""
    T = int(sizes.get("T", 1))
    return int(max(30, min(300, 8000 // (T + 10))))


class _Adam:
    """Adam on the leaves of ``z``, one learning rate and one step count per candidate, so that a
    single candidate can be restarted without touching the others."""

    def __init__(self, z: dict, lr: torch.Tensor, betas=(0.9, 0.999), eps: float = 1e-20):
        self.keys = [k for k, v in z.items() if v.requires_grad]
        self.lr, self.betas, self.eps = lr, betas, eps
        self.m = {k: torch.zeros_like(z[k]) for k in self.keys}
        self.v = {k: torch.zeros_like(z[k]) for k in self.keys}
        self.n = torch.zeros_like(lr)

    @torch.no_grad()
    def step(self, z: dict, grads: dict) -> None:
        b1, b2 = self.betas
        self.n += 1
        bc1, bc2 = 1 - b1 ** self.n, 1 - b2 ** self.n
        lr1 = self.lr / bc1  # once per step, not per leaf
        for k in self.keys:
            g = grads[k]
            m, v = self.m[k], self.v[k]
            m.mul_(b1).add_(g, alpha=1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            # (lr/bc1)·m / (sqrt(v/bc2) + eps), the same operations in the same order, in two
            # buffers instead of five
            den = torch.div(v, _rows(bc2, v)).sqrt_().add_(self.eps)
            step = torch.mul(_rows(lr1, m), m).div_(den)
            z[k].sub_(step)

    @torch.no_grad()
    def reset(self, rows: torch.Tensor) -> None:
        for k in self.keys:
            self.m[k][rows] = 0
            self.v[k][rows] = 0
        self.n[rows] = 0


# ---------------------------------------------------------------------------------------------
# the phase
# ---------------------------------------------------------------------------------------------
# Autograd on whatever grad mode the process is left in: a wall-clock cut (an asynchronous
# KeyboardInterrupt subclass) landing inside a no_grad/inference_mode __enter__ of an earlier
# statement can leave grad mode off, which made every later guided phase of the process an
# error ("element 0 of tensors does not require grad").
@torch.inference_mode(False)
@torch.enable_grad()
def guided_search(stmt: Statement, budget_s: float, seed: int = 0, device: str = "cpu",
                  starts: list[Candidate] | None = None, batch: int | None = None, *,
                  lrs: tuple[float, ...] = (0.3, 0.1, 0.03), temperature: float = 0.01,
                  eval_every: int = 20, max_steps: int | None = None,
                  max_examples: int | None = None, on_flagged=None, afford=None,
                  stop_margin: float | None = -1e-8, reparam: Any = None,
                  dtype=torch.float64, threads: int | None = 1) -> PhaseOutcome:
    """Gradient-guided search on ``stmt`` for ``budget_s`` seconds (see the module docstring).

    ``starts``: candidates from earlier phases (best first) to start from; ``batch``: most
    candidates per round (default :data:`BATCH`, capped by :data:`ELEMENTS` input entries);
    ``lrs``: Adam learning rates, assigned round-robin over the candidates; ``temperature``: of
    the smooth max over the universal indices (0: the plain max); ``eval_every``: steps between
    float64 screens; ``max_steps``: stop after this many gradient steps in all;
    ``max_examples``: stop once this many candidates were screened (admissible or not);
    ``on_flagged``: ``on_flagged(flagged, nonfinite) -> stop`` receives each screen's float
    violations and non-finite candidates as they are found instead of the outcome collecting
    them (the checker resolves them exactly inside the phase's time, so a wall-clock budget
    leaves no backlog); a true return ends the search (a verified violation);
    ``afford``: ``afford(sizes, B) -> bool`` is asked before each round whether the exact
    re-checks of a screen of ``B`` candidates of ``sizes`` still fit (the checker's deadline);
    a round it refuses is not run (other sizes are drawn; the search ends after
    :data:`AFFORD_TRIES` refusals in a row);
    with ``budget_s=None`` (or ``inf``) one of the two is required and the search depends on
    the seed alone;
    ``stop_margin``: return early once a candidate is flagged with a relative margin below this
    (far beyond float rounding; None never stops early); ``reparam``: overrides
    ``stmt.reparam``; ``threads``: torch intra-op threads while the phase runs on CPU (restored
    afterwards; None leaves torch's setting alone).  One thread by default: the tensors here are
    small (the loop is bound by Python and autograd overhead), and with more threads every
    elementwise op waits on a barrier, which on a machine where another process holds a core
    made the phase ~50× slower (measured: 2 threads 2 k, 1 thread 120 k candidate-steps/s).

    Candidates whose float sides are non-finite are not offered (never a pass); the first few are
    kept on the outcome as ``outcome.nonfinite`` (a list of :class:`Candidate` with NaN ratio) for
    exact re-evaluation."""
    if not isinstance(stmt, Statement):
        raise AdaproofInputError(f"stmt must be a Statement, got {type(stmt).__name__}")
    rp = reparam if reparam is not None else reparam_for(stmt)
    if rp is None:
        raise AdaproofInputError(f"statement {stmt.key} has no reparam: guided search needs one")
    if budget_s is None or budget_s == math.inf:
        if max_steps is None and max_examples is None:
            raise AdaproofInputError("a guided search without a time budget needs max_steps "
                                     "or max_examples")
        budget_s = math.inf
    elif not (isinstance(budget_s, (int, float)) and math.isfinite(budget_s) and budget_s > 0):
        raise AdaproofInputError(f"budget_s must be a number of seconds > 0, got {budget_s!r}")
    for name, val in (("max_steps", max_steps), ("max_examples", max_examples)):
        if val is not None and (isinstance(val, bool) or not isinstance(val, int) or val < 1):
            raise AdaproofInputError(f"{name} must be an integer >= 1 or None, got {val!r}")
    if device not in ("cpu", "cuda") and not str(device).startswith("cuda"):
        raise AdaproofInputError(f"device must be 'cpu' or 'cuda', got {device!r}")
    kind = "cuda" if str(device).startswith("cuda") else "cpu"
    max_batch = int(batch or BATCH[kind])
    if max_batch < 1:
        raise AdaproofInputError(f"batch must be >= 1, got {batch!r}")
    if not lrs or any(not (lr > 0) for lr in lrs):
        raise AdaproofInputError(f"lrs must be learning rates > 0, got {lrs!r}")

    if threads is not None and (isinstance(threads, bool) or not isinstance(threads, int)
                                or threads < 1):
        raise AdaproofInputError(f"threads must be an integer >= 1 or None, got {threads!r}")
    prev = torch.get_num_threads()
    if kind == "cpu" and threads is not None and threads != prev:
        torch.set_num_threads(threads)
    try:
        return _guided(stmt, rp, float(budget_s), int(seed), device, kind, starts, max_batch,
                       lrs, temperature, eval_every, max_steps, stop_margin, dtype,
                       max_examples, on_flagged, afford)
    finally:
        if torch.get_num_threads() != prev:
            torch.set_num_threads(prev)


def _guided(stmt, rp, budget_s, seed, device, kind, starts, max_batch, lrs, temperature,
            eval_every, max_steps, stop_margin, dtype, max_examples=None,
            on_flagged=None, afford=None) -> PhaseOutcome:
    t0 = time.perf_counter()
    deadline = t0 + float(budget_s)
    gen = torch.Generator().manual_seed(int(seed))
    out = PhaseOutcome(name="guided")

    # starts grouped by sizes, best first
    groups: dict[tuple, list[Candidate]] = {}
    for c in sorted(starts or [], key=lambda c: -c.ratio if math.isfinite(c.ratio) else 0.0):
        groups.setdefault(_sizes_key(c.sizes), []).append(c)
    pending = list(groups)
    elite: dict[tuple, list[Candidate]] = {}
    total_steps = 0
    state = {"stop": False, "screen_s": 0.0, "screened": 0}

    def time_left() -> float:
        return deadline - time.perf_counter()

    def screen(z: dict, sizes: dict) -> torch.Tensor:
        """Float64 screen of the current points; offers them; returns rows to restart."""
        ts = time.perf_counter()
        with torch.no_grad():
            inputs = _detach(rp.forward(z, sizes))
        ev = evaluate_batch(stmt, inputs, sizes, dtype=dtype, device=device)
        ok = ev.admissible & ~ev.nonfinite
        out.examples += int(ok.sum())
        state["screened"] += int(ok.numel())
        if max_examples is not None and state["screened"] >= max_examples:
            state["stop"] = True
        key = _sizes_key(sizes)
        bad_rows = ev.nonfinite | ~ev.admissible
        # a wall-clock cut (adaproof.deadline) never falls between flagging and handing over
        with shield():
            new_nonfinite = [Candidate(float("nan"), float("nan"),
                                       candidate_inputs(stmt, inputs, j), dict(sizes))
                             for j in ev.nonfinite.nonzero().flatten().tolist()]
            flagged = (ok & (ev.margin < 0)).nonzero().flatten()
            new_flagged = []
            if flagged.numel():
                order = ev.rel_margin[flagged].argsort()
                new_flagged = [Candidate(float(ev.ratio[j]), float(ev.rel_margin[j]),
                                         candidate_inputs(stmt, inputs, j), dict(sizes))
                               for j in flagged[order].tolist()]
            if on_flagged is not None:
                if (new_flagged or new_nonfinite) and on_flagged(new_flagged, new_nonfinite):
                    state["stop"] = True
            else:  # all of them: the checker resolves them after the phase
                out.nonfinite.extend(new_nonfinite)
                for c in new_flagged:
                    out.offer(c)
        if flagged.numel():
            if stop_margin is not None and float(ev.rel_margin[flagged].min()) < stop_margin:
                state["stop"] = True
        holds = ok & (ev.margin >= 0)
        ratio = torch.where(holds, ev.ratio, torch.full_like(ev.ratio, -float("inf")))
        ratio = torch.nan_to_num(ratio, nan=-float("inf"))
        top = ratio.argsort(descending=True)[:_ELITE]
        el = elite.setdefault(key, [])
        for rank, j in enumerate(top.tolist()):
            if not math.isfinite(float(ratio[j])):
                break
            cand = Candidate(float(ev.ratio[j]), float(ev.rel_margin[j]),
                             candidate_inputs(stmt, inputs, j), dict(sizes))
            if rank == 0:
                out.offer(cand)
            el.append(cand)
        el.sort(key=lambda c: -c.ratio)
        del el[_ELITE:]
        state["screen_s"] = max(state["screen_s"], time.perf_counter() - ts)
        return bad_rows

    def population(sizes: dict, seeds: list[Candidate], B: int) -> dict:
        parts = []
        n_seed = min(len(seeds), B // 4)
        if n_seed:
            zs = _to(rp.init(inputs_from_candidates([c.inputs for c in seeds[:n_seed]],
                                                    dtype=dtype), sizes), dtype, device)
            parts.append(zs)
            n_pert = min(B // 4, B - n_seed)
            if n_pert:
                idx = torch.arange(n_pert, device=device) % n_seed
                pert = {}
                for k, v in zs.items():
                    base = v.detach()[idx]
                    if v.requires_grad:
                        noise = torch.randn(base.shape, generator=gen, dtype=dtype).to(device)
                        scale = 0.05 * torch.exp(3 * torch.rand(
                            (n_pert,) + (1,) * (base.dim() - 1), generator=gen, dtype=dtype
                        ).to(device)) / math.e ** 1.5
                        base = base + scale * noise
                    pert[k] = base
                parts.append(pert)
        n_rand = B - sum(next(iter(p.values())).shape[0] for p in parts)
        if n_rand > 0:
            parts.append(_to(rp.random(n_rand, sizes, gen, dtype=dtype, device=device), dtype,
                             device))
        return _cat(parts)

    try:
        _rounds(stmt, rp, seed, device, kind, max_batch, lrs, temperature, eval_every,
                max_steps, dtype, gen, out, groups, pending, elite, state, time_left, screen,
                population, afford)
    except KeyboardInterrupt as exc:  # the checker keeps what was found so far
        out.interrupted = exc
    out.flagged.sort(key=lambda c: c.rel_margin)  # most violating first
    return out


#: rounds in a row that ``afford`` may refuse before the guided search ends
AFFORD_TRIES = 8


def _rounds(stmt, rp, seed, device, kind, max_batch, lrs, temperature, eval_every, max_steps,
            dtype, gen, out, groups, pending, elite, state, time_left, screen, population,
            afford=None):
    total_steps = 0
    refused = 0
    while time_left() > 0 and not state["stop"] and (max_steps is None or
                                                      total_steps < max_steps):
        # sizes of this round: the starts' first, then drawn (now and then the best's sizes)
        if pending:
            key = pending.pop(0)
            sizes = dict(key)
            seeds = groups[key] + elite.get(key, [])
        else:
            r = float(torch.rand(1, generator=gen))
            best_key = _sizes_key(out.best.sizes) if out.best is not None else None
            if best_key is not None and r < 0.3:
                sizes = dict(best_key)
            else:
                sizes = dict(sizes_for(stmt)(gen, "default"))
            key = _sizes_key(sizes)
            seeds = groups.get(key, []) + elite.get(key, [])
        n_entries = law_rows(stmt, sizes)  # entries per candidate, noise paths included
        B = int(min(max_batch, max(8, ELEMENTS[kind] // n_entries)))
        if afford is not None and not afford(sizes, B):
            # a screen of these sizes could not be re-checked exactly in time (a T = 200 round
            # after T = 3 ones: ~0.3 s of pre-screen with 0.2 s left, 33 candidates unverified)
            refused += 1
            if refused >= AFFORD_TRIES:
                break
            continue
        refused = 0
        z = population(sizes, seeds, B)
        lr = torch.tensor([lrs[i % len(lrs)] for i in range(B)], dtype=dtype, device=device)
        opt = _Adam(z, lr)
        leaves = opt.keys
        n_steps = _steps_for(sizes)
        step_s = 0.0
        screened = False
        if seeds and time_left() > 0:
            screen(z, sizes)  # the starts as mapped through the reparameterisation
            screened = True
        for step in range(n_steps):
            if state["stop"] or (max_steps is not None and total_steps >= max_steps):
                break
            if time_left() < step_s + state["screen_s"]:
                break
            ts = time.perf_counter()
            inputs = rp.forward(z, sizes)
            lhs, rhs = differentiable_sides(stmt, inputs, sizes, dtype=dtype, device=device)
            obj = objective(lhs, rhs, temperature)
            finite = torch.isfinite(obj)
            loss = -torch.where(finite, obj, torch.zeros_like(obj)).sum()
            grads = torch.autograd.grad(loss, [z[k] for k in leaves], allow_unused=True)
            grads = {k: (torch.zeros_like(z[k]) if g is None else g)
                     for k, g in zip(leaves, grads)}
            bad = ~finite
            for g in grads.values():
                bad |= ~torch.isfinite(g.reshape(B, -1)).all(1)
            if bool(bad.any()):
                for k in leaves:
                    grads[k] = torch.where(_rows(bad, grads[k]), torch.zeros_like(grads[k]),
                                           grads[k])
            opt.step(z, grads)
            total_steps += 1
            if bool(bad.any()):
                _restart(rp, z, bad, sizes, gen, opt, dtype, device)
            step_s = time.perf_counter() - ts
            screened = False
            if (step + 1) % screen_every(stmt, B, eval_every) == 0:
                nf = screen(z, sizes)
                screened = True
                if bool(nf.any()):
                    _restart(rp, z, nf, sizes, gen, opt, dtype, device)
                if state["stop"]:
                    break
        if not screened and time_left() > 0:
            screen(z, sizes)


def _restart(rp, z: dict, rows: torch.Tensor, sizes: dict, gen: torch.Generator, opt: _Adam,
             dtype, device) -> None:
    """Replace the candidates in ``rows`` by random restarts (fresh optimiser state)."""
    n = int(rows.sum())
    if not n:
        return
    new = rp.random(n, sizes, gen, dtype=dtype, device=device)
    with torch.no_grad():
        for k, v in z.items():
            v[rows] = new[k].to(dtype=v.dtype, device=v.device)
    opt.reset(rows)
