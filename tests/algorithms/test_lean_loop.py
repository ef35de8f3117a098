"""practical Adam/AdamW's own run() loop (``lean_loop``: real hyperparameters, open loop) must
give bitwise the results of the step-by-step reference loop, and its once-per-run state check
must still name the first step and coordinate of a state overflow, including an overflow that
lasts one step (β2 = 0 resets v)."""
import pytest
import torch

from adaproof._validation import AdaproofInputError
from adaproof.algorithms import run
from adaproof.algorithms._core import _all_finite, _check_grads_finite, _run_torch
from adaproof.algorithms.practical import Adam, AdamW

OPTIONS = [dict(), dict(amsgrad=True), dict(maximize=True), dict(weight_decay=0.1),
           dict(weight_decay=0.1, amsgrad=True, maximize=True), dict(betas=(0.0, 0.0)),
           dict(lr=0.5, betas=(0.5, 0.9), eps=1e-3)]


@pytest.mark.parametrize("cls", [Adam, AdamW])
@pytest.mark.parametrize("opts", OPTIONS)
@pytest.mark.parametrize("record", [(), None, ("m_hat", "update")])
def test_lean_loop_bitwise_equals_step_loop(cls, opts, record):
    torch.manual_seed(3)
    g = torch.randn(9, 23, 5, dtype=torch.float64) * torch.logspace(-4, 4, 5, dtype=torch.float64)
    g[0, :4] = 0
    x0 = torch.randn(9, 5, dtype=torch.float64)
    alg = cls(**opts)
    assert alg.lean_loop is not None
    lean = _run_torch(alg, x0, g, None, 23, record, False, True)
    ref = _run_torch(alg, x0, g, None, 23, record, False, True, locate=True)  # step by step
    assert torch.equal(lean.x, ref.x)
    assert sorted(lean.keys()) == sorted(ref.keys())
    for k in ref.keys():
        assert torch.equal(lean[k], ref[k]), k


@pytest.mark.parametrize("betas", [(0.9, 0.0), (0.0, 0.0), (0.9, 0.999)])
def test_lean_loop_overflow_names_first_step(betas):
    g = torch.randn(4, 20, 3, dtype=torch.float64)
    g[2, 6, 1] = 1e200
    g[1, 9, 0] = -1e170
    with pytest.raises(AdaproofInputError, match=r"t=7.*'v'.*index \(2, 1\)"):
        run(Adam(betas=betas, amsgrad=betas[0] == 0), grads=g, record=(), backend="torch")
    traj = run(Adam(betas=betas), grads=g, record=(), backend="torch", check_state=False)
    assert traj.x.shape == (4, 21, 3)


def test_a_subclass_overriding_step_is_run_by_its_step():
    class Halved(Adam):
        def step(self, state, g, t, want=None, out=None):
            return super().step(state, g / 2, t, want=want, out=out)

    g = torch.randn(3, 8, 2, dtype=torch.float64)
    assert Halved().lean_loop(torch.zeros(3, 2, dtype=torch.float64), g,
                              torch.empty(3, 9, 2, dtype=torch.float64), None, {}) is None
    a = run(Halved(), grads=g, record=(), backend="torch").x
    b = run(Adam(), grads=g / 2, record=(), backend="torch").x
    assert torch.equal(a, b)


def test_finite_checks_do_not_mistake_an_overflowing_sum_for_a_non_finite_entry():
    # the finiteness checks sum first; finite entries whose sum overflows must still pass
    big = torch.full((4, 6, 3), 1e308, dtype=torch.float64)
    assert _all_finite(big) and not bool(torch.isfinite(big.sum()))
    _check_grads_finite(big)
    x0 = torch.full((4, 3), 1e308, dtype=torch.float64)
    g = torch.randn(4, 6, 3, dtype=torch.float64)
    traj = run(Adam(lr=1e-3), x0, grads=g, record=(), backend="torch")  # X sums to inf
    assert bool(torch.isfinite(traj.x).all())
    for bad in (float("nan"), float("inf"), -float("inf")):
        b = big.clone()
        b[2, 4, 1] = bad
        assert not _all_finite(b)
        with pytest.raises(AdaproofInputError, match="grads"):
            run(Adam(), grads=b, record=(), backend="torch")
