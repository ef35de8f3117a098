"""Lemma C.1 (Appendix C.1) on quadratics with a *non-diagonal* Hessian.

As printed: "Suppose there exists H dominates |∇²L(x)| and follows the partition Φ
(Definition 3.9). We denote the diagonal element in block b by H_b ... With Assumption 3.10,
ln((E max_b v_{T,b} + ε)/(v₀ + ε)) ≤ 2 ln(1 + (Σ_b σ_b² + ‖∇L(x₀)‖²_Φ + Σ_b H_b² d_b η² T (T +
1/(1 − β₂)))/(v₀ + ε)) + ln 32."

:mod:`.lemma_c_1` encodes it for L(x) = Σ_i h_i(x_i − c_i)²/2 (H_b = |h_b|).  Here
L(x) = ½(x − c)ᵀM(x − c) with M symmetric and non-diagonal, Adam (Φ_Adam: blocks of one
coordinate, β₁ = 0, as the proof's (14)) in closed loop with noisy gradients M(x_{t−1} − c) + ξ_t,
‖∇L(x₀)‖²_Φ = max_i (M(x₀ − c))_i², and a diagonal H = diag(H_i) that dominates |M| =
(MᵀM)^{1/2} (Definition 3.9).  The domination is a matrix inequality; it is ensured by one of two
sufficient conditions, each its own statement (the attack covers those H, a subset of the
lemma's):

* ``adam_linf/lemma-C.1-psd`` -- M = GGᵀ (positive semidefinite, so |M| = M) and
  H_i ≥ Σ_j |M_ij| (Definition 3.3's coordinate-wise constant): diag(H) − M is diagonally
  dominant with a non-negative diagonal, so diag(H) ⪰ M = |M| (Gershgorin);
* ``adam_linf/lemma-C.1-indefinite`` -- M any symmetric matrix and every H_i ≥ max_k Σ_j |M_kj|:
  diag(H) ⪰ (max_k Σ_j|M_kj|) I ⪰ ‖M‖₂ I ⪰ |M|.

(Row sums alone do not dominate |M| for an indefinite M -- adam_linf/lemma-C.3-dominates is the
counterexample -- which is why the second condition takes the maximum row sum.)  Encoded, like
:mod:`.lemma_c_1`, after exponentiating: E max_b v_{T,b} ≤ 32(v₀+ε)(1 + X/(v₀+ε))² − ε.
"""
from __future__ import annotations

import sympy as sp
import torch

from ...algorithms.adam_linf import AdamLinf
from ...expectation import NoiseSpec
from ...registry import register
from ...sampling import log_uniform, unit_interval
from ...statement import Hypothesis, Quantity, Recurrence, SampleContext, Statement, \
    TrajectorySource
from ...symbolic import IndexMax, SeqValue
from ._common import (_BETA2_OPEN, _dyadic_law, _LAW_HYPS, _LAW_QS, _sigma_for, _sum_sizes,
                      beta2, c_, d, eps, eta, i, j, PAPER, sigma, T, t, v, v0, x, x0, xi)

k2, l2 = sp.symbols("k2 l2", integer=True)
M, G, Hc = sp.IndexedBase("M"), sp.IndexedBase("G"), sp.IndexedBase("H")


def _mat(kind):
    """The Hessian's entry (a, b) as an expression of the inputs."""
    if kind == "psd":
        return lambda a, b: sp.Sum(G[a, l2] * G[b, l2], (l2, 1, d))
    return lambda a, b: M[a, b]


def _grad(kind, tt, a):
    """∇_aL(x_{tt}) = Σ_k M_ak (x_{tt,k} − c_k)."""
    Mab = _mat(kind)
    return sp.Sum(Mab(a, k2) * (x[tt, k2] - c_[k2]), (k2, 1, d))


def _grad0(kind, a):
    Mab = _mat(kind)
    return sp.Sum(Mab(a, k2) * (x0[k2] - c_[k2]), (k2, 1, d))


def _matrix_float(kind, env):
    if kind == "psd":
        Gm = env["G"].data
        return Gm @ Gm.transpose(-1, -2)
    return env["M"].data


def _build(kind):
    def build(env):
        alg = AdamLinf(lr=env["eta"], beta1=0.0, beta2=env["beta2"], eps=env["eps"], v0=env["v0"])
        Mm, cc, noise = _matrix_float(kind, env), env["c"].data, env["xi"].data
        P = noise.shape[0] // Mm.shape[0]  # the inputs are replicated over the noise paths
        if Mm.shape[0] != noise.shape[0]:
            Mm = Mm.repeat_interleave(P, 0)

        def oracle(xv, step):
            return (Mm @ (xv - cc)[..., None])[..., 0] + noise[:, step - 1]
        return alg, {"x0": env["x0"].data, "oracle": oracle, "T": noise.shape[1]}
    return build


def _sampler(kind):
    def sample(ctx: SampleContext) -> dict:
        """η log-uniform in [1e-3, 1]; β₂ ∈ (0, 1); the Hessian: M symmetric Gaussian (any sign)
        or G Gaussian (M = GGᵀ), scaled by U_log(1e-2, 10); H at its sufficient bound times
        1 + 2⁻⁴⁰ (half), or above it; c ~ N(0, 1)·S, x₀ = 0; the centred dyadic noise law and
        σ as in Lemma 3.13; v₀ ≥ 0, ε ≥ 0 with v₀ + ε > 0."""
        B, Tn, dn, K_ = ctx.B, ctx.sizes["T"], ctx.sizes["d"], ctx.sizes["K"]
        S = log_uniform(ctx, 1e-3, 1e3)
        scale = log_uniform(ctx, 1e-2, 10.0)[:, None, None]
        Z = ctx.randn(B, dn, dn) * scale
        out = {}
        if kind == "psd":
            Gm = Z / (dn ** 0.5)
            Mm = Gm @ Gm.transpose(-1, -2)
            out["G"] = SeqValue(Gm.contiguous(), (1, 1))
            bound = Mm.abs().sum(-1)
        else:
            Mm = (Z + Z.transpose(-1, -2)) / 2
            out["M"] = SeqValue(Mm.contiguous(), (1, 1))
            bound = Mm.abs().sum(-1).amax(-1, keepdim=True).expand(B, dn)
        slack = torch.where(ctx.rand(B, 1) < 0.5, torch.zeros(B, 1, dtype=ctx.dtype),
                            torch.exp(ctx.randn(B, dn) - 2))
        out["H"] = SeqValue((bound * (1 + 2.0 ** -40) * (1 + slack)).contiguous(), (1,))
        cs = ctx.randn(B, dn) * S[:, None]
        u_, p_ = _dyadic_law(ctx, K_, S * log_uniform(ctx, 1e-2, 1e2))
        sig = _sigma_for(ctx, u_, p_)
        ref = torch.where(ctx.rand(B) < 0.5, S, sig.clamp_min(1e-30)) ** 2
        v0_ = log_uniform(ctx, 1e-6, 1e2) * ref
        v0_ = torch.where(ctx.rand(B) < 0.2, torch.zeros_like(v0_), v0_)
        eps_ = torch.where(ctx.rand(B) < 0.5, torch.zeros(B, dtype=ctx.dtype),
                           log_uniform(ctx, 1e-8, 1.0) * ref)
        eps_ = torch.where((v0_ == 0) & (eps_ == 0), log_uniform(ctx, 1e-8, 1.0) * ref, eps_)
        out.update({"eta": log_uniform(ctx, 1e-3, 1.0), "beta2": unit_interval(ctx),
                    "eps": eps_, "v0": v0_, "sigma": sig, "c": SeqValue(cs, (1,)),
                    "x0": SeqValue(torch.zeros(B, dn, dtype=ctx.dtype), (1,)),
                    "u": SeqValue(u_, (1,)), "p": SeqValue(p_, (1,))})
        return out
    return sample


def _statement(kind: str) -> Statement:
    Mab = _mat(kind)
    if kind == "psd":
        mat_q = Quantity("G", "sequence", "R", "M = GGᵀ (positive semidefinite, |M| = M)",
                         (1, 1), ("d", "d"))
        dom = Hypothesis(sp.GreaterThan(Hc[i], sp.Sum(sp.Abs(Mab(i, j)), (j, 1, d))),
                         forall=((i, 1, d),),
                         note="H_i ≥ Σ_j |M_ij|: diag(H) ⪰ M = |M| (Gershgorin), so H dominates "
                              "|∇²L| and follows Φ_Adam (Definition 3.9)")
        extra = ()
    else:
        mat_q = Quantity("M", "sequence", "R", "the Hessian M (symmetric, any sign)", (1, 1),
                         ("d", "d"))
        rowmax = IndexMax(sp.Sum(sp.Abs(M[k2, j]), (j, 1, d)), (k2, 1, d))
        dom = Hypothesis(sp.GreaterThan(Hc[i], rowmax), forall=((i, 1, d),),
                         note="H_i ≥ max_k Σ_j |M_kj| ≥ ‖M‖₂: diag(H) ⪰ |M| (Definition 3.9)")
        extra = (Hypothesis(sp.Eq(M[i, j], M[j, i]), forall=((i, 1, d), (j, 1, d)),
                            note="M symmetric (a Hessian)"),)
    X = (d * sigma ** 2 + IndexMax(_grad0(kind, j) ** 2, (j, 1, d))
         + sp.Sum(Hc[j] ** 2, (j, 1, d)) * eta ** 2 * T * (T + 1 / (1 - beta2)))
    gs = lambda tt, a: _grad(kind, tt - 1, a) + xi[tt, a]  # noqa: E731  g_{t,a}
    return register(Statement(
        id=f"adam_linf/lemma-C.1-{kind}", paper=PAPER, kind="lemma", number="C.1",
        title=("Growth of E max_b v_{T,b} on a quadratic with a non-diagonal Hessian ("
               + ("M = GGᵀ, H_i ≥ row sums of |M|)" if kind == "psd" else
                  "M indefinite, H_i ≥ the largest row sum of |M|)")),
        section="Appendix C.1", family="other",
        latex=(r"\ln\frac{\mathbb{E}\max_{b\in[B]}v_{T,b}+\epsilon}{v_0+\epsilon}\le 2\ln\left(1+"
               r"\frac{\sum_{b=1}^B\sigma_b^2+\|\nabla L(\mathbf{x}_0)\|_\Phi^2+\sum_{b\in[B]}"
               r"H_b^2d_b\eta^2T(T+\frac{1}{1-\beta_2})}{v_0+\epsilon}\right)+\ln 32,\quad "
               r"\nabla^2L = M \text{ non-diagonal},\ \mathrm{diag}(H)\succeq|M|"),
        quantities=(
            Quantity("eta", "scalar", "> 0", "learning rate η (constant)"),
            Quantity("beta2", "scalar", "(0, 1)", "β₂"),
            Quantity("eps", "scalar", ">= 0", "ε"),
            Quantity("v0", "scalar", ">= 0", "v_0"),
            Quantity("sigma", "scalar", ">= 0", "σ_b = σ for every block (Assumption 3.10)"),
            Quantity("T", "size", ">= 1", "number of steps"),
            Quantity("d", "size", ">= 1", "d = B blocks of one coordinate (Φ_Adam)"),
            mat_q,
            Quantity("H", "sequence", ">= 0", "H_i = H_{Φ(i)}: diag(H) ⪰ |M|", (1,), ("d",)),
            Quantity("c", "sequence", "R", "centre of L", (1,), ("d",)),
            Quantity("x0", "sequence", "R", "initial point x_0", (1,), ("d",)),
            *_LAW_QS,
            Quantity("xi", "sequence", "law (u, p)", "noise ξ_{t,i}, i.i.d. over t and i",
                     (1, 1), ("T", "d")),
            Quantity("v", "trajectory", "> 0", "v_{t,i} = v_{t,b}, b = {i}", (0, 1), ("T", "d")),
            Quantity("x", "trajectory", "R", "x_{t,i}", (0, 1), ("T", "d")),
        ),
        hypotheses=(
            Hypothesis(sp.StrictGreaterThan(eta, 0)),
            _BETA2_OPEN,
            Hypothesis(sp.GreaterThan(eps, 0), note="Algorithm 1: ε ≥ 0"),
            Hypothesis(sp.GreaterThan(v0, 0), note="Algorithm 1: v_0 ≥ 0"),
            Hypothesis(sp.StrictGreaterThan(v0 + eps, 0), silent=True,
                       note="v_0 + ε > 0 (the lemma divides by it)"),
            Hypothesis(sp.GreaterThan(sigma, 0), note="Assumption 3.10: σ_b ≥ 0"),
            *extra, dom, *_LAW_HYPS,
        ),
        lhs=IndexMax(v[T, j], (j, 1, d)),
        rhs=32 * (v0 + eps) * (1 + X / (v0 + eps)) ** 2 - eps,
        sampler=_sampler(kind), sizes=_sum_sizes,
        noise=NoiseSpec("xi", "u", "p", (1, 1), ("T", "d")),
        trajectory=TrajectorySource(build=_build(kind),
                                    read={"v": ("v", (0, 1)), "x": ("x", (0, 1))},
                                    series=("v",)),
        recurrences=(
            Recurrence("v", t, 1, v0, beta2 * v[t - 1, i] + (1 - beta2) * gs(t, i) ** 2),
            Recurrence("x", t, 1, x0[i], x[t - 1, i] - eta * gs(t, i) / sp.sqrt(v[t, i] + eps)),
        ),
        source="Lemma C.1 (Appendix C.1), with Definition 3.9's domination for a non-diagonal "
               "Hessian",
        notes="As lemma-C.1 (exponentiated; Σ_b σ_b² = dσ², σ ≥ the law's standard deviation), "
              "on L(x) = ½(x − c)ᵀM(x − c); ‖∇L(x₀)‖²_Φ = max_i (M(x₀ − c))_i².  The H attacked "
              "are those of the stated sufficient condition for diag(H) ⪰ |M|.",
    ))


LEMMA_C_1_PSD = _statement("psd")
LEMMA_C_1_INDEFINITE = _statement("indefinite")
