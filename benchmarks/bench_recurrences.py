"""Element-steps per second of Adam recurrences (float64), side by side in one process.

Contenders, all running torch.optim.Adam's recurrence (lr 1e-3, betas (0.9, 0.999), eps 1e-8)
on the same gradients ``G`` of shape ``(B, T, d)``:

* ``fused``            run(Adam(), G, record=(), backend="fused"): one numba kernel for all T
* ``fused+records``    run(AdamLinf(), G) with every record (what statements read), fused
* ``run()``            run(Adam(), G, record=(), backend="torch"): the eager torch reference
* ``run()+records``    run(AdamLinf(), G, backend="torch") with every record
* ``naive``            a hand-written batched loop of in-place torch ops (the 1x reference)
* ``optim foreach``    torch.optim.Adam(foreach=True) over B parameters of shape (d,)
* ``optim per cand.``  one torch.optim.Adam per candidate (timed on a subset, reported as a rate)
* ``torch.compile``    the naive loop body compiled (skipped in --quick; capped by --compile-s)
* ``ceiling``          a numba kernel doing only what any Adam must: stream g once, write x once,
                       one square root and two divisions per element-step

Timing: warm-up, then ``--rounds`` interleaved rounds (each contender once per round, in the
same process), medians reported; the slow contenders run ``--slow-steps`` steps (a rate is a
rate).  Element-steps = B·T·d.  The ratio column is against ``naive``; "of ceiling" divides by the
ceiling kernel's rate.

GPU section (only with CUDA + Triton): fused Adam (Triton) element-steps/s against the card's
memory-bandwidth bound = (bandwidth measured by a large device copy) / (16 bytes per
element-step: read g, write x, float64).

    python benchmarks/bench_recurrences.py [--quick] [--rounds 5] [--threads N]

On a shared machine, torch's OpenMP threads spin after each parallel op and compete with numba's
threads; ``--threads 1`` compares the contenders core for core, without that interference.
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
def c_fused(G):
    return lambda: (run(Adam(LR, (B1, B2), EPS), grads=G, record=(), backend="fused"), G.numel())[1]


def c_fused_records(G):
    return lambda: (run(AdamLinf(LR, B1, B2), grads=G, backend="fused"), G.numel())[1]


def c_run(G):
    return lambda: (run(Adam(LR, (B1, B2), EPS), grads=G, record=(), backend="torch"),
                    G.numel())[1]


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


def _ceiling_kernel():
    from numba import njit, prange

    @njit(parallel=True, cache=True)
    def ceiling(G, X, c):
        B, T, d = G.shape
        for b in prange(B):
            x = np.zeros(d)
            for t in range(T):
                for i in range(d):
                    g = G[b, t, i]
                    x[i] += g / math.sqrt(g * g + 1.0) / c
                    X[b, t + 1, i] = x[i]
    return ceiling


def c_ceiling(G):
    kern = _ceiling_kernel()
    B, T, d = G.shape
    Gn = G.numpy()

    def go():
        X = np.empty((B, T + 1, d))
        kern(Gn, X, 3.0)
        return G.numel()
    return go


# -- driver ---------------------------------------------------------------------------------------
def bench_shape(B, T, d, args):
    G = torch.randn(B, T, d, dtype=torch.float64)
    cont = {}
    notes = {}
    if fused.numba_available():
        cont["fused"] = c_fused(G)
        cont["fused+records"] = c_fused_records(G)
        cont["ceiling"] = c_ceiling(G)
    cont["run()"] = c_run(G)
    cont["run()+records"] = c_run_records(G)
    cont["naive"] = c_naive(G)
    cont["optim foreach"] = c_foreach(G, args.slow_steps)
    cont["optim per cand."] = c_per_candidate(G, args.slow_steps, args.slow_candidates)
    if not args.quick and not args.no_compile:
        go, note = c_compile(G, args.compile_s)
        notes["torch.compile"] = note
        if go is not None:
            cont["torch.compile"] = go
    for f in cont.values():  # warm-up (numba compile/cache load, allocator)
        f()
    times = {k: [] for k in cont}
    for _ in range(args.rounds):
        for k, f in cont.items():
            t0 = time.perf_counter()
            n = f()
            times[k].append(n / (time.perf_counter() - t0))
    med = {k: statistics.median(v) for k, v in times.items()}
    naive = med["naive"]
    ceil = med.get("ceiling")
    print(f"\n(B, T, d) = ({B}, {T}, {d}), float64 Adam, {args.rounds} interleaved rounds, "
          f"medians; torch threads = {torch.get_num_threads()}")
    print(f"{'contender':<18} {'element-steps/s':>16} {'x naive':>9} {'of ceiling':>11}")
    for k in cont:
        frac = f"{med[k] / ceil:11.3f}" if ceil else f"{'-':>11}"
        print(f"{k:<18} {med[k]:16.3e} {med[k] / naive:9.3f} {frac}")
    for k, note in notes.items():
        print(f"  {k}: {note}")
    if "torch.compile" not in cont and not args.quick and not args.no_compile:
        print("  torch.compile: skipped")
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
        rates = {"fused (triton)": [], "naive": []}

        def f_fused():
            run(Adam(LR, (B1, B2), EPS), grads=G, record=(), backend="fused")

        def f_naive():
            m = torch.zeros(B, d, dtype=G.dtype, device=dev)
            v, x = torch.zeros_like(m), torch.zeros_like(m)
            for t in range(1, T + 1):
                _naive_body(m, v, x, G[:, t - 1], t)
        f_fused()
        f_naive()
        for _ in range(args.rounds):
            for k, f in (("fused (triton)", f_fused), ("naive", f_naive)):
                torch.cuda.synchronize()
                t0 = time.perf_counter()
                f()
                torch.cuda.synchronize()
                rates[k].append(G.numel() / (time.perf_counter() - t0))
        bound = bw / 16  # bytes per element-step: read g (8), write x (8)
        print(f"(B, T, d) = ({B}, {T}, {d}) float64; bandwidth bound {bound:.3e} element-steps/s")
        for k, v in rates.items():
            r = statistics.median(v)
            print(f"  {k:<16} {r:.3e} element-steps/s = {r / bound:.3f} of the bound")
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
    ap.add_argument("--threads", type=int, default=None, help="torch threads (numba follows)")
    ap.add_argument("--gpu-only", action="store_true")
    args = ap.parse_args(argv)
    if args.rounds is None:
        args.rounds = 3 if args.quick else 5
    if args.slow_steps is None:
        args.slow_steps = 10 if args.quick else 100
    if args.threads:
        torch.set_num_threads(args.threads)
        try:
            import numba
            numba.set_num_threads(args.threads)
        except ImportError:
            pass
    if not args.gpu_only:
        shapes = [(1024, 1000, 16), (64, 5000, 4)]
        if args.quick:
            shapes = [(1024, 100, 16), (64, 500, 4)]
        for B, T, d in shapes:
            bench_shape(B, T, d, args)
    bench_gpu(args)


if __name__ == "__main__":
    main()
