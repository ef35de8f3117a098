"""Candidate-steps per second: adaproof's batched recurrence vs a Python loop over torch.optim.

Both run Adam (torch's parameterisation) on the same gradients, float64, in one process; the
loop baseline is what a user would write without adaproof: one ``torch.optim.Adam`` per
candidate, ``T`` calls to ``step()``.  The loop is timed on a subset of candidates (it is
linear in B) and reported as a rate.  Also times the statement evaluator end to end
(``adam_complexity/lemma-5``: run Algorithm 1 + evaluate both sides for all t, l).

    python benchmarks/bench_evaluator.py [--B 1024] [--T 1000] [--d 16] [--loop-candidates 16]

``--only statements`` prints, for three statements, the statement path's examples/s in each
search phase (random: sampler + ``evaluate_batch`` at ``T``; hypothesis; guided), the original
implementation (git 54e220a) beside this tree in one process, rounds interleaved, medians, and
the random phase's fraction of a draw-and-read ceiling (``benchmarks/bench_statement_path.py``).

    python benchmarks/bench_evaluator.py --only statements [--T 1000] [--phase-B 256] [--rounds 3]
"""
from __future__ import annotations

import argparse
import time

import torch

if __package__ in (None, ""):  # run as a script from a checkout: import the package beside it
    import pathlib
    import sys
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from adaproof.algorithms import run
from adaproof.algorithms.practical import Adam


def _sync(device):
    if device == "cuda":
        torch.cuda.synchronize()


def batched_rate(B, T, d, device, repeats=3):
    g = torch.randn(B, T, d, dtype=torch.float64, device=device)
    x0 = torch.zeros(B, d, dtype=torch.float64, device=device)
    alg = Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    run(alg, x0, g[:, :10])  # warm-up
    best = float("inf")
    for _ in range(repeats):
        _sync(device)
        t0 = time.perf_counter()
        traj = run(alg, x0, g, record=())
        _sync(device)
        best = min(best, time.perf_counter() - t0)
    return B * T / best, g, traj


def loop_rate(g, n):
    B, T, d = g.shape
    n = min(n, B)
    t0 = time.perf_counter()
    finals = []
    for i in range(n):
        p = torch.nn.Parameter(torch.zeros(d, dtype=torch.float64, device=g.device))
        opt = torch.optim.Adam([p], lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
        for t in range(T):
            p.grad = g[i, t]
            opt.step()
        finals.append(p.detach().clone())
    if g.device.type == "cuda":
        torch.cuda.synchronize()
    return n * T / (time.perf_counter() - t0), torch.stack(finals)


def evaluator_rate(B, T, d, device):
    from adaproof import lemmas
    from adaproof.statement import SampleContext
    from adaproof.verification import evaluate_batch
    stmt = lemmas.get("adam_complexity/lemma-5")
    sizes = {"T": T, "d": d}
    inputs = stmt.sampler(SampleContext(B=B, sizes=sizes, generator=torch.Generator().manual_seed(0),
                                        device=device))
    evaluate_batch(stmt, inputs, sizes, device=device)
    _sync(device)
    t0 = time.perf_counter()
    evaluate_batch(stmt, inputs, sizes, device=device)
    _sync(device)
    return B * T / (time.perf_counter() - t0)


def statement_phases(args):
    """Examples/s of each search phase on three statements, the original implementation beside
    this tree in one process (``benchmarks/bench_statement_path.py``)."""
    import bench_statement_path
    bench_statement_path.main(["--T", str(args.T), "--B", str(args.phase_B), "--rounds",
                               str(args.rounds), "--hyp-examples", str(args.hyp_examples),
                               "--guided-steps", str(args.guided_steps)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--B", type=int, default=1024)
    ap.add_argument("--T", type=int, default=1000)
    ap.add_argument("--d", type=int, default=16)
    ap.add_argument("--loop-candidates", type=int, default=16)
    ap.add_argument("--only", choices=("all", "recurrence", "statements"), default="all")
    ap.add_argument("--phase-B", type=int, default=256)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--hyp-examples", type=int, default=400)
    ap.add_argument("--guided-steps", type=int, default=20)
    args = ap.parse_args()
    if args.only in ("all", "statements"):
        statement_phases(args)
    if args.only == "statements":
        return
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"B={args.B} T={args.T} d={args.d} float64")
    for device in devices:
        rate_b, g, traj = batched_rate(args.B, args.T, args.d, device)
        rate_l, finals = loop_rate(g, args.loop_candidates)
        diff = (traj.x[: finals.shape[0], -1] - finals).abs().max().item()
        rate_e = evaluator_rate(args.B, args.T, args.d, device)
        print(f"[{device}] batched adaproof Adam : {rate_b:14,.0f} candidate-steps/s")
        print(f"[{device}] loop over torch.optim : {rate_l:14,.0f} candidate-steps/s "
              f"({args.loop_candidates} candidates timed)")
        print(f"[{device}] speed-up              : {rate_b / rate_l:14.1f}x   "
              f"(max |x_T difference| {diff:.1e})")
        print(f"[{device}] lemma-5 evaluator     : {rate_e:14,.0f} candidate-steps/s "
              f"(Algorithm 1 + both sides at every t, l)")


if __name__ == "__main__":
    main()
