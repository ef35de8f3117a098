"""Corollary 3.4 (= Corollary B.5) in expectation: the variance claims themselves.

As printed: see :mod:`.corollary_3_4` (first bullet: 'the variance of parameter updates is
reduced by a factor of (1−β)²/(1−β²) < 1'; second bullet: 'the off-diagonal terms ... are
suppressed by a factor of ((1−β)²/(1−β²))²'; the proof's last paragraph: the same for Adam's
bias-corrected momentum), under Assumption B.3 (i.i.d. gradients with mean μ and variance σ²)
and Assumption B.4 (m_t = βm_{t−1} + (1−β)g_t, v_t = β₂v_{t−1} + (1−β₂)g_t²).

Encoded, decided by exact enumeration over i.i.d. gradients from a finite law:
``alphaadam/corollary-3.4-var`` (Δθ = η m_t/√v_t with v_t of Assumption B.4), ``-var-lt1``,
``-offdiag`` and ``-adam-var``, each printed (violated) and corrected.
"""
from __future__ import annotations

import math

import sympy as sp
import torch

from ...expectation import NoiseSpec
from ...registry import register
from ...sampling import log_uniform, unit_interval
from ...statement import Hypothesis, Quantity, SampleContext, Statement
from ...symbolic import SeqValue
from ._common import PAPER, T, _FACTOR, _pick, beta, beta2, eta, k, t

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


def _cor_sampler(ctx: SampleContext) -> dict:
    """β ∈ (0, 1) from :func:`adaproof.sampling.unit_interval` (near 0 and near 1 included),
    with the paper's practical values 0.9 and 0.99 an eighth of the time each."""
    bb = unit_interval(ctx)
    r = ctx.rand(ctx.B)
    bb = torch.where(r < 0.125, torch.full_like(bb, 0.9), bb)
    bb = torch.where((r >= 0.125) & (r < 0.25), torch.full_like(bb, 0.99), bb)
    return {"beta": bb}


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
    strict=True,  # printed "<": encoded strictly (adaproof.conclusions)
    sampler=_var_random_v_sampler,
    sizes=_var_sizes_for(2),
    expected="violated",
    notes=_VAR_NOTE + "The weaker claim of the first bullet ('< 1, indicating a decrease in "
                      "variance'), strict as printed (violated already with lhs > rhs; exact "
                      "equality is not decided for a statement in expectation); as printed with "
                      "v_t of Assumption B.4.",
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
    supremum_ratio=1.0,
    notes=_VAR_NOTE + "Equality in expectation (ratio exactly 1 on every law); pathwise the "
                      "two sides differ, so only the exact enumeration can decide it.",
    **{**_COR_VAR_COMMON,
       "source": "Proof of Corollary B.5 (Appendix B.2), last paragraph, with Assumption B.3"},
))
