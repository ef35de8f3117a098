"""The Triton (CUDA) fused kernels against the torch CUDA reference path.

Always collected; skipped only for want of a CUDA device (or of Triton, which ships with CUDA
builds of torch).  Bound: 8 ulp of the (candidate, coordinate) scale for float64, as on CPU
(tests/algorithms/test_fused.py); for float32 64 ulp of float32 (torch rounds a Python-real
hyperparameter to float32 at a different point for tensor hyperparameters).
benchmarks/gpu_check.sh runs this file and the GPU benchmark in one go.
"""
import pytest
import torch

from adaproof import AdaproofInputError
from adaproof.algorithms import fused, run
from adaproof.algorithms.adam_complexity import AdamComplexity
from adaproof.algorithms.adam_linf import AdamLinf, RMSPropLinf
from adaproof.algorithms.alphaadam import AlphaAdamAnalysed, CautiousAdam
from adaproof.algorithms.practical import Adam, AdamW

pytestmark = [
    pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA"),
    pytest.mark.skipif(torch.cuda.is_available() and not fused.triton_available(),
                       reason="needs Triton"),
]

B, T, D = 6, 60, 37  # D > the block of 16 and not a multiple of it: masking is exercised


def _pc(*vals, dtype=torch.float64):
    return torch.tensor([vals[i % len(vals)] for i in range(B)], dtype=dtype, device="cuda")


CASES = {
    "linf": lambda dt: AdamLinf(lr=0.05, eps=1e-12),
    "linf-tensors": lambda dt: AdamLinf(lr=_pc(0.01, 0.1, dtype=dt), beta1=_pc(0.0, 0.9, dtype=dt),
                                        beta2=_pc(0.0, 0.999, 1.0, dtype=dt), v0=1.0),
    "linf-schedule": lambda dt: AdamLinf(lr=lambda t: 0.1 / t, v0=1e-4),
    "rmsprop-linf": lambda dt: RMSPropLinf(lr=0.05, beta2=0.9, v0=1e-4),
    "complexity": lambda dt: AdamComplexity(lr=0.01, nu0=1e-6),
    "adam": lambda dt: Adam(lr=0.01),
    "adam-all-options": lambda dt: Adam(lr=0.01, amsgrad=True, maximize=True, weight_decay=0.1),
    "adam-tensors": lambda dt: Adam(lr=_pc(0.001, 0.1, dtype=dt), beta1=_pc(0.0, 0.9, dtype=dt),
                                    beta2=_pc(0.5, 0.999, dtype=dt),
                                    weight_decay=_pc(0.0, 0.2, dtype=dt)),
    "adamw": lambda dt: AdamW(lr=0.01, amsgrad=True),
    "alphaadam-analysed": lambda dt: AlphaAdamAnalysed(lr=0.1, m0=0.2, v0=1e-4),
    "alphaadam-analysed-tensors": lambda dt: AlphaAdamAnalysed(
        lr=_pc(0.01, 0.1, dtype=dt), beta1=_pc(0.0, 0.9, dtype=dt),
        beta2=_pc(0.5, 0.999, dtype=dt), eps=_pc(0.0, 1e-8, dtype=dt), lr_decay="constant"),
    "cautious-adam": lambda dt: CautiousAdam(lr=0.1),
    "cautious-adam-strict-eps0": lambda dt: CautiousAdam(lr=0.1, eps=0.0, strict=True),
    "cautious-adam-tensors": lambda dt: CautiousAdam(
        lr=_pc(0.01, 0.1, dtype=dt), beta1=_pc(0.0, 0.9, dtype=dt),
        beta2=_pc(0.5, 0.999, dtype=dt), eps=_pc(0.0, 1e-8, dtype=dt), xi=_pc(1.0, 0.5, dtype=dt)),
}


def _grads(dt, kind="normal"):
    gen = torch.Generator(device="cuda").manual_seed(0)
    g = torch.randn((B, T, D), generator=gen, dtype=torch.float64, device="cuda")
    g = g * torch.exp(2 * torch.randn((B, T, 1), generator=gen, dtype=torch.float64,
                                      device="cuda"))
    if kind == "zeros":
        g[g.abs() < 0.3] = 0.0
    elif kind == "huge":
        g = g * (1e150 if dt == torch.float64 else 1e15)
    elif kind == "tiny":
        g = g * (1e-300 if dt == torch.float64 else 1e-30)
    return g.to(dt)


def _close(ref, got, what, ulps, also=None):
    eps = torch.finfo(ref.dtype).eps
    scale = ref.abs().amax(dim=1, keepdim=True).clamp_min(torch.finfo(ref.dtype).tiny)
    if also is not None:
        scale = torch.maximum(scale, also.abs().amax(dim=1, keepdim=True))
    err = ((got - ref).abs() / scale).max().item()
    assert err <= ulps * eps, f"{what}: {err / eps:.1f} ulp"


@pytest.mark.parametrize("dt", [torch.float64, torch.float32])
@pytest.mark.parametrize("kind", ["normal", "zeros", "huge", "tiny"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_triton_equals_torch_cuda_reference(name, kind, dt):
    g = _grads(dt, kind)
    ulps = 8 if dt == torch.float64 else 64
    try:
        ref = run(CASES[name](dt), grads=g, backend="torch")
    except AdaproofInputError:
        with pytest.raises(AdaproofInputError):
            run(CASES[name](dt), grads=g, backend="fused")
        return
    got = run(CASES[name](dt), grads=g, backend="fused")
    assert got.g is g and got.x.device.type == "cuda"
    assert list(got.records) == list(ref.records)
    _close(ref.x, got.x, f"{name}: x", ulps)
    for k in ref.records:
        _close(ref[k], got[k], f"{name}: {k}", ulps, ref.x[:, 1:] if k == "update" else None)


def test_triton_record_selection_and_auto_backend():
    g = _grads(torch.float64)
    assert fused.fusable(Adam(), g[:, 0], g, False) is None
    lean = run(Adam(lr=0.01), grads=g, record=())
    assert lean.records == {}
    full = run(Adam(lr=0.01), grads=g, record=("v",), backend="fused")
    assert torch.equal(lean.x, full.x) and set(full.records) == {"v"}


@pytest.mark.parametrize("name", ["AdamLinf", "AdamComplexity", "Adam"])
def test_triton_state_overflow_is_an_error(name):
    alg = {"AdamLinf": AdamLinf(lr=0.1), "AdamComplexity": AdamComplexity(lr=0.1),
           "Adam": Adam(lr=0.1)}[name]
    g = torch.ones(3, 6, 20, dtype=torch.float64, device="cuda")
    g[1, 2, 17] = 1e200
    with pytest.raises(AdaproofInputError, match=r"t=3"):
        run(alg, grads=g, backend="fused")


@pytest.mark.parametrize("name", ["linf", "adam", "adam-all-options"])
def test_triton_iterates_final(name):
    """iterates="final" on CUDA: (x_0, x_T) equal to the first and last of every iterate."""
    g = _grads(torch.float64)
    full = run(CASES[name](torch.float64), grads=g, backend="fused")
    last = run(CASES[name](torch.float64), grads=g, backend="fused", iterates="final")
    assert last.x.shape == (B, 2, D) and last.x.device.type == "cuda"
    assert torch.equal(last.x[:, 0], full.x[:, 0]) and torch.equal(last.x[:, 1], full.x[:, -1])


def test_cpu_only_kernels_on_cuda_take_the_torch_path():
    """Adagrad, RMSprop and SGDMomentum have CPU kernels only: on CUDA auto runs the torch
    reference (on the device) and forcing the fused backend says why."""
    from adaproof.algorithms.adam_linf import SGDMomentum
    from adaproof.algorithms.practical import Adagrad, RMSprop
    g = _grads(torch.float64)
    for alg in (Adagrad(lr=0.1), RMSprop(lr=0.01), SGDMomentum(lr=0.01)):
        traj = run(alg, grads=g)
        assert traj.x.device.type == "cuda"
        with pytest.raises(AdaproofInputError, match="no Triton kernel"):
            run(alg, grads=g, backend="fused")


def test_cautious_adam_keeps_a_candidate_in_one_block():
    """CautiousAdam's Triton kernel holds every coordinate of a candidate in one program: beyond
    4096 coordinates auto keeps the torch path and forcing the fused backend says why."""
    g = torch.randn(2, 3, 5000, dtype=torch.float64, device="cuda")
    assert "4096" in fused.fusable(CautiousAdam(), g[:, 0], g, False)
    with pytest.raises(AdaproofInputError, match="4096"):
        run(CautiousAdam(), grads=g, backend="fused")
    assert fused.fusable(CautiousAdam(), g[:, 0, :4096], g[:, :, :4096].contiguous(), False) is None
