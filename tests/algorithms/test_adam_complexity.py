"""Algorithm 1 of adam_complexity against an exact hand computation and the Optimizer adapter."""
from fractions import Fraction

import pytest
import torch

from adaproof import AdaproofInputError
from adaproof.algorithms._core import run
from adaproof.algorithms.adam_complexity import AdamComplexity, AdamComplexityOptimizer


def _reference(grads, lr, b1, b2, nu0, m0, w1):
    """Algorithm 1 line by line in exact rationals (sqrt taken in float at the end of each step)."""
    import math
    nu = [Fraction(nu0)] * len(w1)
    m = [Fraction(m0)] * len(w1)
    w = [float(x) for x in w1]
    out = [list(w)]
    for g in grads:
        g = [Fraction(x) for x in g]
        nu = [Fraction(b2) * a + (1 - Fraction(b2)) * gi * gi for a, gi in zip(nu, g)]
        m = [Fraction(b1) * a + (1 - Fraction(b1)) * gi for a, gi in zip(m, g)]
        w = [wi - lr * float(mi) / math.sqrt(float(ni)) for wi, mi, ni in zip(w, m, nu)]
        out.append(list(w))
    return out


@pytest.mark.parametrize("b1,b2,nu0,m0", [(0.9, 0.999, 1e-3, 0.0), (0.0, 0.5, 2.0, 0.3),
                                          (0.5, 0.3, 1e-6, -1.0)])
def test_matches_exact_reference(b1, b2, nu0, m0):
    gen = torch.Generator().manual_seed(0)
    grads = torch.randn(1, 6, 3, generator=gen, dtype=torch.float64) * 3
    w1 = torch.randn(1, 3, generator=gen, dtype=torch.float64)
    traj = run(AdamComplexity(lr=0.05, beta1=b1, beta2=b2, nu0=nu0, m0=m0), w1, grads)
    ref = _reference(grads[0].tolist(), 0.05, b1, b2, nu0, m0, w1[0].tolist())
    assert torch.allclose(traj.x[0], torch.tensor(ref, dtype=torch.float64), rtol=0, atol=1e-12)
    assert traj.series("nu")[0, 0].tolist() == [nu0] * 3
    assert traj.series("m").shape == (1, 7, 3)


def test_per_candidate_hyperparameters_equal_separate_runs():
    gen = torch.Generator().manual_seed(1)
    grads = torch.randn(3, 8, 4, generator=gen, dtype=torch.float64)
    b2 = torch.tensor([0.5, 0.9, 0.999], dtype=torch.float64)
    batched = run(AdamComplexity(lr=0.1, beta1=0.3, beta2=b2, nu0=0.5), grads=grads)
    for i in range(3):
        single = run(AdamComplexity(lr=0.1, beta1=0.3, beta2=float(b2[i]), nu0=0.5),
                     grads=grads[i:i + 1])
        assert torch.allclose(batched.x[i], single.x[0], rtol=0, atol=1e-14)


def test_schedule_learning_rate():
    grads = torch.ones(1, 3, 1, dtype=torch.float64)
    traj = run(AdamComplexity(lr=lambda t: 1.0 / t, beta1=0.0, beta2=0.5, nu0=1.0), grads=grads)
    # beta1 = 0, g = 1, nu stays 1: the step t moves by exactly 1/t
    assert torch.allclose(traj.x[0, :, 0], -torch.tensor([0, 1, 1.5, 1.5 + 1 / 3],
                                                          dtype=torch.float64), atol=1e-15)


def test_optimizer_subclass_matches_run():
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1).double()
    x = torch.randn(16, 3, dtype=torch.float64)
    y = torch.randn(16, 1, dtype=torch.float64)
    w0 = model.weight.detach().clone()
    opt = AdamComplexityOptimizer(model.parameters(), lr=0.01, beta1=0.9, beta2=0.99, nu0=1e-4)
    grads = []
    for _ in range(5):
        opt.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        grads.append(model.weight.grad.detach().clone())
        opt.step()
    # the same gradients replayed open loop give the same iterate
    traj = run(AdamComplexity(lr=0.01, beta1=0.9, beta2=0.99, nu0=1e-4), w0.unsqueeze(0),
               torch.stack(grads).unsqueeze(0))
    assert torch.allclose(traj.x[0, -1], model.weight.detach(), rtol=0, atol=1e-14)
    assert model.weight.detach().ne(w0).all()


@pytest.mark.parametrize("kw,name", [({"beta2": 1.0}, "beta2"), ({"beta2": 0.0}, "beta2"),
                                     ({"beta1": 1.0}, "beta1"), ({"beta1": -0.1}, "beta1"),
                                     ({"nu0": 0.0}, "nu0"), ({"nu0": -1.0}, "nu0"),
                                     ({"lr": 0.0}, "lr"), ({"lr": float("nan")}, "lr")])
def test_bad_hyperparameters_name_the_parameter(kw, name):
    with pytest.raises(AdaproofInputError, match=name):
        AdamComplexity(**kw)


def test_bad_gradients_are_rejected():
    alg = AdamComplexity()
    g = torch.ones(2, 3, 4, dtype=torch.float64)
    g[1, 2, 0] = float("nan")
    with pytest.raises(AdaproofInputError, match="grads"):
        run(alg, grads=g)
    with pytest.raises(AdaproofInputError, match="shape"):
        run(alg, torch.zeros(2, 5, dtype=torch.float64), torch.ones(2, 3, 4, dtype=torch.float64))
    with pytest.raises(AdaproofInputError, match="dtype"):
        run(alg, torch.zeros(2, 4, dtype=torch.float32), torch.ones(2, 3, 4, dtype=torch.float64))
    with pytest.raises(AdaproofInputError, match="T >= 1"):
        run(alg, grads=torch.ones(2, 0, 4, dtype=torch.float64))


def test_lr_scheduler_drives_the_optimizer_subclass():
    p = torch.nn.Parameter(torch.zeros(2, dtype=torch.float64))
    opt = AdamComplexityOptimizer([p], lr=1.0, beta1=0.0, beta2=0.5, nu0=1.0)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
    moves = []
    for _ in range(3):
        before = p.detach().clone()
        p.grad = torch.ones(2, dtype=torch.float64)  # beta1 = 0, g = 1: nu stays 1, step = lr
        opt.step()
        sched.step()
        moves.append(float((before - p.detach())[0]))
    assert moves == pytest.approx([1.0, 0.5, 0.25], abs=1e-15)


def test_schedule_values_are_range_checked():
    with pytest.raises(AdaproofInputError, match=r"lr\(2\)"):
        run(AdamComplexity(lr=lambda t: 1.0 if t == 1 else -1.0), grads=torch.ones(1, 3, 1,
                                                                                   dtype=torch.float64))
    with pytest.raises(AdaproofInputError, match="beta2 has 2 per-candidate entries"):
        run(AdamComplexity(beta2=torch.tensor([0.5, 0.6], dtype=torch.float64)),
            grads=torch.ones(3, 2, 1, dtype=torch.float64))
