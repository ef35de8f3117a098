"""Many statements at once: local worker processes or a Ray cluster (``adaproof check --workers N``,
``--ray [ADDRESS]``, ``--shards K``, ``--resume``).

The driver (the ``adaproof`` process) turns each statement into tasks, hands them to an existing
engine — :class:`concurrent.futures.ProcessPoolExecutor` with the ``spawn`` context, or Ray — and
gets back each task's :class:`~adaproof.checker.CheckResult` as JSON.  Workers never write: they
run ``check(..., save=False)``; the driver saves a verified counterexample to *its* store and
writes the result to *its* results directory, so workers need no shared filesystem (on Ray the
driver also ships the statement's stored counterexamples with the task, for the replay).

* **Order**: tasks start longest first, by the time each statement took in its last recorded
  result (statements never checked first of all); results are reported as they finish and
  returned in the order of the targets, so the summary table is the serial one.
* **Seeds**: shard 0 of a statement runs with the run's seed, exactly as the serial run does, so
  ``--workers N`` and ``--ray`` give the serial results (identical with ``--examples``).  Shard
  ``i >= 1`` runs with :func:`seed_for` ``(seed, key, i)``, an independent stream.
* **Shards** (``--shards K``; ``--ray`` with ``--budget deep`` defaults to 4): K searches of the
  same statement with the full budget each, merged as one search reports: violated if any shard
  is (the counterexample of the lowest such shard), else error if any shard errs, else holds; the
  best ratio the maximum over shards; examples and the other counts summed; time the longest.
* **Resume** (``--resume``): a statement is skipped when its last result was made by this code
  (:func:`code_version`) from this definition (:func:`statement_hash`) with the same seed, budget
  and shards, and did not err; both hashes are stored in every result this module writes.
* **Threads**: each worker runs torch with ``threads`` intra-op threads (default 1).
* **Retries**: Ray retries a failed task ``retries`` times (a lost worker or node, an exception);
  a local pool that breaks (a worker killed) is rebuilt and its unfinished tasks rerun.
"""
from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import functools
import hashlib
import inspect
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Sequence

from . import __version__
from ._validation import AdaproofInputError

__all__ = ["Task", "run_checks", "run_task", "seed_for", "code_version", "statement_hash",
           "merge_shards", "DEEP_SHARDS"]

#: shards per statement for ``--ray`` with the ``deep`` budget when ``--shards`` is not given
DEEP_SHARDS = 4


def seed_for(run_seed: int, key: str, shard: int = 0) -> int:
    """The seed of one search stream: ``sha256("adaproof:<run_seed>:<key>:<shard>")``, first 8
    bytes big-endian, modulo 2**32.  It depends on the run's seed, the statement and the shard
    alone — never on which worker runs it or in what order — so a distributed run reproduces the
    serial one."""
    blob = f"adaproof:{int(run_seed)}:{key}:{int(shard)}".encode()
    return int.from_bytes(hashlib.sha256(blob).digest()[:8], "big") % (2 ** 32)


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """``<adaproof version>+<12 hex>`` of :func:`adaproof.replay_cache.code_version` (the
    package's sources and data files, Python's and the evaluating libraries' versions): changes
    with any edit to the library, committed or not, and with a new torch, SymPy or mpmath."""
    from .replay_cache import code_version as digest
    return f"{__version__}+{digest()[:12]}"


def statement_hash(stmt) -> str:
    """sha256 (16 hex) of the statement's definition: its ``to_json()`` and the source of the
    module that defines its sampler (a user's statement module is not in :func:`code_version`)."""
    h = hashlib.sha256(json.dumps(stmt.to_json(), sort_keys=True, default=str).encode())
    for fn in (stmt.sampler, stmt.sizes):
        try:
            src = inspect.getsourcefile(fn)
        except TypeError:
            src = None
        if src and os.path.isfile(src):
            h.update(Path(src).read_bytes())
    return h.hexdigest()[:16]


@dataclasses.dataclass(frozen=True)
class Task:
    """One search: a statement (by key) and a shard, with everything a fresh worker needs."""

    key: str
    shard: int
    seed: int
    budget: Any
    examples: int | None
    device: str
    fresh: bool
    threads: int
    modules: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    #: the driver's stored counterexamples (Ray: no shared filesystem), else None
    stored: tuple | None = None
    #: "hand" or "derived" (``check(..., sampler=...)``: hand-written samplers ignored)
    sampler: str = "hand"


def _prepare(paths: Sequence[str], modules: Sequence[str], threads: int) -> None:
    import torch
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    for p in reversed(paths):
        if p not in sys.path:
            sys.path.insert(0, p)
    from .registry import _import
    for m in modules:
        if m not in sys.modules:
            _import(m, "loaded by the driver")


def _init_worker(paths, modules, threads) -> None:  # ProcessPoolExecutor initializer
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    _prepare(paths, modules, threads)


def run_task(task: Task) -> dict:
    """Run one task in this process (a worker) and return its result as JSON; saves nothing."""
    _prepare(task.paths, task.modules, task.threads)
    from .checker import check
    from .registry import get
    stmt = get(task.key)
    kw = dict(examples=task.examples, seed=task.seed, device=task.device, fresh=task.fresh,
              save=False, sampler=task.sampler)
    if task.stored is None:
        return check(stmt, task.budget, **kw).to_json()
    from . import store
    old = os.environ.get("ADAPROOF_STORE")
    with tempfile.TemporaryDirectory(prefix="adaproof-replay-") as d:
        os.environ["ADAPROOF_STORE"] = d
        try:
            for entry in task.stored:
                entry = dict(entry)
                name = Path(entry.pop("_path")).name
                p = store.entry_path(stmt, entry).parent / name
                p.parent.mkdir(parents=True, exist_ok=True)
                p.write_text(json.dumps(entry, sort_keys=True))
            out = check(stmt, task.budget, **kw).to_json()
        finally:
            if old is None:
                os.environ.pop("ADAPROOF_STORE", None)
            else:
                os.environ["ADAPROOF_STORE"] = old
    ce = out.get("counterexample") or {}
    if ce.get("stored"):  # the replayed entry, named by the driver's path
        by_name = {Path(e["_path"]).name: e["_path"] for e in task.stored}
        ce["stored"] = by_name.get(Path(ce["stored"]).name, ce["stored"])
    return out


# -- results ----------------------------------------------------------------------------------

def result_from_json(d: dict):
    from .checker import CheckResult
    names = {f.name for f in dataclasses.fields(CheckResult)}
    return CheckResult(**{k: v for k, v in d.items() if k in names})


def _error_result(stmt, task: Task, error: str):
    from .checker import CheckResult, parse_budget
    return CheckResult(
        id=stmt.id, variant=stmt.variant, key=stmt.key, expected=stmt.expected, status="error",
        method="-", best_ratio=None, best_input=None, best_sizes=None, counterexample=None,
        examples=0, rejected_by_hypotheses=0, float_exact_disagreements=0,
        nonfinite_resolved_exactly=0, nonfinite_unverified=0, flagged_unverified=0,
        seed=task.seed, device=task.device, time_s=0.0,
        budget_s=None if task.examples is not None else parse_budget(task.budget),
        budget_examples=task.examples, error=error)


_SUMMED = ("examples", "rejected_by_hypotheses", "float_exact_disagreements",
           "nonfinite_resolved_exactly", "nonfinite_unverified", "flagged_unverified",
           "unverified", "resolved_by_prescreen", "resolved_by_mpmath")


def merge_shards(parts: list) -> Any:
    """One result from the shards' results (shard order), as one search would report it."""
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    out = dataclasses.replace(first)
    for f in _SUMMED:
        setattr(out, f, sum(getattr(p, f) for p in parts))
    finite = [p for p in parts if p.best_ratio is not None]
    if finite:
        top = max(finite, key=lambda p: p.best_ratio)  # first shard on a tie
        out.best_ratio, out.best_input, out.best_sizes = (top.best_ratio, top.best_input,
                                                          top.best_sizes)
    hit = next((p for p in parts if p.counterexample is not None), None)
    errs = [f"shard {i}: {p.error}" for i, p in enumerate(parts) if p.error]
    if hit is not None:
        out.status, out.counterexample, out.method = "violated", hit.counterexample, hit.method
        out.replayed, out.saved_to = hit.replayed, hit.saved_to
    elif errs:
        out.status = "error"
    out.error = "; ".join(errs) or None
    out.time_s = max(p.time_s for p in parts)
    out.budget_examples = (None if first.budget_examples is None else
                           sum(p.budget_examples for p in parts))
    phases: dict = {}
    for p in parts:
        for name, v in (p.phases or {}).items():
            acc = phases.setdefault(name, {"time_s": 0.0, "examples": 0})
            acc["time_s"] = round(max(acc["time_s"], v.get("time_s", 0.0)), 3)
            acc["examples"] += v.get("examples", 0)
    out.phases = phases
    # each shard's history, its examples offset by the shards before it (one search's axis)
    history: dict = {}
    offset: dict = {}
    for p in parts:
        for name, pts in (getattr(p, "history", None) or {}).items():
            base = offset.get(name, 0)
            history.setdefault(name, []).extend([[base + n, r] for n, r in pts])
            if pts:
                offset[name] = base + pts[-1][0]
    out.history = history
    out.interrupted = any(getattr(p, "interrupted", False) for p in parts)
    return out


# -- the driver -------------------------------------------------------------------------------

def _positive_int(name: str, value, allowed: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise AdaproofInputError(f"{name} must be an integer >= 1 ({allowed}), got {value!r}")
    return value


def run_checks(targets: Sequence, *, budget="smoke", examples: int | None = None, seed: int = 0,
               device: str = "cpu", fresh: bool = False, workers: int | None = None,
               ray: str | None = None, shards: int | None = None, threads: int = 1,
               resume: bool = False, retries: int = 2, gpu_fraction: float = 0.25,
               modules: Sequence[str] = (), last: Callable[[str], dict | None] = lambda k: None,
               write: Callable[[Any, dict], None] = lambda r, extra: None,
               on_result: Callable[[Any, int, int], None] = lambda r, i, n: None,
               sampler: str = "hand") -> list:
    """Check ``targets`` (statements) on local worker processes (``workers``), on Ray (``ray``:
    an address, or ``"local"`` for a local cluster of ``workers or 2`` CPUs), or here in this
    process (neither).  ``last(key)`` reads a statement's last recorded result (for the order and
    ``resume``), ``write(result, extra)`` records one, ``on_result(result, done, total)`` reports
    one as it finishes; ``sampler="derived"`` ignores hand-written samplers (as ``check``).
    Returns the results in the order of ``targets``."""
    from .checker import parse_budget, parse_examples
    parse_budget(budget)
    examples = parse_examples(examples)
    if workers is not None:
        _positive_int("workers", workers, "worker processes")
    _positive_int("threads", threads, "torch threads per worker")
    if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
        raise AdaproofInputError(f"retries must be an integer >= 0, got {retries!r}")
    if not (isinstance(gpu_fraction, (int, float)) and 0 < gpu_fraction <= 1):
        raise AdaproofInputError(f"gpu_fraction must be in (0, 1], got {gpu_fraction!r}")
    if shards is None:
        shards = DEEP_SHARDS if (ray is not None and budget == "deep") else 1
    _positive_int("shards", shards, "seed streams per statement")
    if device == "auto":
        from .checker import _resolve_device
        device = _resolve_device(device)
    if sampler not in ("hand", "derived"):
        raise AdaproofInputError(f"sampler must be 'hand' or 'derived', got {sampler!r}")
    run_info = {"seed": seed, "budget": budget if examples is None else None,
                "examples": examples, "shards": shards}
    if sampler != "hand":  # --resume never takes a hand-sampler result for a derived run
        run_info["sampler"] = sampler
    code = code_version()
    stmts = {s.key: s for s in targets}
    hashes = {k: statement_hash(s) for k, s in stmts.items()}
    done: dict[str, Any] = {}
    if resume:
        for k in stmts:
            prev = last(k)
            if (prev and prev.get("code_version") == code and prev.get("statement_hash") ==
                    hashes[k] and prev.get("run") == run_info and prev.get("status") != "error"):
                done[k] = result_from_json(prev)
    todo = [s for s in targets if s.key not in done]
    # longest first: the last recorded time (never checked: first of all), then the serial order
    def _last_time(s) -> float:
        prev = last(s.key) or {}
        t = prev.get("time_s")
        return float("inf") if not isinstance(t, (int, float)) else float(t)
    order = sorted(todo, key=lambda s: -_last_time(s))
    paths = tuple(p for p in sys.path if p and os.path.isdir(p))
    ship = ray is not None and not fresh
    tasks = []
    for s in order:
        stored = None
        if ship:
            from . import store
            stored = tuple(store.load(s))
        for i in range(shards):
            tasks.append(Task(key=s.key, shard=i, seed=seed if i == 0 else seed_for(seed, s.key, i),
                              budget=budget, examples=examples, device=device, fresh=fresh,
                              threads=threads, modules=tuple(modules), paths=paths, stored=stored,
                              sampler=sampler))
    total = len(stmts)
    count = [0]
    for k in stmts:
        if k in done:
            count[0] += 1
            on_result(done[k], count[0], total)
    parts: dict[str, dict[int, Any]] = {}

    def finish(task: Task, res) -> None:
        parts.setdefault(task.key, {})[task.shard] = res
        if len(parts[task.key]) < shards:
            return
        r = merge_shards([parts[task.key][i] for i in range(shards)])
        stmt = stmts[task.key]
        if r.counterexample is not None and not r.replayed:
            from . import store
            hit = next(p for p in (parts[task.key][i] for i in range(shards))
                       if p.counterexample is not None)
            r.saved_to = str(store.save(stmt, r.counterexample, seed=hit.seed, method=r.method))
        write(r, {"code_version": code, "statement_hash": hashes[task.key], "run": run_info})
        done[task.key] = r
        count[0] += 1
        on_result(r, count[0], total)

    if tasks:
        if ray is not None:
            _run_ray(tasks, ray, workers, retries, gpu_fraction, stmts, finish)
        elif workers:
            _run_local(tasks, workers, threads, paths, tuple(modules), retries, stmts, finish)
        else:
            for t in tasks:
                finish(t, result_from_json(run_task(t)))
    return [done[s.key] for s in targets]


def _run_local(tasks, workers, threads, paths, modules, retries, stmts, finish) -> None:
    import multiprocessing as mp
    from concurrent.futures.process import BrokenProcessPool
    attempts: dict[tuple, int] = {}
    pending = list(tasks)
    while pending:
        batch, pending = pending, []
        with cf.ProcessPoolExecutor(max_workers=min(workers, len(batch)),
                                    mp_context=mp.get_context("spawn"),
                                    initializer=_init_worker,
                                    initargs=(paths, modules, threads)) as ex:
            futures = {ex.submit(run_task, t): t for t in batch}  # submitted longest first
            for fut in cf.as_completed(futures):
                t = futures[fut]
                try:
                    res = result_from_json(fut.result())
                except BrokenProcessPool as exc:
                    n = attempts[(t.key, t.shard)] = attempts.get((t.key, t.shard), 0) + 1
                    if n <= retries:
                        pending.append(t)
                        continue
                    res = _error_result(stmts[t.key], t, f"worker process died ({exc}) "
                                                         f"{n} time(s)")
                except Exception as exc:  # noqa: BLE001 - a task's failure is its result
                    res = _error_result(stmts[t.key], t, f"{type(exc).__name__}: {exc}")
                finish(t, res)


def _run_ray(tasks, address, workers, retries, gpu_fraction, stmts, finish) -> None:
    try:
        import ray
    except ImportError:
        raise AdaproofInputError("--ray needs Ray: pip install 'adaproof[ray]'") from None
    started = False
    if not ray.is_initialized():
        if address in (None, "local"):
            ray.init(num_cpus=workers or 2, include_dashboard=False, log_to_driver=False,
                     configure_logging=False)
        else:
            ray.init(address=address, log_to_driver=False, configure_logging=False)
        started = True
    try:
        opts = dict(num_cpus=1, max_retries=retries, retry_exceptions=True)
        if tasks[0].device == "cuda":
            opts["num_gpus"] = gpu_fraction
        remote = ray.remote(**opts)(run_task)
        refs = {remote.remote(t): t for t in tasks}  # submitted longest first
        while refs:
            ready, _ = ray.wait(list(refs), num_returns=1)
            for ref in ready:
                t = refs.pop(ref)
                try:
                    res = result_from_json(ray.get(ref))
                except Exception as exc:  # noqa: BLE001 - retries spent: the task's result
                    res = _error_result(stmts[t.key], t, f"ray task failed after {retries} "
                                                         f"retries: {type(exc).__name__}: {exc}")
                finish(t, res)
    finally:
        if started:
            ray.shutdown()
