"""The algorithms of adam_linf (Algorithms 1-3, SignGD, SGD with momentum, Definition 2.1 /
Theorem 2.2) against independent line-by-line computations, each other, torch.optim and the
invariance statement of Theorem 2.2."""
import math
from fractions import Fraction as F

import pytest
import torch

from adaproof import AdaproofInputError
from adaproof.algorithms._core import run
from adaproof.algorithms.adam_complexity import AdamComplexity
from adaproof.algorithms.adam_linf import (
    AdaSGD, AdaSGDOptimizer, AdamLinf, AdamLinfOptimizer, BlockwiseAdam, BlockwiseAdamOptimizer,
    RMSPropLinf, RMSPropLinfOptimizer, SGDMomentum, SGDMomentumOptimizer, SignGD,
    SignGDOptimizer, permutation_matrix, random_rotation, run_transformed)

D64 = torch.float64


# --------------------------------------------------------------------------------------------
# independent references, written from the paper's algorithm boxes (exact rationals for m, v;
# the square root and the iterate in float)
# --------------------------------------------------------------------------------------------
def _lrs(lr, T):
    return [float(lr(t)) if callable(lr) else float(lr) for t in range(1, T + 1)]


def ref_adam(grads, lr, b1, b2, eps, v0, m0, x0):
    """Algorithm 1: v_{0,i} <- v0; m, v EMAs; x_t = x_{t-1} - eta_t m_t / sqrt(v_t + eps)."""
    d = len(x0)
    b1, b2, eps = F(b1), F(b2), F(eps)
    m = [F(a) for a in m0] if isinstance(m0, list) else [F(m0)] * d
    v = [F(v0)] * d
    x = [float(a) for a in x0]
    xs, ms, vs = [list(x)], [], []
    for eta, g in zip(_lrs(lr, len(grads)), grads):
        g = [F(a) for a in g]
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        v = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v, g)]
        x = [xi - eta * float(mi) / math.sqrt(float(vi + eps)) for xi, mi, vi in zip(x, m, v)]
        xs.append(list(x)); ms.append([float(a) for a in m]); vs.append([float(a) for a in v])
    return xs, ms, vs


def ref_adasgd(grads, lr, b1, b2, eps, v0, m0, x0):
    """Algorithm 2: scalar v_t = b2 v_{t-1} + (1 - b2) ||g_t||^2 / d."""
    d = len(x0)
    b1, b2, eps = F(b1), F(b2), F(eps)
    m = [F(m0)] * d
    v = F(v0)
    x = [float(a) for a in x0]
    xs, vs = [list(x)], [float(v)]
    for eta, g in zip(_lrs(lr, len(grads)), grads):
        g = [F(a) for a in g]
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        v = b2 * v + (1 - b2) * sum(gi * gi for gi in g) / d
        x = [xi - eta * float(mi) / math.sqrt(float(v + eps)) for xi, mi in zip(x, m)]
        xs.append(list(x)); vs.append(float(v))
    return xs, vs


def ref_blockwise(grads, blocks, lr, b1, b2, eps, v0, m0, x0):
    """Algorithm 3: v_{t,b} = b2 v_{t-1,b} + (1 - b2) sum_{Phi(i)=b} g_{t,i}^2 / d_b."""
    d = len(x0)
    phi = {i: b for b, bl in enumerate(blocks) for i in bl}
    b1, b2, eps = F(b1), F(b2), F(eps)
    m = [F(m0)] * d
    v = [F(v0)] * len(blocks)
    x = [float(a) for a in x0]
    xs, vs = [list(x)], [[float(a) for a in v]]
    for eta, g in zip(_lrs(lr, len(grads)), grads):
        g = [F(a) for a in g]
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        v = [b2 * v[b] + (1 - b2) * sum(g[i] * g[i] for i in bl) / len(bl)
             for b, bl in enumerate(blocks)]
        x = [x[i] - eta * float(m[i]) / math.sqrt(float(v[phi[i]] + eps)) for i in range(d)]
        xs.append(list(x)); vs.append([float(a) for a in v])
    return xs, vs


def ref_signgd(grads, lr, x0):
    x = [float(a) for a in x0]
    xs = [list(x)]
    for eta, g in zip(_lrs(lr, len(grads)), grads):
        x = [xi - eta * (1.0 if gi > 0 else -1.0 if gi < 0 else 0.0) for xi, gi in zip(x, g)]
        xs.append(list(x))
    return xs


def ref_sgdm(grads, lr, mu, x0):
    """m_t = mu m_{t-1} + g_t (m_0 = 0), x_t = x_{t-1} - eta_t m_t."""
    mu = F(mu)
    m = [F(0)] * len(x0)
    x = [float(a) for a in x0]
    xs = [list(x)]
    for eta, g in zip(_lrs(lr, len(grads)), grads):
        m = [mu * mi + F(gi) for mi, gi in zip(m, g)]
        x = [xi - eta * float(mi) for xi, mi in zip(x, m)]
        xs.append(list(x))
    return xs


def _data(seed, B=1, T=6, d=4, scale=2.0):
    gen = torch.Generator().manual_seed(seed)
    grads = torch.randn(B, T, d, generator=gen, dtype=D64) * scale
    x0 = torch.randn(B, d, generator=gen, dtype=D64)
    return grads, x0


def _close(a, b, tol=1e-12):
    b = torch.as_tensor(b, dtype=D64)
    assert a.shape == b.shape, (a.shape, b.shape)
    err = (a - b).abs().max().item()
    assert err <= tol, f"max abs error {err:.3g} > {tol}"


# --------------------------------------------------------------------------------------------
# line-by-line references (1e-12, float64)
# --------------------------------------------------------------------------------------------
ADAM_CASES = [
    dict(lr=0.05, beta1=0.9, beta2=0.99, eps=0.0, v0=1e-3, m0=0.0),
    dict(lr=lambda t: 0.1 / t, beta1=0.5, beta2=0.3, eps=1e-4, v0=0.0, m0=-0.5),
    dict(lr=0.02, beta1=0.0, beta2=1.0, eps=0.0, v0=2.0, m0=0.0),          # beta2 = 1: v_t = v0
    dict(lr=0.1, beta1=0.0, beta2=0.0, eps=0.0, v0=0.0, m0=0.0),           # SignGD as Adam
    dict(lr=0.03, beta1=0.7, beta2=0.999, eps=0.25, v0=5.0, m0=0.3),
]


@pytest.mark.parametrize("case", ADAM_CASES)
def test_adam_matches_algorithm_1_line_by_line(case):
    grads, x0 = _data(0)
    traj = run(AdamLinf(**case), x0, grads)
    xs, ms, vs = ref_adam(grads[0].tolist(), case["lr"], case["beta1"], case["beta2"],
                          case["eps"], case["v0"], case["m0"], x0[0].tolist())
    _close(traj.x[0], xs)
    _close(traj["m"][0], ms)
    _close(traj["v"][0], vs)
    # v_{0,i} <- v0 on every coordinate, m_0 = m0
    assert traj.series("v")[0, 0].tolist() == [case["v0"]] * 4
    assert traj.series("m")[0, 0].tolist() == [case["m0"]] * 4
    # the recorded step size and update are eta_t / sqrt(v_t + eps) and x_t - x_{t-1}
    lrs = torch.tensor(_lrs(case["lr"], 6), dtype=D64)[:, None]
    _close(traj["step_size"][0], lrs / torch.sqrt(torch.tensor(vs, dtype=D64) + case["eps"]))
    _close(traj["update"][0], torch.tensor(xs[1:], dtype=D64) - torch.tensor(xs[:-1], dtype=D64))


def test_adam_vector_m0():
    grads, x0 = _data(1)
    m0 = [0.1, -0.2, 0.3, 0.0]
    traj = run(AdamLinf(lr=0.05, beta1=0.8, beta2=0.9, v0=0.5, m0=torch.tensor(m0, dtype=D64)),
               x0, grads)
    xs, _, _ = ref_adam(grads[0].tolist(), 0.05, 0.8, 0.9, 0.0, 0.5, m0, x0[0].tolist())
    _close(traj.x[0], xs)


@pytest.mark.parametrize("b2,eps,v0", [(0.9, 0.0, 1e-2), (0.0, 0.0, 0.0), (1.0, 1e-3, 0.0),
                                       (0.5, 1e-2, 3.0)])
def test_rmsprop_matches_reference_and_adam_beta1_0(b2, eps, v0):
    grads, x0 = _data(2)
    traj = run(RMSPropLinf(lr=0.07, beta2=b2, eps=eps, v0=v0), x0, grads)
    xs, _, _ = ref_adam(grads[0].tolist(), 0.07, 0.0, b2, eps, v0, 0.0, x0[0].tolist())
    _close(traj.x[0], xs)
    adam = run(AdamLinf(lr=0.07, beta1=0.0, beta2=b2, eps=eps, v0=v0, m0=0.7), x0, grads)
    _close(traj.x, adam.x, 1e-15)     # with beta1 = 0, m_t = g_t whatever m0 is
    _close(traj["m"], grads, 0.0)


@pytest.mark.parametrize("lr", [0.1, lambda t: 1.0 / math.sqrt(t)])
def test_signgd_matches_reference_with_sign0_equal_0(lr):
    grads, x0 = _data(3, T=5, d=5)
    grads[0, 1, 2] = 0.0
    grads[0, 3, 0] = 0.0
    traj = run(SignGD(lr=lr), x0, grads)
    _close(traj.x[0], ref_signgd(grads[0].tolist(), lr, x0[0].tolist()))
    # a zero gradient entry leaves that coordinate where it is
    assert traj["update"][0, 1, 2].item() == 0.0 and traj["direction"][0, 3, 0].item() == 0.0


def test_signgd_equals_adam_with_beta1_beta2_eps_zero_on_nonzero_gradients():
    grads, x0 = _data(4, B=3, T=8, d=5)
    assert bool((grads != 0).all())
    sign = run(SignGD(lr=0.03), x0, grads)
    adam = run(AdamLinf(lr=0.03, beta1=0.0, beta2=0.0, eps=0.0, v0=0.0), x0, grads)
    _close(sign.x, adam.x)
    # with a zero entry Adam divides 0 by 0 and refuses, SignGD takes sign(0) = 0
    grads[1, 2, 3] = 0.0
    with pytest.raises(AdaproofInputError, match="eps"):
        run(AdamLinf(lr=0.03, beta1=0.0, beta2=0.0, eps=0.0, v0=0.0), x0, grads)
    run(SignGD(lr=0.03), x0, grads)


@pytest.mark.parametrize("b1,b2,eps,v0,m0,lr", [
    (0.9, 0.99, 0.0, 1e-3, 0.0, 0.05), (0.0, 0.0, 0.0, 0.0, 0.0, 0.1),
    (0.5, 1.0, 0.0, 0.7, 0.2, lambda t: 0.2 / t), (0.3, 0.6, 1e-2, 0.0, -1.0, 0.01)])
def test_adasgd_matches_algorithm_2_line_by_line(b1, b2, eps, v0, m0, lr):
    grads, x0 = _data(5, T=7, d=5)
    traj = run(AdaSGD(lr=lr, beta1=b1, beta2=b2, eps=eps, v0=v0, m0=m0), x0, grads)
    xs, vs = ref_adasgd(grads[0].tolist(), lr, b1, b2, eps, v0, m0, x0[0].tolist())
    _close(traj.x[0], xs)
    _close(traj.series("v")[0], vs)
    assert traj["v"].shape == (1, 7)


def test_adasgd_on_matrices_uses_all_entries():
    gen = torch.Generator().manual_seed(6)
    grads = torch.randn(2, 4, 2, 3, generator=gen, dtype=D64)
    traj = run(AdaSGD(lr=0.1, beta1=0.5, beta2=0.8, v0=0.1), grads=grads)
    flat = run(AdaSGD(lr=0.1, beta1=0.5, beta2=0.8, v0=0.1), grads=grads.reshape(2, 4, 6))
    _close(traj.x.reshape(2, 5, 6), flat.x, 1e-15)


def test_adasgd_is_adam_in_one_dimension():
    """Footnote 1: 'Our definition makes AdaSGD the same as Adam in a one-dimensional problem.'"""
    grads, x0 = _data(7, B=2, T=9, d=1)
    kw = dict(lr=0.05, beta1=0.9, beta2=0.95, eps=1e-3, v0=0.2, m0=0.1)
    _close(run(AdaSGD(**kw), x0, grads).x, run(AdamLinf(**kw), x0, grads).x)


@pytest.mark.parametrize("blocks", [[[0, 3], [1], [2, 4, 5]], [[5, 0, 1, 2], [4, 3]],
                                    [[i] for i in range(6)]])
def test_blockwise_matches_algorithm_3_line_by_line(blocks):
    grads, x0 = _data(8, T=6, d=6)
    kw = dict(lr=0.04, beta1=0.6, beta2=0.9, eps=1e-3, v0=0.3, m0=0.1)
    traj = run(BlockwiseAdam(blocks, **kw), x0, grads)
    xs, vs = ref_blockwise(grads[0].tolist(), blocks, 0.04, 0.6, 0.9, 1e-3, 0.3, 0.1,
                           x0[0].tolist())
    _close(traj.x[0], xs)
    _close(traj.series("v")[0], vs)
    # the same partition as a tensor of labels (labels sorted = block order)
    labels = torch.empty(6, dtype=torch.int64)
    for b, bl in enumerate(blocks):
        labels[bl] = 10 * b - 3
    _close(run(BlockwiseAdam(labels, **kw), x0, grads).x, traj.x, 0.0)


@pytest.mark.parametrize("kw", [dict(lr=0.05, beta1=0.9, beta2=0.99, eps=0.0, v0=1e-3),
                                dict(lr=lambda t: 0.1 / t, beta1=0.3, beta2=0.5, eps=1e-2,
                                     v0=0.0, m0=0.2)])
def test_blockwise_singletons_is_adam_and_one_block_is_adasgd(kw):
    grads, x0 = _data(9, B=3, T=8, d=6)
    adam = run(AdamLinf(**kw), x0, grads)
    singles = run(BlockwiseAdam([[i] for i in range(6)], **kw), x0, grads)
    _close(singles.x, adam.x, 1e-15)
    _close(singles["v"], adam["v"], 1e-15)
    _close(run(BlockwiseAdam(torch.arange(6), **kw), x0, grads).x, adam.x, 1e-15)
    adasgd = run(AdaSGD(**kw), x0, grads)
    one = run(BlockwiseAdam([list(range(6))], **kw), x0, grads)
    _close(one.x, adasgd.x)
    _close(one["v"][..., 0], adasgd["v"])
    _close(run(BlockwiseAdam(torch.zeros(6, dtype=torch.int64), **kw), x0, grads).x, adasgd.x)


@pytest.mark.parametrize("mu,lr", [(0.9, 0.05), (0.0, 0.1), (0.5, lambda t: 0.1 / t)])
def test_sgd_momentum_matches_reference(mu, lr):
    grads, x0 = _data(10, T=7)
    traj = run(SGDMomentum(lr=lr, momentum=mu), x0, grads)
    _close(traj.x[0], ref_sgdm(grads[0].tolist(), lr, mu, x0[0].tolist()))


@pytest.mark.parametrize("mu,lr,shape", [(0.9, 0.01, (3,)), (0.5, 0.1, (2, 3)),
                                         (0.0, 0.3, (4,)), (0.99, 1e-3, (2, 2, 2))])
def test_sgd_momentum_matches_torch_sgd_step_by_step(mu, lr, shape):
    gen = torch.Generator().manual_seed(11)
    p = torch.nn.Parameter(torch.randn(shape, generator=gen, dtype=D64))
    opt = torch.optim.SGD([p], lr=lr, momentum=mu)
    alg = SGDMomentum(lr=lr, momentum=mu)
    state = alg.init(p.detach().clone().unsqueeze(0))
    for t in range(1, 9):
        # a gradient that depends on the current iterate (closed loop) plus noise
        g = (p.detach() * torch.linspace(0.5, 2.0, p.numel(), dtype=D64).reshape(shape)
             + torch.randn(shape, generator=gen, dtype=D64))
        p.grad = g.clone()
        opt.step()
        state, rec = alg.step(state, g.unsqueeze(0), t)
        _close(state["x"][0], p.detach())
        if mu > 0:        # torch keeps no buffer for plain SGD
            _close(rec["m"][0], opt.state[p]["momentum_buffer"])
        else:
            _close(rec["m"][0], g, 0.0)


def test_adam_eps0_equals_adam_complexity_with_nu0_v0():
    grads, x0 = _data(12, B=2, T=10, d=5)
    for b1, b2, v0, m0 in [(0.9, 0.999, 1e-3, 0.0), (0.0, 0.5, 2.0, 0.3), (0.5, 0.3, 1e-6, -1.0)]:
        ours = run(AdamLinf(lr=0.05, beta1=b1, beta2=b2, eps=0.0, v0=v0, m0=m0), x0, grads)
        theirs = run(AdamComplexity(lr=0.05, beta1=b1, beta2=b2, nu0=v0, m0=m0), x0, grads)
        _close(ours.x, theirs.x)
        _close(ours.series("v"), theirs.series("nu"))
        _close(ours.series("m"), theirs.series("m"))
        _close(ours["step_size"], theirs["step_size"])
        _close(ours["update"], theirs["update"])


# --------------------------------------------------------------------------------------------
# Definition 2.1 / Theorem 2.2: invariance
# --------------------------------------------------------------------------------------------
def _quadratic(d, seed, T):
    """L_t(x) = 1/2 x^T A x + b_t^T x with an ill-conditioned SPD A (gradient oracle on (B, d))."""
    gen = torch.Generator().manual_seed(seed)
    Q = random_rotation(d, gen)
    A = Q @ torch.diag(torch.logspace(-2, 1, d, dtype=D64)) @ Q.T
    A = (A + A.T) / 2
    b = 0.1 * torch.randn(T, d, generator=gen, dtype=D64)
    return (lambda x, t: x @ A + b[t - 1]), A


def _x0(B, d, seed):
    return torch.rand(B, d, generator=torch.Generator().manual_seed(seed), dtype=D64)


def test_adasgd_is_rotation_invariant():
    d, T, B = 8, 30, 3
    oracle, _ = _quadratic(d, 20, T)
    x0 = _x0(B, d, 21)
    R = random_rotation(d, torch.Generator().manual_seed(22))
    assert torch.allclose(R @ R.T, torch.eye(d, dtype=D64), atol=1e-13)
    for kw in [dict(lr=0.05, beta1=0.9, beta2=0.99, v0=1e-3),
               dict(lr=0.1, beta1=0.0, beta2=0.0, eps=1e-4, v0=0.0),
               dict(lr=lambda t: 0.1 / math.sqrt(t), beta1=0.5, beta2=0.9, eps=0.1, v0=1.0)]:
        alg = AdaSGD(**kw)
        orig = run(alg, x0, oracle=oracle, T=T)
        tr = run_transformed(alg, oracle, x0, T, R)
        _close(tr.mapped, orig.x, 1e-10)                                    # T(x~_t) = x_t
        _close(tr.tilde.x, torch.einsum("ji,btj->bti", R, orig.x), 1e-10)   # x~_t = R^T x_t
        _close(tr.tilde["v"], orig["v"], 1e-10)                             # v~_t = v_t
        assert (orig.x[:, -1] - orig.x[:, 0]).abs().max() > 0.1             # it did move


def test_sgd_momentum_is_rotation_invariant_with_per_candidate_rotations():
    d, T, B = 6, 25, 2
    oracle, _ = _quadratic(d, 23, T)
    x0 = _x0(B, d, 24)
    gen = torch.Generator().manual_seed(25)
    Rs = torch.stack([random_rotation(d, gen, proper=True) for _ in range(B)])
    assert torch.allclose(torch.linalg.det(Rs), torch.ones(B, dtype=D64))
    alg = SGDMomentum(lr=0.05, momentum=0.9)
    orig = run(alg, x0, oracle=oracle, T=T)
    tr = run_transformed(alg, oracle, x0, T, Rs)
    _close(tr.mapped, orig.x, 1e-10)
    for i in range(B):   # (B, d, d) transforms equal separate runs
        one = run_transformed(alg, oracle, x0[i:i + 1], T, Rs[i])
        _close(one.mapped[0], tr.mapped[i], 1e-13)


@pytest.mark.parametrize("make", [
    lambda: AdamLinf(lr=0.05, beta1=0.9, beta2=0.99, v0=1e-3),
    lambda: AdamLinf(lr=0.05, beta1=0.5, beta2=0.9, eps=1e-2, v0=0.0),
    lambda: RMSPropLinf(lr=0.05, beta2=0.9, v0=1e-2),
    lambda: SignGD(lr=0.02),
])
def test_adam_and_signgd_are_permutation_but_not_rotation_invariant(make):
    d, T, B = 8, 30, 2
    oracle, _ = _quadratic(d, 26, T)
    x0 = _x0(B, d, 27)
    alg = make()
    orig = run(alg, x0, oracle=oracle, T=T)
    perm = torch.randperm(d, generator=torch.Generator().manual_seed(28))
    P = permutation_matrix(perm)
    x = torch.randn(d, dtype=D64)
    assert torch.equal(P @ x, x[perm])        # T(x) = [x_pi(1), ..., x_pi(d)]
    tr = run_transformed(alg, oracle, x0, T, P)
    _close(tr.mapped, orig.x, 1e-12)
    R = random_rotation(d, torch.Generator().manual_seed(29))
    rot = run_transformed(alg, oracle, x0, T, R)
    assert (rot.mapped - orig.x).abs().max().item() > 1e-3


def test_blockwise_adam_is_invariant_to_rotations_inside_blocks_only():
    """From the proof of Theorem 2.2: ||g_(b)|| is kept by a block-diagonal rotation."""
    d, T, B = 6, 20, 2
    oracle, _ = _quadratic(d, 30, T)
    x0 = _x0(B, d, 31)
    blocks = [[0, 1, 2], [3, 4, 5]]
    gen = torch.Generator().manual_seed(32)
    R = torch.block_diag(random_rotation(3, gen), random_rotation(3, gen))
    alg = BlockwiseAdam(blocks, lr=0.05, beta1=0.9, beta2=0.99, v0=1e-3)
    orig = run(alg, x0, oracle=oracle, T=T)
    _close(run_transformed(alg, oracle, x0, T, R).mapped, orig.x, 1e-10)
    R_full = random_rotation(d, gen)
    assert (run_transformed(alg, oracle, x0, T, R_full).mapped - orig.x).abs().max() > 1e-3


def test_appendix_a_counterexample_signgd():
    """Appendix A: R = [1, 1; 1, -1]/sqrt(2), L = 2 x1^2 + x2^2.  SignGD moves along (+-1, +-1)
    in both spaces, so mapped back the rotated run moves along an axis."""
    R = torch.tensor([[1.0, 1.0], [1.0, -1.0]], dtype=D64) / math.sqrt(2)
    oracle = lambda x, t: torch.stack([4 * x[:, 0], 2 * x[:, 1]], dim=1)
    x0 = torch.tensor([[1.0, 0.3]], dtype=D64)
    eta = 0.01
    orig = run(SignGD(lr=eta), x0, oracle=oracle, T=1)
    tr = run_transformed(SignGD(lr=eta), oracle, x0, 1, R)
    _close(orig.x[0, 1] - orig.x[0, 0], [-eta, -eta], 1e-15)
    _close(tr.tilde["update"][0, 0], [-eta, -eta], 1e-15)
    _close(tr.mapped[0, 1] - tr.mapped[0, 0], [-eta * math.sqrt(2), 0.0], 1e-15)
    # Adam's first step has the same direction (m_1/sqrt(v_1) = sign(g_1) for beta1 = 0 ... and
    # for any beta1 with m0 = v0 = eps = 0): also not rotation-invariant
    adam = AdamLinf(lr=eta, beta1=0.9, beta2=0.99, eps=0.0, v0=0.0)
    _close(run_transformed(adam, oracle, x0, 1, R).mapped[0, 1] - x0[0],
           [-eta * math.sqrt(2), 0.0], 1e-15)


def test_general_invertible_linear_map_pullback():
    d, T, B = 5, 4, 2
    oracle, A = _quadratic(d, 33, T)
    x0 = _x0(B, d, 34)
    gen = torch.Generator().manual_seed(35)
    M = torch.randn(d, d, generator=gen, dtype=D64) + 3 * torch.eye(d, dtype=D64)
    tr = run_transformed(SGDMomentum(lr=0.01, momentum=0.0), oracle, x0, T, M)
    y = tr.tilde.x
    _close(y[:, 0] @ M.T, x0, 1e-12)                        # x~_0 = M^{-1} x_0
    for t in range(1, T + 1):                               # g~_t = M^T grad L_t(M x~_{t-1})
        _close(tr.tilde.g[:, t - 1], oracle(y[:, t - 1] @ M.T, t) @ M, 1e-12)
        _close(tr.mapped[:, t], y[:, t] @ M.T, 1e-12)
    # gradient descent is not invariant under a non-orthogonal map
    assert (tr.mapped - run(SGDMomentum(lr=0.01, momentum=0.0), x0, oracle=oracle,
                            T=T).x).abs().max() > 1e-3


def test_callable_transform():
    d, T, B = 4, 5, 2
    oracle, _ = _quadratic(d, 36, T)
    x0 = _x0(B, d, 37)
    R = random_rotation(d, torch.Generator().manual_seed(38))
    alg = AdamLinf(lr=0.05, beta1=0.9, beta2=0.99, v0=1e-3)
    # the linear map as callables gives the matrix result
    lin = run_transformed(alg, oracle, x0, T, (lambda y: y @ R.T, lambda x: x @ R))
    _close(lin.mapped, run_transformed(alg, oracle, x0, T, R).mapped, 1e-12)
    # a nonlinear invertible map: T(y) = sinh(y), pullback cosh(y) * grad L(sinh(y))
    tr = run_transformed(alg, oracle, x0, T, (torch.sinh, torch.asinh))
    y = tr.tilde.x
    _close(y[:, 0], torch.asinh(x0), 1e-15)
    for t in range(1, T + 1):
        _close(tr.tilde.g[:, t - 1], torch.cosh(y[:, t - 1]) * oracle(torch.sinh(y[:, t - 1]), t),
               1e-12)
    _close(tr.mapped, torch.sinh(y), 1e-15)


def test_random_rotation_and_permutation_helpers():
    Q = random_rotation(5, torch.Generator().manual_seed(0), dtype=torch.float32)
    assert Q.dtype == torch.float32 and Q.shape == (5, 5)
    assert torch.allclose(Q.T @ Q, torch.eye(5), atol=1e-5)
    Q1 = random_rotation(5, torch.Generator().manual_seed(0))
    Q2 = random_rotation(5, torch.Generator().manual_seed(0))
    assert torch.equal(Q1, Q2)
    P = permutation_matrix([2, 0, 1])
    assert P.tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0]]


# --------------------------------------------------------------------------------------------
# batching, optimizers, dtypes, autograd
# --------------------------------------------------------------------------------------------
BATCH_CASES = [
    (AdamLinf, dict(lr=torch.tensor([0.1, 0.05, 0.01]), beta1=torch.tensor([0.0, 0.5, 0.9]),
                    beta2=torch.tensor([0.5, 1.0, 0.999]), eps=torch.tensor([0.0, 1e-3, 1e-1]),
                    v0=torch.tensor([1.0, 0.5, 0.0]))),
    (RMSPropLinf, dict(lr=0.1, beta2=torch.tensor([0.0, 0.5, 0.9]), v0=torch.tensor([0.1, 0.2, 0.3]))),
    (SignGD, dict(lr=torch.tensor([0.1, 0.2, 0.3]))),
    (AdaSGD, dict(lr=torch.tensor([0.1, 0.05, 0.01]), beta1=torch.tensor([0.0, 0.5, 0.9]),
                  beta2=torch.tensor([0.5, 1.0, 0.999]), eps=torch.tensor([0.0, 1e-3, 1e-1]),
                  v0=torch.tensor([1.0, 0.5, 0.0]))),
    (lambda **kw: BlockwiseAdam([[0, 2], [1, 3]], **kw),
     dict(lr=0.1, beta2=torch.tensor([0.5, 0.9, 0.99]), v0=torch.tensor([0.0, 0.5, 2.0]))),
    (SGDMomentum, dict(lr=torch.tensor([0.1, 0.05, 0.01]), momentum=torch.tensor([0.0, 0.5, 0.9]))),
]


@pytest.mark.parametrize("cls,kw", BATCH_CASES)
def test_per_candidate_hyperparameters_equal_separate_runs(cls, kw):
    grads, x0 = _data(40, B=3, T=7, d=4)
    kw = {k: (v.to(D64) if isinstance(v, torch.Tensor) else v) for k, v in kw.items()}
    batched = run(cls(**kw), x0, grads)
    for i in range(3):
        single_kw = {k: (float(v[i]) if isinstance(v, torch.Tensor) else v) for k, v in kw.items()}
        single = run(cls(**single_kw), x0[i:i + 1], grads[i:i + 1])
        _close(batched.x[i], single.x[0], 1e-14)
        for k in single.records:
            _close(batched[k][i], single[k][0], 1e-14)


COORDINATEWISE = [
    (AdamLinfOptimizer, AdamLinf, dict(lr=0.01, beta1=0.9, beta2=0.99, eps=1e-6, v0=1e-4)),
    (RMSPropLinfOptimizer, RMSPropLinf, dict(lr=0.01, beta2=0.9, v0=1e-4)),
    (SignGDOptimizer, SignGD, dict(lr=0.01)),
    (SGDMomentumOptimizer, SGDMomentum, dict(lr=0.05, momentum=0.9)),
]
JOINT = [
    (AdaSGDOptimizer, AdaSGD, dict(lr=0.01, beta1=0.9, beta2=0.99, v0=1e-4)),
    (BlockwiseAdamOptimizer, BlockwiseAdam,
     dict(partition=[[0, 2], [1, 3]], lr=0.01, beta1=0.5, beta2=0.9, v0=1e-4)),
]


def _train(opt_cls, hyper, steps=5):
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1).double()
    x = torch.randn(16, 3, dtype=D64)
    y = torch.randn(16, 1, dtype=D64)
    w0 = [p.detach().clone() for p in model.parameters()]
    opt = opt_cls(model.parameters(), **hyper)
    grads = []
    for _ in range(steps):
        opt.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        grads.append([p.grad.detach().clone() for p in model.parameters()])
        opt.step()
    return model, w0, grads


@pytest.mark.parametrize("opt_cls,alg_cls,hyper", COORDINATEWISE)
def test_optimizer_matches_run_per_parameter(opt_cls, alg_cls, hyper):
    model, w0, grads = _train(opt_cls, hyper)
    for k, p in enumerate(model.parameters()):
        g = torch.stack([gs[k] for gs in grads]).unsqueeze(0)
        traj = run(alg_cls(**hyper), w0[k].unsqueeze(0), g)
        _close(traj.x[0, -1], p.detach(), 1e-14)
        assert p.detach().ne(w0[k]).all()


@pytest.mark.parametrize("opt_cls,alg_cls,hyper", JOINT)
def test_joint_optimizer_matches_run_on_the_concatenated_vector(opt_cls, alg_cls, hyper):
    model, w0, grads = _train(opt_cls, hyper)
    flat0 = torch.cat([w.reshape(-1) for w in w0]).unsqueeze(0)
    g = torch.stack([torch.cat([a.reshape(-1) for a in gs]) for gs in grads]).unsqueeze(0)
    traj = run(alg_cls(**hyper), flat0, g)
    final = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
    _close(traj.x[0, -1], final, 1e-14)
    assert final.ne(flat0[0]).all()


def test_joint_optimizer_needs_every_gradient():
    a = torch.nn.Parameter(torch.ones(2, dtype=D64))
    b = torch.nn.Parameter(torch.ones(1, dtype=D64))
    opt = AdaSGDOptimizer([a, b], lr=0.1)
    a.grad = torch.ones(2, dtype=D64)
    with pytest.raises(AdaproofInputError, match="no gradient"):
        opt.step()


@pytest.mark.parametrize("make", [lambda: AdamLinf(lr=0.01, v0=1e-3), lambda: AdaSGD(lr=0.01),
                                  lambda: BlockwiseAdam([[0, 1], [2]], lr=0.01),
                                  lambda: SignGD(lr=0.01), lambda: SGDMomentum(lr=0.01)])
def test_float32_runs_close_to_float64(make):
    grads, x0 = _data(41, B=2, T=5, d=3)
    t64 = run(make(), x0, grads)
    t32 = run(make(), x0.float(), grads.float())
    assert t32.x.dtype == torch.float32
    _close(t32.x.double(), t64.x, 1e-5)


def test_differentiable_in_the_learning_rate():
    """Open loop with constant lr: x_T = x_0 - lr * sum_t m_t / sqrt(v_t + eps), so
    d x_T / d lr = sum_t update_t / lr."""
    grads, x0 = _data(42, B=2, T=6, d=3)
    lr = torch.tensor([0.05, 0.1], dtype=D64, requires_grad=True)
    traj = run(AdamLinf(lr=lr, beta1=0.9, beta2=0.99, eps=1e-3, v0=0.1), x0, grads,
               keep_graph=True)
    traj.x[:, -1].sum().backward()
    expected = (traj["update"].detach().sum(dim=(1, 2)) / lr.detach())
    _close(lr.grad, expected, 1e-12)


# --------------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------------
ADAPTIVE = [AdamLinf, AdaSGD, lambda **kw: BlockwiseAdam([[0], [1]], **kw)]


@pytest.mark.parametrize("cls", ADAPTIVE)
@pytest.mark.parametrize("kw,name", [
    ({"beta1": 1.0}, "beta1"), ({"beta1": -0.1}, "beta1"), ({"beta2": 1.01}, "beta2"),
    ({"beta2": -0.1}, "beta2"), ({"eps": -1e-8}, "eps"), ({"v0": -1.0}, "v0"),
    ({"lr": 0.0}, "lr"), ({"lr": float("nan")}, "lr"), ({"m0": float("inf")}, "m0"),
    ({"beta2": torch.tensor([0.5, 1.5])}, "beta2"), ({"v0": torch.tensor([[1.0]])}, "v0"),
    ({"beta2": 1.0, "v0": 0.0, "eps": 0.0}, "v0 \\+ eps")])
def test_bad_hyperparameters_name_the_parameter(cls, kw, name):
    with pytest.raises(AdaproofInputError, match=name):
        cls(**kw)


@pytest.mark.parametrize("make,name", [
    (lambda: RMSPropLinf(beta2=2.0), "beta2"), (lambda: RMSPropLinf(eps=-1.0), "eps"),
    (lambda: RMSPropLinf(v0=-1.0), "v0"), (lambda: SignGD(lr=-0.1), "lr"),
    (lambda: SignGD(lr=torch.tensor([0.1, 0.0])), "lr"),
    (lambda: SGDMomentum(momentum=1.0), "momentum"), (lambda: SGDMomentum(momentum=-0.5),
                                                      "momentum"),
    (lambda: SGDMomentum(lr=0.0), "lr")])
def test_bad_hyperparameters_other_algorithms(make, name):
    with pytest.raises(AdaproofInputError, match=name):
        make()


@pytest.mark.parametrize("make", [
    lambda: AdamLinf(beta1=0.0, beta2=0.9, eps=0.0, v0=0.0),
    lambda: AdaSGD(beta1=0.0, beta2=0.0, eps=0.0, v0=0.0),
    lambda: BlockwiseAdam([[0, 1], [2]], beta2=0.5, eps=0.0, v0=0.0)])
def test_division_by_zero_is_refused_at_the_step(make):
    """v0 = eps = 0 and a zero gradient (entry / block) at step 1: m_1 / sqrt(v_1 + eps) = 0/0."""
    grads, _ = _data(43, B=2, T=3, d=3)
    grads[1, 0] = 0.0
    with pytest.raises(AdaproofInputError, match="divides by zero"):
        run(make(), grads=grads)
    grads[1, 0] = 1.0         # no zero gradient: no division by zero
    assert bool(torch.isfinite(run(make(), grads=grads).x).all())


@pytest.mark.parametrize("partition,match", [
    ([[0, 1], [1, 2]], "duplicate"), ([[0], [2]], "missing"), ([[0], []], "empty"),
    ([[0.5, 1]], "integer"), ([0, 1, 2], "index lists"), ([[0, -1]], "negative"),
    ([], "at least one block"), (torch.tensor([0.0, 1.0]), "integer"),
    (torch.zeros(2, 2, dtype=torch.int64), "labels"), ("abc", "partition"),
    ([[0, 1], [True]], "integer")])
def test_bad_partition(partition, match):
    with pytest.raises(AdaproofInputError, match=match):
        BlockwiseAdam(partition)


def test_partition_must_match_the_dimension():
    grads = torch.ones(1, 2, 4, dtype=D64)
    with pytest.raises(AdaproofInputError, match="partition.*3..3 are in no block"):
        run(BlockwiseAdam([[0, 1], [2]]), grads=grads)
    with pytest.raises(AdaproofInputError, match="partition"):
        run(BlockwiseAdam(torch.tensor([0, 1, 1, 0, 2])), grads=grads)


def test_per_candidate_length_mismatch():
    with pytest.raises(AdaproofInputError, match="candidates|entries"):
        run(AdamLinf(v0=torch.tensor([1.0, 2.0], dtype=D64)), grads=torch.ones(3, 2, 4, dtype=D64))
    with pytest.raises(AdaproofInputError, match="different lengths"):
        AdamLinf(beta2=torch.tensor([0.5, 0.9]), v0=torch.tensor([1.0, 2.0, 3.0]))


def test_bad_transforms():
    oracle, _ = _quadratic(3, 44, 2)
    x0 = _x0(2, 3, 45)
    alg = AdaSGD()
    singular = torch.tensor([[1.0, 2.0, 0.0], [2.0, 4.0, 0.0], [0.0, 0.0, 1.0]], dtype=D64)
    cases = [
        (singular, "transform.*singular"),
        (torch.stack([torch.eye(3, dtype=D64), singular]), "transform.*singular"),
        (torch.eye(4, dtype=D64), "transform.*dimension d = 3"),
        (torch.ones(3, 4, dtype=D64), "transform must be square"),
        (torch.eye(3, dtype=D64).expand(5, 3, 3), "transform.*B = 2"),
        (torch.eye(3, dtype=torch.float32), "transform.*dtype"),
        (torch.ones(3, dtype=D64), "transform must be a matrix"),
        (torch.full((3, 3), float("nan"), dtype=D64), "transform"),
        ("rotation", "transform must be"),
        ((torch.sinh, torch.sinh), "not invertible"),
        ((torch.sinh, lambda x: x[:, :2]), "inverse"),
    ]
    for transform, match in cases:
        with pytest.raises(AdaproofInputError, match=match):
            run_transformed(alg, oracle, x0, 2, transform)
    with pytest.raises(AdaproofInputError, match="x0"):
        run_transformed(alg, oracle, x0[0], 2, torch.eye(3, dtype=D64))
    with pytest.raises(AdaproofInputError, match="T"):
        run_transformed(alg, oracle, x0, 0, torch.eye(3, dtype=D64))
    with pytest.raises(AdaproofInputError, match="oracle"):
        run_transformed(alg, lambda x, t: x[:, :2], x0, 2, torch.eye(3, dtype=D64))
    with pytest.raises(AdaproofInputError, match="algorithm"):
        run_transformed(AdaSGD, oracle, x0, 2, torch.eye(3, dtype=D64))
    with pytest.raises(AdaproofInputError, match="perm"):
        permutation_matrix([0, 0, 1])
    with pytest.raises(AdaproofInputError, match="perm"):
        permutation_matrix(torch.tensor([0.0, 1.0]))
    with pytest.raises(AdaproofInputError, match="d must"):
        random_rotation(0)
