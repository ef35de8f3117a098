"""Section 3.2, after Assumption 3.3: the Hessian form of anisotropic smoothness.

As printed:

    When the loss function f(·) is twice-differentiable, Assumption 3.3 is equivalent to
    ∇²f ⪯ diag(L) that implies the standard smoothness assumption by L = ‖L‖∞.

Assumption 3.3 is used for convex and non-convex f alike.  ``∇²f ⪯ diag(L)`` bounds the Hessian
from above only: ``adagrad_aniso/sec-3.2-assumptions`` (``M ⪯ diag(L)`` ⟹ ``‖M‖₂ ≤ ‖L‖∞``,
at one point's Hessian ``M``) is **violated** by a strongly concave direction (``M = −3I``,
``L = 1``; certified by an explicit ``x`` with ``xᵀ(‖L‖∞I + M)x < 0``).  The corrected variant,
``−diag(L) ⪯ M ⪯ diag(L)`` -- what a Lipschitz bound on the gradient in the weighted norms gives --
implies ``‖M‖₂ ≤ ‖L‖∞`` and holds, tightly.
"""
from __future__ import annotations

import torch

from ...computed import Input, computed_statement
from ...matrix import loewner_certificate, symmetric_mix
from ...registry import register
from ...sampling import choose
from ...symbolic import SeqValue

INPUTS = (Input("M", ("d", "d"), "symmetric", "the Hessian ∇²f(w) at a point"),
          Input("L", ("d",), "> 0", "the smoothness vector L of Assumption 3.3"))


def _sizes(gen: torch.Generator, preset: str) -> dict:
    return {"d": choose(gen, (1, 2, 3, 4))}


def _sampler(two_sided: bool):
    def sample(ctx) -> dict:
        B, d = ctx.B, ctx.sizes["d"]
        M = symmetric_mix(ctx, d)
        r = torch.exp(ctx.randn(B, d))
        # the smallest multiple of r with M ⪯ c·diag(r) (and -c·diag(r) ⪯ M), times 1 + slack
        Ri = torch.diag_embed(r.rsqrt())
        w = torch.linalg.eigvalsh(Ri @ M @ Ri)
        c = (w.abs().amax(-1) if two_sided else w[:, -1]).clamp_min(1e-3)
        slack = torch.where(ctx.rand(B) < 0.5, torch.zeros(B, dtype=ctx.dtype),
                            torch.exp(ctx.randn(B) - 2))
        L = r * (c * (1 + 2.0 ** -40) * (1 + slack))[:, None]
        return {"M": SeqValue(M.contiguous(), (1, 1)), "L": SeqValue(L.contiguous(), (1,))}
    return sample


def _hyps(two_sided: bool):
    def hyps(ops, v):
        M, L = v["M"], v["L"]
        D = ops.diag_embed(L)
        out = [("M symmetric", ops.all(ops.all(ops.eq(M, ops.T(M)), -1), -1)),
               ("L > 0", ops.all(ops.gt(L, 0 * L), -1)),
               ("M ⪯ diag(L)", ops.psd(D - M))]
        if two_sided:
            out.append(("-diag(L) ⪯ M", ops.psd(D + M)))
        return out
    return hyps


def _sides(ops, v):
    M, L = v["M"], v["L"]
    return ops.spec_norm(M), ops.amax(L, -1)


def _certify(ops, v):
    M, L = v["M"], v["L"]
    c = ops.amax(L, -1)[..., None, None] * ops.eye(M.shape[-1])
    a = loewner_certificate(ops, c - M)
    return a if a["certifies"] else loewner_certificate(ops, c + M)


_COMMON = dict(kind="claim", number="3.3", section="3.2 (after Assumptions 3.3 and 3.5)",
               inputs=INPUTS, size_names={"d": "dimension d"}, sizes=_sizes, sides=_sides,
               lhs_latex=r"\|M\|_2", rhs_latex=r"\|L\|_\infty", certify=_certify)

SEC_3_2_ASSUMPTIONS = register(computed_statement(
    "adagrad_aniso/sec-3.2-assumptions",
    title="∇²f ⪯ diag(L) implies standard smoothness with ‖L‖∞",
    latex=(r"\nabla^2 f \preceq \mathrm{diag}(L) \implies \|\nabla^2 f\|_2 \le \|L\|_\infty "
           r"\ (\text{standard smoothness with } L = \|L\|_\infty)"),
    sampler=_sampler(False), hyps=_hyps(False),
    hypotheses_latex=(r"M = M^\top = \nabla^2 f(w),\ L > 0", r"M \preceq \mathrm{diag}(L)"),
    expected="violated",
    source="Section 3.2, the paragraph after Assumption 3.3",
    notes="Violated for non-convex f: M = −3I, L = 1 (certified by a vector x).",
    **_COMMON))

SEC_3_2_ASSUMPTIONS_CORRECTED = register(computed_statement(
    "adagrad_aniso/sec-3.2-assumptions",
    title="−diag(L) ⪯ ∇²f ⪯ diag(L) implies standard smoothness with ‖L‖∞",
    latex=(r"-\mathrm{diag}(L) \preceq \nabla^2 f \preceq \mathrm{diag}(L) \implies "
           r"\|\nabla^2 f\|_2 \le \|L\|_\infty"),
    sampler=_sampler(True), hyps=_hyps(True),
    hypotheses_latex=(r"M = M^\top,\ L > 0", r"-\mathrm{diag}(L) \preceq M \preceq \mathrm{diag}(L)"),
    variant="corrected", supremum_ratio=1.0,
    reason="∇²f ⪯ diag(L) bounds the Hessian from above only; a Lipschitz gradient in the "
           "L-weighted norms is the two-sided bound, which gives ‖∇²f‖₂ ≤ ‖L‖∞",
    source="Section 3.2, the paragraph after Assumption 3.3, with the two-sided Hessian bound",
    **_COMMON))
