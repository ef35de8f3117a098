"""Shared pieces of the adam_complexity statements: the symbols of Algorithm 1 (Adam with
ν₀, m₀ inputs), the size ladders, and the samplers and builders that several statement modules
use (Lemma 5's sampler, also used at step (∘) of Lemma 1; the per-coordinate ν₀ scale of Lemma 1's
samplers; the finite-law helper of Lemma 2 and of Lemma 1's conditional-expectation steps).
"""
from __future__ import annotations

import sympy as sp
import torch

from ...algorithms.adam_complexity import AdamComplexity
from ...sampling import choose, gradient_sequences, log_uniform, unit_interval
from ...statement import Hypothesis, Quantity, Recurrence, SampleContext
from ...symbolic import SeqValue


PAPER = "adam_complexity"

t = sp.Symbol("t", integer=True)
l = sp.Symbol("l", integer=True)
T = sp.Symbol("T", integer=True, positive=True)
d = sp.Symbol("d", integer=True, positive=True)
eta, beta1, beta2 = sp.symbols("eta beta1 beta2", real=True)
g, w, m, nu = (sp.IndexedBase(s) for s in ("g", "w", "m", "nu"))
nu0, m0, w1 = (sp.IndexedBase(s) for s in ("nu0", "m0", "w1"))

_T = {"smoke": (1, 2, 3, 10, 50, 200), "default": (1, 2, 3, 10, 50, 200, 500),
      "deep": (1, 2, 3, 10, 50, 200, 500, 2000)}
_D = (1, 2, 4, 8)


_pick = choose  # sizes(generator, preset) functions pick with the generator


def _lemma_5_sizes(gen: torch.Generator, preset: str) -> dict:
    return {"T": _pick(gen, _T.get(preset, _T["default"])), "d": _pick(gen, _D)}


def _lemma_5_sampler(ctx: SampleContext, gaussian: str = "randn") -> dict:
    """β₁ ∈ [0,1) and β₂ ∈ (0,1) drawn independently then sorted so that β₁ < β₂ (Theorem 1's
    condition); ν₀ > 0 per coordinate, log-uniform over 16 decades; m₀ = 0; w₁ ~ N(0, 1).
    ``gaussian``: how the gradients' Gaussian base is drawn (``gradient_sequences``)."""
    Tn, dn = ctx.sizes["T"], ctx.sizes["d"]
    a, b = unit_interval(ctx, closed_low=True), unit_interval(ctx)
    b1, b2 = torch.minimum(a, b), torch.maximum(a, b)
    equal = b1 >= b2
    b1 = torch.where(equal, b2 * ctx.rand(ctx.B), b1)
    gs = gradient_sequences(ctx, Tn, dn, gaussian=gaussian)
    nu0v = log_uniform(ctx, 1e-12, 1e4, dn)
    return {"eta": log_uniform(ctx, 1e-4, 10.0), "beta1": b1, "beta2": b2,
            "g": SeqValue(gs, (1, 1)), "nu0": SeqValue(nu0v, (1,)),
            "m0": SeqValue(torch.zeros_like(nu0v), (1,)),
            "w1": SeqValue(ctx.randn(ctx.B, dn), (1,))}


def _lemma_5_sampler_fast(ctx: SampleContext) -> dict:
    """Lemma 5's sampler with the gradients' Gaussian base drawn by the vectorised Box–Muller
    transform (``sampling.box_muller``: the same distribution, the (B, T, d) draw about 5×
    faster than ``torch.randn``'s element-wise float64 kernel)."""
    return _lemma_5_sampler(ctx, gaussian="box-muller")


def _build_adam(env):
    alg = AdamComplexity(lr=env["eta"], beta1=env["beta1"], beta2=env["beta2"],
                         nu0=env["nu0"].data, m0=env["m0"].data)
    return alg, {"x0": env["w1"].data, "grads": env["g"].data}


# =============================================================================================
# Appendix B: Lemmas 3 and 4 (log-sum), Lemma 5's ℓ∞ and ℓ₂ corollaries (update-norm);
# Appendix C.1: the pathwise proxy-gap bounds in the proof of Lemma 1 (proxy-gap) and the
# second-moment comparison of Lemma 2 (variance-ratio)
# =============================================================================================
n = sp.Symbol("n", integer=True)
i = sp.Symbol("i", integer=True)
j = sp.Symbol("j", integer=True)
k = sp.Symbol("k", integer=True)
K = sp.Symbol("K", integer=True, positive=True)
sigma = sp.Symbol("sigma", real=True)
a, b, c = (sp.IndexedBase(s) for s in ("a", "b", "c"))
b0, c0 = sp.IndexedBase("b0"), sp.IndexedBase("c0")
G = sp.IndexedBase("G")

_BETA2 = Hypothesis(sp.And(sp.StrictGreaterThan(beta2, 0), sp.StrictLessThan(beta2, 1)))


def _sizes_T_d(T_opts: dict, d_opts=_D):
    def sizes(gen: torch.Generator, preset: str) -> dict:
        return {"T": _pick(gen, T_opts.get(preset, T_opts["default"])), "d": _pick(gen, d_opts)}
    return sizes


def _initial_scale(ctx: SampleContext, gs: torch.Tensor) -> torch.Tensor:
    """Per-coordinate ν₀ > 0: log-uniform over 16 decades, or (half the time) a log-uniform
    multiple in [1e-8, 1e4] of the coordinate's largest squared gradient (so that ν₀ is at the
    scale of the g², where the bounds are tight)."""
    dn = gs.shape[2]
    free = log_uniform(ctx, 1e-12, 1e4, dn)
    gmax2 = gs.abs().amax(1).clamp_min(1e-100) ** 2
    matched = log_uniform(ctx, 1e-8, 1e4, dn) * gmax2
    out = torch.where(ctx.rand(ctx.B, 1) < 0.5, free, matched)
    return out.clamp(1e-300, 1e300)


def _build_bc(env):
    """b_n and c_n are Adam's ν_n and m_n (Algorithm 1) with ν₀ = b₀, m₀ = c₀ and gradients a_n
    (a float path independent of the SymPy recurrences); β₁ = 0 for Lemma 3, which has no c."""
    beta1_ = env["beta1"] if "beta1" in env else 0.0
    m0_ = env["c0"].data if "c0" in env else 0.0
    alg = AdamComplexity(lr=1.0, beta1=beta1_, beta2=env["beta2"], nu0=env["b0"].data, m0=m0_)
    return alg, {"x0": torch.zeros_like(env["b0"].data), "grads": env["a"].data}


_B_REC = Recurrence("b", n, 1, b0[l], beta2 * b[n - 1, l] + (1 - beta2) * a[n, l] ** 2)
_C_REC = Recurrence("c", n, 1, c0[l], beta1 * c[n - 1, l] + (1 - beta1) * a[n, l])
_A_Q = Quantity("a", "sequence", "R", "real numbers a_n (one independent sequence per "
                "coordinate l)", (1, 1), ("T", "d"))
_B0_Q = Quantity("b0", "sequence", "> 0", "b_0 (per coordinate)", (1,), ("d",))
_B_Q = Quantity("b", "trajectory", "> 0", "b_n = β₂b_{n−1} + (1−β₂)a_n² (Adam's ν)", (0, 1),
                ("T", "d"))
_D_Q = Quantity("d", "size", ">= 1", "number of independent sequences checked at once (the "
                "lemma is about one scalar sequence; coordinate l is one instance)")
_LOG_TERM = sp.log(b[T, l] / b[0, l]) - T * sp.log(beta2)


# ---------------------------------------------------------------------------------------------
# Lemma 2 (Appendix C.1 and Section 4.2): the second-moment comparison, factor 2
# ---------------------------------------------------------------------------------------------
# The conditional law of g_{t,l} given F_t is a finite law: atoms y_k with weights p_k > 0
# (normalised inside the expressions); G_{t,l} = E^{|F_t} g_{t,l} is its mean.  The sums over k
# are exact expectations, not samples.
k2 = sp.Symbol("k2", integer=True)

# ---------------------------------------------------------------------------------------------
# Lemma 1 (Appendix C.1) in conditional expectation: the bounds on the term (ii)_t^i, the error
# of replacing ν̃^i by ν̃^{i+1}, as the proof states them under E^{|F_{t−i}}
# ---------------------------------------------------------------------------------------------
# The past (gradients g_1..g_T, hence ν_T and m_T through Algorithm 1) is given; the stochastic
# gradient of the next step, T + 1, is g_{T+1,l} = G_l + s_l(ξ_l − μ) with ξ_1..ξ_d i.i.d. from
# a finite law (atoms u_k, probabilities q_k, mean μ = Σq_k u_k/Σq_k): unbiased (E g = G) by
# construction, and Assumption 2, E‖g − G‖² = Σ_l s_l² Var ≤ σ², is a hypothesis on the law's
# inputs.  Exact enumeration over the K^d paths decides (at most 4⁴ = 256 here).
xi, u_, q_, s_ = (sp.IndexedBase(x_) for x_ in ("xi", "u", "q", "s"))
Gn, h_ = sp.IndexedBase("Gn"), sp.IndexedBase("h")
sgn = sp.Symbol("sgn", real=True)
Lsm = sp.Symbol("L", real=True)
I_ = sp.Symbol("I", integer=True, positive=True)

_QSUM = sp.Sum(q_[k], (k, 1, K))
_MU = sp.Sum(q_[k2] * u_[k2], (k2, 1, K)) / sp.Sum(q_[k2], (k2, 1, K))  # own index: nests in Σ_k
_LAW_VAR = sp.Sum(q_[k] * (u_[k] - _MU) ** 2, (k, 1, K)) / _QSUM
#: the step's stochastic gradient g_{T+1,l}, its ν_{T+1,l} and m_{T+1,l}
_GN = Gn[l] + s_[l] * (xi[l] - _MU)
_NUN = beta2 * nu[T, l] + (1 - beta2) * _GN ** 2
_MN = beta1 * m[T, l] + (1 - beta1) * _GN

_COND_T = (1, 2, 3, 5, 10)
_COND_DK = {1: (1, 2, 3, 4), 2: (2, 3, 4), 3: (2, 3, 4), 4: (2, 3, 4)}


# i > 0: the exact re-verification costs (paths)·I·i·d per candidate; keep K^d ≤ 16, I ≤ 10
_COND_DK_I = {1: (1, 2, 3, 4), 2: (2, 3, 4), 3: (2,)}



def _finite_law(ctx: SampleContext, Kn: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Atoms (B, K) and probabilities (B, K), normalised in float: Gaussian atoms, two-point
    ±1, or one rare far atom (±1e3 with probability ~1e-6); equal, log-uniform or uniform
    weights."""
    B = ctx.B
    shape = ctx.randint(0, 3, B).reshape(B, 1)
    z = ctx.randn(B, Kn)
    two_point = torch.where(ctx.rand(B, Kn) < 0.5, -torch.ones_like(z), torch.ones_like(z))
    rare = z.clone()
    rare[:, :1] = torch.where(rare[:, :1] < 0, -1e3, 1e3)
    z = torch.where(shape == 0, z, torch.where(shape == 1, two_point, rare))
    wmode = ctx.randint(0, 3, B).reshape(B, 1)
    w_ = torch.where(wmode == 0, torch.ones(B, Kn, dtype=ctx.dtype),
                     torch.where(wmode == 1, log_uniform(ctx, 1e-6, 1.0, Kn),
                                 ctx.rand(B, Kn) + 1e-3))
    if Kn > 1:
        rare_w = w_.clone()
        rare_w[:, :1] = 1e-6 * rare_w[:, 1:].sum(1, keepdim=True)
        w_ = torch.where(shape == 2, rare_w, w_)
    return z, w_ / w_.sum(1, keepdim=True)
