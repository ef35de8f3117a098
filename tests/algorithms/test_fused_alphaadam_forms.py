"""The fused CPU kernels of alphaadam's other two forms, :class:`AlphaAdamAnalysed` (Appendix E)
and :class:`CautiousAdam` (the synchronous-mask baseline), against the torch reference on edge
inputs.

Both are elementwise in what feeds the iterate (Cautious Adam's mask count is an exact count), so
the kernels follow the reference operation by operation: the moments, the bias-corrected moments,
the agreement of the analysed form, the masks, the counts and the step sizes η_t and η̄_t equal
the reference bit for bit (asserted); ``u``, ``step_size``, ``update`` and the iterates differ only
where torch's vectorised ``sqrt`` is not correctly rounded (docs/performance.md), held to 8 ulp of
each trajectory's scale as in tests/algorithms/test_fused.py.  The analysed form's
``grad_norm_phi`` (Σφ|g|, a record only) is a compensated sum: 8 + 2d ulp.
"""
import math
import pathlib
import sys

import pytest
import torch

from adaproof import AdaproofInputError
from adaproof.algorithms import fused, run
from adaproof.algorithms.alphaadam import AlphaAdamAnalysed, CautiousAdam

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from _fused_inputs import B, F64, T, ULP, both_paths, grads as _grads, pc as _pc, ulps as _ulps  # noqa: E402,F401,E501

pytestmark = pytest.mark.skipif(not fused.numba_available(), reason="numba not installed")

CASES = {
    # Appendix E's form: eps = 0 and eta_t = eta / sqrt(t) by default
    "analysed-default": lambda: AlphaAdamAnalysed(lr=0.1),
    "analysed-m0": lambda: AlphaAdamAnalysed(lr=0.1, m0=0.3),          # eps = 0, v = 0 != m: error
    "analysed-m0-v0": lambda: AlphaAdamAnalysed(lr=0.05, m0=-0.5, v0=1e-4),
    "analysed-constant": lambda: AlphaAdamAnalysed(lr=0.1, m0=0.2, v0=1.0, lr_decay="constant"),
    "analysed-eps": lambda: AlphaAdamAnalysed(lr=0.1, eps=1e-8, m0=0.1),
    "analysed-eps-tiny": lambda: AlphaAdamAnalysed(lr=0.1, eps=2.0 ** -500, m0=0.1),
    "analysed-beta-ends": lambda: AlphaAdamAnalysed(lr=0.1, beta1=0.0, beta2=1e-12, m0=0.5),
    "analysed-beta-near-1": lambda: AlphaAdamAnalysed(lr=0.1, beta1=1 - 1e-9, beta2=1 - 1e-9,
                                                      m0=0.2),
    "analysed-tensors": lambda: AlphaAdamAnalysed(lr=_pc(1e-3, 0.1, 1.0), beta1=_pc(0.0, 0.5, 0.99),
                                                  beta2=_pc(1e-9, 0.999, 0.5),
                                                  eps=_pc(0.0, 1e-8), m0=_pc(0.0, 0.3),
                                                  v0=_pc(1.0, 1e-8, 0.5)),
    "analysed-schedule": lambda: AlphaAdamAnalysed(lr=lambda t: 0.1 / t, m0=0.2, eps=1e-12),
    "analysed-schedule-tensor": lambda: AlphaAdamAnalysed(lr=lambda t: _pc(0.1, 0.2) / t,
                                                          m0=0.2, v0=0.1),
    # Cautious Adam
    "cautious-default": lambda: CautiousAdam(lr=0.1),
    "cautious-strict": lambda: CautiousAdam(lr=0.1, strict=True),
    "cautious-eps-0": lambda: CautiousAdam(lr=0.1, eps=0.0),
    "cautious-eps-0-strict": lambda: CautiousAdam(lr=0.1, eps=0.0, strict=True),
    "cautious-eps-tiny": lambda: CautiousAdam(lr=1e-3, eps=2.0 ** -500),
    "cautious-beta-ends": lambda: CautiousAdam(lr=0.1, beta1=0.0, beta2=0.0, eps=1e-3),
    "cautious-beta2-0-eps-0": lambda: CautiousAdam(lr=0.1, beta1=0.9, beta2=0.0, eps=0.0),
    "cautious-beta-near-1": lambda: CautiousAdam(lr=0.1, beta1=1 - 1e-9, beta2=1 - 1e-9),
    "cautious-xi": lambda: CautiousAdam(lr=0.1, xi=1e-6, strict=True),
    "cautious-tensors": lambda: CautiousAdam(lr=_pc(1e-3, 0.1, 1.0), beta1=_pc(0.0, 0.5, 0.99),
                                             beta2=_pc(0.0, 0.999, 0.5), eps=_pc(0.0, 1e-8),
                                             xi=_pc(1.0, 0.5, 3.0)),
    "cautious-schedule": lambda: CautiousAdam(lr=lambda t: 0.1 / t ** 0.5, beta2=0.99),
    "cautious-schedule-tensor": lambda: CautiousAdam(lr=lambda t: _pc(0.1, 0.2) / t, strict=True),
}
GRADS = ["normal", "zeros", "huge", "tiny", "mixed", "signs"]
EXACT = {AlphaAdamAnalysed: ("agreement", "mask", "mask_count", "m", "v", "lr_t"),
         CautiousAdam: ("m", "v", "m_hat", "v_hat", "mask", "mask_count", "lr_bar")}


@pytest.mark.parametrize("d", [7, pytest.param(33, marks=pytest.mark.slow)])
@pytest.mark.parametrize("gk", GRADS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_fused_alphaadam_form_equals_torch(name, gk, d):
    g = _grads(gk, d)
    mk = CASES[name]
    assert fused.fusable(mk(), torch.zeros(B, d, dtype=F64), g, False) is None
    ref, got = both_paths(mk, g)
    if ref is None:  # the reference's error, raised word for word on the fused path
        return
    assert _ulps(ref.x, got.x) <= 8, "x"
    for k in ref.records:
        assert ref[k].shape == got[k].shape, k
        if k in EXACT[type(mk())]:
            assert torch.equal(ref[k], got[k]), k
        else:
            bound = 8 + 2 * d if k == "grad_norm_phi" else 8
            also = ref.x[:, 1:] if k == "update" else None
            assert _ulps(ref[k], got[k], also) <= bound, k
    for k in ref.initial:
        assert torch.equal(ref.initial[k], got.initial[k])
    lean = run(mk(), grads=g, backend="fused", record=(), iterates="final")
    assert torch.equal(lean.x[:, -1], got.x[:, -1])
    some = run(mk(), grads=g, backend="fused", record=("mask_count", "update"))
    assert set(some.records) == {"mask_count", "update"}
    assert torch.equal(some["mask_count"], got["mask_count"]) and torch.equal(some.x, got.x)


def test_edge_cases_reach_both_outcomes():
    """The edge families above do exercise the reference's error (ε = 0 with √v = 0 ≠ m) and the
    0/0 = 0 convention without an error (zero gradients on a coordinate from the start)."""
    g = _grads("zeros", 7)
    with pytest.raises(AdaproofInputError, match="undefined"):
        run(AlphaAdamAnalysed(lr=0.1, m0=0.3), grads=g, backend="fused")
    g2 = _grads("normal", 7)
    g2[:, :, 2] = 0.0
    for alg in (AlphaAdamAnalysed(lr=0.1), CautiousAdam(lr=0.1, eps=0.0)):
        got = run(alg, grads=g2, backend="fused")
        assert torch.equal(got["u"][:, :, 2], torch.zeros(B, T, dtype=F64))
        assert torch.equal(got["step_size"][:, :, 2], torch.zeros(B, T, dtype=F64))
        assert torch.equal(got.x[:, :, 2], torch.zeros(B, T + 1, dtype=F64))


def test_cautious_mask_ones_is_torch_adam_with_rescaled_lr():
    """The class docstring's reduction on the fused path: every mask one (non-strict mask, g of
    one sign) is torch.optim.Adam's trajectory with η·d/(d + ξ)."""
    d, lr = 4, 0.05
    g = _grads("normal", d).abs() + 0.01
    got = run(CautiousAdam(lr=lr, beta1=0.8, beta2=0.99, eps=1e-8), grads=g, backend="fused")
    assert torch.equal(got["mask_count"], torch.full((B, T), float(d), dtype=F64))
    p = torch.zeros(B, d, dtype=F64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=lr * d / (d + 1), betas=(0.8, 0.99), eps=1e-8, foreach=False)
    for t in range(T):
        p.grad = g[:, t].clone()
        opt.step()
        assert _ulps(got.x[:, t + 1].unsqueeze(1), p.detach().unsqueeze(1)) <= 16 * (t + 1)


def test_analysed_step_size_is_eta_over_sqrt_t():
    """η_t = η/√t per candidate and step (the lr_t record), exactly as the reference computes it."""
    g = _grads("normal", 3)
    got = run(AlphaAdamAnalysed(lr=_pc(0.1, 0.3)), grads=g, backend="fused", record=("lr_t",))
    want = torch.tensor([[[0.1, 0.3][b % 2] / math.sqrt(t) for t in range(1, T + 1)]
                         for b in range(B)], dtype=F64)
    assert torch.equal(got["lr_t"], want)


@pytest.mark.parametrize("cls", [AlphaAdamAnalysed, CautiousAdam])
def test_overflow_is_the_reference_error(cls):
    g = torch.ones(3, 6, 4, dtype=F64)
    g[1, 2, 3] = 1e200
    with pytest.raises(AdaproofInputError) as ref:
        run(cls(lr=0.1), grads=g, backend="torch")
    with pytest.raises(AdaproofInputError) as got:
        run(cls(lr=0.1), grads=g, backend="fused", iterates="final")
    assert str(got.value) == str(ref.value)


@pytest.mark.parametrize("cls", [AlphaAdamAnalysed, CautiousAdam])
def test_backend_switch(cls, monkeypatch):
    """auto takes the kernel; backend="torch" and ADAPROOF_BACKEND=torch do not; autograd inputs
    are never fused."""
    from adaproof.algorithms.fused import _cpu
    kern = "alphaadam_analysed" if cls is AlphaAdamAnalysed else "cautious_adam"
    calls = []
    real = getattr(_cpu, kern)
    monkeypatch.setattr(_cpu, kern, lambda *a: (calls.append(1), real(*a))[1])
    g = _grads("normal", 3)
    x0 = torch.zeros(B, 3, dtype=F64)
    run(cls(lr=0.1), grads=g)
    assert calls == [1]
    run(cls(lr=0.1), grads=g, backend="torch")
    monkeypatch.setenv("ADAPROOF_BACKEND", "torch")
    run(cls(lr=0.1), grads=g)
    assert calls == [1]
    monkeypatch.setenv("ADAPROOF_BACKEND", "fused")
    run(cls(lr=0.1), grads=g)
    assert calls == [1, 1]
    assert fused.fusable(cls(), x0, g, True) is not None
    assert fused.fusable(cls(), x0.requires_grad_(), g, False) is not None


@pytest.mark.parametrize("cls", [AlphaAdamAnalysed, CautiousAdam])
def test_check_state_false_gives_the_reference_values(cls):
    """check_state=False: the flagged fused run is replaced by the reference's (their steps have
    a guard of their own, so run() re-runs the torch path), NaN and inf included."""
    g = torch.ones(3, 6, 4, dtype=F64)
    g[1, 2, 3] = 1e200
    ref = run(cls(lr=0.1), grads=g, backend="torch", check_state=False)
    got = run(cls(lr=0.1), grads=g, backend="fused", check_state=False)
    assert not bool(torch.isfinite(got["v"][1]).all())  # v overflowed (u = m/inf = 0 after)
    assert bool(torch.isfinite(got["v"][0]).all())
    assert torch.equal(ref.x, got.x)
    for k in ref.records:
        a, b = ref[k], got[k]
        assert torch.equal(a.isnan(), b.isnan()), k
        assert torch.equal(a[~a.isnan()], b[~b.isnan()]), k
