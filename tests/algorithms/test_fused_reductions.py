"""Fused kernels of the algorithms that reduce over the coordinates every step (AdaSGD, Blockwise
Adam, AdaGradNorm) against the torch reference, and their reductions against exact sums.

Summation orders (adaproof/algorithms/fused/_cpu.py):

* Blockwise Adam: torch's ``index_add`` adds the squares into zeroed block sums one coordinate at
  a time, in coordinate order; the kernel does the same, so ``v`` is torch's bit for bit.
* AdaSGD and AdaGradNorm: torch's ``sum`` is a vectorised reduction whose order depends on the
  length; the kernel sums the rounded squares with Neumaier's compensated summation in
  coordinate order, within about 1 ulp of the exact sum (asserted here against ``math.fsum``).
  torch's own sum is within (d-1)·u·S of it (non-negative terms), so the trajectories are held
  to ``8 + d/2`` ulp of the scale (v's relative difference is at most (d-1)·u + 1 ulp, the root
  halves it); measured at d = 7 and 33 on every case: Blockwise Adam 1.7 ulp, AdaSGD 3.6,
  AdaGradNorm 5.6.
"""
import pathlib
import sys
import math

import pytest
import torch

from adaproof import AdaproofInputError
from adaproof.algorithms import fused, run
from adaproof.algorithms.adagrad_aniso import AdaGradNorm
from adaproof.algorithms.adagrad_aniso.projection import Box, L2Ball, LinfBall
from adaproof.algorithms.adam_linf import AdaSGD, BlockwiseAdam

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from _fused_inputs import B, F64, T, ULP, both_paths, grads as _grads, pc as _pc, ulps as _ulps  # noqa: E402,F401,E501

pytestmark = pytest.mark.skipif(not fused.numba_available(), reason="numba not installed")


CASES = {
    "adasgd": lambda d: AdaSGD(lr=0.1),
    "adasgd-ends": lambda d: AdaSGD(lr=0.1, beta1=0.0, beta2=1.0, v0=1.0),
    "adasgd-beta2-0": lambda d: AdaSGD(lr=0.1, beta1=1 - 1e-9, beta2=0.0, eps=1e-3),
    "adasgd-tensors": lambda d: AdaSGD(lr=_pc(1e-3, 0.1, 1.0), beta1=_pc(0.0, 0.5, 0.99),
                                       beta2=_pc(0.0, 0.999, 1.0), eps=_pc(1e-12, 1e-8),
                                       v0=_pc(1.0, 1e-8, 0.5)),
    "adasgd-schedule": lambda d: AdaSGD(lr=lambda t: 0.1 / t ** 0.5, eps=1e-12),
    "blockwise": lambda d: BlockwiseAdam([list(range(0, d, 2)), list(range(1, d, 2))], lr=0.1),
    "blockwise-singletons": lambda d: BlockwiseAdam([[i] for i in range(d)], lr=0.05,
                                                    beta2=0.9),
    "blockwise-labels": lambda d: BlockwiseAdam(torch.tensor([i % 3 for i in range(d)]),
                                                lr=_pc(0.01, 0.1), beta1=0.0,
                                                beta2=_pc(0.5, 1.0), v0=1.0),
    "blockwise-schedule": lambda d: BlockwiseAdam([list(range(d))], lr=lambda t: 1.0 / t,
                                                  eps=1e-8),
    "adagrad-norm": lambda d: AdaGradNorm(lr=0.1),
    "adagrad-norm-box": lambda d: AdaGradNorm(lr=0.5, eps=1e-3, domain=Box(-0.2, 0.3)),
    "adagrad-norm-linf": lambda d: AdaGradNorm(lr=_pc(0.1, 1.0), domain=LinfBall(0.1, 0.5)),
    "adagrad-norm-schedule": lambda d: AdaGradNorm(lr=lambda t: 0.3 / t ** 0.5,
                                                   eps=2.0 ** -500),
}
GRADS = ["normal", "zeros", "huge", "tiny", "mixed"]


@pytest.mark.parametrize("d", [7, pytest.param(33, marks=pytest.mark.slow)])
@pytest.mark.parametrize("gk", GRADS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_fused_reduction_kernels_equal_torch(name, gk, d):
    g = _grads(gk, d)
    mk = lambda: CASES[name](d)  # noqa: E731
    ref, got = both_paths(mk, g)
    if ref is None:  # the reference's error, raised word for word on the fused path
        return
    bound = 8 if name.startswith("blockwise") else 8 + d / 2
    assert _ulps(ref.x, got.x) <= bound, "x"
    for k in ref.records:
        assert ref[k].shape == got[k].shape, k
        also = ref.x[:, 1:] if k == "update" else (ref.x if k == "y" else None)
        assert _ulps(ref[k], got[k], also) <= bound, k
        if name.startswith("blockwise") and k == "v":
            assert torch.equal(ref[k], got[k])  # index_add's sequential sums, bit for bit
    for k in ref.initial:
        assert torch.equal(ref.initial[k], got.initial[k])
    lean = run(mk(), grads=g, backend="fused", record=(), iterates="final")
    assert torch.equal(lean.x[:, -1], got.x[:, -1])


@pytest.mark.parametrize("d", [5, 17, 257])
def test_compensated_sums_are_within_an_ulp_of_the_exact_sum(d):
    """The kernels' per-step sum of squares against math.fsum of the same rounded squares, read
    back through AdaGradNorm's v record (v_t - v_{t-1} would lose it: v_0 = eps² = 2^-1000 makes
    v_1 = S_1 exactly, so check the first step on many candidates, and AdaSGD with beta2 = 0,
    where v_t = ((1-0)·S_t)/d for every t)."""
    gen = torch.Generator().manual_seed(d)
    g = torch.randn((64, 30, d), generator=gen, dtype=F64) * torch.exp(
        3 * torch.randn((64, 30, d), generator=gen, dtype=F64))
    v = run(AdaSGD(lr=0.1, beta2=0.0, eps=1e-3), grads=g, backend="fused", record=("v",))["v"]
    v1 = run(AdaGradNorm(lr=0.1, eps=2.0 ** -500), grads=g, backend="fused", record=("v",))["v"]
    worst = 0.0
    for b in range(64):
        sq = (g[b] * g[b]).tolist()
        exact0 = math.fsum(sq[0])
        worst = max(worst, abs(v1[b, 0].item() - exact0) / exact0)
        for t in range(30):
            exact = math.fsum(sq[t]) / d
            worst = max(worst, abs(v[b, t].item() - exact) / exact)
    assert worst <= 2 * ULP, worst / ULP


def test_not_fused_where_the_kernels_do_not_apply():
    g = torch.randn(2, 3, 4, dtype=F64)
    with pytest.raises(AdaproofInputError, match="L2Ball is not fused"):
        run(AdaGradNorm(domain=L2Ball(0.0, 1.0)), grads=g, backend="fused")
    for alg in (AdaSGD(), BlockwiseAdam([[0, 1], [2, 3]]), AdaGradNorm()):
        assert fused.fusable(alg, torch.zeros(2, 4, dtype=F64), g, False) is None
        assert fused.fusable(alg, torch.zeros(2, 4, dtype=F64), g, True) is not None


@pytest.mark.parametrize("mk", [lambda: AdaSGD(lr=0.1), lambda: AdaGradNorm(lr=0.1),
                                lambda: BlockwiseAdam([[0, 1], [2, 3]], lr=0.1)])
def test_overflow_is_the_reference_error(mk):
    g = torch.ones(3, 6, 4, dtype=F64)
    g[1, 2, 3] = 1e200
    with pytest.raises(AdaproofInputError) as ref:
        run(mk(), grads=g, backend="torch")
    with pytest.raises(AdaproofInputError) as got:
        run(mk(), grads=g, backend="fused")
    assert str(got.value) == str(ref.value)
