"""Lemma 1 (Appendix C.1): the steps of its proof in conditional expectation.

The proof bounds the error term (ii)_t^i of replacing ν̃_t^i by ν̃_t^{i+1} under E^{|F_{t−i}}:
for i = 0 the display |E^{|F_t}[⟨G_t, (ν_t^{−1/2} − ν̃_t^{1,−1/2}) ⊙ m_t⟩]| ≤ Σ_l (1 − β₁)
|G_{t,l}|²/(2√ν̃¹_{t,l}) + Σ_l 2√(1 − β₂)/(1 − β₁)·E^{|F_t}σ|m_{t,l}|²/ν_{t,l} (with its
second-to-fourth lines and its last inequality, "due to Assumption 2"), and for i > 0 the display
ending after (∘), with the smoothness term after (⋆) (violated as printed: the sum over j of
β₂^j√(1 − β₂) is (1 − β₂^i)/√(1 − β₂), not √(1 − β₂); corrected variant beside it).  The noise
law is finite and enumerated exactly (see the statements' notes).

Source: paper 003 (adam_complexity), proof of Lemma 1, Appendix C.1 (text lines 386–393).
"""
from __future__ import annotations

import sympy as sp
import torch

from ...algorithms.adam_complexity import AdamComplexity
from ...expectation import NoiseSpec
from ...proofs import Known
from ...registry import register
from ...sampling import gradient_sequences, log_uniform, unit_interval
from ...statement import (Hypothesis, ProofStep, Quantity, Recurrence, SampleContext, Statement,
    TrajectorySource)
from ...symbolic import SeqValue
from ._common import (_COND_DK, _COND_DK_I, _COND_T, _finite_law, _GN, _initial_scale, _LAW_VAR,
    _MN, _MU, _NUN, _pick, beta1, beta2, d, eta, g, Gn, h_, i, I_, j, K, k, l, Lsm, m, m0, nu,
    nu0, PAPER, q_, s_, sgn, sigma, T, t, xi)
from .lemma_1 import _NU_REC


def _cond_sizes(with_i: bool):
    def sizes(gen: torch.Generator, preset: str) -> dict:
        if with_i:
            dn = _pick(gen, (1, 2, 3))
            return {"T": _pick(gen, _COND_T), "d": dn, "K": _pick(gen, _COND_DK_I[dn]),
                    "I": _pick(gen, (1, 2, 3, 5, 10))}
        dn = _pick(gen, (1, 2, 3, 4))
        return {"T": _pick(gen, _COND_T), "d": dn, "K": _pick(gen, _COND_DK[dn])}
    return sizes




def _cond_sampler(with_i: bool):
    """Past gradients (:func:`gradient_sequences`, T steps) and ν₀ (:func:`_initial_scale`); m₀
    = 0 (Lemma 1 for i > 0, whose step (∘) uses Lemma 5) or, for i = 0, 0 / N(0, 1)·scale;
    β₂ from :func:`unit_interval`, β₁ = β₂·u with u ∈ [0, 1) (Theorem 1: 0 ≤ β₁ < β₂); the
    step's true gradient G_l at the gradients' scale, 0, or tiny; the law (:func:`_finite_law`)
    with per-coordinate noise scales s_l (0 for some coordinates, log-uniform over 8 decades
    around the scale otherwise); σ at Assumption 2's edge (√(Σs²Var)·(1 + 2⁻³⁰)) or above it;
    sgn = ±1.  For i > 0: η log-uniform in [1e-4, 10], L log-uniform; the Hessian diag(h) +
    c·vvᵀ with ‖v‖ = 1, |c| = φL and h_l ∈ [−(1−φ)L, (1−φ)L] (one coordinate at the edge), φ = 0,
    1 or uniform (a quadratic f, see the statement)."""
    def sampler(ctx: SampleContext) -> dict:
        Tn, dn, Kn, B = ctx.sizes["T"], ctx.sizes["d"], ctx.sizes["K"], ctx.B
        b2 = unit_interval(ctx)
        b1 = b2 * unit_interval(ctx, closed_low=True)
        gs = gradient_sequences(ctx, Tn, dn)
        nu0v = _initial_scale(ctx, gs)
        scale = torch.where(ctx.rand(B) < 0.7, gs.abs().amax(dim=(1, 2)),
                            log_uniform(ctx, 1e-6, 1e6)).clamp_min(1e-100)
        gmode = ctx.randint(0, 4, B).reshape(B, 1)
        Gv = scale[:, None] * ctx.randn(B, dn)
        Gv = torch.where(gmode == 1, torch.zeros_like(Gv),
                         torch.where(gmode == 2, Gv * log_uniform(ctx, 1e-8, 1e-2)[:, None], Gv))
        uk, qk = _finite_law(ctx, Kn)
        mu = (qk * uk).sum(1, keepdim=True)
        var = (qk * (uk - mu) ** 2).sum(1)
        sv = scale[:, None] * log_uniform(ctx, 1e-4, 1e4, dn) / var.clamp_min(1e-300).sqrt()[:, None]
        sv = torch.where(ctx.rand(B, dn) < 0.2, torch.zeros_like(sv), sv)
        tot = (sv ** 2).sum(1) * var
        edge = tot.sqrt() * (1 + 2.0 ** -30)
        sig = torch.where(ctx.rand(B) < 0.6, edge, edge * log_uniform(ctx, 1.0, 1e3))
        sig = torch.where(sig > 0, sig, scale * log_uniform(ctx, 1e-4, 1e2))
        out = {"beta1": b1, "beta2": b2, "sigma": sig,
               "sgn": torch.where(ctx.rand(B) < 0.5, -1.0, 1.0).to(ctx.dtype),
               "g": SeqValue(gs, (1, 1)), "nu0": SeqValue(nu0v, (1,)),
               "Gn": SeqValue(Gv, (1,)), "s": SeqValue(sv, (1,)),
               "u": SeqValue(uk, (1,)), "q": SeqValue(qk, (1,))}
        if with_i:
            out["m0"] = SeqValue(torch.zeros(B, dn, dtype=ctx.dtype), (1,))
            Lv = log_uniform(ctx, 1e-4, 1e4)
            frac = torch.where(ctx.rand(B) < 0.5, ctx.rand(B), torch.zeros(B, dtype=ctx.dtype))
            frac = torch.where(ctx.rand(B) < 0.2, torch.ones_like(frac), frac)  # rank one only
            hv = (1 - frac)[:, None] * Lv[:, None] * (2 * ctx.rand(B, dn) - 1)
            top = ctx.randint(0, dn, B)
            hv[torch.arange(B), top] = (1 - frac) * Lv * torch.where(
                ctx.rand(B) < 0.5, -1.0, 1.0).to(ctx.dtype)
            vr = ctx.randn(B, dn)
            vr = vr / vr.norm(dim=1, keepdim=True).clamp_min(1e-300)
            cv = frac * Lv * torch.where(ctx.rand(B) < 0.5, -1.0, 1.0).to(ctx.dtype)
            # ‖v‖² = 1 up to rounding: shrink by 2⁻⁴⁰ so that |h_l| + |c|‖v‖² ≤ L holds exactly
            out.update({"eta": log_uniform(ctx, 1e-4, 10.0), "L": Lv, "h": SeqValue(hv, (1,)),
                        "cH": cv * (1 - 2.0 ** -40), "v": SeqValue(vr, (1,))})
        else:
            m0v = scale[:, None] * ctx.randn(B, dn)
            out["m0"] = SeqValue(torch.where(ctx.rand(B, 1) < 0.5, torch.zeros_like(m0v), m0v),
                                 (1,))
        return out
    return sampler


def _build_past(env):
    """ν_0..ν_T and m_0..m_T from Algorithm 1 on the past gradients (float path)."""
    alg = AdamComplexity(lr=1.0, beta1=env["beta1"], beta2=env["beta2"], nu0=env["nu0"].data,
                         m0=env["m0"].data)
    return alg, {"x0": torch.zeros_like(env["nu0"].data), "grads": env["g"].data}


_COND_TRAJ = TrajectorySource(build=_build_past, read={"nu": ("nu", (0, 1)), "m": ("m", (0, 1))},
                              series=("nu", "m"))
_COND_RECS = (
    _NU_REC,
    Recurrence("m", t, 1, m0[l], beta1 * m[t - 1, l] + (1 - beta1) * g[t, l]),
)
_COND_QS = (
    Quantity("beta1", "scalar", "[0, β₂)", "momentum parameter β₁"),
    Quantity("beta2", "scalar", "(0, 1)", "conditioner parameter β₂"),
    Quantity("sigma", "scalar", "> 0", "noise level σ of Assumption 2"),
    Quantity("sgn", "scalar", "{−1, 1}", "sign: |E X| ≤ c is E[sgn·X] ≤ c for both signs"),
    Quantity("T", "size", ">= 1", "number of past steps (the conditioning step is T + 1)"),
    Quantity("d", "size", ">= 1", "dimension"),
    Quantity("K", "size", ">= 1", "number of atoms of the noise law"),
    Quantity("g", "sequence", "R", "past stochastic gradients g_{1..T}", (1, 1), ("T", "d")),
    Quantity("nu0", "sequence", "> 0", "initial conditioner ν_{0,l}", (1,), ("d",)),
    Quantity("m0", "sequence", "R", "initial momentum m_{0,l}", (1,), ("d",)),
    Quantity("Gn", "sequence", "R", "true gradient G_{T+1,l} of the conditioning step "
             "(F_{T+1}-measurable)", (1,), ("d",)),
    Quantity("s", "sequence", "R", "per-coordinate noise scale s_l", (1,), ("d",)),
    Quantity("u", "sequence", "R", "atoms of the noise law", (1,), ("K",)),
    Quantity("q", "sequence", "> 0", "probabilities of the atoms", (1,), ("K",)),
    Quantity("xi", "sequence", "law (u, q)", "the draws ξ_l, i.i.d. over l", (1,), ("d",)),
    Quantity("nu", "trajectory", "> 0", "ν_{0..T} (Algorithm 1, line 4)", (0, 1), ("T", "d")),
    Quantity("m", "trajectory", "R", "m_{0..T} (Algorithm 1, line 5)", (0, 1), ("T", "d")),
)
_COND_HYPS = (
    Hypothesis(sp.And(sp.GreaterThan(beta1, 0), sp.StrictLessThan(beta1, beta2),
                      sp.StrictLessThan(beta2, 1), sp.StrictGreaterThan(beta2, 0)),
               note="Theorem 1 (all conditions of Theorem 1 hold): 0 ≤ β₁ < β₂ < 1"),
    Hypothesis(sp.StrictGreaterThan(sigma, 0),
               note="σ > 0: Lemma 1's bound divides by σ (and so does the proof's mean-value "
                    "step)"),
    Hypothesis(sp.StrictGreaterThan(nu0[l], 0), forall=((l, 1, d),),
               note="Algorithm 1: ν₀ ∈ ℝ⁺"),
    Hypothesis(sp.StrictGreaterThan(q_[k], 0), forall=((k, 1, K),),
               note="a law: positive probabilities (normalised in μ and Var)"),
    Hypothesis(sp.LessThan(sp.Sum(s_[l] ** 2, (l, 1, d)) * _LAW_VAR, sigma ** 2),
               note="Assumption 2: E‖g − G‖² = Σ_l s_l²·Var(ξ) ≤ σ² (unbiasedness E g = G holds "
                    "by the construction g = G + s⊙(ξ − μ))"),
    Hypothesis(sp.Eq(sgn ** 2, 1), note="sgn ∈ {−1, 1}"),
)
_COND_NOISE = NoiseSpec("xi", "u", "q", (1,), ("d",))

# i = 0, conditioning on F_t with t = T + 1: ν̃¹_t = β₂ν_{t−1} + (1−β₂)G_t² + (1−β₂)σ²
_NUT1N = beta2 * nu[T, l] + (1 - beta2) * Gn[l] ** 2 + (1 - beta2) * sigma ** 2


def _a_cond_exprs(gx):
    """The lines of the i = 0 display with the step's gradient g_{t,l} = ``gx``: the sides use
    g = G + s⊙(ξ − μ); the proof chain uses a plain ``gn[l]`` (each line is E^{|F_t} of these
    integrands, valid path by path, and SymPy's simplifier cannot handle the nested law sums)."""
    nun = beta2 * nu[T, l] + (1 - beta2) * gx ** 2
    mn = beta1 * m[T, l] + (1 - beta1) * gx
    Sl = lambda f: sp.Sum(f, (l, 1, d))  # noqa: E731
    second = Sl(2 * sp.sqrt(1 - beta2) / (1 - beta1) * sigma * sp.Abs(mn) ** 2 / nun)
    e = {
        "lhs": sgn * Sl(Gn[l] * (1 / sp.sqrt(nun) - 1 / sp.sqrt(_NUT1N)) * mn),
        "E1": Sl(sp.Abs(Gn[l]) * sp.Abs(mn) * sp.Abs(1 / sp.sqrt(nun) - 1 / sp.sqrt(_NUT1N))),
        "E4": Sl(sp.Abs(Gn[l]) * sp.Abs(mn) * (sp.sqrt(1 - beta2) * sp.Abs(Gn[l] - gx)
                                               + sp.sqrt(1 - beta2) * sigma)
                 / sp.sqrt(nun * _NUT1N)),
        "E5": Sl(sp.sqrt(1 - beta2) * (1 - beta1) * sp.Abs(Gn[l]) ** 2 / (4 * sigma * _NUT1N)
                 * (sp.Abs(Gn[l] - gx) ** 2 + sigma ** 2)) + second,
        "rhs": Sl((1 - beta1) * sp.Abs(Gn[l]) ** 2 / (2 * sp.sqrt(_NUT1N))) + second,
    }
    # the mean-value step (*): Young's inequality ab ≤ a²/(2c) + cb²/2 with a = |G|(|G−g|+σ)/√ν̃,
    # b = |m|/√ν, c = 4σ/(1−β₁), then (x + σ)² ≤ 2x² + 2σ²
    ya = sp.Abs(Gn[l]) * (sp.Abs(Gn[l] - gx) + sigma) / sp.sqrt(_NUT1N)
    yb = sp.Abs(mn) / sp.sqrt(nun)
    yc = 4 * sigma / (1 - beta1)
    e["E4s"] = Sl(sp.Abs(Gn[l]) * sp.Abs(mn) * (sp.sqrt(1 - beta2) * sp.Abs(Gn[l] - gx)
                                                + sp.sqrt(1 - beta2) * sigma)
                  / (sp.sqrt(nun) * sp.sqrt(_NUT1N)))
    e["young"] = (ya, yb, yc)
    e["E4z"] = Sl(sp.sqrt(1 - beta2) * (1 - beta1) * sp.Abs(Gn[l]) ** 2
                  * (sp.Abs(Gn[l] - gx) + sigma) ** 2 / (8 * sigma * _NUT1N)) + second
    e["sq_scale"] = sp.sqrt(1 - beta2) * (1 - beta1) * sp.Abs(Gn[l]) ** 2 / (8 * sigma * _NUT1N)
    return e


_AX = _a_cond_exprs(_GN)
gn = sp.IndexedBase("gn")
_AP = _a_cond_exprs(gn[l])
_A_COND_LHS, _A_COND_RHS, _A_E1, _A_E4, _A_E5 = (_AX[x_] for x_ in ("lhs", "rhs", "E1", "E4",
                                                                     "E5"))
_A_COND_PROOF = (
    ProofStep(_AP["lhs"], _AP["E1"], "<=",
              "|E X| ≤ E|X| (Jensen) and the triangle inequality over l (sgn = ±1); per path, "
              "with g_{t,l} written gn_l"),
    ProofStep(_AP["E1"], _AP["E4"], "<=",
              "lines 2–4 of the display: the pathwise bound adam_complexity/lemma-1-a, times "
              "|G_{t,l}||m_{t,l}|"),
    ProofStep(_AP["E4"], _AP["E4s"], "=", "√(νν̃) = √ν·√ν̃ (ν, ν̃ > 0)"),
    ProofStep(_AP["E4s"], _AP["E4z"], "<=",
              "(*) mean-value inequality: Young ab ≤ a²/(2c) + cb²/2, c = 4σ/(1−β₁)",
              via=Known("young", a=_AP["young"][0], b=_AP["young"][1], c=_AP["young"][2]),
              scale=sp.sqrt(1 - beta2)),
    ProofStep(_AP["E4z"], _AP["E5"], "<=", "(|G − g| + σ)² ≤ 2|G − g|² + 2σ²",
              via=Known("square_of_sum", a=sp.Abs(Gn[l] - gn[l]), b=sigma),
              scale=_AP["sq_scale"]),
    ProofStep(_AP["E5"], _AP["rhs"], "<=",
              "Assumption 2 (E^{|F_t}|G − g|² ≤ σ², not pathwise: adam_complexity/"
              "lemma-1-a-cond-a2) and √(1−β₂)σ ≤ √ν̃¹"),
)
_COND_SOURCE_A = ("Proof of Lemma 1 (Appendix C.1), case i = 0: the display bounding "
                  "|E^{|F_t}[⟨G_t, (ν_t^{-1/2} − ν̃_t^{1,-1/2}) ⊙ m_t⟩]|, first line to last")
_COND_NOTE = ("In conditional expectation given F_t: the past g_1..g_{t−1} (hence ν_{t−1}, "
              "m_{t−1}) and G_t are inputs; g_t = G_t + s⊙(ξ − μ) with ξ_l i.i.d. from a finite "
              "law; exact enumeration over its K^d paths.  |E X| ≤ c is encoded as "
              "E[sgn·X] ≤ c with sgn ∈ {−1, 1} an input.")


def _cond_stmt(signed: bool = False, **kw) -> Statement:
    """A Lemma 1 statement in E^{|F_t} (i = 0); ``signed``: its left side reads ``sgn``."""
    qs = _COND_QS if signed else tuple(x_ for x_ in _COND_QS if x_.name != "sgn")
    hyps = _COND_HYPS if signed else tuple(h for h in _COND_HYPS if not h.relation.has(sgn))
    base = dict(paper=PAPER, kind="lemma", family="proxy-gap", quantities=qs,
                hypotheses=hyps, sampler=_cond_sampler(False), sizes=_cond_sizes(False),
                trajectory=_COND_TRAJ, recurrences=_COND_RECS, noise=_COND_NOISE,
                section="Appendix C.1, proof of Lemma 1, case i = 0", notes=_COND_NOTE)
    base.update(kw)
    return register(Statement(**base))


LEMMA_1_A_COND = _cond_stmt(
    signed=True,
    id="adam_complexity/lemma-1-a-cond",
    number="1 (proof, i = 0, in E^{|F_t})",
    title="The error term (ii)_t^0 of replacing nu_t by nutilde^1_t, in conditional expectation",
    latex=(r"\left|\mathbb{E}^{|\mathcal{F}_t}\left[\left\langle\mathbf{G}_t,\left(\frac{1}"
           r"{\sqrt{\tilde\nu_t^0}}-\frac{1}{\sqrt{\tilde\nu_t^1}}\right)\odot\mathbf{m}_t"
           r"\right\rangle\right]\right|\le\sum_{l=1}^d\frac{(1-\beta_1)|\mathbf{G}_{t,l}|^2}"
           r"{2\sqrt{\tilde\nu^1_{t,l}}}+\sum_{l=1}^d2\frac{\sqrt{1-\beta_2}}{1-\beta_1}"
           r"\mathbb{E}^{|\mathcal{F}_t}\sigma\frac{|\mathbf{m}_{t,l}|^2}{\nu_{t,l}}"),
    lhs=_A_COND_LHS,
    rhs=_A_COND_RHS,
    proof=_A_COND_PROOF,
    source=_COND_SOURCE_A,
)

LEMMA_1_A_COND_CHAIN = _cond_stmt(
    id="adam_complexity/lemma-1-a-cond-chain",
    number="1 (proof, i = 0, in E^{|F_t}, second line to fourth)",
    title="E[|m||nu^{-1/2} - nutilde^{-1/2}|] against E[|m| sqrt(1-beta2)(|G-g|+sigma)/"
          "sqrt(nu nutilde)], weighted by |G| and summed over l",
    latex=(r"\sum_{l=1}^d|\mathbf{G}_{t,l}|\mathbb{E}^{|\mathcal{F}_t}\left[|\mathbf{m}_{t,l}|"
           r"\left|\frac{1}{\sqrt{\nu_{t,l}}}-\frac{1}{\sqrt{\tilde\nu^1_{t,l}}}\right|\right]"
           r"\le\sum_{l=1}^d|\mathbf{G}_{t,l}|\mathbb{E}^{|\mathcal{F}_t}\left[|\mathbf{m}_{t,l}|"
           r"\frac{\sqrt{1-\beta_2}|\mathbf{G}_{t,l}-\mathbf{g}_{t,l}|+\sqrt{1-\beta_2}\sigma}"
           r"{\sqrt{\nu_{t,l}\tilde\nu^1_{t,l}}}\right]"),
    lhs=_A_E1,
    rhs=_A_E4,
    source=_COND_SOURCE_A + " (lines 1 to 4 of the display after the first inequality)",
)

LEMMA_1_A_COND_A2 = _cond_stmt(
    id="adam_complexity/lemma-1-a-cond-a2",
    number="1 (proof, i = 0, in E^{|F_t}, last inequality)",
    title="The last step of the i = 0 display (Assumption 2: E|G - g|^2 <= sigma^2)",
    latex=(r"\sum_{l=1}^d\frac{\sqrt{1-\beta_2}(1-\beta_1)|\mathbf{G}_{t,l}|^2}{4\sigma"
           r"\tilde\nu^1_{t,l}}\left(\mathbb{E}^{|\mathcal{F}_t}|\mathbf{G}_{t,l}-\mathbf{g}_{t,l}"
           r"|^2+\sigma^2\right)+\sum_{l=1}^d2\frac{\sqrt{1-\beta_2}}{1-\beta_1}\mathbb{E}^{|"
           r"\mathcal{F}_t}\sigma\frac{|\mathbf{m}_{t,l}|^2}{\nu_{t,l}}\le\sum_{l=1}^d\frac{(1-"
           r"\beta_1)|\mathbf{G}_{t,l}|^2}{2\sqrt{\tilde\nu^1_{t,l}}}+\sum_{l=1}^d2\frac{\sqrt{1-"
           r"\beta_2}}{1-\beta_1}\mathbb{E}^{|\mathcal{F}_t}\sigma\frac{|\mathbf{m}_{t,l}|^2}"
           r"{\nu_{t,l}}"),
    lhs=_A_E5,
    rhs=_A_COND_RHS,
    source=_COND_SOURCE_A + " (the last inequality, 'due to Assumption 2')",
)


# i > 0, conditioning on F_{t−i} with t − i = T + 1: the step's gradient g_{t−i} is the noisy one;
# G_{t−i+1} = ∇f(w_{t−i+1}) depends on it through w_{t−i+1} = w_{t−i} − ηm_{t−i}/√ν_{t−i}.  f is a
# quadratic with Hessian H = diag(h) + c·vvᵀ; |h_l| + |c|·‖v‖² ≤ L makes ‖H‖ ≤ L (f L-smooth,
# Assumption 1), so G_{t−i+1} = G_{t−i} − ηH(m_{t−i}/√ν_{t−i}).  The rank-one part couples the
# coordinates (the d of step (∘)); a finding for such an f is a finding for Assumption 1.
vv = sp.IndexedBase("v")
cH = sp.Symbol("cH", real=True)
_X_K = (beta1 * m[T, k] + (1 - beta1) * (Gn[k] + s_[k] * (xi[k] - _MU))) \
    / sp.sqrt(beta2 * nu[T, k] + (1 - beta2) * (Gn[k] + s_[k] * (xi[k] - _MU)) ** 2)
_GNEXT = Gn[l] - eta * (h_[l] * _MN / sp.sqrt(_NUN) + cH * vv[l] * sp.Sum(vv[k] * _X_K, (k, 1, d)))
_NUTI_C = beta2 ** i * _NUN + sp.Sum(beta2 ** j * (1 - beta2) * _GNEXT ** 2, (j, 0, i - 1)) \
    + (1 - beta2) * sigma ** 2
_NUTI1_C = beta2 ** (i + 1) * nu[T, l] + sp.Sum(beta2 ** j * (1 - beta2) * Gn[l] ** 2, (j, 0, i)) \
    + (1 - beta2) * sigma ** 2
_B_COND_LHS = sgn * sp.Sum(Gn[l] * (1 / sp.sqrt(_NUTI_C) - 1 / sp.sqrt(_NUTI1_C)) * _MN,
                           (l, 1, d))
_B_COEF = Lsm ** 2 * eta ** 2 * (1 - beta1) / (sp.sqrt(1 - beta2) * (1 - beta1 ** 2 / beta2)
                                             * beta2 ** i * sigma)


def _b_cond_rhs(extra=1):
    return (sp.Sum((1 - beta1) * sp.Abs(Gn[l]) ** 2 / (2 * sp.sqrt(_NUTI1_C)), (l, 1, d))
            + sp.Sum(sp.sqrt(1 - beta2) / (1 - beta1) * sigma * sp.Abs(_MN) ** 2 / _NUN,
                     (l, 1, d))
            + extra * _B_COEF * sp.Sum(sp.Abs(_MN) ** 2 / _NUN, (l, 1, d)))


_B_COND_QS = _COND_QS + (
    Quantity("I", "size", ">= 1", "largest i checked (i = 1..I; the bound at t − i = T + 1)"),
    Quantity("eta", "scalar", "> 0", "learning rate η"),
    Quantity("L", "scalar", "> 0", "smoothness constant L of Assumption 1"),
    Quantity("h", "sequence", "R", "diagonal part of the Hessian H = diag(h) + c·vvᵀ of the "
             "quadratic f", (1,), ("d",)),
    Quantity("cH", "scalar", "R", "weight c of the rank-one part of H"),
    Quantity("v", "sequence", "R", "direction v of the rank-one part of H", (1,), ("d",)),
)
_B_COND_HYPS = _COND_HYPS + (
    Hypothesis(sp.StrictGreaterThan(eta, 0), note="Algorithm 1: η > 0"),
    Hypothesis(sp.StrictGreaterThan(Lsm, 0), note="Assumption 1: L > 0"),
    Hypothesis(sp.LessThan(sp.Abs(h_[l]) + sp.Abs(cH) * sp.Sum(vv[k] ** 2, (k, 1, d)), Lsm),
               forall=((l, 1, d),),
               note="Assumption 1 for the quadratic f: ‖diag(h) + c·vvᵀ‖ ≤ max|h_l| + |c|‖v‖² ≤ L, "
                    "so ∇f is L-Lipschitz"),
    Hypothesis(sp.Eq(m0[l], 0), silent=True, forall=((l, 1, d),),
               note="m₀ = 0: step (∘) uses Lemma 5, whose proof needs m₀ = 0 (see lemma-5)"),
)
_B_COND_LATEX = (
    r"\left|\mathbb{E}^{|\mathcal{F}_{t-i}}\left[\left\langle\mathbf{G}_{t-i},\left(\frac{1}"
    r"{\sqrt{\tilde\nu_t^i}}-\frac{1}{\sqrt{\tilde\nu_t^{i+1}}}\right)\odot\mathbf{m}_{t-i}"
    r"\right\rangle\right]\right|\le\sum_{l=1}^d\frac{(1-\beta_1)|\mathbf{G}_{t-i,l}|^2}{2"
    r"\sqrt{\tilde\nu^{i+1}_{t,l}}}+\sum_{l=1}^d\frac{\sqrt{1-\beta_2}}{1-\beta_1}\mathbb{E}^{|"
    r"\mathcal{F}_{t-i}}\sigma\frac{|\mathbf{m}_{t-i,l}|^2}{\nu_{t-i,l}}+L^2\frac{\eta^2(1-"
    r"\beta_1)}{(1-\beta_2)^{\frac12}(1-\frac{\beta_1^2}{\beta_2})\beta_2^i\sigma}{}_{CORR}"
    r"\mathbb{E}^{|\mathcal{F}_{t-i}}\Big(\sum_{l=1}^d\frac{|\mathbf{m}_{t-i,l}|^2}"
    r"{\nu_{t-i,l}}\Big)")
_B_COND_SOURCE = ("Proof of Lemma 1 (Appendix C.1), case i > 0: the display bounding "
                  "|E^{|F_{t−i}}[⟨G_{t−i}, (ν̃_t^{i,-1/2} − ν̃_t^{i+1,-1/2}) ⊙ m_{t−i}⟩]|, "
                  "first line to the last (after (∘)); encoded at t − i = T + 1 for "
                  "i = 1..I")
_B_COND_NOTE = (_COND_NOTE.replace("F_t", "F_{t−i}").replace("g_t =", "g_{t−i} =")
                + "  ν̃^i_t = β₂^iν_{t−i} + Σ_{j<i}β₂^j(1−β₂)G²_{t−i+1} + (1−β₂)σ² as printed.  "
                "The factor (1 − β₁²/β₂) of the last term is read from Lemma 5 and Stage I (the "
                "extracted text of (∘) shows '1 − β₂^i/β₂').")


def _b_cond(**kw) -> Statement:
    base = dict(paper=PAPER, kind="lemma", family="proxy-gap", quantities=_B_COND_QS,
                hypotheses=_B_COND_HYPS, sampler=_cond_sampler(True), sizes=_cond_sizes(True),
                trajectory=_COND_TRAJ, recurrences=_COND_RECS, noise=_COND_NOISE,
                section="Appendix C.1, proof of Lemma 1, case i > 0",
                number="1 (proof, i > 0, in E^{|F_{t−i}})",
                forall=((i, 1, I_),), lhs=_B_COND_LHS, source=_B_COND_SOURCE, notes=_B_COND_NOTE)
    base.update(kw)
    return register(Statement(**base))


LEMMA_1_B_COND = _b_cond(
    id="adam_complexity/lemma-1-b-cond",
    title="The error term (ii)_t^i (i > 0) of replacing nutilde^i by nutilde^{i+1}, in "
          "conditional expectation",
    latex=_B_COND_LATEX.replace("{}_{CORR}", ""),
    rhs=_b_cond_rhs(),
)


# The smoothness term of the line after (⋆) (i > 0) and its bound on the next line: the proof
# passes from Σ_l 1/(1−β₁)·E σ⁻¹(m²/ν̃^i)Σ_{j<i}β₂^j√(1−β₂)|G_{t−i,l} − G_{t−i+1,l}|² to
# L²η²√(1−β₂)/((1−β₁)β₂^iσ)·E(Σ_l m²/ν_{t−i,l})², but Σ_{j<i}β₂^j√(1−β₂) = (1−β₂^i)/√(1−β₂), not
# √(1−β₂): the bound is short by (1 − β₂^i)/(1 − β₂) ∈ [1, i] (equal to 1 at i = 1 only).
_SMOOTH_LHS = sp.Sum(1 / (1 - beta1) / sigma * sp.Abs(_MN) ** 2 / _NUTI_C
                     * sp.Sum(beta2 ** j * sp.sqrt(1 - beta2) * sp.Abs(Gn[l] - _GNEXT) ** 2,
                              (j, 0, i - 1)), (l, 1, d))
_SMOOTH_RHS = Lsm ** 2 * eta ** 2 * sp.sqrt(1 - beta2) / ((1 - beta1) * beta2 ** i * sigma) \
    * sp.Sum(sp.Abs(_MN) ** 2 / _NUN, (l, 1, d)) ** 2
_SMOOTH_LATEX = (r"\sum_{l=1}^d\frac{1}{1-\beta_1}\mathbb{E}^{|\mathcal{F}_{t-i}}\frac{1}{\sigma}"
                 r"\frac{|\mathbf{m}_{t-i,l}|^2}{\tilde\nu^i_{t,l}}\Big(\sum_{j=0}^{i-1}\beta_2^j"
                 r"\sqrt{1-\beta_2}|\mathbf{G}_{t-i,l}-\mathbf{G}_{t-i+1,l}|^2\Big)\le L^2\frac"
                 r"{\eta^2\sqrt{1-\beta_2}}{(1-\beta_1)\beta_2^i\sigma}{}_{CORR}\mathbb{E}^{|"
                 r"\mathcal{F}_{t-i}}\Big(\sum_{l=1}^d\frac{|\mathbf{m}_{t-i,l}|^2}{\nu_{t-i,l}}"
                 r"\Big)^2")
_SMOOTH_QS = tuple(x_ for x_ in _B_COND_QS if x_.name != "sgn")
_SMOOTH_HYPS = tuple(h for h in _B_COND_HYPS if not h.relation.has(sgn))
_SMOOTH_SOURCE = ("Proof of Lemma 1 (Appendix C.1), case i > 0: the fourth term of the line "
                  "after (⋆) and the third term of the next line (the term-by-term reading of "
                  "that inequality: the other terms go to the other two)")

LEMMA_1_B_COND_SMOOTH = _b_cond(
    id="adam_complexity/lemma-1-b-cond-smooth",
    number="1 (proof, i > 0, after (⋆), smoothness term)",
    title="The smoothness term of the i > 0 chain against L^2 eta^2 E(sum m^2/nu)^2",
    latex=_SMOOTH_LATEX.replace("{}_{CORR}", ""),
    quantities=_SMOOTH_QS, hypotheses=_SMOOTH_HYPS,
    lhs=_SMOOTH_LHS, rhs=_SMOOTH_RHS, expected="violated",
    source=_SMOOTH_SOURCE,
)

LEMMA_1_B_COND_SMOOTH_CORRECTED = _b_cond(
    id="adam_complexity/lemma-1-b-cond-smooth",
    variant="corrected",
    reason="Σ_{j=0}^{i−1}β₂^j√(1−β₂) = (1−β₂^i)/√(1−β₂): the coefficient needs the factor "
           "(1−β₂^i)/(1−β₂) (≤ i), dropped in the printed line",
    number="1 (proof, i > 0, after (⋆), smoothness term)",
    title="The smoothness term of the i > 0 chain, with the factor (1 - beta2^i)/(1 - beta2)",
    latex=_SMOOTH_LATEX.replace("{}_{CORR}", r"\frac{1-\beta_2^i}{1-\beta_2}"),
    quantities=_SMOOTH_QS, hypotheses=_SMOOTH_HYPS,
    lhs=_SMOOTH_LHS, rhs=_SMOOTH_RHS * (1 - beta2 ** i) / (1 - beta2),
    source=_SMOOTH_SOURCE,
)
