"""Shared by the statement modules of ``adagrad_aniso``: the symbols, AdaGrad (Algorithm 1,
Option II) as a trajectory source, the size ladders, and the samplers and quantities used by
several statements (the variance-ratio vectors of Remark 4.2 / Example B.1, the one-step
finite noise laws of the statements in conditional expectation)."""
from __future__ import annotations

import math

import sympy as sp
import torch

from ...algorithms._core import run
from ...algorithms.adagrad_aniso import AdaGradAniso
from ...expectation import NoiseSpec
from ...sampling import choose, gradient_sequences, log_uniform
from ...statement import (Hypothesis, Quantity, Recurrence, SampleContext, Statement,
    TrajectorySource)
from ...symbolic import SeqValue

PAPER = "adagrad_aniso"

t = sp.Symbol("t", integer=True)
i = sp.Symbol("i", integer=True)
j = sp.Symbol("j", integer=True)
k = sp.Symbol("k", integer=True)
T = sp.Symbol("T", integer=True, positive=True)
d = sp.Symbol("d", integer=True, positive=True)
eps, eta = sp.symbols("eps eta", real=True)
v, lam, w, w0 = (sp.IndexedBase(s) for s in ("v", "lam", "w", "w0"))
# real-valued sequences (so that SymPy knows |x|² = x² in the proof steps)
g, gradf, noise = (sp.IndexedBase(s, real=True) for s in ("g", "gradf", "noise"))
Eg2, sigma, L1, ws = (sp.IndexedBase(s) for s in ("Eg2", "sigma", "L1", "ws"))
D2, Dinf = sp.symbols("D2 Dinf", real=True)

_pick = choose  # sizes(generator, preset) functions pick with the generator


_T_OPTS = {"smoke": (1, 2, 3, 10, 50), "default": (1, 2, 3, 10, 50, 200),
           "deep": (1, 2, 3, 10, 50, 200, 1000)}
_D_OPTS = (1, 2, 4, 8)


def _adagrad_sizes(gen: torch.Generator, preset: str) -> dict:
    return {"T": _pick(gen, _T_OPTS.get(preset, _T_OPTS["default"])), "d": _pick(gen, _D_OPTS)}


def _adagrad_sizes_short(gen: torch.Generator, preset: str) -> dict:
    """For statements claimed at each (t, j) separately: a long run only adds instances (and
    exact re-verification time); the tight regimes are reached within 50 steps."""
    return {"T": _pick(gen, (1, 2, 3, 10, 50)), "d": _pick(gen, _D_OPTS)}


def _nonzero(ctx: SampleContext, x: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    """``x`` with its exact zeros replaced by tiny values ±10⁻³·scale·U(0, 1]."""
    tiny = scale * 1e-3 * ctx.rand(*x.shape).clamp_min(1e-6) * \
        torch.where(ctx.rand(*x.shape) < 0.5, -1.0, 1.0).to(x.dtype)
    return torch.where(x == 0, tiny, x)


def _adagrad_inputs(ctx: SampleContext) -> tuple[dict, bool]:
    """g_t from the mixture of :func:`gradient_sequences`; ϵ log-uniform over 12 decades around
    the gradients' scale (tiny ϵ: first steps |g|/λ ≈ 1; huge ϵ: increments small against the
    accumulator, where the log-sum bounds are tight); η log-uniform; w_0 ~ N(0, s²).

    Returns the inputs and ``dense``, a per-candidate mask (shape ``(B,)``, half of each batch):
    in the dense candidates exact zeros are *additionally* replaced by tiny values; the other half
    of every batch keeps the exact zeros the hypotheses allow (no input is excluded: a batch
    always holds both kinds).  Exact zeros make some universal index hold as 0 = 0, which the
    checker ranks as the tightest index, so a batch where every candidate had one would report
    no best ratio at all."""
    Tn, dn = ctx.sizes["T"], ctx.sizes["d"]
    dense = ctx.rand(ctx.B) < 0.5
    gs = gradient_sequences(ctx, Tn, dn)
    rms = gs.square().mean(dim=(1, 2)).sqrt().clamp_min(1e-30)
    gs = torch.where(dense.reshape(-1, 1, 1), _nonzero(ctx, gs, rms.reshape(-1, 1, 1)), gs)
    e = rms * log_uniform(ctx, 1e-8, 1e4)
    return {"eps": e, "eta": log_uniform(ctx, 1e-4, 10.0), "g": SeqValue(gs, (0, 1)),
            "w0": SeqValue(ctx.randn(ctx.B, dn) * log_uniform(ctx, 1e-3, 1e3)[:, None], (1,))}, dense


def _lam_float(inputs: dict) -> torch.Tensor:
    """λ_t for t = 0..T-1 in float, shape (B, T, d), from Algorithm 1's module (to aim
    auxiliary inputs): ``traj["lam"][:, k]`` is λ_k."""
    traj = run(AdaGradAniso(lr=inputs["eta"], eps=inputs["eps"]), x0=inputs["w0"].data,
               grads=inputs["g"].data, record=("lam",))
    return traj["lam"]


def _build_adagrad(env):
    alg = AdaGradAniso(lr=env["eta"], eps=env["eps"])
    return alg, {"x0": env["w0"].data, "grads": env["g"].data}


_READ_V = {"v": ("v", (-1, 1)), "lam": ("lam", (-1, 1))}
_SOURCE_V = TrajectorySource(build=_build_adagrad, read=_READ_V, series=("v", "lam"))
_SOURCE_W = TrajectorySource(build=_build_adagrad, read={**_READ_V, "x": ("w", (0, 1))},
                             series=("v", "lam"))

_REC_V = (
    Recurrence("v", t, 0, eps ** 2, v[t - 1, j] + g[t, j] ** 2),  # line 6, v_{-1} = ϵ²
    Recurrence("lam", t, 0, eps, sp.sqrt(v[t, j])),               # line 7, Λ_t = diag(√v_t)
)
_REC_W = _REC_V + (
    Recurrence("w", t, 1, w0[j], w[t - 1, j] - eta * g[t - 1, j] / lam[t - 1, j]),  # Option II
)

_Q_ADAGRAD = (
    Quantity("eps", "scalar", "> 0", "ϵ (v_{-1} = ϵ² 1_d)"),
    Quantity("eta", "scalar", "> 0", "constant step size η"),
    Quantity("T", "size", ">= 1", "number of iterations"),
    Quantity("d", "size", ">= 1", "dimension"),
    Quantity("g", "sequence", "R", "stochastic gradients g_{t,j}, t = 0..T-1", (0, 1), ("T - 1", "d")),
    Quantity("w0", "sequence", "R", "initial point w_0", (1,), ("d",)),
    Quantity("v", "trajectory", "> 0", "v_{t,j} (Algorithm 1, line 6), from t = -1", (-1, 1),
             ("T - 1", "d")),
    Quantity("lam", "trajectory", "> 0", "λ_{t,j} = √v_{t,j}, the diagonal of Λ_t", (-1, 1),
             ("T - 1", "d")),
)
_Q_W = Quantity("w", "trajectory", "R", "iterates w_{t,j}, t = 0..T (Option II)", (0, 1), ("T", "d"))

_H_ADAGRAD = (
    Hypothesis(sp.StrictGreaterThan(eps, 0), silent=True,
               note="ϵ > 0: Algorithm 1 reads 'ϵ ∈ ℝ'; Lemma G.3 assumes ϵ > 0, the proofs take "
                    "Λ_{-1} = ϵI_d and divide by ϵ (see the algorithm module's docstring)"),
    Hypothesis(sp.StrictGreaterThan(eta, 0), note="step size η > 0 (every theorem)"),
)


def _adagrad_stmt(*, with_w: bool = False, extra_q=(), extra_h=(), **kw) -> Statement:
    return Statement(
        paper=PAPER,
        quantities=_Q_ADAGRAD + ((_Q_W,) if with_w else ()) + tuple(extra_q),
        hypotheses=_H_ADAGRAD + tuple(extra_h),
        sizes=kw.pop("sizes", _adagrad_sizes if kw.get("sampler") is not None else None),
        trajectory=_SOURCE_W if with_w else _SOURCE_V,
        recurrences=_REC_W if with_w else _REC_V,
        **kw)


def _f3_sampler(ctx: SampleContext) -> dict:
    return _adagrad_inputs(ctx)[0]


lamt = sp.sqrt(v[t - 1, j] + Eg2[t, j])  # λ̃_{t,j} of eq. (20)

_Q_PROXY = (
    Quantity("gradf", "sequence", "R", "true gradient ∇f(w_t)_j (pathwise: a free input)",
             (0, 1), ("T - 1", "d")),
    Quantity("Eg2", "sequence", ">= 0", "E_t[g²_{t,j}] of eq. (20) (pathwise: a free input)",
             (0, 1), ("T - 1", "d")),
)


_VR_D = (1, 2, 3, 5, 10, 123, 1000)


def _vr_sizes(gen: torch.Generator, preset: str) -> dict:
    return {"d": _pick(gen, _VR_D)}


def _positive_vectors(ctx: SampleContext, dn: int, *, max_first: bool = False) -> torch.Tensor:
    """Positive vectors of shape (B, d) from a mixture: log-uniform spread over 16 decades, all
    equal, one dominant coordinate, the exponential tail exp(−τj) of Assumption B.2, uniform;
    times a log-uniform scale.  With ``max_first`` the largest entry is swapped to j = 1."""
    B = ctx.B
    which = ctx.randint(0, 5, B).reshape(B, 1)
    jj = torch.arange(1, dn + 1, dtype=ctx.dtype).reshape(1, dn)
    spread = log_uniform(ctx, 1e-8, 1e8, dn)
    equal = torch.ones(B, dn, dtype=ctx.dtype)
    dominant = torch.where(jj == 1 + torch.floor(ctx.rand(B, 1) * dn), 1.0,
                           log_uniform(ctx, 1e-12, 1e-2).reshape(B, 1) * equal)
    tau = log_uniform(ctx, 1.0 / (dn + 1), 10.0).reshape(B, 1)
    tail = torch.exp(-tau * jj).clamp_min(1e-300)
    uni = ctx.rand(B, dn).clamp_min(1e-12)
    out = torch.where(which == 0, spread, torch.where(which == 1, equal, torch.where(
        which == 2, dominant, torch.where(which == 3, tail, uni))))
    out = out * log_uniform(ctx, 1e-6, 1e6).reshape(B, 1)
    if max_first:
        arg = out.argmax(1)
        first = out[:, 0].clone()
        top = out.gather(1, arg[:, None]).squeeze(1)
        out = out.clone()
        out.scatter_(1, arg[:, None], first[:, None])
        out[:, 0] = top
    return out


def _vr_box_sampler(ctx):
    dn = ctx.sizes["d"]
    return {"sigma": SeqValue(_positive_vectors(ctx, dn), (1,)),
            "L": SeqValue(_positive_vectors(ctx, dn, max_first=True), (1,)),
            "a": SeqValue(_positive_vectors(ctx, dn, max_first=True), (1,)),
            "c": log_uniform(ctx, 1e-6, 1e6)}


K = sp.Symbol("K", integer=True, positive=True)
r, q = sp.Symbol("r", integer=True), sp.Symbol("q", integer=True)
u, p, xi, lamp, nscale, drift = (sp.IndexedBase(s) for s in ("u", "p", "xi", "lamp", "nscale",
                                                              "drift"))
L1max, ctan = sp.symbols("L1max ctan", real=True)

_MU = sp.Sum(p[q] * u[q], (q, 1, K))                      # mean of the law (u, p)
_VAR = sp.Sum(p[r] * (u[r] - _MU) ** 2, (r, 1, K))        # its variance
# one step's stochastic gradient: g_{t,j} = ∇_{t,j} + n_{t,j}, n_{t,j} = s_j (ξ_j − E ξ)
_G1 = gradf[j] + nscale[j] * (xi[j] - _MU)
_EG2 = gradf[j] ** 2 + nscale[j] ** 2 * _VAR              # E_t[g²_{t,j}] (exactly, by the law)
_LAM1 = sp.sqrt(lamp[j] ** 2 + _G1 ** 2)                  # λ_{t,j} (lines 6-7)
_LAMT1 = sp.sqrt(lamp[j] ** 2 + _EG2)                     # λ̃_{t,j} of (20)


def _cond_sizes(gen: torch.Generator, preset: str) -> dict:
    """d ≤ 3 coordinates, K ≤ 4 atoms: at most 4³ = 64 noise paths (exact, verified in mpmath)."""
    return {"d": _pick(gen, (1, 2, 3)), "K": _pick(gen, (2, 3, 4))}


def _dyadic_probs(ctx: SampleContext, Kn: int) -> torch.Tensor:
    """Probabilities k·2⁻²⁰ that sum to 1 exactly in float and in mpmath (random cut points of
    [0, 2²⁰]; a coincident cut gives an atom of probability 0, which the law allows); one atom of
    probability 2⁻²⁰ in 20 % of the candidates (a rare, large draw)."""
    B, M = ctx.B, 2 ** 20
    cuts = torch.sort(ctx.randint(1, M, B, Kn - 1), dim=1).values.to(ctx.dtype)
    rare = ctx.rand(B) < 0.2
    if Kn > 1:
        cuts[:, 0] = torch.where(rare, torch.ones_like(cuts[:, 0]), cuts[:, 0])
        cuts = torch.sort(cuts, dim=1).values
    edges = torch.cat([torch.zeros(B, 1, dtype=ctx.dtype), cuts,
                       torch.full((B, 1), float(M), dtype=ctx.dtype)], 1)
    return (edges[:, 1:] - edges[:, :-1]) / M


def _law_support(ctx: SampleContext, Kn: int) -> torch.Tensor:
    """Support points: Gaussian, symmetric ±1 pairs, Cauchy-like, or one outlier of size 10³."""
    B = ctx.B
    which = ctx.randint(0, 4, B).reshape(B, 1)
    gauss = ctx.randn(B, Kn)
    pm = torch.where(torch.arange(Kn).reshape(1, Kn) % 2 == 0, 1.0, -1.0).to(ctx.dtype).expand(B, Kn)
    cauchy = torch.tan(math.pi * (ctx.rand(B, Kn).clamp(1e-6, 1 - 1e-6) - 0.5))
    outl = torch.where(torch.arange(Kn).reshape(1, Kn) == 0, 1e3, 0.0).to(ctx.dtype) + \
        0.1 * ctx.randn(B, Kn)
    return torch.where(which == 0, gauss, torch.where(which == 1, pm,
                                                      torch.where(which == 2, cauchy, outl)))


def _law_moments(uu: torch.Tensor, pp: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    mu = (pp * uu).sum(1)
    return mu, (pp * (uu - mu[:, None]) ** 2).sum(1)


def _cond_inputs(ctx: SampleContext) -> dict:
    """The past (λ_{t−1} > 0, ∇f(w_t)) and the law of step t's noise: a finite law (u, p)
    with dyadic probabilities, per-coordinate scales s_j ≥ 0 (0 in 10 % of the coordinates: a
    deterministic coordinate), σ_j from Assumption 3.5 at its edge σ_j² = s_j² Var·(1 + 2⁻³⁹)
    (60 %) or above it; ∇f at the scale of σ (|∇f| below, at or above σ_j) or 0; λ_{t−1}
    log-uniform over 12 decades around that scale (tiny λ_{t−1}: the first step, the regime
    where λ ≈ |g| and the bounds are tight)."""
    B, dn, Kn = ctx.B, ctx.sizes["d"], ctx.sizes["K"]
    uu, pp = _law_support(ctx, Kn), _dyadic_probs(ctx, Kn)
    mu, var = _law_moments(uu, pp)
    base = log_uniform(ctx, 1e-3, 1e3).reshape(B, 1)
    sc = base * log_uniform(ctx, 1e-2, 1e2, dn) / var.clamp_min(1e-300).sqrt().reshape(B, 1)
    sc = torch.where(ctx.rand(B, dn) < 0.1, torch.zeros_like(sc), sc)
    sd = (sc * sc * var.reshape(B, 1)).sqrt()
    edge = ctx.rand(B, dn) < 0.6
    sig = torch.where(edge, sd * (1 + 2.0 ** -39), sd * log_uniform(ctx, 1.0, 1e3, dn))
    sig = torch.where(sig > 0, sig, base * log_uniform(ctx, 1e-2, 1e2, dn))
    sgn = torch.where(ctx.rand(B, dn) < 0.5, -1.0, 1.0).to(ctx.dtype)
    which = ctx.randint(0, 4, B, dn)
    nf = torch.where(which == 0, sig * ctx.rand(B, dn), torch.where(
        which == 1, sig, torch.where(which == 2, sig * (1 + log_uniform(ctx, 1e-6, 1e2, dn)),
                                     torch.zeros_like(sig)))) * sgn
    lp = base * log_uniform(ctx, 1e-6, 1e6, dn)
    return {"u": SeqValue(uu, (1,)), "p": SeqValue(pp, (1,)), "nscale": SeqValue(sc, (1,)),
            "sigma": SeqValue(sig, (1,)), "gradf": SeqValue(nf, (1,)), "lamp": SeqValue(lp, (1,))}


_Q_COND = (
    Quantity("d", "size", ">= 1", "dimension"),
    Quantity("K", "size", ">= 1", "number of atoms of the noise law"),
    Quantity("u", "sequence", "R", "support of the noise law", (1,), ("K",)),
    Quantity("p", "sequence", ">= 0, sums to 1", "probabilities of the noise law", (1,), ("K",)),
    Quantity("xi", "sequence", "law (u, p)", "step t's draws ξ_j, i.i.d. over j", (1,), ("d",)),
    Quantity("nscale", "sequence", ">= 0", "noise scale s_j: n_{t,j} = s_j (ξ_j − E ξ)", (1,),
             ("d",)),
    Quantity("sigma", "sequence", "> 0", "σ_j of Assumption 3.5", (1,), ("d",)),
    Quantity("gradf", "sequence", "R", "∇f(w_t)_j (F_{t−1}-measurable: an input)", (1,), ("d",)),
    Quantity("lamp", "sequence", "> 0", "λ_{t−1,j} (the past: an input; any value ≥ ϵ > 0 is "
             "reached by some past)", (1,), ("d",)),
)
_H_COND = (
    Hypothesis(sp.GreaterThan(p[r], 0), forall=((r, 1, K),), note="a probability law"),
    Hypothesis(sp.Eq(sp.Sum(p[r], (r, 1, K)), 1),
               note="a probability law (the sampler's dyadic probabilities sum to 1 exactly)"),
    Hypothesis(sp.GreaterThan(nscale[j], 0), forall=((j, 1, d),), note="noise scale s_j ≥ 0"),
    Hypothesis(sp.StrictGreaterThan(sigma[j], 0), forall=((j, 1, d),),
               note="Assumption 3.5: σ is a positive vector"),
    Hypothesis(sp.GreaterThan(sigma[j] ** 2, nscale[j] ** 2 * _VAR), forall=((j, 1, d),),
               note="Assumption 3.5 on the law: E_t[n²_{t,j}] = s_j² Var(ξ) ≤ σ_j² (Assumption "
                    "3.4, E_t[n_t] = 0, holds by construction: n = s(ξ − Eξ))"),
    Hypothesis(sp.StrictGreaterThan(lamp[j], 0), forall=((j, 1, d),),
               note="λ_{t−1,j} ≥ ϵ > 0"),
)
_COND_NOTE = ("Conditional expectation E_t = E[· | F_{t−1}]: the past (λ_{t−1}, and ∇f(w_t), "
              "which is F_{t−1}-measurable) is an input; step t's stochastic gradient is "
              "g_{t,j} = ∇f(w_t)_j + s_j(ξ_j − Eξ) with ξ_j i.i.d. from a finite law (u, p), so "
              "that Assumption 3.4 (E_t g_t = ∇f(w_t)) holds exactly and Assumption 3.5 "
              "(E_t n²_{t,j} ≤ σ_j²) is a hypothesis on the law's inputs; E_t[g²_{t,j}] in (20) is "
              "the law's exact second moment ∇f² + s²Var(ξ). Exact enumeration over the d draws.")
_NOISE_COND = NoiseSpec("xi", "u", "p", (1,), ("d",))
