"""Statements of *AlphaAdam: asynchronous masked optimization with dynamic alpha for selective updates (Chang, Li, Yuan)*, paper id ``alphaadam``.

Encoded (paper text: Appendix B, Corollary B.5 = Corollary 3.4; Appendix E, Lemmas E.2, E.3 and
the last step of the proof of Theorem E.5 = Theorem 3.8):

* ``alphaadam/lemma-E.2`` -- the per-coordinate step bound on the recurrence Appendix E analyses
  (:class:`~adaproof.algorithms.alphaadam.AlphaAdamAnalysed`, η_t = η/√t);
* ``alphaadam/lemma-E.2-algorithm-1`` -- the same bound on Algorithm 1 as printed
  (:class:`~adaproof.algorithms.alphaadam.AlphaAdam`: step η̂ α_t φ_t ⊙ u_t); printed and corrected;
* ``alphaadam/lemma-E.3`` -- the second-moment bound v_{i,t-1} ≤ 5/2 |∂_i L_t|² along a full-batch
  (closed-loop) run of the analysed recurrence on an L-smooth objective;
* ``alphaadam/eq-E.5-a`` / ``alphaadam/eq-E.5-b`` -- the two sum bounds of the last step of the
  proof of Theorem E.5 (Σ 1/t ≤ log((T+1)/t₀), Σ 1/√t ≥ 2(√T − √(t₀−1))); printed and corrected;
* ``alphaadam/corollary-3.4`` (+ ``-b``, ``-ema``, ``-adam``) -- the deterministic core of the
  variance-reduction factor (1−β)²/(1−β²) of Corollary 3.4 / B.5 and its candidate readings;
* the variance claims themselves, in expectation over i.i.d. gradients from a finite law
  (Assumption B.3), decided by exact enumeration: ``alphaadam/corollary-3.4-var`` (the factor,
  Δθ = η m_t/√v_t with v_t of Assumption B.4), ``-var-lt1`` ('< 1, a decrease in variance'),
  ``-offdiag`` (the off-diagonal terms Δθ_iΔθ_j, factor squared) and ``-adam-var`` (Adam's
  bias-corrected momentum); each printed and corrected.
"""
from __future__ import annotations

import math

import sympy as sp
import torch

from ..algorithms.alphaadam import AlphaAdam, AlphaAdamAnalysed
from ..expectation import NoiseSpec
from ..registry import register
from ..sampling import choose, gradient_sequences, log_uniform, unit_interval
from ..proofs import Known
from ..statement import Hypothesis, ProofStep, Quantity, Recurrence, SampleContext, Statement, \
    TrajectorySource
from ..symbolic import SeqValue

PAPER = "alphaadam"

# ---------------------------------------------------------------------------------------------
# symbols
# ---------------------------------------------------------------------------------------------
t = sp.Symbol("t", integer=True)
l = sp.Symbol("l", integer=True)  # coordinate
k = sp.Symbol("k", integer=True)  # summation over coordinates
j = sp.Symbol("j", integer=True)  # summation over ridges / lags
T = sp.Symbol("T", integer=True, positive=True)
d = sp.Symbol("d", integer=True, positive=True)
n = sp.Symbol("n", integer=True, positive=True)  # number of ridges of the E.3 objective
t0 = sp.Symbol("t0", integer=True, positive=True)
eta, beta1, beta2, eps, beta, Lsm, c = sp.symbols("eta beta1 beta2 eps beta L c", real=True)
g, m, h, v, theta = (sp.IndexedBase(s) for s in ("g", "m", "h", "v", "theta"))
m0, h0, v0, theta1 = (sp.IndexedBase(s) for s in ("m0", "h0", "v0", "theta1"))
W, b, p, q = (sp.IndexedBase(s) for s in ("W", "b", "p", "q"))

#: E.2's constant (1−β₁) / (√(1−β₂) (1 − β₁/√β₂))
C_E2 = (1 - beta1) / (sp.sqrt(1 - beta2) * (1 - beta1 / sp.sqrt(beta2)))


_pick = choose  # sizes(generator, preset) functions pick with the generator


def _ind(cond) -> sp.Piecewise:
    """The indicator I(cond) as the evaluator understands it."""
    return sp.Piecewise((1, cond), (0, True))


def _betas_below_sqrt(ctx: SampleContext) -> tuple[torch.Tensor, torch.Tensor]:
    """β₂ ∈ (0, 1) and β₁ = r √β₂ (1 − 2⁻⁴⁰) with r ∈ [0, 1) (exactly 0 sometimes, near 1
    sometimes), so that 0 ≤ β₁ < √β₂ < 1 holds exactly for the float values."""
    b2 = unit_interval(ctx)
    r = unit_interval(ctx, closed_low=True)
    b1 = r * torch.sqrt(b2) * (1 - 2.0 ** -40)
    return b1, b2


def _zeros_seq(ctx: SampleContext, dn: int) -> SeqValue:
    return SeqValue(torch.zeros(ctx.B, dn, dtype=ctx.dtype), (1,))


_T_ALG = {"smoke": (1, 2, 3, 10, 50), "default": (1, 2, 3, 5, 10, 50, 200),
          "deep": (1, 2, 3, 5, 10, 50, 200, 1000)}
_D_ALG = (1, 2, 3, 4, 8)


def _alg_sizes(gen: torch.Generator, preset: str) -> dict:
    return {"T": _pick(gen, _T_ALG.get(preset, _T_ALG["default"])), "d": _pick(gen, _D_ALG)}


# =============================================================================================
# Lemma E.2 on the analysed recurrence (AlphaAdamAnalysed)
# =============================================================================================
_REC_ANALYSED_OPEN = (
    Recurrence("m", t, 1, m0[l], beta1 * m[t - 1, l] + (1 - beta1) * g[t, l]),
    Recurrence("v", t, 1, v0[l], beta2 * v[t - 1, l] + (1 - beta2) * g[t, l] ** 2),
    # θ_t = θ_{t-1} − η_{t-1} φ_{t-1} m_{t-1}/(√v_{t-1} + ϵ), η_{t-1} = η/√(t−1); the quotient is
    # only evaluated where φ = 1 (then g_{t-1} ≠ 0, so v_{t-1} > 0)
    Recurrence("theta", t, 2, theta1[l], theta[t - 1, l] - sp.Piecewise(
        (eta / sp.sqrt(t - 1) * m[t - 1, l] / (sp.sqrt(v[t - 1, l]) + eps),
         sp.StrictGreaterThan(g[t - 1, l] * m[t - 2, l], 0)), (0, True))),
)


def _float_underflow(gs: torch.Tensor, b1: torch.Tensor, b2: torch.Tensor) -> torch.Tensor:
    """Candidates whose float run (same operations as the algorithm, m₀ = v₀ = 0) reaches
    v_t = 0 with m_t ≠ 0: v underflows (long runs of zero gradients with β₂ tiny) before m does.
    With ϵ = 0 the algorithm rightly refuses the float quotient m_t/0; exactly, v_t > 0 there."""
    B1, B2 = b1[:, None], b2[:, None]
    mm = torch.zeros_like(gs[:, 0])
    vv = torch.zeros_like(gs[:, 0])
    bad = torch.zeros(gs.shape[0], dtype=torch.bool, device=gs.device)
    for s in range(gs.shape[1]):
        gt = gs[:, s]
        mm = B1 * mm + (1 - B1) * gt
        vv = B2 * vv + (1 - B2) * gt * gt
        bad |= ((vv == 0) & (mm != 0)).any(dim=1)
    return bad


def _lemma_e2_sampler(ctx: SampleContext) -> dict:
    """0 ≤ β₁ < √β₂ < 1 (see :func:`_betas_below_sqrt`); η log-uniform in [1e-4, 10]; ϵ = 0 half
    the time (the analysed form), log-uniform in [1e-16, 1] otherwise (and always positive on
    the rare candidates whose float second moment underflows to 0, see
    :func:`_float_underflow`); gradients from :func:`adaproof.sampling.gradient_sequences`;
    m₀ = v₀ = 0; θ₁ ~ N(0, 1)."""
    Tn, dn = ctx.sizes["T"], ctx.sizes["d"]
    b1, b2 = _betas_below_sqrt(ctx)
    gs = gradient_sequences(ctx, Tn, dn)
    pos = log_uniform(ctx, 1e-16, 1.0)
    e = torch.where(ctx.rand(ctx.B) < 0.5, torch.zeros(ctx.B, dtype=ctx.dtype), pos)
    e = torch.where(_float_underflow(gs, b1, b2), pos, e)
    return {"eta": log_uniform(ctx, 1e-4, 10.0), "beta1": b1, "beta2": b2, "eps": e,
            "g": SeqValue(gs, (1, 1)),
            "m0": _zeros_seq(ctx, dn), "v0": _zeros_seq(ctx, dn),
            "theta1": SeqValue(ctx.randn(ctx.B, dn), (1,))}


def _build_analysed_open(env):
    alg = AlphaAdamAnalysed(lr=env["eta"], beta1=env["beta1"], beta2=env["beta2"],
                            eps=env["eps"], m0=env["m0"].data, v0=env["v0"].data,
                            lr_decay="inv_sqrt")
    return alg, {"x0": env["theta1"].data, "grads": env["g"].data}


_BETA_HYPS = (
    Hypothesis(sp.LessThan(beta1, sp.sqrt(beta2)), note="Lemma E.2: β₁ ≤ √β₂"),
    Hypothesis(sp.And(sp.GreaterThan(beta1, 0), sp.StrictLessThan(beta1, sp.sqrt(beta2)),
                      sp.StrictGreaterThan(beta2, 0), sp.StrictLessThan(beta2, 1)),
               silent=True,
               note="0 ≤ β₁ < √β₂ < 1, β₂ > 0: Theorem 3.8 / E.5's condition, in whose proof the "
                    "lemma is used; the proof's step (*) sums Σ_s (β₁/√β₂)^s to "
                    "1/(1 − β₁/√β₂), which needs β₁ < √β₂ (at β₁ = √β₂ the printed bound is "
                    "1/0), and divides by √β₂"),
)

LEMMA_E2 = register(Statement(
    id="alphaadam/lemma-E.2",
    paper=PAPER,
    kind="lemma",
    number="E.2",
    title="Per-coordinate step bound of the AlphaAdam recurrence analysed in Appendix E",
    section="Appendix E.1",
    family="update-norm",
    latex=(r"\text{if } \beta_1\le\sqrt{\beta_2}:\quad |\theta_{i,t+1}-\theta_{i,t}| \le "
           r"\eta_t\,\frac{1-\beta_1}{\sqrt{1-\beta_2}\left(1-\frac{\beta_1}{\sqrt{\beta_2}}"
           r"\right)}"),
    quantities=(
        Quantity("eta", "scalar", "> 0", "base step size η (η_t = η/√t, Theorem E.5)"),
        Quantity("beta1", "scalar", "[0, sqrt(beta2))", "momentum parameter β₁"),
        Quantity("beta2", "scalar", "(0, 1)", "second-moment parameter β₂"),
        Quantity("eps", "scalar", ">= 0", "stability term ϵ (line 739; the analysis uses 0)"),
        Quantity("T", "size", ">= 1", "number of steps"),
        Quantity("d", "size", ">= 1", "dimension"),
        Quantity("g", "sequence", "R", "gradients ∇L_{i,t}", (1, 1), ("T", "d")),
        Quantity("m0", "sequence", "= 0", "initial momentum m_{0,i}", (1,), ("d",)),
        Quantity("v0", "sequence", "= 0", "initial second moment v_{0,i}", (1,), ("d",)),
        Quantity("theta1", "sequence", "R", "initial point θ_{1,i}", (1,), ("d",)),
        Quantity("m", "trajectory", "R", "momentum m_{t,i}", (0, 1), ("T", "d")),
        Quantity("v", "trajectory", ">= 0", "second moment v_{t,i}", (0, 1), ("T", "d")),
        Quantity("theta", "trajectory", "R", "iterate θ_{t,i}", (1, 1), ("T + 1", "d")),
    ),
    hypotheses=(
        Hypothesis(sp.StrictGreaterThan(eta, 0), note="step size η_t = η/√t > 0 (Theorem E.5)"),
        *_BETA_HYPS,
        Hypothesis(sp.GreaterThan(eps, 0), note="stability term ϵ ≥ 0 (line 739 prints ϵ; the "
                                                "lemma's proof uses m_t/√v_t, i.e. ϵ = 0)"),
        Hypothesis(sp.Eq(m0[l], 0), silent=True, forall=((l, 1, d),),
                   note="m₀ = 0: the proof expands m_{i,t} = (1−β₁)Σ_{s<t} β₁^s ∇L_{i,t−s} "
                        "(line 782), dropping β₁^t m₀"),
        Hypothesis(sp.Eq(v0[l], 0), silent=True, forall=((l, 1, d),),
                   note="v₀ = 0: the proof expands v_{i,t} = (1−β₂)Σ_{s<t} β₂^s ∇L²_{i,t−s} "
                        "(line 782)"),
    ),
    lhs=sp.Abs(theta[t + 1, l] - theta[t, l]),
    rhs=eta / sp.sqrt(t) * C_E2,
    forall=((t, 1, T), (l, 1, d)),
    sampler=_lemma_e2_sampler,
    sizes=_alg_sizes,
    trajectory=TrajectorySource(build=_build_analysed_open,
                                read={"x": ("theta", (1, 1)), "m": ("m", (0, 1)),
                                      "v": ("v", (0, 1))},
                                series=("m", "v")),
    recurrences=_REC_ANALYSED_OPEN,
    source="Lemma E.2, Appendix E.1 (proof line 782); used in Lemma E.3 and Theorem E.5",
    supremum_ratio=1.0,
    notes="Runs AlphaAdamAnalysed, the 'core algorithm steps' of Appendix E (lines 733-741): "
          "θ_{t+1} = θ_t − η_t φ_t ∘ m_t/(√v_t + ϵ) with the asynchronous mask "
          "φ_t = I(g_t ⊙ m_{t−1} > 0), no α_t, no η̂, η_t = η/√t; gradients are an arbitrary "
          "sequence (the lemma assumes nothing about them).",
))


# =============================================================================================
# Lemma E.2 on Algorithm 1 as printed (AlphaAdam)
# =============================================================================================
def _u1(tt, kk):
    """u_{τ,k} = h_{τ,k} / (√v_{τ,k} + ϵ) (Algorithm 1, line 204)."""
    return h[tt, kk] / (sp.sqrt(v[tt, kk]) + eps)


def _phi1(tt, kk):
    """φ_{τ,k} = I(g_{τ,k} h_{τ−1,k} > 0) (lines 202, 205)."""
    return _ind(sp.StrictGreaterThan(g[tt, kk] * h[tt - 1, kk], 0))


def _alg1_parts(tt):
    """(‖φ_τ‖₀, ‖u_τ‖², ‖φ_τ ⊙ u_τ‖², the condition φ_τ ≠ 0) over the coordinates.

    The condition is written Σ_k max(g_{τ,k} h_{τ−1,k}, 0) > 0 rather than ‖φ_τ ⊙ u_τ‖² > 0
    because SymPy rewrites a Piecewise inside a Piecewise condition into an ITE (leaking the
    summation index); the two agree exactly: φ_{τ,k} = 1 forces g_{τ,k}, h_{τ−1,k} nonzero of the
    same sign, hence h_{τ,k} ≠ 0, u_{τ,k} ≠ 0."""
    count = sp.Sum(_phi1(tt, k), (k, 1, d))
    full = sp.Sum(_u1(tt, k) ** 2, (k, 1, d))
    masked = sp.Sum(_phi1(tt, k) * _u1(tt, k) ** 2, (k, 1, d))
    nonempty = sp.StrictGreaterThan(sp.Sum(sp.Max(g[tt, k] * h[tt - 1, k], 0), (k, 1, d)), 0)
    return count, full, masked, nonempty


_CNT_P, _FULL_P, _MASK_P, _NONEMPTY_P = _alg1_parts(t - 1)

_REC_ALG1 = (
    Recurrence("h", t, 1, h0[l], beta1 * h[t - 1, l] + (1 - beta1) * g[t, l]),
    Recurrence("v", t, 1, v0[l], beta2 * v[t - 1, l] + (1 - beta2) * g[t, l] ** 2),
    # θ_t = θ_{t−1} − η̂ α_{t−1} φ_{t−1} ⊙ u_{t−1}, η̂ = η d/(‖φ_{t−1}‖₀ + 1),
    # α_{t−1} = ‖u_{t−1}‖²/‖φ_{t−1} ⊙ u_{t−1}‖²; an empty mask (always at t−1 = 1, where h₀ = 0)
    # gives the documented zero step (the printed update is ∞·0 there)
    Recurrence("theta", t, 2, theta1[l], theta[t - 1, l] - sp.Piecewise(
        (eta * d / (_CNT_P + 1) * _FULL_P / _MASK_P * _phi1(t - 1, l) * _u1(t - 1, l),
         _NONEMPTY_P), (0, True))),
)


def _lemma_e2_alg1_sampler(ctx: SampleContext) -> dict:
    """As for ``lemma-E.2`` but with ϵ > 0 (Algorithm 1's input): ϵ = 1e-8 (the paper's value)
    a quarter of the time, log-uniform in [1e-16, 1e-1] otherwise; h₀ = v₀ = 0."""
    Tn, dn = ctx.sizes["T"], ctx.sizes["d"]
    b1, b2 = _betas_below_sqrt(ctx)
    e = torch.where(ctx.rand(ctx.B) < 0.25, torch.full((ctx.B,), 1e-8, dtype=ctx.dtype),
                    log_uniform(ctx, 1e-16, 1e-1))
    return {"eta": log_uniform(ctx, 1e-4, 10.0), "beta1": b1, "beta2": b2, "eps": e,
            "g": SeqValue(gradient_sequences(ctx, Tn, dn), (1, 1)),
            "h0": _zeros_seq(ctx, dn), "v0": _zeros_seq(ctx, dn),
            "theta1": SeqValue(ctx.randn(ctx.B, dn), (1,))}


def _build_alg1(env):
    alg = AlphaAdam(lr=env["eta"], beta1=env["beta1"], beta2=env["beta2"], eps=env["eps"],
                    m0=env["h0"].data, v0=env["v0"].data)
    return alg, {"x0": env["theta1"].data, "grads": env["g"].data}


_ALG1_QUANTITIES = (
    Quantity("eta", "scalar", "> 0", "learning rate η of Algorithm 1 (constant: η_t = η)"),
    Quantity("beta1", "scalar", "[0, sqrt(beta2))", "momentum factor β₁"),
    Quantity("beta2", "scalar", "(0, 1)", "momentum factor β₂"),
    Quantity("eps", "scalar", "> 0", "stability term ϵ"),
    Quantity("T", "size", ">= 1", "number of steps"),
    Quantity("d", "size", ">= 1", "parameter dimension d"),
    Quantity("g", "sequence", "R", "gradients g_{t,i}", (1, 1), ("T", "d")),
    Quantity("h0", "sequence", "= 0", "initial momentum h_{0,i}", (1,), ("d",)),
    Quantity("v0", "sequence", "= 0", "initial second moment v_{0,i}", (1,), ("d",)),
    Quantity("theta1", "sequence", "R", "initial point θ_{1,i} (= the box's θ₀)", (1,), ("d",)),
    Quantity("h", "trajectory", "R", "momentum h_{t,i} (line 203)", (0, 1), ("T", "d")),
    Quantity("v", "trajectory", ">= 0", "second moment v_{t,i} (line 203)", (0, 1), ("T", "d")),
    Quantity("theta", "trajectory", "R", "iterate θ_{t,i} (line 208)", (1, 1), ("T + 1", "d")),
)

_ALG1_HYPS = (
    Hypothesis(sp.StrictGreaterThan(eta, 0), note="Algorithm 1: η > 0"),
    *_BETA_HYPS,
    Hypothesis(sp.StrictGreaterThan(eps, 0), note="Algorithm 1: ϵ > 0"),
    Hypothesis(sp.Eq(h0[l], 0), silent=True, forall=((l, 1, d),),
               note="h₀ = 0: Algorithm 1 does not state h₀; Lemma E.2's expansion (line 782) "
                    "needs it"),
    Hypothesis(sp.Eq(v0[l], 0), silent=True, forall=((l, 1, d),),
               note="v₀ = 0: Algorithm 1 does not state v₀; Lemma E.2's expansion (line 782) "
                    "uses it"),
)

_ALG1_TRAJ = TrajectorySource(build=_build_alg1,
                              read={"x": ("theta", (1, 1)), "m": ("h", (0, 1)),
                                    "v": ("v", (0, 1))},
                              series=("m", "v"))

_ALG1_NOTES = (
    "Runs Algorithm 1 exactly as printed (AlphaAdam, lines 197-210): θ_{t+1} = θ_t − η̂ α_t "
    "φ_t ⊙ u_t with u_t = h_t/(√v_t + ϵ), φ_t = I(g_t ⊙ h_{t−1} > 0), "
    "α_t = ‖u_t‖²/‖φ_t ⊙ u_t‖² and η̂ = η d/(‖φ_t‖₀ + 1); constant η, so the lemma's η_t is η. "
    "Its first step is 0/0 as printed (h₀ = 0 makes φ₁ = 0) and is the module's documented "
    "no-op, as is every step with an empty mask (the exact recurrence does the same through a "
    "Piecewise). Lemma E.2 is stated for 'the Adam-type algorithm'; Appendix E analyses the "
    "recurrence without α_t and η̂ (see alphaadam/lemma-E.2).")

LEMMA_E2_ALG1 = register(Statement(
    id="alphaadam/lemma-E.2-algorithm-1",
    paper=PAPER,
    kind="lemma",
    number="E.2",
    title="Lemma E.2's per-coordinate step bound on Algorithm 1 as printed",
    section="Appendix E.1 (Algorithm 1, Section 3.2)",
    family="update-norm",
    latex=(r"\text{if } \beta_1\le\sqrt{\beta_2}:\quad |\theta_{i,t+1}-\theta_{i,t}| \le "
           r"\eta_t\,\frac{1-\beta_1}{\sqrt{1-\beta_2}\left(1-\frac{\beta_1}{\sqrt{\beta_2}}"
           r"\right)}"),
    quantities=_ALG1_QUANTITIES,
    hypotheses=_ALG1_HYPS,
    lhs=sp.Abs(theta[t + 1, l] - theta[t, l]),
    rhs=eta * C_E2,
    forall=((t, 1, T), (l, 1, d)),
    sampler=_lemma_e2_alg1_sampler,
    sizes=_alg_sizes,
    trajectory=_ALG1_TRAJ,
    recurrences=_REC_ALG1,
    expected="violated",
    source="Lemma E.2, Appendix E.1, applied to Algorithm 1 (Section 3.2.3)",
    notes=_ALG1_NOTES + " Violated: with d ≥ 2 and one selected coordinate whose |u_{t,i}| is "
                        "small while an unselected one is large, η̂ α_t = η d/2 · ‖u_t‖²/u_{t,i}² "
                        "is unbounded.",
))

_CNT_T, _FULL_T, _MASK_T, _NONEMPTY_T = _alg1_parts(t)

LEMMA_E2_ALG1_CORRECTED = register(Statement(
    id="alphaadam/lemma-E.2-algorithm-1",
    variant="corrected",
    reason="Algorithm 1's step carries the factor η̂ α_t = η d/(‖φ_t‖₀+1) · ‖u_t‖²/‖φ_t⊙u_t‖², "
           "which E.2 omits and which is unbounded; E.2's argument bounds |u_{t,i}| only, so "
           "the step is at most η̂ α_t times E.2's constant",
    paper=PAPER,
    kind="lemma",
    number="E.2",
    title="Lemma E.2's step bound on Algorithm 1, with Algorithm 1's factor η̂ α_t",
    section="Appendix E.1 (Algorithm 1, Section 3.2)",
    family="update-norm",
    latex=(r"|\theta_{i,t+1}-\theta_{i,t}| \le \frac{\eta d}{\|\varphi_t\|_0+1}\,\alpha_t\,"
           r"\frac{1-\beta_1}{\sqrt{1-\beta_2}\left(1-\frac{\beta_1}{\sqrt{\beta_2}}\right)},"
           r"\quad \alpha_t = \frac{\|u_t\|_2^2}{\|\varphi_t\odot u_t\|_2^2}\ "
           r"(\alpha_t := 1 \text{ when } \varphi_t\odot u_t = 0)"),
    quantities=_ALG1_QUANTITIES,
    hypotheses=_ALG1_HYPS,
    lhs=sp.Abs(theta[t + 1, l] - theta[t, l]),
    rhs=eta * d / (_CNT_T + 1) * sp.Piecewise((_FULL_T / _MASK_T, _NONEMPTY_T), (1, True)) * C_E2,
    forall=((t, 1, T), (l, 1, d)),
    sampler=_lemma_e2_alg1_sampler,
    sizes=_alg_sizes,
    trajectory=_ALG1_TRAJ,
    recurrences=_REC_ALG1,
    source="Lemma E.2, Appendix E.1, applied to Algorithm 1 (Section 3.2.3)",
    supremum_ratio=1.0,
    notes=_ALG1_NOTES + " α_t := 1 on an empty mask is the module's recorded convention (the step "
                        "is zero there, so any finite value makes the bound hold).",
))


# =============================================================================================
# Lemma E.3: v_{i,t−1} ≤ 5/2 |∂_i L_t|² along a full-batch run on an L-smooth objective
# =============================================================================================
def _ridge_z(tt, jj):
    """z_{j}(θ_t) = ⟨W_j, θ_t⟩ − b_j."""
    return sp.Sum(W[jj, k] * theta[tt, k], (k, 1, d)) - b[jj]


def _ridge_grad(tt, ll):
    """∂_l f(θ_t) for f(θ) = Σ_j p_j z_j²/2 + q_j z_j²/(1 + z_j²)."""
    z = _ridge_z(tt, j)
    return sp.Sum((p[j] * z + 2 * q[j] * z / (1 + z ** 2) ** 2) * W[j, ll], (j, 1, n))


_REC_E3 = (
    _REC_ANALYSED_OPEN[2],                                   # θ_t from step t−1
    Recurrence("g", t, 1, sp.Integer(0), _ridge_grad(t, l)),  # g_t = ∇f(θ_t) (full batch)
    _REC_ANALYSED_OPEN[0],                                   # m_t
    _REC_ANALYSED_OPEN[1],                                   # v_t
)

_T_E3 = {"smoke": (1, 2, 3, 10, 50), "default": (2, 3, 5, 10, 30, 100, 200),
         "deep": (2, 3, 5, 10, 30, 100, 200, 500)}


def _lemma_e3_sizes(gen: torch.Generator, preset: str) -> dict:
    return {"T": _pick(gen, _T_E3.get(preset, _T_E3["default"])), "d": _pick(gen, (1, 2, 3, 4)),
            "n": _pick(gen, (1, 2, 3))}


def _ridge_oracle(W_, b_, p_, q_):
    def oracle(x, _t):
        z = torch.einsum("bjk,bk->bj", W_, x) - b_
        coef = p_ * z + 2 * q_ * z / (1 + z * z) ** 2
        return torch.einsum("bj,bjl->bl", coef, W_)
    return oracle


def _lemma_e3_sampler(ctx: SampleContext) -> dict:
    """Objective f(θ) = Σ_j p_j z_j²/2 + q_j z_j²/(1+z_j²), z_j = ⟨W_j, θ⟩ − b_j, with p, q ≥ 0
    (each zero a fifth of the time), W ~ N(0, σ²) with σ log-uniform in [1e-3, 1e3], b ~ N(0, 1)
    times a log-uniform scale; L = (1 + 2⁻³⁰) Σ_j (p_j + 2q_j)‖W_j‖² (the family's smoothness
    bound, inflated past rounding), times a log-uniform factor in [1, 100] a quarter of the time.
    η log-uniform in [1e-10, 10] (the threshold 4√2Ω_t/(1−β₂) is reached only for small η);
    other inputs as for ``lemma-E.2``."""
    Tn, dn, nn = ctx.sizes["T"], ctx.sizes["d"], ctx.sizes["n"]
    B = ctx.B
    b1, b2 = _betas_below_sqrt(ctx)
    e = torch.where(ctx.rand(B) < 0.5, torch.zeros(B, dtype=ctx.dtype),
                    log_uniform(ctx, 1e-16, 1.0))
    Wv = ctx.randn(B, nn, dn) * log_uniform(ctx, 1e-3, 1e3)[:, None, None]
    bv = ctx.randn(B, nn) * log_uniform(ctx, 1e-2, 1e2)[:, None]
    pv = log_uniform(ctx, 1e-3, 1e3, nn) * (ctx.rand(B, nn) >= 0.2)
    qv = log_uniform(ctx, 1e-3, 1e3, nn) * (ctx.rand(B, nn) >= 0.2)
    smooth = ((pv + 2 * qv) * (Wv * Wv).sum(-1)).sum(-1)
    Lv = smooth * (1 + 2.0 ** -30)
    Lv = torch.where(ctx.rand(B) < 0.25, Lv * log_uniform(ctx, 1.0, 100.0), Lv)
    Lv = torch.where(Lv > 0, Lv, log_uniform(ctx, 1e-3, 1e3))
    return {"eta": log_uniform(ctx, 1e-10, 10.0), "L": Lv, "beta1": b1, "beta2": b2, "eps": e,
            "W": SeqValue(Wv, (1, 1)), "b": SeqValue(bv, (1,)), "p": SeqValue(pv, (1,)),
            "q": SeqValue(qv, (1,)), "m0": _zeros_seq(ctx, dn), "v0": _zeros_seq(ctx, dn),
            "theta1": SeqValue(ctx.randn(B, dn) * log_uniform(ctx, 1e-2, 1e2)[:, None], (1,))}


def _build_e3(env):
    alg = AlphaAdamAnalysed(lr=env["eta"], beta1=env["beta1"], beta2=env["beta2"],
                            eps=env["eps"], m0=env["m0"].data, v0=env["v0"].data,
                            lr_decay="inv_sqrt")
    oracle = _ridge_oracle(env["W"].data, env["b"].data, env["p"].data, env["q"].data)
    return alg, {"x0": env["theta1"].data, "oracle": oracle, "T": int(env["T"])}


#: Ω_t = η₁ L √d (1−β₁) / (√(1−β₂)(1 − β₁/√β₂) √t)
OMEGA_T = eta * Lsm * sp.sqrt(d) * C_E2 / sp.sqrt(t)
_E3_THRESHOLD = 4 * sp.sqrt(2) * OMEGA_T / (1 - beta2)

LEMMA_E3 = register(Statement(
    id="alphaadam/lemma-E.3",
    paper=PAPER,
    kind="lemma",
    number="E.3",
    title="Second-moment bound v_{i,t−1} ≤ 5/2 |∂_i L_t|² for large gradients",
    section="Appendix E.1",
    family="log-sum",
    latex=(r"\Omega_t=\frac{\eta_1 L\sqrt d(1-\beta_1)}{\sqrt{1-\beta_2}\left(1-\frac{\beta_1}"
           r"{\sqrt{\beta_2}}\right)\sqrt t}:\quad |\partial_i\mathcal L_t|\ge\frac{4\sqrt2\,"
           r"\Omega_t}{1-\beta_2}\ \Longrightarrow\ v_{i,t-1}\le\frac52|\partial_i\mathcal L_t|^2"),
    quantities=(
        Quantity("eta", "scalar", "> 0", "η₁ (step size η_t = η₁/√t)"),
        Quantity("L", "scalar", "> 0", "smoothness constant L (Assumption 3.7)"),
        Quantity("beta1", "scalar", "[0, sqrt(beta2))", "momentum parameter β₁"),
        Quantity("beta2", "scalar", "(0, 1)", "second-moment parameter β₂"),
        Quantity("eps", "scalar", ">= 0", "stability term ϵ (the analysis uses 0)"),
        Quantity("T", "size", ">= 1", "number of steps"),
        Quantity("d", "size", ">= 1", "dimension"),
        Quantity("n", "size", ">= 1", "number of ridges of the objective"),
        Quantity("W", "sequence", "R", "ridge directions W_{j,k}", (1, 1), ("n", "d")),
        Quantity("b", "sequence", "R", "ridge offsets b_j", (1,), ("n",)),
        Quantity("p", "sequence", ">= 0", "quadratic weights p_j", (1,), ("n",)),
        Quantity("q", "sequence", ">= 0", "nonconvex weights q_j", (1,), ("n",)),
        Quantity("m0", "sequence", "= 0", "initial momentum", (1,), ("d",)),
        Quantity("v0", "sequence", "= 0", "initial second moment", (1,), ("d",)),
        Quantity("theta1", "sequence", "R", "initial point θ₁", (1,), ("d",)),
        Quantity("theta", "trajectory", "R", "iterate θ_{t,i}", (1, 1), ("T + 1", "d")),
        Quantity("g", "trajectory", "R", "full-batch gradient ∂_i L(θ_t)", (0, 1), ("T", "d")),
        Quantity("m", "trajectory", "R", "momentum m_{t,i}", (0, 1), ("T", "d")),
        Quantity("v", "trajectory", ">= 0", "second moment v_{t,i}", (0, 1), ("T", "d")),
    ),
    hypotheses=(
        Hypothesis(sp.StrictGreaterThan(eta, 0), note="η₁ > 0 (Theorem E.5's η_t = η₁/√t)"),
        Hypothesis(sp.StrictGreaterThan(Lsm, 0), note="Assumption 3.7: L-smooth"),
        Hypothesis(sp.GreaterThan(p[j], 0), forall=((j, 1, n),),
                   note="Assumption 3.7 (non-negative objective): p_j ≥ 0"),
        Hypothesis(sp.GreaterThan(q[j], 0), forall=((j, 1, n),),
                   note="Assumption 3.7 (non-negative objective): q_j ≥ 0"),
        Hypothesis(sp.GreaterThan(Lsm, sp.Sum((p[j] + 2 * q[j]) * sp.Sum(W[j, k] ** 2, (k, 1, d)),
                                              (j, 1, n))),
                   note="Assumption 3.7 (L-smooth) for the objective family: its Hessian "
                        "Σ_j (p_j + q_j ψ''(z_j)) W_j W_jᵀ with |ψ''| ≤ 2 for ψ(z) = z²/(1+z²) "
                        "has ‖·‖₂ ≤ Σ_j (p_j + 2q_j)‖W_j‖² ≤ L"),
        *_BETA_HYPS[1:],
        Hypothesis(sp.GreaterThan(eps, 0), note="ϵ ≥ 0 (line 739; the analysis uses ϵ = 0)"),
        Hypothesis(sp.Eq(m0[l], 0), silent=True, forall=((l, 1, d),),
                   note="m₀ = 0: used through Lemma E.2's expansion of m_t (line 782)"),
        Hypothesis(sp.Eq(v0[l], 0), silent=True, forall=((l, 1, d),),
                   note="v₀ = 0: the proof expands v_{i,t−1} = (1−β₂)Σ_{j=1}^{t−1} "
                        "∇L²_{i,t−j} β₂^{j−1}"),
    ),
    lhs=sp.Piecewise((v[t - 1, l], sp.GreaterThan(sp.Abs(g[t, l]), _E3_THRESHOLD)), (0, True)),
    rhs=sp.Rational(5, 2) * g[t, l] ** 2,
    forall=((t, 1, T), (l, 1, d)),
    sampler=_lemma_e3_sampler,
    sizes=_lemma_e3_sizes,
    trajectory=TrajectorySource(build=_build_e3,
                                read={"x": ("theta", (1, 1)), "g": ("g", (1, 1)),
                                      "m": ("m", (0, 1)), "v": ("v", (0, 1))},
                                series=("m", "v")),
    recurrences=_REC_E3,
    source="Lemma E.3, Appendix E.1 (proof lines 796-822), used in Lemma E.4",
    notes="The conclusion 'if |∂_iL_t| ≥ 4√2Ω_t/(1−β₂) then v_{i,t−1} ≤ 5/2|∂_iL_t|²' is "
          "encoded as I(|g_{t,i}| ≥ 4√2Ω_t/(1−β₂)) v_{t−1,i} ≤ 5/2 g_{t,i}². Full batch, closed "
          "loop: AlphaAdamAnalysed (η_t = η₁/√t) runs on the gradient of "
          "f(θ) = Σ_j p_j z_j²/2 + q_j z_j²/(1+z_j²), z_j = ⟨W_j,θ⟩ − b_j, a non-negative "
          "(convex-plus-nonconvex) family whose smoothness constant is certified by a hypothesis; "
          "the exact path recomputes θ, ∇f(θ_t), m, v from SymPy recurrences.",
))


# =============================================================================================
# The two sum bounds in the last step of the proof of Theorem E.5
# =============================================================================================
_T_SUM = {"smoke": (2, 3, 4, 10, 50, 200), "default": (2, 3, 4, 5, 10, 50, 200, 1000),
          "deep": (2, 3, 4, 5, 10, 50, 200, 1000, 2000)}


def _sum_sizes(gen: torch.Generator, preset: str) -> dict:
    """T ≥ 2 and t₀ ∈ [2, T]: t₀ = 2, t₀ = T, t₀ = T − 1 or uniform."""
    Tn = _pick(gen, _T_SUM.get(preset, _T_SUM["default"]))
    mode = int(torch.randint(4, (1,), generator=gen))
    if mode == 0:
        s = 2
    elif mode == 1:
        s = Tn
    elif mode == 2:
        s = max(2, Tn - 1)
    else:
        s = int(torch.randint(2, Tn + 1, (1,), generator=gen))
    return {"T": Tn, "t0": s}


def _sum_sampler(ctx: SampleContext) -> dict:
    """c = 1 (the bare bound) for half the candidates, log-uniform in [1e-6, 1e6] otherwise."""
    one = torch.ones(ctx.B, dtype=ctx.dtype)
    return {"c": torch.where(ctx.rand(ctx.B) < 0.5, one, log_uniform(ctx, 1e-6, 1e6))}


_SUM_QUANTITIES = (
    Quantity("c", "scalar", "> 0", "the positive factor the proof multiplies the bound by "
                                   "(c = 1: the bound as printed)"),
    Quantity("T", "size", ">= 2", "last step T"),
    Quantity("t0", "size", "[2, T]", "first step t₀ of the summed range"),
)
_SUM_HYPS = (
    Hypothesis(sp.StrictGreaterThan(c, 0), note="c > 0 (M₁ + M₂ > 0, resp. the minimum of "
                                                "‖∇L_t‖_φ/√10, taken positive)"),
    Hypothesis(sp.GreaterThan(T, t0), note="the sums run from t₀ to T"),
    Hypothesis(sp.GreaterThan(t0, 2), silent=True,
               note="t₀ ≥ 2: the summed inequality comes from Lemma E.4, stated for t > 1 "
                    "(Theorem E.5 takes min over t ∈ (1, T])"),
)
_SUM_NOTE = ("An unnumbered inequality in the last step of the proof of Theorem E.5 "
             "(Appendix E.2). The evaluator needs one per-candidate input, so the bound is encoded as the proof "
             "applies it, multiplied by a positive factor c; its truth does not depend on c and "
             "the sampler uses c = 1 (the bare printed bound) for half the candidates.")

EQ_E5_A = register(Statement(
    id="alphaadam/eq-E.5-a",
    paper=PAPER,
    kind="eq",
    number="E.5 (proof, last step, first bound)",
    title="Σ_{t=t₀}^T 1/t ≤ ∫_{t₀}^{T+1} dx/x = log((T+1)/t₀)",
    section="Appendix E.2",
    family="log-sum",
    latex=r"\sum_{t=t_0}^T\frac1t\le\int_{t_0}^{T+1}\frac1x\,dx=\log\frac{T+1}{t_0}",
    quantities=_SUM_QUANTITIES,
    hypotheses=_SUM_HYPS,
    lhs=c * sp.Sum(1 / t, (t, t0, T)),
    rhs=c * sp.log((T + 1) / t0),
    sampler=_sum_sampler,
    sizes=_sum_sizes,
    expected="violated",
    source="Proof of Theorem E.5 (Theorem 3.8), Appendix E.2, last step",
    notes=_SUM_NOTE + " Violated for every T ≥ t₀: 1/t ≥ ∫_t^{t+1} dx/x, so the sum is "
                      "*larger* than ∫_{t₀}^{T+1} dx/x (e.g. t₀ = T = 2: 1/2 > log(3/2)).",
))

EQ_E5_A_CORRECTED = register(Statement(
    id="alphaadam/eq-E.5-a",
    variant="corrected",
    reason="the integral comparison for the decreasing 1/x runs the other way: "
           "Σ_{t=t₀}^T 1/t ≤ ∫_{t₀−1}^{T} dx/x = log(T/(t₀−1)) (t₀ ≥ 2), not ∫_{t₀}^{T+1}",
    paper=PAPER,
    kind="eq",
    number="E.5 (proof, last step, first bound)",
    title="Σ_{t=t₀}^T 1/t ≤ log(T/(t₀−1))",
    section="Appendix E.2",
    family="log-sum",
    latex=r"\sum_{t=t_0}^T\frac1t\le\int_{t_0-1}^{T}\frac1x\,dx=\log\frac{T}{t_0-1}",
    quantities=_SUM_QUANTITIES,
    hypotheses=_SUM_HYPS,
    lhs=c * sp.Sum(1 / t, (t, t0, T)),
    rhs=c * sp.log(T / (t0 - 1)),
    sampler=_sum_sampler,
    sizes=_sum_sizes,
    source="Proof of Theorem E.5 (Theorem 3.8), Appendix E.2, last step",
    supremum_ratio=1.0,
    notes=_SUM_NOTE + " Same order log T, so the theorem's rate is unaffected.",
))

EQ_E5_B = register(Statement(
    id="alphaadam/eq-E.5-b",
    paper=PAPER,
    kind="eq",
    number="E.5 (proof, last step, second bound)",
    title="Σ_{t=t₀}^T 1/√t ≥ 2(√T − √(t₀−1))",
    section="Appendix E.2",
    family="log-sum",
    latex=r"\sum_{t=t_0}^T\frac1{\sqrt t}\ge 2\left(\sqrt T-\sqrt{t_0-1}\right)",
    quantities=_SUM_QUANTITIES,
    hypotheses=_SUM_HYPS,
    lhs=c * 2 * (sp.sqrt(T) - sp.sqrt(t0 - 1)),
    rhs=c * sp.Sum(1 / sp.sqrt(t), (t, t0, T)),
    sampler=_sum_sampler,
    sizes=_sum_sizes,
    expected="violated",
    source="Proof of Theorem E.5 (Theorem 3.8), Appendix E.2, last step",
    notes=_SUM_NOTE + " Encoded as lhs = 2(√T − √(t₀−1)) ≤ rhs = Σ 1/√t. Violated for every "
                      "T ≥ t₀: 2(√T − √(t₀−1)) = ∫_{t₀−1}^T dx/√x is an *upper* bound of the "
                      "sum (1/√t < ∫_{t−1}^t dx/√x).",
))

EQ_E5_B_CORRECTED = register(Statement(
    id="alphaadam/eq-E.5-b",
    variant="corrected",
    reason="2(√T − √(t₀−1)) = ∫_{t₀−1}^T dx/√x bounds the sum from above; the lower bound is "
           "∫_{t₀}^{T+1} dx/√x = 2(√(T+1) − √t₀)",
    paper=PAPER,
    kind="eq",
    number="E.5 (proof, last step, second bound)",
    title="Σ_{t=t₀}^T 1/√t ≥ 2(√(T+1) − √t₀)",
    section="Appendix E.2",
    family="log-sum",
    latex=r"\sum_{t=t_0}^T\frac1{\sqrt t}\ge\int_{t_0}^{T+1}\frac{dx}{\sqrt x}="
          r"2\left(\sqrt{T+1}-\sqrt{t_0}\right)",
    quantities=_SUM_QUANTITIES,
    hypotheses=_SUM_HYPS,
    lhs=c * 2 * (sp.sqrt(T + 1) - sp.sqrt(t0)),
    rhs=c * sp.Sum(1 / sp.sqrt(t), (t, t0, T)),
    sampler=_sum_sampler,
    sizes=_sum_sizes,
    source="Proof of Theorem E.5 (Theorem 3.8), Appendix E.2, last step",
    supremum_ratio=1.0,
    notes=_SUM_NOTE + " Same order √T, so the theorem's rate is unaffected.",
))


# =============================================================================================
# Corollary 3.4 (= Corollary B.5): the variance-reduction factor (1−β)²/(1−β²)
# =============================================================================================
_T_COR = {"smoke": (1, 2, 3, 10, 50), "default": (1, 2, 3, 5, 10, 50, 100),
          "deep": (1, 2, 3, 5, 10, 50, 100, 500)}


def _cor_sizes(gen: torch.Generator, preset: str) -> dict:
    return {"T": _pick(gen, _T_COR.get(preset, _T_COR["default"]))}


def _cor_sampler(ctx: SampleContext) -> dict:
    """β ∈ (0, 1) from :func:`adaproof.sampling.unit_interval` (near 0 and near 1 included),
    with the paper's practical values 0.9 and 0.99 an eighth of the time each."""
    bb = unit_interval(ctx)
    r = ctx.rand(ctx.B)
    bb = torch.where(r < 0.125, torch.full_like(bb, 0.9), bb)
    bb = torch.where((r >= 0.125) & (r < 0.25), torch.full_like(bb, 0.99), bb)
    return {"beta": bb}


_FACTOR = (1 - beta) ** 2 / (1 - beta ** 2)
_COR_QUANT = (Quantity("beta", "scalar", "(0, 1)", "momentum coefficient β"),)
_COR_QUANT_T = _COR_QUANT + (Quantity("T", "size", ">= 1", "last step"),)
# β ∈ (0, 1) as two relations, so that proof steps can cite β > 0 (Known("hypothesis", ...))
_COR_HYP = (Hypothesis(sp.StrictGreaterThan(beta, 0),
                       note="Corollary 3.4 / B.5 and Assumption B.4: β ∈ (0, 1)"),
            Hypothesis(sp.StrictLessThan(beta, 1),
                       note="Corollary 3.4 / B.5 and Assumption B.4: β ∈ (0, 1)"))
_COR_NOTE = ("The corollary's claims are about variances under the i.i.d. gradients of "
             "Assumption B.3 (Var(Δθ) = η²σ²/v_t times Σ_s w_s² for the weights w_s of g_{t−s} in "
             "the update); encoded here is the deterministic inequality the claim reduces to "
             "(the variances themselves, in expectation: corollary-3.4-var, -var-lt1, -offdiag, "
             "-adam-var).")

COROLLARY_3_4 = register(Statement(
    id="alphaadam/corollary-3.4",
    paper=PAPER,
    kind="corollary",
    number="3.4",
    title="Momentum reduces the update variance by the factor (1−β)²/(1−β²) < 1",
    section="3.1.2 (proof: Appendix B.2, Corollary B.5)",
    family="variance-ratio",
    latex=(r"\frac{\mathrm{Var}(\Delta\theta_{ki})_{\text{momentum}}}{\mathrm{Var}"
           r"(\Delta\theta_{ki})_{\text{grad}}}=\frac{(1-\beta)^2}{1-\beta^2}<1,"
           r"\quad\beta\in(0,1)"),
    quantities=_COR_QUANT,
    hypotheses=_COR_HYP,
    lhs=_FACTOR,
    rhs=sp.Integer(1),
    sampler=_cor_sampler,
    sizes=lambda gen, preset: {},
    source="Corollary 3.4 (Section 3.1.2), first bullet; restated and proved as Corollary B.5 "
           "(Appendix B.2)",
    supremum_ratio=1.0,
    notes=_COR_NOTE + " First bullet: the steady-state factor (1−β)²/(1−β²) (the proof's "
                      "infinite sum Σ_j β^{2j} = 1/(1−β²)) is < 1; the checker verifies ≤ 1 "
                      "(the ratio (1−β)/(1+β) tends to 1 only as β → 0).",
))

COROLLARY_3_4_B = register(Statement(
    id="alphaadam/corollary-3.4-b",
    paper=PAPER,
    kind="corollary",
    number="3.4",
    title="Off-diagonal terms are suppressed by ((1−β)²/(1−β²))², further than the variance",
    section="3.1.2 (proof: Appendix B.2, Corollary B.5)",
    family="variance-ratio",
    latex=(r"\left(\frac{(1-\beta)^2}{1-\beta^2}\right)^2\le\frac{(1-\beta)^2}{1-\beta^2}"
           r"\quad(\text{'further decreasing'})"),
    quantities=_COR_QUANT,
    hypotheses=_COR_HYP,
    lhs=_FACTOR ** 2,
    rhs=_FACTOR,
    sampler=_cor_sampler,
    sizes=lambda gen, preset: {},
    source="Corollary 3.4 (Section 3.1.2), second bullet; Corollary B.5 (Appendix B.2)",
    supremum_ratio=1.0,
    notes=_COR_NOTE + " Second bullet: the off-diagonal factor, the square of the variance "
                      "factor, suppresses 'further', i.e. is at most the variance factor.",
))

_W_EMA = (1 - beta) * beta ** j            # weight of g_{t−j} in m_t (m₀ = 0), j = 0..t−1

COROLLARY_3_4_EMA = register(Statement(
    id="alphaadam/corollary-3.4-ema",
    paper=PAPER,
    kind="corollary",
    number="3.4",
    title="Variance factor of the momentum m_t run from m₀ = 0 for t steps",
    section="3.1.2 (proof: Appendix B.2, Corollary B.5)",
    family="variance-ratio",
    latex=(r"\sum_{j=0}^{t-1}\left((1-\beta)\beta^j\right)^2\le\frac{(1-\beta)^2}{1-\beta^2}"
           r"\quad(t=1..T)"),
    quantities=_COR_QUANT_T,
    hypotheses=_COR_HYP,
    lhs=sp.Sum(_W_EMA ** 2, (j, 0, t - 1)),
    rhs=_FACTOR,
    forall=((t, 1, T),),
    sampler=_cor_sampler,
    sizes=_cor_sizes,
    source="Corollary 3.4 / B.5, first bullet, for the recurrence of Assumption B.4 run t steps",
    supremum_ratio=1.0,
    notes=_COR_NOTE + " Reading: 'reduced by a factor' for the momentum m_t = βm_{t−1} + "
                      "(1−β)g_t (Assumption B.4) actually run from m₀ = 0, whose weights are "
                      "(1−β)β^j, j < t (the proof's infinite sum is the t → ∞ limit).",
))

_W_ADAM = (1 - beta) * beta ** j / (1 - beta ** t)  # weight of g_{t−j} in m̂_t = m_t/(1−β^t)

COROLLARY_3_4_ADAM = register(Statement(
    id="alphaadam/corollary-3.4-adam",
    paper=PAPER,
    kind="corollary",
    number="3.4",
    title="Variance factor of Adam's bias-corrected momentum m̂_t = m_t/(1−β^t)",
    section="Appendix B.2 (end of the proof of Corollary B.5)",
    family="variance-ratio",
    latex=(r"\sum_{j=0}^{t-1}\left(\frac{(1-\beta)\beta^j}{1-\beta^t}\right)^2\le"
           r"\frac{(1-\beta)^2}{1-\beta^2}\quad(t=1..T)"),
    quantities=_COR_QUANT_T,
    hypotheses=_COR_HYP,
    lhs=sp.Sum(_W_ADAM ** 2, (j, 0, t - 1)),
    rhs=_FACTOR,
    forall=((t, 1, T),),
    sampler=_cor_sampler,
    sizes=_cor_sizes,
    expected="violated",
    source="Proof of Corollary B.5 (Appendix B.2), last paragraph: the reduced variance 'holds "
           "for ... the Adam optimizer with momentum correction' m̂_t = m_t/(1−β₁^t)",
    notes=_COR_NOTE + " Reading: the proof's claim that the reduction carries over to Adam's "
                      "bias-corrected momentum. Its factor is Σ_j w_j² = (1−β)(1+β^t)/"
                      "((1+β)(1−β^t)) > (1−β)/(1+β) for every t (= 1 at t = 1: no reduction at "
                      "all), so the claim is violated for every β and t.",
))

COROLLARY_3_4_ADAM_CORRECTED = register(Statement(
    id="alphaadam/corollary-3.4-adam",
    variant="corrected",
    reason="with bias correction the weights (1−β)β^j/(1−β^t) sum to 1, so the variance factor "
           "at step t is (1−β)²/(1−β²)·(1+β^t)/(1−β^t), reaching (1−β)²/(1−β²) only as t → ∞",
    paper=PAPER,
    kind="corollary",
    number="3.4",
    title="Variance factor of Adam's bias-corrected momentum, with the finite-t correction",
    section="Appendix B.2 (end of the proof of Corollary B.5)",
    family="variance-ratio",
    latex=(r"\sum_{j=0}^{t-1}\left(\frac{(1-\beta)\beta^j}{1-\beta^t}\right)^2\le"
           r"\frac{(1-\beta)^2}{1-\beta^2}\cdot\frac{1+\beta^t}{1-\beta^t}"),
    quantities=_COR_QUANT_T,
    hypotheses=_COR_HYP,
    lhs=sp.Sum(_W_ADAM ** 2, (j, 0, t - 1)),
    rhs=_FACTOR * (1 + beta ** t) / (1 - beta ** t),
    forall=((t, 1, T),),
    sampler=_cor_sampler,
    sizes=_cor_sizes,
    source="Proof of Corollary B.5 (Appendix B.2), last paragraph",
    supremum_ratio=1.0,
    notes=_COR_NOTE + " The corrected factor is attained with equality (ratio 1 on every input).",
))


# proof steps of the corrected (E.5)-a: 1/t = 1 − (t−1)/t ≤ −ln((t−1)/t) = ln t − ln(t−1), summed
# and telescoped to ln T − ln(t₀−1)
_LOGSUM = c * sp.Sum(sp.log(t / (t - 1)), (t, t0, T))
EQ_E5_A_CORRECTED.proof = (
    ProofStep(EQ_E5_A_CORRECTED.lhs, _LOGSUM, "<=", "1 − x ≤ −ln x at x = (t−1)/t, times c > 0",
              via=Known("one_minus_x_le_neg_log", x=(t - 1) / t), scale=c),
    ProofStep(_LOGSUM, EQ_E5_A_CORRECTED.rhs, "=", "telescoping Σ (ln t − ln(t−1))",
              via=Known("telescoping", F=c * sp.log(t), index=t)),
)

# proof steps: the finite geometric sums, by telescoping F(j) = −X β^{2(j+1)} (X = the factor):
# F(j) − F(j−1) = X β^{2j}(1 − β²) = ((1−β)β^j)²
_GEO = _FACTOR * (1 - beta ** (2 * t))          # Σ_{j<t} ((1−β)β^j)² = X(1 − β^{2t})
COROLLARY_3_4_EMA.proof = (
    ProofStep(COROLLARY_3_4_EMA.lhs, _GEO, "=", "finite geometric sum (telescoping)",
              via=Known("telescoping", F=-_FACTOR * beta ** (2 * (j + 1)), index=j)),
    ProofStep(_GEO, _FACTOR, "<=", "X β^{2t} = (X β^{2t−1})·β ≥ 0: the hypothesis β > 0, "
                                   "scale X β^{2t−1} ≥ 0 for β ∈ (0, 1)",
              via=Known("hypothesis", expr=beta), scale=_FACTOR * beta ** (2 * t - 1)),
)
# the first two bullets as printed, pathwise: 1 − X = 2β/(1+β), X − X² = X·2β/(1+β)
COROLLARY_3_4.proof = (
    ProofStep(_FACTOR, sp.Integer(1), "<=", "1 − X = (2/(1+β))·β ≥ 0: the hypothesis β > 0",
              via=Known("hypothesis", expr=beta), scale=2 / (1 + beta)),
)
COROLLARY_3_4_B.proof = (
    ProofStep(_FACTOR ** 2, _FACTOR, "<=", "X − X² = (2X/(1+β))·β ≥ 0: the hypothesis β > 0, "
                                           "X ≥ 0 for β ∈ (0, 1)",
              via=Known("hypothesis", expr=beta), scale=2 * _FACTOR / (1 + beta)),
)
_ADAM_PROOF = (
    ProofStep(COROLLARY_3_4_ADAM.lhs, _GEO / (1 - beta ** t) ** 2, "=",
              "finite geometric sum (telescoping)",
              via=Known("telescoping", F=-_FACTOR * beta ** (2 * (j + 1)) / (1 - beta ** t) ** 2,
                        index=j)),
    ProofStep(_GEO / (1 - beta ** t) ** 2, _FACTOR * (1 + beta ** t) / (1 - beta ** t), "=",
              "1 − β^{2t} = (1 − β^t)(1 + β^t)"),
)
COROLLARY_3_4_ADAM_CORRECTED.proof = _ADAM_PROOF
# the printed variant: the same exact value; its last link, X(1+β^t)/(1−β^t) <= X (the proof's
# 'the original momentum properties hold'), is false and is what the statement itself attacks
# (left out of the chain: SymPy spends half a minute failing to decide it)
COROLLARY_3_4_ADAM.proof = _ADAM_PROOF


# =============================================================================================
# Corollary 3.4 (= Corollary B.5) in expectation: the variance claims themselves
# =============================================================================================
# Var X = ½ E[(X − X')²] for an independent copy X' of X: each side below is ½(·)² of the
# difference between two independent runs (copies 1 and 2, resp. 1..4 for the products), so
# E[lhs] ≤ E[rhs] is exactly the printed comparison of variances. The gradients ξ[s, r] are
# i.i.d. over the steps s and the copies/coordinates r from a finite law (u_k, p_k), k = 1..K:
# Assumption B.3 (i.i.d. with mean μ and variance σ², neither restricted).
s = sp.Symbol("s", integer=True)            # step inside the momentum sums
K = sp.Symbol("K", integer=True, positive=True)
xi, uu, pp = sp.IndexedBase("xi"), sp.IndexedBase("u"), sp.IndexedBase("p")
vfix, vi, vj = sp.symbols("v vi vj", real=True)
v0s = sp.Symbol("v0", real=True)  # v₀ (a scalar here; the E.2 statements use the sequence v0[l])


def _mom(tt, r):
    """m_t of copy r from m₀ = 0: (1−β) Σ_{s=1}^t β^{t−s} ξ_{s,r} (Assumption B.4; the proof's
    m_t = (1−β)Σ_{i≥0} β^i g_{t−i} truncated at the start; a deterministic m₀ adds β^t m₀ to
    both copies and cancels from every difference below)."""
    return (1 - beta) * sp.Sum(beta ** (tt - s) * xi[s, r], (s, 1, tt))


def _sec(tt, r):
    """v_t of copy r: β₂^t v₀ + (1−β₂) Σ_{s=1}^t β₂^{t−s} ξ_{s,r}² (Assumption B.4)."""
    return beta2 ** tt * v0s + (1 - beta2) * sp.Sum(beta2 ** (tt - s) * xi[s, r] ** 2, (s, 1, tt))



def _law_sampler(ctx: SampleContext, zero_atoms: bool = False) -> dict:
    """A finite law with K atoms. Probabilities: the gaps between K−1 random cut points of
    {1, ..., 1023} over 1024 (dyadic, so Σ_k p_k = 1 holds exactly in float, each p_k ≥ 2⁻¹⁰);
    where two cuts coincide, the dyadic law (2⁻ᵐ, ..., 2⁻ᵐ, rest). Atoms: μ₀ + σ₀ N(0, 1) with
    μ₀ = 0 a third of the time, else ±log-uniform in [1e-2, 1e2], and σ₀ log-uniform in
    [1e-3, 1e2] (so both |μ| ≫ σ and |μ| ≪ σ occur). ``zero_atoms=False`` (the random-v forms,
    whose hypotheses exclude 0 because the update divides by √v_t): an atom exactly 0 is moved
    to 1. ``zero_atoms=True`` (the fixed-v forms, which allow 0): the first atom is set to 0 in
    an eighth of the candidates, an edge the continuous draws would never reach."""
    Kn, B = ctx.sizes["K"], ctx.B
    cuts = torch.sort(ctx.randint(1, 1024, B, Kn - 1).to(ctx.dtype), dim=1).values
    edges = torch.cat([torch.zeros(B, 1, dtype=ctx.dtype), cuts,
                       torch.full((B, 1), 1024.0, dtype=ctx.dtype)], dim=1)
    probs = (edges[:, 1:] - edges[:, :-1]) / 1024
    even = torch.full((Kn,), 2.0 ** -math.ceil(math.log2(Kn)), dtype=ctx.dtype)
    even[-1] = 1 - even[:-1].sum()
    probs = torch.where((probs > 0).all(1, keepdim=True), probs, even[None, :].expand(B, Kn))
    mode = ctx.rand(B)
    sign = torch.where(ctx.rand(B) < 0.5, -1.0, 1.0).to(ctx.dtype)
    mu0 = torch.where(mode < 1 / 3, torch.zeros(B, dtype=ctx.dtype),
                      sign * log_uniform(ctx, 1e-2, 1e2))
    sig0 = log_uniform(ctx, 1e-3, 1e2)
    vals = mu0[:, None] + sig0[:, None] * ctx.randn(B, Kn)
    if zero_atoms:
        vals[:, 0] = torch.where(ctx.rand(B) < 0.125, torch.zeros_like(vals[:, 0]), vals[:, 0])
    else:
        vals = torch.where(vals == 0, torch.ones_like(vals), vals)
    return {"u": SeqValue(vals, (1,)), "p": SeqValue(probs.contiguous(), (1,))}




def _var_sizes_for(copies: int):
    """(T, K) with K^{copies·T} ≤ 256 paths: every finding is re-verified over all paths in mpmath
    (60 digits), and fast enough for the test budget."""
    opts = [(Tn, Kn) for Kn in (2, 3, 4) for Tn in (1, 2, 3, 4, 5, 6)
            if Kn ** (copies * Tn) <= 256]

    def sizes(gen: torch.Generator, preset: str) -> dict:
        Tn = _pick(gen, sorted({a for a, _ in opts}))  # T first: the long runs get their share
        Kn = _pick(gen, [b for a, b in opts if a == Tn])
        return {"T": Tn, "K": Kn}
    return sizes


def _var_base_sampler(ctx: SampleContext, zero_atoms: bool = False) -> dict:
    """The law (:func:`_law_sampler`), β as for Corollary 3.4 (:func:`_cor_sampler`), η
    log-uniform in [1e-4, 10]."""
    out = _law_sampler(ctx, zero_atoms)
    out.update(_cor_sampler(ctx))
    out["eta"] = log_uniform(ctx, 1e-4, 10.0)
    return out


def _var_random_v_sampler(ctx: SampleContext) -> dict:
    """The law and β as for the fixed-v form; β₂ from ``unit_interval`` (0.999, the practical
    value, an eighth of the time); v₀ = 0 half the time, log-uniform in [1e-6, 1e2] otherwise."""
    out = _var_base_sampler(ctx)
    b2 = unit_interval(ctx)
    b2 = torch.where(ctx.rand(ctx.B) < 0.125, torch.full_like(b2, 0.999), b2)
    out["beta2"] = b2
    out["v0"] = torch.where(ctx.rand(ctx.B) < 0.5, torch.zeros(ctx.B, dtype=ctx.dtype),
                            log_uniform(ctx, 1e-6, 1e2))
    return out


def _var_fixed_v_sampler_for(names: tuple[str, ...]):
    """The law and β; η log-uniform in [1e-4, 10]; the fixed preconditioner(s) ``names``
    log-uniform in [1e-8, 1e4]."""
    def sampler(ctx: SampleContext) -> dict:
        out = _var_base_sampler(ctx, zero_atoms=True)
        for name in ("v", "vi", "vj"):  # same draws for every statement (reproducible seeds)
            val = log_uniform(ctx, 1e-8, 1e4)
            if name in names:
                out[name] = val
        return out
    sampler.__doc__ = _var_fixed_v_sampler_for.__doc__
    return sampler


_var_fixed_v_sampler = _var_fixed_v_sampler_for(("v",))


_LAW_QUANT = (
    Quantity("K", "size", ">= 2", "number of atoms of the gradient law"),
    Quantity("u", "sequence", "R \\ {0}", "atoms u_k of the gradient law", (1,), ("K",)),
    Quantity("p", "sequence", "simplex", "probabilities p_k of the atoms", (1,), ("K",)),
)
_LAW_HYPS = (
    Hypothesis(sp.StrictGreaterThan(pp[k], 0), forall=((k, 1, K),),
               note="Assumption B.3: a probability law (atoms with positive mass)"),
    Hypothesis(sp.Eq(sp.Sum(pp[k], (k, 1, K)), 1), note="Assumption B.3: Σ_k p_k = 1"),
)
_LAW_NONZERO = Hypothesis(
    sp.StrictGreaterThan(uu[k] ** 2, 0), forall=((k, 1, K),), silent=True,
    note="gradients nonzero: the proof writes Var(Δθ_{ki}) = η²σ²/v_{t,i}, dividing by v_t; "
         "with v₀ = 0 a path of zero gradients would make Δθ = 0/0")
_VAR_BETA_HYP = Hypothesis(sp.And(sp.StrictGreaterThan(beta, 0), sp.StrictLessThan(beta, 1)),
                           note="Corollary 3.4 / B.5 and Assumption B.4: β ∈ (0, 1)")
_ETA_HYP = Hypothesis(sp.StrictGreaterThan(eta, 0), note="learning rate η > 0")


def _xi_quant(copies: int) -> Quantity:
    return Quantity("xi", "sequence", "law (u, p)",
                    f"gradients g_{{s}} of {copies} independent copies (i.i.d., Assumption B.3)",
                    (1, 1), ("T", str(copies)))


_VAR_NOTE = (
    "In expectation over i.i.d. gradients from a finite law (Assumption B.3), decided by exact "
    "enumeration of every gradient path (re-verified in mpmath over all paths). A variance is "
    "encoded through an independent copy: Var X = ½ E[(X − X')²], so each side is ½(·)² of the "
    "difference of two independent runs and E[lhs] ≤ E[rhs] is the comparison of variances. "
    "The runs start from m₀ = 0 at step 1 and are compared at every step t = 1..T (the proof's "
    "infinite-past momentum is the limit t → ∞; from m₀ = 0, Var(m_t) = (1−β)²(1−β^{2t})/(1−β²)"
    "·σ², so 'reduced by the factor' is checked as '≤ the factor times'). ")

_VAR_RANDOM_V_QUANT = (
    Quantity("beta", "scalar", "(0, 1)", "momentum coefficient β (= β₁)"),
    Quantity("beta2", "scalar", "(0, 1)", "second-moment decay β₂ (Assumption B.4)"),
    Quantity("eta", "scalar", "> 0", "learning rate η"),
    Quantity("v0", "scalar", ">= 0", "initial second moment v₀"),
    Quantity("T", "size", ">= 1", "last step"),
    *_LAW_QUANT,
    _xi_quant(2),
)
_VAR_RANDOM_V_HYPS = (
    _VAR_BETA_HYP,
    Hypothesis(sp.And(sp.StrictGreaterThan(beta2, 0), sp.StrictLessThan(beta2, 1)),
               note="Assumption B.4: β₂ ∈ (0, 1)"),
    _ETA_HYP,
    Hypothesis(sp.GreaterThan(v0s, 0), note="v₀ ≥ 0 (a second moment)"),
    *_LAW_HYPS,
    _LAW_NONZERO,
)


def _upd_random(numer, tt, r):
    """Δθ_t of copy r with the second moment v_t of Assumption B.4: η·numer/√v_t."""
    return eta * numer / sp.sqrt(_sec(tt, r))


_DM_RANDOM = _upd_random(_mom(t, 1), t, 1) - _upd_random(_mom(t, 2), t, 2)
_DG_RANDOM = _upd_random(xi[t, 1], t, 1) - _upd_random(xi[t, 2], t, 2)

_VAR_FIXED_QUANT = (
    Quantity("beta", "scalar", "(0, 1)", "momentum coefficient β"),
    Quantity("eta", "scalar", "> 0", "learning rate η"),
    Quantity("v", "scalar", "> 0", "the preconditioner v_{t,i}, deterministic (the proof's "
                                   "Var(Δθ) = η²σ²/v_{t,i})"),
    Quantity("T", "size", ">= 1", "last step"),
    *_LAW_QUANT,
    _xi_quant(2),
)
_VAR_FIXED_HYPS = (
    _VAR_BETA_HYP, _ETA_HYP,
    Hypothesis(sp.StrictGreaterThan(vfix, 0), note="v_{t,i} > 0, a constant (see the reason)"),
    *_LAW_HYPS,
)
_DM_FIXED = eta * (_mom(t, 1) - _mom(t, 2)) / sp.sqrt(vfix)
_DG_FIXED = eta * (xi[t, 1] - xi[t, 2]) / sp.sqrt(vfix)
_HALF = sp.Rational(1, 2)
_VAR_NOISE2 = NoiseSpec("xi", "u", "p", (1, 1), ("T", "2"))
_FIXED_V_REASON = (
    "the proof's first step Var(Δθ_{ki}) = η²σ²/v_{t,i} treats v_t as a constant; v_t of "
    "Assumption B.4 is built from the same random gradients, and then the ratio of variances is "
    "unbounded (the gradient update η g_t/√v_t is nearly ±η/√(1−β₂) when β₂ is small); with a "
    "deterministic preconditioner v the claim holds")

_COR_VAR_COMMON = dict(
    paper=PAPER, kind="corollary", number="3.4", section="3.1.2 (proof: Appendix B.2, "
                                                          "Corollary B.5)",
    family="variance-ratio", forall=((t, 1, T),), noise=_VAR_NOISE2,
    source="Corollary 3.4 (Section 3.1.2) = Corollary B.5 (Appendix B.2), first bullet; "
           "Assumptions B.3 (i.i.d. gradients) and B.4 (m_t, v_t)",
)

COROLLARY_3_4_VAR = register(Statement(
    id="alphaadam/corollary-3.4-var",
    title="Var(Δθ)_momentum ≤ (1−β)²/(1−β²) Var(Δθ)_grad, Δθ scaled by the second moment v_t",
    latex=(r"\frac{\mathrm{Var}(\Delta\theta_{ki})_{\text{momentum}}}{\mathrm{Var}"
           r"(\Delta\theta_{ki})_{\text{grad}}}=\frac{(1-\beta)^2}{1-\beta^2},\quad "
           r"\Delta\theta_{\text{mom}}=\eta\frac{m_t}{\sqrt{v_t}},\ "
           r"\Delta\theta_{\text{grad}}=\eta\frac{g_t}{\sqrt{v_t}}"),
    quantities=_VAR_RANDOM_V_QUANT,
    hypotheses=_VAR_RANDOM_V_HYPS,
    lhs=_HALF * _DM_RANDOM ** 2,
    rhs=_FACTOR * _HALF * _DG_RANDOM ** 2,
    sampler=_var_random_v_sampler,
    sizes=_var_sizes_for(2),
    expected="violated",
    notes=_VAR_NOTE + "As printed: Δθ = η m_t/√v_t (momentum) and η g_t/√v_t (gradient) with "
                      "v_t the second moment of Assumption B.4, computed from the same gradients.",
    **_COR_VAR_COMMON,
))

COROLLARY_3_4_VAR_CORRECTED = register(Statement(
    id="alphaadam/corollary-3.4-var",
    variant="corrected",
    reason=_FIXED_V_REASON,
    title="Var(Δθ)_momentum ≤ (1−β)²/(1−β²) Var(Δθ)_grad for a deterministic preconditioner v",
    latex=(r"\mathrm{Var}\left(\eta\frac{m_t}{\sqrt v}\right)\le\frac{(1-\beta)^2}{1-\beta^2}"
           r"\mathrm{Var}\left(\eta\frac{g_t}{\sqrt v}\right)"),
    quantities=_VAR_FIXED_QUANT,
    hypotheses=_VAR_FIXED_HYPS,
    lhs=_HALF * _DM_FIXED ** 2,
    rhs=_FACTOR * _HALF * _DG_FIXED ** 2,
    sampler=_var_fixed_v_sampler,
    sizes=_var_sizes_for(2),
    supremum_ratio=1.0,
    notes=_VAR_NOTE + "Exact value of the ratio: 1 − β^{2t} (→ 1 as β → 0 or t → ∞).",
    **_COR_VAR_COMMON,
))

COROLLARY_3_4_VAR_LT1 = register(Statement(
    id="alphaadam/corollary-3.4-var-lt1",
    title="'indicating a decrease in variance': Var(Δθ)_momentum ≤ Var(Δθ)_grad, Δθ scaled by v_t",
    latex=(r"\mathrm{Var}(\Delta\theta_{ki})_{\text{momentum}}<"
           r"\mathrm{Var}(\Delta\theta_{ki})_{\text{grad}}\quad(\text{factor}<1)"),
    quantities=_VAR_RANDOM_V_QUANT,
    hypotheses=_VAR_RANDOM_V_HYPS,
    lhs=_HALF * _DM_RANDOM ** 2,
    rhs=_HALF * _DG_RANDOM ** 2,
    sampler=_var_random_v_sampler,
    sizes=_var_sizes_for(2),
    expected="violated",
    notes=_VAR_NOTE + "The weaker claim of the first bullet ('< 1, indicating a decrease in "
                      "variance'), checked as ≤; as printed with v_t of Assumption B.4.",
    **_COR_VAR_COMMON,
))

COROLLARY_3_4_VAR_LT1_CORRECTED = register(Statement(
    id="alphaadam/corollary-3.4-var-lt1",
    variant="corrected",
    reason=_FIXED_V_REASON,
    title="Var(Δθ)_momentum ≤ Var(Δθ)_grad for a deterministic preconditioner v",
    latex=(r"\mathrm{Var}\left(\eta\frac{m_t}{\sqrt v}\right)\le"
           r"\mathrm{Var}\left(\eta\frac{g_t}{\sqrt v}\right)"),
    quantities=_VAR_FIXED_QUANT,
    hypotheses=_VAR_FIXED_HYPS,
    lhs=_HALF * _DM_FIXED ** 2,
    rhs=_HALF * _DG_FIXED ** 2,
    sampler=_var_fixed_v_sampler,
    sizes=_var_sizes_for(2),
    supremum_ratio=1.0,
    notes=_VAR_NOTE + "Exact value of the ratio: (1−β)(1−β^{2t})/(1+β) (→ 1 as β → 0).",
    **_COR_VAR_COMMON,
))

# ---- second bullet: off-diagonal terms Δθ_i Δθ_j -------------------------------------------
_VAR_NOISE4 = NoiseSpec("xi", "u", "p", (1, 1), ("T", "4"))
_OFF_QUANT = (
    Quantity("beta", "scalar", "(0, 1)", "momentum coefficient β"),
    Quantity("eta", "scalar", "> 0", "learning rate η"),
    Quantity("vi", "scalar", "> 0", "preconditioner v_{t,i} of coordinate i (deterministic, as "
                                    "in the proof)"),
    Quantity("vj", "scalar", "> 0", "preconditioner v_{t,j} of coordinate j"),
    Quantity("T", "size", ">= 1", "last step"),
    *_LAW_QUANT,
    Quantity("xi", "sequence", "law (u, p)", "gradients: columns 1, 2 = coordinates i, j; "
                                              "3, 4 = the same of an independent copy",
             (1, 1), ("T", "4")),
)
_OFF_HYPS = (
    _VAR_BETA_HYP, _ETA_HYP,
    Hypothesis(sp.And(sp.StrictGreaterThan(vi, 0), sp.StrictGreaterThan(vj, 0)),
               note="v_{t,i}, v_{t,j} > 0 constants (the proof's Var(Δθ) = η²σ²/v_{t,i})"),
    *_LAW_HYPS,
)


def _prod(f, ci, cj):
    return (eta * f(ci) / sp.sqrt(vi)) * (eta * f(cj) / sp.sqrt(vj))


_PM = _prod(lambda r: _mom(t, r), 1, 2) - _prod(lambda r: _mom(t, r), 3, 4)
_PG = _prod(lambda r: xi[t, r], 1, 2) - _prod(lambda r: xi[t, r], 3, 4)
_OFF_COMMON = dict(
    paper=PAPER, kind="corollary", number="3.4",
    section="3.1.2 (proof: Appendix B.2, Corollary B.5)", family="variance-ratio",
    quantities=_OFF_QUANT, hypotheses=_OFF_HYPS, forall=((t, 1, T),), noise=_VAR_NOISE4,
    sampler=_var_fixed_v_sampler_for(("vi", "vj")), sizes=_var_sizes_for(4),
    source="Corollary 3.4 (Section 3.1.2) = Corollary B.5 (Appendix B.2), second bullet: 'the "
           "off-diagonal terms of the update matrix are proportional to the product of two "
           "parameters. Therefore, the reduction ... follows the square of the variance ratio'",
)
_OFF_NOTE = (
    _VAR_NOTE + "Second bullet: the off-diagonal term Δθ_{ki}Δθ_{kj}(H_ij + H_ji) is "
    "proportional to the product Δθ_iΔθ_j; its variance is compared, with coordinates i and j "
    "independent with the same law (a special case of Assumption B.3) and deterministic "
    "preconditioners v_i, v_j (the proof's model; with v_t random already the first bullet "
    "fails). For independent X, Y: Var(XY) = Var X Var Y + Var X (EY)² + Var Y (EX)², so the "
    "terms carrying a mean are reduced by one factor only. ")

COROLLARY_3_4_OFFDIAG = register(Statement(
    id="alphaadam/corollary-3.4-offdiag",
    title="Off-diagonal terms: Var(Δθ_iΔθ_j)_momentum ≤ ((1−β)²/(1−β²))² Var(Δθ_iΔθ_j)_grad",
    latex=(r"\mathrm{Var}(\Delta\theta_{ki}\Delta\theta_{kj})_{\text{momentum}}\le"
           r"\left(\frac{(1-\beta)^2}{1-\beta^2}\right)^2"
           r"\mathrm{Var}(\Delta\theta_{ki}\Delta\theta_{kj})_{\text{grad}}"),
    lhs=_HALF * _PM ** 2,
    rhs=_FACTOR ** 2 * _HALF * _PG ** 2,
    expected="violated",
    notes=_OFF_NOTE + "As printed (factor squared): violated as soon as the mean μ is large "
                      "against σ (e.g. t = 2, β = 1/2: Var(m_im_j) ≈ 2·(15/16)(9/16)·Xσ²μ² vs "
                      "2X²σ²μ², X = 1/3).",
    **_OFF_COMMON,
))

COROLLARY_3_4_OFFDIAG_CORRECTED = register(Statement(
    id="alphaadam/corollary-3.4-offdiag",
    variant="corrected",
    reason="Var(XY) = VarX·VarY + VarX(EY)² + VarY(EX)² for independent X, Y: the mean terms "
           "are reduced by one factor (1−β)²/(1−β²) only (the momentum keeps |E m_t| ≤ |μ|); "
           "the squared factor holds for zero-mean gradients only",
    title="Off-diagonal terms: Var(Δθ_iΔθ_j)_momentum ≤ (1−β)²/(1−β²) Var(Δθ_iΔθ_j)_grad",
    latex=(r"\mathrm{Var}(\Delta\theta_{ki}\Delta\theta_{kj})_{\text{momentum}}\le"
           r"\frac{(1-\beta)^2}{1-\beta^2}"
           r"\mathrm{Var}(\Delta\theta_{ki}\Delta\theta_{kj})_{\text{grad}}"),
    lhs=_HALF * _PM ** 2,
    rhs=_FACTOR * _HALF * _PG ** 2,
    supremum_ratio=1.0,
    notes=_OFF_NOTE + "Corrected: one factor; Var(m_im_j) = s² + 2s a² with s = X(1−β^{2t})σ², "
                      "a = (1−β^t)μ, at most X(σ⁴ + 2σ²μ²) = X·Var(g_ig_j).",
    **_OFF_COMMON,
))

# ---- Adam's bias-corrected momentum (last paragraph of the proof) ---------------------------
_DMHAT_FIXED = _DM_FIXED / (1 - beta ** t)

COROLLARY_3_4_ADAM_VAR = register(Statement(
    id="alphaadam/corollary-3.4-adam-var",
    title="Var(Δθ) of Adam's bias-corrected momentum m̂_t ≤ (1−β)²/(1−β²) Var(Δθ)_grad",
    latex=(r"\mathrm{Var}\left(\eta\frac{\hat m_t}{\sqrt v}\right)\le\frac{(1-\beta)^2}"
           r"{1-\beta^2}\mathrm{Var}\left(\eta\frac{g_t}{\sqrt v}\right),\quad"
           r"\hat m_t=\frac{m_t}{1-\beta^t}"),
    quantities=_VAR_FIXED_QUANT,
    hypotheses=_VAR_FIXED_HYPS,
    lhs=_HALF * _DMHAT_FIXED ** 2,
    rhs=_FACTOR * _HALF * _DG_FIXED ** 2,
    sampler=_var_fixed_v_sampler,
    sizes=_var_sizes_for(2),
    expected="violated",
    notes=_VAR_NOTE + "The proof's last paragraph: the reduced variance 'holds for ... the Adam "
                      "optimizer with momentum correction' m̂_t = m_t/(1−β₁^t); deterministic v "
                      "(the proof's model). Var(m̂_t) = X(1+β^t)/(1−β^t)σ² > Xσ² for every t "
                      "(= σ² at t = 1).",
    **{**_COR_VAR_COMMON,
       "source": "Proof of Corollary B.5 (Appendix B.2), last paragraph, with Assumption B.3"},
))

COROLLARY_3_4_ADAM_VAR_CORRECTED = register(Statement(
    id="alphaadam/corollary-3.4-adam-var",
    variant="corrected",
    reason="with bias correction the weights (1−β)β^j/(1−β^t) sum to 1: Var(m̂_t) = "
           "(1−β)²/(1−β²)·(1+β^t)/(1−β^t)·σ², reaching the factor only as t → ∞",
    title="Var(Δθ) of Adam's bias-corrected momentum, with the finite-t factor (1+β^t)/(1−β^t)",
    latex=(r"\mathrm{Var}\left(\eta\frac{\hat m_t}{\sqrt v}\right)\le\frac{(1-\beta)^2}"
           r"{1-\beta^2}\cdot\frac{1+\beta^t}{1-\beta^t}\mathrm{Var}\left(\eta\frac{g_t}"
           r"{\sqrt v}\right)"),
    quantities=_VAR_FIXED_QUANT,
    hypotheses=_VAR_FIXED_HYPS,
    lhs=_HALF * _DMHAT_FIXED ** 2,
    rhs=_FACTOR * (1 + beta ** t) / (1 - beta ** t) * _HALF * _DG_FIXED ** 2,
    sampler=_var_fixed_v_sampler,
    sizes=_var_sizes_for(2),
    supremum_ratio=1.0,
    notes=_VAR_NOTE + "Equality in expectation (ratio exactly 1 on every law); pathwise the "
                      "two sides differ, so only the exact enumeration can decide it.",
    **{**_COR_VAR_COMMON,
       "source": "Proof of Corollary B.5 (Appendix B.2), last paragraph, with Assumption B.3"},
))
