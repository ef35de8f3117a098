"""Displays (2) and (3), the one-step descent of blockwise Adam (Section 3.4, proof sketch of
Theorem 3.11; Appendix C.1, proof of Theorem 3.11).

As printed (line 219-221), for blockwise Adam (Algorithm 3, β₁ = 0:
x_{t,i} = x_{t−1,i} − η g_{t,i}/√(v_{t,Φ(i)} + ε), v_{t,b} = β₂v_{t−1,b} + (1−β₂)‖g_{t,(b)}‖²/d_b):

    L(x_t) − L(x_{t−1}) ≤ −η Σ_i g_{t,i}ḡ_{t,i}/√(v_{t,Φ(i)} + ε)
                          + ½η² Σ_b H_b ‖g_{t,(b)}‖²/(v_{t,b} + ε)                       (2)
                        = −η Σ_b g_{t,(b)}ᵀḡ_{t,(b)}/√(v_{t,b} + ε)
                          + ½η² Σ_b H_b d_b (‖g_{t,(b)}‖²/d_b)/(v_{t,b} + ε)             (3)

with ḡ_t = ∇L(x_{t−1}) and H = diag(H_{Φ(i)}) dominating ∇²L (Definition 3.9).  The stochastic
gradient g_t is any vector (the step is pathwise), v_{t−1,b} ≥ 0 any state.

Encoded for a general partition into B blocks of s coordinates each (coordinates (b, a),
b ≤ B, a ≤ s; s = 1 is Adam, B = 1 is AdaSGD; any partition into equal blocks is this one up
to a permutation of coordinates) on the loss family of :mod:`._objective` (non-diagonal
quadratic + nonconvex ridges + logistic regression), H_b certified by
H_b ≥ max_{a} Σ_j κ_j|W_{j,(b,a)}|‖W_j‖₁ (Gershgorin: −H ≼ ∇²L ≼ H):
``adam_linf/eq-2`` (first expression against the second) and ``adam_linf/eq-3`` (first against
the third: the identity (2) = (3) as the chain's last link).  A hand sampler: the derived
attack cannot draw H from the per-block certificate (DerivationError: it bounds H by entries of
p at positions the engine cannot order; docs/hand-samplers.md).
"""
from __future__ import annotations

import sympy as sp
import torch

from ...declare import scalar, sequence, size, statement
from ...sampling import choose, log_uniform, unit_interval
from ...statement import Hypothesis, ProofStep, SampleContext
from ...symbolic import SeqValue

eta = scalar("eta", "> 0", "learning rate η")
beta2 = scalar("beta2", "(0, 1)", "β₂")
eps = scalar("eps", ">= 0", "ε")
n = size("n", ">= 1", "number of ridges / data points of the loss")
B = size("B", ">= 1", "number of blocks B")
s = size("s", ">= 1", "block size d_b = s (every block)")
W = sequence("W", ((1, n), (1, B), (1, s)), "R", "ridge directions / data points W_{j,(b,a)}")
b_ = sequence("b", (1, n), "R", "offsets b_j")
p = sequence("p", (1, n), ">= 0", "quadratic weights p_j")
q = sequence("q", (1, n), ">= 0", "nonconvex ridge weights q_j")
r = sequence("r", (1, n), ">= 0", "logistic weights r_j")
H = sequence("H", (1, B), ">= 0", "H_b: diag(H_{Φ(i)}) dominates ∇²L")
vp = sequence("vp", (1, B), ">= 0", "v_{t−1,b}, the second-moment state before the step")
x = sequence("x", ((1, B), (1, s)), "R", "x_{t−1}")
g = sequence("g", ((1, B), (1, s)), "R", "stochastic gradient g_t (any vector)")

j, j2 = sp.Symbol("j", integer=True), sp.Symbol("j2", integer=True)
c, a, c2, a2 = (sp.Symbol(nm, integer=True) for nm in ("c", "a", "c2", "a2"))
bb, aa = sp.Symbol("bb", integer=True), sp.Symbol("aa", integer=True)


def _z(pt, jj, cc, ac):
    return sp.Sum(W[jj, cc, ac] * pt(cc, ac), (cc, 1, B), (ac, 1, s)) - b_[jj]


def _f(pt):
    z = _z(pt, j, c, a)
    return sp.Sum(p[j] * z ** 2 / 2 + q[j] * z ** 2 / (1 + z ** 2)
                  + r[j] * (sp.Max(-z, 0) + sp.log(1 + sp.exp(-sp.Abs(z)))), (j, 1, n))


def _grad(pt, b0, a0):
    z = _z(pt, j2, c2, a2)
    return sp.Sum((p[j2] * z + 2 * q[j2] * z / (1 + z ** 2) ** 2 - r[j2] / (1 + sp.exp(z)))
                  * W[j2, b0, a0], (j2, 1, n))


a3 = sp.Symbol("a3", integer=True)
_NB = sp.Sum(g[bb, a3] ** 2, (a3, 1, s)) / s                     # ‖g_{t,(b)}‖²/d_b
_V = beta2 * vp[bb] + (1 - beta2) * _NB                           # v_{t,b}


def _vb(b0):
    return _V.subs(bb, b0)


_xt = lambda b0, a0: x[b0, a0] - eta * g[b0, a0] / sp.sqrt(_vb(b0) + eps)  # noqa: E731
_gbar = lambda b0, a0: _grad(lambda cc, ac: x[cc, ac], b0, a0)              # noqa: E731
_LHS = _f(_xt) - _f(lambda cc, ac: x[cc, ac])
_FIRST = sp.Sum(g[bb, aa] * _gbar(bb, aa) / sp.sqrt(_V + eps), (bb, 1, B), (aa, 1, s))
_RHS2 = (-eta * _FIRST
         + eta ** 2 / 2 * sp.Sum(H[bb] * sp.Sum(g[bb, aa] ** 2, (aa, 1, s)) / (_V + eps),
                                 (bb, 1, B)))
_RHS3 = (-eta * sp.Sum(sp.Sum(g[bb, aa] * _gbar(bb, aa), (aa, 1, s)) / sp.sqrt(_V + eps),
                       (bb, 1, B))
         + eta ** 2 / 2 * sp.Sum(H[bb] * s * _NB / (_V + eps), (bb, 1, B)))

_W_L1 = sp.Sum(sp.Abs(W[j, c, a]), (c, 1, B), (a, 1, s))
_DOM = sp.Sum((p[j] + 2 * q[j] + r[j] / 4) * sp.Abs(W[j, bb, aa]) * _W_L1, (j, 1, n))
_HYPS = [
    Hypothesis(sp.StrictGreaterThan(eta, 0), note="η > 0"),
    Hypothesis(sp.And(sp.StrictGreaterThan(beta2, 0), sp.StrictLessThan(beta2, 1)),
               note="0 < β₂ < 1"),
    Hypothesis(sp.GreaterThan(eps, 0), note="Algorithm 3: ε ≥ 0"),
    Hypothesis(sp.GreaterThan(vp[bb], 0), forall=((bb, 1, B),), note="v_{t−1,b} ≥ 0"),
    Hypothesis(sp.StrictGreaterThan(_V + eps, 0), forall=((bb, 1, B),), silent=True,
               note="v_{t,b} + ε > 0: the update divides by it"),
    Hypothesis(sp.GreaterThan(p[j], 0), forall=((j, 1, n),), note="the family: p_j ≥ 0"),
    Hypothesis(sp.GreaterThan(q[j], 0), forall=((j, 1, n),), note="the family: q_j ≥ 0"),
    Hypothesis(sp.GreaterThan(r[j], 0), forall=((j, 1, n),), note="the family: r_j ≥ 0"),
    Hypothesis(sp.GreaterThan(H[bb], _DOM), forall=((bb, 1, B), (aa, 1, s)),
               note="diag(H_{Φ(i)}) dominates ∇²L (Definition 3.9), certified for the family: "
                    "H_b ≥ Σ_j (p_j + 2q_j + r_j/4)|W_{j,i}|‖W_j‖₁ for every i in block b"),
]


def _sizes(gen: torch.Generator, preset: str) -> dict:
    return {"n": choose(gen, (1, 2, 3)), "B": choose(gen, (1, 2, 3)), "s": choose(gen, (1, 2, 3))}


def _sampler(ctx: SampleContext) -> dict:
    """W ~ N(0, 1)·(log-uniform scale in [1e-2, 1e2]), b ~ N(0, 1)·scale; p, q, r log-uniform in
    [1e-3, 1e3], each 0 a third of the time (one family alone, or mixed); H_b = the block's
    Gershgorin bound ×(1 + 2⁻³⁰), ×(1 + Exp(1)) for 30% of the candidates; η log-uniform in
    [1e-4, 10]; β₂ in (0, 1); ε = 0 half the time, else log-uniform in [1e-12, 1]; v_{t−1,b}
    = 0 a third of the time, else log-uniform in [1e-6, 1e2]; x, g standard normal times a
    log-uniform scale."""
    nn, Bn, sn = ctx.sizes["n"], ctx.sizes["B"], ctx.sizes["s"]
    Bt = ctx.B
    Wv = ctx.randn(Bt, nn, Bn, sn) * log_uniform(ctx, 1e-2, 1e2)[:, None, None, None]
    bv = ctx.randn(Bt, nn) * log_uniform(ctx, 1e-2, 1e2)[:, None]

    def weight():
        return log_uniform(ctx, 1e-3, 1e3, nn) * (ctx.rand(Bt, nn) >= 1 / 3)
    pv, qv, rv = weight(), weight(), weight()
    kap = pv + 2 * qv + rv / 4                                          # (Bt, n)
    l1 = Wv.abs().sum((2, 3))                                           # (Bt, n)
    dom = (kap[:, :, None, None] * Wv.abs() * l1[:, :, None, None]).sum(1)  # (Bt, B, s)
    Hv = dom.amax(2) * (1 + 2.0 ** -30)
    loose = ctx.rand(Bt, 1) < 0.3
    Hv = torch.where(loose, Hv * (1 + torch.distributions.Exponential(1.0).sample(
        (Bt, Bn)).to(ctx.dtype)), Hv)
    e = torch.where(ctx.rand(Bt) < 0.5, torch.zeros(Bt, dtype=ctx.dtype),
                    log_uniform(ctx, 1e-12, 1.0))
    vpv = log_uniform(ctx, 1e-6, 1e2, Bn) * (ctx.rand(Bt, Bn) >= 1 / 3)
    sc = log_uniform(ctx, 1e-3, 1e2)[:, None, None]
    gv = ctx.randn(Bt, Bn, sn) * log_uniform(ctx, 1e-3, 1e2)[:, None, None]
    # keep v_t + ε > 0: a zero block gradient with v_{t−1} = 0 and ε = 0 is outside the update
    gv = torch.where(gv == 0, torch.full_like(gv, 1e-3), gv)
    return {"eta": log_uniform(ctx, 1e-4, 10.0), "beta2": unit_interval(ctx), "eps": e,
            "W": SeqValue(Wv, (1, 1, 1)), "b": SeqValue(bv, (1,)), "p": SeqValue(pv, (1,)),
            "q": SeqValue(qv, (1,)), "r": SeqValue(rv, (1,)), "H": SeqValue(Hv, (1,)),
            "vp": SeqValue(vpv, (1,)), "x": SeqValue(ctx.randn(Bt, Bn, sn) * sc, (1, 1)),
            "g": SeqValue(gv, (1, 1))}


_COMMON = dict(kind="eq", family="other", hypotheses=_HYPS, sampler=_sampler, sizes=_sizes,
               section="Section 3.4 (proof sketch of Theorem 3.11); Appendix C.1",
               notes="One step of blockwise Adam (β₁ = 0) from any state; L(x) = Σ_j p_j z_j²/2 + "
                     "q_j z_j²/(1+z_j²) + r_j log(1+e^{−z_j}), z_j = ⟨W_j, x⟩ − b_j.")

EQ_2 = statement(
    "adam_linf/eq-2", **_COMMON, number="2",
    title="(2): blockwise Adam's one-step descent with the Φ-smoothness diagonal H",
    latex=(r"L(x_t)-L(x_{t-1})\le-\eta\sum_{i=1}^d\frac{g_{t,i}\bar g_{t,i}}{\sqrt{v_{t,\Phi(i)}"
           r"+\epsilon}}+\frac12\eta^2\sum_{b=1}^BH_b\frac{\|g_{t,(b)}\|_2^2}{v_{t,b}+\epsilon}"),
    lhs=_LHS, rhs=_RHS2,
    source="Display (2), Section 3.4 (line 219)",
)

EQ_3 = statement(
    "adam_linf/eq-3", **_COMMON, number="3",
    title="(3): the right side of (2) regrouped by blocks (an identity), against L(x_t) − L(x_{t−1})",
    latex=(r"L(x_t)-L(x_{t-1})\le-\eta\sum_{b=1}^B\frac{g_{t,(b)}^\top\bar g_{t,(b)}}{\sqrt{v_{t,b}"
           r"+\epsilon}}+\frac12\eta^2\sum_{b=1}^BH_bd_b\frac{\|g_{t,(b)}\|_2^2/d_b}{v_{t,b}+"
           r"\epsilon}"),
    lhs=_LHS, rhs=_RHS3,
    proof=(ProofStep(_LHS, _RHS2, "<=", "(2)"),
           ProofStep(_RHS2, _RHS3, "=", "regrouping the coordinates by block; H_b d_b·"
                                        "(‖g_(b)‖²/d_b) = H_b‖g_(b)‖²")),
    source="Display (3), Section 3.4 (line 221)",
)
