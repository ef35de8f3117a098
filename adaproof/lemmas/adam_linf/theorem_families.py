"""Theorems 3.2, 3.5 and 3.11 attacked on three objective families (d = 2), Theorems 3.5 and
3.11 with noise (exact expectation over Rademacher noise, 2^{2T} ≤ 4096 paths, re-verified in
mpmath), each instance within the theorem's class with its constants bounded exactly.

Coordinates are indexed (block b, position k), n blocks of m coordinates, d = nm = 2; the flat
index of (b, k) is (b − 1)m + k.  Per family, the coordinate-wise ℓ∞-smoothness constants
(Definition 3.3: |∇_i L(x) − ∇_i L(y)| ≤ H_i‖x − y‖∞) are bounded by the row sums
H_i = sup_x Σ_j |∇²_{ij} L(x)|, computed exactly:

* ``quadratic-nondiagonal``: L(x) = ½(x − c)ᵀA(x − c), A = [[A₁₁, A₁₂], [A₁₂, A₂₂]] positive
  semi-definite (so min L = 0); H_i = Σ_j |A_ij|; for Theorem 3.2 the exact ℓ∞→ℓ₁ constant
  ‖A‖_{∞→1} = max(|A₁₁ + A₁₂| + |A₁₂ + A₂₂|, |A₁₁ − A₁₂| + |A₁₂ − A₂₂|).
* ``separable-nonconvex``: L(x) = Σ_i α_i z_i²/(1 + z_i²) + γ_i z_i²/2, z = x − c, α, γ ≥ 0
  (nonconvex for α_i > 0); L_i'' ∈ [γ_i − α_i/2, γ_i + 2α_i], so H_i = 2α_i + γ_i (exact sup),
  min L = 0; Theorem 3.2's H = Σ_i H_i (exact for a separable L).
* ``logistic``: L(x) = (1/4)Σ_k ln(1 + exp(−y_k X_kᵀx)), four points X_k ∈ ℝ², y_k = ±1;
  ∇²L = (1/4)Σ_k s_k X_k X_kᵀ with 0 < s_k ≤ 1/4, so H_i = Σ_k |X_ki| ‖X_k‖₁/16;
  Theorem 3.2's H = Σ_i H_i.  L(x₀) − min L is bounded by L(x₀) − sym·ln 2 (input sym ∈ {0, 1}):
  inf L ≥ 0 always (sym = 0), and min L = ln 2 exactly when the points come in symmetric pairs
  (X₃, y₃) = (−X₁, y₁), (X₄, y₄) = (−X₂, y₂) (then L(x) ≥ ln 2 = L(0), since
  ln(1 + e^{−μ}) + ln(1 + e^{μ}) ≥ ln 4); a larger right side than the printed one at worst, so
  a violation found is one of the printed theorem.

Theorem 3.11 (Definition 3.9): A = diag(a_{Φ(i)}) with a_b = max_{i∈b} H_i dominates
|∇²L(x)| (entry-wise absolute value: diagonally dominant, the reading of Appendix C.2), so
H(L, Φ) ≤ Σ_b d_b a_b, and H_b = a_b in F (Lemma C.1's dominating H).  Noise:
g_t = ∇L(x_{t−1}) + s ⊙ ξ_t, ξ_{t,b,k} = ±1 with probability ½, so E‖∇_(b)L_t − ∇_(b)L‖² =
Σ_k s_{b,k}² = d_b σ_b² exactly (Assumption 3.10; Assumption 3.4 with σ_i = s_i at m = 1).
E[L(x₀) − L(x_T)] is replaced by that bound on L(x₀) − inf L ≥ it and the measured side is
E[min_t ·] ≤ min_t E[·]: both make a violation found here a violation of the printed theorem.

Source: paper 001 (adam_linf), Theorem 3.2 (l.100), Theorem 3.5 (l.124), Theorem 3.11 (l.199),
Definitions 3.3 and 3.9, Assumptions 3.4 and 3.10, Appendix C.1–C.2.
"""
from __future__ import annotations


import sympy as sp
import torch

from ...algorithms.adam_linf import BlockwiseAdam, SignGD
from ...bounds.adam_linf import THEOREM_3_2, THEOREM_3_5, _T311_LATEX, blockwise_terms
from ...expectation import NoiseSpec
from ...registry import register
from ...sampling import choose, log_uniform, unit_interval
from ...statement import Hypothesis, Quantity, Recurrence, SampleContext, Statement, \
    TrajectorySource
from ...symbolic import IndexMax, IndexMin, SeqValue
from ._common import PAPER

t, b, k, j, q, bp, kp, r = sp.symbols("t b k j q bp kp r", integer=True)
T = sp.Symbol("T", integer=True, positive=True)
nS = sp.Symbol("n", integer=True, positive=True)
mS = sp.Symbol("m", integer=True, positive=True)
eta, beta2, eps, v0 = sp.symbols("eta beta2 eps v0", real=True)
x, v, x0, c, s, xi, u, p = (sp.IndexedBase(n_) for n_ in ("x", "v", "x0", "c", "s", "xi", "u",
                                                          "p"))
A, al, ga, X, y = (sp.IndexedBase(n_) for n_ in ("A", "al", "ga", "X", "y"))
NPTS = 4
sym = sp.Symbol("sym", real=True)
FAMILIES = ("quadratic-nondiagonal", "separable-nonconvex", "logistic")


def _flat(b_, k_):
    return (b_ - 1) * mS + k_


# -- ∇_{(b,k)} L(x_tt), L(x₀), H_{(b,k)} per family ------------------------------------------
def _grad(family, tt, b_, k_):
    if family == "quadratic-nondiagonal":
        return sp.Sum(A[_flat(b_, k_), _flat(bp, kp)] * (x[tt, bp, kp] - c[bp, kp]),
                      (bp, 1, nS), (kp, 1, mS))
    if family == "separable-nonconvex":
        z = x[tt, b_, k_] - c[b_, k_]
        return al[b_, k_] * 2 * z / (1 + z ** 2) ** 2 + ga[b_, k_] * z
    marg = y[q] * sp.Sum(X[q, _flat(bp, kp)] * x[tt, bp, kp], (bp, 1, nS), (kp, 1, mS))
    return -sp.Sum(y[q] * X[q, _flat(b_, k_)] / (1 + sp.exp(marg)), (q, 1, NPTS)) / NPTS


def _loss0(family):
    if family == "quadratic-nondiagonal":
        return sp.Sum((x0[b, k] - c[b, k]) * A[_flat(b, k), _flat(bp, kp)] * (x0[bp, kp] - c[bp, kp]),
                      (b, 1, nS), (k, 1, mS), (bp, 1, nS), (kp, 1, mS)) / 2
    if family == "separable-nonconvex":
        z = x0[b, k] - c[b, k]
        return sp.Sum(al[b, k] * z ** 2 / (1 + z ** 2) + ga[b, k] * z ** 2 / 2,
                      (b, 1, nS), (k, 1, mS))
    marg = y[q] * sp.Sum(X[q, _flat(bp, kp)] * x0[bp, kp], (bp, 1, nS), (kp, 1, mS))
    return sp.Sum(sp.log(1 + sp.exp(-marg)), (q, 1, NPTS)) / NPTS


def _gap(family):
    """L(x₀) − (a lower bound on min L): = L(x₀) − min L except for logistic without pairs."""
    return _loss0(family) - sym * sp.log(2) if family == "logistic" else _loss0(family)


def _Hi(family, b_, k_):
    if family == "quadratic-nondiagonal":
        return sp.Sum(sp.Abs(A[_flat(b_, k_), j]), (j, 1, nS * mS))
    if family == "separable-nonconvex":
        return 2 * al[b_, k_] + ga[b_, k_]
    return sp.Sum(sp.Abs(X[q, _flat(b_, k_)]) * sp.Sum(sp.Abs(X[q, j]), (j, 1, nS * mS)),
                  (q, 1, NPTS)) / (4 * NPTS)


def _H_linf(family):
    """Theorem 3.2's H (smoothness w.r.t. ℓ∞)."""
    if family == "quadratic-nondiagonal":
        return sp.Max(sp.Abs(A[1, 1] + A[1, 2]) + sp.Abs(A[1, 2] + A[2, 2]),
                      sp.Abs(A[1, 1] - A[1, 2]) + sp.Abs(A[1, 2] - A[2, 2]))
    return sp.Sum(_Hi(family, b, k), (b, 1, nS), (k, 1, mS))


def _family_qs(family):
    if family == "quadratic-nondiagonal":
        return (Quantity("A", "sequence", "PSD", "Hessian A (2×2 symmetric PSD), flat index",
                         (1, 1), ("n*m", "n*m")),
                Quantity("c", "sequence", "R", "minimiser c", (1, 1), ("n", "m")))
    if family == "separable-nonconvex":
        return (Quantity("al", "sequence", ">= 0", "weights α of z²/(1 + z²)", (1, 1), ("n", "m")),
                Quantity("ga", "sequence", ">= 0", "weights γ of z²/2", (1, 1), ("n", "m")),
                Quantity("c", "sequence", "R", "minimiser c", (1, 1), ("n", "m")))
    return (Quantity("X", "sequence", "R", "four data points X_k ∈ ℝ² (flat index)", (1, 1),
                     ("4", "n*m")),
            Quantity("y", "sequence", "{−1, 1}", "labels y_k", (1,), ("4",)),
            Quantity("sym", "scalar", "{0, 1}", "1: the points come in symmetric pairs and "
                     "min L = ln 2 is used; 0: inf L ≥ 0 is used"))


def _family_hyps(family):
    if family == "quadratic-nondiagonal":
        return (Hypothesis(sp.Eq(A[1, 2], A[2, 1]), note="A symmetric"),
                Hypothesis(sp.And(sp.GreaterThan(A[1, 1], 0), sp.GreaterThan(A[2, 2], 0),
                                  sp.GreaterThan(A[1, 1] * A[2, 2], A[1, 2] ** 2)),
                           note="A positive semi-definite: min L = 0 (L(x₀) − min L = L(x₀))"),)
    if family == "separable-nonconvex":
        return (Hypothesis(sp.And(sp.GreaterThan(al[b, k], 0), sp.GreaterThan(ga[b, k], 0)),
                           forall=((b, 1, nS), (k, 1, mS)), note="α, γ ≥ 0: min L = 0"),)
    mismatch = (sum((X[3, i_] + X[1, i_]) ** 2 + (X[4, i_] + X[2, i_]) ** 2 for i_ in (1, 2))
                + (y[3] - y[1]) ** 2 + (y[4] - y[2]) ** 2)
    return (Hypothesis(sp.Eq(y[q] ** 2, 1), forall=((q, 1, NPTS),), note="labels ±1"),
            Hypothesis(sp.Eq(sym * (1 - sym), 0), note="sym ∈ {0, 1}"),
            Hypothesis(sp.Eq(sym * mismatch, 0),
                       note="sym = 1 only for symmetric pairs, where min L = ln 2 exactly"))


def _sizes_factory(blocks: bool, noisy: bool):
    def sizes(gen: torch.Generator, preset: str) -> dict:
        m_ = choose(gen, (1, 2)) if blocks else 1
        Topt = (2, 4, 6) if noisy else (1, 2, 3, 10)
        return {"T": choose(gen, Topt), "n": 2 // m_, "m": m_}
    return sizes


def _instance(family: str, ctx: SampleContext, near=None) -> dict:
    """The family's instance (as adam_complexity's theorem_families; logistic: symmetric pairs
    half the time, L_min = ln 2 there, else 0) and x₀ = c + offset (c = 0 for logistic), offset
    scale log-uniform in [1e-6, 10], or a third of the time 1e-6..1e-2 times ``near`` (η)."""
    B, n_, m_ = ctx.B, ctx.sizes["n"], ctx.sizes["m"]
    out = {}
    if family == "quadratic-nondiagonal":
        h = log_uniform(ctx, 1e-2, 1e2, 2)
        rho = (2 * ctx.rand(B) - 1) * torch.where(ctx.rand(B) < 0.3,
                                                  torch.ones(B, dtype=ctx.dtype),
                                                  ctx.rand(B)) * (1 - 2 ** -30)
        kk = rho * torch.sqrt(h[:, 0] * h[:, 1])
        Am = torch.stack([torch.stack([h[:, 0], kk], 1), torch.stack([kk, h[:, 1]], 1)], 1)
        cv = ctx.randn(B, n_, m_)
        out.update(A=SeqValue(Am, (1, 1)), c=SeqValue(cv, (1, 1)))
    elif family == "separable-nonconvex":
        a_ = log_uniform(ctx, 1e-2, 1e2, n_, m_)
        g_ = torch.where(ctx.rand(B, n_, m_) < 0.5, torch.zeros(B, n_, m_, dtype=ctx.dtype),
                         log_uniform(ctx, 1e-3, 1e2, n_, m_))
        cv = ctx.randn(B, n_, m_)
        out.update(al=SeqValue(a_, (1, 1)), ga=SeqValue(g_, (1, 1)), c=SeqValue(cv, (1, 1)))
    else:
        Xm = ctx.randn(B, NPTS, 2) * log_uniform(ctx, 1e-1, 10.0).reshape(B, 1, 1)
        yv = torch.where(ctx.rand(B, NPTS) < 0.5, -1.0, 1.0).to(ctx.dtype)
        pair = ctx.rand(B) < 0.5  # symmetric pairs: min L = ln 2 at 0
        Xm = torch.where(pair[:, None, None], torch.cat([Xm[:, :2], -Xm[:, :2]], 1), Xm)
        yv = torch.where(pair[:, None], torch.cat([yv[:, :2], yv[:, :2]], 1), yv)
        out.update(X=SeqValue(Xm, (1, 1)), y=SeqValue(yv, (1,)), sym=pair.to(ctx.dtype))
        cv = torch.zeros(B, n_, m_, dtype=ctx.dtype)
    off = ctx.randn(B, n_, m_) * log_uniform(ctx, 1e-6, 10.0).reshape(B, 1, 1)
    if near is not None:  # a third of the time: x₀ within 1e-6..1e-2 step sizes of c
        off = torch.where(ctx.rand(B, 1, 1) < 1 / 3, off.sign() * near.reshape(B, 1, 1)
                          * log_uniform(ctx, 1e-6, 1e-2, n_, m_), off)
    out["x0"] = SeqValue(cv + off, (1, 1))
    return out


def _torch_grad(family, env):
    """∇L on (B, n, m) tensors (flattened to (B, 2) in the flat index order)."""
    if family == "quadratic-nondiagonal":
        Am, cv = env["A"].data, env["c"].data
        return lambda xx: torch.einsum("blj,bj->bl", Am, (xx - cv).reshape(xx.shape[0], -1)
                                       ).reshape(xx.shape)
    if family == "separable-nonconvex":
        a_, g_, cv = env["al"].data, env["ga"].data, env["c"].data
        return lambda xx: a_ * 2 * (xx - cv) / (1 + (xx - cv) ** 2) ** 2 + g_ * (xx - cv)
    Xm, yv = env["X"].data, env["y"].data

    def grad(xx):
        xf = xx.reshape(xx.shape[0], -1)
        w_ = yv / (1 + torch.exp(yv * torch.einsum("bij,bj->bi", Xm, xf)))
        return (-(w_[:, :, None] * Xm).sum(1) / NPTS).reshape(xx.shape)
    return grad


def _gscale(family, inp) -> torch.Tensor:
    """|∇L(x₀)|_∞ (clamped away from 0), the scale of v₀, ε and the noise."""
    env = dict(inp)
    g = _torch_grad(family, env)(inp["x0"].data)
    return g.abs().amax(dim=(1, 2)).clamp_min(1e-12)


# -- Theorem 3.2: SignGD, deterministic ---------------------------------------------------------
def _t32_sampler(family):
    def sampler(ctx: SampleContext) -> dict:
        """The family's instance; η log-uniform in [1e-4, 10]; x₀ within 1e-6..1e-2 η of c a
        third of the time (where the printed index range matters)."""
        etav = log_uniform(ctx, 1e-4, 10.0)
        out = _instance(family, ctx, near=etav)
        out["eta"] = etav
        return out
    return sampler


def _t32_build(family):
    def build(env):
        grad = _torch_grad(family, env)
        return SignGD(lr=env["eta"]), {"x0": env["x0"].data, "T": env["T"],
                                       "oracle": lambda xx, tt: grad(xx)}
    return build


def _theorem_3_2(family: str, variant: str) -> Statement:
    first = 1 if variant == "printed" else 0
    l1 = lambda tt: sp.Sum(sp.Abs(_grad(family, tt, b, k)), (b, 1, nS), (k, 1, mS))  # noqa
    return register(Statement(
        id=f"adam_linf/theorem-3.2-family-{family}", paper=PAPER, kind="theorem",
        number=f"3.2 ({family})",
        title=f"SignGD under ℓ∞-smoothness on {family.replace('-', ' ')} objectives",
        section="3.1, Appendix B", family="rate", variant=variant,
        reason=("the proof's telescoped descent (7) bounds min over t = 0..T−1, not 1..T"
                if variant == "corrected" else ""),
        latex=THEOREM_3_2.latex_printed,
        quantities=(Quantity("eta", "scalar", "> 0", "learning rate η"),
                    Quantity("T", "size", ">= 1", "number of steps"),
                    Quantity("n", "size", "= 2", "coordinates (blocks of size 1)"),
                    Quantity("m", "size", "= 1", "block size"))
        + _family_qs(family)
        + (Quantity("x0", "sequence", "R", "initial point x₀", (1, 1), ("n", "m")),
           Quantity("x", "trajectory", "R", "SignGD iterates x_t", (0, 1, 1), ("T", "n", "m"))),
        hypotheses=(Hypothesis(sp.StrictGreaterThan(eta, 0), note="Theorem 3.2: η > 0"),)
        + _family_hyps(family),
        lhs=IndexMin(l1(t), (t, first, T + first - 1)),
        rhs=_gap(family) / (T * eta) + _H_linf(family) * eta / 2,
        sampler=_t32_sampler(family), sizes=_sizes_factory(False, False),
        trajectory=TrajectorySource(build=_t32_build(family), read={"x": ("x", (0, 1, 1))}),
        recurrences=(Recurrence("x", t, 1, x0[b, k],
                                x[t - 1, b, k] - eta * sp.sign(_grad(family, t - 1, b, k))),),
        expected="violated" if variant == "printed" else "holds",
        source=f"Theorem 3.2 on the {family} family, d = 2, with H and L(x₀) − min L bounded "
               f"exactly (module docstring)",
        notes=__doc__.split("\n\n")[1].replace("\n", " ")))


# -- Theorems 3.5 (Φ_Adam) and 3.11 (Φ_Adam or Φ_AdaSGD) with Rademacher noise ---------------
def _adam_sampler(family):
    def sampler(ctx: SampleContext) -> dict:
        """The family's instance; η log-uniform in [1e-4, 10]; β₂ from unit_interval; ε = 0 half
        the time, else log-uniform relative to |∇L(x₀)|²; v₀ log-uniform in [1e-8, 1e4] (times
        |∇L(x₀)|² half the time), 0 for a fifth where ε > 0; s = 0 for a fifth, else
        log-uniform in [1e-3, 10]·|∇L(x₀)|_∞ per coordinate."""
        B, n_, m_ = ctx.B, ctx.sizes["n"], ctx.sizes["m"]
        etav = log_uniform(ctx, 1e-4, 10.0)
        out = _instance(family, ctx, near=etav)
        gs = _gscale(family, out)
        eps_ = torch.where(ctx.rand(B) < 0.5, torch.zeros(B, dtype=ctx.dtype),
                           log_uniform(ctx, 1e-12, 1.0) * gs ** 2)
        v0_ = log_uniform(ctx, 1e-8, 1e4) * torch.where(ctx.rand(B) < 0.5, gs ** 2,
                                                        torch.ones(B, dtype=ctx.dtype))
        v0_ = torch.where((ctx.rand(B) < 0.2) & (eps_ > 0), torch.zeros_like(v0_), v0_)
        sv = log_uniform(ctx, 1e-3, 10.0, n_, m_) * gs.reshape(B, 1, 1)
        sv = torch.where(ctx.rand(B, 1, 1) < 0.2, torch.zeros_like(sv), sv)
        out.update(eta=etav, beta2=unit_interval(ctx), eps=eps_, v0=v0_,
                   s=SeqValue(sv, (1, 1)),
                   u=SeqValue(torch.tensor([-1.0, 1.0], dtype=ctx.dtype).expand(B, 2).clone(),
                              (1,)),
                   p=SeqValue(torch.full((B, 2), 0.5, dtype=ctx.dtype), (1,)))
        return out
    return sampler


def _adam_build(family):
    def build(env):
        n_, m_ = int(env["n"]), int(env["m"])
        part = [[b_ * m_ + j_ for j_ in range(m_)] for b_ in range(n_)]
        grad = _torch_grad(family, env)
        sv, xiv = env["s"].data, env["xi"].data
        alg = BlockwiseAdam(part, lr=env["eta"], beta1=0.0, beta2=env["beta2"], eps=env["eps"],
                            v0=env["v0"])
        return alg, {"x0": env["x0"].data, "T": env["T"],
                     "oracle": lambda xx, tt: grad(xx) + sv * xiv[:, tt - 1]}
    return build


def _theorem_adam(family: str, number: str) -> Statement:
    blocks = number == "3.11"
    Hb = IndexMax(_Hi(family, b, k), (k, 1, mS))
    Hb2 = IndexMax(_Hi(family, bp, k), (k, 1, mS))
    H_phi = sp.Sum(mS * Hb, (b, 1, nS))
    H_sq = sp.Sum(mS * Hb2 ** 2, (bp, 1, nS))
    sig2b = lambda b_: sp.Sum(s[b_, k] ** 2, (k, 1, mS)) / mS  # noqa: E731
    sig1 = sp.Sum(mS * sp.sqrt(sig2b(b)), (b, 1, nS))
    sig2 = sp.Sum(sig2b(b), (b, 1, nS))
    G0 = IndexMax(sp.Sum(_grad(family, 0, b, k) ** 2, (k, 1, mS)) / mS, (b, 1, nS))
    terms, _, _ = blockwise_terms(T, eta, beta2, eps, v0, nS * mS, _gap(family), H_phi, H_sq,
                                  sig1, sig2, G0)
    rhs = sp.Add(*[e_ for _, e_ in terms])
    dual = sp.Sum(sp.sqrt(mS) * sp.sqrt(sp.Sum(_grad(family, t, b, k) ** 2, (k, 1, mS))),
                  (b, 1, nS))
    g_t = lambda b_, k_: _grad(family, t - 1, b_, k_) + s[b_, k_] * xi[t, b_, k_]  # noqa: E731
    recs = (Recurrence("v", t, 1, v0, beta2 * v[t - 1, b] + (1 - beta2)
                       * sp.Sum(g_t(b, r) ** 2, (r, 1, mS)) / mS),
            Recurrence("x", t, 1, x0[b, k],
                       x[t - 1, b, k] - eta * g_t(b, k) / sp.sqrt(v[t, b] + eps)))
    qs = (Quantity("eta", "scalar", "> 0", "learning rate η"),
          Quantity("beta2", "scalar", "(0, 1)", "β₂"),
          Quantity("eps", "scalar", ">= 0", "ε"),
          Quantity("v0", "scalar", ">= 0", "v₀ (every block)"),
          Quantity("T", "size", "even >= 2", "number of steps (the proof sums t = T/2+1..T)"),
          Quantity("n", "size", "= 2/m", "number of blocks B"),
          Quantity("m", "size", "{1, 2}" if blocks else "= 1",
                   "block size d_b (1: Φ_Adam; 2: Φ_AdaSGD)")) + _family_qs(family) + (
          Quantity("x0", "sequence", "R", "initial point x₀", (1, 1), ("n", "m")),
          Quantity("s", "sequence", ">= 0", "noise scales s_{b,k}", (1, 1), ("n", "m")),
          Quantity("u", "sequence", "{-1, 1}", "support of ξ", (1,), ("2",)),
          Quantity("p", "sequence", "(1/2, 1/2)", "probabilities of ξ", (1,), ("2",)),
          Quantity("xi", "sequence", "±1", "Rademacher noise ξ_{t,b,k}", (1, 1, 1),
                   ("T", "n", "m")),
          Quantity("x", "trajectory", "R", "iterates x_t of Algorithm 3 (β₁ = 0)", (0, 1, 1),
                   ("T", "n", "m")),
          Quantity("v", "trajectory", "> 0", "v_{t,b} of Algorithm 3", (0, 1), ("T", "n")))
    hyps = (Hypothesis(sp.StrictGreaterThan(eta, 0), note="η > 0"),
            Hypothesis(sp.And(sp.StrictGreaterThan(beta2, 0), sp.StrictLessThan(beta2, 1)),
                       silent=True, note="0 < β₂ < 1: Lemma 3.12, which the proof applies"),
            Hypothesis(sp.GreaterThan(eps, 0), note="Algorithm 3: ε ≥ 0"),
            Hypothesis(sp.GreaterThan(v0, 0), note="Algorithm 3: v₀ ≥ 0"),
            Hypothesis(sp.StrictGreaterThan(v0 + eps, 0), silent=True,
                       note="v₀ + ε > 0: F divides by it"),
            Hypothesis(sp.GreaterThan(s[b, k], 0), forall=((b, 1, nS), (k, 1, mS)),
                       note="noise scales s ≥ 0 (Assumption 3.10/3.4 with σ from s exactly)"),
            ) + _family_hyps(family)
    return register(Statement(
        id=f"adam_linf/theorem-{number}-family-{family}", paper=PAPER, kind="theorem",
        number=f"{number} ({family})",
        title=(f"{'Blockwise Adam' if blocks else 'Adam'} (β₁ = 0) on "
               f"{family.replace('-', ' ')} objectives with Rademacher noise, in expectation"),
        section="3.2–3.3, Appendix C", family="rate", variant="printed",
        latex=_T311_LATEX if blocks else THEOREM_3_5.latex_printed,
        quantities=qs, hypotheses=hyps, lhs=IndexMin(dual, (t, T / 2 + 1, T)), rhs=rhs,
        sampler=_adam_sampler(family), sizes=_sizes_factory(blocks, True),
        trajectory=TrajectorySource(build=_adam_build(family),
                                    read={"x": ("x", (0, 1, 1)), "v": ("v", (0, 1))},
                                    series=("v",)),
        recurrences=recs, noise=NoiseSpec("xi", "u", "p", (1, 1, 1), ("T", "n", "m")),
        expected="holds",
        source=(f"Theorem {number} with Theorem 3.11's explicit constants"
                f"{' at Φ_Adam' if not blocks else ' (Φ_Adam or Φ_AdaSGD)'}, on the {family} "
                f"family, d = 2, T ≤ 6, exact enumeration of the noise"),
        notes=__doc__.split("\n\n")[1].replace("\n", " ")))


STATEMENTS = {}
for _f in FAMILIES:
    for _v in ("printed", "corrected"):
        STATEMENTS[("3.2", _f, _v)] = _theorem_3_2(_f, _v)
    for _n in ("3.5", "3.11"):
        STATEMENTS[(_n, _f, "printed")] = _theorem_adam(_f, _n)
