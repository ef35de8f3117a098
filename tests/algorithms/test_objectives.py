"""Closed-loop driving: objectives, their gradients, and noise laws with the stated moments."""
import pytest
import torch

from adaproof import AdaproofInputError
from adaproof.algorithms._core import run
from adaproof.algorithms.adam_complexity import AdamComplexity
from adaproof.algorithms.objectives import (AdditiveNoise, FiniteSupport, Gaussian, Quadratic,
                                            SeparableNonconvex, StudentT, TwoPoint)


def test_quadratic_gradient_matches_autograd_and_per_candidate_hessians():
    gen = torch.Generator().manual_seed(0)
    A = torch.randn(4, 3, 3, generator=gen, dtype=torch.float64)
    H = A @ A.transpose(1, 2)
    f = Quadratic(H, x_star=torch.ones(3, dtype=torch.float64))
    x = torch.randn(4, 3, generator=gen, dtype=torch.float64)
    auto = super(Quadratic, f).grad(x)
    assert torch.allclose(f.grad(x), auto, atol=1e-13)
    assert torch.allclose(f.grad(x)[2], H[2] @ (x[2] - 1), atol=1e-13)
    assert torch.allclose(f.linf_coordinate_smoothness(), H.abs().sum(-1))


def test_separable_gradient_matches_autograd():
    f = SeparableNonconvex(a=torch.tensor([1.0, 2.0], dtype=torch.float64), b=0.5)
    x = torch.randn(5, 2, dtype=torch.float64)
    from adaproof.algorithms.objectives import Objective
    assert torch.allclose(f.grad(x), Objective.grad(f, x), atol=1e-13)


def test_closed_loop_run_on_a_quadratic_descends():
    H = torch.diag(torch.tensor([1.0, 10.0], dtype=torch.float64))
    f = Quadratic(H)
    x0 = torch.tensor([[1.0, 1.0]] * 3, dtype=torch.float64)
    traj = run(AdamComplexity(lr=0.01, beta1=0.9, beta2=0.999, nu0=1e-8), x0,
               oracle=f.oracle(), T=300)
    assert (f(traj.x[:, -1]) < 0.05 * f(x0)).all()
    # closed loop: the recorded gradient is the gradient at the iterate before each step
    assert torch.allclose(traj.g[:, 5], f.grad(traj.x[:, 5]), atol=1e-14)


@pytest.mark.parametrize("law", [Gaussian(), TwoPoint(), FiniteSupport([0, 1, 5], [0.5, 0.3, 0.2]),
                                 StudentT(5.0)])
def test_noise_laws_have_mean_zero_and_unit_variance(law):
    gen = torch.Generator().manual_seed(0)
    xi = law.sample((200_000,), gen, torch.zeros(1, dtype=torch.float64))
    assert abs(float(xi.mean())) < 0.02
    assert abs(float(xi.var()) - 1) < (0.1 if isinstance(law, StudentT) else 0.02)


def test_additive_noise_oracle_is_unbiased_with_given_sigma():
    f = Quadratic(torch.eye(2, dtype=torch.float64))
    oracle = AdditiveNoise(f, sigma=torch.tensor([0.5, 2.0], dtype=torch.float64), law=TwoPoint())
    x = torch.ones(50_000, 2, dtype=torch.float64)
    g = oracle(x, 1)
    assert torch.allclose((g - 1).abs(), torch.tensor([0.5, 2.0], dtype=torch.float64).expand_as(g))


def test_bad_objective_arguments():
    with pytest.raises(AdaproofInputError, match="symmetric"):
        Quadratic(torch.tensor([[1.0, 2.0], [0.0, 1.0]], dtype=torch.float64))
    with pytest.raises(AdaproofInputError, match="H must have shape"):
        Quadratic(torch.ones(3, dtype=torch.float64))
    with pytest.raises(AdaproofInputError, match="sigma"):
        AdditiveNoise(Quadratic(torch.eye(2, dtype=torch.float64)), sigma=-1.0)
    with pytest.raises(AdaproofInputError, match="nu"):
        StudentT(2.0)
    with pytest.raises(AdaproofInputError, match="probs"):
        FiniteSupport([0, 1], [0.5, 0.6])
    with pytest.raises(AdaproofInputError, match="oracle returned a NaN"):
        run(AdamComplexity(), torch.zeros(1, 2, dtype=torch.float64),
            oracle=lambda x, t: torch.full_like(x, float("nan")), T=2)
