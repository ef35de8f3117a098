"""The fused CPU kernel of adafactor's Algorithm 1 (factored, :class:`AdafactorPaper` and
Algorithm 2's :class:`AdafactorFullBatch`) and of its unfactored form (:class:`AdafactorUnfactored`)
against the torch reference on edge inputs.

Summation order (adaproof/algorithms/fused/_cpu.py ``adafactor``): every sum (the row and column
sums of G⊙G + ε₁, S = Σ R_i, and the sums of squares inside RMS(X) and RMS(U)) is a Neumaier
compensated sum in index order, within about 1 ulp of the exact sum of its non-negative terms;
torch's vectorised sums are within (k-1)·u of it for k terms.  W = R C / S then carries the
relative differences of three sums, so the trajectories are held to ``8 + 2k`` ulp of the scale
(k = n·m, the longest sum); the unfactored V is torch's bit for bit (asserted).  Measured: see
docs/performance.md.
"""
import pytest
import torch

from adaproof import AdaproofInputError
from adaproof.algorithms import fused, run
from adaproof.algorithms.adafactor import AdafactorFullBatch, AdafactorPaper, AdafactorUnfactored
from adaproof.algorithms.adafactor._common import (ConstantBeta2, PaperClipThreshold,
                                                   RelativeStepRho, ShazeerBeta2)

pytestmark = pytest.mark.skipif(not fused.numba_available(), reason="numba not installed")

F64 = torch.float64
ULP = 2.0 ** -52
B, T = 5, 30


def _pc(*vals):
    return torch.tensor([vals[i % len(vals)] for i in range(B)], dtype=F64)


def _grads(kind, shape, seed=0):
    gen = torch.Generator().manual_seed(seed)
    g = torch.randn((B, T) + shape, generator=gen, dtype=F64)
    g = g * torch.exp(2 * torch.randn((B, T) + (1,) * len(shape), generator=gen, dtype=F64))
    if kind == "zeros":
        g[:, 3] = 0.0
        g[g.abs() < 0.3] = 0.0
    elif kind == "huge":
        g = g * 1e140
    elif kind == "tiny":
        g = g * 1e-300
    elif kind == "mixed":
        g = g * torch.tensor([1e-300, 1e-150, 1.0, 1e100, 1e140], dtype=F64).reshape(
            (-1, 1) + (1,) * len(shape))
    return g


def _x0(shape):
    gen = torch.Generator().manual_seed(1)
    return torch.randn((B,) + shape, generator=gen, dtype=F64)


CASES = {
    "paper": lambda: AdafactorPaper(),
    "paper-no-clip-const-rho": lambda: AdafactorPaper(d=None, rho=0.1),
    "paper-shazeer": lambda: AdafactorPaper(beta2=ShazeerBeta2(0.8), rho=RelativeStepRho(),
                                            d=PaperClipThreshold(), require_beta21_half=False),
    "paper-tensors": lambda: AdafactorPaper(rho=_pc(1e-3, 0.1, 1.0), beta2=ConstantBeta2(
        _pc(0.1, 0.999), beta21=0.5), eps1=_pc(1e-30, 2.0 ** -511, 1.0), eps2=_pc(1e-3, 1e-300),
        d=_pc(1.0, 0.01, 100.0)),
    "paper-eps-ends": lambda: AdafactorPaper(eps1=2.0 ** 500, eps2=1e-300, d=1e-300),
    "full-batch": lambda: AdafactorFullBatch(rho=0.05, beta2=ConstantBeta2(0.9)),
    "unfactored": lambda: AdafactorUnfactored(),
    "unfactored-shazeer": lambda: AdafactorUnfactored(beta2=ShazeerBeta2(), rho=RelativeStepRho(
        warmup_init=True), require_beta21_half=False, d=None),
    "unfactored-tensors": lambda: AdafactorUnfactored(rho=_pc(0.1, 1.0), beta2=_pc(0.5),
                                                      eps1=_pc(1e-30, 1.0), d=_pc(1.0, 0.1)),
}
GRADS = ["normal", "zeros", "huge", "tiny", "mixed"]
SHAPES = [(3, 4), (1, 5), (6, 1)]


def _ulps(ref, got, also=None):
    """Largest |got - ref| in ulps of each trajectory's scale; non-finite entries (W = R C / S
    overflows for gradients near 1e140, on both paths) must be identical."""
    fin = torch.isfinite(ref)
    assert torch.equal(fin, torch.isfinite(got))
    assert torch.equal(ref[~fin].nan_to_num(), got[~fin].nan_to_num())
    ref, got = torch.where(fin, ref, 0.0), torch.where(fin, got, 0.0)
    scale = ref.abs().amax(dim=1, keepdim=True).clamp_min(torch.finfo(F64).tiny)
    if also is not None:
        scale = torch.maximum(scale, also.abs().amax(dim=1, keepdim=True))
    return ((got - ref).abs() / scale).max().item() / ULP


def _compare(name, gk, shape):
    g = _grads(gk, shape)
    x0 = _x0(shape)
    mk = CASES[name]
    assert fused.fusable(mk(), x0, g, False) is None
    try:
        ref = run(mk(), x0, grads=g, backend="torch")
    except AdaproofInputError as exc:
        with pytest.raises(AdaproofInputError) as info:
            run(mk(), x0, grads=g, backend="fused")
        assert str(info.value) == str(exc)
        return
    got = run(mk(), x0, grads=g, backend="fused")
    assert got.g is g
    assert list(got.records) == list(ref.records)
    k = shape[0] * shape[1]
    bound = 8 + 2 * k
    assert _ulps(ref.x, got.x) <= bound, "x"
    for key in ref.records:
        assert ref[key].shape == got[key].shape, key
        if key in ("V", "rho", "beta2"):
            assert torch.equal(ref[key], got[key]), key
        else:
            also = ref.x[:, 1:] if key == "update" else None
            assert _ulps(ref[key], got[key], also) <= bound, key
    for key in ref.initial:
        assert torch.equal(ref.initial[key], got.initial[key])
    lean = run(mk(), x0, grads=g, backend="fused", record=(), iterates="final")
    assert torch.equal(lean.x[:, -1], got.x[:, -1])


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("gk", GRADS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_fused_adafactor_equals_torch(name, gk, shape):
    _compare(name, gk, shape)


@pytest.mark.slow
@pytest.mark.parametrize("gk", GRADS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_fused_adafactor_equals_torch_larger(name, gk):
    _compare(name, gk, (9, 17))


def test_unfactored_any_shape():
    g = _grads("normal", (7,))
    ref = run(AdafactorUnfactored(), _x0((7,)), grads=g, backend="torch")
    got = run(AdafactorUnfactored(), _x0((7,)), grads=g, backend="fused")
    assert torch.equal(ref["V"], got["V"]) and _ulps(ref.x, got.x) <= 8 + 14


def test_hyperparameter_errors_are_the_reference_errors():
    """A schedule leaving its range at step k raises the reference's error on the fused path."""
    g = _grads("normal", (2, 3))
    bad = AdafactorPaper(beta2=lambda k: 0.5 if k < 4 else 1.5)
    with pytest.raises(AdaproofInputError) as ref:
        run(bad, _x0((2, 3)), grads=g, backend="torch")
    with pytest.raises(AdaproofInputError) as got:
        run(bad, _x0((2, 3)), grads=g, backend="fused")
    assert str(got.value) == str(ref.value)


def test_overflow_is_the_reference_error():
    g = torch.ones(3, 6, 2, 2, dtype=F64)
    g[1, 2, 1, 1] = 1e200
    with pytest.raises(AdaproofInputError) as ref:
        run(AdafactorPaper(), torch.zeros(3, 2, 2, dtype=F64), grads=g, backend="torch")
    with pytest.raises(AdaproofInputError) as got:
        run(AdafactorPaper(), torch.zeros(3, 2, 2, dtype=F64), grads=g, backend="fused")
    assert str(got.value) == str(ref.value)
