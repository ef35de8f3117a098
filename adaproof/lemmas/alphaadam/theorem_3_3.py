"""Theorem 3.3 (Section 3.1.2, display (4)) = Theorem A.3 (Appendix A.2): directional sharpness
of a block-diagonal-plus-error Hessian.

As printed (Theorem A.3 and its proof):

    c₁‖Δθ‖² ≤ ds(θ_t, Δθ) ≤ c₂‖Δθ‖², ds = ΔθᵀHΔθ, H = D + E, D block diagonal with blocks H_ii
    whose eigenvalues lie in [(1 − σ_i)μ_i, (1 + σ_i)μ_i] (Assumption A.2), ‖E‖₂ ≤ ε‖D‖₂
    (Assumption A.1), σ_i ≤ σ_max, c_min ≤ μ_i ≤ c_max, and "to ensure that α > 0"
    ε < (1 − σ_max)c_min/((1 + σ_max)c_max); the proof's constants are
    α = (1 − σ_max)c_min − ε(1 + σ_max)c_max and β = (1 + σ_max)c_max(1 + ε).

Encoded with the proof's constants, as ``c₁ = α ≤ λ_min(H)`` (``alphaadam/theorem-3.3``) and
``λ_max(H) ≤ c₂ = β`` (``alphaadam/theorem-3.3-upper``): the quadratic-form bounds for every
``Δθ`` are these eigenvalue bounds.  ``H`` symmetric (a Hessian), so ``E = H − D`` is.  Both hold
and are tight (a block at each end of its range, ``E = ∓ε‖D‖₂ e eᵀ`` on the extreme eigenvector).
Hypotheses with spectral norms are decided in mpmath, the block eigenvalue ranges as Loewner
inequalities ``(1 − σ_i)μ_i I ⪯ H_ii ⪯ (1 + σ_i)μ_i I``.
"""
from __future__ import annotations

import torch

from ...computed import Input, computed_statement
from ...matrix import blocks
from ...registry import register
from ...sampling import choose
from ...symbolic import SeqValue

INPUTS = (
    Input("D", ("d", "d"), "block diagonal, symmetric", "the block-diagonal part of H"),
    Input("E", ("d", "d"), "symmetric, ||E||_2 <= eps ||D||_2", "the off-block error H − D"),
    Input("mu", ("k",), "[c_min, c_max]", "block centres μ_i"),
    Input("sigma", ("k",), "[0, sigma_max]", "block spreads σ_i"),
    Input("c_min", (), "> 0", "c_min"), Input("c_max", (), ">= c_min", "c_max"),
    Input("sigma_max", (), "[0, 1)", "σ_max"), Input("eps", (), ">= 0", "ε"),
)
SIZE_NAMES = {"d": "dimension d", "k": "number of diagonal blocks"}


def _sizes(gen: torch.Generator, preset: str) -> dict:
    d = choose(gen, (2, 3, 4))
    return {"d": d, "k": choose(gen, tuple(range(1, d + 1)))}


def _sample(ctx) -> dict:
    B, d, k = ctx.B, ctx.sizes["d"], ctx.sizes["k"]
    bl = blocks(d, k)
    ext = ctx.rand(B) < 0.35  # extreme: every range at its end, Q = I, rank-one diagonal E
    cmin = torch.exp(ctx.randn(B))
    cmax = cmin * (1 + torch.where(ctx.rand(B) < 0.2, torch.zeros(B, dtype=ctx.dtype),
                                   torch.exp(ctx.randn(B))))
    smax = torch.where(ctx.rand(B) < 0.2, torch.zeros(B, dtype=ctx.dtype), ctx.rand(B) * 0.99)
    u = ctx.rand(B, k)
    mu = cmin[:, None] + (cmax - cmin)[:, None] * u
    sig = smax[:, None] * ctx.rand(B, k)
    # extreme: block 0 at the bottom (mu = c_min), the last block at the top (mu = c_max)
    mu_ext = torch.cat([cmin[:, None], cmax[:, None].expand(B, k - 1)], 1) if k > 1 else \
        cmin[:, None]
    mu = torch.where(ext[:, None], mu_ext, mu)
    sig = torch.where(ext[:, None], smax[:, None].expand(B, k), sig)
    D = torch.zeros(B, d, d, dtype=ctx.dtype)
    for i, b in enumerate(bl):
        n = len(b)
        lo, hi = (1 - sig[:, i]) * mu[:, i], (1 + sig[:, i]) * mu[:, i]
        inner = 1e-9 * (hi - lo)
        lam = lo[:, None] + inner[:, None] + (hi - lo - 2 * inner)[:, None] * ctx.rand(B, n)
        G = ctx.randn(B, n, n)
        Qr, _ = torch.linalg.qr(G)
        blk = (Qr * lam[:, None, :]) @ Qr.transpose(-1, -2)
        blk = (blk + blk.transpose(-1, -2)) / 2
        # extreme / diagonal blocks: eigenvalues at the ends of the range, exactly
        ends = torch.where(torch.arange(n) % 2 == 0, lo[:, None], hi[:, None]) if n > 1 else \
            (lo if i == 0 else hi)[:, None]
        if k > 1 and i == 0:
            ends = lo[:, None].expand(B, n)
        if k > 1 and i == k - 1:
            ends = hi[:, None].expand(B, n)
        if k == 1:
            ends = torch.cat([lo[:, None], hi[:, None].expand(B, n - 1)], 1) if n > 1 else lo[:, None]
        blk = torch.where((ext | (ctx.rand(B) < 0.3))[:, None, None], torch.diag_embed(ends), blk)
        D[:, b[0]:b[-1] + 1, b[0]:b[-1] + 1] = blk
    bound = (1 - smax) * cmin / ((1 + smax) * cmax)
    eps = bound * torch.where(ctx.rand(B) < 0.2, torch.zeros(B, dtype=ctx.dtype),
                              ctx.rand(B) * (1 - 1e-12))
    normD = torch.linalg.eigvalsh(D).abs().amax(-1)
    G = ctx.randn(B, d, d)
    G = (G + G.transpose(-1, -2)) / 2
    for b in bl:
        G[:, b[0]:b[-1] + 1, b[0]:b[-1] + 1] = 0 if ctx.rand(()) < 0.5 else \
            G[:, b[0]:b[-1] + 1, b[0]:b[-1] + 1]
    nG = torch.linalg.eigvalsh(G).abs().amax(-1).clamp_min(1e-300)
    E = G * (eps * normD * (1 - 2.0 ** -30) / nG)[:, None, None]
    # extreme: E = -s e_0 e_0ᵀ (lower bound) or +s e_{d-1} e_{d-1}ᵀ (upper bound)
    s = eps * normD * (1 - 2.0 ** -50)
    Ex = torch.zeros(B, d, d, dtype=ctx.dtype)
    down = ctx.rand(B) < 0.5
    Ex[:, 0, 0] = torch.where(down, -s, torch.zeros_like(s))
    Ex[:, d - 1, d - 1] = Ex[:, d - 1, d - 1] + torch.where(down, torch.zeros_like(s), s)
    E = torch.where(ext[:, None, None], Ex, E)
    sv = lambda x: SeqValue(x.contiguous(), (1,) * (x.dim() - 1))  # noqa: E731
    return {"D": sv(D), "E": sv(E), "mu": sv(mu), "sigma": sv(sig), "c_min": cmin, "c_max": cmax,
            "sigma_max": smax, "eps": eps}


def _hyps(ops, v):
    d, k = v["d"], v["k"]
    D, E, mu, sig = v["D"], v["E"], v["mu"], v["sigma"]
    cmin, cmax, smax, eps = v["c_min"], v["c_max"], v["sigma_max"], v["eps"]
    allm = lambda c: ops.all(ops.all(c, -1), -1)  # noqa: E731
    bl = blocks(d, k)
    where = {i: b for b, ix in enumerate(bl) for i in ix}
    off = [D[..., i, j] for i in range(d) for j in range(d) if where[i] != where[j]]
    out = [("D symmetric", allm(ops.eq(D, ops.T(D)))), ("E symmetric", allm(ops.eq(E, ops.T(E))))]
    if off:
        out.append(("D block diagonal", ops.all(ops.stack([ops.eq(o, 0 * o) for o in off], -1), -1)))
    for i, b in enumerate(bl):
        blk = D[..., b, :][..., :, b]
        I = ops.eye(len(b))
        lo = ((1 - sig[..., i]) * mu[..., i])[..., None, None] * I
        hi = ((1 + sig[..., i]) * mu[..., i])[..., None, None] * I
        out.append((f"eigenvalues of block {i + 1} >= (1 - sigma_i) mu_i", ops.psd(blk - lo)))
        out.append((f"eigenvalues of block {i + 1} <= (1 + sigma_i) mu_i", ops.psd(hi - blk)))
    out += [("c_min > 0", ops.gt(cmin, 0 * cmin)),
            ("c_min <= mu_i <= c_max", ops.all(ops.ge(mu, cmin[..., None]), -1) &
             ops.all(ops.le(mu, cmax[..., None]), -1)),
            ("0 <= sigma_i <= sigma_max", ops.all(ops.ge(sig, 0 * sig), -1) &
             ops.all(ops.le(sig, smax[..., None]), -1)),
            ("sigma_max < 1", ops.gt(1 + 0 * smax, smax)),
            ("eps >= 0", ops.ge(eps, 0 * eps)),
            ("eps < (1 - sigma_max) c_min / ((1 + sigma_max) c_max)",
             ops.gt((1 - smax) * cmin, eps * (1 + smax) * cmax)),
            ("||E||_2 <= eps ||D||_2", ops.le(ops.spec_norm(E), eps * ops.spec_norm(D)))]
    return out


def _c1(v):
    return (1 - v["sigma_max"]) * v["c_min"] - v["eps"] * (1 + v["sigma_max"]) * v["c_max"]


def _c2(v):
    return (1 + v["sigma_max"]) * v["c_max"] * (1 + v["eps"])


_COMMON = dict(kind="theorem", number="3.3", section="3.1.2 (display (4)); Theorem A.3, Appendix A.2",
               inputs=INPUTS, size_names=SIZE_NAMES, sizes=_sizes, sampler=_sample, hyps=_hyps,
               hypotheses_latex=(
                   r"H = D + E = H^\top,\ D = \mathrm{blockdiag}(H_{11},\dots,H_{kk})",
                   r"(1-\sigma_i)\mu_i I \preceq H_{ii} \preceq (1+\sigma_i)\mu_i I,\ "
                   r"c_{\min}\le\mu_i\le c_{\max},\ 0\le\sigma_i\le\sigma_{\max}<1",
                   r"\|E\|_2 \le \varepsilon\|D\|_2,\ 0\le\varepsilon<\frac{(1-\sigma_{\max})"
                   r"c_{\min}}{(1+\sigma_{\max})c_{\max}}"),
               supremum_ratio=1.0)

THEOREM_3_3 = register(computed_statement(
    "alphaadam/theorem-3.3",
    title="Theorem 3.3 / A.3, lower bound: c₁‖Δθ‖² ≤ ΔθᵀHΔθ, c₁ = (1−σ_max)c_min − ε(1+σ_max)c_max",
    latex=(r"c_1\|\Delta\theta\|^2 \le ds(\theta_t,\Delta\theta) \le c_2\|\Delta\theta\|^2,\ "
           r"c_1 = (1-\sigma_{\max})c_{\min} - \varepsilon(1+\sigma_{\max})c_{\max}"),
    sides=lambda ops, v: (_c1(v), ops.lam_min(v["D"] + v["E"])),
    lhs_latex=r"(1-\sigma_{\max})c_{\min} - \varepsilon(1+\sigma_{\max})c_{\max}",
    rhs_latex=r"\lambda_{\min}(D + E) = \min_{\Delta\theta\ne0}\frac{\Delta\theta^\top H\Delta\theta}{\|\Delta\theta\|^2}",
    source="Theorem 3.3 (display (4)) and Theorem A.3 with the constant α of its proof",
    **_COMMON))

THEOREM_3_3_UPPER = register(computed_statement(
    "alphaadam/theorem-3.3-upper",
    title="Theorem 3.3 / A.3, upper bound: ΔθᵀHΔθ ≤ c₂‖Δθ‖², c₂ = (1+σ_max)c_max(1+ε)",
    latex=(r"ds(\theta_t,\Delta\theta) \le c_2\|\Delta\theta\|^2,\ "
           r"c_2 = (1+\sigma_{\max})c_{\max}(1+\varepsilon)"),
    sides=lambda ops, v: (ops.lam_max(v["D"] + v["E"]), _c2(v)),
    lhs_latex=r"\lambda_{\max}(D + E)", rhs_latex=r"(1+\sigma_{\max})c_{\max}(1+\varepsilon)",
    source="Theorem 3.3 (display (4)) and Theorem A.3 with the constant β of its proof",
    **_COMMON))
