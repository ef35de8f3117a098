"""run()'s per-call glue on the fused path (issue 11): the cached bias-correction tables of
practical Adam equal freshly computed ones bitwise, a schedule or a tensor hyperparameter
bypasses the cache, the default x0 (zeros, checks skipped) gives the same run as an explicit
one, plain numpy output buffers give the same run as torch-backed ones, and bad inputs still
raise errors naming the parameter."""
import numpy as np
import pytest
import torch

from adaproof import AdaproofInputError
from adaproof.algorithms import fused, run
from adaproof.algorithms.practical import Adam, AdamW

F64 = torch.float64
pytestmark = pytest.mark.skipif(not fused.numba_available(), reason="numba not installed")


def _g(shape=(5, 11, 3), seed=0, scale=1.0):
    return scale * torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=F64)


@pytest.mark.parametrize("make", [
    lambda: Adam(lr=0.1),
    lambda: Adam(lr=3e-4, betas=(0.5, 0.9), weight_decay=0.25),
    lambda: AdamW(lr=0.02, betas=(0.8, 0.99), weight_decay=0.1),
    lambda: Adam(lr=1, betas=(0, 0.5)),  # integral values: keyed as floats
])
def test_cached_tables_equal_fresh(make):
    alg = make()
    x0 = torch.zeros(5, 3, dtype=F64)
    for T in (1, 7, 300):
        cached = fused._adam_tables(alg, x0, T)
        again = fused._adam_tables(alg, x0, T)
        fresh = fused._adam_tables_fresh(alg, x0, T)
        assert set(cached) == set(fresh)
        for k, v in fresh.items():
            if isinstance(v, np.ndarray):
                assert cached[k].dtype == v.dtype and cached[k].shape == v.shape, k
                assert np.array_equal(cached[k], v) and cached[k].tobytes() == v.tobytes(), k
                assert again[k] is cached[k], k  # served from the cache
            else:
                assert cached[k] == v, k


def test_a_run_leaves_the_shared_cached_tables_untouched():
    """The cached arrays are shared by every later run with the same hyperparameters (writable,
    so that numba keeps one signature): a kernel writing into one would corrupt them all."""
    alg = Adam(lr=0.1, betas=(0.9, 0.99), weight_decay=0.01)
    g = _g()
    x0 = torch.zeros(g.shape[0], *g.shape[2:], dtype=F64)
    cached = fused._adam_tables(alg, x0, g.shape[1])
    snapshot = {k: v.copy() for k, v in cached.items() if isinstance(v, np.ndarray)}
    for iterates in ("all", "final"):
        run(alg, grads=g, backend="fused", iterates=iterates)
    for k, v in snapshot.items():
        assert cached[k].tobytes() == v.tobytes(), k
    fresh = fused._adam_tables_fresh(alg, x0, g.shape[1])
    assert all(fresh[k].tobytes() == v.tobytes() for k, v in snapshot.items())


def test_cache_keyed_by_every_value():
    x0 = torch.zeros(2, 3, dtype=F64)
    a = fused._adam_tables(Adam(lr=0.1, betas=(0.9, 0.999)), x0, 20)
    for other in (Adam(lr=0.2, betas=(0.9, 0.999)), Adam(lr=0.1, betas=(0.8, 0.999)),
                  Adam(lr=0.1, betas=(0.9, 0.99)), Adam(lr=0.1, weight_decay=0.5)):
        b = fused._adam_tables(other, x0, 20)
        assert any(not np.array_equal(a[k], b[k]) for k in ("step", "bc2s", "dec"))
    assert fused._adam_tables(Adam(lr=0.1), x0, 21)["step"].shape == (1, 21)


def test_schedule_and_tensor_hyper_bypass_cache():
    x0 = torch.zeros(3, 2, dtype=F64)
    assert fused._real_key(Adam(lr=lambda t: 0.1 / t).hyper,
                           ("lr", "beta1", "beta2", "weight_decay")) is None
    lr = torch.tensor([0.1, 0.2, 0.3], dtype=F64)
    assert fused._real_key(Adam(lr=lr).hyper, ("lr", "beta1", "beta2", "weight_decay")) is None
    tab = fused._adam_tables(Adam(lr=lr), x0, 4)
    assert tab["step"].shape == (3, 4)
    sched = fused._adam_tables(Adam(lr=lambda t: 0.1 / t), x0, 4)
    assert np.array_equal(sched["lr"][0], [0.1 / t for t in range(1, 5)])


@pytest.mark.parametrize("iterates", ["final", "all"])
@pytest.mark.parametrize("record", [(), None])
def test_default_x0_same_as_explicit(iterates, record):
    g = _g()
    alg = Adam(lr=0.05, amsgrad=record is None)
    a = run(alg, grads=g, record=record, backend="fused", iterates=iterates)
    b = run(alg, torch.zeros(5, 3, dtype=F64), g, record=record, backend="fused",
            iterates=iterates)
    c = run(alg, grads=g, record=record, backend="torch", iterates=iterates)
    assert torch.equal(a.x, b.x) and torch.equal(a.x, c.x)
    assert set(a.records) == set(b.records)
    for k in a.records:
        assert torch.equal(a.records[k], b.records[k]), k


def test_numpy_buffers_same_as_torch_buffers(monkeypatch):
    g = _g((4, 30, 5), seed=3)
    alg = Adam(lr=0.01, weight_decay=0.1)
    small = run(alg, grads=g, backend="fused")
    monkeypatch.setattr(fused, "_SMALL_ELEMS", 0)  # every buffer through _core._empty
    big = run(alg, grads=g, backend="fused")
    assert torch.equal(small.x, big.x)
    for k in small.records:
        assert torch.equal(small.records[k], big.records[k]), k


def test_bad_inputs_still_name_the_parameter():
    g = _g()
    with pytest.raises(AdaproofInputError, match="x0"):
        run(Adam(lr=0.1), torch.full((5, 3), float("nan"), dtype=F64), g, backend="fused")
    with pytest.raises(AdaproofInputError, match="does not match x0"):
        run(Adam(lr=0.1), torch.zeros(5, 4, dtype=F64), g, backend="fused")
    with pytest.raises(AdaproofInputError, match="dtype"):
        run(Adam(lr=0.1), torch.zeros(5, 3, dtype=torch.float32), g, backend="fused")
    bad = g.clone()
    bad[2, 4, 1] = float("inf")
    with pytest.raises(AdaproofInputError, match="grads") as e:
        run(Adam(lr=0.1), grads=bad, backend="fused", iterates="final")
    assert "entry (2, 4, 1) is inf" in str(e.value)
