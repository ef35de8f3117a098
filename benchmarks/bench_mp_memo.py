"""The exact re-check's mpmath walker with and without its per-call memo, side by side.

For each statement, candidates drawn by the statement's sampler (``--seed``) are evaluated in
mpmath at 60 digits at every universal index: both sides and the running-error scale, by the
plain walker (``symbolic._mp`` without a memo, the walker before the memo) and by ``mp_eval``
(one memo per call).  The values must be the same ``mpf`` bit for bit; the script prints the
time of each and the number of node evaluations.

    PYTHONPATH=$PWD python benchmarks/bench_mp_memo.py adafactor/eq-107-a --cands 2
"""
from __future__ import annotations

import argparse
import itertools
import time

import mpmath
import sympy as sp
import torch

from adaproof import lemmas, symbolic
from adaproof.derive import sampler_for, sizes_for
from adaproof.expectation import path_list
from adaproof.statement import SampleContext
from adaproof.symbolic import magnitude, mp_eval
from adaproof.verification import _mp_env, candidate_inputs


def _count(fn):
    calls = [0]
    real = symbolic._mp_node

    def counting(*a):
        calls[0] += 1
        return real(*a)
    symbolic._mp_node = counting
    try:
        t = time.perf_counter()
        out = fn()
        return out, time.perf_counter() - t, calls[0]
    finally:
        symbolic._mp_node = real


def run(key: str, cands: int, seed: int, budget: str) -> None:
    stmt = lemmas.get(key)
    gen = torch.Generator().manual_seed(seed)
    sizes = sizes_for(stmt)(gen, budget)
    inputs = sampler_for(stmt)(SampleContext(B=cands, sizes=sizes, generator=gen))
    scale = magnitude(stmt.rhs, None) + magnitude(stmt.lhs, None)
    tot = {"plain": [0.0, 0], "memo": [0.0, 0]}
    for j in range(cands):
        cand = candidate_inputs(stmt, inputs, j)
        if stmt.noise is not None:  # a statement in expectation: on its first noise path
            _, xi = next(iter(path_list(stmt.noise, cand, sizes)))
            cand[stmt.noise.name] = {"start": list(stmt.noise.start), "values": xi}
        with mpmath.workdps(60):
            env = _mp_env(stmt, cand, sizes)
            ranges = [range(int(mp_eval(sp.sympify(lo), env)),
                            int(mp_eval(sp.sympify(hi), env)) + 1) for _, lo, hi in stmt.forall]
            for c in itertools.product(*ranges):
                idx = {s: k for (s, _, _), k in zip(stmt.forall, c)}
                for e in (stmt.lhs, stmt.rhs, scale):
                    a, ta, na = _count(lambda: symbolic._mp(e, env, dict(idx)))
                    b, tb, nb = _count(lambda: mp_eval(e, env, idx))
                    assert type(a) is type(b) and (a == b or (a != a and b != b)), (key, c, a, b)
                    if isinstance(a, mpmath.mpf):
                        assert a._mpf_ == b._mpf_, (key, c, a, b)
                    tot["plain"][0] += ta
                    tot["plain"][1] += na
                    tot["memo"][0] += tb
                    tot["memo"][1] += nb
    (tp, np_), (tm, nm) = tot["plain"], tot["memo"]
    print(f"{key:40s} sizes={sizes} cands={cands}: plain {tp:7.3f} s {np_:9d} nodes | "
          f"memo {tm:7.3f} s {nm:8d} nodes | x{tp / max(tm, 1e-9):6.1f}  identical")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("keys", nargs="+")
    ap.add_argument("--cands", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--budget", default="smoke")
    a = ap.parse_args()
    for k in a.keys:
        run(k, a.cands, a.seed, a.budget)
