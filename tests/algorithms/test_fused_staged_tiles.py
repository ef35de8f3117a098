"""practical Adam's element-major kernel at the edges of its tiling.

``_cpu.practical_adam_staged`` moves the gradients of the *next* tile of ``STAGE_T`` steps while
it computes the current one (double-buffered), in chunks of ``STAGE_E // d`` candidates.  Every
step count around a tile boundary (a run shorter than one tile, exactly one, one more, exactly
two, ...) and a partial last chunk must give, bit for bit, the row kernel's iterates (the same
operations in the same order; the row kernel is held to the torch reference in test_fused.py),
and the torch reference's to a few ulps.
"""
from __future__ import annotations

import pytest
import torch

from adaproof.algorithms import fused, run
from adaproof.algorithms.fused import _cpu
from adaproof.algorithms.practical import Adam

pytest.importorskip("numba")

F64 = torch.float64
ULP = 2.0 ** -52
TT = _cpu.STAGE_T


def _grads(b, steps, d, seed=0):
    gen = torch.Generator().manual_seed(seed)
    g = torch.randn((b, steps, d), generator=gen, dtype=F64)
    g = g * torch.exp(2 * torch.randn((b, steps, 1), generator=gen, dtype=F64))
    g[:, steps // 2] = 0.0  # a whole step of exact zeros
    return g * torch.logspace(-200, 100, b, dtype=F64).reshape(-1, 1, 1)


@pytest.fixture
def staged_calls(monkeypatch):
    calls = []
    kern = _cpu.practical_adam_staged

    def spy(*a):
        calls.append((a[0].shape, a[-2]))  # G's shape and the chunk size K
        return kern(*a)
    monkeypatch.setattr(_cpu, "practical_adam_staged", spy)
    return calls


@pytest.mark.parametrize("steps", [1, TT - 1, TT, TT + 1, 2 * TT, 2 * TT + 1, 3 * TT - 1])
@pytest.mark.parametrize("d", [1, 3, 4])
def test_staged_tiles_equal_the_row_kernel_bitwise(steps, d, staged_calls, monkeypatch):
    b = _cpu.STAGE_E // d + 3  # one full chunk and a partial one
    g = _grads(b, steps, d)
    alg = lambda: Adam(lr=0.01, betas=(0.8, 0.99))  # noqa: E731
    got = {it: run(alg(), grads=g, record=(), backend="fused", iterates=it).x
           for it in ("all", "final")}
    assert [s for s, _ in staged_calls] == [(b, steps, d)] * 2
    assert all(k == _cpu.STAGE_E // d for _, k in staged_calls)
    monkeypatch.setattr(fused, "STAGED_BELOW_D", 0)  # the row kernel
    for it in ("all", "final"):
        row = run(alg(), grads=g, record=(), backend="fused", iterates=it).x
        assert torch.equal(row, got[it]), (it, steps, d)
    assert len(staged_calls) == 2
    assert torch.equal(got["all"][:, [0, -1]], got["final"])
    ref = run(alg(), grads=g, record=(), backend="torch").x
    scale = ref.abs().amax(dim=1, keepdim=True).clamp_min(torch.finfo(F64).tiny)
    assert ((got["all"] - ref).abs() / scale).max().item() <= 8 * ULP


def test_staged_tiles_a_gradient_in_the_next_tile_is_not_read_early(staged_calls):
    """A huge gradient at the first step of the second tile changes nothing before it: the
    iterates of the first tile are those of the run without it (the next tile's moves go to the
    other buffer, never the one being computed)."""
    b, d, steps = 10, 4, 2 * TT + 5
    g = _grads(b, steps, d, seed=3)
    h = g.clone()
    h[:, TT] = 1e30
    x_g = run(Adam(lr=0.01), grads=g, record=(), backend="fused").x
    x_h = run(Adam(lr=0.01), grads=h, record=(), backend="fused").x
    assert len(staged_calls) == 2
    assert torch.equal(x_g[:, :TT + 1], x_h[:, :TT + 1])
    assert not torch.equal(x_g[:, TT + 1], x_h[:, TT + 1])


@pytest.mark.parametrize("case", ["one-element tensors", "per-candidate eps", "maximize"])
def test_staged_path_reads_each_hyperparameter_as_the_row_kernel_does(case, staged_calls,
                                                                      monkeypatch):
    """The staged kernel takes β1, β2 and ε as scalars: a 0-dim tensor is read as its value
    (staged), a per-candidate ε keeps to the row kernel; either way the iterates are the row
    kernel's bit for bit and the torch reference's to a few ulps."""
    b, steps, d = 11, TT + 3, 4
    g = _grads(b, steps, d, seed=5) * 1e-100
    t = lambda v: torch.tensor(v, dtype=F64)  # noqa: E731
    kw = {"one-element tensors": dict(betas=(t(0.8), t(0.99)), eps=t(1e-6)),
          "per-candidate eps": dict(eps=torch.logspace(-8, -2, b, dtype=F64)),
          "maximize": dict(maximize=True, eps=0.5)}[case]
    alg = lambda: Adam(lr=0.01, **kw)  # noqa: E731
    got = run(alg(), grads=g, record=(), backend="fused", iterates="final").x
    assert len(staged_calls) == (0 if case == "per-candidate eps" else 1)
    monkeypatch.setattr(fused, "STAGED_BELOW_D", 0)  # the row kernel
    row = run(alg(), grads=g, record=(), backend="fused", iterates="final").x
    assert torch.equal(row, got)
    ref = run(alg(), grads=g, record=(), backend="torch").x[:, [0, -1]]
    scale = ref.abs().amax(dim=1, keepdim=True).clamp_min(torch.finfo(F64).tiny)
    assert ((got - ref).abs() / scale).max().item() <= 8 * ULP
