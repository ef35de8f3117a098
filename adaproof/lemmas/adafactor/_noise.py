"""Adafactor's convergence theorems attacked *with noise* (issue 13): the noiseless statements of
:mod:`adaproof.bounds.adafactor` (separable pseudo-Huber f on n×m matrices, the printed bound)
turned into high-probability statements (:mod:`adaproof.probability`) whose stochastic gradient
g(X_k, Z_k) = ∇f(X_k) + ξ_k drives both the float run and the mpmath recurrences."""
from __future__ import annotations

import dataclasses
import math

import sympy as sp
import torch

from ...bounds import adafactor as BA
from ...probability import HighProbability, row_sampler, row_sizes
from ...registry import register
from ...sampling import log_uniform
from ...statement import Hypothesis, Quantity, Recurrence, SampleContext, TrajectorySource
from ...symbolic import SeqValue

xi = sp.IndexedBase("xi")
_k, _i, _j, _p, _q = BA._k, BA._i, BA._j, BA._p, BA._q
Q_XI = Quantity("xi", "sequence", "R", "noise ξ_k = g(X_k, Z_k) − ∇f(X_k)", (1, 1, 1),
                ("T", "n", "m"))


def gn(k, i, j):
    """The stochastic gradient g(X_k, Z_k)_{ij} = ∇f(X_k)_{ij} + ξ_{k,ij}."""
    return BA._grad(k, i, j) + xi[k, i, j]


def recurrences(regime: str):
    """Algorithm 1 (:func:`adaproof.bounds.adafactor._recurrences`) driven by ``gn``."""
    beta_k, rho_k, clip = BA._REGIMES[regime]
    prev = {_k: _k - 1}
    eta = sp.Max(BA._se2, BA._rms_x(_k)) * rho_k
    if clip is not None:
        rms_u = sp.sqrt(sp.Sum(sp.Sum(gn(_k, _p, _q) ** 2 / BA._w(_k, _p, _q), (_q, 1, BA._ms)),
                               (_p, 1, BA._ns)) / (BA._ns * BA._ms))
        eta = eta / sp.Max(1, rms_u / clip)
    x_upd = BA._x[_k - 1, _i, _j] - (eta * gn(_k, _i, _j) / sp.sqrt(BA._w(_k, _i, _j))).subs(
        prev)
    return (Recurrence("x", _k, 2, BA._x1[_i, _j], x_upd),
            Recurrence("R", _k, 1, sp.Integer(0), beta_k * BA._R[_k - 1, _i] + (1 - beta_k)
                       * sp.Sum(gn(_k, _i, _q) ** 2 + BA._se1, (_q, 1, BA._ms))),
            Recurrence("C", _k, 1, sp.Integer(0), beta_k * BA._C[_k - 1, _j] + (1 - beta_k)
                       * sp.Sum(gn(_k, _p, _j) ** 2 + BA._se1, (_p, 1, BA._ns))))


def builder(regime: str):
    base = BA._builder(regime)

    def build(env):
        alg, kw = base(env)
        exact, noise = kw["oracle"], env["xi"].data

        def oracle(X, k):  # g(X_k, Z_k) = ∇f(X_k) + ξ_k (k = 1..T)
            return exact(X, k) + noise[:, k - 1]
        kw["oracle"] = oracle
        return alg, kw
    return build


def unit_directions(ctx: SampleContext) -> torch.Tensor:
    B, Tn, n_, m_ = ctx.B, ctx.sizes["T"], ctx.sizes["n"], ctx.sizes["m"]
    u = ctx.randn(B, Tn, n_ * m_)
    return (u / u.norm(dim=2, keepdim=True).clamp_min(1e-300)).reshape(B, Tn, n_, m_)


def noisy(base, regime: str, *, id: str, title: str, law: str, params, noise, extra_q,
          extra_h, delta, notes: str, samples: int = 128, confirm: int = 512):
    """The high-probability statement ``id``: ``base`` with the noise ``noise(ctx, rows)``."""
    spec = HighProbability(delta=delta, params=params, noise=noise,
                           sizes=lambda gen: BA._sizes(gen, "default"), law=law,
                           samples=samples, confirm=confirm, candidates_per_batch=4)
    return register(dataclasses.replace(
        base, id=id, variant="printed", reason="", title=title,
        quantities=base.quantities + tuple(extra_q) + (Q_XI,),
        hypotheses=base.hypotheses + tuple(extra_h),
        trajectory=TrajectorySource(build=builder(regime), read=base.trajectory.read),
        recurrences=recurrences(regime), expected="holds", latex=base.latex,
        special=spec, sampler=row_sampler(spec), sizes=row_sizes(spec),
        source=base.source + "; with noise (issue 13)", notes=notes + " " + (base.notes or "")))


# -- bounded, mean-zero noise: (A3) and (A4) -------------------------------------------------------
r_noise = sp.Symbol("r", real=True)
Q_R = Quantity("r", "scalar", ">= 0", "noise radius: ξ_k = ±r u_k (Rademacher sign)")
#: (A4) ||g||_F <= G a.s.: ||∇f|| < s||h||_F, so G >= s||h||_F + r suffices
H_A4 = (Hypothesis(r_noise >= 0, note="noise radius"),
        Hypothesis(BA._Gs >= BA._s * sp.sqrt(sp.Sum(sp.Sum(BA._h[_p, _q] ** 2,
                                                           (_q, 1, BA._ms)),
                                                    (_p, 1, BA._ns))) + r_noise,
                   note="(A4): ||g(X, Z)||_F <= ||∇f(X)||_F + r < s||h||_F + r <= G a.s."))
LAW_A4 = ("g = ∇f(X_k) + ξ_k, ξ_k = ε_k r u_k, ε_k = ±1 with probability 1/2 (mean 0: (A3)), "
          "u_k uniform on the unit sphere, G >= s||h||_F + r ((A4) a.s.)")


def params_a4(regime: str):
    base = BA._sampler_for(regime)

    def params(ctx: SampleContext) -> dict:
        out = base(ctx)
        sh = out["s"] * torch.sqrt((out["h"].data ** 2).sum(dim=(1, 2)))
        r = sh * log_uniform(ctx, 1e-2, 1e2)  # noise up to 100x the gradient bound
        out["r"] = r
        out["G"] = (sh + r) * (1 + 2.0 ** -40)
        return out
    return params


def noise_a4(ctx: SampleContext, rows: dict) -> dict:
    sign = torch.where(ctx.rand(ctx.B, ctx.sizes["T"]) < 0.5, -1.0, 1.0).to(ctx.dtype)
    v = (rows["r"][:, None] * sign)[:, :, None, None] * unit_directions(ctx)
    return {"xi": SeqValue(v.contiguous(), (1, 1, 1))}


# -- sub-Gaussian noise: Assumption 1 ---------------------------------------------------------------
cl, ql = sp.symbols("cl ql", real=True)
Q_LAW = (Quantity("cl", "scalar", "> 0", "law: the atom c_l of ||ξ||²/σ²"),
         Quantity("ql", "scalar", "[0, 1]", "law: P(||ξ||²/σ² = c_l)"))
H_ASSUMPTION_1 = (
    Hypothesis(sp.And(cl > 0, ql >= 0, ql <= 1), note="the two-point law of ||ξ||²/σ²"),
    Hypothesis(1 - ql + ql * sp.exp(cl) <= sp.E,
               note="Assumption 1: E[exp(||ξ||²/σ²)] = 1 − q_l + q_l e^{c_l} <= e"))
LAW_SUBGAUSSIAN = ("g = ∇f(X_k) + ξ_k, ξ_k = σ sqrt(X_k) u_k, X_k i.i.d. on {0, c_l}, "
                   "P(c_l) = q_l, 1 − q_l + q_l e^{c_l} <= e (Assumption 1), u_k uniform on the "
                   "unit sphere")


def params_subgaussian(regime: str):
    base = BA._sampler_for(regime)

    def params(ctx: SampleContext) -> dict:
        out = base(ctx)
        c_ = log_uniform(ctx, 1e-2, 10.0)
        q_max = torch.clamp((math.e - 1) / torch.expm1(c_), max=1.0)
        out["cl"] = c_
        out["ql"] = q_max * (1 - 1e-9) * torch.where(
            ctx.rand(ctx.B) < 0.7, torch.ones(ctx.B, dtype=ctx.dtype), ctx.rand(ctx.B))
        return out
    return params


def noise_subgaussian(ctx: SampleContext, rows: dict) -> dict:
    B, Tn = ctx.B, ctx.sizes["T"]
    x = torch.where(ctx.rand(B, Tn) < rows["ql"][:, None], rows["cl"][:, None].expand(B, Tn),
                    torch.zeros(B, Tn, dtype=ctx.dtype))
    v = (rows["sigma"][:, None] * torch.sqrt(x))[:, :, None, None] * unit_directions(ctx)
    return {"xi": SeqValue(v.contiguous(), (1, 1, 1))}
