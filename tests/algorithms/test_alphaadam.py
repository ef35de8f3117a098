"""alphaadam: Algorithm 1 (AlphaAdam), the Appendix E variant and Cautious Adam against independent
line-by-line computations, torch.optim.Adam / adam_complexity where the forms coincide, batched
hyperparameters, the Optimizer adapters and bad input."""
import math

import pytest
import torch

from adaproof import AdaproofInputError
from adaproof.algorithms._core import run
from adaproof.algorithms.adam_complexity import AdamComplexity
from adaproof.algorithms.alphaadam import (AlphaAdam, AlphaAdamAnalysed,
                                           AlphaAdamAnalysedOptimizer, AlphaAdamOptimizer,
                                           CautiousAdam, CautiousAdamOptimizer)

F64 = torch.float64
TOL = 1e-12


# --------------------------------------------------------------------------------------------
# Independent references: plain Python floats, one candidate, the paper's equations line by line.
# --------------------------------------------------------------------------------------------
def _lr_at(lr, t):
    return lr(t) if callable(lr) else lr


def ref_alphaadam(grads, x0, lr, b1, b2, eps, m0=0.0, v0=0.0, alpha=None, form="ratio",
                  strict=True):
    """Algorithm 1 (lines 197-210); h0 = m0, v0 given; empty mask -> zero step, alpha := 1."""
    d = len(x0)
    h = [m0] * d if not isinstance(m0, list) else list(m0)
    v = [v0] * d if not isinstance(v0, list) else list(v0)
    x = list(x0)
    out = {"x": [list(x)], "alpha": [], "mask": [], "lr_hat": [], "m": [], "v": [], "u": [],
           "update": [], "step_size": [], "gphi": []}
    for t, g in enumerate(grads, start=1):
        dt = [gi * hi for gi, hi in zip(g, h)]                        # d_t = g_t ⊙ h_{t-1}
        phi = [1.0 if ((di > 0) if strict else (di >= 0)) else 0.0 for di in dt]
        h = [b1 * hi + (1 - b1) * gi for hi, gi in zip(h, g)]          # h_t
        v = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v, g)]     # v_t
        u = [hi / (math.sqrt(vi) + eps) for hi, vi in zip(h, v)]       # u_t
        full = sum(ui * ui for ui in u)
        part = sum((p * ui) ** 2 for p, ui in zip(phi, u))
        if alpha is not None:
            a = alpha
        elif part > 0:
            a = full / part if form == "ratio" else math.sqrt(full / part)
        else:
            a = 1.0
        eta_hat = _lr_at(lr, t) * d / (sum(phi) + 1)                   # η̂ = η d/(‖φ‖0+1)
        upd = [-eta_hat * a * p * ui for p, ui in zip(phi, u)]
        x = [xi + ui for xi, ui in zip(x, upd)]
        out["x"].append(list(x))
        out["alpha"].append(a)
        out["mask"].append(phi)
        out["lr_hat"].append(eta_hat)
        out["m"].append(list(h))
        out["v"].append(list(v))
        out["u"].append(u)
        out["update"].append(upd)
        out["step_size"].append([eta_hat * a * p / (math.sqrt(vi) + eps) for p, vi in zip(phi, v)])
        out["gphi"].append(sum(p * abs(gi) for p, gi in zip(phi, g)))
    return out


def ref_analysed(grads, x0, lr, b1, b2, eps, decay=True, m0=0.0, v0=0.0):
    """Appendix E core steps (lines 733-741) with η_t = η/√t (Theorem 3.8) if decay."""
    d = len(x0)
    m, v, x = [m0] * d, [v0] * d, list(x0)
    out = {"x": [list(x)], "mask": [], "gphi": [], "lr_t": []}
    for t, g in enumerate(grads, start=1):
        phi = [1.0 if gi * mi > 0 else 0.0 for gi, mi in zip(g, m)]
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        v = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v, g)]
        eta = _lr_at(lr, t) / math.sqrt(t) if decay else _lr_at(lr, t)
        new = []
        for xi, p, mi, vi in zip(x, phi, m, v):
            den = math.sqrt(vi) + eps
            ui = 0.0 if den == 0 and mi == 0 else mi / den
            new.append(xi - eta * p * ui)
        x = new
        out["x"].append(list(x))
        out["mask"].append(phi)
        out["gphi"].append(sum(p * abs(gi) for p, gi in zip(phi, g)))
        out["lr_t"].append(eta)
    return out


def ref_cautious(grads, x0, lr, b1, b2, eps, xi=1.0, strict=False):
    """C-Adam: bias-corrected Adam direction, mask I(u∘g >= 0), step η d/(‖φ‖0+ξ)."""
    d = len(x0)
    m, v, x = [0.0] * d, [0.0] * d, list(x0)
    out = {"x": [list(x)], "mask": [], "lr_bar": []}
    for t, g in enumerate(grads, start=1):
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        v = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v, g)]
        mh = [mi / (1 - b1 ** t) for mi in m]
        vh = [vi / (1 - b2 ** t) for vi in v]
        u = [a / (math.sqrt(b) + eps) for a, b in zip(mh, vh)]
        phi = [1.0 if ((ui * gi > 0) if strict else (ui * gi >= 0)) else 0.0
               for ui, gi in zip(u, g)]
        eta_bar = _lr_at(lr, t) * d / (sum(phi) + xi)
        x = [xi_ - eta_bar * p * ui for xi_, p, ui in zip(x, phi, u)]
        out["x"].append(list(x))
        out["mask"].append(phi)
        out["lr_bar"].append(eta_bar)
    return out


def _data(seed, B, T, shape, scale=3.0, zero_frac=0.0):
    gen = torch.Generator().manual_seed(seed)
    grads = torch.randn((B, T) + tuple(shape), generator=gen, dtype=F64) * scale
    if zero_frac:
        grads = torch.where(torch.rand(grads.shape, generator=gen, dtype=F64) < zero_frac,
                            torch.zeros_like(grads), grads)
    x0 = torch.randn((B,) + tuple(shape), generator=gen, dtype=F64)
    return grads, x0


def _close(actual, expected, tol=TOL):
    expected = torch.as_tensor(expected, dtype=F64)
    actual = actual.reshape(expected.shape)
    err = (actual - expected).abs().max().item()
    assert err <= tol, f"max abs error {err} > {tol}"


# --------------------------------------------------------------------------------------------
# Algorithm 1
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kw,shape", [
    (dict(lr=0.05, beta1=0.9, beta2=0.999, eps=1e-8), (4,)),
    (dict(lr=0.1, beta1=0.5, beta2=0.9, eps=1e-3, alpha_form="sqrt"), (2, 3)),
    (dict(lr=0.02, beta1=0.3, beta2=0.0, eps=0.1, m0=0.5, v0=2.0), (5,)),
    (dict(lr=lambda t: 0.1 / math.sqrt(t), beta1=0.9, beta2=0.99, eps=1e-8, strict=False), (4,)),
    (dict(lr=0.05, beta1=0.8, beta2=0.95, eps=1e-8, alpha=1.7), (3,)),
    (dict(lr=0.05, beta1=0.8, beta2=0.95, eps=0.0, v0=0.5, m0=-0.25), (3,)),
])
def test_alphaadam_matches_line_by_line_reference(kw, shape):
    grads, x0 = _data(0, 1, 7, shape, zero_frac=0.15)
    traj = run(AlphaAdam(**kw), x0, grads)
    ref_kw = dict(lr=kw["lr"], b1=kw["beta1"], b2=kw["beta2"], eps=kw["eps"],
                  m0=kw.get("m0", 0.0), v0=kw.get("v0", 0.0), alpha=kw.get("alpha"),
                  form=kw.get("alpha_form", "ratio"), strict=kw.get("strict", True))
    ref = ref_alphaadam(grads[0].reshape(7, -1).tolist(), x0[0].flatten().tolist(), **ref_kw)
    _close(traj.x[0].reshape(8, -1), ref["x"])
    _close(traj["alpha"][0], ref["alpha"])
    _close(traj["lr_hat"][0], ref["lr_hat"])
    _close(traj["mask"][0].reshape(7, -1), ref["mask"], 0)
    _close(traj["m"][0].reshape(7, -1), ref["m"])
    _close(traj["v"][0].reshape(7, -1), ref["v"])
    _close(traj["u"][0].reshape(7, -1), ref["u"])
    _close(traj["update"][0].reshape(7, -1), ref["update"])
    _close(traj["step_size"][0].reshape(7, -1), ref["step_size"])
    _close(traj["grad_norm_phi"][0], ref["gphi"])
    _close(traj["mask_count"][0], [sum(p) for p in ref["mask"]], 0)
    # update = -step_size * m and x_{t+1} = x_t + update
    assert torch.allclose(traj["update"], -traj["step_size"] * traj["m"], rtol=0, atol=1e-14)
    assert torch.allclose(traj.x[:, 1:] - traj.x[:, :-1], traj["update"], rtol=0, atol=1e-14)
    # the masks are genuinely mixed, so the test exercises the selection
    masks = traj["mask"][0, 1:]
    assert 0 < masks.sum() < masks.numel()
    if kw.get("alpha") is None:
        assert (traj["alpha"] >= 1 - 1e-15).all()   # ‖u‖² >= ‖φ⊙u‖²
    assert traj.series("m")[0, 0].flatten().tolist() == [kw.get("m0", 0.0)] * x0[0].numel()


def test_alphaadam_first_step_is_empty_and_guarded():
    """h0 = 0: d_1 = 0, φ_1 = 0, α_1 = ‖u‖²/0 in the paper -> zero step, α recorded as 1."""
    grads, x0 = _data(1, 2, 3, (4,))
    traj = run(AlphaAdam(lr=0.1), x0, grads)
    assert (traj["mask"][:, 0] == 0).all()
    assert (traj["mask_count"][:, 0] == 0).all()
    assert (traj["alpha"][:, 0] == 1).all()
    assert torch.equal(traj.x[:, 1], traj.x[:, 0])
    assert torch.isfinite(traj.x).all()
    # with eq. (6)'s non-strict inequality the first step selects every coordinate instead
    traj = run(AlphaAdam(lr=0.1, strict=False), x0, grads)
    assert (traj["mask"][:, 0] == 1).all()
    assert not torch.equal(traj.x[:, 1], traj.x[:, 0])


def test_alphaadam_alpha_restores_the_full_update_norm():
    """With the squared ratio of Algorithm 1, ‖α φ⊙u‖ · ‖φ⊙u‖ = ‖u‖²; eq. (9) gives ‖α φ⊙u‖ = ‖u‖."""
    grads, x0 = _data(2, 3, 6, (5,))
    for form in ("ratio", "sqrt"):
        traj = run(AlphaAdam(lr=0.1, alpha_form=form), x0, grads)
        for t in range(1, 6):
            ok = traj["mask_count"][:, t] > 0
            u, phi, a = traj["u"][:, t], traj["mask"][:, t], traj["alpha"][:, t]
            scaled = (a[:, None] * phi * u).norm(dim=1)
            if form == "ratio":
                lhs, rhs = scaled * (phi * u).norm(dim=1), (u * u).sum(1)
            else:
                lhs, rhs = scaled, u.norm(dim=1)
            assert torch.allclose(lhs[ok], rhs[ok], rtol=1e-12, atol=0)


# --------------------------------------------------------------------------------------------
# Appendix E variant
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kw", [
    dict(lr=0.1, beta1=0.9, beta2=0.999),
    dict(lr=0.1, beta1=0.5, beta2=0.8, eps=1e-3, lr_decay="constant"),
    dict(lr=0.3, beta1=0.0, beta2=0.5, eps=0.0),
])
def test_analysed_matches_line_by_line_reference(kw):
    grads, x0 = _data(3, 1, 8, (2, 3), zero_frac=0.2)
    traj = run(AlphaAdamAnalysed(**kw), x0, grads)
    ref = ref_analysed(grads[0].reshape(8, -1).tolist(), x0[0].flatten().tolist(), kw["lr"],
                       kw["beta1"], kw["beta2"], kw.get("eps", 0.0),
                       decay=kw.get("lr_decay", "inv_sqrt") == "inv_sqrt")
    _close(traj.x[0].reshape(9, -1), ref["x"])
    _close(traj["mask"][0].reshape(8, -1), ref["mask"], 0)
    _close(traj["grad_norm_phi"][0], ref["gphi"])
    _close(traj["lr_t"][0], ref["lr_t"])
    assert torch.isfinite(traj["u"]).all()
    masks = traj["mask"][0, 1:]
    assert 0 < masks.sum() < masks.numel()
    assert torch.allclose(traj["update"], -traj["step_size"] * traj["m"], rtol=0, atol=1e-14)


def test_analysed_is_alphaadam_without_alpha_and_rescaling():
    """Same masks and moments as Algorithm 1; the step differs only by α_t η̂ vs η_t."""
    grads, x0 = _data(4, 2, 6, (5,))
    a = run(AlphaAdam(lr=0.1, eps=1e-8), x0, grads)
    b = run(AlphaAdamAnalysed(lr=0.1, eps=1e-8, lr_decay="constant"), x0, grads)
    assert torch.equal(a["mask"], b["mask"])
    assert torch.equal(a["m"], b["m"]) and torch.equal(a["v"], b["v"])
    ratio = (a["alpha"] * a["lr_hat"])[..., None] / 0.1
    assert torch.allclose(a["update"], ratio * b["update"], rtol=1e-12, atol=1e-15)


# --------------------------------------------------------------------------------------------
# Cautious Adam
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kw", [
    dict(lr=0.05, beta1=0.9, beta2=0.999, eps=1e-8),
    dict(lr=0.05, beta1=0.5, beta2=0.9, eps=1e-3, strict=True, xi=0.5),
    dict(lr=lambda t: 0.2 / t, beta1=0.6, beta2=0.0, eps=0.1, xi=3.0),
])
def test_cautious_matches_line_by_line_reference(kw):
    grads, x0 = _data(5, 1, 7, (6,), zero_frac=0.2)
    traj = run(CautiousAdam(**kw), x0, grads)
    ref = ref_cautious(grads[0].tolist(), x0[0].tolist(), kw["lr"], kw["beta1"], kw["beta2"],
                       kw["eps"], kw.get("xi", 1.0), kw.get("strict", False))
    _close(traj.x[0], ref["x"])
    _close(traj["mask"][0], ref["mask"], 0)
    _close(traj["lr_bar"][0], ref["lr_bar"])
    masks = traj["mask"][0]
    assert 0 < masks.sum() < masks.numel()
    assert torch.allclose(traj["update"], -traj["step_size"] * traj["m"], rtol=0, atol=1e-14)


def test_cautious_strictness_only_matters_on_zero_products():
    grads, x0 = _data(6, 2, 5, (6,), zero_frac=0.3)
    a = run(CautiousAdam(lr=0.1), x0, grads)
    b = run(CautiousAdam(lr=0.1, strict=True), x0, grads)
    zero = a["agreement"] == 0
    assert zero.any()
    assert torch.equal(a["mask"][~zero], b["mask"][~zero])
    assert (a["mask"][zero] == 1).all() and (b["mask"][zero] == 0).all()


# --------------------------------------------------------------------------------------------
# Reductions where the parameterisations coincide
# --------------------------------------------------------------------------------------------
def _positive(seed, T, d):
    gen = torch.Generator().manual_seed(seed)
    grads = torch.rand(1, T, d, generator=gen, dtype=F64) * 2 + 0.05     # > 0: masks all ones
    x0 = torch.randn(1, d, generator=gen, dtype=F64)
    m0 = torch.rand(d, generator=gen, dtype=F64) + 0.1                  # h0 > 0
    return grads, x0, m0


def _torch_adam(x0, grads, lr_eps, betas, exp_avg0=None):
    """torch.optim.Adam on one parameter; lr_eps(t) -> (lr, eps) set before step t."""
    p = torch.nn.Parameter(x0.clone())
    opt = torch.optim.Adam([p], lr=1.0, betas=betas, eps=1.0, foreach=False)
    if exp_avg0 is not None:
        opt.state[p] = {"step": torch.tensor(0.0), "exp_avg": exp_avg0.clone(),
                        "exp_avg_sq": torch.zeros_like(x0)}
    xs = [p.detach().clone()]
    for t in range(1, grads.shape[0] + 1):
        lr, eps = lr_eps(t)
        opt.param_groups[0]["lr"], opt.param_groups[0]["eps"] = lr, eps
        p.grad = grads[t - 1].clone()
        opt.step()
        xs.append(p.detach().clone())
    return torch.stack(xs)


@pytest.mark.parametrize("b1,b2,eps,d", [(0.9, 0.999, 1e-8, 4), (0.5, 0.9, 1e-2, 3),
                                         (0.0, 0.5, 0.3, 5)])
def test_alphaadam_all_ones_masks_is_adam_without_bias_correction(b1, b2, eps, d):
    """All masks one => α_t = 1, η̂ = η d/(d+1): Adam without bias correction, ϵ outside √.
    torch.optim.Adam matches with lr_t = η̂ (1-β1^t)/√(1-β2^t), eps_t = ϵ/√(1-β2^t), exp_avg0 = h0."""
    grads, x0, m0 = _positive(7, 8, d)
    lr = 0.03
    traj = run(AlphaAdam(lr=lr, beta1=b1, beta2=b2, eps=eps, m0=m0), x0, grads)
    assert (traj["mask"] == 1).all()
    assert torch.allclose(traj["alpha"], torch.ones_like(traj["alpha"]), rtol=0, atol=1e-15)
    eta_hat = lr * d / (d + 1)

    def lr_eps(t):
        s = math.sqrt(1 - b2 ** t)
        return eta_hat * (1 - b1 ** t) / s, eps / s
    xs = _torch_adam(x0[0], grads[0], lr_eps, (b1, b2), exp_avg0=m0)
    _close(traj.x[0], xs)


def test_alphaadam_and_analysed_all_ones_masks_match_adam_complexity():
    """ϵ = 0, v0 = ν0 > 0: AlphaAdam = adam_complexity's Adam with η d/(d+1); the Appendix E
    variant = the same Adam with η_t = η/√t."""
    d = 4
    grads, x0, m0 = _positive(8, 7, d)
    a = run(AlphaAdam(lr=0.05, beta1=0.7, beta2=0.9, eps=0.0, m0=m0, v0=0.2), x0, grads)
    ref = run(AdamComplexity(lr=0.05 * d / (d + 1), beta1=0.7, beta2=0.9, nu0=0.2, m0=m0),
              x0, grads)
    assert (a["mask"] == 1).all()
    _close(a.x, ref.x)
    b = run(AlphaAdamAnalysed(lr=0.05, beta1=0.7, beta2=0.9, m0=m0, v0=0.2), x0, grads)
    ref = run(AdamComplexity(lr=lambda t: 0.05 / math.sqrt(t), beta1=0.7, beta2=0.9, nu0=0.2,
                             m0=m0), x0, grads)
    assert (b["mask"] == 1).all()
    _close(b.x, ref.x)


@pytest.mark.parametrize("b1,b2,eps,xi,d", [(0.9, 0.999, 1e-8, 1.0, 4), (0.5, 0.9, 1e-2, 1.0, 6),
                                            (0.0, 0.0, 0.3, 2.5, 3)])
def test_cautious_all_ones_masks_is_torch_adam(b1, b2, eps, xi, d):
    """Positive gradients keep u∘g >= 0 everywhere: C-Adam = torch.optim.Adam(lr η d/(d+ξ))."""
    grads, x0, _ = _positive(9, 8, d)
    traj = run(CautiousAdam(lr=0.02, beta1=b1, beta2=b2, eps=eps, xi=xi), x0, grads)
    assert (traj["mask"] == 1).all()
    xs = _torch_adam(x0[0], grads[0], lambda t: (0.02 * d / (d + xi), eps), (b1, b2))
    _close(traj.x[0], xs)


# --------------------------------------------------------------------------------------------
# Batched hyperparameters and masks: each candidate is its own run
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cls,batched,scalar_keys", [
    (AlphaAdam, dict(lr=[0.1, 0.05, 0.2], beta1=[0.9, 0.5, 0.0], beta2=[0.999, 0.9, 0.5],
                     eps=[1e-8, 1e-3, 0.1], m0=[0.0, 0.3, -0.2]), ()),
    (AlphaAdam, dict(alpha=[1.0, 2.5, 0.3], lr=[0.1, 0.05, 0.2]), ()),
    (AlphaAdamAnalysed, dict(lr=[0.1, 0.05, 0.2], beta1=[0.9, 0.5, 0.0],
                             beta2=[0.999, 0.9, 0.5], eps=[0.0, 1e-3, 0.1]), ()),
    (CautiousAdam, dict(lr=[0.1, 0.05, 0.2], beta1=[0.9, 0.5, 0.0], beta2=[0.999, 0.9, 0.0],
                        eps=[1e-8, 1e-3, 0.1], xi=[1.0, 0.5, 4.0]), ()),
])
def test_per_candidate_hyperparameters_equal_separate_runs(cls, batched, scalar_keys):
    grads, x0 = _data(10, 3, 6, (2, 2), zero_frac=0.1)
    alg = cls(**{k: torch.tensor(v, dtype=F64) for k, v in batched.items()})
    traj = run(alg, x0, grads)
    for i in range(3):
        single = run(cls(**{k: v[i] for k, v in batched.items()}), x0[i:i + 1], grads[i:i + 1])
        assert torch.allclose(traj.x[i], single.x[0], rtol=0, atol=1e-14)
        assert torch.equal(traj["mask"][i], single["mask"][0])
        assert torch.allclose(traj["mask_count"][i], single["mask_count"][0])
        if "alpha" in traj.records:
            assert torch.allclose(traj["alpha"][i], single["alpha"][0], rtol=1e-14, atol=0)


# --------------------------------------------------------------------------------------------
# Optimizer adapters
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cls,opt_cls,kw", [
    (AlphaAdam, AlphaAdamOptimizer, dict(lr=0.01, beta1=0.9, beta2=0.99)),
    (AlphaAdamAnalysed, AlphaAdamAnalysedOptimizer, dict(lr=0.01, beta1=0.5, beta2=0.99)),
    (CautiousAdam, CautiousAdamOptimizer, dict(lr=0.01, beta1=0.9, beta2=0.99)),
])
def test_optimizer_subclass_matches_run(cls, opt_cls, kw):
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 2).double()
    x = torch.randn(16, 3, dtype=F64)
    y = torch.randn(16, 2, dtype=F64)
    params = {n: p.detach().clone() for n, p in model.named_parameters()}
    opt = opt_cls(model.parameters(), **kw)
    grads = {n: [] for n in params}
    for _ in range(8):
        opt.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        for n, p in model.named_parameters():
            grads[n].append(p.grad.detach().clone())
        opt.step()
    for n, p in model.named_parameters():
        traj = run(cls(**kw), params[n].unsqueeze(0), torch.stack(grads[n]).unsqueeze(0))
        assert torch.allclose(traj.x[0, -1], p.detach(), rtol=0, atol=1e-14)
        assert not torch.equal(p.detach(), params[n])


def test_optimizer_rejects_nan_gradients():
    p = torch.nn.Parameter(torch.zeros(3, dtype=F64))
    opt = AlphaAdamOptimizer([p])
    p.grad = torch.tensor([1.0, float("nan"), 0.0], dtype=F64)
    with pytest.raises(AdaproofInputError, match="NaN"):
        opt.step()


# --------------------------------------------------------------------------------------------
# float32, autograd, shapes
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cls", [AlphaAdam, AlphaAdamAnalysed, CautiousAdam])
def test_float32_and_autograd(cls):
    grads, x0 = _data(11, 2, 5, (3,))
    t32 = run(cls(lr=0.1, eps=1e-6), x0.float(), grads.float())
    t64 = run(cls(lr=0.1, eps=1e-6), x0, grads)
    assert t32.x.dtype == torch.float32
    assert torch.allclose(t32.x.double(), t64.x, atol=1e-4)
    lr = torch.tensor([0.1, 0.2], dtype=F64, requires_grad=True)
    traj = run(cls(lr=lr, eps=1e-6), x0, grads, keep_graph=True)
    traj.x[:, -1].sum().backward()
    assert lr.grad is not None and torch.isfinite(lr.grad).all() and (lr.grad != 0).all()


@pytest.mark.parametrize("cls", [AlphaAdam, AlphaAdamAnalysed, CautiousAdam])
def test_empty_parameter_is_rejected(cls):
    with pytest.raises(AdaproofInputError, match="coordinate"):
        run(cls(), torch.zeros(2, 0, dtype=F64), torch.zeros(2, 3, 0, dtype=F64))


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------
_COMMON_BAD = [({"beta1": 1.0}, "beta1"), ({"beta1": -0.1}, "beta1"), ({"beta2": 1.0}, "beta2"),
               ({"beta2": -0.5}, "beta2"), ({"eps": -1e-8}, "eps"), ({"eps": float("nan")}, "eps"),
               ({"lr": 0.0}, "lr"), ({"lr": -1.0}, "lr"), ({"lr": float("nan")}, "lr"),
               ({"beta1": torch.tensor([0.5, 1.2])}, "beta1"),
               ({"beta2": torch.ones(2, 2)}, "beta2")]


@pytest.mark.parametrize("kw,name", _COMMON_BAD + [
    ({"alpha": 0.0}, "alpha"), ({"alpha": -2.0}, "alpha"), ({"alpha": float("nan")}, "alpha"),
    ({"alpha": torch.tensor([1.0, 0.0])}, "alpha"), ({"alpha_form": "cube"}, "alpha_form"),
    ({"v0": -1.0}, "v0"), ({"m0": float("inf")}, "m0"), ({"strict": "yes"}, "strict")])
def test_alphaadam_bad_hyperparameters_name_the_parameter(kw, name):
    with pytest.raises(AdaproofInputError, match=name):
        AlphaAdam(**kw)


@pytest.mark.parametrize("kw,name", _COMMON_BAD + [
    ({"beta2": 0.0}, "beta2"), ({"lr_decay": "log"}, "lr_decay"), ({"v0": -0.1}, "v0")])
def test_analysed_bad_hyperparameters_name_the_parameter(kw, name):
    with pytest.raises(AdaproofInputError, match=name):
        AlphaAdamAnalysed(**kw)


@pytest.mark.parametrize("kw,name", _COMMON_BAD + [
    ({"xi": 0.0}, "xi"), ({"xi": -1.0}, "xi"), ({"strict": 1}, "strict")])
def test_cautious_bad_hyperparameters_name_the_parameter(kw, name):
    with pytest.raises(AdaproofInputError, match=name):
        CautiousAdam(**kw)


@pytest.mark.parametrize("cls", [AlphaAdam, AlphaAdamAnalysed, CautiousAdam])
def test_nan_gradients_are_rejected(cls):
    g = torch.ones(2, 3, 4, dtype=F64)
    g[1, 2, 0] = float("nan")
    with pytest.raises(AdaproofInputError, match="grads"):
        run(cls(), grads=g)
    with pytest.raises(AdaproofInputError, match="oracle"):
        run(cls(), torch.zeros(1, 2, dtype=F64), oracle=lambda x, t: x * float("nan"), T=2)


def test_undefined_u_with_eps_zero_raises():
    """ϵ = 0, v = 0 but h ≠ 0 (h0 given, zero gradients): u_t = h_t/0 is undefined."""
    grads = torch.zeros(1, 2, 3, dtype=F64)
    with pytest.raises(AdaproofInputError, match="eps"):
        run(AlphaAdam(eps=0.0, m0=1.0), grads=grads)
    with pytest.raises(AdaproofInputError, match="eps"):
        run(AlphaAdamAnalysed(m0=1.0), grads=grads)
    # 0/0 (no gradient seen, no initial momentum) is a coordinate that does not move
    traj = run(AlphaAdamAnalysed(), grads=grads)
    assert torch.equal(traj.x, torch.zeros_like(traj.x)) and torch.isfinite(traj["u"]).all()


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
@pytest.mark.parametrize("cls,kw", [(AlphaAdam, dict(alpha_form="sqrt")), (AlphaAdamAnalysed, {}),
                                    (CautiousAdam, dict(xi=torch.tensor([1.0, 2.0], dtype=F64)))])
def test_cuda_matches_cpu(cls, kw):
    grads, x0 = _data(12, 2, 6, (3, 2), zero_frac=0.1)
    lr = torch.tensor([0.1, 0.05], dtype=F64)
    cpu = run(cls(lr=lr, **kw), x0, grads)
    kw_cuda = {k: (v.cuda() if isinstance(v, torch.Tensor) else v) for k, v in kw.items()}
    gpu = run(cls(lr=lr.cuda(), **kw_cuda), x0.cuda(), grads.cuda())
    assert torch.allclose(gpu.x.cpu(), cpu.x, rtol=0, atol=1e-12)
    assert torch.equal(gpu["mask"].cpu(), cpu["mask"])
