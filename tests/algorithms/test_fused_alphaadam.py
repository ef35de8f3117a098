"""The fused CPU kernel of alphaadam's Algorithm 1 (:class:`AlphaAdam`) against the torch
reference on edge inputs.

Its three per-step reductions (Σu², Σ(φ⊙u)², Σφ|g|: non-negative terms) are Neumaier compensated
sums in coordinate order (adaproof/algorithms/fused/_cpu.py ``alphaadam``), within about 1 ulp of
the exact sum; torch's vectorised ``sum`` is within (d-1)·u·S of it.  Everything elementwise
(agreement, mask, ‖φ‖₀, h, v, η̂) is torch's bit for bit (asserted), so the masks never differ;
``u`` and ``step_size`` differ by at most an ulp where torch's vectorised ``sqrt`` is not
correctly rounded (docs/performance.md); α is a ratio of two sums, so the trajectories are held to
``8 + 2d`` ulp of the scale.
"""
import pathlib
import sys

import pytest
import torch

from adaproof import AdaproofInputError
from adaproof.algorithms import fused, run
from adaproof.algorithms.alphaadam import AlphaAdam

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from _fused_inputs import B, F64, T, ULP, both_paths, grads as _grads, pc as _pc, ulps as _ulps  # noqa: E402,F401,E501

pytestmark = pytest.mark.skipif(not fused.numba_available(), reason="numba not installed")

EXACT = ("agreement", "mask", "mask_count", "m", "v", "lr_hat")


CASES = {
    "default": lambda: AlphaAdam(lr=0.1),
    "eq6-sqrt": lambda: AlphaAdam(lr=0.1, strict=False, alpha_form="sqrt"),
    "m0": lambda: AlphaAdam(lr=0.05, m0=0.3, v0=1e-4),
    "m0-negative-sqrt": lambda: AlphaAdam(lr=0.05, m0=-1.0, alpha_form="sqrt", strict=False),
    "fixed-alpha": lambda: AlphaAdam(lr=0.1, alpha=2.5, m0=0.1),
    "fixed-alpha-per-candidate": lambda: AlphaAdam(lr=0.1, alpha=_pc(0.5, 1.0, 3.0)),
    "beta-ends": lambda: AlphaAdam(lr=0.1, beta1=0.0, beta2=0.0, m0=0.5),
    "beta-near-1": lambda: AlphaAdam(lr=0.1, beta1=1 - 1e-9, beta2=1 - 1e-9, m0=0.2),
    "eps-0": lambda: AlphaAdam(lr=0.1, eps=0.0),
    "eps-0-m0": lambda: AlphaAdam(lr=0.1, eps=0.0, m0=1.0),
    "eps-tiny": lambda: AlphaAdam(lr=0.1, eps=2.0 ** -500, m0=0.1),
    "tensors": lambda: AlphaAdam(lr=_pc(1e-3, 0.1, 1.0), beta1=_pc(0.0, 0.5, 0.99),
                                 beta2=_pc(0.0, 0.999, 0.5), eps=_pc(1e-12, 1e-8),
                                 m0=_pc(0.0, 0.3), v0=_pc(1.0, 1e-8, 0.5)),
    "schedule": lambda: AlphaAdam(lr=lambda t: 0.1 / t ** 0.5, m0=0.2),
    "schedule-tensor": lambda: AlphaAdam(lr=lambda t: _pc(0.1, 0.2) / t, strict=False),
}
GRADS = ["normal", "zeros", "huge", "tiny", "mixed", "signs"]


@pytest.mark.parametrize("d", [7, pytest.param(33, marks=pytest.mark.slow)])
@pytest.mark.parametrize("gk", GRADS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_fused_alphaadam_equals_torch(name, gk, d):
    g = _grads(gk, d)
    mk = CASES[name]
    assert fused.fusable(mk(), torch.zeros(B, d, dtype=F64), g, False) is None
    ref, got = both_paths(mk, g)
    if ref is None:  # the reference's error, raised word for word on the fused path
        return
    bound = 8 + 2 * d
    assert _ulps(ref.x, got.x) <= bound, "x"
    for k in ref.records:
        assert ref[k].shape == got[k].shape, k
        if k in EXACT:
            assert torch.equal(ref[k], got[k]), k
        else:
            also = ref.x[:, 1:] if k == "update" else None
            assert _ulps(ref[k], got[k], also) <= bound, k
    for k in ref.initial:
        assert torch.equal(ref.initial[k], got.initial[k])
    lean = run(mk(), grads=g, backend="fused", record=(), iterates="final")
    assert torch.equal(lean.x[:, -1], got.x[:, -1])
    some = run(mk(), grads=g, backend="fused", record=("alpha", "mask_count"))
    assert set(some.records) == {"alpha", "mask_count"}
    assert torch.equal(some["alpha"], got["alpha"]) and torch.equal(some.x, got.x)


def test_empty_masks_leave_the_iterate_and_record_alpha_one():
    """t = 1 with h₀ = 0 selects nothing (strict mask): the step is zero and α is recorded as 1,
    on the fused path as on the reference (the guard of the class docstring)."""
    g = _grads("normal", 6)
    got = run(AlphaAdam(lr=0.1), grads=g, backend="fused")
    assert torch.equal(got.x[:, 1], got.x[:, 0])
    assert torch.equal(got["alpha"][:, 0], torch.ones(B, dtype=F64))
    assert torch.equal(got["mask_count"][:, 0], torch.zeros(B, dtype=F64))
    assert bool((got["mask_count"][:, 1:] > 0).any())  # later steps do select coordinates


def test_all_ones_masks_are_adam_without_bias_correction():
    """The class docstring's reduction, on the fused path: with every mask full (h₀ > 0, g > 0),
    α = 1 and the step is Adam's (no bias correction, ε outside the root) with lr·d/(d+1)."""
    d, lr, b1, b2, eps = 4, 0.1, 0.9, 0.999, 1e-8
    g = _grads("normal", d).abs() + 0.01
    got = run(AlphaAdam(lr=lr, m0=1.0, beta1=b1, beta2=b2, eps=eps), grads=g, backend="fused")
    assert torch.equal(got["alpha"], torch.ones(B, T, dtype=F64))
    m, v, x = torch.ones(B, d, dtype=F64), torch.zeros(B, d, dtype=F64), torch.zeros(B, d, dtype=F64)
    for t in range(T):
        m = b1 * m + (1 - b1) * g[:, t]
        v = b2 * v + (1 - b2) * g[:, t] * g[:, t]
        x = x - lr * d / (d + 1) * m / (v.sqrt() + eps)
        assert _ulps(x.unsqueeze(1), got.x[:, t + 1].unsqueeze(1)) <= 8 * (t + 1)


def test_overflow_is_the_reference_error():
    g = torch.ones(3, 6, 4, dtype=F64)
    g[1, 2, 3] = 1e200
    with pytest.raises(AdaproofInputError) as ref:
        run(AlphaAdam(lr=0.1), grads=g, backend="torch")
    with pytest.raises(AdaproofInputError) as got:
        run(AlphaAdam(lr=0.1), grads=g, backend="fused")
    assert str(got.value) == str(ref.value)


def test_not_fused_with_autograd():
    g = torch.randn(2, 3, 4, dtype=F64)
    x0 = torch.zeros(2, 4, dtype=F64)
    assert fused.fusable(AlphaAdam(), x0, g, True) is not None
    assert fused.fusable(AlphaAdam(), x0, g, False) is None
    assert fused.fusable(AlphaAdam(), x0.requires_grad_(), g, False) is not None


@pytest.mark.parametrize("d", [5, 257])
def test_compensated_masked_norm_is_within_an_ulp_of_the_exact_sum(d):
    """The kernel's Σφ|g| (``grad_norm_phi``; its terms are exact) against math.fsum."""
    import math
    gen = torch.Generator().manual_seed(d)
    g = torch.randn((16, 20, d), generator=gen, dtype=F64) * torch.exp(
        3 * torch.randn((16, 20, d), generator=gen, dtype=F64))
    got = run(AlphaAdam(lr=0.1, strict=False, m0=0.5), grads=g, backend="fused",
              record=("mask", "grad_norm_phi"))
    terms = (got["mask"] * g.abs()).tolist()
    worst = 0.0
    for b in range(16):
        for t in range(20):
            exact = math.fsum(terms[b][t])
            if exact > 0:
                worst = max(worst, abs(got["grad_norm_phi"][b, t].item() - exact) / exact)
    assert worst <= 2 * ULP, worst / ULP
