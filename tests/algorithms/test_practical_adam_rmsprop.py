"""Practical Adam, AdamW and RMSprop against torch.optim step by step (float64, 1e-12), their
records against torch's optimizer state, per-candidate batching, the Optimizer adapters, bad
input, and the relation between practical Adam and the paper form of adam_complexity."""
import itertools
import math

import pytest
import torch

from adaproof import AdaproofInputError
from adaproof.algorithms._core import run
from adaproof.algorithms.adam_complexity import AdamComplexity
from adaproof.algorithms.practical.adam import Adam, AdamOptimizer, AdamW, AdamWOptimizer
from adaproof.algorithms.practical.rmsprop import RMSprop, RMSpropOptimizer

DT = torch.float64
TOL = 1e-12
T = 12
SHAPES = [(5,), (3, 4)]

#: torch state name -> adaproof record name
ADAM_STATE = {"exp_avg": "m", "exp_avg_sq": "v", "max_exp_avg_sq": "vmax"}
RMSPROP_STATE = {"square_avg": "v", "grad_avg": "g_avg", "momentum_buffer": "buf"}


def _problem(shape, B=2, seed=0, dtype=DT):
    """x0 (B, *shape) and per-step gradients (B, T, *shape) with magnitudes varying over steps
    (so that amsgrad's running max and the centered variance actually matter)."""
    gen = torch.Generator().manual_seed(seed)
    x0 = torch.randn((B,) + shape, generator=gen, dtype=DT)
    scale = torch.exp(torch.randn((B, T) + (1,) * len(shape), generator=gen, dtype=DT))
    grads = torch.randn((B, T) + shape, generator=gen, dtype=DT) * scale
    return x0.to(dtype), grads.to(dtype)


def _torch_run(opt_cls, x0, grads, state_names, lr_of_step=None, **kw):
    """Drive a torch optimizer over the B candidates (one parameter each) with the given
    gradients set by hand; return the iterates (B, T+1, *shape) and the state per step."""
    B, steps = grads.shape[:2]
    params = [torch.nn.Parameter(x0[b].clone()) for b in range(B)]
    opt = opt_cls(params, **kw)
    xs = [x0.clone()]
    states = {k: [] for k in state_names}
    for t in range(steps):
        if lr_of_step is not None:
            for group in opt.param_groups:
                group["lr"] = lr_of_step(t + 1)
        for b, p in enumerate(params):
            p.grad = grads[b, t].clone()
        opt.step()
        xs.append(torch.stack([p.detach().clone() for p in params]))
        for k in state_names:
            if k in opt.state[params[0]]:
                states[k].append(torch.stack([opt.state[p][k].clone() for p in params]))
    return torch.stack(xs, 1), {k: torch.stack(v, 1) for k, v in states.items() if v}


def _maxdiff(a, b):
    return (a - b).abs().max().item()


def _check_against_torch(traj, ref_x, ref_states, mapping):
    assert traj.x.shape == ref_x.shape
    assert torch.isfinite(ref_x).all()
    # the iterates agree at every step
    per_step = (traj.x - ref_x).abs().flatten(2).amax(dim=(0, 2))
    assert per_step.max().item() <= TOL, per_step
    # the recorded moments are torch's optimizer state
    for torch_name, name in mapping.items():
        if torch_name in ref_states:
            assert _maxdiff(traj[name], ref_states[torch_name]) <= TOL, name
    # the recorded update is the iterate increment
    assert _maxdiff(traj["update"], ref_x[:, 1:] - ref_x[:, :-1]) <= TOL


# ------------------------------------------------------------------------------ Adam / AdamW
ADAM_GRID = list(itertools.product(
    [(0.9, 0.999), (0.0, 0.99), (0.5, 0.9999999), (0.99, 0.0)],  # betas, incl. beta2 near 1
    [1e-8, 0.3, 0.0],  # eps
    [0.0, 0.1],  # weight_decay
    [False, True],  # amsgrad
    [False, True],  # maximize
))


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("betas,eps,wd,amsgrad,maximize", ADAM_GRID)
@pytest.mark.parametrize("cls,torch_cls", [(Adam, torch.optim.Adam),
                                           (AdamW, torch.optim.AdamW)], ids=["Adam", "AdamW"])
def test_adam_matches_torch(cls, torch_cls, betas, eps, wd, amsgrad, maximize, shape):
    x0, grads = _problem(shape, seed=hash((betas, eps, wd)) % 1000)
    kw = dict(lr=0.05, betas=betas, eps=eps, weight_decay=wd, amsgrad=amsgrad, maximize=maximize)
    traj = run(cls(**kw), x0, grads)
    ref_x, ref_st = _torch_run(torch_cls, x0, grads, ADAM_STATE, foreach=False, **kw)
    _check_against_torch(traj, ref_x, ref_st, ADAM_STATE)
    assert ("vmax" in traj.records) == amsgrad
    # the bias-corrected quantities and the effective step size, from the recorded m, v
    t = torch.arange(1, T + 1, dtype=DT).reshape((1, T) + (1,) * len(shape))
    b1, b2 = betas
    second = traj["vmax"] if amsgrad else traj["v"]
    assert _maxdiff(traj["m_hat"], traj["m"] / (1 - b1 ** t)) <= TOL
    assert _maxdiff(traj["v_hat"], second / (1 - b2 ** t)) <= 1e-10 * (1 + second.abs().max())
    lr_eff = 0.05 / (1 - b1 ** t) / (second.sqrt() / (1 - b2 ** t).sqrt() + eps)
    assert torch.allclose(traj["step_size"], lr_eff, rtol=1e-12, atol=0)
    # update = -(step size) * m, plus AdamW's decoupled decay -lr*wd*x
    decay = -0.05 * wd * traj.x[:, :-1] if cls is AdamW else 0.0
    assert _maxdiff(traj["update"], -traj["step_size"] * traj["m"] + decay) <= TOL
    # the gradient fed to the moments: maximize flips the sign, Adam adds the L2 term
    l2 = wd * traj.x[:, :-1] if cls is Adam else 0.0
    assert _maxdiff(traj["grad"], (-grads if maximize else grads) + l2) <= TOL
    # the initial moments are zero
    assert traj.series("v")[:, 0].abs().max().item() == 0.0


@pytest.mark.parametrize("cls,torch_cls", [(Adam, torch.optim.Adam), (AdamW, torch.optim.AdamW),
                                           (RMSprop, torch.optim.RMSprop)])
@pytest.mark.parametrize("foreach", [None, True])
def test_torch_foreach_and_default_paths(cls, torch_cls, foreach):
    x0, grads = _problem((3, 4), seed=7)
    kw = (dict(lr=0.02, momentum=0.5, centered=True, weight_decay=0.1) if cls is RMSprop
          else dict(lr=0.05, betas=(0.8, 0.99), weight_decay=0.1, amsgrad=True))
    traj = run(cls(**kw), x0, grads)
    ref_x, _ = _torch_run(torch_cls, x0, grads, (), foreach=foreach, **kw)
    assert _maxdiff(traj.x, ref_x) <= TOL


@pytest.mark.parametrize("cls,torch_cls,kw", [
    (Adam, torch.optim.Adam, dict(betas=(0.9, 0.99), weight_decay=0.05)),
    (AdamW, torch.optim.AdamW, dict(betas=(0.9, 0.99), weight_decay=0.05)),
    (RMSprop, torch.optim.RMSprop, dict(momentum=0.9, weight_decay=0.05)),
])
def test_lr_schedule_matches_torch(cls, torch_cls, kw):
    sched = lambda t: 0.1 / math.sqrt(t)  # noqa: E731
    x0, grads = _problem((4,), seed=3)
    traj = run(cls(lr=sched, **kw), x0, grads)
    ref_x, _ = _torch_run(torch_cls, x0, grads, (), lr_of_step=sched, lr=sched(1),
                          foreach=False, **kw)
    assert _maxdiff(traj.x, ref_x) <= TOL


@pytest.mark.parametrize("cls,torch_cls,kw", [
    (Adam, torch.optim.Adam, dict(lr=0.05, amsgrad=True, weight_decay=0.1)),
    (AdamW, torch.optim.AdamW, dict(lr=0.05)),
    (RMSprop, torch.optim.RMSprop, dict(lr=0.01, momentum=0.9, centered=True)),
])
def test_float32_matches_torch(cls, torch_cls, kw):
    x0, grads = _problem((6,), seed=4, dtype=torch.float32)
    traj = run(cls(**kw), x0, grads)
    assert traj.x.dtype == torch.float32
    ref_x, _ = _torch_run(torch_cls, x0, grads, (), foreach=False, **kw)
    assert _maxdiff(traj.x, ref_x) <= 1e-5


# ------------------------------------------------------------------------------------ RMSprop
RMSPROP_GRID = [c for c in itertools.product(
    [0.99, 0.5, 0.0],  # alpha
    [1e-8, 0.3, 0.0],  # eps
    [0.0, 0.1],  # weight_decay
    [0.0, 0.9],  # momentum
    [False, True],  # centered
    [False, True],  # maximize
) if not (c[0] == 0.0 and c[4])]  # alpha = 0 centered: v - g_avg^2 = 0 exactly, 0/eps
RMSPROP_GRID += [(1.0, 0.3, 0.0, 0.5, False, False), (1.0, 0.3, 0.1, 0.0, True, True)]


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("alpha,eps,wd,momentum,centered,maximize", RMSPROP_GRID)
def test_rmsprop_matches_torch(alpha, eps, wd, momentum, centered, maximize, shape):
    x0, grads = _problem(shape, seed=hash((alpha, eps, momentum)) % 1000)
    kw = dict(lr=0.01, alpha=alpha, eps=eps, weight_decay=wd, momentum=momentum,
              centered=centered, maximize=maximize)
    traj = run(RMSprop(**kw), x0, grads)
    ref_x, ref_st = _torch_run(torch.optim.RMSprop, x0, grads, RMSPROP_STATE, foreach=False,
                               **kw)
    _check_against_torch(traj, ref_x, ref_st, RMSPROP_STATE)
    assert ("g_avg" in traj.records) == centered
    # effective step size lr / (sqrt(v [- g_avg^2]) + eps), and the update it implies
    var = traj["v"] - traj["g_avg"] ** 2 if centered else traj["v"]
    assert torch.allclose(traj["step_size"], 0.01 / (var.sqrt() + eps), rtol=1e-10, atol=0)
    if momentum == 0:
        expected = -traj["step_size"] * traj["grad"]
    else:
        expected = -0.01 * traj["buf"]
    assert _maxdiff(traj["update"], expected) <= TOL


# ----------------------------------------------------------------------------- batching
def _candidate(value, i):
    return float(value[i]) if isinstance(value, torch.Tensor) else value


@pytest.mark.parametrize("cls,kw", [
    (Adam, dict(lr=torch.tensor([0.1, 0.01, 0.05], dtype=DT),
                betas=(torch.tensor([0.0, 0.9, 0.5], dtype=DT),
                       torch.tensor([0.9, 0.999, 0.9999999], dtype=DT)),
                eps=torch.tensor([1e-8, 0.0, 0.3], dtype=DT),
                weight_decay=torch.tensor([0.0, 0.1, 0.2], dtype=DT), amsgrad=True)),
    (AdamW, dict(lr=torch.tensor([0.1, 0.01, 0.05], dtype=DT), betas=(0.9, 0.99),
                 weight_decay=torch.tensor([0.0, 0.1, 0.2], dtype=DT), maximize=True)),
    (RMSprop, dict(lr=torch.tensor([0.01, 0.02, 0.005], dtype=DT),
                   alpha=torch.tensor([0.99, 0.5, 0.9], dtype=DT),
                   eps=torch.tensor([1e-8, 0.0, 0.3], dtype=DT),
                   weight_decay=torch.tensor([0.0, 0.1, 0.2], dtype=DT),
                   momentum=torch.tensor([0.0, 0.9, 0.5], dtype=DT), centered=True)),
])
def test_per_candidate_hyperparameters_equal_separate_runs(cls, kw):
    x0, grads = _problem((3, 2), B=3, seed=11)
    batched = run(cls(**kw), x0, grads)
    for i in range(3):
        kwi = {k: (tuple(_candidate(b, i) for b in v) if k == "betas" else _candidate(v, i))
               for k, v in kw.items()}
        single = run(cls(**kwi), x0[i:i + 1], grads[i:i + 1])
        assert _maxdiff(batched.x[i], single.x[0]) <= 1e-13
        for name in single.records:
            assert _maxdiff(batched[name][i], single[name][0]) <= 1e-13 * (
                1 + single[name].abs().max().item()), name


def test_beta_keywords_and_hyper_roundtrip():
    x0, grads = _problem((4,), seed=2)
    a = Adam(lr=0.1, betas=(0.5, 0.9), amsgrad=True)
    b = Adam(lr=0.1, beta1=0.5, beta2=0.9, amsgrad=True)
    c = Adam(**a.hyper)
    assert a.hyper == b.hyper == c.hyper
    assert torch.equal(run(a, x0, grads).x, run(c, x0, grads).x)
    assert AdamW().hyper["weight_decay"] == 1e-2 and Adam().hyper["weight_decay"] == 0.0


def test_step_does_not_mutate_state_and_is_differentiable():
    x0, grads = _problem((3,), B=2, seed=5)
    for alg in (Adam(amsgrad=True, weight_decay=0.1), AdamW(), RMSprop(momentum=0.9,
                                                                        centered=True)):
        state = alg.init(x0.clone())
        state, _ = alg.step(state, grads[:, 0], 1)
        before = {k: v.clone() for k, v in state.items()}
        alg.step(state, grads[:, 1], 2)
        for k in before:
            assert torch.equal(before[k], state[k]), k

    def final(lr, b1, b2):
        traj = run(Adam(lr=lr, betas=(b1, b2), eps=1e-3), x0, grads[:, :4], keep_graph=True)
        return traj.x[:, -1]

    args = (torch.tensor([0.1, 0.05], dtype=DT, requires_grad=True),
            torch.tensor([0.9, 0.3], dtype=DT, requires_grad=True),
            torch.tensor([0.99, 0.8], dtype=DT, requires_grad=True))
    assert torch.autograd.gradcheck(final, args)

    def final_rms(lr, alpha, mu):
        traj = run(RMSprop(lr=lr, alpha=alpha, momentum=mu, centered=True, eps=1e-3), x0,
                   grads[:, :4], keep_graph=True)
        return traj.x[:, -1]

    args = (torch.tensor([0.1, 0.05], dtype=DT, requires_grad=True),
            torch.tensor([0.9, 0.7], dtype=DT, requires_grad=True),
            torch.tensor([0.5, 0.8], dtype=DT, requires_grad=True))
    assert torch.autograd.gradcheck(final_rms, args)


# ----------------------------------------------------------------------- Optimizer adapters
@pytest.mark.parametrize("ours,torch_cls,kw", [
    (AdamOptimizer, torch.optim.Adam, dict(lr=0.01, betas=(0.9, 0.99), weight_decay=0.01,
                                           amsgrad=True)),
    (AdamWOptimizer, torch.optim.AdamW, dict(lr=0.01, betas=(0.8, 0.999), weight_decay=0.1)),
    (RMSpropOptimizer, torch.optim.RMSprop, dict(lr=0.005, momentum=0.9, centered=True,
                                                 weight_decay=0.01)),
])
def test_optimizer_subclass_matches_run_and_torch(ours, torch_cls, kw):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(),
                                torch.nn.Linear(4, 1)).double()
    twin = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(),
                               torch.nn.Linear(4, 1)).double()
    twin.load_state_dict(model.state_dict())
    x = torch.randn(16, 3, dtype=DT)
    y = torch.randn(16, 1, dtype=DT)
    w0 = model[0].weight.detach().clone()
    opt = ours(model.parameters(), **kw)
    ref = torch_cls(twin.parameters(), foreach=False, **kw)
    grads = []
    for _ in range(8):
        for net, o in ((model, opt), (twin, ref)):
            o.zero_grad()
            torch.nn.functional.mse_loss(net(x), y).backward()
        grads.append(model[0].weight.grad.detach().clone())
        opt.step()
        ref.step()
        # closed loop: the same model trained by torch's optimizer stays equal
        for p, q in zip(model.parameters(), twin.parameters()):
            assert _maxdiff(p.detach(), q.detach()) <= TOL
    # open loop: replaying the recorded gradients through run gives the same iterate
    traj = run(ours.algorithm_class(**kw), w0.unsqueeze(0), torch.stack(grads).unsqueeze(0))
    assert _maxdiff(traj.x[0, -1], model[0].weight.detach()) <= TOL
    assert model[0].weight.detach().ne(w0).all()


def test_optimizer_rejects_nan_gradient():
    p = torch.nn.Parameter(torch.zeros(3, dtype=DT))
    opt = AdamOptimizer([p])
    p.grad = torch.tensor([1.0, float("nan"), 0.0], dtype=DT)
    with pytest.raises(AdaproofInputError, match="NaN"):
        opt.step()


# ------------------------------------------------------------------------------ bad input
BAD = [
    (Adam, {"betas": (1.0, 0.999)}, r"betas\[0\]"), (Adam, {"betas": (-0.1, 0.999)}, r"betas\[0\]"),
    (Adam, {"betas": (0.9, 1.0)}, r"betas\[1\]"), (Adam, {"betas": (0.9, -1e-3)}, r"betas\[1\]"),
    (Adam, {"beta1": 1.5}, "beta1"), (Adam, {"beta2": float("nan")}, "beta2"),
    (Adam, {"betas": (0.9,)}, "betas"), (Adam, {"betas": (0.9, 0.99), "beta1": 0.5}, "betas"),
    (Adam, {"betas": (torch.tensor([0.5, 1.0]), 0.9)}, "beta1"),
    (Adam, {"eps": -1e-8}, "eps"), (Adam, {"lr": -0.1}, "lr"), (Adam, {"lr": float("inf")}, "lr"),
    (Adam, {"weight_decay": -0.1}, "weight_decay"), (Adam, {"amsgrad": 1}, "amsgrad"),
    (Adam, {"maximize": "no"}, "maximize"),
    (AdamW, {"betas": (0.9, 1.0)}, r"betas\[1\]"), (AdamW, {"eps": -1.0}, "eps"),
    (AdamW, {"lr": -1e-3}, "lr"), (AdamW, {"weight_decay": -1e-2}, "weight_decay"),
    (AdamW, {"lr": torch.tensor([0.1, -0.1])}, "lr"),
    (RMSprop, {"alpha": -0.1}, "alpha"), (RMSprop, {"alpha": 1.5}, "alpha"),
    (RMSprop, {"eps": -1e-8}, "eps"), (RMSprop, {"lr": -0.01}, "lr"),
    (RMSprop, {"weight_decay": -0.1}, "weight_decay"), (RMSprop, {"momentum": -0.5}, "momentum"),
    (RMSprop, {"momentum": torch.tensor([0.5, float("nan")])}, "momentum"),
    (RMSprop, {"centered": None}, "centered"), (RMSprop, {"maximize": 0}, "maximize"),
]


@pytest.mark.parametrize("cls,kw,name", BAD)
def test_bad_hyperparameters_name_the_parameter(cls, kw, name):
    with pytest.raises(AdaproofInputError, match=name):
        cls(**kw)


@pytest.mark.parametrize("alg", [Adam(), AdamW(), RMSprop()], ids=["Adam", "AdamW", "RMSprop"])
def test_bad_gradients_and_shapes_are_rejected(alg):
    g = torch.ones(2, 3, 4, dtype=DT)
    g[1, 2, 0] = float("nan")
    with pytest.raises(AdaproofInputError, match="grads"):
        run(alg, grads=g)
    with pytest.raises(AdaproofInputError, match="shape"):
        run(alg, torch.zeros(2, 5, dtype=DT), torch.ones(2, 3, 4, dtype=DT))
    with pytest.raises(AdaproofInputError, match="dtype"):
        run(alg, torch.zeros(2, 4, dtype=torch.float32), torch.ones(2, 3, 4, dtype=DT))
    # a per-candidate hyperparameter whose length is not the batch size
    wrong = type(alg)(lr=torch.tensor([0.1, 0.2, 0.3], dtype=DT))
    with pytest.raises(AdaproofInputError, match="per-candidate"):
        run(wrong, grads=torch.ones(2, 3, 4, dtype=DT))
    # a schedule whose value leaves lr's range at some step
    sched = type(alg)(lr=lambda t: 0.1 if t < 3 else -0.1)
    with pytest.raises(AdaproofInputError, match=r"lr\(3\)"):
        run(sched, grads=torch.ones(2, 3, 4, dtype=DT))


# ------------------------------------------------------- practical Adam vs the paper form
def test_adam_differs_from_paper_form_on_the_first_step():
    """Step 1 from m0 = v0 = 0: torch's bias correction cancels (1-β1) and (1-β2), so practical
    Adam moves by -lr·g/(|g| + ε); adam_complexity's Algorithm 1 (ν0 > 0, no correction) moves by
    -lr·(1-β1)·g/√(β2ν0 + (1-β2)g²).  Both closed forms are computed here in plain floats."""
    lr, b1, b2, eps, nu0 = 0.01, 0.9, 0.999, 1e-8, 1e-8
    g = [0.3, -2.0, 1e-3]
    grads = torch.tensor([[g]], dtype=DT)
    prac = run(Adam(lr=lr, betas=(b1, b2), eps=eps), grads=grads)
    paper = run(AdamComplexity(lr=lr, beta1=b1, beta2=b2, nu0=nu0), grads=grads)
    want_prac = [-lr * gi / (abs(gi) + eps) for gi in g]
    want_paper = [-lr * (1 - b1) * gi / math.sqrt(b2 * nu0 + (1 - b2) * gi * gi) for gi in g]
    assert _maxdiff(prac.x[0, 1], torch.tensor(want_prac, dtype=DT)) <= 1e-15
    assert _maxdiff(paper.x[0, 1], torch.tensor(want_paper, dtype=DT)) <= 1e-15
    # they differ: roughly by the factor (1-β1)/√(1-β2) ≈ 3.16
    assert _maxdiff(prac.x[0, 1], paper.x[0, 1]) > 1e-2


@pytest.mark.parametrize("b2,nu0", [(0.9, 0.5), (0.999, 1e-3), (0.5, 2.0)])
def test_adam_beta1_zero_relates_to_paper_form(b2, nu0):
    """With β1 = 0 and ε = 0, on the same gradients (open loop):

    * m_t = g_t in both;
    * v_t (practical, v0 = 0) = ν_t - β2^t ν0 (paper form; the recursions are linear);
    * practical Adam's update is -lr·√(1-β2^t)·g_t/√v_t, so with the paper form run at the
      schedule η_t = lr·√(1-β2^t) (the bias factor moved into the learning rate):
          update_t(practical) = update_t(paper) · √(ν_t / (ν_t - β2^t ν0)).
    The right-hand factor → 1 as ν0 → 0: the two forms coincide up to ν0."""
    lr = 0.05
    x0, grads = _problem((4,), B=2, seed=9)
    prac = run(Adam(lr=lr, betas=(0.0, b2), eps=0.0), x0, grads)
    paper = run(AdamComplexity(lr=lambda t: lr * math.sqrt(1 - b2 ** t), beta1=0.0, beta2=b2,
                               nu0=nu0), x0, grads)
    t = torch.arange(1, T + 1, dtype=DT).reshape(1, T, 1)
    assert torch.equal(prac["m"], grads) and torch.equal(paper["m"], grads)
    assert _maxdiff(prac["v"], paper["nu"] - b2 ** t * nu0) <= TOL * (1 + nu0)
    nu = paper["nu"]
    factor = torch.sqrt(nu / (nu - b2 ** t * nu0))
    assert torch.allclose(prac["update"], paper["update"] * factor, rtol=1e-10, atol=1e-14)
    # without the factor they differ (the relation is not trivially equality)
    assert _maxdiff(prac["update"], paper["update"]) > 1e-6
    # and with a negligible ν0 the trajectories coincide
    tiny = run(AdamComplexity(lr=lambda t: lr * math.sqrt(1 - b2 ** t), beta1=0.0, beta2=b2,
                              nu0=1e-300), x0, grads)
    assert _maxdiff(prac.x, tiny.x) <= TOL


# ---------------------------------------------------------------------------------- CUDA
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
@pytest.mark.parametrize("cls,torch_cls,kw", [
    (Adam, torch.optim.Adam, dict(lr=0.05, weight_decay=0.1, amsgrad=True, maximize=True)),
    (AdamW, torch.optim.AdamW, dict(lr=0.05, betas=(0.5, 0.9999999))),
    (RMSprop, torch.optim.RMSprop, dict(lr=0.01, momentum=0.9, centered=True,
                                        weight_decay=0.1)),
])
def test_cuda_matches_cpu_and_torch(cls, torch_cls, kw):
    x0, grads = _problem((3, 4), seed=12)
    cpu = run(cls(**kw), x0, grads)
    gpu = run(cls(**kw), x0.cuda(), grads.cuda())
    assert gpu.x.device.type == "cuda"
    assert _maxdiff(gpu.x.cpu(), cpu.x) <= TOL
    ref_x, _ = _torch_run(torch_cls, x0.cuda(), grads.cuda(), (), foreach=False, **kw)
    assert _maxdiff(gpu.x, ref_x) <= TOL
    hyper = dict(kw, lr=torch.full((2,), kw["lr"], dtype=DT, device="cuda"))
    batched = run(cls(**hyper), x0.cuda(), grads.cuda())
    assert _maxdiff(batched.x.cpu(), cpu.x) <= 1e-13
