"""The Triton kernels of the fused CUDA backend run on the CPU under Triton's interpreter
(``TRITON_INTERPRET=1``), against the torch reference: the kernels' logic (operation order,
records, per-candidate tensors, schedules, masking of d = 21 > the block of 16, the overflow flag)
is checked on a machine without a GPU.  The interpreter evaluates with numpy, so this says
nothing about the compiled PTX (benchmarks/gpu_check.sh does that on a CUDA machine).

Skipped when Triton is not importable (it ships with CUDA builds of torch; on a CPU machine:
``pip install --target DIR triton`` and put DIR on PYTHONPATH).  Slow (the interpreter runs each
program in Python): marked ``slow``.  Bound: 8 ulp of the (candidate, coordinate) scale for
float64, 64 ulp of float32 for float32, as tests/algorithms/test_fused_cuda.py.
"""
import importlib.util
import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("triton") is None, reason="needs triton"),
]

SCRIPT = textwrap.dedent('''
    import torch
    from adaproof import AdaproofInputError
    from adaproof.algorithms import _core
    from adaproof.algorithms.fused import _StateOverflow, _triton
    from adaproof.algorithms.adam_complexity import AdamComplexity
    from adaproof.algorithms.adam_linf import AdamLinf
    from adaproof.algorithms.alphaadam import AlphaAdamAnalysed, CautiousAdam
    from adaproof.algorithms.practical import Adam, AdamW

    B, T, D = 3, 7, 21

    def pc(dt, *v):
        return torch.tensor([v[i % len(v)] for i in range(B)], dtype=dt)

    CASES = {
        "linf": (lambda dt: AdamLinf(lr=0.05, eps=1e-12), "linf"),
        "linf-tensors": (lambda dt: AdamLinf(lr=pc(dt, 0.01, 0.1), beta1=pc(dt, 0.0, 0.9),
                                             beta2=pc(dt, 0.0, 0.999, 1.0), v0=1.0), "linf"),
        "linf-schedule": (lambda dt: AdamLinf(lr=lambda t: 0.1 / t, v0=1e-4), "linf"),
        "complexity": (lambda dt: AdamComplexity(lr=0.01, nu0=1e-6), "complexity"),
        "adam": (lambda dt: Adam(lr=0.01), "adam"),
        "adam-all-options": (lambda dt: Adam(lr=0.01, amsgrad=True, maximize=True,
                                             weight_decay=0.1), "adam"),
        "adam-tensors": (lambda dt: Adam(lr=pc(dt, 0.001, 0.1), beta1=pc(dt, 0.0, 0.9),
                                         beta2=pc(dt, 0.5, 0.999),
                                         weight_decay=pc(dt, 0.0, 0.2)), "adam"),
        "adamw": (lambda dt: AdamW(lr=0.01, amsgrad=True), "adam"),
        "analysed": (lambda dt: AlphaAdamAnalysed(lr=0.1, m0=0.2, v0=1e-4),
                     "alphaadam_analysed"),
        "analysed-default": (lambda dt: AlphaAdamAnalysed(lr=0.1), "alphaadam_analysed"),
        "analysed-tensors": (lambda dt: AlphaAdamAnalysed(lr=pc(dt, 0.01, 0.1),
                                                          beta1=pc(dt, 0.0, 0.9),
                                                          beta2=pc(dt, 0.5, 0.999),
                                                          eps=pc(dt, 0.0, 1e-8), m0=0.1),
                             "alphaadam_analysed"),
        "analysed-schedule": (lambda dt: AlphaAdamAnalysed(lr=lambda t: 0.1 / t, m0=-0.3,
                                                           eps=1e-12, lr_decay="constant"),
                              "alphaadam_analysed"),
        "cautious": (lambda dt: CautiousAdam(lr=0.1), "cautious_adam"),
        "cautious-strict-eps0": (lambda dt: CautiousAdam(lr=0.1, eps=0.0, strict=True),
                                 "cautious_adam"),
        "cautious-tensors": (lambda dt: CautiousAdam(lr=pc(dt, 0.01, 0.1),
                                                     beta1=pc(dt, 0.0, 0.9),
                                                     beta2=pc(dt, 0.5, 0.999),
                                                     eps=pc(dt, 0.0, 1e-8),
                                                     xi=pc(dt, 1.0, 0.5)), "cautious_adam"),
        "cautious-schedule": (lambda dt: CautiousAdam(lr=lambda t: 0.1 / t, beta2=0.99),
                              "cautious_adam"),
    }
    gen = torch.Generator().manual_seed(0)
    gen2 = torch.Generator().manual_seed(1)  # the later cases' own draws: the earlier keep theirs
    failures = []
    for dt in (torch.float64, torch.float32):
        ulps = 8 if dt == torch.float64 else 64
        eps = torch.finfo(dt).eps
        for name, (make, kind) in CASES.items():
            gk = gen2 if kind in ("alphaadam_analysed", "cautious_adam") else gen
            g = torch.randn((B, T, D), generator=gk, dtype=torch.float64)
            g = (g * torch.exp(2 * torch.randn((B, T, 1), generator=gk,
                                               dtype=torch.float64))).to(dt)
            x0 = torch.zeros(B, D, dtype=dt)
            ref = _core._run_torch(make(dt), x0, g, None, T, None, False, True)
            x, recs, _ = _triton.run(make(dt), kind, x0, g, None)
            if list(recs) != list(ref.records):
                failures.append(f"{name} {dt}: records {list(recs)} != {list(ref.records)}")
            pairs = [("x", ref.x, x)] + [(k, ref.records[k], recs[k]) for k in recs]
            for k, a, b in pairs:
                scale = a.abs().amax(dim=1, keepdim=True).clamp_min(torch.finfo(dt).tiny)
                if k == "update":
                    scale = torch.maximum(scale, ref.x[:, 1:].abs().amax(dim=1, keepdim=True))
                err = ((b - a).abs() / scale).max().item() / eps
                if not err <= ulps:
                    failures.append(f"{name} {dt} {k}: {err:.1f} ulp")
            # record selection: only what is asked for, iterates unchanged
            x2, recs2, _ = _triton.run(make(dt), kind, x0, g, ("update",))
            if set(recs2) != {"update"} or not torch.equal(x2, x):
                failures.append(f"{name} {dt}: record selection")
    # the overflow flag names the first bad step
    g = torch.ones(3, 6, 20, dtype=torch.float64)
    g[1, 2, 17] = 1e200
    for make, kind in ((lambda: AdamLinf(lr=0.1), "linf"), (lambda: Adam(lr=0.1), "adam"),
                       (lambda: AlphaAdamAnalysed(lr=0.1, eps=1e-8), "alphaadam_analysed"),
                       (lambda: CautiousAdam(lr=0.1), "cautious_adam")):
        try:
            _triton.run(make(), kind, torch.zeros(3, 20, dtype=torch.float64), g, None)
            failures.append(f"{kind}: no overflow flagged")
        except _StateOverflow as exc:
            if (exc.b, exc.t) != (1, 3):
                failures.append(f"{kind}: overflow flagged at {(exc.b, exc.t)}, not (1, 3)")
    print("FAILURES:", failures)
    raise SystemExit(1 if failures else 0)
''')


def test_triton_kernels_under_the_interpreter():
    env = dict(os.environ, TRITON_INTERPRET="1")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                          text=True, timeout=1200)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
