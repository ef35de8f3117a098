r"""Theorems 4.3 and 5.3 with noise (Section 4.2, Section 5; proof Appendix F), attacked in
expectation by exact enumeration of a finite noise law, on four objective families.

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025); the OCR lost most
symbols, so the bound is the explicit last display of the proof of Theorem 5.3 as read in
:mod:`adaproof.bounds.adagrad_aniso` (``_thm53_terms``; its notes give every reading).

Both theorems bound ``(1/T Σ_t E‖∇f(w_t)‖₁)²`` -- the square of an expectation, which a statement
``E[lhs] ≤ E[rhs]`` cannot write.  The right side R is deterministic (Δ, η, ϵ, ‖L‖₁, ‖σ‖₁, T, d),
so the claim is *exactly* equivalent to ``E[(1/T) Σ_t ‖∇f(w_t)‖₁] ≤ √R`` (both sides ≥ 0), which is
what is encoded: no bound on the square root is needed.

``adagrad_aniso/theorem-4.3-noise-diag``: diagonal quadratics f = Σ h_j/2 (w_j − c_j)² (L = h).
``adagrad_aniso/theorem-4.3-noise-quad``: quadratics with a non-diagonal Hessian H = AᵀA
    (d ≤ 3), f = ½(w − c)ᵀH(w − c); Assumption 3.3 (∇²f ⪯ diag(L)) with L_j = Σ_k |H_jk|, which
    holds because diag(L) − H is diagonally dominant with a non-negative diagonal.
``adagrad_aniso/theorem-4.3-noise-rational``: separable nonconvex f = Σ a_j φ(w_j − c_j),
    φ(x) = x²/(1 + x²), φ'' = (2 − 6x²)/(1 + x²)³ ∈ [−1/2, 2]: L = 2a, f* = 0.
``adagrad_aniso/theorem-4.3-noise-logistic``: logistic regression on n ≤ 3 points x_m ∈ R^d with
    labels y_m = ±1, f = (1/n) Σ_m ln(1 + exp(−y_m x_mᵀ w)) (the input X holds the rows y_m x_m:
    the loss depends on the labels only through them); ∇²f ⪯ (1/(4n)) Σ_m x_m x_mᵀ, so
    L_j = (1/(4n)) Σ_k |Σ_m x_{m,j} x_{m,k}|; f* ≥ 0, so Δ is bounded by f(w₀) (the proof uses Δ
    only through f(w₀) − f(w_T) ≤ Δ, so any Δ ≥ f(w₀) − f* is a valid instance; η is computed
    from it).
``adagrad_aniso/theorem-5.3-noise-cosh``: separable cosh objectives f = Σ (a_j/b_j²)(cosh(b_j(w_j −
    c_j)) − 1) (Assumption 5.1 with L₀ = (e − 1)a, L₁ = (e − 1)b, the noiseless theorem-5.3's family).
``adagrad_aniso/theorem-5.3-noise-rational``: the φ family (Assumption 5.1 with L₀ = 2a, L₁ = 0: the
    step size is then √(Δ/‖L₀‖₁)).

Noise: M = 1, g_t = ∇f(w_t) + σ ⊙ 1·ξ_t with ξ_t i.i.d. from a 2-point law with E ξ = 0,
E ξ² ≤ 1 (Assumptions 3.4, 3.5 with the vector σ = s), σ = 0 in a quarter of the candidates;
exact enumeration of the 2^T paths (T ≤ 8).
"""
from __future__ import annotations

import math

import sympy as sp
import torch

from ...algorithms.adagrad_aniso import AdaGradAniso
from ...bounds.adagrad_aniso import (_LAW_H, _LAW_Q, _NOISE, Delta_, L0n_, L1n_, M_, T_, _law,
    _noise_scales, _sizes, _t43, _t53, d_, eps_, eta_, sig1_)
from ...registry import register
from ...sampling import choose, log_uniform
from ...statement import Hypothesis, Quantity, Recurrence, SampleContext, Statement, \
    TrajectorySource
from ...symbolic import SeqValue
from ._common import PAPER

t, i, k, m, r = (sp.Symbol(n, integer=True) for n in ("t", "i", "k", "m", "r"))
T = sp.Symbol("T", integer=True, positive=True)
d = sp.Symbol("d", integer=True, positive=True)
n = sp.Symbol("n", integer=True, positive=True)
eps, H1 = sp.symbols("eps H", real=True)
w, v = sp.IndexedBase("w", real=True), sp.IndexedBase("v")
w0, c, s, xi = (sp.IndexedBase(nm, real=True) for nm in ("w0", "c", "s", "xi"))
h, a_, b_, A, X, y = (sp.IndexedBase(nm, real=True) for nm in ("h", "a", "b", "A", "X", "y"))
_E1 = sp.E - 1

_Q_BASE = (
    Quantity("T", "size", ">= 1", "number of iterations"),
    Quantity("d", "size", ">= 1", "dimension"),
    Quantity("eps", "scalar", "> 0", "ϵ of Algorithm 1"),
)
_Q_TAIL = (
    Quantity("c", "sequence", "R", "centre of the objective", (1,), ("d",)),
    Quantity("w0", "sequence", "R", "initial point", (1,), ("d",)),
    Quantity("s", "sequence", ">= 0", "noise scales σ_j (n_{t,j} = σ_j ξ_t)", (1,), ("d",)),
    *_LAW_Q,
    Quantity("v", "trajectory", "> 0", "v_{t-1,j}, v[0] = ϵ²", (0, 1), ("T", "d")),
    Quantity("w", "trajectory", "R", "iterates w_t, t = 0..T (Option II)", (0, 1), ("T", "d")),
)
_H_BASE = (
    Hypothesis(sp.StrictGreaterThan(eps, 0), note="ϵ > 0 (Algorithm 1; the bound divides by ϵ)"),
    Hypothesis(sp.GreaterThan(s[i], 0), forall=((i, 1, d),),
               note="σ ≥ 0 (σ = 0 is the noiseless limit of Assumption 3.5's bound)"),
    *_LAW_H,
)


def _sizes_small(gen, preset):
    return {"T": choose(gen, (1, 2, 3, 4, 6, 8)), "d": choose(gen, (1, 2, 3)),
            "n": choose(gen, (1, 2, 3))}


def _common_inputs(ctx, dn, gscale):
    sv = _noise_scales(ctx, dn, gscale)
    return {"eps": gscale * log_uniform(ctx, 1e-8, 1e2), "s": SeqValue(sv, (1,)), **_law(ctx)}


def _make(key, *, title, family_q, family_h, grad, f0, Lsum, sampler, torch_grad, torch_f0,
          torch_L, theorem="4.3", L1cap=None, torch_L1cap=None, source, notes):
    """A noisy Theorem 4.3/5.3 statement: grad(tt) is ∇_i f(w_tt) (SymPy, free i), f0 = Δ,
    Lsum = ‖L‖₁ (or ‖L₀‖₁), L1cap = ‖L₁‖∞ (5.3) or None (4.3)."""
    if theorem == "4.3":
        eta_e = sp.sqrt(f0 / Lsum)
        terms = _t43
        sub = {T_: T, d_: d, M_: 1, eta_: eta_e, Delta_: f0, L1n_: Lsum,
               sig1_: sp.Sum(s[k], (k, 1, d)), eps_: eps}
    else:
        eta_e = sp.sqrt(f0 / Lsum) if L1cap is None else sp.Min(1 / (4 * L1cap),
                                                                 sp.sqrt(f0 / Lsum))
        terms = _t53
        sub = {T_: T, d_: d, M_: 1, eta_: eta_e, Delta_: f0, L0n_: Lsum,
               sig1_: sp.Sum(s[k], (k, 1, d)), eps_: eps}
    R = sum(e for _, e in terms).subs(sub)
    G = grad(t - 1) + s[i] * xi[t]

    def build(env):
        x0 = env["w0"].data
        Dl, Ls = torch_f0(env), torch_L(env)
        lr = torch.sqrt(Dl / Ls)
        if torch_L1cap is not None:
            lr = torch.minimum(lr, 1 / (4 * torch_L1cap(env)))
        sv, xv = env["s"].data, env["xi"].data
        return AdaGradAniso(lr=lr, eps=env["eps"]), {
            "x0": x0, "T": env["T"],
            "oracle": lambda xx, tt: torch_grad(env, xx) + sv * xv[:, tt - 1:tt]}

    return register(Statement(
        id=f"{PAPER}/theorem-{theorem}-noise-{key}", paper=PAPER, kind="theorem",
        number=theorem, title=title, section="4.2, 5, Appendix F", family="rate",
        latex=(r"\frac1T\sum_{t=0}^{T-1}\mathbb{E}\|\nabla f(w_t)\|_1 \le \sqrt{R},\quad "
               r"R = \text{the last display of the proof of Theorem 5.3}"
               + (r"\ (L_1 = 0)" if L1cap is None else "")),
        quantities=_Q_BASE + tuple(family_q) + _Q_TAIL,
        hypotheses=_H_BASE + tuple(family_h) + tuple(
            Hypothesis(rel, note="Δ > 0 (the step size divides by it)")
            for rel in (sp.StrictGreaterThan(f0, 0),) if rel is not sp.true),
        lhs=sp.Sum(sp.Sum(sp.Abs(grad(t)), (i, 1, d)), (t, 0, T - 1)) / T,
        rhs=sp.sqrt(R),
        sampler=sampler, sizes=_sizes_small,
        trajectory=TrajectorySource(build=build, read={"x": ("w", (0, 1)), "v": ("v", (0, 1))},
                                    series=("v",)),
        recurrences=(
            Recurrence("v", t, 1, eps ** 2, v[t - 1, i] + G ** 2),
            Recurrence("w", t, 1, w0[i], w[t - 1, i] - eta_e * G / sp.sqrt(v[t, i])),
        ),
        noise=_NOISE,
        source=source,
        notes=("(1/T Σ E‖∇f‖₁)² ≤ R is encoded as E[(1/T)Σ‖∇f‖₁] ≤ √R (exactly equivalent: R is "
               "deterministic).  M = 1, n_t = σξ_t with a 2-point law, E ξ = 0, E ξ² ≤ 1; exact "
               "enumeration of the 2^T paths.  " + notes),
    ))


# -- diagonal quadratics ----------------------------------------------------------------------
def _s_diag(ctx: SampleContext) -> dict:
    dn = ctx.sizes["d"]
    hv = log_uniform(ctx, 1e-3, 1e3, dn)
    cv = ctx.randn(ctx.B, dn)
    w0v = cv + ctx.randn(ctx.B, dn) * log_uniform(ctx, 1e-4, 1e2)[:, None]
    gscale = (hv * (w0v - cv).abs()).mean(1).clamp_min(1e-12)
    return {"h": SeqValue(hv, (1,)), "c": SeqValue(cv, (1,)), "w0": SeqValue(w0v, (1,)),
            **_common_inputs(ctx, dn, gscale)}


THEOREM_4_3_NOISE_DIAG = _make(
    "diag", title="Theorem 4.3 with noise on diagonal quadratics (exact enumeration)",
    family_q=(Quantity("h", "sequence", "> 0", "curvatures = the smoothness vector L", (1,),
                       ("d",)),),
    family_h=(Hypothesis(sp.StrictGreaterThan(h[i], 0), forall=((i, 1, d),),
                         note="f = Σ h_j/2 (w_j − c_j)²: Assumptions 3.2, 3.3 with L = h, f* = 0"),),
    grad=lambda tt: h[i] * (w[tt, i] - c[i]),
    f0=sp.Sum(h[k] / 2 * (w0[k] - c[k]) ** 2, (k, 1, d)), Lsum=sp.Sum(h[k], (k, 1, d)),
    sampler=_s_diag,
    torch_grad=lambda env, xx: env["h"].data * (xx - env["c"].data),
    torch_f0=lambda env: (env["h"].data / 2 * (env["w0"].data - env["c"].data) ** 2).sum(1),
    torch_L=lambda env: env["h"].data.sum(1),
    source="Theorem 4.3 (= 5.3 with L₁ = 0), explicit bound of the proof of Theorem 5.3, with noise",
    notes="Family: diagonal quadratics (L = h exactly).")


# -- quadratics with a non-diagonal Hessian H = AᵀA -------------------------------------------
_Hik = lambda p_, q_: sp.Sum(A[r, p_] * A[r, q_], (r, 1, d))


def _s_quad(ctx: SampleContext) -> dict:
    dn = ctx.sizes["d"]
    Av = ctx.randn(ctx.B, dn, dn) * log_uniform(ctx, 1e-2, 1e2)[:, None, None]
    # a near-diagonal A in a third of the candidates (H almost diagonal: L ≈ diag(H))
    nd = (ctx.rand(ctx.B) < 0.33)[:, None, None]
    Av = torch.where(nd, Av * (torch.eye(dn, dtype=ctx.dtype) + 1e-3), Av)
    cv = ctx.randn(ctx.B, dn)
    w0v = cv + ctx.randn(ctx.B, dn) * log_uniform(ctx, 1e-3, 1e2)[:, None]
    Hv = Av.transpose(1, 2) @ Av
    gscale = (Hv @ (w0v - cv)[:, :, None]).abs().mean((1, 2)).clamp_min(1e-12)
    return {"A": SeqValue(Av, (1, 1)), "c": SeqValue(cv, (1,)), "w0": SeqValue(w0v, (1,)),
            **_common_inputs(ctx, dn, gscale)}


def _H_t(env):
    Av = env["A"].data
    return Av.transpose(1, 2) @ Av


THEOREM_4_3_NOISE_QUAD = _make(
    "quad", title="Theorem 4.3 with noise on quadratics with a non-diagonal Hessian",
    family_q=(Quantity("A", "sequence", "R", "factor of the Hessian H = AᵀA", (1, 1), ("d", "d")),),
    family_h=(),
    grad=lambda tt: sp.Sum(_Hik(i, k) * (w[tt, k] - c[k]), (k, 1, d)),
    f0=sp.Sum(sp.Sum(_Hik(m, k) * (w0[m] - c[m]) * (w0[k] - c[k]), (k, 1, d)), (m, 1, d)) / 2,
    Lsum=sp.Sum(sp.Sum(sp.Abs(_Hik(m, k)), (k, 1, d)), (m, 1, d)),
    sampler=_s_quad,
    torch_grad=lambda env, xx: (_H_t(env) @ (xx - env["c"].data)[:, :, None])[:, :, 0],
    torch_f0=lambda env: 0.5 * ((env["w0"].data - env["c"].data)[:, None, :] @ _H_t(env) @
                                (env["w0"].data - env["c"].data)[:, :, None])[:, 0, 0],
    torch_L=lambda env: _H_t(env).abs().sum((1, 2)),
    source="Theorem 4.3, explicit bound of the proof of Theorem 5.3, with noise; f = ½(w−c)ᵀH(w−c)",
    notes=("Family: f = ½(w − c)ᵀAᵀA(w − c), f* = 0; L_j = Σ_k |H_jk| (diag(L) − H diagonally "
           "dominant, hence ⪰ 0: Assumption 3.3), so ‖L‖₁ = Σ_{j,k} |H_jk|."))


# -- separable nonconvex: f = Σ a_j φ(w_j − c_j), φ(x) = x²/(1 + x²) ------------------------
def _phi(z):
    return z ** 2 / (1 + z ** 2)


def _dphi(z):
    return 2 * z / (1 + z ** 2) ** 2

def _s_rational(ctx: SampleContext) -> dict:
    dn = ctx.sizes["d"]
    av = log_uniform(ctx, 1e-3, 1e3, dn)
    cv = ctx.randn(ctx.B, dn)
    w0v = cv + ctx.randn(ctx.B, dn) * log_uniform(ctx, 1e-3, 3.0)[:, None]
    w0v = torch.where(((w0v - cv).abs() < 1e-8), cv + 1e-3, w0v)
    gscale = (av * _dphi(w0v - cv).abs()).mean(1).clamp_min(1e-12)
    return {"a": SeqValue(av, (1,)), "c": SeqValue(cv, (1,)), "w0": SeqValue(w0v, (1,)),
            **_common_inputs(ctx, dn, gscale)}


_Q_A = (Quantity("a", "sequence", "> 0", "amplitudes (L = 2a)", (1,), ("d",)),)
_H_A = (Hypothesis(sp.StrictGreaterThan(a_[i], 0), forall=((i, 1, d),),
                   note="f = Σ a_j φ(w_j − c_j) ≥ 0 = f*, φ(x) = x²/(1 + x²); |∂²_j f| ≤ 2a_j "
                        "(Assumption 3.3 with L = 2a; Assumption 5.1 with L₀ = 2a, L₁ = 0); "
                        "nonconvex"),)
_rational_kw = dict(
    family_q=_Q_A, family_h=_H_A,
    grad=lambda tt: a_[i] * _dphi(w[tt, i] - c[i]),
    f0=sp.Sum(a_[k] * _phi(w0[k] - c[k]), (k, 1, d)), Lsum=2 * sp.Sum(a_[k], (k, 1, d)),
    sampler=_s_rational,
    torch_grad=lambda env, xx: env["a"].data * _dphi(xx - env["c"].data),
    torch_f0=lambda env: (env["a"].data * _phi(env["w0"].data - env["c"].data)).sum(1),
    torch_L=lambda env: 2 * env["a"].data.sum(1))
THEOREM_4_3_NOISE_RATIONAL = _make(
    "rational", title="Theorem 4.3 with noise on separable nonconvex a·x²/(1 + x²) objectives",
    source="Theorem 4.3, explicit bound of the proof of Theorem 5.3, with noise",
    notes="Family: separable nonconvex f = Σ a_j φ(w_j − c_j), φ = x²/(1 + x²), L = 2a, f* = 0.",
    **_rational_kw)
THEOREM_5_3_NOISE_RATIONAL = _make(
    "rational", theorem="5.3",
    title="Theorem 5.3 with noise on separable nonconvex a·x²/(1 + x²) objectives (L₁ = 0)",
    source="Theorem 5.3, explicit bound of its proof, with noise; L₀ = 2a, L₁ = 0",
    notes="Family: separable nonconvex f = Σ a_j φ(w_j − c_j), φ = x²/(1 + x²), L₀ = 2a, "
          "L₁ = 0, f* = 0.",
    **_rational_kw)


# -- logistic regression on n ≤ 3 points ------------------------------------------------------
def _sig(z):
    return 1 / (1 + sp.exp(-z))


_margin = lambda ww, mm: sp.Sum(X[mm, k] * ww(k), (k, 1, d))


def _s_logistic(ctx: SampleContext) -> dict:
    dn, nn = ctx.sizes["d"], ctx.sizes["n"]
    Xv = ctx.randn(ctx.B, nn, dn) * log_uniform(ctx, 1e-1, 1e1)[:, None, None]
    w0v = ctx.randn(ctx.B, dn) * log_uniform(ctx, 1e-2, 1e1)[:, None]
    gscale = Xv.abs().mean((1, 2)).clamp_min(1e-12) / 2
    return {"X": SeqValue(Xv, (1, 1)), "w0": SeqValue(w0v, (1,)),
            "c": SeqValue(torch.zeros(ctx.B, dn, dtype=ctx.dtype), (1,)),
            **_common_inputs(ctx, dn, gscale)}


def _tg_logistic(env, xx):
    Xv = env["X"].data
    z = (Xv @ xx[:, :, None])[:, :, 0]                           # (B, n)
    return -(Xv * torch.sigmoid(-z)[:, :, None]).mean(1)         # (B, d)


def _tf0_logistic(env):
    Xv = env["X"].data
    z = (Xv @ env["w0"].data[:, :, None])[:, :, 0]
    return torch.nn.functional.softplus(-z).mean(1)


THEOREM_4_3_NOISE_LOGISTIC = _make(
    "logistic", title="Theorem 4.3 with noise on logistic regression over n ≤ 3 points",
    family_q=(Quantity("n", "size", ">= 1", "number of data points"),
              Quantity("X", "sequence", "R", "labelled data points y_m x_m (rows)", (1, 1),
                       ("n", "d"))),
    family_h=(),
    grad=lambda tt: -sp.Sum(X[m, i] * _sig(-_margin(lambda kk: w[tt, kk], m)),
                            (m, 1, n)) / n,
    f0=sp.Sum(sp.log(1 + sp.exp(-_margin(lambda kk: w0[kk], m))), (m, 1, n)) / n,
    Lsum=sp.Sum(sp.Sum(sp.Abs(sp.Sum(X[m, r] * X[m, k], (m, 1, n))), (k, 1, d)),
                (r, 1, d)) / (4 * n),
    sampler=_s_logistic,
    torch_grad=_tg_logistic, torch_f0=_tf0_logistic,
    torch_L=lambda env: (env["X"].data.transpose(1, 2) @ env["X"].data).abs().sum((1, 2))
    / (4 * env["X"].data.shape[1]),
    source="Theorem 4.3, explicit bound of the proof of Theorem 5.3, with noise; logistic loss",
    notes=("Family: logistic regression, f = (1/n)Σ ln(1 + e^{−y_m x_mᵀw}); ∇²f ⪯ XᵀX/(4n), "
           "L_j = Σ_k |(XᵀX)_{jk}|/(4n) (diagonal dominance); Δ := f(w₀) ≥ f(w₀) − f* (f ≥ 0); "
           "the centre c is unused (0)."))


# -- Theorem 5.3 with noise on the separable cosh family --------------------------------------
from ...bounds.adagrad_aniso import _cosh_m1, _sinh  # noqa: E402  (the same cosh family)


def _s_cosh(ctx: SampleContext) -> dict:
    dn = ctx.sizes["d"]
    av = log_uniform(ctx, 1e-2, 1e2, dn)
    bv = log_uniform(ctx, 1e-2, 1e2, dn)
    Hv = bv.max(1).values * torch.where(ctx.rand(ctx.B) < 0.8, torch.ones(ctx.B, dtype=ctx.dtype),
                                         1 + log_uniform(ctx, 1e-6, 10.0))
    cv = ctx.randn(ctx.B, dn)
    sign = torch.where(ctx.rand(ctx.B, dn) < 0.5, -1.0, 1.0).to(ctx.dtype)
    w0v = cv + sign * log_uniform(ctx, 1e-2, 5.0, dn) / bv
    gscale = (av / bv * torch.sinh(bv * (w0v - cv)).abs()).mean(1).clamp_min(1e-12)
    return {"H": Hv, "a": SeqValue(av, (1,)), "b": SeqValue(bv, (1,)), "c": SeqValue(cv, (1,)),
            "w0": SeqValue(w0v, (1,)), **_common_inputs(ctx, dn, gscale)}


THEOREM_5_3_NOISE_COSH = _make(
    "cosh", theorem="5.3",
    title="Theorem 5.3 with noise on separable cosh objectives ((L₀, L₁)-smooth)",
    family_q=(Quantity("H", "scalar", ">= max b", "‖L₁‖∞/(e−1) used by the theorem"),
              Quantity("a", "sequence", "> 0", "curvatures at the minimiser (L₀ = (e−1)a)", (1,),
                       ("d",)),
              Quantity("b", "sequence", "> 0", "growth rates (L₁ = (e−1)b)", (1,), ("d",))),
    family_h=(Hypothesis(sp.StrictGreaterThan(a_[i], 0), forall=((i, 1, d),),
                         note="Assumption 5.1 with L₀ = (e−1)a, L₁ = (e−1)b (see the bounds "
                              "module's comment on the cosh family); f* = 0"),
              Hypothesis(sp.StrictGreaterThan(b_[i], 0), forall=((i, 1, d),)),
              Hypothesis(sp.LessThan(b_[i], H1), forall=((i, 1, d),),
                         note="‖L₁‖∞ = (e−1)H ≥ (e−1)max b")),
    grad=lambda tt: a_[i] / b_[i] * _sinh(b_[i] * (w[tt, i] - c[i])),
    f0=sp.Sum(a_[k] / b_[k] ** 2 * _cosh_m1(b_[k] * (w0[k] - c[k])), (k, 1, d)),
    Lsum=_E1 * sp.Sum(a_[k], (k, 1, d)), L1cap=_E1 * H1,
    sampler=_s_cosh,
    torch_grad=lambda env, xx: env["a"].data / env["b"].data * torch.sinh(
        env["b"].data * (xx - env["c"].data)),
    torch_f0=lambda env: (env["a"].data / env["b"].data ** 2 * (torch.cosh(
        env["b"].data * (env["w0"].data - env["c"].data)) - 1)).sum(1),
    torch_L=lambda env: (math.e - 1) * env["a"].data.sum(1),
    torch_L1cap=lambda env: (math.e - 1) * env["H"],
    source="Theorem 5.3, explicit bound of its proof, with noise, "
           "η = min{1/(4‖L₁‖∞), √(Δ/‖L₀‖₁)}",
    notes="Family: separable cosh objectives (convex, (L₀, L₁)-smooth, not L-smooth).")


# -- shared with the proof steps (26)-(29) on the same trajectories ---------------------------
ETA_COSH = sp.Min(1 / (4 * _E1 * H1), sp.sqrt(
    sp.Sum(a_[k] / b_[k] ** 2 * _cosh_m1(b_[k] * (w0[k] - c[k])), (k, 1, d))
    / (_E1 * sp.Sum(a_[k], (k, 1, d)))))
DELTA_COSH_T = lambda tt: sp.Sum(a_[k] / b_[k] ** 2 * _cosh_m1(b_[k] * (w[tt, k] - c[k])), (k, 1, d))
GRAD_COSH = lambda tt, ii: a_[ii] / b_[ii] * _sinh(b_[ii] * (w[tt, ii] - c[ii]))


def cosh_noisy(id, **kw):
    """A statement on theorem-5.3-noise-cosh's trajectories (same inputs, sampler, law)."""
    import dataclasses
    return register(dataclasses.replace(THEOREM_5_3_NOISE_COSH, id=id, **kw))
