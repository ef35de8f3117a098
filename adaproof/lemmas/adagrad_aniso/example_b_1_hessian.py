"""Example B.1 (Appendix B): the Hessian of the finite-sum problem and the smoothness vectors it
allows.

As printed (OCR-damaged; re-read against the coverage list):

    Consider ... min_{w∈W} f(w) = (1/n) Σ_i φ_i(x_iᵀw), φ_i convex and twice differentiable,
    |φ_i'| ≤ G₁ and φ_i'' ≤ G₂ ... denote H = (1/n) Σ x_i x_iᵀ ... ∇²f(w) = (1/n) Σ φ_i''(x_iᵀw)
    x_i x_iᵀ ⪯ G₂H.  Moreover, the diagonal matrix L_m = diag(L) satisfying L_m ⪰ G₂H is a
    sufficient condition for the smoothness assumption (Assumption 3.3) ... when H is diagonally
    dominant, we can choose L_m = diagonal(2G₂H) which takes the diagonal entries.

At a point ``w`` the Hessian is ``(1/n) Σ c_i x_i x_iᵀ`` with ``c_i = φ_i''(x_iᵀw) ∈ [0, G₂]``
(convexity and the bound): every such ``c`` is attained by some admissible φ_i, so the claims are
attacked over data ``X`` (rows ``x_i``) and ``c``:

* ``adagrad_aniso/example-B.1-hessian``: ``0 ⪯ ∇²f(w) ⪯ G₂H`` -- holds, tight (``c_i = G₂``);
* ``adagrad_aniso/example-B.1-hessian-diag``: ``H`` diagonally dominant ⟹ ``diag(2G₂H_ii) ⪰
  ∇²f(w)`` -- holds, tight (``x_i = (1, 1)``).
"""
from __future__ import annotations

import torch

from ...computed import Input, computed_statement
from ...matrix import loewner_certificate
from ...registry import register
from ...sampling import choose
from ...symbolic import SeqValue

INPUTS = (Input("X", ("n", "d"), "R", "data points x_i (rows)"),
          Input("c", ("n",), "[0, G2]", "φ_i''(x_iᵀw) at the point w"),
          Input("G2", (), "> 0", "G₂, the bound on φ_i''"))
SIZE_NAMES = {"n": "number of data points n", "d": "dimension d"}


def _sizes(gen: torch.Generator, preset: str) -> dict:
    return {"n": choose(gen, (1, 2, 3, 5)), "d": choose(gen, (2, 3, 4))}


def _sample_common(ctx, X) -> dict:
    B, n = ctx.B, ctx.sizes["n"]
    G2 = torch.exp(ctx.randn(B))
    u = ctx.rand(B, n)
    u = torch.where(ctx.rand(B, n) < 0.3, torch.ones_like(u), u)
    u = torch.where(ctx.rand(B, n) < 0.1, torch.zeros_like(u), u)
    sv = lambda x: SeqValue(x.contiguous(), (1,) * (x.dim() - 1))  # noqa: E731
    return {"X": sv(X), "c": sv(G2[:, None] * u), "G2": G2}


def _sample(ctx) -> dict:
    B, n, d = ctx.B, ctx.sizes["n"], ctx.sizes["d"]
    X = ctx.randn(B, n, d)
    X = torch.where((ctx.rand(B) < 0.5)[:, None, None], torch.round(X * 2), X)
    return _sample_common(ctx, X)


def _sample_dd(ctx) -> dict:
    """Rows concentrated on one coordinate (H near diagonal), or all-ones rows (the equality
    case of diagonal dominance); the rest are rejected by the hypothesis."""
    B, n, d = ctx.B, ctx.sizes["n"], ctx.sizes["d"]
    idx = torch.randint(0, d, (B, n), generator=ctx.generator)
    X = torch.nn.functional.one_hot(idx, d).to(ctx.dtype) * (1 + ctx.rand(B, n, 1) * 3)
    X = X + ctx.randn(B, n, d) * 0.2 * (ctx.rand(B, 1, 1) < 0.7)
    ones = torch.ones(B, n, d, dtype=ctx.dtype) * torch.sign(ctx.randn(B, n, 1))
    X = torch.where((ctx.rand(B) < 0.25)[:, None, None], ones, X)
    return _sample_common(ctx, X)


def _mats(ops, v):
    X, c = v["X"], v["c"]
    n = X.shape[-2]
    H = ops.T(X) @ X / n
    F = ops.T(X) @ (c[..., :, None] * X) / n
    return H, F


def _hyps(ops, v):
    c, G2 = v["c"], v["G2"]
    return [("G2 > 0", ops.gt(G2, 0 * G2)),
            ("0 <= phi_i'' <= G2", ops.all(ops.ge(c, 0 * c), -1) &
             ops.all(ops.le(c, G2[..., None]), -1))]


def _hyps_dd(ops, v):
    H, _ = _mats(ops, v)
    d = H.shape[-1]
    rows = ops.stack([ops.sum(ops.abs(H[..., i, :]), -1) - ops.abs(H[..., i, i]) for i in range(d)], -1)
    return _hyps(ops, v) + [("H diagonally dominant",
                             ops.all(ops.ge(ops.diagonal(H), rows), -1))]


def _scale(ops, v):
    H, F = _mats(ops, v)
    return ops.l11(F) + v["G2"] * ops.l11(H)


def _sides(ops, v):
    H, F = _mats(ops, v)
    lo = ops.lam_min(F)
    hi = ops.lam_min(v["G2"][..., None, None] * H - F)
    return 0 * lo, ops.where(ops.ge(lo, hi), hi, lo), _scale(ops, v)


def _sides_dd(ops, v):
    H, F = _mats(ops, v)
    L = ops.diag_embed(2 * v["G2"][..., None] * ops.diagonal(H))
    return 0 * _scale(ops, v), ops.lam_min(L - F), _scale(ops, v)


_COMMON = dict(kind="claim", section="Appendix B (Example B.1)", inputs=INPUTS,
               size_names=SIZE_NAMES, sizes=_sizes, ratio_kind="relative", supremum_ratio=1.0)

EXAMPLE_B1_HESSIAN = register(computed_statement(
    "adagrad_aniso/example-B.1-hessian", number="B.1-hessian",
    title="Example B.1: 0 ⪯ ∇²f(w) = (1/n)Σφ_i''x_ix_iᵀ ⪯ G₂H",
    latex=(r"\nabla^2 f(w) = \frac1n\sum_i\phi_i''(x_i^\top w)x_ix_i^\top \preceq G_2H,\ "
           r"H = \frac1n\sum_i x_ix_i^\top"),
    sampler=_sample, hyps=_hyps, sides=_sides,
    hypotheses_latex=(r"0 \le \phi_i''(x_i^\top w) \le G_2\ (\phi_i \text{ convex})",),
    lhs_latex="0", rhs_latex=r"\min\{\lambda_{\min}(\nabla^2f(w)),\ \lambda_{\min}(G_2H - \nabla^2f(w))\}",
    source="Example B.1 (Appendix B), the Hessian display",
    **_COMMON))

EXAMPLE_B1_HESSIAN_DIAG = register(computed_statement(
    "adagrad_aniso/example-B.1-hessian-diag", number="B.1-hessian",
    title="Example B.1: H diagonally dominant ⟹ L_m = diag(2G₂H_ii) ⪰ ∇²f(w)",
    latex=(r"H \text{ diagonally dominant}:\ L_m = \mathrm{diagonal}(2G_2H) \succeq G_2H "
           r"\succeq \nabla^2 f(w)"),
    sampler=_sample_dd, hyps=_hyps_dd, sides=_sides_dd,
    hypotheses_latex=(r"0 \le \phi_i''(x_i^\top w) \le G_2",
                      r"H_{ii} \ge \sum_{j\ne i}|H_{ij}|"),
    lhs_latex="0", rhs_latex=r"\lambda_{\min}\big(\mathrm{diag}(2G_2H_{ii}) - \nabla^2f(w)\big)",
    certify=lambda ops, v: loewner_certificate(
        ops, ops.diag_embed(2 * v["G2"][..., None] * ops.diagonal(_mats(ops, v)[0])) - _mats(ops, v)[1]),
    source="Example B.1 (Appendix B): 'when H is diagonally dominant, we can choose "
           "L_m = diagonal(2G₂H)'",
    **_COMMON))
