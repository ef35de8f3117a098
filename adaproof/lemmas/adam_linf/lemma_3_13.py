"""Lemma 3.13 (first-order approximation; Section 3.4, proof in Appendix C.1).

As printed:

    Lemma 3.13. With Assumption 3.10, it holds that for any block b ∈ [B]
    E Σ_{t=1}^T g_{t,(b)}ᵀḡ_{t,(b)}/√(v_{t,b} + ε) ≥ ½ E Σ_{t=1}^T ‖ḡ_{t,(b)}‖²/√(ṽ_{t,b} + ε)
        − √(1 − β₂) T d_b σ_b − d_b σ_b β₂/√(1 − β₂) · E[ln((v_{T,b} + ε)/(v_{0,b} + ε))].   (4)

The statement (4) in expectation over an AdaSGD trajectory with noisy gradients of a quadratic
loss (``adam_linf/lemma-3.13-eq-4``), then the steps of its proof in the paper's order:
inequality (1) of the first display (pathwise, ``-step-1``), the AM-GM step (2) into (9) + (10)
(violated as printed, with its corrected variant), the bound of the noise term (10)
(``-noise-bound`` in expectation, ``-eq-10`` pathwise), the per-step bound conditional on the past
(``-per-step``), and Lemma 3.12 applied to the second term (``-second-term``).
"""
from __future__ import annotations

import sympy as sp
import torch

from ...expectation import NoiseSpec
from ...registry import register
from ...sampling import choose, gradient_sequences, log_uniform, unit_interval
from ...statement import (Hypothesis, Quantity, Recurrence, SampleContext, Statement,
                          TrajectorySource)
from ...symbolic import SeqValue
from ._common import (_A, _BETA2_OPEN, _block_statement, _BN, _build_adasgd_noisy, _dyadic_law,
                      _GB, _GS, _K_OPTS, _LAW_HYPS, _LAW_QS, _lemma_3_12_chain, _NORM2_G,
                      _sigma_for, _sum_sampler, _sum_sizes, _VE, _VT_S, _VTE, beta1, beta2, c_, d,
                      eps, eta, g, gbar, h, i, j, K, k_, m, p, PAPER, sigma, T, t, u, v, v0, vprev,
                      x, x0, xi)


# Lemma 3.13, (4), in expectation: one block b of d_b coordinates (AdaSGD) in closed loop on a
# quadratic loss with noisy gradients g_t = ∇L(x_{t−1}) + ξ_t (helpers in _common)
LEMMA_3_13 = register(Statement(
    id="adam_linf/lemma-3.13-eq-4",
    paper=PAPER,
    kind="lemma",
    number="3.13 (equation (4))",
    title="First-order approximation (4): E sum_t g_t.gbar_t/sqrt(v_t+eps) against the proxy",
    section="3.4 (proof in Appendix C.1)",
    family="proxy-gap",
    latex=(r"\mathbb{E}\sum_{t=1}^T\frac{\mathbf{g}_{t,(b)}^\top\bar{\mathbf{g}}_{t,(b)}}{\sqrt{"
           r"v_{t,b}+\epsilon}}\ge\frac12\mathbb{E}\sum_{t=1}^T\frac{\|\bar{\mathbf{g}}_{t,(b)}"
           r"\|_2^2}{\sqrt{\tilde v_{t,b}+\epsilon}}-\sqrt{1-\beta_2}Td_b\sigma_b-\frac{d_b"
           r"\sigma_b\beta_2}{\sqrt{1-\beta_2}}\mathbb{E}\left[\ln\frac{v_{T,b}+\epsilon}{v_{0,b}"
           r"+\epsilon}\right]"),
    quantities=(
        Quantity("eta", "scalar", "> 0", "learning rate η (constant)"),
        Quantity("beta1", "scalar", "[0, 1)", "β₁ (Lemma 3.13 does not use the update rule)"),
        Quantity("beta2", "scalar", "(0, 1)", "β₂"),
        Quantity("eps", "scalar", ">= 0", "ε"),
        Quantity("v0", "scalar", ">= 0", "v_{0,b} = v_0"),
        Quantity("sigma", "scalar", ">= 0", "σ_b of Assumption 3.10"),
        Quantity("T", "size", ">= 1", "number of steps"),
        Quantity("d", "size", ">= 1", "d_b"),
        Quantity("h", "sequence", "R", "curvatures of L(x) = Σ_i h_i(x_i − c_i)²/2", (1,), ("d",)),
        Quantity("c", "sequence", "R", "centre of L", (1,), ("d",)),
        Quantity("x0", "sequence", "R", "initial point x_0", (1,), ("d",)),
        *_LAW_QS,
        Quantity("xi", "sequence", "law (u, p)", "noise ξ_{t,i} = g_{t,i} − ∇_iL(x_{t−1}), "
                 "i.i.d. over t and i", (1, 1), ("T", "d")),
        Quantity("v", "trajectory", "> 0", "v_{t,b} (Algorithm 3, one block)", (0,), ("T",)),
        Quantity("m", "trajectory", "R", "m_{t,i}", (0, 1), ("T", "d")),
        Quantity("x", "trajectory", "R", "x_{t,i}", (0, 1), ("T", "d")),
    ),
    hypotheses=(
        Hypothesis(sp.StrictGreaterThan(eta, 0)),
        Hypothesis(sp.And(sp.GreaterThan(beta1, 0), sp.StrictLessThan(beta1, 1)),
                   note="Algorithm 3: β₁ ≥ 0 (β₁ < 1, as the algorithm module requires)"),
        _BETA2_OPEN,
        Hypothesis(sp.GreaterThan(eps, 0), note="Algorithm 3: ε ≥ 0"),
        Hypothesis(sp.GreaterThan(v0, 0), note="Algorithm 3: v_0 ≥ 0"),
        Hypothesis(sp.GreaterThan(sigma, 0), note="Assumption 3.10: σ_b ≥ 0"),
        Hypothesis(sp.StrictGreaterThan(v0 + eps, 0), silent=True,
                   note="v_0 + ε > 0: the statement divides by v_{t,b} + ε and takes "
                        "ln(·/(v_{0,b} + ε)) (Theorem 3.11 divides by v_0 + ε)"),
        *_LAW_HYPS,
    ),
    lhs=(sp.Rational(1, 2) * sp.Sum(sp.Sum(_GB ** 2, (i, 1, d)) / sp.sqrt(_VT_S + eps), (t, 1, T))
         - sp.sqrt(1 - beta2) * T * d * sigma
         - d * sigma * beta2 / sp.sqrt(1 - beta2) * sp.log((v[T] + eps) / (v[0] + eps))),
    rhs=sp.Sum(sp.Sum(_GS * _GB, (i, 1, d)) / sp.sqrt(v[t] + eps), (t, 1, T)),
    sampler=_sum_sampler,
    sizes=_sum_sizes,
    noise=NoiseSpec("xi", "u", "p", (1, 1), ("T", "d")),
    trajectory=TrajectorySource(build=_build_adasgd_noisy,
                                read={"v": ("v", (0,)), "m": ("m", (0, 1)), "x": ("x", (0, 1))},
                                series=("v", "m")),
    recurrences=(
        Recurrence("v", t, 1, v0, beta2 * v[t - 1] + (1 - beta2) * sp.Sum(
            (h[j] * (x[t - 1, j] - c_[j]) + xi[t, j]) ** 2, (j, 1, d)) / d),
        Recurrence("m", t, 1, sp.Integer(0), beta1 * m[t - 1, i] + (1 - beta1) * _GS),
        Recurrence("x", t, 1, x0[i], x[t - 1, i] - eta * m[t, i] / sp.sqrt(v[t] + eps)),
    ),
    source="Lemma 3.13, equation (4) (Section 3.4; proof in Appendix C.1)",
    notes="In expectation over the noise of all T steps: the stochastic losses L_t(x) = L(x) + "
          "ξ_t·x are independent with E[g_t | x_{<t}] = ∇L(x_{t−1}) (the law is centred) and "
          "E‖g_{t,(b)} − ∇_{(b)}L(x_{t−1})‖² = d_b Σ_k p_k u_k² ≤ d_b σ_b² (Assumption 3.10).  "
          "L is any quadratic (Lemma 3.13 needs no smoothness or convexity); m₀ = 0.",
))


# Proof of Lemma 3.13, first display: inequality (1) (pathwise)

_PATHWISE = ("Pathwise: holds for every realisation of g and ḡ; the conditional expectation "
             "the proof then takes is adam_linf/lemma-3.13-per-step (per step) and "
             "adam_linf/lemma-3.13-eq-4 (summed, (4)).")

LEMMA_3_13_STEP_1 = _block_statement(
    id="adam_linf/lemma-3.13-step-1",
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


# Inequality (2) of the first display (AM-GM into (9) + (10)), at every atom of the noise law
def _per_step_sampler(ctx: SampleContext) -> dict:
    """β₂ ∈ (0, 1); ḡ_{t,(b)} from :func:`gradient_sequences` (one step, d_b coordinates); the
    noise law from :func:`_dyadic_law` with atom scale c = scale·U_log(10⁻³, 10³) (exactly
    centred: E[g_t | past] = ḡ_t); σ_b from :func:`_sigma_for`; v_{t−1,b} ≥ 0 (0 for a fifth,
    then ε > 0), log-uniform at the scale of ḡ² or of c² otherwise; ε ≥ 0 (0 for half)."""
    B, dn, K_ = ctx.B, ctx.sizes["d"], ctx.sizes["K"]
    b2 = unit_interval(ctx)
    gb = gradient_sequences(ctx, 1, dn)[:, 0]
    scale = gb.abs().amax(1)
    scale = torch.where(scale > 0, scale, torch.ones_like(scale))
    c = scale * log_uniform(ctx, 1e-3, 1e3)
    u_, p_ = _dyadic_law(ctx, K_, c)
    sig = _sigma_for(ctx, u_, p_)
    ref = torch.where(ctx.rand(B) < 0.5, scale, c) ** 2
    vp = log_uniform(ctx, 1e-8, 1e4) * ref
    vp = torch.where(ctx.rand(B) < 0.2, torch.zeros_like(vp), vp)
    eps_ = torch.where(ctx.rand(B) < 0.5, torch.zeros(B, dtype=ctx.dtype),
                       log_uniform(ctx, 1e-12, 1.0) * ref)
    eps_ = torch.where((vp == 0) & (eps_ == 0), log_uniform(ctx, 1e-12, 1.0) * ref, eps_)
    return {"beta2": b2, "eps": eps_, "vprev": vp, "sigma": sig, "gbar": SeqValue(gb, (1,)),
            "u": SeqValue(u_, (1,)), "p": SeqValue(p_, (1,))}


_G1 = gbar[i] + xi[i]  # g_{t,i}: the step-t stochastic gradient
_N2_1 = sp.Sum((gbar[j] + xi[j]) ** 2, (j, 1, d)) / d
_NB2_1 = sp.Sum(gbar[j] ** 2, (j, 1, d)) / d
_V1 = beta2 * vprev + (1 - beta2) * _N2_1  # v_{t,b}
_VT1 = beta2 * vprev + (1 - beta2) * (_NB2_1 + sigma ** 2)  # ṽ_{t,b}


def _step_2_sizes(gen: torch.Generator, preset: str) -> dict:
    return {"K": choose(gen, _K_OPTS)}


def _step_2_sampler(ctx: SampleContext) -> dict:
    """As :func:`_per_step_sampler` with d_b = 1 (ḡ a scalar ``gb``); the noise law is an input
    and the statement is checked at every atom.  σ_b > 0 so that E[(A − B)² | x_{t−1}] > 0 (the
    silent hypothesis) holds: with σ_b = 0 the law is the point mass at 0."""
    out = _per_step_sampler(SampleContext(ctx.B, {"d": 1, "K": ctx.sizes["K"]}, ctx.generator,
                                          ctx.dtype, ctx.device))
    gb = out.pop("gbar").data[:, 0]
    return {**out, "gb": gb}


gb_ = sp.Symbol("gb", real=True)
_A2 = sp.sqrt(gb_ ** 2 + sigma ** 2)  # √(‖ḡ‖²/d_b + σ_b²), d_b = 1
_G2 = gb_ + u[k_]  # g_t at the atom k
_V2 = beta2 * vprev + (1 - beta2) * _G2 ** 2
_VT2 = beta2 * vprev + (1 - beta2) * (gb_ ** 2 + sigma ** 2)
#: E[(√(‖ḡ‖²/d_b + σ_b²) − √(‖g‖²/d_b))² | x_{t−1}] over the law (d_b = 1: ‖g‖ = |ḡ + ξ|)
_Q2 = sp.Sum(p[j] * (_A2 - sp.Abs(gb_ + u[j])) ** 2, (j, 1, K))
_STEP2_LHS = (sp.Abs(_G2 * gb_ * sp.sqrt(1 - beta2) * (_A2 - sp.Abs(_G2)))
              / (sp.sqrt(_V2 + eps) * sp.sqrt(_VT2 + eps)))


def _step_2_rhs(den9: sp.Basic) -> sp.Basic:
    return (sp.Rational(1, 2) * gb_ ** 2 / den9 * (_A2 - sp.Abs(_G2)) ** 2 / _Q2
            + sp.Rational(1, 2) * (1 - beta2) * _G2 ** 2 * _Q2
            / ((_V2 + eps) * sp.sqrt(_VT2 + eps)))


_STEP2_KW = dict(
    paper=PAPER,
    kind="lemma",
    number="3.13 (proof, inequality (2): AM-GM into (9) + (10))",
    section="Appendix C.1, proof of Lemma 3.13",
    family="proxy-gap",
    quantities=(
        Quantity("beta2", "scalar", "(0, 1)", "β₂"),
        Quantity("eps", "scalar", ">= 0", "ε"),
        Quantity("vprev", "scalar", ">= 0", "v_{t−1,b} (the past)"),
        Quantity("sigma", "scalar", ">= 0", "σ_b of Assumption 3.10"),
        Quantity("gb", "scalar", "R", "ḡ_t (d_b = 1)"),
        *_LAW_QS,
    ),
    hypotheses=(
        _BETA2_OPEN,
        Hypothesis(sp.GreaterThan(eps, 0), note="Algorithm 3: ε ≥ 0"),
        Hypothesis(sp.GreaterThan(vprev, 0), note="v_{t−1,b} ≥ 0"),
        Hypothesis(sp.GreaterThan(sigma, 0), note="Assumption 3.10: σ_b ≥ 0"),
        Hypothesis(sp.StrictGreaterThan(vprev + eps, 0), silent=True,
                   note="v_{t−1,b} + ε > 0 (from v_0 + ε > 0 and β₂ > 0)"),
        *_LAW_HYPS,
        Hypothesis(sp.StrictGreaterThan(_Q2, 0), silent=True,
                   note="E[(A − B)² | x_{t−1}] > 0: (9) and (10) divide by it (it is 0 only "
                        "when g_t = ḡ_t = … almost surely and σ_b = 0)"),
    ),
    lhs=_STEP2_LHS,
    forall=((k_, 1, K),),
    sampler=_step_2_sampler,
    sizes=_step_2_sizes,
    source="Proof of Lemma 3.13 (Appendix C.1), first display: the inequality marked (2) from "
           "the line after (1) to (9) + (10) ('obtained with AM-GM inequality')",
)

LEMMA_3_13_STEP_2 = register(Statement(
    id="adam_linf/lemma-3.13-step-2",
    title="AM-GM step (2) of the proof of Lemma 3.13, (9) with sqrt(v_t + eps) as printed",
    latex=(r"\frac{|g_{t,i}\bar g_{t,i}\sqrt{1-\beta_2}(A-B)|}{\sqrt{v_{t,b}+\epsilon}\sqrt{"
           r"\tilde v_{t,b}+\epsilon}}\le\frac12\frac{\bar g_{t,i}^2}{\sqrt{v_{t,b}+\epsilon}}"
           r"\frac{(A-B)^2}{\mathbb{E}[(A-B)^2\mid\mathbf{x}_{t-1}]}+\frac12\frac{(1-\beta_2)"
           r"g_{t,i}^2\,\mathbb{E}[(A-B)^2\mid\mathbf{x}_{t-1}]}{(v_{t,b}+\epsilon)\sqrt{\tilde "
           r"v_{t,b}+\epsilon}},\ A=\sqrt{\|\bar{\mathbf g}_{t,(b)}\|_2^2/d_b+\sigma_b^2},\ B="
           r"\sqrt{\|\mathbf g_{t,(b)}\|_2^2/d_b}"),
    rhs=_step_2_rhs(sp.sqrt(_V2 + eps)),
    expected="violated",
    notes="Pathwise at every realisation g_t = ḡ_t + u_k of the step-t gradient (d_b = 1: the "
          "Adam partition; one coordinate suffices for a counterexample), with the conditional "
          "expectation E[(A − B)² | x_{t−1}] computed exactly over the law.  AM-GM xy ≤ x²/2 + "
          "y²/2 with x = |ḡ||A − B|/(Q^{1/2}(ṽ+ε)^{1/4}) gives √(ṽ_{t,b}+ε) in (9), not "
          "√(v_{t,b}+ε); the proof's next sentence and the display after 'Then back to Equation "
          "8' use √(ṽ_{t,b}+ε).",
    **_STEP2_KW,
))

LEMMA_3_13_STEP_2_CORRECTED = register(Statement(
    id="adam_linf/lemma-3.13-step-2",
    variant="corrected",
    reason="AM-GM puts sqrt(tilde v_{t,b} + eps), not sqrt(v_{t,b} + eps), in the denominator "
           "of (9) (as the proof uses afterwards: E_t(9) = ||gbar||^2/(2 sqrt(tilde v + eps)))",
    title="AM-GM step (2) of the proof of Lemma 3.13, (9) with sqrt(tilde v_t + eps)",
    latex=(r"\frac{|g_{t,i}\bar g_{t,i}\sqrt{1-\beta_2}(A-B)|}{\sqrt{v_{t,b}+\epsilon}\sqrt{"
           r"\tilde v_{t,b}+\epsilon}}\le\frac12\frac{\bar g_{t,i}^2}{\sqrt{\tilde v_{t,b}+"
           r"\epsilon}}\frac{(A-B)^2}{\mathbb{E}[(A-B)^2\mid\mathbf{x}_{t-1}]}+\frac12\frac{(1-"
           r"\beta_2)g_{t,i}^2\,\mathbb{E}[(A-B)^2\mid\mathbf{x}_{t-1}]}{(v_{t,b}+\epsilon)"
           r"\sqrt{\tilde v_{t,b}+\epsilon}}"),
    rhs=_step_2_rhs(sp.sqrt(_VT2 + eps)),
    supremum_ratio=1.0,
    notes="AM-GM with x = |ḡ||A − B|/(Q^{1/2}(ṽ+ε)^{1/4}), y = |g|√(1−β₂)Q^{1/2}/(√(v+ε)"
          "(ṽ+ε)^{1/4}); equality when x = y.",
    **_STEP2_KW,
))


# The term (10): its bound in expectation over the step-t noise, then the pathwise last step
LEMMA_3_13_NOISE_BOUND = register(Statement(
    id="adam_linf/lemma-3.13-noise-bound",
    paper=PAPER,
    kind="lemma",
    number="3.13 (proof, bound of E[(A − B)² | x_{t−1}] in the term (10))",
    title="E[(sqrt(||gbar||^2/d_b + sigma^2) - ||g||/sqrt(d_b))^2 | past] <= 2 sqrt(...) sigma",
    section="Appendix C.1, proof of Lemma 3.13",
    family="variance-ratio",
    latex=(r"\mathbb{E}\left[\left(\sqrt{\|\bar{\mathbf{g}}_{t,(b)}\|_2^2/d_b+\sigma_b^2}-\sqrt{"
           r"\|\mathbf{g}_{t,(b)}\|_2^2/d_b}\right)^2\,\Big|\,\mathbf{x}_{t-1}\right]\le 2\sqrt{"
           r"\|\bar{\mathbf{g}}_{t,(b)}\|_2^2/d_b+\sigma_b^2}\,\sigma_b"),
    quantities=(
        Quantity("sigma", "scalar", ">= 0", "σ_b of Assumption 3.10"),
        Quantity("d", "size", ">= 1", "d_b"),
        Quantity("gbar", "sequence", "R", "ḡ_{t,i} = ∇_iL(x_{t−1}) (the past)", (1,), ("d",)),
        *_LAW_QS,
        Quantity("xi", "sequence", "law (u, p)", "step-t noise ξ_{t,i} = g_{t,i} − ḡ_{t,i}, "
                 "i.i.d. over i", (1,), ("d",)),
    ),
    hypotheses=(Hypothesis(sp.GreaterThan(sigma, 0), note="Assumption 3.10: σ_b ≥ 0"),
                *_LAW_HYPS),
    lhs=(sp.sqrt(_NB2_1 + sigma ** 2) - sp.sqrt(_N2_1)) ** 2,
    rhs=2 * sp.sqrt(_NB2_1 + sigma ** 2) * sigma,
    noise=NoiseSpec("xi", "u", "p", (1,), ("d",)),
    source="Proof of Lemma 3.13 (Appendix C.1): the display 'For the term in Equation 10, we "
           "have the following inequality', first expression against the last",
    notes="Uses E[‖g‖²/d_b | x_{t−1}] ≤ ‖ḡ‖²/d_b + σ_b² (Assumption 3.10 and unbiasedness) "
          "and E‖g‖ ≥ ‖ḡ‖ (Jensen); equality when σ_b = 0.",
))


LEMMA_3_13_EQ_10 = _block_statement(
    id="adam_linf/lemma-3.13-eq-10",
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
           "inequality, E[(…)²|x_{t−1}] ≤ 2√(‖ḡ‖²/d_b + σ_b²)σ_b, is in expectation: "
           "adam_linf/lemma-3.13-noise-bound",
    supremum_ratio=1.0,
    notes=_PATHWISE,
)


# Then back to Equation 8: the per-step bound conditional on the past
LEMMA_3_13_PER_STEP = register(Statement(
    id="adam_linf/lemma-3.13-per-step",
    paper=PAPER,
    kind="lemma",
    number="3.13 (proof, per step, conditional on the past)",
    title="Per-step first-order bound of Lemma 3.13, E[. | x_{t-1}] over the step-t noise",
    section="Appendix C.1, proof of Lemma 3.13",
    family="proxy-gap",
    latex=(r"\mathbb{E}\Big[\sum_{\Phi(i)=b}\frac{g_{t,i}\bar g_{t,i}}{\sqrt{v_{t,b}+\epsilon}}"
           r"\,\Big|\,\mathbf{x}_{t-1}\Big]\ge\frac12\sum_{\Phi(i)=b}\frac{\bar g_{t,i}^2}"
           r"{\sqrt{\tilde v_{t,b}+\epsilon}}-\sqrt{1-\beta_2}\,\sigma_b\,\mathbb{E}\Big["
           r"\frac{\|\mathbf{g}_{t,(b)}\|_2^2}{v_{t,b}+\epsilon}\,\Big|\,\mathbf{x}_{t-1}\Big]"),
    quantities=(
        Quantity("beta2", "scalar", "(0, 1)", "β₂"),
        Quantity("eps", "scalar", ">= 0", "ε"),
        Quantity("vprev", "scalar", ">= 0", "v_{t−1,b} (the past)"),
        Quantity("sigma", "scalar", ">= 0", "σ_b of Assumption 3.10"),
        Quantity("d", "size", ">= 1", "d_b"),
        Quantity("gbar", "sequence", "R", "ḡ_{t,i} = ∇_iL(x_{t−1}) (the past)", (1,), ("d",)),
        *_LAW_QS,
        Quantity("xi", "sequence", "law (u, p)", "step-t noise ξ_{t,i} = g_{t,i} − ḡ_{t,i}, "
                 "i.i.d. over i", (1,), ("d",)),
    ),
    hypotheses=(
        _BETA2_OPEN,
        Hypothesis(sp.GreaterThan(eps, 0), note="Algorithm 3: ε ≥ 0"),
        Hypothesis(sp.GreaterThan(vprev, 0), note="v_{t−1,b} ≥ 0 (Algorithm 3, v_0 ≥ 0)"),
        Hypothesis(sp.GreaterThan(sigma, 0), note="Assumption 3.10: σ_b ≥ 0"),
        Hypothesis(sp.StrictGreaterThan(vprev + eps, 0), silent=True,
                   note="v_{t−1,b} + ε > 0 (from v_0 + ε > 0 and β₂ > 0, as in Theorem 3.11): "
                        "with β₂ > 0 it keeps v_{t,b} + ε > 0"),
        *_LAW_HYPS,
    ),
    lhs=(sp.Rational(1, 2) * sp.Sum(gbar[i] ** 2 / sp.sqrt(_VT1 + eps), (i, 1, d))
         - sp.sqrt(1 - beta2) * sigma * sp.Sum(_G1 ** 2 / (_V1 + eps), (i, 1, d))),
    rhs=sp.Sum(_G1 * gbar[i] / sp.sqrt(_V1 + eps), (i, 1, d)),
    noise=NoiseSpec("xi", "u", "p", (1,), ("d",)),
    source="Proof of Lemma 3.13 (Appendix C.1): the summand of the display after 'Then back to "
           "Equation 8' before the sum over t and the total expectation (E_t of the first term "
           "is ‖ḡ‖²/√(ṽ+ε); E_t of the difference ≥ −(E_t(9) + E_t(10)) with E_t(9) = "
           "½‖ḡ‖²/√(ṽ+ε) and (10) ≤ √(1−β₂)σ_b Σ g²/(v+ε))",
    notes="E[rhs − lhs | x_{t−1}] ≥ 0 over the law of the step-t noise ξ_t = g_t − ḡ_t (i.i.d. "
          "coordinates from (u, p)), with the past (v_{t−1,b}, ḡ_t) as inputs.  ‖g‖² = "
          "Σ_i g_{t,i}² (not divided by d_b), as printed.",
))


# For the second term, Lemma 3.12

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
    proof=_lemma_3_12_chain(_NORM2_G, t, T, sp.Integer(1)),
    supremum_ratio=1.0,
    notes="Pathwise.  Lemma 3.12 applied to v'_t = v_{t,b} + ε and g_t = ‖g_{t,(b)}‖/√d_b "
          "(v'_t − β₂v'_{t−1} = (1−β₂)(‖g_t‖²/d_b + ε) ≥ (1−β₂)‖g_t‖²/d_b).",
)

