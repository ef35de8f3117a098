"""Candidate-steps per second: adaproof's batched recurrence vs a Python loop over torch.optim.

Both run Adam (torch's parameterisation) on the same gradients, float64, in one process; the
loop baseline is what a user would write without adaproof: one ``torch.optim.Adam`` per
candidate, ``T`` calls to ``step()``.  The loop is timed on a subset of candidates (it is
linear in B) and reported as a rate.  Also times the statement evaluator end to end
(``adam_complexity/lemma-5``: run Algorithm 1 + evaluate both sides for all t, l).

    python benchmarks/bench_evaluator.py [--B 1024] [--T 1000] [--d 16] [--loop-candidates 16]

``--only statements`` prints, for three statements, the statement path's examples/s in each
search phase (random: sampler + ``evaluate_batch`` at ``T``; hypothesis; guided) and the fixed
cost of one ``evaluate_batch`` call (B = 1, smallest sizes), with the compiled evaluator and
with the interpreter (``ADAPROOF_EVAL=interp``) side by side in one process, rounds interleaved,
medians reported.

    python benchmarks/bench_evaluator.py --only statements [--T 1000] [--phase-B 256] [--rounds 3]
"""
from __future__ import annotations

import argparse
import os
import statistics
import time

import torch

if __package__ in (None, ""):  # run as a script from a checkout: import the package beside it
    import pathlib
    import sys
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

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


STATEMENTS = (("adam_linf/lemma-3.12", {"T": None}, {"T": 3}),
              ("adam_complexity/lemma-5", {"T": None, "d": 4}, {"T": 3, "d": 2}),
              ("adam_complexity/lemma-1-circ", {"T": None, "d": 4}, {"T": 3, "d": 2}))
MODES = ("interp", "compiled")


def _mode(mode):
    os.environ["ADAPROOF_EVAL"] = mode


def _fixed_cost(stmt, sizes, calls=200):
    from adaproof.statement import SampleContext
    from adaproof.verification import evaluate_batch
    inputs = stmt.sampler(SampleContext(B=1, sizes=dict(sizes),
                                        generator=torch.Generator().manual_seed(0)))
    evaluate_batch(stmt, inputs, sizes)
    times = []
    for _ in range(calls):  # the median call: robust to the scheduler's pre-emptions
        t0 = time.perf_counter()
        evaluate_batch(stmt, inputs, sizes)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _random_rate(stmt, sizes, B, batches=2):
    from adaproof.statement import SampleContext
    from adaproof.verification import evaluate_batch
    t_s = t_e = 0.0
    for i in range(batches):
        t0 = time.perf_counter()
        inputs = stmt.sampler(SampleContext(B=B, sizes=dict(sizes),
                                            generator=torch.Generator().manual_seed(i)))
        t1 = time.perf_counter()
        evaluate_batch(stmt, inputs, sizes)
        t2 = time.perf_counter()
        t_s, t_e = t_s + t1 - t0, t_e + t2 - t1
    return batches * B / (t_s + t_e), t_s / batches, t_e / batches


def _hypothesis_rate(stmt, examples):
    from adaproof.search.hypothesis_phase import hypothesis_search
    t0 = time.perf_counter()
    out = hypothesis_search(stmt, 600.0, 1, max_examples=examples, verify=False)
    return out.examples / (time.perf_counter() - t0)


def _guided_rate(stmt, steps):
    from adaproof.search.guided import guided_search
    t0 = time.perf_counter()
    out = guided_search(stmt, 600.0, 1, max_steps=steps)
    return out.examples / (time.perf_counter() - t0)


def statement_phases(args):
    from adaproof import lemmas
    T = args.T
    print(f"statement path, float64, threads {torch.get_num_threads()}, random phase "
          f"B={args.phase_B} T={T}; medians of {args.rounds} interleaved rounds "
          f"(interp = ADAPROOF_EVAL=interp, the SymPy walker on every call)")
    for key, big, small in STATEMENTS:
        stmt = lemmas.get(key)
        sizes = {k: (T if v is None else v) for k, v in big.items()}
        res = {m: {"fixed": [], "random": [], "sampler": [], "eval": [], "hypothesis": [],
                   "guided": []} for m in MODES}
        for m in MODES:  # warm-up: compile, caches
            _mode(m)
            _fixed_cost(stmt, small, 5)
            _random_rate(stmt, {k: (3 if v is None else v) for k, v in big.items()}, 4, 1)
        for _ in range(args.rounds):
            for m in MODES:
                _mode(m)
                r = res[m]
                r["fixed"].append(_fixed_cost(stmt, small))
                rate, ts, te = _random_rate(stmt, sizes, args.phase_B)
                r["random"].append(rate)
                r["sampler"].append(ts)
                r["eval"].append(te)
                if stmt.strategy is not None or True:
                    r["hypothesis"].append(_hypothesis_rate(stmt, args.hyp_examples))
                if stmt.reparam is not None:
                    r["guided"].append(_guided_rate(stmt, args.guided_steps))
        med = {m: {k: (statistics.median(v) if v else float("nan")) for k, v in res[m].items()}
               for m in MODES}
        i, c = med["interp"], med["compiled"]
        print(f"{key}  (random at {sizes})")
        print(f"  evaluate_batch fixed cost (B=1, {small}, median call): interp {i['fixed'] * 1e6:8.0f} us  "
              f"compiled {c['fixed'] * 1e6:8.0f} us  ({i['fixed'] / c['fixed']:.1f}x)")
        print(f"  random phase    : interp {i['random']:10,.0f}  compiled {c['random']:10,.0f} "
              f"examples/s ({c['random'] / i['random']:.2f}x); per batch sampler "
              f"{c['sampler'] * 1e3:.1f} ms, evaluate_batch interp {i['eval'] * 1e3:.1f} ms / "
              f"compiled {c['eval'] * 1e3:.1f} ms")
        print(f"  hypothesis phase: interp {i['hypothesis']:10,.0f}  compiled "
              f"{c['hypothesis']:10,.0f} examples/s ({c['hypothesis'] / i['hypothesis']:.2f}x)")
        if res["compiled"]["guided"]:
            print(f"  guided phase    : interp {i['guided']:10,.0f}  compiled {c['guided']:10,.0f} "
                  f"examples/s ({c['guided'] / i['guided']:.2f}x)")
    os.environ.pop("ADAPROOF_EVAL", None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--B", type=int, default=1024)
    ap.add_argument("--T", type=int, default=1000)
    ap.add_argument("--d", type=int, default=16)
    ap.add_argument("--loop-candidates", type=int, default=16)
    ap.add_argument("--only", choices=("all", "recurrence", "statements"), default="all")
    ap.add_argument("--phase-B", type=int, default=256)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--hyp-examples", type=int, default=200)
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
