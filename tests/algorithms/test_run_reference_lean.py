"""run()'s torch reference path for practical Adam (its lean loop) against a straightforward
re-implementation of the recurrence: the hand-written batched loop of in-place torch ops in
torch.optim's single-tensor order (the benchmark's naive loop).  Bitwise, for every iterate and for
the final one (``iterates="final"``: x updated in place in the loop's own inference-mode buffer),
and the checks the lean path moved to after the loop (the gradients' finiteness, the iterates'
finiteness read on x_T) must still raise the same errors."""
import pytest
import torch

from adaproof._validation import AdaproofInputError
from adaproof.algorithms import _core, run
from adaproof.algorithms.practical import Adam, AdamW

F64 = torch.float64

HYPERS = [dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8),
          dict(lr=0.3, betas=(0.5, 0.9), eps=1e-3),
          dict(lr=0.05, betas=(0.0, 0.0), eps=1e-8),      # lerp weight 1, v = g² each step
          dict(lr=1e-2, betas=(0.99, 0.5), eps=1e-12),
          dict(lr=0.0, betas=(0.9, 0.999), eps=1e-8)]


def _naive(x0, G, lr, betas, eps):
    """torch.optim.Adam's single-tensor step, written out; every iterate returned."""
    b1, b2 = betas
    m, v, x = torch.zeros_like(x0), torch.zeros_like(x0), x0.clone()
    xs = [x0.clone()]
    for t in range(1, G.shape[1] + 1):
        g = G[:, t - 1]
        m.lerp_(g, 1 - b1)
        v.mul_(b2).addcmul_(g, g, value=1 - b2)
        # torch.optim takes the square root of the bias correction as ``bc2 ** 0.5`` (C pow,
        # 1 ulp off math.sqrt at e.g. 1 - 2**-53), the reference does too
        denom = (v.sqrt() / (1 - b2 ** t) ** 0.5).add_(eps)
        x.addcdiv_(m, denom, value=-lr / (1 - b1 ** t))
        xs.append(x.clone())
    return torch.stack(xs, 1)


def _grads(shape, seed):
    gen = torch.Generator().manual_seed(seed)
    G = torch.randn(shape, generator=gen, dtype=F64)
    G = G * torch.logspace(-5, 5, shape[-1], dtype=F64)  # tiny to huge coordinates
    G[0, : shape[1] // 3] = 0  # a candidate whose gradient is 0 for a while
    return G


@pytest.mark.parametrize("hyper", HYPERS, ids=range(len(HYPERS)))
# (64, 150, 4): the lean loop copies the gradients of 32 steps at a time (4 chunks and a
# remainder of 22); (1, 20, 3): one candidate, the step's gradient already contiguous
@pytest.mark.parametrize("shape", [(7, 31, 5), (3, 12, 2, 3), (64, 150, 4), (1, 20, 3)])
def test_run_equals_the_naive_loop_bitwise(hyper, shape):
    G = _grads(shape, 1)
    x0 = torch.randn((shape[0],) + shape[2:], generator=torch.Generator().manual_seed(2),
                     dtype=F64)
    x0_before = x0.clone()
    ref = _naive(x0, G, **hyper)
    full = run(Adam(**hyper), x0, grads=G, record=(), backend="torch")
    last = run(Adam(**hyper), x0, grads=G, record=(), backend="torch", iterates="final")
    assert torch.equal(full.x, ref)
    assert torch.equal(last.x[:, 0], x0) and torch.equal(last.x[:, 1], ref[:, -1])
    assert torch.equal(x0, x0_before)  # the caller's x0 is not written
    assert last.g is G and full.g is G


def test_final_iterate_is_an_ordinary_tensor():
    # the loop's state lives in inference-mode tensors; what run() returns must not
    G = _grads((4, 9, 3), 3)
    traj = run(Adam(), grads=G, record=(), backend="torch", iterates="final")
    assert not traj.x.is_inference()
    traj.x.add_(1.0)  # an in-place op on an inference tensor would raise here
    y = traj.x.clone().requires_grad_()
    (y * traj.x).sum().backward()  # usable in autograd
    assert torch.equal(y.grad, traj.x)


@pytest.mark.parametrize("iterates", ["final", "all"])
@pytest.mark.parametrize("check_state", [True, False])
@pytest.mark.parametrize("where", [(2, 0, 1), (1, 15, 0), (3, 15, 2)])  # first, last step
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
@pytest.mark.parametrize("cls", [Adam, AdamW])
def test_non_finite_gradient_is_a_gradient_error(cls, bad, where, check_state, iterates):
    # run() reads grads once, after the lean loop: a non-finite gradient, even at the last
    # step or with beta1 = 0, must still be reported as the gradient error, never a state
    # error, never a silent NaN
    G = _grads((4, 16, 3), 4)
    G[where] = bad
    for betas in ((0.9, 0.999), (0.0, 0.0)):
        with pytest.raises(AdaproofInputError, match=r"grads"):
            run(cls(betas=betas), grads=G, record=(), backend="torch", iterates=iterates,
                check_state=check_state)


def test_the_gradients_are_read_once_after_the_loop_only_when_needed(monkeypatch):
    calls = []
    real = _core._check_grads_finite
    monkeypatch.setattr(_core, "_check_grads_finite", lambda a: (calls.append(1), real(a))[1])
    G = _grads((4, 10, 3), 5)
    run(Adam(), grads=G, record=(), backend="torch", iterates="final")
    assert calls == []  # finite final state: no extra pass over grads
    # a tensor hyperparameter: no lean loop, the gradients are checked before the steps
    run(Adam(lr=torch.full((4,), 1e-3, dtype=F64)), grads=G, record=(), backend="torch")
    assert calls == [1]
    G[1, 3, 2] = float("nan")
    with pytest.raises(AdaproofInputError, match=r"grads"):
        run(Adam(lr=torch.full((4,), 1e-3, dtype=F64)), grads=G, record=(), backend="torch")


@pytest.mark.parametrize("iterates", ["final", "all"])
def test_state_overflow_still_names_step_and_coordinate(iterates):
    G = _grads((4, 20, 3), 6)
    G[2, 6, 1] = 1e200  # g² overflows: v = inf from step 7 on
    with pytest.raises(AdaproofInputError, match=r"t=7.*'v'.*index \(2, 1\)"):
        run(Adam(), grads=G, record=(), backend="torch", iterates=iterates)
    traj = run(Adam(), grads=G, record=(), backend="torch", iterates=iterates,
               check_state=False)  # let through: the candidate's update is 0 from there on
    assert bool(torch.isfinite(traj.x[:, -1]).all())


def test_an_iterate_overflow_is_found_from_the_final_iterate():
    # x itself overflows (m and v stay finite): the check reads x_T only, since a non-finite
    # iterate stays non-finite; it must still be reported with its step and coordinate
    G = torch.ones(2, 5, 2, dtype=F64)
    x0 = torch.tensor([[0.0, 0.0], [-torch.finfo(F64).max, 0.0]], dtype=F64)
    with pytest.raises(AdaproofInputError, match=r"t=1.*'x'.*index \(1, 0\)"):
        run(Adam(lr=1e300, eps=1.0), x0, grads=G, record=(), backend="torch", iterates="final")


# -- adam_linf's Algorithm 1 (AdamLinf, RMSPropLinf): its lean loop against its step -----------
from adaproof.algorithms.adam_linf import AdamLinf, RMSPropLinf  # noqa: E402

LINF = [lambda: AdamLinf(),
        lambda: AdamLinf(lr=0.1, beta1=0.0, beta2=0.5, eps=1e-4, v0=0.0),
        lambda: AdamLinf(lr=1e-2, beta1=0.5, beta2=1.0, v0=1e-3, m0=0.25),
        lambda: RMSPropLinf(lr=1e-2, beta2=0.0, eps=1e-6)]


@pytest.mark.parametrize("make", LINF, ids=range(len(LINF)))
@pytest.mark.parametrize("record", [(), None, ("step_size",)])
@pytest.mark.parametrize("shape", [(7, 31, 5), (3, 12, 2, 3)])
def test_adam_linf_lean_loop_equals_its_step_bitwise(make, record, shape):
    G = _grads(shape, 7)
    x0 = torch.randn((shape[0],) + shape[2:], generator=torch.Generator().manual_seed(8),
                     dtype=F64)
    for iterates in ("all", "final"):
        lean = _core._run_torch(make(), x0, G, None, shape[1], record, False, True,
                                iterates=iterates)
        ref = _core._run_torch(make(), x0, G, None, shape[1], record, False, True, locate=True,
                               iterates=iterates)  # step by step, checked every step
        assert sorted(lean.keys()) == sorted(ref.keys())
        for k in ref.keys():
            assert torch.equal(lean[k], ref[k]), (iterates, k)
        if record is None:
            assert torch.equal(lean.series("v"), ref.series("v"))


def test_adam_linf_lean_loop_is_what_run_uses():
    calls = []

    class Spy(AdamLinf):
        def lean_loop(self, *a, **k):
            out = super().lean_loop(*a, **k)
            calls.append(out is not None)
            return out
    Spy.step, Spy.init = AdamLinf.step, AdamLinf.init
    run(Spy(), grads=_grads((3, 5, 2), 9), record=(), backend="torch", iterates="final")
    assert calls == [True]
    # a schedule: the step path
    run(Spy(lr=lambda t: 1e-3 / t), grads=_grads((3, 5, 2), 9), record=(), backend="torch")
    assert calls == [True, False]


@pytest.mark.parametrize("iterates", ["final", "all"])
@pytest.mark.parametrize("check_state", [True, False])
def test_adam_linf_vanishing_denominator_still_raises_at_its_step(iterates, check_state):
    # v0 = eps = 0 and a coordinate whose gradient is 0 up to step 4: v_t + eps = 0 there,
    # which Algorithm 1 divides by; the lean loop checks nothing per step, run() must still
    # raise the step's own error (whatever check_state), naming step and coordinate
    G = _grads((3, 9, 2), 10)
    G[0, :3] = 0.5  # _grads zeroes candidate 0's first steps
    G[1, :4, 1] = 0.0
    with pytest.raises(AdaproofInputError, match=r"t=1, v_\{t,i\} \+ eps = 0\.0 at index \(1, 1\)"):
        run(AdamLinf(v0=0.0, eps=0.0), grads=G, record=(), backend="torch", iterates=iterates,
            check_state=check_state)


@pytest.mark.parametrize("check_state", [True, False])
@pytest.mark.parametrize("make", [lambda: AdamLinf(), lambda: RMSPropLinf()])
def test_adam_linf_non_finite_gradient_is_a_gradient_error(make, check_state):
    G = _grads((3, 9, 2), 11)
    G[2, 8, 0] = float("inf")  # the last step
    with pytest.raises(AdaproofInputError, match=r"grads"):
        run(make(), grads=G, record=(), backend="torch", iterates="final",
            check_state=check_state)


def test_adam_linf_overflow_names_step_and_coordinate():
    G = _grads((3, 9, 2), 12)
    G[0, 5, 1] = 1e200  # g² overflows
    with pytest.raises(AdaproofInputError, match=r"t=6.*index \(0, 1\)"):
        run(AdamLinf(), grads=G, record=(), backend="torch", iterates="final")


def test_lean_loops_run_on_one_thread_and_restore_the_callers_count(monkeypatch):
    seen = []
    real = Adam._fast_loop
    monkeypatch.setattr(Adam, "_fast_loop", staticmethod(
        lambda *a: (seen.append(torch.get_num_threads()), real(*a))[1]))
    before = torch.get_num_threads()
    G = _grads((5, 8, 3), 13)
    try:
        torch.set_num_threads(2)
        a = run(Adam(), grads=G, record=(), backend="torch", iterates="final")
        assert torch.get_num_threads() == 2 and seen == [1]
        torch.set_num_threads(1)
        b = run(Adam(), grads=G, record=(), backend="torch", iterates="final")
        assert torch.equal(a.x, b.x)  # elementwise ops: the thread count changes no value
    finally:
        torch.set_num_threads(before)
