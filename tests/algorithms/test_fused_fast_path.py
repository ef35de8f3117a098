"""run()'s fast path for practical Adam's common case (issue 11): ``fused.run_adam_fast`` takes
exactly the runs it says it takes, gives the general fused path's tensors bit for bit (and the
torch reference's to a few ulp), and leaves every other run, every bad input and every flagged
run to the general path, whose results and errors are unchanged."""
import math

import numpy as np
import pytest
import torch

from adaproof import AdaproofInputError
from adaproof.algorithms import fused, run
from adaproof.algorithms.practical import Adam, AdamW

F64 = torch.float64
pytestmark = pytest.mark.skipif(not fused.numba_available(), reason="numba not installed")


def _g(shape=(6, 40, 4), seed=0, scale=1.0):
    return scale * torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=F64)


def _general(alg, g, iterates):
    """The general fused path: an explicit x0 keeps run() off the fast path."""
    x0 = torch.zeros((g.shape[0],) + tuple(g.shape[2:]), dtype=F64)
    return run(alg, x0, g, record=(), backend="fused", iterates=iterates)


def _same_bits(a, b):
    return a.shape == b.shape and a.dtype == b.dtype and \
        a.contiguous().numpy().tobytes() == b.contiguous().numpy().tobytes()


@pytest.mark.parametrize("iterates", ["final", "all"])
@pytest.mark.parametrize("shape, alg", [
    ((6, 40, 4), lambda: Adam()),
    ((70, 33, 1), lambda: Adam(lr=0.3, betas=(0.0, 0.5), eps=0.0 + 1e-300)),
    ((5, 65, 7), lambda: Adam(lr=1e-2, betas=(0.99, 0.9999), maximize=True)),
    ((9, 17, 3), lambda: Adam(lr=0.05, betas=(0.6, 0.0))),  # beta1 >= 0.5: the other lerp form
    ((4, 12, 2, 3), lambda: Adam(lr=0.1)),  # (B, T, *shape) with two coordinate axes
    ((3, 1, 5), lambda: Adam(lr=0.1)),  # T = 1
])
def test_fast_path_bitwise_general_path(shape, alg, iterates):
    g = _g(shape, seed=len(shape) + shape[0])
    g[0, 0] = 0.0  # a zero gradient row
    a = alg()
    assert fused.run_adam_fast(a, g, iterates) is not None  # the fast path takes this run
    fast = run(a, grads=g, record=(), iterates=iterates)  # backend auto
    forced = run(a, grads=g, record=(), iterates=iterates, backend="fused")
    gen = _general(a, g, iterates)
    ref = run(a, grads=g, record=(), iterates=iterates, backend="torch")
    nx = 2 if iterates == "final" else shape[1] + 1
    assert fast.x.shape == (shape[0], nx) + tuple(shape[2:])
    assert _same_bits(fast.x, gen.x) and _same_bits(forced.x, gen.x)
    assert fast.g is g and fast.records == {} and fast.iterates == iterates
    assert fast.algorithm == gen.algorithm and fast.hyper == gen.hyper
    assert fast.hyper is not a.hyper
    assert set(fast.initial) == set(gen.initial) == {"m", "v"}
    for k in ("m", "v"):
        assert _same_bits(fast.initial[k], gen.initial[k]) and not fast.initial[k].any()
    fast.initial["m"].fill_(1.0)  # the initial states are separate tensors
    assert not fast.initial["v"].any() and not fast.x[:, 0].any()
    scale = ref.x.abs().amax().clamp_min(1e-300)
    assert ((fast.x - ref.x).abs().max() / scale).item() <= 8 * torch.finfo(F64).eps


@pytest.mark.parametrize("why, make", [
    ("weight decay", lambda g: (Adam(weight_decay=0.1), g)),
    ("amsgrad", lambda g: (Adam(amsgrad=True), g)),
    ("AdamW", lambda g: (AdamW(weight_decay=0.0), g)),
    ("d = 8", lambda g: (Adam(), _g((6, 40, 8)))),
    ("float32", lambda g: (Adam(), g.float())),
    ("non-contiguous", lambda g: (Adam(), g.transpose(0, 1).contiguous().transpose(0, 1))),
    ("requires_grad", lambda g: (Adam(), g.clone().requires_grad_(True))),
    ("tensor lr", lambda g: (Adam(lr=torch.full((6,), 0.1, dtype=F64)), g)),
    ("schedule", lambda g: (Adam(lr=lambda t: 0.1 / math.sqrt(t)), g)),
    ("a Parameter", lambda g: (Adam(), torch.nn.Parameter(g, requires_grad=False))),
    ("empty batch", lambda g: (Adam(), g[:0])),
])
def test_other_runs_left_to_the_general_path(why, make):
    alg, g = make(_g())
    assert fused.run_adam_fast(alg, g, "final") is None, why


def test_options_that_keep_run_off_the_fast_path(monkeypatch):
    g = _g()
    called = []
    real = fused.run_adam_fast
    monkeypatch.setattr(fused, "run_adam_fast", lambda *a: called.append(1) or real(*a))
    x0 = torch.zeros(6, 4, dtype=F64)
    run(Adam(), grads=g, record=(), iterates="final")
    assert called == [1]
    for kw in (dict(record=None), dict(record=[]), dict(record=("m",)), dict(backend="torch"),
               dict(T=40)):
        run(Adam(), grads=g, **{"iterates": "final", "record": (), **kw})
    run(Adam(), x0, g, record=())
    run(Adam(), x0, oracle=lambda x, t: x, T=3, record=())
    monkeypatch.setenv("ADAPROOF_BACKEND", "torch")
    run(Adam(), grads=g, record=())
    assert called == [1]


def test_flagged_runs_and_bad_inputs_go_through_the_general_path():
    g = _g()
    bad = g.clone()
    bad[2, 4, 1] = float("nan")
    assert fused.run_adam_fast(Adam(), bad, "final") is None  # the kernel flagged candidate 2
    with pytest.raises(AdaproofInputError, match="grads"):
        run(Adam(), grads=bad, record=(), iterates="final")
    huge = _g(scale=1e200)  # v = g² overflows: the reference's state error
    with pytest.raises(AdaproofInputError, match="overflow"):
        run(Adam(), grads=huge, record=(), iterates="final")
    let = run(Adam(), grads=huge, record=(), iterates="final", check_state=False)
    ref = run(Adam(), grads=huge, record=(), iterates="final", check_state=False,
              backend="torch")
    assert torch.equal(let.x.isnan(), ref.x.isnan())
    with pytest.raises(AdaproofInputError, match="backend"):
        run(Adam(), grads=g, record=(), backend="numba")
    with pytest.raises(AdaproofInputError, match="iterates"):
        run(Adam(), grads=g, record=(), iterates="last")
    with pytest.raises(AdaproofInputError, match="at least 3"):
        run(Adam(), grads=g[0], record=())
    with pytest.raises(AdaproofInputError, match="T >= 1"):
        run(Adam(), grads=g[:, :0], record=())
    with pytest.raises(AdaproofInputError, match="grads"):
        run(Adam(), grads=g.numpy(), record=())
    with pytest.raises(AdaproofInputError, match="exactly one"):
        run(Adam(), record=())


def test_fast_path_leaves_inputs_and_cached_tables_untouched():
    g = _g()
    before = g.clone()
    alg = Adam(lr=0.02)
    tab = fused._adam_tables_real(0.02, 0.9, 0.999, 0.0, g.shape[1])
    snap = {k: v.copy() for k, v in tab.items() if isinstance(v, np.ndarray)}
    run(alg, grads=g, record=(), iterates="final")
    assert torch.equal(g, before)
    assert all(tab[k].tobytes() == v.tobytes() for k, v in snap.items())
