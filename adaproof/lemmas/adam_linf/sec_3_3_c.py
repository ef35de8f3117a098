"""Section 3.3, last paragraph: Φ-smoothness under rotations of the loss.

As printed:

    Finally, we note that the Φ_Adam-smoothness H(L, Φ_Adam) is not rotation-invariant in the
    sense that H(L, Φ_Adam) ≠ H(L ∘ R, Φ_Adam) for a typical rotation R. ... In contrast,
    Φ_AdaSGD-smoothness H(L, Φ_AdaSGD) is invariant under loss rotations.

For a quadratic loss with Hessian ``M`` (``L ∘ R`` has Hessian ``RᵀMR`` and
``|RᵀMR| = Rᵀ|M|R``), Definition 3.9's minimum is closed-form in two dimensions:
``H(L, Φ_Adam) = min{a₁ + a₂ : diag(a) ⪰ P} = P₁₁ + P₂₂ + 2|P₁₂|`` with ``P = |M|`` (the
minimiser puts ``a_i − P_ii = |P₁₂|``), and ``H(L, Φ_AdaSGD) = d‖M‖₂`` in any dimension.  So:

* ``adam_linf/sec-3.3-c`` -- "H(L∘R, Φ_Adam) = H(L, Φ_Adam) for every rotation R" (d = 2), the
  negation of the printed remark: expected **violated** (a verified violation confirms it);
* ``adam_linf/sec-3.3-c-adasgd`` -- ``H(L∘R, Φ_AdaSGD) = H(L, Φ_AdaSGD)`` (d ≤ 4): holds.

``R = P·C(S)`` exactly orthogonal (:mod:`adaproof.relations`); decided in mpmath.
"""
from __future__ import annotations

import torch

from ...computed import Input, computed_statement
from ...matrix import symmetric_mix
from ...registry import register
from ...relations import family_hyps, orthogonal
from ...sampling import choose
from ._matrix import IN_M, is_symmetric, seq

INPUTS = (IN_M, Input("P", ("d", "d"), "signed permutation", "R = P·C(S)"),
          Input("S", ("d", "d"), "skew-symmetric", "R = P·C(S), C(S) = (I − S)(I + S)^{-1}"))


def _sampler(ctx) -> dict:
    B, d = ctx.B, ctx.sizes["d"]
    perm = torch.argsort(ctx.rand(B, d), dim=1)
    P = torch.nn.functional.one_hot(perm, d).to(ctx.dtype)
    P = P * torch.where(ctx.rand(B, d) < 0.5, -1.0, 1.0).to(ctx.dtype)[:, :, None]
    G = torch.round(ctx.randn(B, d, d) * 4) / 4
    S = torch.triu(G, 1)
    S = S - S.transpose(-1, -2)
    S = torch.where((ctx.rand(B) < 0.2)[:, None, None], torch.zeros_like(S), S)
    return {"M": seq(symmetric_mix(ctx, d)), "P": seq(P), "S": seq(S)}


def _hyps(ops, v):
    return [("M symmetric", is_symmetric(ops, v["M"]))] + family_hyps(ops, v, "rotation")


def _h_adam_2(ops, M):
    Pm = ops.mabs(M)
    return Pm[..., 0, 0] + Pm[..., 1, 1] + 2 * ops.abs(Pm[..., 0, 1])


def _rotated(ops, v):
    R = orthogonal(ops, v)
    return ops.T(R) @ v["M"] @ R


def _sides_adam(ops, v):
    a, b = _h_adam_2(ops, v["M"]), _h_adam_2(ops, _rotated(ops, v))
    return ops.abs(a - b), 0 * a, a + b


def _sides_adasgd(ops, v):
    d = v["M"].shape[-1]
    a, b = d * ops.spec_norm(v["M"]), d * ops.spec_norm(_rotated(ops, v))
    return ops.abs(a - b), 0 * a, a + b


_COMMON = dict(kind="claim", number="3.3-c", section="3.3 (last paragraph)", inputs=INPUTS,
               sampler=_sampler, hyps=_hyps, rhs_latex="0", ratio_kind="relative",
               screen_rtol=1e-9, computed_kind="relation",
               hypotheses_latex=(r"M = M^\top = \nabla^2L,\ (L\circ R)'' = R^\top MR",
                                 r"R = P\,(I-S)(I+S)^{-1} \text{ orthogonal}"))

SEC_3_3_C = register(computed_statement(
    "adam_linf/sec-3.3-c",
    title="H(L, Φ_Adam) is rotation-invariant (the negation of the remark; d = 2)",
    latex=(r"\text{printed: } H(L,\Phi_{\mathrm{Adam}}) \ne H(L\circ R,\Phi_{\mathrm{Adam}}) "
           r"\text{ for a typical rotation; encoded (expected violated): } H(L\circ R,"
           r"\Phi_{\mathrm{Adam}}) = H(L,\Phi_{\mathrm{Adam}})\ \forall R"),
    size_names={"d": "dimension d (2: the closed form of (1))"},
    sizes=lambda gen, preset: {"d": 2}, sides=_sides_adam, expected="violated",
    lhs_latex=r"|H(L\circ R,\Phi_{\mathrm{Adam}}) - H(L,\Phi_{\mathrm{Adam}})|,\ "
              r"H(L,\Phi_{\mathrm{Adam}}) = |M|_{11} + |M|_{22} + 2||M|_{12}|",
    source="Section 3.3, last paragraph", notes="A verified violation confirms the remark.",
    **_COMMON))

SEC_3_3_C_ADASGD = register(computed_statement(
    "adam_linf/sec-3.3-c-adasgd",
    title="H(L, Φ_AdaSGD) = d sup‖∇²L‖₂ is rotation-invariant",
    latex=r"H(L\circ R,\Phi_{\mathrm{AdaSGD}}) = H(L,\Phi_{\mathrm{AdaSGD}})\ \forall R",
    size_names={"d": "dimension d"}, sizes=lambda gen, preset: {"d": choose(gen, (2, 3, 4))},
    sides=_sides_adasgd,
    lhs_latex=r"|d\|R^\top MR\|_2 - d\|M\|_2|", source="Section 3.3, last paragraph",
    **_COMMON))
