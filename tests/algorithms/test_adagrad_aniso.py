"""Algorithms 1-3 of adagrad_aniso (AdaGrad, SGD, AdaGrad-Norm with Options I/II), their domains
W, and the practical torch-parameterised Adagrad, against independent line-by-line computations,
torch.optim.Adagrad and each other."""
import math
from fractions import Fraction

import mpmath
import pytest
import torch

from adaproof import AdaproofInputError
from adaproof.algorithms._core import run
from adaproof.algorithms.adagrad_aniso import (
    AdaGradAniso, AdaGradAnisoOptimizer, AdaGradNorm, AdaGradNormOptimizer, Box, L2Ball, LinfBall,
    SGDAniso, SGDAnisoOptimizer, Unconstrained)
from adaproof.algorithms.practical.adagrad import Adagrad, AdagradOptimizer

F64 = torch.float64
TOL = 1e-12


def _t(x):
    return torch.tensor(x, dtype=F64)


# ---------------------------------------------------------------------------------------------
# independent references, written from the paper's algorithm boxes (plain Python / Fraction)
# ---------------------------------------------------------------------------------------------
def _clip(y, low, high):
    return [min(max(yi, lo), hi) for yi, lo, hi in zip(y, low, high)]


def _l2_proj_euclid(y, c, r):
    a = [yi - ci for yi, ci in zip(y, c)]
    n = math.sqrt(sum(ai * ai for ai in a))
    if n <= r:
        return list(y)
    return [ci + ai * r / n for ci, ai in zip(c, a)]


def _l2_proj_weighted(y, c, r, lam):
    """argmin_{||z-c||_2 <= r} sum_j lam_j (z_j - y_j)^2 by bisection on the KKT multiplier mu,
    in 60-digit arithmetic: z_j = c_j + lam_j a_j / (lam_j + mu), ||z - c|| decreasing in mu."""
    mpmath.mp.dps = 60
    a = [mpmath.mpf(yi) - mpmath.mpf(ci) for yi, ci in zip(y, c)]
    lam = [mpmath.mpf(li) for li in lam]
    if mpmath.sqrt(sum(ai * ai for ai in a)) <= r:
        return list(y)

    def norm(mu):
        return mpmath.sqrt(sum((li * ai / (li + mu)) ** 2 for li, ai in zip(lam, a)))

    lo, hi = mpmath.mpf(0), mpmath.mpf(1)
    while norm(hi) > r:
        hi *= 2
    for _ in range(300):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if norm(mid) > r else (lo, mid)
    mu = (lo + hi) / 2
    return [float(mpmath.mpf(ci) + li * ai / (li + mu)) for ci, li, ai in zip(c, lam, a)]


def _project(kind, y, lam):
    if kind is None:
        return list(y)
    if kind[0] == "box":
        return _clip(y, kind[1], kind[2])
    _, c, r = kind
    return _l2_proj_euclid(y, c, r) if lam is None else _l2_proj_weighted(y, c, r, lam)


def _ref_adagrad(grads, w0, etas, eps, kind=None):
    """Algorithm 1: v_{-1} = eps^2 1_d; v_t = v_{t-1} + g_t^2; w_{t+1} = Pi^{Lam_t}(w_t - eta_t
    g_t / sqrt(v_t)); v kept exact in Fractions."""
    v = [Fraction(eps) ** 2] * len(w0)
    w = list(w0)
    ws, vs, ys, avgs = [list(w)], [list(v)], [], []
    for t, g in enumerate(grads):
        v = [vi + Fraction(gi) ** 2 for vi, gi in zip(v, g)]
        lam = [math.sqrt(vi) for vi in v]
        y = [wi - etas[t] * gi / li for wi, gi, li in zip(w, g, lam)]
        avgs.append([sum(col) / (t + 1) for col in zip(*ws)])  # (1/T) sum_{s<T} w_s, T = t+1
        w = _project(kind, y, lam)
        ws.append(list(w))
        vs.append(list(v))
        ys.append(y)
    return ws, vs, ys, avgs


def _ref_adagrad_norm(grads, w0, etas, eps, kind=None):
    """Algorithm 3: v_{-1} = eps^2; v_t = v_{t-1} + ||g_t||^2; b_t = sqrt(v_t);
    w_{t+1} = Pi_W(w_t - (eta_t / b_t) g_t) (Euclidean)."""
    v = Fraction(eps) ** 2
    w = list(w0)
    ws, vs, ys = [list(w)], [v], []
    for t, g in enumerate(grads):
        v = v + sum(Fraction(gi) ** 2 for gi in g)
        b = math.sqrt(v)
        y = [wi - etas[t] / b * gi for wi, gi in zip(w, g)]
        w = _project(kind, y, None)
        ws.append(list(w))
        vs.append(v)
        ys.append(y)
    return ws, vs, ys


def _ref_sgd(grads, w0, etas, kind=None):
    """Algorithm 2: w_{t+1} = Pi^{I_d}_W(w_t - eta_t g_t)."""
    w = list(w0)
    ws = [list(w)]
    for t, g in enumerate(grads):
        w = _project(kind, [wi - etas[t] * gi for wi, gi in zip(w, g)], None)
        ws.append(list(w))
    return ws


def _domain(kind):
    if kind is None:
        return None
    if kind[0] == "box":
        return Box(_t(kind[1]), _t(kind[2]))
    return L2Ball(_t(kind[1]), kind[2])


def _data(seed, B=1, T=6, d=4, scale=2.0):
    gen = torch.Generator().manual_seed(seed)
    grads = torch.randn(B, T, d, generator=gen, dtype=F64) * scale
    grads[0, 1, 0] = 0.0  # a zero gradient coordinate on the way
    w0 = torch.randn(B, d, generator=gen, dtype=F64) * 0.1
    return grads, w0


def _close(a, b, tol=TOL):
    b = torch.as_tensor(b, dtype=F64)
    assert a.shape == b.shape, (a.shape, b.shape)
    err = (a - b).abs().max().item() if a.numel() else 0.0
    assert err <= tol, err


KINDS = [None,
         ("box", [-0.2, -0.1, -0.3, -0.05], [0.2, 0.15, 0.1, 0.3]),
         ("ball", [0.05, -0.02, 0.0, 0.01], 0.25)]


# ---------------------------------------------------------------------------------------------
# Algorithm 1 (AdaGrad)
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS, ids=["optionII", "box", "l2ball"])
@pytest.mark.parametrize("eps,sched", [(1e-3, False), (0.5, True), (2.0, False)])
def test_adagrad_matches_reference(kind, eps, sched):
    grads, w0 = _data(0)
    T = grads.shape[1]
    lr = (lambda t: 0.3 / math.sqrt(t)) if sched else 0.3
    etas = [0.3 / math.sqrt(k + 1) if sched else 0.3 for k in range(T)]  # paper's eta_k
    traj = run(AdaGradAniso(lr=lr, eps=eps, domain=_domain(kind)), w0, grads)
    ws, vs, ys, avgs = _ref_adagrad(grads[0].tolist(), w0[0].tolist(), etas, eps, kind)
    _close(traj.x[0], ws)
    _close(traj.series("v")[0], [[float(x) for x in v] for v in vs])
    _close(traj.series("lam")[0], [[math.sqrt(x) for x in v] for v in vs])
    assert traj.series("v")[0, 0].tolist() == [eps * eps] * 4  # v_{-1} = eps^2 1_d
    _close(traj["y"][0], ys)
    _close(traj["w_bar"][0], avgs)
    _close(traj["eta"][0], etas)
    _close(traj["step_size"][0], [[e / math.sqrt(x) for x in v] for e, v in zip(etas, vs[1:])])
    _close(traj["update"][0], [[b - a for a, b in zip(w, w2)] for w, w2 in zip(ws, ws[1:])])
    if kind is not None:
        # the projection did act at some step (the test exercises Option I)
        assert (traj["y"] - traj.x[:, 1:]).abs().max() > 1e-3


def test_adagrad_output_is_average_of_w0_to_wT_minus_1():
    grads, w0 = _data(1, T=5)
    traj = run(AdaGradAniso(lr=0.2, eps=0.1), w0, grads)
    _close(traj["w_bar"][0, -1], traj.x[0, :5].mean(0), 1e-14)  # (1/T) sum_{t=0}^{T-1} w_t


def test_adagrad_zero_gradient_first_step_is_finite():
    # v_{-1} = eps^2 > 0 guards the 0/0 of g_0 = 0
    grads = torch.zeros(1, 3, 2, dtype=F64)
    traj = run(AdaGradAniso(lr=1.0, eps=1e-10), grads=grads)
    assert torch.isfinite(traj.x).all() and (traj.x == 0).all()


# ---------------------------------------------------------------------------------------------
# Algorithm 3 (AdaGrad-Norm) and Algorithm 2 (SGD)
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS, ids=["optionII", "box", "l2ball"])
@pytest.mark.parametrize("eps,sched", [(1e-3, False), (0.7, True)])
def test_adagrad_norm_matches_reference(kind, eps, sched):
    grads, w0 = _data(2)
    T = grads.shape[1]
    lr = (lambda t: 0.4 / math.sqrt(t)) if sched else 0.4
    etas = [0.4 / math.sqrt(k + 1) if sched else 0.4 for k in range(T)]
    traj = run(AdaGradNorm(lr=lr, eps=eps, domain=_domain(kind)), w0, grads)
    ws, vs, ys = _ref_adagrad_norm(grads[0].tolist(), w0[0].tolist(), etas, eps, kind)
    _close(traj.x[0], ws)
    _close(traj.series("v")[0], [float(v) for v in vs])
    _close(traj.series("b")[0], [math.sqrt(v) for v in vs])
    _close(traj["step_size"][0], [e / math.sqrt(v) for e, v in zip(etas, vs[1:])])
    _close(traj["y"][0], ys)
    _close(traj["w_bar"][0], [[sum(c) / (t + 1) for c in zip(*ws[:t + 1])] for t in range(T)])
    if kind is not None:
        assert (traj["y"] - traj.x[:, 1:]).abs().max() > 1e-3


@pytest.mark.parametrize("kind", KINDS, ids=["optionII", "box", "l2ball"])
def test_sgd_matches_reference(kind):
    grads, w0 = _data(3)
    T = grads.shape[1]
    etas = [0.1 / math.sqrt(k + 1) for k in range(T)]  # Remark D.2: eta_t = O(1/sqrt(t+1))
    traj = run(SGDAniso(lr=lambda t: 0.1 / math.sqrt(t), domain=_domain(kind)), w0, grads)
    ws = _ref_sgd(grads[0].tolist(), w0[0].tolist(), etas, kind)
    _close(traj.x[0], ws)
    _close(traj["eta"][0], etas)
    _close(traj["y"][0], [[w - e * g for w, g in zip(ws[t], grads[0, t].tolist())]
                          for t, e in enumerate(etas)])
    _close(traj["w_bar"][0, -1], [sum(c) / T for c in zip(*ws[:T])])


def test_adagrad_norm_in_one_dimension_is_adagrad():
    grads, w0 = _data(4, d=1)
    for dom in (None, Box(-0.1, 0.3)):
        a = run(AdaGradAniso(lr=0.2, eps=0.3, domain=dom), w0, grads)
        n = run(AdaGradNorm(lr=0.2, eps=0.3, domain=dom), w0, grads)
        _close(a.x, n.x, 1e-14)
        _close(a["v"][..., 0], n["v"], 1e-14)


# ---------------------------------------------------------------------------------------------
# the practical form against torch.optim.Adagrad
# ---------------------------------------------------------------------------------------------
SETTINGS = [dict(),
            dict(lr=0.1, lr_decay=0.3),
            dict(lr=0.05, weight_decay=0.2, eps=1e-6),
            dict(lr=0.5, initial_accumulator_value=0.7, eps=0.0),
            dict(lr=0.2, lr_decay=0.05, weight_decay=0.01, initial_accumulator_value=0.1,
                 eps=1e-3, maximize=True)]


@pytest.mark.parametrize("shape", [(3,), (2, 3), (4, 1, 2), ()])
@pytest.mark.parametrize("hp", SETTINGS)
def test_practical_adagrad_matches_torch(hp, shape):
    gen = torch.Generator().manual_seed(5)
    T = 7
    grads = torch.randn((T,) + shape, generator=gen, dtype=F64)
    p = torch.nn.Parameter(torch.randn(shape, generator=gen, dtype=F64))
    x0 = p.detach().clone()
    opt = torch.optim.Adagrad([p], **hp)
    alg = Adagrad(**hp)
    state = alg.init(x0.unsqueeze(0))
    for t in range(1, T + 1):
        p.grad = grads[t - 1].clone()
        opt.step()
        state, rec = alg.step(state, grads[t - 1].unsqueeze(0), t)
        _close(state["x"][0], p.detach())
        _close(rec["sum"][0], opt.state[p]["sum"])
    if shape == ():
        return  # run() needs a parameter of at least one dimension; the step handles scalars
    traj = run(Adagrad(**hp), x0.unsqueeze(0), grads.unsqueeze(0))
    _close(traj.x[0, -1], p.detach())
    init = hp.get("initial_accumulator_value", 0.0)
    assert traj.series("sum")[0, 0].eq(init).all()


def test_practical_adagrad_records():
    grads, w0 = _data(6, T=4, d=3)
    hp = dict(lr=0.3, lr_decay=0.1, weight_decay=0.05, initial_accumulator_value=0.2, eps=1e-4)
    traj = run(Adagrad(**hp), w0, grads)
    # hand recomputation of step 1 from the documented update
    g = grads[0, 0] + 0.05 * w0[0]
    s = 0.2 + g * g
    std = s.sqrt() + 1e-4
    _close(traj["grad"][0, 0], g, 1e-15)
    _close(traj["std"][0, 0], std, 1e-15)
    _close(traj["clr"][0], [0.3 / (1 + k * 0.1) for k in range(4)], 1e-15)
    _close(traj.x[0, 1], w0[0] - 0.3 * g / std, 1e-15)
    _close(traj["step_size"][0], traj["clr"][0][:, None] / traj["std"][0], 1e-15)


# ---------------------------------------------------------------------------------------------
# paper AdaGrad == practical / torch Adagrad where the parameterisations coincide
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("eta,eps,lr_decay", [(0.3, 1e-3, 0.0), (0.05, 0.8, 0.0),
                                              (0.2, 0.1, 0.25)])
def test_paper_adagrad_equals_practical_adagrad(eta, eps, lr_decay):
    """Mapping: lr = eta, initial_accumulator_value = eps^2, torch eps = 0, weight_decay = 0;
    lr_decay <-> schedule eta_{t-1} = lr / (1 + (t-1) lr_decay)."""
    grads, w0 = _data(7, B=2, T=8, d=5)
    paper = run(AdaGradAniso(lr=lambda t: eta / (1 + (t - 1) * lr_decay), eps=eps), w0, grads)
    prac = run(Adagrad(lr=eta, lr_decay=lr_decay, initial_accumulator_value=eps ** 2, eps=0.0),
               w0, grads)
    _close(paper.x, prac.x)
    _close(paper.series("v"), prac.series("sum"))
    _close(paper["step_size"], prac["step_size"])
    # and directly against torch.optim.Adagrad
    p = torch.nn.Parameter(w0[1].clone())
    opt = torch.optim.Adagrad([p], lr=eta, lr_decay=lr_decay, initial_accumulator_value=eps ** 2,
                              eps=0.0)
    for t in range(grads.shape[1]):
        p.grad = grads[1, t].clone()
        opt.step()
        _close(paper.x[1, t + 1], p.detach())


def test_paper_adagrad_differs_from_torch_when_torch_eps_is_outside_sqrt():
    grads, w0 = _data(8, T=3)
    paper = run(AdaGradAniso(lr=0.1, eps=0.5), w0, grads)
    prac = run(Adagrad(lr=0.1, eps=0.5), w0, grads)  # eps outside the sqrt, sum_0 = 0
    assert (paper.x[0, -1] - prac.x[0, -1]).abs().max() > 1e-3


# ---------------------------------------------------------------------------------------------
# projections
# ---------------------------------------------------------------------------------------------
def _points(seed, B=3, shape=(5,), scale=2.0):
    gen = torch.Generator().manual_seed(seed)
    y = torch.randn((B,) + shape, generator=gen, dtype=F64) * scale
    lam = torch.rand((B,) + shape, generator=gen, dtype=F64) * 10 + 0.01
    return y, lam


SETS = [lambda: Box(-0.5, _t([0.1, 0.2, 0.3, 0.4, 0.5])),
        lambda: LinfBall(_t([0.1, 0.0, -0.1, 0.2, 0.0]), 0.3),
        lambda: L2Ball(_t([0.3, -0.2, 0.1, 0.0, 0.5]), 0.7),
        lambda: L2Ball(0.0, _t([0.5, 1.0, 100.0])),
        lambda: Unconstrained()]


@pytest.mark.parametrize("make", SETS, ids=["box", "linf", "l2", "l2-batched-radius", "free"])
@pytest.mark.parametrize("weighted", [False, True])
def test_projection_lands_in_W_and_is_idempotent(make, weighted):
    W = make()
    y, lam = _points(9)
    w = lam if weighted else None
    z = W.project(y, w)
    assert W.contains(z, atol=1e-12).all()
    _close(W.project(z, w), z, 1e-12)
    inside = z.clone()
    _close(W.project(inside, w), inside, 1e-12)
    # Lemma C.1, (13): <z' - z, Lam (y - z)> <= 0 for every z' in W
    gen = torch.Generator().manual_seed(99)
    lamw = lam if weighted else torch.ones_like(y)
    for _ in range(20):
        zp = W.project(torch.randn(y.shape, generator=gen, dtype=F64) * 2)  # a point z' in W
        assert (((zp - z) * lamw * (y - z)).sum(1) <= 1e-10).all()


def test_box_projection_is_clamp_for_any_weights():
    y, lam = _points(10, shape=(2, 3))
    low = torch.full((2, 3), -0.3, dtype=F64)
    high = torch.linspace(-0.2, 0.9, 6, dtype=F64).reshape(2, 3)
    W = Box(low, high)
    expected = torch.clamp(y, low, high)
    _close(W.project(y), expected, 0.0)
    _close(W.project(y, lam), expected, 0.0)
    _close(LinfBall(0.5, 0.25).project(y), torch.clamp(y, 0.25, 0.75), 0.0)


def test_l2_projection_euclidean_and_weighted_against_reference():
    y, lam = _points(11)
    c = _t([0.3, -0.2, 0.1, 0.0, 0.5])
    W = L2Ball(c, 0.7)
    z = W.project(y)
    zw = W.project(y, lam)
    for i in range(3):
        _close(z[i], _l2_proj_euclid(y[i].tolist(), c.tolist(), 0.7), 1e-15)
        _close(zw[i], _l2_proj_weighted(y[i].tolist(), c.tolist(), 0.7, lam[i].tolist()), 1e-12)
    # equal weights reduce the weighted projection to the Euclidean one
    _close(W.project(y, 3.0 * torch.ones_like(y)), z, 1e-14)
    # a weighted projection of an outside point is not the radial one (else the test is void)
    assert (zw - z).abs().max() > 1e-3


def test_l2_projection_extreme_weights_and_degenerate_balls():
    y = _t([[3.0, -4.0, 1.0, 0.5], [0.01, 0.02, 0.0, 0.0]])
    lam = _t([[1e-6, 1e6, 1.0, 3.0], [1.0, 2.0, 3.0, 4.0]])
    W = L2Ball(0.0, 1.0)
    zw = W.project(y, lam)
    _close(zw[0], _l2_proj_weighted(y[0].tolist(), [0.0] * 4, 1.0, lam[0].tolist()), 1e-12)
    _close(zw[1], y[1], 0.0)  # inside: unchanged
    _close(L2Ball(_t([1.0, 2.0, 3.0, 4.0]), 0.0).project(y, lam), _t([[1.0, 2, 3, 4]] * 2))


def test_weighted_l2_projection_is_differentiable():
    y, lam = _points(12, B=2, shape=(3,))
    W = L2Ball(_t([0.1, 0.0, -0.2]), 0.4)
    y.requires_grad_(True)
    lam.requires_grad_(True)
    assert torch.autograd.gradcheck(lambda a, b: W.project(a, b), (y, lam), eps=1e-7,
                                    atol=1e-6)


def test_diameters():
    like = torch.zeros(2, 3, dtype=F64)
    dinf, d2 = Box(_t([0.0, -1.0, 0.0]), _t([1.0, 1.0, 0.5])).diameters(like)
    _close(dinf, [2.0, 2.0])
    _close(d2, [math.sqrt(1 + 4 + 0.25)] * 2)
    dinf, d2 = L2Ball(0.0, _t([0.5, 2.0])).diameters(like)
    _close(dinf, [1.0, 4.0])
    _close(d2, [1.0, 4.0])
    assert torch.isinf(Unconstrained().diameters(like)[0]).all()


# ---------------------------------------------------------------------------------------------
# batching, optimizer subclasses, dtypes, autograd
# ---------------------------------------------------------------------------------------------
def test_per_candidate_hyperparameters_equal_separate_runs():
    grads, w0 = _data(13, B=3, T=6, d=4)
    lr = _t([0.05, 0.2, 1.0])
    eps = _t([1e-4, 0.3, 2.0])
    radius = _t([0.1, 0.5, 10.0])
    low = -torch.rand(3, 4, dtype=F64) * 0.3
    cases = [
        (lambda l, e, r, lo: AdaGradAniso(lr=l, eps=e, domain=L2Ball(0.0, r))),
        (lambda l, e, r, lo: AdaGradAniso(lr=l, eps=e, domain=Box(lo, 0.2))),
        (lambda l, e, r, lo: AdaGradNorm(lr=l, eps=e, domain=L2Ball(0.0, r))),
        (lambda l, e, r, lo: SGDAniso(lr=l, domain=Box(lo, 0.2))),
        (lambda l, e, r, lo: Adagrad(lr=l, eps=e, lr_decay=r, weight_decay=e,
                                     initial_accumulator_value=r)),
    ]
    for make in cases:
        batched = run(make(lr, eps, radius, low), w0, grads)
        for i in range(3):
            single = run(make(float(lr[i]), float(eps[i]), float(radius[i]), low[i]),
                         w0[i:i + 1], grads[i:i + 1])
            _close(batched.x[i], single.x[0], 1e-14)
            for k in batched.records:
                _close(batched[k][i], single[k][0], 1e-14)


def _train(opt_cls, hp, steps=5):
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1, bias=False).double()
    x = torch.randn(16, 3, dtype=F64)
    y = torch.randn(16, 1, dtype=F64)
    w0 = model.weight.detach().clone()
    opt = opt_cls(model.parameters(), **hp)
    grads = []
    for _ in range(steps):
        opt.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        grads.append(model.weight.grad.detach().clone())
        opt.step()
    return w0, torch.stack(grads), model.weight.detach()


@pytest.mark.parametrize("opt_cls,alg_cls,hp", [
    (AdaGradAnisoOptimizer, AdaGradAniso, dict(lr=0.1, eps=1e-3)),
    (AdaGradAnisoOptimizer, AdaGradAniso, dict(lr=0.3, eps=0.1, domain=L2Ball(0.0, 0.5))),
    (AdaGradNormOptimizer, AdaGradNorm, dict(lr=0.1, eps=1e-3, domain=Box(-0.4, 0.4))),
    (SGDAnisoOptimizer, SGDAniso, dict(lr=0.2)),
    (AdagradOptimizer, Adagrad, dict(lr=0.1, lr_decay=0.1, weight_decay=0.01)),
])
def test_optimizer_subclass_matches_run(opt_cls, alg_cls, hp):
    w0, grads, w_final = _train(opt_cls, hp)
    traj = run(alg_cls(**hp), w0.unsqueeze(0), grads.unsqueeze(0))
    _close(traj.x[0, -1], w_final, 1e-14)
    assert w_final.ne(w0).any()


def test_practical_optimizer_equals_torch_adagrad():
    hp = dict(lr=0.1, lr_decay=0.1, weight_decay=0.01, initial_accumulator_value=0.2)
    _, _, ours = _train(AdagradOptimizer, hp)
    _, _, theirs = _train(torch.optim.Adagrad, hp)
    _close(ours, theirs)


def test_float32_and_autograd():
    grads, w0 = _data(14, B=2, T=4, d=3)
    alg = AdaGradAniso(lr=0.2, eps=0.1, domain=L2Ball(0.0, 0.3))
    t64 = run(alg, w0, grads)
    t32 = run(alg, w0.float(), grads.float())
    assert t32.x.dtype == torch.float32
    assert (t32.x.double() - t64.x).abs().max() < 1e-5
    lr = _t([0.2, 0.3]).requires_grad_(True)
    for a in (AdaGradAniso(lr=lr, eps=0.1, domain=L2Ball(0.0, 0.3)),
              AdaGradNorm(lr=lr, domain=L2Ball(0.0, 0.3)), SGDAniso(lr=lr, domain=Box(-.5, .5)),
              Adagrad(lr=lr)):
        traj = run(a, w0, grads, keep_graph=True)
        # a loss not constant on the ball's sphere, over the whole trajectory
        (gl,) = torch.autograd.grad((traj.x[:, 1:] * _t([1.0, -2.0, 0.5])).sum(), lr)
        assert torch.isfinite(gl).all() and gl.abs().sum() > 0


# ---------------------------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("make,name", [
    (lambda: AdaGradAniso(lr=0.0), "lr"), (lambda: AdaGradAniso(lr=-1.0), "lr"),
    (lambda: AdaGradAniso(lr=float("nan")), "lr"), (lambda: AdaGradAniso(eps=0.0), "eps"),
    (lambda: AdaGradAniso(eps=-1e-3), "eps"), (lambda: AdaGradAniso(eps=_t([0.1, -0.1])), "eps"),
    (lambda: AdaGradAniso(domain="box"), "domain"),
    (lambda: AdaGradNorm(lr=-0.1), "lr"), (lambda: AdaGradNorm(eps=0.0), "eps"),
    (lambda: AdaGradNorm(eps=-2.0), "eps"), (lambda: AdaGradNorm(domain=3), "domain"),
    (lambda: SGDAniso(lr=0.0), "lr"), (lambda: SGDAniso(lr=_t([0.1, -1.0])), "lr"),
    (lambda: SGDAniso(domain=[0, 1]), "domain"),
    (lambda: Box(1.0, 0.0), "low"), (lambda: Box(_t([0.0, 1.0]), _t([1.0, 0.5])), "low"),
    (lambda: Box(float("nan"), 1.0), "low"), (lambda: Box(0.0, float("inf")), "high"),
    (lambda: L2Ball(0.0, -1.0), "radius"), (lambda: L2Ball(_t([0.0, float("nan")]), 1.0), "center"),
    (lambda: LinfBall(0.0, -0.5), "radius"),
    (lambda: Adagrad(lr=-1.0), "lr"), (lambda: Adagrad(lr_decay=-0.1), "lr_decay"),
    (lambda: Adagrad(weight_decay=-0.1), "weight_decay"),
    (lambda: Adagrad(initial_accumulator_value=-1.0), "initial_accumulator_value"),
    (lambda: Adagrad(eps=-1e-10), "eps"), (lambda: Adagrad(maximize=1), "maximize"),
])
def test_bad_hyperparameters_name_the_parameter(make, name):
    with pytest.raises(AdaproofInputError, match=name):
        make()


@pytest.mark.parametrize("dom,name", [(Box(_t([0.0, 0.0]), 1.0), "low"),
                                      (Box(_t([0.0, 1.0]), _t([1.0, 2.0, 3.0, 4.0])), "low"),
                                      (Box(_t([0.0, 0.0, 0.0]), _t([1.0, 1.0, 1.0, -1.0])),
                                       "low must be <= high"),
                                      (LinfBall(_t([0.0, 0.0]), 1.0), "center"),
                                      (Box(0.0, torch.ones(2, 2, dtype=F64)), "high"),
                                      (L2Ball(torch.zeros(5, dtype=F64), 1.0), "center"),
                                      (L2Ball(0.0, _t([1.0, 2.0])), "radius")])
def test_domain_shape_mismatch_is_rejected(dom, name):
    grads = torch.ones(3, 2, 4, dtype=F64)  # B = 3, parameter shape (4,)
    for alg in (AdaGradAniso(domain=dom), AdaGradNorm(domain=dom), SGDAniso(domain=dom)):
        with pytest.raises(AdaproofInputError, match=name):
            run(alg, grads=grads)


def test_bad_weights_and_schedule_values():
    W = L2Ball(0.0, 0.1)
    y = torch.ones(2, 3, dtype=F64)
    with pytest.raises(AdaproofInputError, match="weights"):
        W.project(y, torch.ones(2, 4, dtype=F64))
    with pytest.raises(AdaproofInputError, match="weights"):
        W.project(y, torch.zeros(2, 3, dtype=F64))
    with pytest.raises(AdaproofInputError, match="lr"):
        run(AdaGradAniso(lr=lambda t: float("nan")), grads=torch.ones(1, 2, 3, dtype=F64))
    with pytest.raises(AdaproofInputError, match="lr"):
        run(Adagrad(lr=lambda t: -1.0), grads=torch.ones(1, 2, 3, dtype=F64))


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_matches_cpu():
    grads, w0 = _data(15, B=2, T=5, d=4)
    dev = torch.device("cuda")
    for make in (lambda d: AdaGradAniso(lr=torch.tensor([0.2, 0.4], dtype=F64, device=d),
                                        eps=0.1, domain=L2Ball(torch.zeros(4, dtype=F64,
                                                                           device=d), 0.3)),
                 lambda d: AdaGradNorm(lr=0.3, domain=Box(-0.2, 0.2)),
                 lambda d: SGDAniso(lr=0.1, domain=LinfBall(0.0, 0.1)),
                 lambda d: Adagrad(lr=0.1, lr_decay=0.1, weight_decay=0.1)):
        cpu = run(make("cpu"), w0, grads)
        gpu = run(make(dev), w0.to(dev), grads.to(dev))
        _close(gpu.x.cpu(), cpu.x, 1e-12)
