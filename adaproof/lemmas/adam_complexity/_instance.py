"""The whole-run instance family of the adam_complexity statements in expectation: Algorithm 1 on
a diagonal quadratic with a two-point noise law, the expectation over ξ₁..ξ_T exact (2^T paths).

It is the family on which Theorems 1 and 2 are attacked (:mod:`adaproof.bounds.adam_complexity`,
whose symbols, oracle, recurrences and hypotheses are reused here unchanged): f(w) = Σ_l h_l/2
(w_l − c_l)², h_l > 0, L ≥ max_l h_l (Assumption 1, exactly), f ≥ 0 with inf f = 0; the oracle
g_t = ∇f(w_t) + e(ξ_t − μ), ξ_t i.i.d. two-point (u, p), μ = Σ p_k u_k: unbiased with
E‖g_t − ∇f(w_t)‖² = ‖e‖²Var ξ ≤ σ² (Assumption 2, a hypothesis on the inputs).  m₀ = 0 and one
scalar ν₀ in every coordinate.  G_t = ∇f(w_t) is F_t-measurable, as the paper's G_t is.

Expressions here are one noise path's integrands; a statement with ``noise=_NOISE`` claims
E[lhs] ≤ E[rhs].  The statements whose printed form is a product or a function of expectations
((10), the steps of Appendix D) are encoded through exact variational forms with a free scalar
λ > 0 (see each statement's notes).
"""
from __future__ import annotations

import math

import sympy as sp
import torch

from ...algorithms.adam_complexity import AdamComplexity
from ...bounds.adam_complexity import (_F1, _GRAD, _INSTANCE_HYP, _NOISE, _ORACLE, _R, _READ,
                                       _T1_HYPER, _T2_HYPER, _cc, _h, _instance_inputs,
                                       _instance_sizes, _l, _m, _nu, _oracle_of, _quantities,
                                       _recurrences, _t, _w)
from ...bounds.adam_complexity import T, d  # noqa: F401  (the sizes, as the theorems use them)
from ...sampling import log_uniform, unit_interval
from ...statement import Hypothesis, Quantity, SampleContext, TrajectorySource

eta, beta1, beta2 = _R["eta"], _R["beta1"], _R["beta2"]
L, sigma, nu0 = _R["L"], _R["sigma"], _R["nu0"]
a_, b_ = _R["a"], _R["b"]
omc = sp.Symbol("omc", real=True)
lam = sp.Symbol("lam", real=True)
i = sp.Symbol("i", integer=True)
s = sp.Symbol("s", integer=True)
l, t = _l, _t
w, m, nu, h, cstar = _w, _m, _nu, _h, _cc

G = _GRAD  # G(t) = ∇_l f(w_t) (an expression in the coordinate index l)
g = _ORACLE  # g(t) = g_{t,l}
F1 = _F1  # f(w_1)


def f_at(tt):
    """f(w_t) = Σ_l h_l/2 (w_{t,l} − c_l)²."""
    return sp.Sum(h[l] / 2 * (w[tt, l] - cstar[l]) ** 2, (l, 1, d))


def Sd(expr):
    """Σ_{l=1}^d."""
    return sp.Sum(expr, (l, 1, d))


def nut1(tt):
    """ν̃¹_{t,l} = β₂ν_{t−1,l} + (1−β₂)G_{t,l}² + (1−β₂)σ²."""
    return beta2 * nu[tt - 1, l] + (1 - beta2) * G(tt) ** 2 + (1 - beta2) * sigma ** 2


#: the condition of Theorem 1 and the instance's Assumptions 1-2 (see the module docstring)
T1_HYPS = (Hypothesis(sp.StrictGreaterThan(eta, 0), note="Algorithm 1: η > 0"),
           Hypothesis(sp.And(sp.GreaterThan(beta1, 0), sp.StrictLessThan(beta1, beta2),
                             sp.StrictLessThan(beta2, 1)), note="Theorem 1: 0 ≤ β₁ < β₂ < 1"),
           *_INSTANCE_HYP)
T1_QS = _quantities(_T1_HYPER)
LAM_Q = Quantity("lam", "scalar", "> 0", "the free scalar λ > 0 of the variational form")
LAM_HYP = Hypothesis(sp.StrictGreaterThan(lam, 0), note="λ > 0 (the statement is for every λ)")


def t1_sampler(ctx: SampleContext, *, with_lam: bool = False) -> dict:
    """The instance (:func:`adaproof.bounds.adam_complexity._instance_inputs`: h, c, w₁, L, the
    two-point law, e, σ at Assumption 2's edge or above); η log-uniform in [1e-3, 10]; β₁ < β₂
    sorted from :func:`unit_interval` (β₁ = 0 a quarter of the time); ν₀ log-uniform in
    [1e-6, 1e4] (half the time ≤ 1); λ log-uniform in [1e-4, 1e4] when asked."""
    inp = _instance_inputs(ctx)
    B = ctx.B
    a, b = unit_interval(ctx, closed_low=True), unit_interval(ctx)
    b1v, b2v = torch.minimum(a, b), torch.maximum(a, b)
    b1v = torch.where(b1v >= b2v, b2v * ctx.rand(B), b1v)
    b1v = torch.where(ctx.rand(B) < 0.25, torch.zeros_like(b1v), b1v)
    nu = torch.where(ctx.rand(B) < 0.5, log_uniform(ctx, 1e-6, 1.0), log_uniform(ctx, 1.0, 1e4))
    out = {**inp, "eta": log_uniform(ctx, 1e-3, 10.0), "beta1": b1v, "beta2": b2v, "nu0": nu}
    if with_lam:
        out["lam"] = log_uniform(ctx, 1e-4, 1e4)
    return out


def t1_build(env):
    alg = AdamComplexity(lr=env["eta"], beta1=env["beta1"], beta2=env["beta2"],
                         nu0=env["nu0"], m0=0.0)
    return alg, {"x0": env["w1"].data, "T": env["T"], "oracle": _oracle_of(env)}


T1_TRAJ = TrajectorySource(build=t1_build, read=_READ, series=("m", "nu"))
T1_RECS = _recurrences(eta, beta1, beta2)
NOISE = _NOISE
SIZES = _instance_sizes
T1_INSTANCE = dict(trajectory=T1_TRAJ, recurrences=T1_RECS, noise=NOISE, sizes=SIZES)

# -- Theorem 2's schedule: η = a/√T, β₂ = 1 − b/T, β₁ = cβ₂ (c = 1 − omc) ---------------------
B2_T2 = 1 - b_ / T
B1_T2 = (1 - omc) * B2_T2
ETA_T2 = a_ / sp.sqrt(T)
T2_HYPS = (Hypothesis(sp.StrictGreaterThan(a_, 0), note="Theorem 2: a > 0"),
           Hypothesis(sp.And(sp.StrictGreaterThan(b_, 0), sp.StrictLessThan(b_, T)),
                      note="Theorem 2: b > 0; β₂ = 1 − b/T ∈ (0, 1) (Algorithm 1)"),
           Hypothesis(sp.And(sp.StrictGreaterThan(omc, 0), sp.LessThan(omc, 1)),
                      note="Theorem 2: 0 ≤ c < 1 (c = 1 − omc)"),
           *_INSTANCE_HYP)
T2_QS = _quantities(_T2_HYPER)


def t2_sampler(ctx: SampleContext, *, with_lam: bool = False) -> dict:
    """The instance as for Theorem 1; a log-uniform in [1e-3, 10]; b = T·U (U from
    :func:`unit_interval`, so 0 < b < T); c from :func:`unit_interval` (0 a quarter of the
    time); ν₀ log-uniform in [1e-6, 1e4] (half the time ≤ 1); λ as for Theorem 1."""
    inp = _instance_inputs(ctx)
    B, Tn = ctx.B, ctx.sizes["T"]
    omcv = 1 - unit_interval(ctx, closed_low=True)
    omcv = torch.where(ctx.rand(B) < 0.25, torch.ones_like(omcv), omcv)
    nu = torch.where(ctx.rand(B) < 0.5, log_uniform(ctx, 1e-6, 1.0), log_uniform(ctx, 1.0, 1e4))
    out = {**inp, "a": log_uniform(ctx, 1e-3, 10.0), "b": Tn * unit_interval(ctx), "omc": omcv,
           "nu0": nu}
    if with_lam:
        out["lam"] = log_uniform(ctx, 1e-4, 1e4)
    return out


def t2_build(env):
    Tn = env["T"]
    b2v = 1 - env["b"] / Tn
    alg = AdamComplexity(lr=env["a"] / math.sqrt(Tn), beta1=(1 - env["omc"]) * b2v, beta2=b2v,
                         nu0=env["nu0"], m0=0.0)
    return alg, {"x0": env["w1"].data, "T": Tn, "oracle": _oracle_of(env)}


T2_TRAJ = TrajectorySource(build=t2_build, read=_READ, series=("m", "nu"))
T2_RECS = _recurrences(ETA_T2, B1_T2, B2_T2)
T2_INSTANCE = dict(trajectory=T2_TRAJ, recurrences=T2_RECS, noise=NOISE, sizes=SIZES)

INSTANCE_NOTE = ("In expectation over the whole run: Algorithm 1 on f = Σ_l h_l/2 (w_l − c_l)² "
                 "(Assumption 1 with L ≥ max h_l, f ≥ 0, inf f = 0) with the unbiased oracle "
                 "g_t = ∇f(w_t) + e(ξ_t − μ), ξ_t i.i.d. from a two-point law, "
                 "E‖g − ∇f‖² = ‖e‖²Var ξ ≤ σ² (Assumption 2; e = 0 is the deterministic "
                 "oracle); m₀ = 0, one scalar ν₀; exact expectation over the 2^T paths.")
