"""Once-per-process setup, done before a wall-clock budget's clock starts and reported apart.

A statement's deadline (``docs/budgets.md``) must measure the statement, not the process: the
first statement of a process would otherwise pay for work that no later one repeats, in long C
calls or imports that a cut cannot (or must not) interrupt.  Measured in
``benchmarks/bench_budgets.py --dump-after`` under ``--budget smoke`` at load 10 on 2 cores:

* **full garbage collections** of a large heap ran *inside* statements: the statement registry
  leaves about 300,000 objects, and each statement's caches (compiled plans, SymPy's) add
  25,000-70,000 more that stay; Python's automatic generation-2 collections then took 1.3-2.9 s
  each under load (adafactor/eq-110-a, eq-110-e, eq-107-b, theorem-B.1-eq33, -eq34, ... ended at
  1.1-2.2x with a collection as the single long call), and Hypothesis's ``register_random``
  calls ``gc.collect()`` the first time a Hypothesis test runs in a thread (adafactor/eq-30-a:
  6.9 s).  Before each statement's clock: one collection of what the earlier statements left,
  then ``gc.freeze()`` -- what survives (modules, the registry, the caches) is moved to the
  permanent generation, which the statement's own collections skip; garbage is collected
  before it is frozen.  (A reference cycle that a frozen object later becomes part of is not
  collected: the caches' entries are freed by reference counting when evicted.)  Only under a
  wall-clock budget: an examples budget does not care.
* **imports**: the package's lazily imported modules (a first statement spent 55 s in the
  derived-sampler laws' import under the old per-call hook of a waiting cut), and what a
  statement's kind needs (numba and the fused kernels' cached code for a
  trajectory; ``scipy.stats`` for a high-probability statement's Clopper-Pearson bound: 2 s
  under load, and a cut must wait for an import to end).

:func:`prepare` does the pieces ``stmt`` needs that this process has not done yet, then the
collection, and returns the seconds it took (``CheckResult.warmup_s``; the benchmark prints it
apart).
"""
from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import sympy as sp

__all__ = ["prepare", "needed", "done"]

#: the pieces this process has done
_DONE: set[str] = set()


def _heap() -> None:
    gc.collect()
    gc.freeze()


def _numba() -> None:
    from .algorithms import fused
    if fused.numba_available():
        import numba  # noqa: F401
        from .algorithms.fused import _cpu  # noqa: F401
        # numba's first use of its CPU target (loading any cached kernel) imports its
        # additional registries, scipy.linalg among them: 1.8 s under load, measured inside
        # adafactor/eq-22-a's random phase (2.0x)
        from numba.core.registry import cpu_target
        cpu_target.target_context.refresh()


def _hypothesis() -> None:
    # the thread's global PRNG, registered with Hypothesis once (a full gc.collect() inside)
    from hypothesis.internal.entropy import deterministic_PRNG
    with deterministic_PRNG(0):
        pass


#: the package's own modules a check imports lazily (the derived-sampler laws build SymPy
#: templates at import: a cut landing there waited for the import, see deadline._in_import)
LAZY_MODULES = ("kinds", "prescreen", "replay_cache", "store", "search.guided",
                "search.hypothesis_phase", "derive", "derive.after", "derive.laws_boxes",
                "derive.laws_phases", "derive.matrices", "derive.sizes_extra")


def _adaproof() -> None:
    import importlib
    for name in LAZY_MODULES:
        try:
            importlib.import_module(f"{__package__}.{name}")
        except ImportError:
            pass


def _scipy_stats() -> None:
    import scipy.stats  # noqa: F401


#: piece -> its work, once per process, in this order (then :func:`_heap`, every time)
PIECES: dict[str, Callable[[], None]] = {
    "adaproof": _adaproof, "numba": _numba, "hypothesis": _hypothesis,
    "scipy.stats": _scipy_stats}


def needed(stmt: Any) -> list[str]:
    """The once-per-process pieces a wall-clock check of ``stmt`` uses (done or not)."""
    out = ["adaproof"]
    if getattr(stmt, "trajectory", None) is not None:
        out.append("numba")
    special = getattr(stmt, "special", None)
    if special is None or getattr(special, "KIND", "") == "high-probability":
        out.append("hypothesis")  # the search phases (and the high-probability engine's)
    if getattr(special, "KIND", "") == "high-probability":
        out.append("scipy.stats")
    return out


def done() -> frozenset[str]:
    return frozenset(_DONE)


#: seconds spent by ``prepare(..., carry=True)`` not yet reported in a result
_CARRY = [0.0]


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the imports end (main thread, POSIX): an interrupt inside
    numba's import left the process dying of the signal after the CLI had handled it (exit -2
    instead of 130), and an interrupted import leaves a half-initialised module behind.  A
    signal that came meanwhile is delivered when they end."""
    import signal
    import threading
    sigs = {getattr(signal, n) for n in ("SIGINT", "SIGTERM") if hasattr(signal, n)}
    if not hasattr(signal, "pthread_sigmask") or \
            threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, sigs)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def prepare(stmt: Any, carry: bool = False) -> float:
    """Do the once-per-process pieces ``stmt`` needs that are not done yet, then collect and
    freeze the heap; the seconds spent.  A piece that fails (no numba, an old Hypothesis) is
    marked done: the check itself then evaluates without it and reports what goes wrong.

    ``carry=True`` (the CLI, before it announces a statement): the seconds are kept and added
    to what the next plain call returns, so that the statement's ``warmup_s`` reports them."""
    t = time.perf_counter()
    want = needed(stmt)
    todo = [name for name in PIECES if name in want and name not in _DONE]
    if todo:
        with _signals_deferred():
            for name in todo:
                _DONE.add(name)
                try:
                    PIECES[name]()
                except Exception:  # noqa: BLE001 - see above
                    pass
    _derivation(stmt)
    if getattr(stmt, "trajectory", None) is not None:  # its algorithm's kernel compiled now
        from .warm_trajectory import warm
        warm(stmt)
    _exact_scale(stmt)
    HEAP()
    spent = time.perf_counter() - t
    if carry:
        _CARRY[0] += spent
        return spent
    spent, _CARRY[0] = spent + _CARRY[0], 0.0
    return spent


def _derivation(stmt: Any) -> None:
    """Build the derivation of a statement whose inputs are derived (no hand-written sampler:
    the plan, the solved hypotheses, the size ladders; cached per statement) before the clock:
    a symbolic compile step, not a search.  adam_complexity/theorem-1's took 6.3 s idle, so its
    derived check under ``--budget smoke`` ended ``unknown, no example`` with no phase run."""
    if getattr(stmt, "sampler", True) is not None or not hasattr(stmt, "hypotheses"):
        return
    try:
        from .derive import derivation
        derivation(stmt)
    except Exception:  # noqa: BLE001 - the check itself derives again and reports any error
        pass


def _exact_scale(stmt: Any) -> None:
    """Build the exact re-check's tolerance scale (``magnitude(rhs) + magnitude(lhs)``, cached
    per expression) before the clock: a symbolic compile step of the statement, not a search.
    On nested sums with ``Max`` inside (adafactor (107)) SymPy takes 0.7 s idle, 1-2 s under
    load, and a flagged candidate's first exact re-check inside a 2 s budget was cut by it."""
    lhs, rhs = getattr(stmt, "lhs", None), getattr(stmt, "rhs", None)
    if not (isinstance(lhs, sp.Basic) and isinstance(rhs, sp.Basic)):
        return
    try:
        from .symbolic import magnitude
        magnitude(rhs, None)
        magnitude(lhs, None)
    except Exception:  # noqa: BLE001 - the check itself builds it again and reports any error
        pass


#: the collection before each statement's clock (a seam for tests)
HEAP: Callable[[], None] = _heap
