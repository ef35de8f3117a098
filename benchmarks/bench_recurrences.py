"""Element-steps per second of Adam recurrences (float64), side by side in one process.

Contenders, all running torch.optim.Adam's recurrence (lr 1e-3, betas (0.9, 0.999), eps 1e-8)
on the same gradients ``G`` of shape ``(B, T, d)``:

* ``fused final``      run(Adam(), G, record=(), iterates="final", backend="fused"): one numba
                       kernel for all T, only x_T kept (what the naive loop produces)
* ``fused kernel``     the same without run(): the tables, the numba dispatch and the kernel
                       (``fused._cpu_adam``); the gap to ``fused final`` is run()'s fixed cost
* ``fused``            the same keeping every iterate (the (B, T+1, d) buffer written)
* ``fused+records``    run(AdamLinf(), G) with every record (what statements read), fused
* ``run() final``      run(Adam(), G, record=(), iterates="final", backend="torch"): the eager
                       torch reference, only x_T kept
* ``run()``            the same keeping every iterate
* ``run()+records``    run(AdamLinf(), G, backend="torch") with every record
* ``naive``            a hand-written batched loop of in-place torch ops, with the benchmark's
                       thread count
* ``naive 1 thread``   the same with one torch thread (on a loaded 2-core machine torch's
                       OpenMP team makes each small op far slower; the 1x column is the faster
                       of the two naive rows, so no contender gains from torch's bad case)
* ``optim foreach``    torch.optim.Adam(foreach=True) over B parameters of shape (d,)
* ``optim per cand.``  one torch.optim.Adam per candidate (timed on a subset, reported as a rate)
* ``torch.compile``    the naive loop body compiled (skipped in --quick; capped by --compile-s)
* ``ceiling``          the machine's ceiling for this recurrence, a roofline of two minimal
                       numba kernels timed in the same call: ``min(compute, stream)`` where
                       compute = one square root and two divisions per element-step over 64
                       independent SIMD lanes on an L1-resident block (no memory traffic) and
                       stream = G read once in memory order (no arithmetic); a kernel that
                       reads every gradient and does these operations is bounded by each;
                       parallel over slices; layout-free (the two rates are printed below
                       the table)
* ``ceiling, x kept``  the same with the stream part also storing one value per element-step
                       (every iterate kept); the "of ceiling" column holds ``fused`` and
                       ``run()`` (every iterate) to it, every other row to ``ceiling``
* ``one-pass kernel``  the former ceiling: g streamed and the three operations done on it in
                       one pass (a rate a simple kernel reaches; the fused kernel, which
                       overlaps its loads with its arithmetic, beat it, so it is no bound)

Timing: warm-up, then ``--rounds`` interleaved rounds (each contender once per round, in the
same process, the order rotated by one each round), medians reported; the slow contenders run ``--slow-steps`` steps (a rate is a
rate).  Rounds run back to back, so the rotation changes which contender opens a round but
not which one precedes each contender: ``fused final`` always runs right after the last torch
contender of the list (``optim per cand.``, ``torch.compile`` or ``naive 1 thread``; caches cold
after 50 ms or more of other torch work), ``fused kernel`` right after ``fused final`` (warm).  Each timed call (:func:`_timed`) sets the contender's thread count before
its clock starts and ends with a 4 KiB ``malloc``/``free`` inside it, so that glibc merges the
small chunks the contender freed within its own time (see :func:`_libc_settle`: without it
``fused final`` paid 1.1-1.2 ms per call for ``optim per cand.``'s frees).  Element-steps = B·T·d.  ``max/min`` is the ratio of a contender's fastest round to its
slowest (on a loaded machine the contenders that write fresh (B, T+1, d) buffers swing most).  Threads: every contender runs with ``--threads`` threads (default:
all cores), torch's and numba's alike (set before each call, outside its clock), except
``naive 1 thread``.  The
ratio column is against the faster naive row; "of ceiling" divides by the ceiling's rate.
The load average (os.getloadavg) is printed before and after each shape.

Reductions section (also alone with ``--reductions-only``): the kernels with a per-step
reduction over the coordinates (AlphaAdam, its Appendix E form (elementwise, a masked-norm
record), CautiousAdam (a mask count), AdaSGD, BlockwiseAdam, AdaGradNorm, Adafactor
(AdafactorPaper on (d/4, 4) matrices) and AdafactorUnfactored, default hyperparameters) against
run()'s torch path, lean (``record=(), iterates="final"``) and with every record, at (256, 1000, 16)
((256, 100, 16) with --quick).

GPU section (only with CUDA + Triton): fused Adam (Triton) element-steps/s against the card's
memory-bandwidth bound = (bandwidth measured by a large device copy) / (16 bytes per
element-step: read g, write x, float64).

    python benchmarks/bench_recurrences.py [--quick] [--rounds 5] [--threads N]
"""
from __future__ import annotations

import argparse
import math
import signal
import statistics
import time

import numpy as np
import torch

if __package__ in (None, ""):  # run as a script from a checkout: import the package beside it
    import pathlib
    import sys
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from adaproof.algorithms import fused, run
from adaproof.algorithms.adam_linf import AdamLinf
from adaproof.algorithms.practical import Adam

LR, B1, B2, EPS = 1e-3, 0.9, 0.999, 1e-8


# -- contenders: each returns a callable that runs and returns the element-steps it did --------
def c_fused(G, iterates="all"):
    return lambda: (run(Adam(LR, (B1, B2), EPS), grads=G, record=(), backend="fused",
                        iterates=iterates), G.numel())[1]


def c_fused_kernel(G):
    """The fused final run without run(): fused._cpu_adam (the tables, the kernel's dispatch and
    the kernel) on a state made once, i.e. ``fused final`` less run()'s and run_fused's
    validation, state set-up and wrapping (their fixed cost)."""
    B, T, d = G.shape
    alg = Adam(LR, (B1, B2), EPS)
    x0 = torch.zeros(B, d, dtype=G.dtype)
    state = alg.init(x0)
    Gn = G.numpy()

    def go():
        fused._cpu_adam(alg, "adam", x0, Gn, T, set(), state, 2)
        return G.numel()
    return go


def c_fused_records(G):
    return lambda: (run(AdamLinf(LR, B1, B2), grads=G, backend="fused"), G.numel())[1]


def c_run(G, iterates="all"):
    return lambda: (run(Adam(LR, (B1, B2), EPS), grads=G, record=(), backend="torch",
                        iterates=iterates), G.numel())[1]


def c_run_records(G):
    return lambda: (run(AdamLinf(LR, B1, B2), grads=G, backend="torch"), G.numel())[1]


def _naive_body(m, v, x, g, t):
    m.lerp_(g, 1 - B1)
    v.mul_(B2).addcmul_(g, g, value=1 - B2)
    denom = (v.sqrt() / math.sqrt(1 - B2 ** t)).add_(EPS)
    x.addcdiv_(m, denom, value=-LR / (1 - B1 ** t))


def c_naive(G):
    B, T, d = G.shape

    def go():
        m = torch.zeros(B, d, dtype=G.dtype)
        v = torch.zeros_like(m)
        x = torch.zeros_like(m)
        for t in range(1, T + 1):
            _naive_body(m, v, x, G[:, t - 1], t)
        return G.numel()
    return go


def c_foreach(G, steps):
    B, T, d = G.shape
    steps = min(steps, T)

    def go():
        params = [torch.nn.Parameter(torch.zeros(d, dtype=G.dtype)) for _ in range(B)]
        gbuf = torch.empty(B, d, dtype=G.dtype)
        for b, p in enumerate(params):
            p.grad = gbuf[b]
        opt = torch.optim.Adam(params, lr=LR, betas=(B1, B2), eps=EPS, foreach=True)
        for t in range(steps):
            gbuf.copy_(G[:, t])
            opt.step()
        return B * steps * d
    return go


def c_per_candidate(G, steps, cands):
    B, T, d = G.shape
    steps, cands = min(steps, T), min(cands, B)

    def go():
        for b in range(cands):
            p = torch.nn.Parameter(torch.zeros(d, dtype=G.dtype))
            opt = torch.optim.Adam([p], lr=LR, betas=(B1, B2), eps=EPS)
            for t in range(steps):
                p.grad = G[b, t]
                opt.step()
        return cands * steps * d
    return go


class _Timeout(Exception):
    pass


def _compiled_body(m, v, x, g, bc2s, neg_step):
    """The naive body with the bias corrections as 0-dim tensors (no recompile per step)."""
    m.lerp_(g, 1 - B1)
    v.mul_(B2).addcmul_(g, g, value=1 - B2)
    denom = (v.sqrt() / bc2s).add_(EPS)
    x.add_(neg_step * m / denom)


def c_compile(G, cap_s):
    """torch.compile of the naive body; None when it fails or its first compile exceeds cap_s."""
    B, T, d = G.shape
    bc2s = torch.tensor([math.sqrt(1 - B2 ** t) for t in range(1, T + 1)], dtype=G.dtype)
    neg = torch.tensor([-LR / (1 - B1 ** t) for t in range(1, T + 1)], dtype=G.dtype)
    try:
        body = torch.compile(_compiled_body, dynamic=False)

        def alarm(*_):
            raise _Timeout()
        old = signal.signal(signal.SIGALRM, alarm)
        signal.alarm(max(1, int(cap_s)))
        try:
            m = torch.zeros(B, d, dtype=G.dtype)
            v, x = torch.zeros_like(m), torch.zeros_like(m)
            t0 = time.perf_counter()
            for t in (1, 2, 3):
                body(m, v, x, G[:, t - 1], bc2s[t - 1], neg[t - 1])
            compile_s = time.perf_counter() - t0
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
    except (_Timeout, Exception) as exc:  # noqa: BLE001 - any failure means "skipped"
        return None, f"skipped ({type(exc).__name__}: {str(exc)[:60]})"

    def go():
        m = torch.zeros(B, d, dtype=G.dtype)
        v, x = torch.zeros_like(m), torch.zeros_like(m)
        for t in range(1, T + 1):
            body(m, v, x, G[:, t - 1], bc2s[t - 1], neg[t - 1])
        return G.numel()
    return go, f"first compile {compile_s:.1f} s (bias corrections passed as 0-dim tensors)"


CEIL_LANES = 64  # independent accumulators (8 AVX-512 vectors): the add chain never binds
CEIL_BLOCK = 2048  # doubles (16 KiB): the compute part's block, resident in L1


def _ceiling_kernels():
    """The parts of the machine's ceiling for this recurrence, each a minimal numba kernel:

    * ``compute``: per element-step one square root and two divisions (what every Adam step
      must do: sqrt(v), the division by sqrt(bc2), the division of the step by the
      denominator) and an accumulation, over 64 independent lanes so LLVM vectorises it (IEEE
      sqrt and division, no fastmath) and no dependency chain binds, on an L1-resident block
      of values passed over again and again: no memory traffic;
    * ``stream``: G read once in memory order (and with ``write`` one value stored per
      element-step, what keeping every iterate costs), one add per element: no arithmetic to
      speak of.

    Both parallel over contiguous slices.  Any kernel of any layout that reads each gradient
    once and does these three operations per element-step is bounded by each part alone, so
    by the smaller of the two rates (a roofline).  ``onepass`` is the former ceiling, both in
    one pass (g streamed, the three operations on it): a rate a simple kernel reaches, not a
    bound (a kernel that overlaps its loads with its arithmetic better beat it)."""
    from numba import njit, prange

    @njit(parallel=True, cache=True, error_model="numpy", boundscheck=False)
    def onepass(Gf, Xf, c, nchunks, write):
        L = CEIL_LANES
        nrow = Gf.shape[0] // L
        out = np.zeros(nchunks * L)
        for ch in prange(nchunks):
            r0 = ch * nrow // nchunks
            r1 = (ch + 1) * nrow // nchunks
            acc = np.zeros(L)
            for r in range(r0, r1):
                row = Gf[r * L:(r + 1) * L]
                if write:
                    xr = Xf[r * L:(r + 1) * L]
                    for j in range(L):
                        g = row[j]
                        acc[j] += g / math.sqrt(g * g + 1.0) / c
                        xr[j] = acc[j]
                else:
                    for j in range(L):
                        g = row[j]
                        acc[j] += g / math.sqrt(g * g + 1.0) / c
            out[ch * L:(ch + 1) * L] = acc
        return out

    @njit(parallel=True, cache=True, error_model="numpy", boundscheck=False)
    def compute(Bf, c, nrows, nchunks):
        """``nrows`` rows of 64 element-steps in all, over the L1 block ``Bf``."""
        L = CEIL_LANES
        nb = Bf.shape[0] // L
        out = np.zeros(nchunks * L)
        for ch in prange(nchunks):
            r0 = ch * nrows // nchunks
            r1 = (ch + 1) * nrows // nchunks
            acc = np.zeros(L)
            for r in range(r0, r1):
                row = Bf[(r % nb) * L:(r % nb + 1) * L]
                for j in range(L):
                    g = row[j]
                    acc[j] += g / math.sqrt(g * g + 1.0) / c
            out[ch * L:(ch + 1) * L] = acc
        return out

    @njit(parallel=True, cache=True, error_model="numpy", boundscheck=False)
    def stream(Gf, Xf, nchunks, write):
        L = CEIL_LANES
        nrow = Gf.shape[0] // L
        out = np.zeros(nchunks * L)
        for ch in prange(nchunks):
            r0 = ch * nrow // nchunks
            r1 = (ch + 1) * nrow // nchunks
            acc = np.zeros(L)
            for r in range(r0, r1):
                row = Gf[r * L:(r + 1) * L]
                if write:
                    xr = Xf[r * L:(r + 1) * L]
                    for j in range(L):
                        acc[j] += row[j]
                        xr[j] = acc[j]
                else:
                    for j in range(L):
                        acc[j] += row[j]
            out[ch * L:(ch + 1) * L] = acc
        return out
    return onepass, compute, stream


_CEIL_PARTS: dict = {}  # (key, part) -> per-round rates (wall, CPU), printed under the table


def c_ceiling(G, write=False):
    """The roofline ceiling: the compute part and the stream part timed one after the other in
    each call; the call reports ``max`` of the two times (wall and CPU each) as its time, i.e.
    the rate ``min(compute rate, stream rate)``."""
    _, compute, stream = _ceiling_kernels()
    Gf = G.reshape(-1).numpy()
    n = (Gf.shape[0] // CEIL_LANES) * CEIL_LANES
    Bf = np.ascontiguousarray(Gf[:CEIL_BLOCK]) if n >= CEIL_BLOCK else np.random.randn(CEIL_BLOCK)
    key = "ceiling, x kept" if write else "ceiling"

    def go():
        import numba
        nch = 8 * numba.get_num_threads()
        Xf = np.empty(n) if write else np.empty(1)  # a fresh buffer, as a run's output
        c0, t0 = time.process_time(), time.perf_counter()
        compute(Bf, 3.0, n // CEIL_LANES, nch)
        c1, t1 = time.process_time(), time.perf_counter()
        stream(Gf[:n], Xf, nch, write)
        c2, t2 = time.process_time(), time.perf_counter()
        parts = _CEIL_PARTS.setdefault(key, {"compute": [], "stream": []})
        parts["compute"].append((n / (t1 - t0), n / max(c1 - c0, 1e-9)))
        parts["stream"].append((n / (t2 - t1), n / max(c2 - c1, 1e-9)))
        return n, max(t1 - t0, t2 - t1), max(c1 - c0, c2 - c1)
    return go


def c_onepass(G):
    """The former ceiling kernel: g streamed and the three operations on it, in one pass."""
    onepass, _, _ = _ceiling_kernels()
    Gf = G.reshape(-1).numpy()
    n = (Gf.shape[0] // CEIL_LANES) * CEIL_LANES

    def go():
        import numba
        onepass(Gf[:n], np.empty(1), 3.0, 8 * numba.get_num_threads(), False)
        return n
    return go


# -- driver ---------------------------------------------------------------------------------------
def _threads(n):
    """Set torch's and numba's thread counts (numba's when installed)."""
    torch.set_num_threads(n)
    try:
        import numba
        numba.set_num_threads(min(n, numba.config.NUMBA_NUM_THREADS))
    except ImportError:
        pass


class _Contender:
    """A contender's callable and the thread count it runs with (set by :func:`_timed` before
    its clock starts)."""

    def __init__(self, f, threads):
        self.f, self.threads = f, threads

    def __call__(self):
        _threads(self.threads)
        return self.f()


def _with_threads(f, n):
    return _Contender(f, n)


def _libc_settle():
    """A callable that makes glibc do now the free-list work a contender left behind, or a no-op
    where the C library is not glibc.

    glibc's ``free`` puts small chunks (up to 160 bytes) on "fast bins" without merging them;
    the merge (``malloc_consolidate``) happens at the next request of 1 KiB or more, whoever
    makes it.  A torch contender that creates and drops tens of thousands of small tensors
    (``optim per cand.``: a Parameter, an optimizer and its state per candidate) leaves them
    there, and the next contender's first such allocation paid for their merge: measured at
    (64, 5000, 4), 1.1-1.2 ms of CPU inside ``torch.zeros((64, 4))`` at the start of
    ``fused final`` (the contender after it in every round) against 0.015 ms otherwise; with
    ``GLIBC_TUNABLES=glibc.malloc.mxfast=0`` (no fast bins) it was gone.  ``malloc(4096)`` and
    ``free`` at the end of each timed call charge that merge to the contender whose frees
    caused it (about 1 us when there is nothing to merge)."""
    import ctypes
    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # noqa: B018 - glibc only (AttributeError elsewhere)
        malloc, free = libc.malloc, libc.free
    except (OSError, AttributeError):
        return lambda: None
    malloc.restype, malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    free.restype, free.argtypes = None, [ctypes.c_void_p]
    return lambda: free(malloc(4096))


_settle = _libc_settle()


def _timed(c):
    """One timed call of the contender ``c``: its thread count is set first, outside the clock
    (the benchmark's own setting is no contender's cost); the clock stops after :data:`_settle`
    (the contender's deferred free-list work is its own cost, not the next contender's).
    Returns ``(result, wall_s, cpu_s)``; the ceiling returns its own roofline times."""
    _threads(c.threads)
    c0 = time.process_time()
    t0 = time.perf_counter()
    n = c.f()
    _settle()
    t1 = time.perf_counter()
    c1 = time.process_time()
    if isinstance(n, tuple):  # the ceiling reports its own (roofline) times
        return n
    return n, t1 - t0, c1 - c0


def bench_shape(B, T, d, args):
    import os
    G = torch.randn(B, T, d, dtype=torch.float64)
    cont = {}
    notes = {}
    if fused.numba_available():
        cont["fused final"] = c_fused(G, "final")
        cont["fused kernel"] = c_fused_kernel(G)
        cont["fused"] = c_fused(G)
        cont["fused+records"] = c_fused_records(G)
        cont["ceiling"] = c_ceiling(G)
        cont["ceiling, x kept"] = c_ceiling(G, write=True)
        cont["one-pass kernel"] = c_onepass(G)
    cont["run() final"] = c_run(G, "final")
    cont["run()"] = c_run(G)
    cont["run()+records"] = c_run_records(G)
    cont["naive"] = c_naive(G)
    cont["optim foreach"] = c_foreach(G, args.slow_steps)
    cont["optim per cand."] = c_per_candidate(G, args.slow_steps, args.slow_candidates)
    if not args.quick and not args.no_compile:
        _threads(args.threads)
        go, note = c_compile(G, args.compile_s)
        notes["torch.compile"] = note
        if go is not None:
            cont["torch.compile"] = go
    cont = {k: _with_threads(f, args.threads) for k, f in cont.items()}
    if args.threads != 1:
        cont["naive 1 thread"] = _with_threads(c_naive(G), 1)
    load0 = os.getloadavg()
    for f in cont.values():  # warm-up (numba compile/cache load, allocator)
        f()
    _CEIL_PARTS.clear()
    times = {k: [] for k in cont}
    cpus = {k: [] for k in cont}
    order = list(cont.items())
    for r in range(args.rounds):
        # each round starts one contender later: the first call of a round follows the slow
        # torch contenders (caches, TLB and the interpreter's data cold), so no contender
        # always bears that position
        for k, f in order[r % len(order):] + order[:r % len(order)]:
            n, wall_s, cpu_s = _timed(f)
            times[k].append(n / wall_s)
            cpus[k].append(n / max(cpu_s, 1e-9))
    _threads(args.threads)
    load1 = os.getloadavg()
    med = {k: statistics.median(v) for k, v in times.items()}
    cmed = {k: statistics.median(v) for k, v in cpus.items()}
    base_k = max(("naive", "naive 1 thread"), key=lambda k: med.get(k, 0.0))
    naive = med[base_k]
    cbase_k = max(("naive", "naive 1 thread"), key=lambda k: cmed.get(k, 0.0))
    layer = ""
    if fused.numba_available():
        import numba
        layer = f", numba threading layer {numba.threading_layer()}"
    print(f"\n(B, T, d) = ({B}, {T}, {d}), float64 Adam, {args.rounds} interleaved rounds, "
          f"medians; {args.threads} thread(s) for torch and numba alike{layer}; load average "
          f"{load0[0]:.1f} before, {load1[0]:.1f} after; 1x = {base_k!r}")
    print("wall: element-steps per second of wall-clock time; CPU: per second of this "
          "process's CPU time (all its threads), which a loaded machine's preemption does not "
          f"inflate; CPU 1x = {cbase_k!r}")
    print(f"{'contender':<18} {'wall el-steps/s':>16} {'x naive':>9} {'of ceiling':>11} "
          f"{'max/min':>8} {'CPU el-steps/s':>15} {'x naive':>9} {'of ceiling':>11}")
    for k in cont:
        # keeping every iterate is held to the ceiling that also stores one value per step
        ck = "ceiling, x kept" if k in ("fused", "run()") else "ceiling"
        frac = f"{med[k] / med[ck]:11.3f}" if ck in med else f"{'-':>11}"
        cfrac = f"{cmed[k] / cmed[ck]:11.3f}" if ck in cmed else f"{'-':>11}"
        spread = max(times[k]) / min(times[k])
        print(f"{k:<18} {med[k]:16.3e} {med[k] / naive:9.3f} {frac} {spread:8.1f} "
              f"{cmed[k]:15.3e} {cmed[k] / cmed[cbase_k]:9.3f} {cfrac}")
    for k, parts in _CEIL_PARTS.items():
        print(f"  {k} = min(compute, stream); medians, wall / CPU el-steps/s: " + ", ".join(
            f"{p} {statistics.median(r[0] for r in v):.3e} / "
            f"{statistics.median(r[1] for r in v):.3e}" for p, v in parts.items()))
    _CEIL_PARTS.clear()
    for k, note in notes.items():
        print(f"  {k}: {note}")
    if "torch.compile" not in cont and not args.quick and not args.no_compile:
        print("  torch.compile: skipped")
    return med


def _reduction_algorithms(d):
    from adaproof.algorithms.adafactor import AdafactorPaper, AdafactorUnfactored
    from adaproof.algorithms.adagrad_aniso import AdaGradNorm
    from adaproof.algorithms.adam_linf import AdaSGD, BlockwiseAdam
    from adaproof.algorithms.alphaadam import AlphaAdam, AlphaAdamAnalysed, CautiousAdam
    return {"AlphaAdam": lambda: AlphaAdam(lr=LR),
            "AlphaAdam App.E": lambda: AlphaAdamAnalysed(lr=LR, eps=1e-8),
            "CautiousAdam": lambda: CautiousAdam(lr=LR),
            "AdaSGD": lambda: AdaSGD(lr=LR),
            "BlockwiseAdam": lambda: BlockwiseAdam([list(range(0, d, 2)),
                                                    list(range(1, d, 2))], lr=LR),
            "AdaGradNorm": lambda: AdaGradNorm(lr=LR),
            "Adafactor": AdafactorPaper,  # the d coordinates as a (d/4, 4) matrix
            "Adafactor unf.": AdafactorUnfactored}


def bench_reductions(B, T, d, args):
    """The kernels with a per-step reduction over the coordinates against run()'s torch path
    (the reference), side by side: ``record=(), iterates="final"`` (what a lean caller pays) and
    every record with every iterate (what a statement reads); interleaved rounds, medians."""
    if not fused.numba_available():
        print("\nreductions: numba not installed, skipped")
        return {}
    G = torch.randn(B, T, d, dtype=torch.float64)
    n = B * T * d
    cont = {}
    Gm = G.reshape(B, T, d // 4, 4)  # Adafactor factors matrices
    for name, mk in _reduction_algorithms(d).items():
        g = Gm if name.startswith("Adafactor") else G
        for be in ("fused", "torch"):
            def lean(mk=mk, be=be, g=g):
                run(mk(), torch.zeros_like(g[:, 0]), grads=g, record=(), iterates="final",
                    backend=be)
                return n

            def full(mk=mk, be=be, g=g):
                run(mk(), torch.zeros_like(g[:, 0]), grads=g, backend=be)
                return n
            cont[(name, be, "final")] = _with_threads(lean, args.threads)
            cont[(name, be, "records")] = _with_threads(full, args.threads)
    for f in cont.values():  # warm-up (numba compile/cache load)
        f()
    times = {k: [] for k in cont}
    for _ in range(args.rounds):
        for k, f in cont.items():
            m, wall_s, _ = _timed(f)
            times[k].append(m / wall_s)
    _threads(args.threads)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"\nreductions: (B, T, d) = ({B}, {T}, {d}), float64, lr {LR}, {args.rounds} "
          f"interleaved rounds, medians, {args.threads} thread(s); element-steps/s")
    print(f"{'algorithm':<15} {'fused final':>12} {'torch final':>12} {'ratio':>7} "
          f"{'fused+recs':>12} {'torch+recs':>12} {'ratio':>7}")
    for name in _reduction_algorithms(d):
        a, b = med[(name, "fused", "final")], med[(name, "torch", "final")]
        c, e = med[(name, "fused", "records")], med[(name, "torch", "records")]
        print(f"{name:<15} {a:12.3e} {b:12.3e} {a / b:7.1f} {c:12.3e} {e:12.3e} {c / e:7.1f}")
    return med


def bench_gpu(args):
    if not torch.cuda.is_available():
        print("\nGPU section: no CUDA device, skipped")
        return
    if not fused.triton_available():
        print("\nGPU section: Triton not installed, skipped")
        return
    dev = "cuda"
    # bandwidth: a large device-to-device copy (read + write)
    n = 1 << 28  # 2 GiB of float64
    a = torch.empty(n, dtype=torch.float64, device=dev)
    bbuf = torch.empty_like(a)
    bbuf.copy_(a)
    torch.cuda.synchronize()
    bws = []
    for _ in range(5):
        t0 = time.perf_counter()
        bbuf.copy_(a)
        torch.cuda.synchronize()
        bws.append(2 * a.numel() * 8 / (time.perf_counter() - t0))
    del a, bbuf
    bw = statistics.median(bws)
    print(f"\nGPU: {torch.cuda.get_device_name()}; copy bandwidth {bw / 1e9:.0f} GB/s")
    shapes = [(16384, 1000, 16), (4096, 5000, 4)] if not args.quick else [(4096, 200, 16)]
    for B, T, d in shapes:
        G = torch.randn(B, T, d, dtype=torch.float64, device=dev)
        rates = {"fused (triton)": [], "fused final": [], "naive": []}

        def f_fused():
            run(Adam(LR, (B1, B2), EPS), grads=G, record=(), backend="fused")

        def f_final():
            run(Adam(LR, (B1, B2), EPS), grads=G, record=(), backend="fused", iterates="final")

        def f_naive():
            m = torch.zeros(B, d, dtype=G.dtype, device=dev)
            v, x = torch.zeros_like(m), torch.zeros_like(m)
            for t in range(1, T + 1):
                _naive_body(m, v, x, G[:, t - 1], t)
        fns = (("fused (triton)", f_fused), ("fused final", f_final), ("naive", f_naive))
        for _, f in fns:  # warm-up (Triton compiles on first use)
            f()
        for _ in range(args.rounds):
            for k, f in fns:
                torch.cuda.synchronize()
                t0 = time.perf_counter()
                f()
                torch.cuda.synchronize()
                rates[k].append(G.numel() / (time.perf_counter() - t0))
        # bytes per element-step: read g and write x (8 + 8, float64); the final-only run
        # writes x once, so its bound is reading g (8)
        bound = {"fused (triton)": bw / 16, "fused final": bw / 8, "naive": bw / 16}
        print(f"(B, T, d) = ({B}, {T}, {d}) float64; bandwidth bound {bw / 16:.3e} element-steps/s "
              f"(every iterate written), {bw / 8:.3e} (final iterate only)")
        for k, v in rates.items():
            r = statistics.median(v)
            print(f"  {k:<16} {r:.3e} element-steps/s = {r / bound[k]:.3f} of its bound")
        del G
        torch.cuda.empty_cache()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller T, 3 rounds, no torch.compile")
    ap.add_argument("--rounds", type=int, default=None)
    ap.add_argument("--slow-steps", type=int, default=None,
                    help="steps run by the torch.optim contenders (default 100, quick 20)")
    ap.add_argument("--slow-candidates", type=int, default=16)
    ap.add_argument("--compile-s", type=float, default=120.0,
                    help="cap on torch.compile's first compile (seconds)")
    ap.add_argument("--no-compile", action="store_true")
    ap.add_argument("--threads", type=int, default=None,
                    help="threads for torch and numba alike (default: all cores)")
    ap.add_argument("--gpu-only", action="store_true")
    ap.add_argument("--reductions-only", action="store_true",
                    help="only the kernels with a per-step reduction (AlphaAdam, AdaSGD, "
                         "BlockwiseAdam, AdaGradNorm, Adafactor) against the torch path")
    args = ap.parse_args(argv)
    if args.rounds is None:
        args.rounds = 3 if args.quick else 5
    if args.slow_steps is None:
        args.slow_steps = 10 if args.quick else 100
    if not args.threads:
        import os
        args.threads = os.cpu_count() or 1
    _threads(args.threads)
    if args.reductions_only:
        bench_reductions(*((256, 100, 16) if args.quick else (256, 1000, 16)), args)
        return
    if not args.gpu_only:
        shapes = [(1024, 1000, 16), (64, 5000, 4)]
        if args.quick:
            shapes = [(1024, 100, 16), (64, 500, 4)]
        for B, T, d in shapes:
            bench_shape(B, T, d, args)
        bench_reductions(*((256, 100, 16) if args.quick else (256, 1000, 16)), args)
    bench_gpu(args)


if __name__ == "__main__":
    main()
