"""Lemma E.2 (Appendix E.1): the per-coordinate step bound.

As printed (line 773-777): "For the Adam-type optimization algorithm, if β₁ ≤ √β₂, in each
iteration we have the bound

    |θ_{i,t+1} − θ_{i,t}| ≤ η_t (1−β₁) / (√(1−β₂) (1 − β₁/√β₂))."

Proof (line 782): |θ_{i,t+1} − θ_{i,t}| = η_t |m_{i,t}|/√v_{i,t}, m and v expanded from m₀ = v₀ = 0,
Cauchy–Schwarz (∘), then Σ_s (β₁/√β₂)^s ≤ 1/(1 − β₁/√β₂) (∗).

Encoded here: ``alphaadam/lemma-E.2`` on the recurrence Appendix E analyses
(:class:`~adaproof.algorithms.alphaadam.AlphaAdamAnalysed`, η_t = η/√t), and
``alphaadam/lemma-E.2-algorithm-1`` on Algorithm 1 as printed (step η̂ α_t φ_t ⊙ u_t: violated)
with its corrected variant (the factor η̂ α_t restored).
"""
from __future__ import annotations

import sympy as sp

from ...algorithms.alphaadam import AlphaAdam, AlphaAdamAnalysed
from ...registry import register
from ...statement import Hypothesis, Quantity, Recurrence, Statement, TrajectorySource
from ._common import (C_E2, PAPER, T, _BETA_HYPS, _REC_ANALYSED_OPEN, _ind, beta1, beta2, d,
                      eps, eta, g, h, h0, k, l, m0, t, theta, theta1, v, v0)

# No hand-written sampler: the engine draws β₂, then β₁ in [0, √β₂), η, ϵ, θ₁ and the gradients
# from the domains below and runs the algorithm (docs/any-lemma.md); measured as good as the
# former hand-written one (docs/hand-samplers.md).


# =============================================================================================
# Lemma E.2 on the analysed recurrence (AlphaAdamAnalysed)
# =============================================================================================
def _build_analysed_open(env):
    alg = AlphaAdamAnalysed(lr=env["eta"], beta1=env["beta1"], beta2=env["beta2"],
                            eps=env["eps"], m0=env["m0"].data, v0=env["v0"].data,
                            lr_decay="inv_sqrt")
    return alg, {"x0": env["theta1"].data, "grads": env["g"].data}


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
    trajectory=_ALG1_TRAJ,
    recurrences=_REC_ALG1,
    source="Lemma E.2, Appendix E.1, applied to Algorithm 1 (Section 3.2.3)",
    supremum_ratio=1.0,
    notes=_ALG1_NOTES + " α_t := 1 on an empty mask is the module's recorded convention (the step "
                        "is zero there, so any finite value makes the bound hold).",
))

