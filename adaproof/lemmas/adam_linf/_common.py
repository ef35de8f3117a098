"""Shared symbols, size ladders and helpers of the adam_linf statements.

The symbols are declared once for the paper (t, T, β₂, v, g, …); the helpers are those several
statement modules use: the block (AdaSGD, Algorithm 2/3 with one block of d_b coordinates)
sampler, trajectory and hypotheses; the proof chain of Lemma 3.12 (16) reused by the proofs of
Lemma 3.13 and of (14); the exactly centred finite noise laws of Assumption 3.10; the closed-loop
AdaSGD on a quadratic loss with noisy gradients (Lemma 3.13's (4), Lemma 3.14, Lemma C.1)."""
from __future__ import annotations

import math

import sympy as sp
import torch

from ...algorithms.adam_linf import AdaSGD
from ...declare import declared
from ...proofs import Known
from ...registry import register
from ...sampling import choose, gradient_sequences, log_uniform, unit_interval
from ...search import strategies
from ...statement import (Hypothesis, ProofStep, Quantity, Recurrence, SampleContext, Statement,
                          TrajectorySource)
from ...symbolic import SeqValue

PAPER = "adam_linf"

t = sp.Symbol("t", integer=True)
T = sp.Symbol("T", integer=True, positive=True)
beta2 = sp.Symbol("beta2", real=True)
v = sp.IndexedBase("v")
g = sp.IndexedBase("g")


def _declared(*names: str) -> tuple[Quantity, ...]:
    """The quantities declared (:mod:`adaproof.declare`) under ``names``, in that order: the
    order a statement lists them in does not then depend on which module declared a name
    first."""
    q = declared()
    return tuple(q[n] for n in names)


_SIZES = {"smoke": (1, 2, 3, 10, 50, 200), "default": (1, 2, 3, 10, 50, 200, 1000),
          "deep": (1, 2, 3, 10, 50, 200, 1000, 5000)}


s_ = sp.Symbol("s", integer=True)
i = sp.Symbol("i", integer=True)
j = sp.Symbol("j", integer=True)
d = sp.Symbol("d", integer=True, positive=True)
eta, eps, sigma, beta1 = sp.symbols("eta eps sigma beta1", real=True)
v0 = sp.Symbol("v0", real=True)
gbar, x, m = sp.IndexedBase("gbar"), sp.IndexedBase("x"), sp.IndexedBase("m")
x0, m0 = sp.IndexedBase("x0"), sp.IndexedBase("m0")
_D_OPTS = (1, 2, 4, 8)

k_ = sp.Symbol("k", integer=True)
K = sp.Symbol("K", integer=True, positive=True)
u, p, xi = sp.IndexedBase("u"), sp.IndexedBase("p"), sp.IndexedBase("xi")
vprev = sp.Symbol("vprev", real=True)
_K_OPTS = (2, 3)

h, c_ = sp.IndexedBase("h"), sp.IndexedBase("c")


# ---------------------------------------------------------------------------------------------
# Blockwise Adam (Algorithm 3) for one block b of size d_b: the statements below are per block
# and v_{t,b} depends only on the block's own gradients, so one block of d_b coordinates (AdaSGD,
# Algorithm 2; d_b = 1 is Adam) is the general case.  The size "d" is d_b.
# ---------------------------------------------------------------------------------------------
def _block_sizes(gen: torch.Generator, preset: str) -> dict:
    opts = _SIZES.get(preset, _SIZES["default"])[:6]
    return {"T": choose(gen, opts),
            "d": choose(gen, _D_OPTS)}


def _no_underflow(gs, b2, v0_, eps_, scale, Tn):
    """Where ε = 0 and v_t could reach 0 in float (v₀ = 0, β₂ = 0, or v₀β₂^T below 1e-250, which
    a run of zero gradients underflows to 0 although v_t > 0 exactly), exact zeros of g become
    10⁻³ × the candidate's scale: the algorithm raises at v_t + ε = 0 (0/0)."""
    B = gs.shape[0]
    tiny = torch.log(v0_.clamp_min(1e-300)) + Tn * torch.log(b2.clamp_min(1e-300)) \
        < math.log(1e-250)
    risky = ((eps_ == 0) & ((v0_ == 0) | (b2 == 0) | tiny)).reshape(B, 1, 1)
    return torch.where(risky & (gs == 0), 1e-3 * scale.reshape(B, 1, 1), gs)


def _short_block_sizes(gen: torch.Generator, preset: str) -> dict:
    """T ≤ 10: for the double sums over (s, t) of (14), whose 60-digit re-verification costs
    O(T²d) per candidate (the Cauchy–Schwarz step has the same equality cases at every T)."""
    opts = (1, 2, 3, 5, 10)
    return {"T": choose(gen, opts),
            "d": choose(gen, _D_OPTS)}


def _block_sampler(ctx: SampleContext) -> dict:
    """β₂ ∈ (0, 1); g from :func:`gradient_sequences` (T, d_b); full-batch gradients ḡ (pathwise:
    any reals) equal to g, g plus σ-scale noise, independent, or 0 (a quarter each); σ_b ≥ 0
    (0 for a fifth); v₀ ≥ 0 (exactly 0 for a fifth, else log-uniform, often at the scale of
    g²); ε ≥ 0 (0 for half, else log-uniform), and ε > 0 where v₀ = 0 (the silent hypothesis
    v₀ + ε > 0); η > 0 log-uniform; β₁ = 0 (the silent hypothesis of the displacement
    bound); m₀ ~ N(0, 1) (irrelevant when β₁ = 0); x₀ = 0 (the statements depend on x only
    through x_t − x₀, which does not depend on x₀; x₀ ≠ 0 would only cost float digits)."""
    Tn, dn = ctx.sizes["T"], ctx.sizes["d"]
    B = ctx.B
    b2 = unit_interval(ctx)
    gs = gradient_sequences(ctx, Tn, dn)
    scale = gs.abs().amax(dim=(1, 2)).clamp_min(1e-100)
    sig = log_uniform(ctx, 1e-4, 1e2) * scale
    sig = torch.where(ctx.rand(B) < 0.2, torch.zeros_like(sig), sig)
    mode = ctx.randint(0, 4, B).reshape(B, 1, 1)
    noisy = gs + sig.reshape(-1, 1, 1) * ctx.randn(B, Tn, dn)
    other = gradient_sequences(ctx, Tn, dn)
    gb = torch.where(mode == 0, gs, torch.where(mode == 1, noisy, torch.where(
        mode == 2, other, torch.zeros_like(gs))))
    v0_ = torch.where(ctx.rand(B) < 0.5, log_uniform(ctx, 1e-12, 1e4),
                      log_uniform(ctx, 1e-8, 1e4) * scale ** 2)
    v0_ = torch.where(ctx.rand(B) < 0.2, torch.zeros_like(v0_), v0_)
    eps_ = torch.where(ctx.rand(B) < 0.5, torch.zeros(B, dtype=ctx.dtype),
                       log_uniform(ctx, 1e-12, 1.0) * scale ** 2)
    eps_ = torch.where((v0_ == 0) & (eps_ == 0), log_uniform(ctx, 1e-12, 1.0) * scale ** 2,
                       eps_)
    gs = _no_underflow(gs, b2, v0_, eps_, scale, Tn)
    return {"eta": log_uniform(ctx, 1e-4, 10.0), "beta1": torch.zeros(B, dtype=ctx.dtype),
            "beta2": b2, "eps": eps_.clamp_min(0.0), "v0": v0_, "sigma": sig,
            "g": SeqValue(gs, (1, 1)), "gbar": SeqValue(gb, (1, 1)),
            "m0": SeqValue(ctx.randn(B, dn), (1,)),
            "x0": SeqValue(torch.zeros(B, dn, dtype=ctx.dtype), (1,))}


def _build_adasgd(env):
    alg = AdaSGD(lr=env["eta"], beta1=env["beta1"], beta2=env["beta2"], eps=env["eps"],
                 v0=env["v0"], m0=env["m0"].data)
    return alg, {"x0": env["x0"].data, "grads": env["g"].data}


_NORM2_G = sp.Sum(g[t, j] ** 2, (j, 1, d)) / d  # ‖g_{t,(b)}‖²/d_b
_NORM2_GBAR = sp.Sum(gbar[t, j] ** 2, (j, 1, d)) / d
_VT = (1 - beta2) * (_NORM2_GBAR + sigma ** 2) + beta2 * v[t - 1]  # ṽ_{t,b}
_VE, _VTE = v[t] + eps, _VT + eps
_A = sp.sqrt(_NORM2_GBAR + sigma ** 2)
_BN = sp.sqrt(_NORM2_G)
_BLOCK_TRAJ = TrajectorySource(build=_build_adasgd,
                               read={"v": ("v", (0,)), "m": ("m", (0, 1)), "x": ("x", (0, 1))},
                               series=("v", "m"))
_BLOCK_RECS = (
    Recurrence("v", t, 1, v0, beta2 * v[t - 1] + (1 - beta2) * sp.Sum(g[t, j] ** 2, (j, 1, d)) / d),
    Recurrence("m", t, 1, m0[i], beta1 * m[t - 1, i] + (1 - beta1) * g[t, i]),
    Recurrence("x", t, 1, x0[i], x[t - 1, i] - eta * m[t, i] / sp.sqrt(v[t] + eps)),
)
_BLOCK_QS = (
    Quantity("eta", "scalar", "> 0", "learning rate η (constant, as in Theorem 3.11)"),
    Quantity("beta1", "scalar", "= 0", "β₁"),
    Quantity("beta2", "scalar", "(0, 1)", "β₂"),
    Quantity("eps", "scalar", ">= 0", "ε"),
    Quantity("v0", "scalar", ">= 0", "v_{0,b} = v_0"),
    Quantity("sigma", "scalar", ">= 0", "σ_b of Assumption 3.10"),
    Quantity("T", "size", ">= 1", "number of steps"),
    Quantity("d", "size", ">= 1", "d_b, the number of coordinates of block b"),
    Quantity("g", "sequence", "R", "stochastic gradients g_{t,i}, i in block b", (1, 1),
             ("T", "d")),
    Quantity("gbar", "sequence", "R", "full-batch gradients ḡ_{t,i} = ∇_iL(x_{t−1}) "
             "(pathwise: any reals)", (1, 1), ("T", "d")),
    Quantity("m0", "sequence", "R", "initial momentum m_0", (1,), ("d",)),
    Quantity("x0", "sequence", "R", "initial point x_0", (1,), ("d",)),
    Quantity("v", "trajectory", "> 0", "v_{t,b} (Algorithm 3)", (0,), ("T",)),
    Quantity("m", "trajectory", "R", "m_{t,i}", (0, 1), ("T", "d")),
    Quantity("x", "trajectory", "R", "x_{t,i}", (0, 1), ("T", "d")),
)
_BETA2_OPEN = Hypothesis(sp.And(sp.StrictGreaterThan(beta2, 0), sp.StrictLessThan(beta2, 1)),
                         silent=True, note="0 < β₂ < 1: Lemma 3.12, which the proofs apply")
_BLOCK_HYPS = (
    Hypothesis(sp.StrictGreaterThan(eta, 0)),
    _BETA2_OPEN,
    Hypothesis(sp.GreaterThan(eps, 0), note="Algorithm 3: ε ≥ 0"),
    Hypothesis(sp.GreaterThan(v0, 0), note="Algorithm 3: v_0 ≥ 0"),
    Hypothesis(sp.GreaterThan(sigma, 0), note="Assumption 3.10: σ_b ≥ 0"),
    Hypothesis(sp.StrictGreaterThan(v0 + eps, 0), silent=True,
               note="v_0 + ε > 0: the bounds divide by v_{t,b} + ε and Theorem 3.11 divides by "
                    "v_0 + ε (with β₂ > 0 it keeps v_{t,b} + ε > 0)"),
)
_BETA1_ZERO = Hypothesis(sp.Eq(beta1, 0), silent=True,
                         note="β₁ = 0: the proofs write x_t − x_{t−1} = −η g_t/√(v_t + ε), i.e. "
                              "m_t = g_t (Theorem 3.5 takes β₁ = 0)")


def _block_statement(**kw) -> Statement:
    key = kw["id"]
    kw.setdefault("quantities", _BLOCK_QS)
    kw.setdefault("hypotheses", _BLOCK_HYPS)
    kw.setdefault("sizes", _block_sizes)
    kw.setdefault("strategy", lambda sizes: strategies.from_sampler(_registered(key), sizes))
    return register(Statement(
        paper=PAPER, sampler=_block_sampler, trajectory=_BLOCK_TRAJ, recurrences=_BLOCK_RECS,
        **kw))


def _registered(key: str) -> Statement:
    from ...registry import get
    return get(key)


def _lemma_3_12_chain(n2, s, last, c):
    """Lemma 3.12's proof (16) for v'_s = v_{s,b} + ε and g'_s² = ‖g_{s,(b)}‖²/d_b = ``n2``
    (summed over s = 1..``last``), times the constant ``c`` ≥ 0: the first link is the
    definition of v_{s,b} (an identity along the trajectory, which SymPy cannot see:
    ``undecided``), the others reduce to ε ≥ 0 (a hypothesis), algebra, 1 − x ≤ −ln x and
    telescoping (all ``proved``)."""
    ve, vpe = v[s] + eps, v[s - 1] + eps
    E1 = c * sp.Sum((v[s] - beta2 * v[s - 1]) / ((1 - beta2) * ve), (s, 1, last))
    E2 = c * sp.Sum((ve - beta2 * vpe) / ((1 - beta2) * ve), (s, 1, last))
    E3 = c * sp.Sum(1 + beta2 / (1 - beta2) * (1 - vpe / ve), (s, 1, last))
    # written expanded (c·last + ...), as the summand-wise check needs
    E4 = c * last + c * beta2 / (1 - beta2) * sp.Sum(sp.log(ve / vpe), (s, 1, last))
    E5 = c * (last + beta2 / (1 - beta2) * sp.log((v[last] + eps) / (v[0] + eps)))
    return (
        ProofStep(c * sp.Sum(n2 / ve, (s, 1, last)), E1, "=",
                  "definition of v_{s,b}: v_s − β₂v_{s−1} = (1−β₂)‖g_s‖²/d_b"),
        ProofStep(E1, E2, "<=", "ε ≥ 0 (Lemma 3.12 applied to v_s + ε)",
                  via=Known("hypothesis", expr=eps), scale=c / ve),
        ProofStep(E2, E3, "=", "algebra"),
        ProofStep(E3, E4, "<=", "1 − x ≤ ln(1/x) for x > 0",
                  via=Known("one_minus_x_le_neg_log", x=vpe / ve),
                  scale=c * beta2 / (1 - beta2)),
        ProofStep(E4, E5, "=", "telescoping",
                  via=Known("telescoping", F=sp.log(v[s] + eps), index=s)),
    )


def _few_bits(x: torch.Tensor, bits: int = 30) -> torch.Tensor:
    """``x`` rounded to ``bits`` significant bits (so that small integer multiples of it and its
    products with dyadic probabilities are exact in float64)."""
    mant, ex = torch.frexp(x)
    return torch.ldexp(torch.round(mant * 2.0 ** bits), ex - bits)


def _dyadic_law(ctx: SampleContext, K_: int, c: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """A centred law with ``K_`` atoms whose mean is exactly 0 and whose probabilities sum to
    exactly 1 in float64 (dyadic probabilities, atoms that are small multiples of ``c`` rounded
    to 30 bits): symmetric (±c, or ±c and 0 with P(±c) = 2^-m each) or skewed (−(2^m−1)c with
    probability 2^-m against c, with an extra atom 0 when K = 3): rare large atoms reach the
    heavy-tailed edge of Assumption 3.10."""
    B = ctx.B
    c = _few_bits(c)
    m = ctx.randint(1, 13, B).to(ctx.dtype)
    q = torch.exp2(-m)
    big = (torch.exp2(m) - 1) * c
    sign = torch.where(ctx.rand(B) < 0.5, -torch.ones(B, dtype=ctx.dtype), torch.ones(B, dtype=ctx.dtype))
    skew = ctx.rand(B) < 0.5
    if K_ == 2:
        u_ = torch.where(skew[:, None], torch.stack([-big, c], 1), torch.stack([-c, c], 1))
        p_ = torch.where(skew[:, None], torch.stack([q, 1 - q], 1),
                         torch.full((B, 2), 0.5, dtype=ctx.dtype))
    elif K_ == 3:
        r = torch.exp2(-ctx.randint(1, 9, B).to(ctx.dtype))  # P(nonzero atoms), skewed law
        u_ = torch.where(skew[:, None], torch.stack([-big, torch.zeros_like(c), c], 1),
                         torch.stack([-c, torch.zeros_like(c), c], 1))
        qs = torch.exp2(-(m + 1))  # symmetric: P(±c) = 2^-(m+1)
        p_ = torch.where(skew[:, None], torch.stack([r * q, 1 - r, r - r * q], 1),
                         torch.stack([qs, 1 - 2 * qs, qs], 1))
    else:  # pragma: no cover - sizes only draw 2 or 3
        raise ValueError(K_)
    return u_ * sign[:, None], p_


def _sigma_for(ctx: SampleContext, u_: torch.Tensor, p_: torch.Tensor) -> torch.Tensor:
    """σ with σ² ≥ Σ_k p_k u_k² exactly: √(Σ p u²)·(1 + 2⁻⁴⁰) (the equality case up to far
    more than the float rounding), larger by a factor 1 + Exp(1) for 30%."""
    s = torch.sqrt((p_ * u_ * u_).sum(1)) * (1 + 2.0 ** -40)
    loose = ctx.rand(ctx.B) < 0.3
    return torch.where(loose, s * (1 + torch.distributions.Exponential(1.0).sample(
        (ctx.B,)).to(ctx.dtype)), s)


_LAW_QS = (
    Quantity("K", "size", ">= 2", "number of atoms of the noise law"),
    Quantity("u", "sequence", "R", "atoms u_1..u_K of the law of each noise coordinate",
             (1,), ("K",)),
    Quantity("p", "sequence", "(0, 1], sum 1", "probabilities p_1..p_K", (1,), ("K",)),
)
_LAW_HYPS = (
    Hypothesis(sp.StrictGreaterThan(p[k_], 0), forall=((k_, 1, K),),
               note="the law: positive probabilities"),
    Hypothesis(sp.Eq(sp.Sum(p[k_], (k_, 1, K)), 1), note="the law: probabilities sum to 1"),
    Hypothesis(sp.Eq(sp.Sum(p[k_] * u[k_], (k_, 1, K)), 0),
               note="unbiased noise: ḡ_t = E[g_t | x_{<t}] = ∇L(x_{t−1}) (Section 3.4), i.e. "
                    "E ξ = 0"),
    Hypothesis(sp.GreaterThan(sigma ** 2, sp.Sum(p[k_] * u[k_] ** 2, (k_, 1, K))),
               note="Assumption 3.10: E‖g_{t,(b)} − ḡ_{t,(b)}‖² ≤ d_b σ_b²; with i.i.d. "
                    "coordinates E‖ξ‖² = d_b Σ_k p_k u_k², so Σ_k p_k u_k² ≤ σ_b²"),
)


# ---------------------------------------------------------------------------------------------
# Lemma 3.13, the summed form (4): one block b of d_b coordinates (AdaSGD = blockwise Adam with
# one block; d_b = 1 is Adam) run in closed loop on a quadratic loss L(x) = Σ_i h_i(x_i − c_i)²/2
# with noisy gradients g_t = ∇L(x_{t−1}) + ξ_t, ξ_{t,i} i.i.d. from the finite law (u, p)
# ---------------------------------------------------------------------------------------------
_SUM_SIZES = ((1, 1, 2), (1, 2, 3), (2, 1, 3), (2, 2, 2), (2, 2, 3), (3, 1, 3), (3, 2, 2),
              (3, 2, 3), (4, 1, 2), (4, 2, 2), (5, 1, 3))  # (T, d_b, K): at most 3^6 paths
_SUM_SIZES_MC = ((8, 2, 3), (10, 2, 3))  # beyond 10^6 paths: Monte Carlo (deep preset only)


def _sum_sizes(gen: torch.Generator, preset: str) -> dict:
    opts = _SUM_SIZES + (_SUM_SIZES_MC if preset == "deep" else ())
    T_, d_, K_ = choose(gen, opts)
    return {"T": T_, "d": d_, "K": K_}


def _sum_sampler(ctx: SampleContext) -> dict:
    """η log-uniform in [1e-3, 1]; β₁ = 0 for half, else in (0, 1) (:func:`unit_interval`:
    its edges too); β₂ ∈ (0, 1); the loss L(x) = Σ_i h_i(x_i − c_i)²/2 with h_i =
    ±U_log(1e-2, 10) (any sign: Lemma 3.13 assumes no convexity), c ~ N(0, 1)·S, x₀ = 0, so
    ḡ_1 = −h⊙c has scale S (log-uniform in [1e-3, 1e3]); the noise law from
    :func:`_dyadic_law` with atom scale S·U_log(1e-2, 1e2); σ_b from :func:`_sigma_for`;
    v₀ ≥ 0 (0 for a fifth, then ε > 0) at the scale of S² or σ²; ε ≥ 0 (0 for half)."""
    B, Tn, dn, K_ = ctx.B, ctx.sizes["T"], ctx.sizes["d"], ctx.sizes["K"]
    S = log_uniform(ctx, 1e-3, 1e3)
    hs = log_uniform(ctx, 1e-2, 10.0, dn) * torch.where(ctx.rand(B, dn) < 0.3, -1.0, 1.0).to(
        ctx.dtype)
    cs = ctx.randn(B, dn) * S[:, None]
    u_, p_ = _dyadic_law(ctx, K_, S * log_uniform(ctx, 1e-2, 1e2))
    sig = _sigma_for(ctx, u_, p_)
    ref = torch.where(ctx.rand(B) < 0.5, S, sig.clamp_min(1e-30)) ** 2
    v0_ = log_uniform(ctx, 1e-6, 1e2) * ref
    v0_ = torch.where(ctx.rand(B) < 0.2, torch.zeros_like(v0_), v0_)
    eps_ = torch.where(ctx.rand(B) < 0.5, torch.zeros(B, dtype=ctx.dtype),
                       log_uniform(ctx, 1e-8, 1.0) * ref)
    eps_ = torch.where((v0_ == 0) & (eps_ == 0), log_uniform(ctx, 1e-8, 1.0) * ref, eps_)
    b1 = torch.where(ctx.rand(B) < 0.5, torch.zeros(B, dtype=ctx.dtype), unit_interval(ctx))
    return {"eta": log_uniform(ctx, 1e-3, 1.0), "beta1": b1, "beta2": unit_interval(ctx),
            "eps": eps_, "v0": v0_, "sigma": sig, "h": SeqValue(hs, (1,)),
            "c": SeqValue(cs, (1,)), "x0": SeqValue(torch.zeros(B, dn, dtype=ctx.dtype), (1,)),
            "u": SeqValue(u_, (1,)), "p": SeqValue(p_, (1,))}


def _build_adasgd_noisy(env):
    alg = AdaSGD(lr=env["eta"], beta1=env["beta1"], beta2=env["beta2"], eps=env["eps"],
                 v0=env["v0"], m0=0.0)
    hh, cc, noise = env["h"].data, env["c"].data, env["xi"].data  # noise: (B·P, T, d)

    def oracle(xv, step):
        return hh * (xv - cc) + noise[:, step - 1]
    return alg, {"x0": env["x0"].data, "oracle": oracle, "T": noise.shape[1]}


_GB = h[i] * (x[t - 1, i] - c_[i])  # ḡ_{t,i} = ∇_iL(x_{t−1})
_GS = _GB + xi[t, i]  # g_{t,i}
_NB2_S = sp.Sum((h[j] * (x[t - 1, j] - c_[j])) ** 2, (j, 1, d)) / d
_VT_S = beta2 * v[t - 1] + (1 - beta2) * (_NB2_S + sigma ** 2)  # ṽ_{t,b}
