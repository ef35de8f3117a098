"""Statements of *Adam exploits ℓ∞-geometry of loss landscape via coordinate-wise adaptivity*
(Xie, Mohamadi, Li; ICLR 2025), paper id ``adam_linf``."""
from __future__ import annotations

import math

import sympy as sp
import torch

from ..algorithms.adam_linf import AdaSGD, AdamLinf
from ..proofs import Known
from ..registry import register
from ..search import strategies
from ..search.reparam import INFLATE, V_FLOOR, LogSumReparam
from ..sampling import choose, gradient_sequences, log_uniform, unit_interval
from ..statement import (Hypothesis, ProofStep, Quantity, Recurrence, SampleContext, Statement,
                         TrajectorySource)
from ..symbolic import SeqValue

PAPER = "adam_linf"

t = sp.Symbol("t", integer=True)
T = sp.Symbol("T", integer=True, positive=True)
beta2 = sp.Symbol("beta2", real=True)
v = sp.IndexedBase("v")
g = sp.IndexedBase("g")

_SIZES = {"smoke": (1, 2, 3, 10, 50, 200), "default": (1, 2, 3, 10, 50, 200, 1000),
          "deep": (1, 2, 3, 10, 50, 200, 1000, 5000)}


def _lemma_3_12_sizes(gen: torch.Generator, preset: str) -> dict:
    opts = _SIZES.get(preset, _SIZES["default"])
    return {"T": opts[int(torch.randint(len(opts), (1,), generator=gen))]}


def _lemma_3_12_sampler(ctx: SampleContext) -> dict:
    """v_t = β₂ v_{t−1} + (1−β₂)(g_t² + s_t) with slack s_t ≥ 0 (zero half the time), so the
    hypothesis v_t − β₂v_{t−1} ≥ (1−β₂)g_t² holds by construction; v₀ > 0 log-uniform."""
    Tn = ctx.sizes["T"]
    b2 = unit_interval(ctx)
    gs = gradient_sequences(ctx, Tn)
    slack_on = (ctx.rand(ctx.B, 1) < 0.5).to(ctx.dtype)
    slack = slack_on * gs.abs().square().mean(1, keepdim=True).clamp_min(1e-30) * \
        torch.distributions.Exponential(1.0).sample((ctx.B, Tn)).to(ctx.dtype) * \
        (ctx.rand(ctx.B, Tn) < 0.3)
    v0 = log_uniform(ctx, 1e-8, 1e4) * torch.where(
        ctx.rand(ctx.B) < 0.5, gs.abs().amax(1).clamp_min(1e-30) ** 2, torch.ones(ctx.B, dtype=ctx.dtype))
    vs = [v0]
    for k in range(Tn):
        # the factor 1 + 2^-49 (16 unit roundoffs) exceeds the rounding error of the float
        # recursion (< 5u), so the hypothesis holds exactly for the float inputs; with the floor
        # (clear of underflow) it only adds slack, which the hypothesis allows
        vt = b2 * vs[-1] + (1 - b2) * (gs[:, k] ** 2 + slack[:, k])
        vs.append((vt * (1 + 2.0 ** -49)).clamp_min(1e-280))
    return {"beta2": b2, "v": SeqValue(torch.stack(vs, 1), (0,)), "g": SeqValue(gs, (1,))}


LEMMA_3_12 = register(Statement(
    id="adam_linf/lemma-3.12",
    paper=PAPER,
    kind="lemma",
    number="3.12",
    title="Sum of g_t^2/v_t against the log-growth of v_t",
    section="3.4 (proof in Appendix C, eq. (16))",
    family="log-sum",
    latex=(r"\text{Given any } 0<\beta_2<1, \text{ for any scalar sequences } \{v_t\}_{t=0}^T, "
           r"\{g_t\}_{t=1}^T \text{ with } v_0\ge 0,\ v_1>0,\ v_t-\beta_2 v_{t-1}\ge(1-\beta_2)g_t^2"
           r"\ (t\ge1):\quad \sum_{t=1}^T \frac{g_t^2}{v_t} \le T + \frac{\beta_2}{1-\beta_2}"
           r"\ln\frac{v_T}{v_0}"),
    quantities=(
        Quantity("beta2", "scalar", "(0, 1)", "second-moment decay β₂"),
        Quantity("T", "size", ">= 1", "number of steps"),
        Quantity("v", "sequence", ">= 0", "second-moment sequence v_0..v_T", (0,), ("T",)),
        Quantity("g", "sequence", "R", "scalar gradients g_1..g_T", (1,), ("T",)),
    ),
    hypotheses=(
        Hypothesis(sp.And(sp.StrictGreaterThan(beta2, 0), sp.StrictLessThan(beta2, 1))),
        Hypothesis(sp.GreaterThan(v[0], 0)),
        Hypothesis(sp.StrictGreaterThan(v[1], 0)),
        Hypothesis(sp.GreaterThan(v[t] - beta2 * v[t - 1], (1 - beta2) * g[t] ** 2),
                   forall=((t, 1, T),)),
        Hypothesis(sp.StrictGreaterThan(v[0], 0), silent=True,
                   note="v_0 > 0: at v_0 = 0 the printed right side ln(v_T/v_0) is +inf; the "
                        "proof's chain (16) is stated 'when v_0 != 0' and the appendix treats "
                        "v_0 = 0 separately (v_0 replaced by v_1/e)"),
    ),
    lhs=sp.Sum(g[t] ** 2 / v[t], (t, 1, T)),
    rhs=T + beta2 / (1 - beta2) * sp.log(v[T] / v[0]),
    sampler=_lemma_3_12_sampler,
    sizes=_lemma_3_12_sizes,
    strategy=lambda sizes: strategies.log_sum_inputs(sizes["T"]),
    proof=(
        ProofStep(sp.Sum(g[t] ** 2 / v[t], (t, 1, T)),
                  sp.Sum((v[t] - beta2 * v[t - 1]) / ((1 - beta2) * v[t]), (t, 1, T)), "<=",
                  "hypothesis v_t - β₂v_{t-1} ≥ (1-β₂)g_t², v_t > 0",
                  via=Known("hypothesis", expr=v[t] - beta2 * v[t - 1] - (1 - beta2) * g[t] ** 2),
                  scale=1 / ((1 - beta2) * v[t])),
        ProofStep(sp.Sum((v[t] - beta2 * v[t - 1]) / ((1 - beta2) * v[t]), (t, 1, T)),
                  sp.Sum(1 + beta2 / (1 - beta2) * (1 - v[t - 1] / v[t]), (t, 1, T)), "=",
                  "algebra"),
        ProofStep(sp.Sum(1 + beta2 / (1 - beta2) * (1 - v[t - 1] / v[t]), (t, 1, T)),
                  T + beta2 / (1 - beta2) * sp.Sum(sp.log(v[t] / v[t - 1]), (t, 1, T)), "<=",
                  "1 - x ≤ ln(1/x) for x > 0",
                  via=Known("one_minus_x_le_neg_log", x=v[t - 1] / v[t]),
                  scale=beta2 / (1 - beta2)),
        ProofStep(T + beta2 / (1 - beta2) * sp.Sum(sp.log(v[t] / v[t - 1]), (t, 1, T)),
                  T + beta2 / (1 - beta2) * sp.log(v[T] / v[0]), "=", "telescoping",
                  via=Known("telescoping", F=sp.log(v[t]), index=t)),
    ),
    source="Lemma 3.12 (Section 3.4; restated with proof in Appendix C, eq. (16))",
    supremum_ratio=1.0,
    reparam=LogSumReparam(),
))


# =============================================================================================
# Appendix C: Lemma 3.12 for v₀ = 0 (log-sum); the pathwise steps of the proof of Lemma 3.13
# (proxy-gap); the displacement bound (14) in the proof of Lemma C.1 and the per-coordinate
# step bound of Section 3.2 (update-norm)
# =============================================================================================
s_ = sp.Symbol("s", integer=True)
i = sp.Symbol("i", integer=True)
j = sp.Symbol("j", integer=True)
d = sp.Symbol("d", integer=True, positive=True)
eta, eps, sigma, beta1 = sp.symbols("eta eps sigma beta1", real=True)
v0 = sp.Symbol("v0", real=True)
gbar, x, m = sp.IndexedBase("gbar"), sp.IndexedBase("x"), sp.IndexedBase("m")
x0, m0 = sp.IndexedBase("x0"), sp.IndexedBase("m0")
_D_OPTS = (1, 2, 4, 8)


def _v0_zero_sampler(ctx: SampleContext) -> dict:
    """As Lemma 3.12's sampler, with v₀ = 0: v_t = (β₂v_{t−1} + (1−β₂)(g_t² + s_t))·(1 + 2⁻⁴⁹),
    floored at 1e-280 (so v₁ > 0), the slack s_t ≥ 0 zero for half the candidates (then
    v₁ = (1−β₂)g₁² up to the inflation: the equality case of the first step of the proof)."""
    Tn = ctx.sizes["T"]
    b2 = unit_interval(ctx)
    gs = gradient_sequences(ctx, Tn)
    slack_on = (ctx.rand(ctx.B, 1) < 0.5).to(ctx.dtype)
    slack = slack_on * gs.abs().square().mean(1, keepdim=True).clamp_min(1e-30) * \
        torch.distributions.Exponential(1.0).sample((ctx.B, Tn)).to(ctx.dtype) * \
        (ctx.rand(ctx.B, Tn) < 0.3)
    vs = [torch.zeros(ctx.B, dtype=ctx.dtype)]
    for k in range(Tn):
        vt = b2 * vs[-1] + (1 - b2) * (gs[:, k] ** 2 + slack[:, k])
        vs.append((vt * INFLATE).clamp_min(V_FLOOR))
    return {"beta2": b2, "v": SeqValue(torch.stack(vs, 1), (0,)), "g": SeqValue(gs, (1,))}


def _with_v0_zero(cand: dict) -> dict:
    v = dict(cand["v"])
    v["values"] = [0.0] + list(v["values"][1:])
    return {**cand, "v": v}


class _V0ZeroReparam(LogSumReparam):
    """Lemma 3.12's reparameterisation with v₀ set to 0 afterwards: v₁ ≥ β₂v₀ + (1−β₂)g₁² ≥
    (1−β₂)g₁² and v₁ > 0 still hold, the other hypotheses do not involve v₀."""

    def forward(self, z, sizes):
        out = super().forward(z, sizes)
        v = out["v"].data
        v = torch.cat([torch.zeros_like(v[:, :1]), v[:, 1:]], dim=1)
        out["v"] = SeqValue(v, (0,))
        return out


LEMMA_3_12_V0_ZERO = register(Statement(
    id="adam_linf/lemma-3.12-v0-zero",
    paper=PAPER,
    kind="lemma",
    number="3.12 (case v_0 = 0)",
    title="Lemma 3.12 when v_0 = 0: v_0 replaced by v_1/e",
    section="Appendix C.2, end of the proof of Lemma 3.12",
    family="log-sum",
    latex=(r"v_0=0,\ v_1>0,\ v_t-\beta_2v_{t-1}\ge(1-\beta_2)g_t^2:\quad \sum_{t=1}^T"
           r"\frac{g_t^2}{v_t}\le T+\frac{\beta_2}{1-\beta_2}\ln\frac{v_T}{v_1/e}"),
    quantities=LEMMA_3_12.quantities,
    hypotheses=(
        Hypothesis(sp.And(sp.StrictGreaterThan(beta2, 0), sp.StrictLessThan(beta2, 1))),
        Hypothesis(sp.Eq(v[0], 0), note="the case v_0 = 0 of the proof ('When v_0 = 0, ...')"),
        Hypothesis(sp.StrictGreaterThan(v[1], 0)),
        Hypothesis(sp.GreaterThan(v[t] - beta2 * v[t - 1], (1 - beta2) * g[t] ** 2),
                   forall=((t, 1, T),)),
    ),
    lhs=sp.Sum(g[t] ** 2 / v[t], (t, 1, T)),
    rhs=T + beta2 / (1 - beta2) * sp.log(v[T] / (v[1] / sp.E)),
    sampler=_v0_zero_sampler,
    sizes=_lemma_3_12_sizes,
    strategy=lambda sizes: strategies.log_sum_inputs(sizes["T"]).map(_with_v0_zero),
    source="Proof of Lemma 3.12 (Appendix C.2), the display after 'When v_0 = 0, we can still "
           "have that' (first term ≤ 1/(1−β₂) since v₁ ≥ (1−β₂)g₁², then Lemma 3.12 from t = 1)",
    supremum_ratio=1.0,
    reparam=_V0ZeroReparam(),
    notes="SymPy writes ln(v_T/(v_1/e)) as ln(e·v_T/v_1).",
))


# ---------------------------------------------------------------------------------------------
# Blockwise Adam (Algorithm 3) for one block b of size d_b: the statements below are per block
# and v_{t,b} depends only on the block's own gradients, so one block of d_b coordinates (AdaSGD,
# Algorithm 2; d_b = 1 is Adam) is the general case.  The size "d" is d_b.
# ---------------------------------------------------------------------------------------------
def _block_sizes(gen: torch.Generator, preset: str) -> dict:
    opts = _SIZES.get(preset, _SIZES["default"])[:6]
    return {"T": opts[int(torch.randint(len(opts), (1,), generator=gen))],
            "d": _D_OPTS[int(torch.randint(len(_D_OPTS), (1,), generator=gen))]}


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
    return {"T": opts[int(torch.randint(len(opts), (1,), generator=gen))],
            "d": _D_OPTS[int(torch.randint(len(_D_OPTS), (1,), generator=gen))]}


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
    from ..registry import get
    return get(key)


# _NO_STRATEGY: no Hypothesis strategy for the two per-step bounds: both sides vanish at some
# steps (g_t = 0, σ_b = 0, ‖ḡ‖²/d_b + σ_b² = ‖g‖²/d_b) and the Hypothesis phase then takes the
# log of the exact ratio 0/0 = inf reported at such a step (an engine bug, see the report).
_PATHWISE = ("Pathwise: holds for every realisation of g and ḡ; the conditional expectation "
             "the proof then takes is pending the expectation engine.")

LEMMA_3_13_STEP_1 = _block_statement(
    id="adam_linf/lemma-3.13-step-1",
    strategy=None,  # see _NO_STRATEGY
    kind="lemma",
    number="3.13 (proof, inequality (1))",
    title="Per-step proxy gap of the first-order term after inequality (1)",
    section="Appendix C.1, proof of Lemma 3.13",
    family="proxy-gap",
    latex=(r"\sum_{\Phi(i)=b}\frac{|g_{t,i}\bar g_{t,i}(1-\beta_2)(\sqrt{\|\bar g_{t,(b)}\|^2/d_b"
           r"+\sigma_b^2}+\sqrt{\|g_{t,(b)}\|^2/d_b})(\sqrt{\|\bar g_{t,(b)}\|^2/d_b+\sigma_b^2}-"
           r"\sqrt{\|g_{t,(b)}\|^2/d_b})|}{\sqrt{v_{t,b}+\epsilon}\sqrt{\tilde v_{t,b}+\epsilon}"
           r"(\sqrt{v_{t,b}+\epsilon}+\sqrt{\tilde v_{t,b}+\epsilon})}\le\sum_{\Phi(i)=b}\frac{"
           r"|g_{t,i}\bar g_{t,i}\sqrt{1-\beta_2}(\sqrt{\|\bar g_{t,(b)}\|^2/d_b+\sigma_b^2}-"
           r"\sqrt{\|g_{t,(b)}\|^2/d_b})|}{\sqrt{v_{t,b}+\epsilon}\sqrt{\tilde v_{t,b}+\epsilon}}"),
    lhs=sp.Sum(sp.Abs(g[t, i] * gbar[t, i] * (1 - beta2) * (_A + _BN) * (_A - _BN))
               / (sp.sqrt(_VE) * sp.sqrt(_VTE) * (sp.sqrt(_VE) + sp.sqrt(_VTE))), (i, 1, d)),
    rhs=sp.Sum(sp.Abs(g[t, i] * gbar[t, i] * sp.sqrt(1 - beta2) * (_A - _BN))
               / (sp.sqrt(_VE) * sp.sqrt(_VTE)), (i, 1, d)),
    forall=((t, 1, T),),
    source="Proof of Lemma 3.13 (Appendix C.1), the inequality marked (1) of the first display "
           "(uses v + ε ≥ (1−β₂)‖g‖²/d_b and ṽ + ε ≥ (1−β₂)(‖ḡ‖²/d_b + σ_b²))",
    supremum_ratio=1.0,
    notes=_PATHWISE + "  The left side is the display's fourth line, equal to its first line "
          "Σ|g ḡ (1/√(v+ε) − 1/√(ṽ+ε))| (the tests check it), written so that the 60-digit "
          "re-verification does not lose digits to the difference of reciprocal square roots.",
)

LEMMA_3_13_EQ_10 = _block_statement(
    id="adam_linf/lemma-3.13-eq-10",
    strategy=None,  # see _NO_STRATEGY
    kind="lemma",
    number="3.13 (proof, bound of the term (10))",
    title="Bound of the term (10) after the noise bound: 2 sqrt(1-beta2) sigma_b sum g^2/(v+eps)",
    section="Appendix C.1, proof of Lemma 3.13",
    family="proxy-gap",
    latex=(r"\sum_{\Phi(i)=b}\frac{(1-\beta_2)g_{t,i}^2\,2\sqrt{\|\bar g_{t,(b)}\|_2^2/d_b+"
           r"\sigma_b^2}\,\sigma_b}{(v_{t,b}+\epsilon)\sqrt{\tilde v_{t,b}+\epsilon}}\le 2\sqrt{"
           r"1-\beta_2}\,\sigma_b\sum_{\Phi(i)=b}\frac{g_{t,i}^2}{v_{t,b}+\epsilon}"),
    lhs=sp.Sum((1 - beta2) * g[t, i] ** 2 * 2 * _A * sigma / (_VE * sp.sqrt(_VTE)), (i, 1, d)),
    rhs=2 * sp.sqrt(1 - beta2) * sigma * sp.Sum(g[t, i] ** 2 / _VE, (i, 1, d)),
    forall=((t, 1, T),),
    source="Proof of Lemma 3.13 (Appendix C.1), last inequality of the display bounding "
           "Equation 10 (uses ṽ + ε ≥ (1−β₂)(‖ḡ‖²/d_b + σ_b²)); the display's first "
           "inequality, E[(…)²|x_{t−1}] ≤ 2√(‖ḡ‖²/d_b + σ_b²)σ_b, is in expectation (pending)",
    supremum_ratio=1.0,
    notes=_PATHWISE,
)

LEMMA_3_13_SECOND_TERM = _block_statement(
    id="adam_linf/lemma-3.13-second-term",
    kind="lemma",
    number="3.13 (proof, Lemma 3.12 applied to the second term)",
    title="Lemma 3.12 applied to v_{t,b} + eps in the proof of Lemma 3.13",
    section="Appendix C.1, proof of Lemma 3.13",
    family="log-sum",
    latex=(r"\sum_{t=1}^T\frac{\|g_{t,(b)}\|_2^2/d_b}{v_{t,b}+\epsilon}\le T+\frac{\beta_2}"
           r"{1-\beta_2}\ln\frac{v_{T,b}+\epsilon}{v_{0,b}+\epsilon}"),
    lhs=sp.Sum(_NORM2_G / _VE, (t, 1, T)),
    rhs=T + beta2 / (1 - beta2) * sp.log((v[T] + eps) / (v[0] + eps)),
    source="Proof of Lemma 3.13 (Appendix C.1): 'For the second term, we can apply Lemma 3.12 "
           "and get that ...'; with the factor √(1−β₂)σ_b d_b it gives the last two terms of (4)",
    supremum_ratio=1.0,
    notes="Pathwise.  Lemma 3.12 applied to v'_t = v_{t,b} + ε and g_t = ‖g_{t,(b)}‖/√d_b "
          "(v'_t − β₂v'_{t−1} = (1−β₂)(‖g_t‖²/d_b + ε) ≥ (1−β₂)‖g_t‖²/d_b).",
)

# (14): x_t − x_0 = −η Σ_s g_s/√(v_s + ε) needs β₁ = 0 (silent); coordinates j of block b
_DISP_HYPS = _BLOCK_HYPS + (_BETA1_ZERO,)

EQ_14_CAUCHY_SCHWARZ = _block_statement(
    id="adam_linf/eq-14-cauchy-schwarz",
    kind="eq",
    number="14 (first inequality)",
    title="Cauchy-Schwarz step of the displacement bound (14)",
    section="Appendix C.1, proof of Lemma C.1",
    family="update-norm",
    latex=(r"\frac{\eta^2}{d_b}\sum_{\Phi(j)=b}\left|\sum_{s=1}^t\frac{g_{s,j}}{\sqrt{v_{s,b}+"
           r"\epsilon}}\right|^2\le\frac{\eta^2}{d_b}\sum_{\Phi(j)=b}t\sum_{s=1}^t\frac{g_{s,j}^2}"
           r"{v_{s,b}+\epsilon}"),
    hypotheses=_DISP_HYPS,
    lhs=eta ** 2 / d * sp.Sum(sp.Abs(sp.Sum(g[s_, j] / sp.sqrt(v[s_] + eps), (s_, 1, t))) ** 2,
                             (j, 1, d)),
    rhs=eta ** 2 / d * sp.Sum(t * sp.Sum(g[s_, j] ** 2 / (v[s_] + eps), (s_, 1, t)), (j, 1, d)),
    forall=((t, 1, T),),
    sizes=_short_block_sizes,
    source="Equation (14), proof of Lemma C.1 (Appendix C.1): the first inequality",
    supremum_ratio=1.0,
    notes="Equality when g_{s,j}/√(v_{s,b}+ε) does not depend on s (always at t = 1).",
)

EQ_14 = _block_statement(
    id="adam_linf/eq-14",
    kind="eq",
    number="14",
    title="Displacement bound (14): (1/d_b)||x_t - x_0||^2 via Lemma 3.12",
    section="Appendix C.1, proof of Lemma C.1",
    family="update-norm",
    latex=(r"\frac{1}{d_b}\|x_{t,(b)}-x_{0,(b)}\|_2^2\le\eta^2t\left(t+\frac{\beta_2}{1-\beta_2}"
           r"\ln\frac{v_{t,b}+\epsilon}{v_{0,b}+\epsilon}\right)"),
    hypotheses=_DISP_HYPS,
    lhs=sp.Sum((x[t, i] - x[0, i]) ** 2, (i, 1, d)) / d,
    rhs=eta ** 2 * t * (t + beta2 / (1 - beta2) * sp.log((v[t] + eps) / (v[0] + eps))),
    forall=((t, 1, T),),
    source="Equation (14), proof of Lemma C.1 (Appendix C.1): from the first expression to the "
           "one after (1) (Lemma 3.12); the last step, ≤ η²t² + η²tβ₂/(1−β₂) ln((max_b' "
           "v_{t,b'} + ε)/(v_0 + ε)), takes a max over blocks (not encoded: the evaluator has no "
           "max over an index range; with one block it is the same inequality)",
    supremum_ratio=1.0,
    notes="x_t from the algorithm (β₁ = 0, constant η), not from the printed identity "
          "x_t − x_0 = −ηΣ_s g_s/√(v_s+ε).",
)


# ---------------------------------------------------------------------------------------------
# Section 3.2: ‖g_t/√(v_t + ε)‖²_∞ ≤ 1/(1−β₂) (per-coordinate step of RMSProp = Adam, β₁ = 0)
# ---------------------------------------------------------------------------------------------
def _adam_step_sampler(ctx: SampleContext) -> dict:
    """β₂ ∈ [0, 1) (exactly 0 for a quarter: RMSProp's edge); g from :func:`gradient_sequences`;
    v₀ ≥ 0 (0 for a quarter: with ε = 0 the bound is attained at t = 1); ε ≥ 0 (0 for half).
    :func:`_no_underflow` keeps v_{t,i} + ε > 0 (the silent hypothesis) in float as well."""
    Tn, dn = ctx.sizes["T"], ctx.sizes["d"]
    B = ctx.B
    b2 = unit_interval(ctx, closed_low=True)
    gs = gradient_sequences(ctx, Tn, dn)
    scale = gs.abs().amax(dim=(1, 2)).clamp_min(1e-100)
    v0_ = log_uniform(ctx, 1e-8, 1e4) * torch.where(ctx.rand(B) < 0.5, scale ** 2,
                                                    torch.ones(B, dtype=ctx.dtype))
    v0_ = torch.where(ctx.rand(B) < 0.25, torch.zeros_like(v0_), v0_)
    eps_ = torch.where(ctx.rand(B) < 0.5, torch.zeros(B, dtype=ctx.dtype),
                       log_uniform(ctx, 1e-12, 1.0) * scale ** 2)
    gs = _no_underflow(gs, b2, v0_, eps_, scale, Tn)
    return {"beta2": b2, "eps": eps_, "v0": v0_, "g": SeqValue(gs, (1, 1)),
            "x0": SeqValue(torch.zeros(B, dn, dtype=ctx.dtype), (1,))}


def _build_adam_linf(env):
    alg = AdamLinf(lr=1.0, beta1=0.0, beta2=env["beta2"], eps=env["eps"], v0=env["v0"])
    return alg, {"x0": env["x0"].data, "grads": env["g"].data}


SEC_3_2_STEP = register(Statement(
    id="adam_linf/sec-3.2-step",
    paper=PAPER,
    kind="remark",
    number="Section 3.2 (after the RMSProp descent inequality)",
    title="Per-coordinate step of RMSProp: ||g_t / sqrt(v_t + eps)||_inf^2 <= 1/(1 - beta2)",
    section="3.2",
    family="update-norm",
    latex=(r"\left\|\frac{\mathbf{g}_t}{\sqrt{\mathbf{v}_t+\epsilon}}\right\|_\infty^2\le"
           r"\frac{1}{1-\beta_2}"),
    quantities=(
        Quantity("beta2", "scalar", "[0, 1)", "β₂"),
        Quantity("eps", "scalar", ">= 0", "ε"),
        Quantity("v0", "scalar", ">= 0", "v_0 (broadcast to every coordinate)"),
        Quantity("T", "size", ">= 1", "number of steps"),
        Quantity("d", "size", ">= 1", "dimension"),
        Quantity("g", "sequence", "R", "stochastic gradients g_{t,i}", (1, 1), ("T", "d")),
        Quantity("x0", "sequence", "R", "initial point (does not enter)", (1,), ("d",)),
        Quantity("v", "trajectory", ">= 0", "v_{t,i} (Algorithm 1)", (0, 1), ("T", "d")),
    ),
    hypotheses=(
        Hypothesis(sp.And(sp.GreaterThan(beta2, 0), sp.StrictLessThan(beta2, 1)),
                   note="Section 3.2: RMSProp with β₂ ∈ [0, 1]; β₂ < 1 silently (1/(1−β₂))"),
        Hypothesis(sp.GreaterThan(eps, 0), note="Algorithm 1: ε ≥ 0"),
        Hypothesis(sp.GreaterThan(v0, 0), note="Algorithm 1: v_0 ≥ 0"),
        Hypothesis(sp.StrictGreaterThan(v[t, i] + eps, 0), silent=True, forall=((t, 1, T),
                                                                                  (i, 1, d)),
                   note="v_{t,i} + ε > 0: the quotient is undefined otherwise"),
    ),
    lhs=g[t, i] ** 2 / (v[t, i] + eps),
    rhs=1 / (1 - beta2),
    forall=((t, 1, T), (i, 1, d)),
    sampler=_adam_step_sampler,
    sizes=_block_sizes,
    strategy=lambda sizes: strategies.from_sampler(SEC_3_2_STEP, sizes),
    trajectory=TrajectorySource(build=_build_adam_linf, read={"v": ("v", (0, 1))},
                                series=("v",)),
    recurrences=(Recurrence("v", t, 1, v0, beta2 * v[t - 1, i] + (1 - beta2) * g[t, i] ** 2),),
    source="Section 3.2, the sentence after the RMSProp descent inequality: 'We can only upper "
           "bound ‖g_t/√(v_t+ε)‖²_∞ by 1/(1−β₂)'",
    supremum_ratio=1.0,
    notes="‖·‖²_∞ ≤ C is encoded per coordinate (the checker's worst index over i is the max). "
          "With β₁ = 0 this is the per-coordinate step |x_{t,i} − x_{t−1,i}| ≤ η_t/√(1−β₂).",
))
