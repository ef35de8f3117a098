"""adam_linf Table 1's rotated rows, one seed (four times t): the previous formula (a complex
Hermitian 1000 x 1000 ``eigh`` of −iA, then R = V exp(itΛ) V^H and RᵀΣR per t) against the
current one (a real ``eigh`` of −A², R_t = (Q cos(tω) + AQ t·sinc(tω)) Qᵀ in one product, one
``dsyrk`` per t), side by side in one process, alternating, same seeds.

    OMP_NUM_THREADS=1 python benchmarks/bench_table1_rotations.py [--seeds 3]
"""
from __future__ import annotations

import argparse
import os
import time

import torch

from adaproof.lemmas.adam_linf import table_1 as T


def old(seed: int) -> list[float]:
    A = T._skew(seed)
    lam, V = torch.linalg.eigh(-1j * A.to(torch.complex128))
    sig = T._sigma_diag()
    out = []
    for t in T.TIMES:
        R = ((V * torch.exp(1j * t * lam)) @ V.conj().T).real
        out.append(float((R.T @ (sig[:, None] * R)).abs().sum() / T.DIM))
    return out


def new(seed: int) -> list[float]:
    sig = T._sigma_diag()
    Rs = T.skew_expm(T.skew_spectral(T._skew(seed)), T.TIMES)
    return [T.norm11_congruence(R, sig) / T.DIM for R in Rs]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=3)
    a = ap.parse_args()
    print(f"torch threads {torch.get_num_threads()}, load average {os.getloadavg()[0]:.1f}")
    for seed in range(a.seeds):
        t0 = time.perf_counter()
        x = old(seed)
        t1 = time.perf_counter()
        y = new(seed)
        t2 = time.perf_counter()
        rel = max(abs(p - q) / abs(p) for p, q in zip(x, y))
        print(f"seed {seed}: old {t1 - t0:.2f} s, new {t2 - t1:.2f} s, ratio "
              f"{(t1 - t0) / (t2 - t1):.1f}x, max relative difference {rel:.1e}")


if __name__ == "__main__":
    main()
