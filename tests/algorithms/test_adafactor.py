"""adafactor (Algorithms 1, 2, the unfactored recursion of the proofs) against an exact hand
computation, and the practical forms against ``torch.optim.Adafactor`` /
``transformers.optimization.Adafactor``."""
import math
from fractions import Fraction

import pytest
import torch

from adaproof import AdaproofInputError
from adaproof.algorithms._core import run
from adaproof.algorithms.adafactor import (
    AdafactorFullBatch, AdafactorFullBatchOptimizer, AdafactorPaper, AdafactorPaperOptimizer,
    AdafactorUnfactored, AdafactorUnfactoredOptimizer, ConstantBeta2, PaperBeta2,
    PaperClipThreshold, RelativeStepRho, ShazeerBeta2, SqrtRho, run_full_batch)
from adaproof.algorithms.practical.adafactor import (
    HFAdafactor, HFAdafactorOptimizer, TorchAdafactor, TorchAdafactorOptimizer)

F64 = torch.float64


def _grads(B, T, shape, seed, spread=True):
    """Random gradients whose scale changes from step to step (so clipping is on at some steps
    and off at others)."""
    gen = torch.Generator().manual_seed(seed)
    g = torch.randn((B, T) + tuple(shape), generator=gen, dtype=F64)
    if spread:
        scale = torch.logspace(-1.5, 1.0, T, dtype=F64)[torch.randperm(T, generator=gen)]
        g = g * scale.reshape((1, T) + (1,) * len(shape))
    return g


def _x0(B, shape, seed, scale=1.0):
    gen = torch.Generator().manual_seed(seed + 1000)
    return torch.randn((B,) + tuple(shape), generator=gen, dtype=F64) * scale


# ---------------------------------------------------------------------------------------------
# Independent references written from the paper's equations (plain Python, Fraction)
# ---------------------------------------------------------------------------------------------

def _ref_algorithm1(grads, X1, beta, rho, eps1, eps2, d):
    """Algorithm 1 line by line.  R_k, C_k, 1^T R_k and W_k in exact rationals; square roots,
    RMS and the iterate in floats.  ``grads`` is either a list of n x m lists (open loop) or a
    callable X -> G (full batch, Algorithm 2).  ``d`` is None (no clipping) or k -> d_k."""
    n, m = len(X1), len(X1[0])
    R = [Fraction(0)] * n                 # R_0 = 0_n (column)
    C = [Fraction(0)] * m                 # C_0 = 0_m^T (row)
    X = [list(map(float, row)) for row in X1]
    out = {"X": [[row[:] for row in X]], "R": [], "C": [], "W": [], "eta": [], "U": []}
    T = len(grads) if not callable(grads) else grads.T
    for k in range(1, T + 1):
        G = grads(X) if callable(grads) else grads[k - 1]
        b, e = Fraction(beta(k)), Fraction(eps1)
        Q = [[Fraction(G[i][j]) ** 2 + e for j in range(m)] for i in range(n)]
        R = [b * R[i] + (1 - b) * sum(Q[i]) for i in range(n)]
        C = [b * C[j] + (1 - b) * sum(Q[i][j] for i in range(n)) for j in range(m)]
        S = sum(R)
        W = [[R[i] * C[j] / S for j in range(m)] for i in range(n)]
        U = [[G[i][j] / math.sqrt(W[i][j]) for j in range(m)] for i in range(n)]
        rms_x = math.sqrt(sum(x * x for row in X for x in row) / (m * n))
        rms_u = math.sqrt(sum(u * u for row in U for u in row) / (m * n))
        clip = 1.0 if d is None else max(1.0, rms_u / d(k))
        eta = max(eps2, rms_x) * rho(k) / clip
        X = [[X[i][j] - eta * U[i][j] for j in range(m)] for i in range(n)]
        out["X"].append([row[:] for row in X])
        out["R"].append([float(r) for r in R])
        out["C"].append([float(c) for c in C])
        out["W"].append([[float(w) for w in row] for row in W])
        out["U"].append(U)
        out["eta"].append(eta)
    return out


def _ref_unfactored(grads, X1, beta, rho, eps1, eps2, d):
    """V_0 = 0, V_k = beta_{2,k} V_{k-1} + (1-beta_{2,k})(G_k.G_k + eps_1), with Algorithm 1's step;
    flat lists of coordinates."""
    V = [Fraction(0)] * len(X1)
    X = list(map(float, X1))
    N = len(X)
    out = {"X": [X[:]], "V": []}
    for k, G in enumerate(grads, 1):
        b, e = Fraction(beta(k)), Fraction(eps1)
        V = [b * v + (1 - b) * (Fraction(g) ** 2 + e) for v, g in zip(V, G)]
        U = [g / math.sqrt(v) for g, v in zip(G, V)]
        rms_x = math.sqrt(sum(x * x for x in X) / N)
        rms_u = math.sqrt(sum(u * u for u in U) / N)
        clip = 1.0 if d is None else max(1.0, rms_u / d(k))
        eta = max(eps2, rms_x) * rho(k) / clip
        X = [x - eta * u for x, u in zip(X, U)]
        out["X"].append(X[:])
        out["V"].append([float(v) for v in V])
    return out


def _paper_beta(c):
    return lambda k: 0.5 if k == 1 else 1.0 - k ** (-c)


PAPER_SETTINGS = [
    # (module kwargs, reference beta, reference rho, reference d)
    (dict(), _paper_beta(0.8), lambda k: 1e-2 / math.sqrt(k), lambda k: 1.0),
    (dict(rho=SqrtRho(0.3), beta2=PaperBeta2(1.0), eps1=0.05, eps2=0.2, d=None),
     _paper_beta(1.0), lambda k: 0.3 / math.sqrt(k), None),
    (dict(rho=0.1, beta2=ConstantBeta2(0.9), eps1=1e-3, eps2=1e-3, d=0.5),
     lambda k: 0.5 if k == 1 else 0.9, lambda k: 0.1, lambda k: 0.5),
    (dict(rho=SqrtRho(0.2), beta2=PaperBeta2(0.5), eps1=0.3, eps2=1e-3,
          d=PaperClipThreshold(c=0.5, alpha=2.0)),
     _paper_beta(0.5), lambda k: 0.2 / math.sqrt(k), lambda k: k ** (0.5 / 2.0)),
    (dict(rho=0.05, beta2=ShazeerBeta2(0.8), eps1=1e-2, eps2=1e-3, d=1.0,
          require_beta21_half=False),
     lambda k: 1.0 - k ** (-0.8), lambda k: 0.05, lambda k: 1.0),
]


@pytest.mark.parametrize("setting", range(len(PAPER_SETTINGS)))
@pytest.mark.parametrize("shape", [(3, 4), (2, 5), (1, 3)])
def test_algorithm1_matches_exact_reference(setting, shape):
    kw, beta, rho, d = PAPER_SETTINGS[setting]
    grads = _grads(2, 6, shape, seed=setting)
    x0 = _x0(2, shape, seed=setting)
    traj = run(AdafactorPaper(**kw), x0, grads)
    eps1, eps2 = kw.get("eps1", 1e-30), kw.get("eps2", 1e-3)
    for b in range(2):
        ref = _ref_algorithm1(grads[b].tolist(), x0[b].tolist(), beta, rho, eps1, eps2, d)
        X = torch.tensor(ref["X"], dtype=F64)
        assert torch.allclose(traj.x[b], X, rtol=0, atol=1e-12)
        assert torch.allclose(traj["R"][b, :, :, 0], torch.tensor(ref["R"], dtype=F64),
                              rtol=1e-12, atol=0)
        assert torch.allclose(traj["C"][b, :, 0, :], torch.tensor(ref["C"], dtype=F64),
                              rtol=1e-12, atol=0)
        assert torch.allclose(traj["W"][b], torch.tensor(ref["W"], dtype=F64), rtol=1e-12, atol=0)
        assert torch.allclose(traj["U"][b], torch.tensor(ref["U"], dtype=F64), rtol=0, atol=1e-12)
        assert torch.allclose(traj["eta"][b], torch.tensor(ref["eta"], dtype=F64), rtol=1e-12,
                              atol=0)
    # shapes: R a column, C a row; R_0 = 0_n, C_0 = 0_m^T
    n, m = shape
    assert traj["R"].shape == (2, 6, n, 1) and traj["C"].shape == (2, 6, 1, m)
    assert traj.series("R").shape == (2, 7, n, 1)
    assert torch.equal(traj.series("R")[:, 0], torch.zeros(2, n, 1, dtype=F64))
    assert torch.equal(traj.series("C")[:, 0], torch.zeros(2, 1, m, dtype=F64))
    # the records are consistent with the update rule
    assert torch.allclose(traj["update"], traj.x[:, 1:] - traj.x[:, :-1], rtol=0, atol=1e-14)
    assert torch.allclose(traj["update"], -traj["eta"][..., None, None] * traj["U"], rtol=0,
                          atol=1e-14)
    assert torch.allclose(traj["U_clipped"] * traj["clip"][..., None, None], traj["U"], rtol=1e-13)


def test_clipping_is_active_and_inactive_in_the_reference_runs():
    """The reference settings exercise both branches of max{1, RMS(U_k)/d}."""
    kw = PAPER_SETTINGS[0][0]
    traj = run(AdafactorPaper(**kw), _x0(2, (3, 4), 0), _grads(2, 6, (3, 4), 0))
    assert bool((traj["clip"] > 1).any()) and bool((traj["clip"] == 1).any())
    # clip = max{1, RMS(U)/d}, d = 1
    assert torch.allclose(traj["clip"], torch.clamp(traj["rms_u"], min=1.0), rtol=0, atol=0)


def test_schedules_follow_the_paper_formulas():
    for k in range(1, 8):
        assert PaperBeta2(0.8)(k) == pytest.approx(0.5 if k == 1 else 1 - 1 / k ** 0.8, rel=1e-15)
        assert ShazeerBeta2(0.7)(k) == pytest.approx(1 - 1 / k ** 0.7, abs=1e-15)
        assert PaperClipThreshold(c=1.0, alpha=4.0)(k) == pytest.approx(k ** (1.0 / 6.0), rel=1e-15)
        assert SqrtRho(0.3)(k) == pytest.approx(0.3 / math.sqrt(k), rel=1e-15)
        assert RelativeStepRho()(k) == min(1e-2, 1 / math.sqrt(k))
        assert RelativeStepRho(warmup_init=True)(k) == min(1e-6 * k, 1 / math.sqrt(k))
    assert PaperClipThreshold(c=0.6, alpha=7.0)(1) == 1.0          # d_1 = 1
    assert ShazeerBeta2(0.8)(1) == 0.0                             # 1 - 1/1^c = 0 != 1/2
    traj = run(AdafactorPaper(), grads=_grads(1, 4, (2, 3), 3))
    assert traj["beta2"][0].tolist() == pytest.approx([0.5] + [1 - 1 / k ** 0.8 for k in (2, 3, 4)],
                                                       rel=1e-15)


# ---------------------------------------------------------------------------------------------
# Algorithm 2 (full batch)
# ---------------------------------------------------------------------------------------------

class _Quadratic:
    """f(X) = 1/2 sum_ij a_ij (x_ij - c_ij)^2, grad f(X) = a . (X - c)."""

    def __init__(self, a, c, T):
        self.a, self.c, self.T = a, c, T

    def __call__(self, X):  # plain-Python gradient for the reference
        return [[ai * (x - ci) for ai, x, ci in zip(ar, xr, cr)]
                for ar, xr, cr in zip(self.a, X, self.c)]

    def torch_grad(self, X):
        return torch.tensor(self.a, dtype=F64) * (X - torch.tensor(self.c, dtype=F64))


@pytest.mark.parametrize("kw,rho", [
    (dict(rho=0.05, beta2=ConstantBeta2(0.7), eps1=1e-3, d=1.0), lambda k: 0.05),
    (dict(rho=SqrtRho(0.1), eps1=1e-8, d=2.0), lambda k: 0.1 / math.sqrt(k)),
])
def test_algorithm2_full_batch_matches_exact_reference(kw, rho):
    gen = torch.Generator().manual_seed(5)
    a = (torch.rand(3, 4, generator=gen, dtype=F64) * 3 + 0.1).tolist()
    c = torch.randn(3, 4, generator=gen, dtype=F64).tolist()
    f = _Quadratic(a, c, T=7)
    x0 = torch.randn(1, 3, 4, generator=gen, dtype=F64)
    alg = AdafactorFullBatch(**kw)
    traj = run_full_batch(alg, lambda X: f.torch_grad(X[0]).unsqueeze(0), x0, T=7)
    beta = (lambda k: 0.5 if k == 1 else 0.7) if "beta2" in kw else _paper_beta(0.8)
    ref = _ref_algorithm1(f, x0[0].tolist(), beta, rho, kw["eps1"], 1e-3, lambda k: kw["d"])
    assert torch.allclose(traj.x[0], torch.tensor(ref["X"], dtype=F64), rtol=0, atol=1e-12)
    # the gradients consumed are the exact gradients at the iterates
    for k in range(7):
        assert torch.allclose(traj.g[0, k], f.torch_grad(traj.x[0, k]), rtol=0, atol=1e-15)
    # Algorithm 2 is Algorithm 1 fed grad f(X_k): bit for bit on the same (torch) path; the
    # open-loop run's default fused kernel sums in another order (tests/algorithms/
    # test_fused_adafactor.py holds it to the reference within a few ulps)
    traj1 = run(AdafactorPaper(**kw), x0, traj.g, backend="torch")
    assert torch.allclose(traj1.x, traj.x, rtol=0, atol=0)
    fused1 = run(AdafactorPaper(**kw), x0, traj.g)
    # within 64 ulps of the magnitudes each entry is computed from: x_k = x_{k-1} - step_k, so
    # its rounding error scales with |x_{k-1}| + |step_k| (entry by entry), not with an x_k
    # that cancelled (on an AVX-512 machine the kernel's other summation order gave 2.2e-16 on
    # an entry of 4.5e-6 computed from operands ~1: 3,500 ulps of x_k, under 1 ulp of them)
    x = traj.x[0]
    ops = torch.cat([x[:1].abs(), x[:-1].abs() + (x[1:] - x[:-1]).abs()])
    assert bool(((fused1.x[0] - x).abs() <= 64 * 2.0 ** -52 * ops).all())


# ---------------------------------------------------------------------------------------------
# The unfactored recursion; factored vs unfactored
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("setting", [0, 1, 3])
@pytest.mark.parametrize("shape", [(3, 4), (5,)])
def test_unfactored_matches_exact_reference(setting, shape):
    kw, beta, rho, d = PAPER_SETTINGS[setting]
    grads = _grads(2, 5, shape, seed=10 + setting)
    x0 = _x0(2, shape, seed=10 + setting)
    traj = run(AdafactorUnfactored(**kw), x0, grads)
    eps1, eps2 = kw.get("eps1", 1e-30), kw.get("eps2", 1e-3)
    for b in range(2):
        ref = _ref_unfactored(grads[b].reshape(5, -1).tolist(), x0[b].reshape(-1).tolist(), beta,
                              rho, eps1, eps2, d)
        assert torch.allclose(traj.x[b].reshape(6, -1), torch.tensor(ref["X"], dtype=F64),
                              rtol=0, atol=1e-12)
        assert torch.allclose(traj["V"][b].reshape(5, -1), torch.tensor(ref["V"], dtype=F64),
                              rtol=1e-12, atol=0)
    assert torch.equal(traj.series("V")[:, 0], torch.zeros_like(x0))


def test_lemma_a2_factors_are_row_and_column_sums_of_v():
    """R_k = V_k 1_m, C_k = 1_n^T V_k, 1_n^T R_k = 1_n^T V_k 1_m on the same gradients."""
    grads = _grads(3, 6, (4, 5), seed=21)
    kw = dict(eps1=0.01)
    fac = run(AdafactorPaper(**kw), grads=grads)
    unf = run(AdafactorUnfactored(**kw), grads=grads)
    V = unf["V"]
    assert torch.allclose(fac["R"][..., 0], V.sum(-1), rtol=1e-13, atol=0)
    assert torch.allclose(fac["C"][..., 0, :], V.sum(-2), rtol=1e-13, atol=0)
    assert torch.allclose(fac["S"], V.sum((-2, -1)), rtol=1e-13, atol=0)
    # (45): w_ij = R^(i) C^(j) / S
    W = V.sum(-1, keepdim=True) * V.sum(-2, keepdim=True) / V.sum((-2, -1), keepdim=True)
    assert torch.allclose(fac["W"], W, rtol=1e-13, atol=0)


def test_factored_equals_unfactored_when_v_has_rank_one():
    """G_k . G_k = a_k 1_m^T (rows constant up to sign): G.G + eps_1 1 1^T stays rank one, so V_k is
    rank one and W_k = R_k C_k / 1^T R_k = V_k; the two trajectories coincide."""
    gen = torch.Generator().manual_seed(7)
    B, T, n, m = 2, 6, 3, 4
    a = torch.rand(B, T, n, 1, generator=gen, dtype=F64) * 4 + 0.1
    signs = torch.randint(0, 2, (B, T, n, m), generator=gen).to(F64) * 2 - 1
    grads = signs * a.sqrt().expand(B, T, n, m)
    x0 = _x0(B, (n, m), 7)
    kw = dict(eps1=0.2, rho=SqrtRho(0.3))
    fac = run(AdafactorPaper(**kw), x0, grads)
    unf = run(AdafactorUnfactored(**kw), x0, grads)
    assert torch.allclose(fac["W"], unf["V"], rtol=1e-13, atol=0)
    assert torch.allclose(fac.x, unf.x, rtol=0, atol=1e-13)
    assert torch.linalg.matrix_rank(unf["V"][0, -1]) == 1


def test_rank_one_squares_need_negligible_eps1():
    """G_k . G_k = c_k u v^T is rank one, but eps_1 1 1^T adds a second rank: W_k = V_k only as
    eps_1 -> 0 (exactly at eps_1 = 0, which Algorithm 1 excludes)."""
    gen = torch.Generator().manual_seed(8)
    B, T, n, m = 1, 5, 3, 4
    u = torch.rand(n, 1, generator=gen, dtype=F64) + 0.2
    v = torch.rand(1, m, generator=gen, dtype=F64) + 0.2
    c = torch.rand(B, T, 1, 1, generator=gen, dtype=F64) + 0.5
    signs = torch.randint(0, 2, (B, T, n, m), generator=gen).to(F64) * 2 - 1
    grads = signs * (c * u * v).sqrt()
    tiny = run(AdafactorPaper(eps1=1e-30), grads=grads)
    assert torch.allclose(tiny["W"], run(AdafactorUnfactored(eps1=1e-30), grads=grads)["V"],
                          rtol=1e-13, atol=0)
    big_w = run(AdafactorPaper(eps1=0.5), grads=grads)["W"]
    big_v = run(AdafactorUnfactored(eps1=0.5), grads=grads)["V"]
    assert (big_w - big_v).abs().max() > 1e-3


def test_single_row_or_column_is_unfactored():
    """n = 1 or m = 1: W_k = R_k C_k / 1^T R_k = V_k identically."""
    for shape in [(1, 5), (4, 1)]:
        grads = _grads(2, 5, shape, seed=9)
        x0 = _x0(2, shape, 9)
        fac = run(AdafactorPaper(eps1=0.1), x0, grads)
        unf = run(AdafactorUnfactored(eps1=0.1), x0, grads)
        assert torch.allclose(fac.x, unf.x, rtol=0, atol=1e-13)


# ---------------------------------------------------------------------------------------------
# Practical forms against the references
# ---------------------------------------------------------------------------------------------

SHAPES = [(4, 5), (6,), (2, 3, 4), (1, 7)]

TORCH_SETTINGS = [
    dict(),
    dict(lr=0.05, beta2_decay=-0.5, eps=(1e-3, 1e-2), d=1.5, weight_decay=0.1),
    dict(lr=0.3, eps=(None, 1e-3), d=1.0, maximize=True),
    dict(lr=0.02, beta2_decay=0.0, eps=(1e-30, 0.5), d=50.0),
]


def _step_reference(opt_factory, x0, grads):
    """Run a reference optimizer on B separate parameters; iterates after each step, (B, T+1, ...)."""
    B, T = grads.shape[:2]
    params = [torch.nn.Parameter(x0[b].clone()) for b in range(B)]
    opt = opt_factory(params)
    xs = [torch.stack([p.detach().clone() for p in params])]
    for t in range(T):
        for b, p in enumerate(params):
            p.grad = grads[b, t].clone()
        opt.step()
        xs.append(torch.stack([p.detach().clone() for p in params]))
    return torch.stack(xs, 1)


@pytest.mark.parametrize("kw", TORCH_SETTINGS)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("foreach", [False, True])
def test_torch_adafactor_matches_torch_optim(kw, shape, foreach):
    grads = _grads(3, 7, shape, seed=len(shape) + 31)
    x0 = _x0(3, shape, seed=31, scale=0.5)
    x0[0] = x0[0] * 1e-4  # RMS(X) < eps2 for one candidate
    ref = _step_reference(lambda ps: torch.optim.Adafactor(ps, foreach=foreach, **kw), x0, grads)
    traj = run(TorchAdafactor(**kw), x0, grads)
    assert torch.allclose(traj.x, ref, rtol=0, atol=1e-12)
    assert traj.x[:, -1].ne(x0).any()


def _hf():
    pytest.importorskip("transformers")
    from transformers.optimization import Adafactor
    return Adafactor


HF_SETTINGS = [
    dict(),
    dict(warmup_init=True),
    dict(relative_step=False, lr=0.01, scale_parameter=False),
    dict(relative_step=False, lr=0.05, scale_parameter=True, beta1=0.9, weight_decay=0.1),
    dict(eps=(1e-3, 1e-2), clip_threshold=0.5, decay_rate=-0.5, beta1=0.5),
    dict(eps=(0.0, 0.3), clip_threshold=20.0, decay_rate=0.0),
]


@pytest.mark.parametrize("kw", HF_SETTINGS)
@pytest.mark.parametrize("shape", SHAPES)
def test_hf_adafactor_matches_transformers(kw, shape):
    Adafactor = _hf()
    grads = _grads(3, 7, shape, seed=len(shape) + 41)
    x0 = _x0(3, shape, seed=41, scale=0.5)
    x0[1] = x0[1] * 1e-4
    ref = _step_reference(lambda ps: Adafactor(ps, **kw), x0, grads)
    traj = run(HFAdafactor(**kw), x0, grads)
    assert torch.allclose(traj.x, ref, rtol=0, atol=1e-12)
    assert traj.x[:, -1].ne(x0).any()


# ---------------------------------------------------------------------------------------------
# Paper form vs practical forms where the parameterisations coincide
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("hf_kw,paper_kw", [
    # relative_step + scale_parameter: rho_k = min(1e-2, 1/sqrt k), beta_{2,k} = 1 - k^{-c}
    (dict(eps=(1e-3, 1e-3)),
     dict(rho=RelativeStepRho(1e-2), beta2=ShazeerBeta2(0.8), eps1=1e-3, eps2=1e-3, d=1.0)),
    (dict(eps=(0.05, 0.2), warmup_init=True, clip_threshold=0.7, decay_rate=-0.5),
     dict(rho=RelativeStepRho(warmup_init=True), beta2=ShazeerBeta2(0.5), eps1=0.05, eps2=0.2,
          d=0.7)),
    # manual lr with scale_parameter: constant rho_k = lr
    (dict(relative_step=False, lr=0.03, eps=(1e-30, 1e-3), clip_threshold=2.0),
     dict(rho=0.03, beta2=ShazeerBeta2(0.8), eps1=1e-30, eps2=1e-3, d=2.0)),
])
@pytest.mark.parametrize("shape", [(4, 5), (6,)])
def test_paper_form_equals_hf_where_parameterisations_coincide(hf_kw, paper_kw, shape):
    Adafactor = _hf()
    grads = _grads(3, 7, shape, seed=51)
    x0 = _x0(3, shape, seed=51)
    ref = _step_reference(lambda ps: Adafactor(ps, **hf_kw), x0, grads)
    cls = AdafactorPaper if len(shape) == 2 else AdafactorUnfactored
    traj = run(cls(require_beta21_half=False, **paper_kw), x0, grads)
    assert torch.allclose(traj.x, ref, rtol=0, atol=1e-12)
    assert torch.allclose(traj.x, run(HFAdafactor(**hf_kw), x0, grads).x, rtol=0, atol=1e-12)


@pytest.mark.parametrize("shape", [(4, 5), (6,)])
@pytest.mark.parametrize("lr,c,d", [(1e-2, 0.8, 1.0), (0.2, 0.5, 1.3)])
def test_paper_form_vs_torch_agree_only_with_negligible_eps1(shape, lr, c, d):
    """torch adds no eps_1 to G.G (it clamps instead), Algorithm 1 needs eps_1 > 0 inside R_k, C_k:
    they agree to rounding with eps_1 = 1e-30 (the paper's default) and differ visibly otherwise;
    the theorems' beta_{2,1} = 1/2 never matches torch's beta_{2,1} = 1 - 1^tau = 0."""
    grads = _grads(2, 6, shape, seed=61)
    x0 = _x0(2, shape, seed=61)
    ref = _step_reference(lambda ps: torch.optim.Adafactor(ps, lr=lr, beta2_decay=-c,
                                                           eps=(1e-30, 1e-3), d=d), x0, grads)
    cls = AdafactorPaper if len(shape) == 2 else AdafactorUnfactored
    common = dict(rho=RelativeStepRho(lr), eps2=1e-3, d=d)
    close = run(cls(beta2=ShazeerBeta2(c), eps1=1e-30, require_beta21_half=False, **common),
                x0, grads)
    assert torch.allclose(close.x, ref, rtol=0, atol=1e-12)
    far = run(cls(beta2=ShazeerBeta2(c), eps1=0.1, require_beta21_half=False, **common), x0, grads)
    assert (far.x - ref).abs().max() > 1e-6
    theorem = run(cls(beta2=PaperBeta2(c), eps1=1e-30, **common), x0, grads)
    assert (theorem.x - ref).abs().max() > 1e-6


# ---------------------------------------------------------------------------------------------
# Batched hyperparameters
# ---------------------------------------------------------------------------------------------

def test_paper_per_candidate_hyperparameters_equal_separate_runs():
    grads = _grads(3, 6, (3, 4), seed=71)
    x0 = _x0(3, (3, 4), 71)
    c = torch.tensor([0.5, 0.8, 1.0], dtype=F64)
    rho0 = torch.tensor([0.01, 0.1, 0.3], dtype=F64)
    eps1 = torch.tensor([1e-30, 1e-3, 0.2], dtype=F64)
    eps2 = torch.tensor([1e-3, 0.5, 1e-2], dtype=F64)
    d = torch.tensor([0.5, 1.0, 3.0], dtype=F64)
    for cls in (AdafactorPaper, AdafactorUnfactored):
        batched = run(cls(rho=SqrtRho(rho0), beta2=PaperBeta2(c), eps1=eps1, eps2=eps2, d=d),
                      x0, grads)
        for i in range(3):
            single = run(cls(rho=SqrtRho(float(rho0[i])), beta2=PaperBeta2(float(c[i])),
                             eps1=float(eps1[i]), eps2=float(eps2[i]), d=float(d[i])),
                         x0[i:i + 1], grads[i:i + 1])
            assert torch.allclose(batched.x[i], single.x[0], rtol=0, atol=1e-14)
            assert torch.allclose(batched["eta"][i], single["eta"][0], rtol=1e-14, atol=0)
    # a per-candidate clipping schedule
    batched = run(AdafactorPaper(d=PaperClipThreshold(c=c, alpha=2.0)), x0, grads)
    for i in range(3):
        single = run(AdafactorPaper(d=PaperClipThreshold(c=float(c[i]), alpha=2.0)),
                     x0[i:i + 1], grads[i:i + 1])
        assert torch.allclose(batched.x[i], single.x[0], rtol=0, atol=1e-14)


def test_practical_per_candidate_hyperparameters_equal_separate_runs():
    for shape in [(3, 4), (5,)]:
        grads = _grads(3, 6, shape, seed=72)
        x0 = _x0(3, shape, 72)
        tkw = dict(lr=torch.tensor([0.01, 0.1, 0.5], dtype=F64),
                   beta2_decay=torch.tensor([-0.8, -0.5, 0.0], dtype=F64),
                   eps=(torch.tensor([1e-30, 1e-3, 0.1], dtype=F64),
                        torch.tensor([1e-3, 0.5, 1e-2], dtype=F64)),
                   d=torch.tensor([1.0, 2.0, 10.0], dtype=F64),
                   weight_decay=torch.tensor([0.0, 0.1, 0.5], dtype=F64))
        hkw = dict(eps=(torch.tensor([1e-30, 1e-3, 0.1], dtype=F64),
                        torch.tensor([1e-3, 0.5, 1e-2], dtype=F64)),
                   clip_threshold=torch.tensor([0.5, 1.0, 3.0], dtype=F64),
                   decay_rate=torch.tensor([-0.8, -0.5, 0.0], dtype=F64),
                   beta1=torch.tensor([0.0, 0.5, 0.9], dtype=F64),
                   weight_decay=torch.tensor([0.0, 0.1, 0.5], dtype=F64))
        for cls, kw in ((TorchAdafactor, tkw), (HFAdafactor, hkw)):
            batched = run(cls(**kw), x0, grads)
            for i in range(3):
                one = {k: (tuple(float(e[i]) for e in v) if isinstance(v, tuple) else float(v[i]))
                       for k, v in kw.items()}
                single = run(cls(**one), x0[i:i + 1], grads[i:i + 1])
                assert torch.allclose(batched.x[i], single.x[0], rtol=0, atol=1e-14), (cls, i)


# ---------------------------------------------------------------------------------------------
# Optimizer adapters
# ---------------------------------------------------------------------------------------------

def _train(opt_cls, model, steps=5, **kw):
    torch.manual_seed(0)
    x = torch.randn(16, model.in_features, dtype=F64)
    y = torch.randn(16, model.out_features, dtype=F64)
    opt = opt_cls(model.parameters(), **kw)
    grads = {name: [] for name, _ in model.named_parameters()}
    for _ in range(steps):
        opt.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        for name, p in model.named_parameters():
            grads[name].append(p.grad.detach().clone())
        opt.step()
    return grads


@pytest.mark.parametrize("opt_cls,alg_cls,bias,kw", [
    (AdafactorPaperOptimizer, AdafactorPaper, False, dict(rho=SqrtRho(0.1), eps1=1e-3)),
    (AdafactorFullBatchOptimizer, AdafactorFullBatch, False, dict(rho=0.05, d=None)),
    (AdafactorUnfactoredOptimizer, AdafactorUnfactored, True, dict(rho=SqrtRho(0.1))),
    (TorchAdafactorOptimizer, TorchAdafactor, True, dict(lr=0.05, weight_decay=0.1)),
    (HFAdafactorOptimizer, HFAdafactor, True, dict(beta1=0.9)),
])
def test_optimizer_subclass_matches_run(opt_cls, alg_cls, bias, kw):
    torch.manual_seed(1)
    model = torch.nn.Linear(3, 4, bias=bias).double()
    start = {n: p.detach().clone() for n, p in model.named_parameters()}
    grads = _train(opt_cls, model, **kw)
    for name, p in model.named_parameters():
        traj = run(alg_cls(**kw), start[name].unsqueeze(0), torch.stack(grads[name]).unsqueeze(0))
        assert torch.allclose(traj.x[0, -1], p.detach(), rtol=0, atol=1e-14)
        assert p.detach().ne(start[name]).all()


def test_practical_optimizers_train_like_the_references():
    Adafactor = _hf()
    for ours, theirs, kw in [(TorchAdafactorOptimizer, torch.optim.Adafactor,
                              dict(lr=0.05, weight_decay=0.1)),
                             (HFAdafactorOptimizer, Adafactor, dict(beta1=0.9))]:
        torch.manual_seed(2)
        m1 = torch.nn.Linear(3, 4).double()
        m2 = torch.nn.Linear(3, 4).double()
        m2.load_state_dict(m1.state_dict())
        _train(ours, m1, steps=6, **kw)
        _train(theirs, m2, steps=6, **kw)
        for p1, p2 in zip(m1.parameters(), m2.parameters()):
            assert torch.allclose(p1, p2, rtol=0, atol=1e-12)


def test_paper_optimizer_rejects_vector_parameters():
    model = torch.nn.Linear(3, 4).double()  # the bias is a vector
    with pytest.raises(AdaproofInputError, match="shape"):
        _train(AdafactorPaperOptimizer, model, steps=1)


# ---------------------------------------------------------------------------------------------
# dtype, autograd
# ---------------------------------------------------------------------------------------------

def test_float32_and_autograd():
    grads = _grads(2, 4, (3, 4), seed=81)
    x0 = _x0(2, (3, 4), 81)
    for alg in (AdafactorPaper(eps1=1e-3), AdafactorUnfactored(eps1=1e-3), TorchAdafactor(),
                HFAdafactor(beta1=0.5)):
        t32 = run(alg, x0.float(), grads.float())
        t64 = run(alg, x0, grads)
        assert t32.x.dtype == torch.float32
        assert torch.allclose(t32.x.double(), t64.x, rtol=0, atol=1e-5)
    rho0 = torch.tensor([0.1, 0.2], dtype=F64, requires_grad=True)
    x = x0.clone().requires_grad_(True)
    traj = run(AdafactorPaper(rho=SqrtRho(rho0), eps1=1e-3), x, grads, keep_graph=True)
    traj.x[:, -1].sum().backward()
    assert x.grad is not None and torch.isfinite(x.grad).all()
    assert rho0.grad is not None and rho0.grad.abs().min() > 0


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kw,name", [
    ({"beta2": ShazeerBeta2(0.8)}, "beta2"),        # beta_{2,1} = 0 != 1/2
    ({"beta2": 0.9}, "beta2"),                       # constant 0.9: beta_{2,1} != 1/2
    ({"beta2": 1.0, "require_beta21_half": False}, "beta2"),
    ({"beta2": -0.1, "require_beta21_half": False}, "beta2"),
    ({"beta2": torch.tensor([0.5, 0.4])}, "beta2"),
    ({"eps1": 0.0}, "eps1"), ({"eps1": -1e-8}, "eps1"), ({"eps1": float("nan")}, "eps1"),
    ({"eps2": 0.0}, "eps2"), ({"eps2": -1.0}, "eps2"),
    ({"rho": 0.0}, "rho"), ({"rho": -0.1}, "rho"), ({"rho": lambda k: 0.0}, "rho"),
    ({"d": 0.0}, "d"), ({"d": -1.0}, "d"), ({"d": lambda k: -1.0}, "d"),
    ({"require_beta21_half": 1}, "require_beta21_half"),
])
@pytest.mark.parametrize("cls", [AdafactorPaper, AdafactorFullBatch, AdafactorUnfactored])
def test_paper_bad_hyperparameters_name_the_parameter(cls, kw, name):
    with pytest.raises(AdaproofInputError, match=name):
        cls(**kw)


def test_paper_bad_schedule_values_are_caught_at_the_step():
    grads = _grads(1, 4, (2, 3), seed=91)
    with pytest.raises(AdaproofInputError, match=r"beta2\(3\)"):
        run(AdafactorPaper(beta2=lambda k: 0.5 if k < 3 else 1.0), grads=grads)
    with pytest.raises(AdaproofInputError, match=r"beta2\(2\)"):  # theorems: 0 < beta_{2,k}
        run(AdafactorPaper(beta2=lambda k: 0.5 if k < 2 else 0.0), grads=grads)
    run(AdafactorPaper(beta2=lambda k: 0.5 if k < 2 else 0.0, require_beta21_half=False),
        grads=grads)  # the box's [0, 1) admits it
    with pytest.raises(AdaproofInputError, match=r"rho\(2\)"):
        run(AdafactorPaper(rho=lambda k: 0.1 if k < 2 else -0.1), grads=grads)
    with pytest.raises(AdaproofInputError, match=r"d\(4\)"):
        run(AdafactorPaper(d=lambda k: 1.0 if k < 4 else 0.0), grads=grads)


@pytest.mark.parametrize("factory,name", [
    (lambda: PaperBeta2(c=0.0), "c"), (lambda: PaperClipThreshold(alpha=1.0), "alpha"),
    (lambda: PaperClipThreshold(c=-1.0), "c"), (lambda: ConstantBeta2(1.0), "beta"),
    (lambda: ConstantBeta2(0.0), "beta"), (lambda: SqrtRho(0.0), "rho0"),
    (lambda: RelativeStepRho(cap=0.0), "cap"), (lambda: ShazeerBeta2(c=-0.5), "c"),
])
def test_bad_schedule_constants_name_the_parameter(factory, name):
    with pytest.raises(AdaproofInputError, match=name):
        factory()


def test_paper_bad_shapes_and_gradients():
    for cls in (AdafactorPaper, AdafactorFullBatch):
        with pytest.raises(AdaproofInputError, match=r"\(B, n, m\)"):
            run(cls(), grads=torch.ones(2, 3, 4, dtype=F64))          # vectors (B, d)
        with pytest.raises(AdaproofInputError, match=r"\(B, n, m\)"):
            run(cls(), grads=torch.ones(2, 3, 2, 3, 4, dtype=F64))    # (B, a, n, m)
        with pytest.raises(AdaproofInputError, match=r"\(B, n, m\)"):
            cls().init(torch.ones(2, 3, dtype=F64))
    with pytest.raises(AdaproofInputError, match="dimension"):
        run(AdafactorUnfactored(), torch.zeros(2, dtype=F64), oracle=lambda x, t: x, T=2)
    for alg in (AdafactorPaper(), AdafactorUnfactored(), TorchAdafactor(), HFAdafactor()):
        g = torch.ones(2, 3, 3, 4, dtype=F64)
        g[1, 2, 0, 1] = float("nan")
        with pytest.raises(AdaproofInputError, match="grads"):
            run(alg, grads=g)
    model = torch.nn.Linear(3, 4, bias=False).double()
    opt = AdafactorPaperOptimizer(model.parameters())
    model.weight.grad = torch.full_like(model.weight, float("nan"))
    with pytest.raises(AdaproofInputError, match="NaN"):
        opt.step()


@pytest.mark.parametrize("kw,name", [
    ({"lr": -1.0}, "lr"), ({"beta2_decay": 0.1}, "beta2_decay"), ({"eps": (-1.0, 1e-3)}, "eps1"),
    ({"eps": (None, -1.0)}, "eps2"), ({"eps": 1e-3}, "eps"), ({"d": 0.5}, "d"),
    ({"weight_decay": -0.1}, "weight_decay"), ({"maximize": 1}, "maximize"),
    ({"lr": float("nan")}, "lr"),
])
def test_torch_bad_hyperparameters_name_the_parameter(kw, name):
    with pytest.raises(AdaproofInputError, match=name):
        TorchAdafactor(**kw)


@pytest.mark.parametrize("kw,name", [
    ({"lr": 1e-3}, "lr"),                                    # manual lr with relative_step
    ({"warmup_init": True, "relative_step": False, "lr": 1e-3}, "warmup_init"),
    ({"relative_step": False}, "lr"),
    ({"relative_step": False, "lr": -1.0}, "lr"),
    ({"eps": (-1.0, 1e-3)}, "eps1"), ({"eps": (1e-30, -1.0)}, "eps2"), ({"eps": (1.0,)}, "eps"),
    ({"clip_threshold": 0.0}, "clip_threshold"), ({"decay_rate": 0.5}, "decay_rate"),
    ({"beta1": 1.0}, "beta1"), ({"beta1": -0.1}, "beta1"), ({"weight_decay": -1.0}, "weight_decay"),
    ({"scale_parameter": 1}, "scale_parameter"), ({"relative_step": None}, "relative_step"),
    ({"warmup_init": "yes"}, "warmup_init"),
])
def test_hf_bad_hyperparameters_name_the_parameter(kw, name):
    with pytest.raises(AdaproofInputError, match=name):
        HFAdafactor(**kw)
