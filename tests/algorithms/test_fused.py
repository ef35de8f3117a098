"""The fused backend (adaproof.algorithms.fused) against the torch reference path.

Bound asserted: for every element of the iterates and of every record,
``|fused - torch| <= 8 ulp * scale`` where ``scale`` is the largest ``|torch value|`` of that
(candidate, coordinate) over the trajectory (the smallest normal double when that is 0), and
1 ulp = 2^-52.  The kernels reproduce torch's operation order (torch's fma in lerp/addcmul/add),
so the difference is 0 on the small cases; on larger tensors torch's vectorised sqrt (Sleef, not
correctly rounded) differs by 1 ulp now and then and the measured maximum is 1.6 ulp (x), 1.6
(step_size, denom).  The update record x_t - x_{t-1} is a subtraction: its scale includes x's.
A different formula (a wrong β, a missing bias correction or ε on the wrong side of the root) is
off by far more than 8 ulp.

Also: the overflow of the state (gradients near 1e200: g² = inf) raises an error naming the step,
candidate and coordinate on both paths; the backend switch; record selection; no copy of grads.
"""
import os

import numpy as np
import pytest
import torch

from adaproof import AdaproofInputError
from adaproof.algorithms import fused, run
from adaproof.algorithms.adagrad_aniso import AdaGradAniso, SGDAniso
from adaproof.algorithms.adagrad_aniso.projection import Box, L2Ball, LinfBall
from adaproof.algorithms.adam_complexity import AdamComplexity
from adaproof.algorithms.adam_linf import AdamLinf, RMSPropLinf, SGDMomentum, SignGD
from adaproof.algorithms.practical import Adagrad, Adam, AdamW, RMSprop

pytestmark = pytest.mark.skipif(not fused.numba_available(), reason="numba not installed")

F64 = torch.float64
ULP = 2.0 ** -52
B, T, D = 5, 40, 3


def _grads(kind, seed=0, b=B, steps=T, d=D):
    gen = torch.Generator().manual_seed(seed)
    g = torch.randn((b, steps, d), generator=gen, dtype=F64)
    g = g * torch.exp(2 * torch.randn((b, steps, 1), generator=gen, dtype=F64))
    if kind == "zeros":  # exact zeros sprinkled in (whole steps and single entries)
        g[:, 3] = 0.0
        g[g.abs() < 0.3] = 0.0
    elif kind == "huge":
        g = g * 1e150
    elif kind == "tiny":
        g = g * 1e-300
    elif kind == "mixed":  # candidate-wise scales from 1e-300 to 1e150
        g = g * torch.tensor([1e-300, 1e-150, 1.0, 1e100, 1e150], dtype=F64)[:b].reshape(-1, 1, 1)
    return g


def _pc(*vals):
    """A per-candidate (B,) tensor cycling through vals."""
    return torch.tensor([vals[i % len(vals)] for i in range(B)], dtype=F64)


CASES = {
    "linf-default": lambda: AdamLinf(),
    "linf-ends": lambda: AdamLinf(lr=0.1, beta1=0.0, beta2=1.0, v0=1.0),
    "linf-near1": lambda: AdamLinf(lr=0.1, beta1=1 - 1e-9, beta2=0.0, eps=1e-3),
    "linf-per-candidate": lambda: AdamLinf(lr=_pc(1e-3, 0.1, 1.0), beta1=_pc(0.0, 0.5, 0.99),
                                           beta2=_pc(0.0, 0.999, 1.0), eps=_pc(0.0, 1e-8),
                                           v0=_pc(1.0, 1e-8, 0.5),
                                           m0=torch.linspace(-1, 1, D, dtype=F64)),
    "linf-schedule": lambda: AdamLinf(lr=lambda t: 0.1 / t ** 0.5, eps=1e-12),
    "linf-tensor-schedule": lambda: AdamLinf(lr=lambda t: _pc(0.1, 0.2) / t),
    "rmsprop-linf": lambda: RMSPropLinf(lr=0.05, beta2=0.9, v0=1e-4),
    "signgd": lambda: SignGD(lr=_pc(0.1, 0.3)),
    "signgd-schedule": lambda: SignGD(lr=lambda t: 1.0 / t),
    "momentum": lambda: SGDMomentum(lr=0.01, momentum=0.9),
    "momentum-ends": lambda: SGDMomentum(lr=1.0, momentum=0.0),
    "momentum-tensors": lambda: SGDMomentum(lr=_pc(0.01, 0.1, 1.0), momentum=_pc(0.0, 0.5, 1 - 1e-9)),
    "momentum-schedule": lambda: SGDMomentum(lr=lambda t: _pc(0.1, 0.2) / t, momentum=0.99),
    "complexity": lambda: AdamComplexity(lr=0.01, beta1=0.9, beta2=0.999, nu0=1e-6),
    "complexity-tensors": lambda: AdamComplexity(lr=_pc(0.01, 0.1), beta1=_pc(0.0, 0.9),
                                                 beta2=_pc(1e-9, 0.5, 1 - 1e-9),
                                                 nu0=torch.linspace(0.1, 1, D, dtype=F64)),
    "adam-default": lambda: Adam(),
    "adam-amsgrad-max": lambda: Adam(lr=0.1, amsgrad=True, maximize=True),
    "adam-wd": lambda: Adam(lr=0.01, weight_decay=0.1),
    "adam-wd-tensor": lambda: Adam(lr=0.01, weight_decay=_pc(0.0, 0.1, 2.0)),
    "adam-ends": lambda: Adam(lr=0.01, betas=(0.0, 0.0), eps=1e-3),
    "adam-near1": lambda: Adam(lr=0.01, betas=(1 - 1e-9, 1 - 1e-9)),
    "adam-tensors": lambda: Adam(lr=_pc(1e-3, 0.1), beta1=_pc(0.0, 0.6, 0.9),
                                 beta2=_pc(0.0, 0.999), eps=_pc(1e-8, 1.0), amsgrad=True),
    "adam-schedule": lambda: Adam(lr=lambda t: 0.1 / t),
    "adamw": lambda: AdamW(lr=0.01),
    "adamw-tensors": lambda: AdamW(lr=_pc(0.01, 0.1), weight_decay=_pc(0.0, 0.5),
                                   betas=(0.5, 0.9), amsgrad=True),
    "rmsprop-default": lambda: RMSprop(),
    "rmsprop-options": lambda: RMSprop(lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.1,
                                       momentum=0.9, centered=True, maximize=True),
    "rmsprop-centered": lambda: RMSprop(lr=0.01, alpha=0.3, centered=True),
    "rmsprop-ends": lambda: RMSprop(lr=0.01, alpha=0.0, eps=1e-3, momentum=0.5),
    "rmsprop-alpha1": lambda: RMSprop(lr=1e-3, alpha=1.0, eps=1.0),
    "rmsprop-tensors": lambda: RMSprop(lr=_pc(1e-3, 0.1), alpha=_pc(0.0, 0.9, 0.99),
                                       eps=_pc(1e-8, 1.0), weight_decay=_pc(0.0, 0.1, 2.0),
                                       momentum=_pc(0.0, 0.9), centered=True),
    "rmsprop-schedule": lambda: RMSprop(lr=lambda t: 0.1 / t, momentum=0.5),
    "rmsprop-tensor-schedule": lambda: RMSprop(lr=lambda t: _pc(0.1, 0.2) / t,
                                               momentum=_pc(0.0, 0.5)),
    "aniso-adagrad": lambda: AdaGradAniso(lr=0.1),
    "aniso-adagrad-box": lambda: AdaGradAniso(lr=0.5, eps=1e-3, domain=Box(-0.2, 0.3)),
    "aniso-adagrad-linf": lambda: AdaGradAniso(lr=_pc(0.1, 1.0),
                                               domain=LinfBall(0.1, _pc(0.05, 1.0))),
    "aniso-adagrad-schedule": lambda: AdaGradAniso(lr=lambda t: _pc(0.1, 0.3) / t ** 0.5,
                                                   eps=2.0 ** -500),
    "aniso-sgd": lambda: SGDAniso(lr=0.01),
    "aniso-sgd-box": lambda: SGDAniso(lr=_pc(0.01, 0.5), domain=Box(torch.linspace(-1, 0, D,
                                                                                  dtype=F64), 1.0)),
    "aniso-sgd-schedule": lambda: SGDAniso(lr=lambda t: 1.0 / t, domain=LinfBall(0.0, 0.5)),
    "adagrad-default": lambda: Adagrad(),
    "adagrad-options": lambda: Adagrad(lr=0.1, lr_decay=0.01, weight_decay=0.1,
                                       initial_accumulator_value=0.5, eps=1e-6, maximize=True),
    "adagrad-ends": lambda: Adagrad(lr=0.0, eps=0.0, initial_accumulator_value=1e-300),
    "adagrad-tensors": lambda: Adagrad(lr=_pc(1e-3, 0.1, 1.0), lr_decay=_pc(0.0, 0.5),
                                       weight_decay=_pc(0.0, 0.1, 2.0),
                                       initial_accumulator_value=_pc(0.0, 1.0), eps=_pc(1e-10, 1.0)),
    "adagrad-decay-tensor": lambda: Adagrad(lr=0.1, lr_decay=_pc(0.0, 0.5, 1e3)),
    "adagrad-schedule": lambda: Adagrad(lr=lambda t: 0.1 / t, lr_decay=0.1),
    "adagrad-tensor-schedule": lambda: Adagrad(lr=lambda t: _pc(0.1, 0.2) / t, eps=0.0,
                                               initial_accumulator_value=1.0),
}
GRADS = ["normal", "zeros", "huge", "tiny", "mixed"]


def _assert_close(ref, got, what, also=None):
    """``also``: a second scale (the update x_t - x_{t-1} is computed by a subtraction, so its
    rounding is relative to x, not to the update)."""
    assert ref.shape == got.shape, what
    scale = ref.abs().amax(dim=1, keepdim=True).clamp_min(torch.finfo(F64).tiny)
    if also is not None:
        scale = torch.maximum(scale, also.abs().amax(dim=1, keepdim=True))
    err = ((got - ref).abs() / scale).max().item()
    assert err <= 8 * ULP, f"{what}: {err / ULP:.1f} ulp of the scale"


def _both(alg_fn, g, **kw):
    ref = run(alg_fn(), grads=g, backend="torch", **kw)
    got = run(alg_fn(), grads=g, backend="fused", **kw)
    return ref, got


@pytest.mark.parametrize("gk", GRADS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_fused_equals_torch_reference(name, gk):
    g = _grads(gk)
    try:
        ref = run(CASES[name](), grads=g, backend="torch")
    except AdaproofInputError as exc:
        # the reference rejects the input (a zero denominator, overflow): the fused path must too
        with pytest.raises(AdaproofInputError) as info:
            run(CASES[name](), grads=g, backend="fused")
        assert str(info.value) == str(exc)
        return
    got = run(CASES[name](), grads=g, backend="fused")
    assert got.g is g  # no copy
    assert set(got.records) == set(ref.records)
    assert list(got.records) == list(ref.records)
    _assert_close(ref.x, got.x, f"{name}/{gk}: x")
    for k in ref.records:
        _assert_close(ref[k], got[k], f"{name}/{gk}: {k}", ref.x[:, 1:] if k == "update" else None)
    for k in ref.initial:
        assert torch.equal(ref.initial[k], got.initial[k])
        assert torch.equal(ref.series(k)[:, 0], got.series(k)[:, 0])
        _assert_close(ref.series(k), got.series(k), f"{name}/{gk}: series {k}")


@pytest.mark.parametrize("alg", [lambda: Adam(lr=0.01, amsgrad=True),
                                 lambda: Adagrad(lr=0.1, lr_decay=0.01),
                                 lambda: AdamLinf(lr=0.01, eps=1e-8),
                                 lambda: AdamComplexity(lr=0.01, beta1=0.9)])
def test_fused_on_a_large_batch(alg):
    """At 64 x 7 coordinates torch's vectorised sqrt (not correctly rounded: 53 of 4096 random
    inputs differ from the IEEE square root by 1 ulp on this CPU) enters: no longer bitwise,
    still within the bound."""
    g = _grads("normal", seed=3, b=64, steps=200, d=7)
    ref, got = _both(alg, g)
    _assert_close(ref.x, got.x, "x")
    for k in ref.records:
        _assert_close(ref[k], got[k], k, ref.x[:, 1:] if k == "update" else None)


def test_parameter_shapes_and_record_selection():
    g = torch.randn(3, 6, 2, 4, dtype=F64)
    ref, got = _both(lambda: Adam(lr=0.1), g, record=("v", "update"))
    assert set(got.records) == {"v", "update"} and got["v"].shape == (3, 6, 2, 4)
    _assert_close(ref.x, got.x, "x")
    _assert_close(ref["v"], got["v"], "v")
    lean = run(Adam(lr=0.1), grads=g, record=(), backend="fused")
    assert lean.records == {} and lean.x.shape == (3, 7, 2, 4)
    assert torch.equal(lean.x, got.x)  # records do not change the iterates


@pytest.mark.parametrize("make", [lambda h: AdamLinf(beta2=h), lambda h: Adam(lr=h),
                                  lambda h: Adagrad(lr_decay=h), lambda h: SGDMomentum(momentum=h),
                                  lambda h: RMSprop(alpha=h), lambda h: AdaGradAniso(lr=h)])
def test_per_candidate_length_mismatch_is_the_reference_error(make):
    """A (2,) hyperparameter for 3 candidates: the kernels index it by candidate, so the fused
    path must raise the torch path's error instead of reading past its end."""
    g = torch.ones(3, 2, 1, dtype=F64)
    h = torch.tensor([0.5, 0.6], dtype=F64)
    with pytest.raises(AdaproofInputError, match="has 2 per-candidate entries") as ref:
        run(make(h), grads=g, backend="torch")
    with pytest.raises(AdaproofInputError) as got:
        run(make(h), grads=g, backend="fused")
    assert str(got.value) == str(ref.value)


def test_noncontiguous_grads_and_x0():
    g = torch.randn(6, 4, 5, dtype=F64).transpose(0, 2)  # (5, 4, 6), non-contiguous
    x0 = torch.randn(6, 5, dtype=F64).t()
    ref, got = _both(lambda: AdamLinf(lr=0.1), g, x0=x0)
    assert got.g is g
    _assert_close(ref.x, got.x, "x")
    _assert_close(ref["update"], got["update"], "update", ref.x[:, 1:])


def test_backend_switch_and_reasons(monkeypatch):
    g = torch.randn(2, 3, 2, dtype=F64)
    # auto picks the fused path for a fusable run
    assert fused.fusable(Adam(), torch.zeros(2, 2, dtype=F64), g, False) is None
    # forced fused on what cannot be fused: a clear error saying why
    from adaproof.algorithms.practical import TorchAdafactor  # (no fused kernel)
    with pytest.raises(AdaproofInputError, match="TorchAdafactor has no fused kernel"):
        run(TorchAdafactor(), grads=g, backend="fused")
    with pytest.raises(AdaproofInputError, match="keep_graph"):
        run(Adam(), grads=g, backend="fused", keep_graph=True)
    with pytest.raises(AdaproofInputError, match="L2Ball is not fused"):
        run(AdaGradAniso(domain=L2Ball(0.0, 1.0)), grads=g, backend="fused")
    with pytest.raises(AdaproofInputError, match="float64"):
        run(Adam(), grads=g.float(), backend="fused")
    with pytest.raises(AdaproofInputError, match="closed-loop"):
        run(Adam(), torch.zeros(2, 2, dtype=F64), oracle=lambda x, t: x, T=2, backend="fused")
    with pytest.raises(AdaproofInputError, match="backend must be one of"):
        run(Adam(), grads=g, backend="gpu")
    monkeypatch.setenv("ADAPROOF_BACKEND", "fast")
    with pytest.raises(AdaproofInputError, match="ADAPROOF_BACKEND"):
        run(Adam(), grads=g)
    monkeypatch.setenv("ADAPROOF_BACKEND", "fused")
    with pytest.raises(AdaproofInputError, match="no fused kernel"):
        run(TorchAdafactor(), grads=g)
    monkeypatch.setenv("ADAPROOF_BACKEND", "torch")
    calls = []
    monkeypatch.setattr(fused, "run_fused", lambda *a, **k: calls.append(1))
    run(Adam(), grads=g)
    assert calls == []
    monkeypatch.setenv("ADAPROOF_BACKEND", "auto")
    run(Adam(), grads=g)  # auto went to the (patched) fused path, which declined (None)
    assert calls == [1]
    # autograd inputs are never fused under auto
    gg = g.clone().requires_grad_(True)
    traj = run(Adam(), grads=gg)
    assert calls == [1] and traj.x.shape == (2, 4, 2)


# -- state overflow ----------------------------------------------------------------------------
OVERFLOWING = {
    "AdamLinf": lambda: AdamLinf(lr=0.1),
    "AdamComplexity": lambda: AdamComplexity(lr=0.1),
    "Adam": lambda: Adam(lr=0.1),
    "Adagrad": lambda: Adagrad(lr=0.1),
}


@pytest.mark.parametrize("backend", ["torch", "fused"])
@pytest.mark.parametrize("name", sorted(OVERFLOWING))
def test_state_overflow_is_an_error_naming_step_and_coordinate(name, backend):
    g = torch.ones(3, 6, 4, dtype=F64)
    g[1, 2, 3] = 1e200  # step t = 3, candidate 1, coordinate 3: g² = inf
    with pytest.raises(AdaproofInputError) as info:
        run(OVERFLOWING[name](), grads=g, backend=backend)
    msg = str(info.value)
    assert "t=3" in msg and "(1, 3)" in msg and "candidate 1" in msg, msg
    assert name in msg and "overflow" in msg
    # without the check the values go through as torch computes them (the silent 0 update)
    if name == "AdamLinf":  # its own guard on v_t + eps (finite and > 0) stays on
        with pytest.raises(AdaproofInputError, match="overflow"):
            run(OVERFLOWING[name](), grads=g, backend=backend, check_state=False)
    else:
        traj = run(OVERFLOWING[name](), grads=g, backend=backend, check_state=False)
        vkey = {"AdamComplexity": "nu", "Adagrad": "sum"}.get(name, "v")
        assert torch.isinf(traj[vkey][1, 2, 3])
        assert traj["update"][1, 2, 3] == 0  # what the check prevents from passing silently
    # 1e150 is fine: g² = 1e300 is finite
    g[1, 2, 3] = 1e150
    run(OVERFLOWING[name](), grads=g, backend=backend)


@pytest.mark.parametrize("backend", ["torch", "fused"])
def test_state_overflow_names_the_first_step_not_a_later_consequence(backend):
    """β2 = 0: v_2 = inf, then v_3 = 0·inf = NaN; the error names step 2."""
    g = torch.ones(2, 5, 3, dtype=F64)
    g[0, 1, 2] = 1e200
    with pytest.raises(AdaproofInputError, match=r"t=2.*\(0, 2\)"):
        run(AdamLinf(lr=0.1, beta1=0.0, beta2=0.0, v0=1.0), grads=g, backend=backend)


def test_practical_adam_zero_eps_nan_is_an_error_on_both_paths():
    """eps = 0 and a coordinate whose gradient is 0 from the start: 0/0 in torch.optim.Adam."""
    g = torch.ones(2, 4, 3, dtype=F64)
    g[1, :, 0] = 0.0
    for backend in ("torch", "fused"):
        with pytest.raises(AdaproofInputError, match=r"t=1.*candidate 1"):
            run(Adam(eps=0.0), grads=g, backend=backend)


# -- practical Adam's element-major kernel (SIMD across candidates x coordinates, d < 8) -------
STAGED = {
    "default": lambda: Adam(lr=0.01),
    "ends": lambda: Adam(lr=0.01, betas=(0.0, 0.0), eps=1e-3),       # lerp's other branch
    "near1": lambda: Adam(lr=0.01, betas=(1 - 1e-9, 1 - 1e-9)),
    "beta1-near1-beta2-0": lambda: Adam(lr=0.01, betas=(1 - 1e-12, 0.0)),
    "maximize-schedule": lambda: Adam(lr=lambda t: 0.1 / t, maximize=True),
    "beta2-0dim-tensor": lambda: Adam(lr=0.01, beta2=torch.tensor(0.99, dtype=F64)),
}


@pytest.fixture
def staged_calls(monkeypatch):
    from adaproof.algorithms.fused import _cpu
    calls = []
    kern = _cpu.practical_adam_staged

    def spy(*a):
        calls.append(a[0].shape)
        return kern(*a)
    monkeypatch.setattr(_cpu, "practical_adam_staged", spy)
    return calls


@pytest.mark.parametrize("iterates", ["all", "final"])
@pytest.mark.parametrize("gk", GRADS)
@pytest.mark.parametrize("name", sorted(STAGED))
def test_staged_adam_equals_torch_and_the_row_kernel_bitwise(name, gk, iterates, staged_calls,
                                                             monkeypatch):
    """record=() at d < 8 takes the element-major kernel: within 8 ulp of the torch reference,
    and bitwise the row kernel's values (the same operations per element, in the same order).
    37 candidates of 5 coordinates over 70 steps: a partial chunk and a partial tile."""
    if gk == "mixed":  # candidate-wise scales from 1e-300 to 1e150
        g = _grads("normal", b=37, steps=70, d=5)
        g = g * torch.logspace(-300, 150, 37, dtype=F64).reshape(-1, 1, 1)
    else:
        g = _grads(gk, b=37, steps=70, d=5)
    try:
        ref = run(STAGED[name](), grads=g, record=(), backend="torch", iterates=iterates)
    except AdaproofInputError as exc:
        with pytest.raises(AdaproofInputError) as info:
            run(STAGED[name](), grads=g, record=(), backend="fused", iterates=iterates)
        assert str(info.value) == str(exc)
        return
    got = run(STAGED[name](), grads=g, record=(), backend="fused", iterates=iterates)
    assert staged_calls == [(37, 70, 5)]
    # x_T's rounding is relative to the trajectory it went through (x_T may be small where the
    # iterates were large): the scale includes every iterate of the reference
    traj = run(STAGED[name](), grads=g, record=(), backend="torch").x
    _assert_close(ref.x, got.x, f"{name}/{gk}: x", traj)
    monkeypatch.setattr(fused, "STAGED_BELOW_D", 0)  # the row kernel
    row = run(STAGED[name](), grads=g, record=(), backend="fused", iterates=iterates)
    assert len(staged_calls) == 1
    assert torch.equal(row.x, got.x)


@pytest.mark.parametrize("d", [1, 2, 3, 4, 6, 7])
def test_staged_adam_every_small_d_is_the_row_kernel_bitwise(d, staged_calls, monkeypatch):
    """Each d < 8 has its own vector move of a candidate's d gradients into the tile (and of
    the iterates back): every iterate and the final one equal the row kernel's bit for bit,
    with a partial chunk (19 candidates) and a partial tile (45 steps)."""
    g = _grads("normal", b=19, steps=45, d=d) * torch.logspace(-3, 3, 19, dtype=F64).reshape(-1, 1, 1)
    alg = lambda: Adam(lr=0.01, betas=(0.5, 0.9))  # noqa: E731
    got = {it: run(alg(), grads=g, record=(), backend="fused", iterates=it).x
           for it in ("all", "final")}
    assert staged_calls == [(19, 45, d)] * 2
    monkeypatch.setattr(fused, "STAGED_BELOW_D", 0)  # the row kernel
    for it in ("all", "final"):
        assert torch.equal(run(alg(), grads=g, record=(), backend="fused", iterates=it).x,
                           got[it]), it
    assert torch.equal(got["all"][:, [0, -1]], got["final"])
    ref = run(alg(), grads=g, record=(), backend="torch").x
    _assert_close(ref, got["all"], f"d={d}: x", ref)


def test_staged_adam_is_not_taken_where_it_does_not_apply(staged_calls):
    g = _grads("normal", b=6, steps=9, d=4)
    run(Adam(), grads=g, backend="fused")                                   # records asked
    run(Adam(weight_decay=0.1), grads=g, record=(), backend="fused")         # L2 term
    run(Adam(amsgrad=True), grads=g, record=(), backend="fused")
    run(Adam(beta1=torch.linspace(0, 0.9, 6, dtype=F64)), grads=g, record=(), backend="fused")
    run(Adam(), grads=_grads("normal", b=6, steps=9, d=8), record=(), backend="fused")  # d >= 8
    assert staged_calls == []
    run(Adam(), grads=g, record=(), backend="fused")
    assert staged_calls == [(6, 9, 4)]


def test_staged_adam_overflow_is_the_reference_error():
    g = torch.ones(20, 6, 3, dtype=F64)
    g[17, 2, 1] = 1e200
    with pytest.raises(AdaproofInputError) as ref:
        run(Adam(lr=0.1), grads=g, record=(), backend="torch")
    with pytest.raises(AdaproofInputError) as got:
        run(Adam(lr=0.1), grads=g, record=(), backend="fused", iterates="final")
    assert str(got.value) == str(ref.value) and "candidate 17" in str(got.value)


# -- non-finite gradients: the Adam family's kernels detect them (run() skips its upfront pass) --
NONFINITE = {
    "adam": lambda: Adam(lr=0.01),
    "adam-beta1-0-max": lambda: Adam(lr=0.01, betas=(0.0, 0.0), maximize=True),
    "adam-beta1-near1": lambda: Adam(lr=0.01, betas=(1 - 1e-12, 1 - 1e-12)),
    "adam-options": lambda: Adam(lr=0.01, weight_decay=0.1, amsgrad=True),
    "adamw": lambda: AdamW(lr=0.01, betas=(1 - 1e-9, 0.5)),
    "adam-tensors": lambda: Adam(lr=_pc(0.01, 0.1), beta1=_pc(0.0, 0.9), beta2=_pc(0.0, 0.999)),
    "linf": lambda: AdamLinf(lr=0.1, beta1=1 - 1e-9, beta2=1.0, v0=1.0),
    "linf-ends": lambda: AdamLinf(lr=0.1, beta1=0.0, beta2=0.0, eps=1e-3),
    "rmsprop-linf": lambda: RMSPropLinf(lr=0.05),
    "complexity": lambda: AdamComplexity(lr=0.01, beta1=0.9, beta2=0.999, nu0=1e-6),
}


@pytest.mark.parametrize("name", sorted(NONFINITE))
def test_nonfinite_gradient_is_the_reference_error_without_the_upfront_pass(name, monkeypatch):
    from adaproof.algorithms import _core
    assert _core._fused_checks_grads(NONFINITE[name]())
    calls = []
    real = _core._check_grads_finite
    monkeypatch.setattr(_core, "_check_grads_finite", lambda a: (calls.append(1), real(a))[1])
    cases = [((0, 0, 0), float("inf")), ((3, 17, 2), float("-inf")), ((4, 39, 1), float("nan")),
             ((2, 39, 0), float("inf"))]  # the first and the last step
    for where, value in cases:
        g = _grads("normal")
        g[where] = value
        with pytest.raises(AdaproofInputError) as ref:
            run(NONFINITE[name](), grads=g, backend="torch")
        assert "grads" in str(ref.value)
        for kw in (dict(), dict(record=()), dict(record=(), iterates="final"),
                   dict(check_state=False)):
            with pytest.raises(AdaproofInputError) as got:
                run(NONFINITE[name](), grads=g, backend="fused", **kw)
            assert str(got.value) == str(ref.value), (where, value, kw)
    calls.clear()
    run(NONFINITE[name](), grads=_grads("normal"), backend="fused", record=())
    assert calls == []  # finite gradients: no upfront pass over grads


def test_other_algorithms_keep_the_upfront_gradient_check():
    from adaproof.algorithms import _core
    for alg in (SignGD(), Adagrad(), RMSprop(), SGDMomentum(), AdaGradAniso()):
        assert not _core._fused_checks_grads(alg)
    g = _grads("normal")
    g[1, 2, 0] = float("inf")  # sign(inf) = 1: SignGD's iterate would stay finite
    with pytest.raises(AdaproofInputError, match="grads"):
        run(SignGD(lr=0.1), grads=g, backend="fused")
