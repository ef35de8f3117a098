r"""Section 3.3: Φ_Adam-smoothness under rotations, and monotonicity under refinement, at d = 3, 4.

Definition 3.9's (1), for a quadratic with Hessian M (``P = |M| = (MᵀM)^{1/2}``):
``H(L, Φ) = min{Tr(A) : A diagonal following Φ, A ⪰ P}`` -- a semidefinite program, closed-form
only at d = 2 (:mod:`.sec_3_3_c`, :mod:`.definition_3_9`).  At d = 3, 4 no SDP value is needed
to *refute* an equality or an ordering: two exact bounds sandwich it,

* lower: ``LB(P) = max_{s∈{±1}^d} sᵀPs`` (``Y = ssᵀ`` is feasible in the dual
  ``max{⟨P, Y⟩ : Y ⪰ 0, Y_ii = 1}``; for PSD ``P`` it is ``‖P‖_{∞→1}``), by exhaustive
  enumeration of the 2^d sign vectors;
* upper: ``UB_Φ(P) = Σ_b d_b Σ_{b'} ‖P_{(b),(b')}‖₂`` (``A = diag(Σ_{b'}‖P_{(b),(b')}‖₂ I_b)``
  dominates ``P``: xᵀPx ≤ Σ_{b,b'}‖x_b‖‖P_{bb'}‖‖x_{b'}‖ ≤ Σ_b ‖x_b‖² Σ_{b'}‖P_{bb'}‖); for
  Φ_Adam it is ``‖P‖_{1,1}`` (rational), for Φ_AdaSGD it is ``d‖P‖₂ = H(L, Φ_AdaSGD)``.

Encoded (statements implied by the paper's claim; a violation refutes it with the sign vector
as certificate):

* ``adam_linf/sec-3.3-c-d34`` -- "H(L∘R, Φ_Adam) = H(L, Φ_Adam) for every rotation R" (the
  negation of the printed remark "not rotation-invariant", as ``sec-3.3-c``), through its
  consequence ``max(LB(RᵀPR) − UB(P), LB(P) − UB(RᵀPR)) ≤ 0``: expected **violated**; a
  violation proves H(L∘R) ≠ H(L).  Exact: with ``M`` or ``−M`` positive semidefinite (checked by
  exact elimination) ``|M| = ±M`` is rational, ``R = P·C(S)`` is rational (Cayley), and the whole
  witness is decided in rationals (``certificate``: the sign vector, LB and UB as fractions);
  other ``M`` are decided in mpmath.
* ``adam_linf/definition-3.9-refinement-d34`` -- "H(L, Φ) is non-increasing under refinement":
  ``H(L, Φ_Adam) ≤ H(L, Φ_k) ≤ UB_{Φ_k}``, so ``LB(P) ≤ UB_{Φ_k}(P)`` for the contiguous
  partition into k blocks (k = 1: Φ_AdaSGD, where UB is the exact value d‖M‖₂).  Holds (tight:
  P = ssᵀ at k = 1); only a refutation would be conclusive, and it would carry the sign vector.
"""
from __future__ import annotations

from fractions import Fraction

import torch

from ...computed import Input, computed_statement
from ...matrix import TorchOps, blocks, sign_vectors, symmetric_mix
from ...registry import register
from ...relations import family_hyps, orthogonal
from ...sampling import choose
from ._matrix import IN_M, is_symmetric, seq


def abs_sym(ops, M):
    """``|M|``: ``±M`` when ``±M ⪰ 0`` is decided (exactly in rationals), else ``Q|Λ|Qᵀ``."""
    if isinstance(ops, TorchOps):
        return ops.mabs(M)
    if bool(ops.psd(M).all()):
        return M
    if bool(ops.psd(-M).all()):
        return -M
    return ops.mabs(M)


def lower(ops, P):
    """``max_s sᵀPs`` over the sign vectors (``s`` and ``−s`` give the same value)."""
    d = P.shape[-1]
    vals = []
    for s in sign_vectors(d):
        x = sum(P[..., :, j] * s[j] for j in range(d))
        vals.append(sum(x[..., i] * s[i] for i in range(d)))
    return ops.amax(ops.stack(vals, -1), -1)


def best_sign(ops, P):
    d = P.shape[-1]
    best, arg = None, None
    for s in sign_vectors(d):
        x = sum(P[..., :, j] * s[j] for j in range(d))
        q = sum(x[..., i] * s[i] for i in range(d))
        q = q.reshape(-1)[0] if hasattr(q, "reshape") else q
        if best is None or q > best:
            best, arg = q, s
    return arg, best


def upper(ops, P, k: int):
    """``Σ_b d_b Σ_{b'} ‖P_{(b),(b')}‖₂`` for the contiguous partition into ``k`` blocks."""
    d = P.shape[-1]
    bl = blocks(d, k)
    total = 0
    for b in bl:
        row = 0
        for b2 in bl:
            X = P[..., b, :][..., :, b2]
            if len(b) == 1 and len(b2) == 1:
                nrm = ops.abs(X[..., 0, 0])
            else:
                nrm = ops.sqrt(ops.lam_max(ops.T(X) @ X))
            row = row + nrm
        total = total + len(b) * row
    return total


INPUTS = (IN_M, Input("P", ("d", "d"), "signed permutation", "R = P·C(S)"),
          Input("S", ("d", "d"), "skew-symmetric", "R = P·C(S), C(S) = (I − S)(I + S)^{-1}"))


def _rational_psd(ctx, d):
    """``±LLᵀ`` with ``L`` of small integers over 2 (rank 1 .. d): rational, ±PSD."""
    B = ctx.B
    rank = int(torch.randint(1, d + 1, (1,), generator=ctx.generator))
    L = torch.round(ctx.randn(B, d, rank) * 2) / 2
    M = L @ L.transpose(-1, -2)
    sgn = torch.where(ctx.rand(B) < 0.2, -1.0, 1.0).to(ctx.dtype)[:, None, None]
    return M * sgn


def _sampler(ctx) -> dict:
    B, d = ctx.B, ctx.sizes["d"]
    perm = torch.argsort(ctx.rand(B, d), dim=1)
    Pm = torch.nn.functional.one_hot(perm, d).to(ctx.dtype)
    Pm = Pm * torch.where(ctx.rand(B, d) < 0.5, -1.0, 1.0).to(ctx.dtype)[:, :, None]
    G = torch.round(ctx.randn(B, d, d) * 4) / 4
    S = torch.triu(G, 1)
    S = S - S.transpose(-1, -2)
    S = torch.where((ctx.rand(B) < 0.1)[:, None, None], torch.zeros_like(S), S)
    diag = torch.diag_embed(torch.round(ctx.rand(B, d) * 3)
                            * (ctx.rand(B, d) < 0.5).to(ctx.dtype))
    pick = ctx.rand(B)[:, None, None]
    M = torch.where(pick < 0.5, _rational_psd(ctx, d),
                    torch.where(pick < 0.7, diag, symmetric_mix(ctx, d)))
    return {"M": seq(M), "P": seq(Pm), "S": seq(S)}


def _hyps(ops, v):
    return [("M symmetric", is_symmetric(ops, v["M"]))] + family_hyps(ops, v, "rotation")


def _rot(ops, v):
    R = orthogonal(ops, v)
    return ops.T(R) @ v["M"] @ R


def _gap(ops, v):
    d = v["M"].shape[-1]
    P0, P1 = abs_sym(ops, v["M"]), abs_sym(ops, _rot(ops, v))
    l0, l1, u0, u1 = lower(ops, P0), lower(ops, P1), upper(ops, P0, d), upper(ops, P1, d)
    a, b = l1 - u0, l0 - u1
    return ops.maximum(a, b), u0 + u1


def _sides_rot(ops, v):
    gap, scale = _gap(ops, v)
    return gap, 0 * gap, scale


def _fmt(x):
    return str(x) if isinstance(x, Fraction) else format(x)


def _certify_rot(ops, v):
    d = v["M"].shape[-1]
    P0, P1 = abs_sym(ops, v["M"]), abs_sym(ops, _rot(ops, v))
    s1, l1 = best_sign(ops, P1)
    s0, l0 = best_sign(ops, P0)
    u0, u1 = upper(ops, P0, d), upper(ops, P1, d)
    u0 = u0.reshape(-1)[0] if hasattr(u0, "reshape") else u0
    u1 = u1.reshape(-1)[0] if hasattr(u1, "reshape") else u1
    if l1 - u0 >= l0 - u1:
        which, s, lo, up = "H(L∘R) ≥ sᵀ|RᵀMR|s > ‖|M|‖_{1,1} ≥ H(L)", s1, l1, u0
    else:
        which, s, lo, up = "H(L) ≥ sᵀ|M|s > ‖|RᵀMR|‖_{1,1} ≥ H(L∘R)", s0, l0, u1
    exact = all(isinstance(x, Fraction) for x in (lo, up))
    return {"kind": "sandwich", "claim": which, "sign_vector": list(s), "lower": _fmt(lo),
            "upper": _fmt(up), "exact_rational": exact, "certifies": bool(lo > up)}


_SIZES = lambda gen, preset: {"d": choose(gen, (3, 4))}  # noqa: E731

SEC_3_3_C_D34 = register(computed_statement(
    "adam_linf/sec-3.3-c-d34",
    kind="claim", number="3.3-c", section="3.3 (last paragraph)", inputs=INPUTS,
    title="H(L, Φ_Adam) is rotation-invariant (the negation of the remark; d = 3, 4, "
          "through exact sign-enumeration and (1,1)-norm bounds)",
    latex=(r"\text{printed: } H(L,\Phi_{\mathrm{Adam}}) \ne H(L\circ R,\Phi_{\mathrm{Adam}})"
           r"\text{ for a typical rotation; encoded (expected violated): } H(L\circ R,"
           r"\Phi_{\mathrm{Adam}}) = H(L,\Phi_{\mathrm{Adam}})\ \forall R"),
    size_names={"d": "dimension d (3 or 4)"}, sizes=_SIZES, sampler=_sampler, hyps=_hyps,
    sides=_sides_rot, certify=_certify_rot, expected="violated", ratio_kind="relative",
    screen_rtol=1e-9, computed_kind="relation",
    hypotheses_latex=(r"M = M^\top = \nabla^2L,\ (L\circ R)'' = R^\top MR",
                      r"R = P\,(I-S)(I+S)^{-1} \text{ orthogonal}"),
    lhs_latex=(r"\max\big(\mathrm{LB}(|R^\top MR|) - \|\,|M|\,\|_{1,1},\ \mathrm{LB}(|M|) - "
               r"\|\,|R^\top MR|\,\|_{1,1}\big),\ \mathrm{LB}(P) = \max_{s\in\{\pm1\}^d}s^\top Ps"),
    rhs_latex="0",
    source="Section 3.3, last paragraph; Definition 3.9's (1)",
    notes="LB ≤ H(·, Φ_Adam) ≤ ‖·‖_{1,1}: a positive left side proves H(L∘R) ≠ H(L). Exact in "
          "rationals when ±M ⪰ 0 (then |M| = ±M) with the Cayley rotation; the certificate "
          "names the sign vector and both bounds."))


def _sample_ref(ctx) -> dict:
    d, B = ctx.sizes["d"], ctx.B
    s = torch.where(ctx.rand(B, d) < 0.5, -1.0, 1.0).to(ctx.dtype)
    pick = ctx.rand(B)[:, None, None]
    M = torch.where(pick < 0.3, s[:, :, None] * s[:, None, :] * (1 + torch.round(ctx.rand(B, 1, 1) * 3)),
                    torch.where(pick < 0.6, _rational_psd(ctx, d), symmetric_mix(ctx, d)))
    return {"M": seq(M)}


def _sides_ref(ops, v):
    P = abs_sym(ops, v["M"])
    return lower(ops, P), upper(ops, P, v["k"])


def _certify_ref(ops, v):
    P = abs_sym(ops, v["M"])
    s, lo = best_sign(ops, P)
    up = upper(ops, P, v["k"])
    up = up.reshape(-1)[0] if hasattr(up, "reshape") else up
    return {"kind": "sandwich", "claim": "H(L,Φ_Adam) ≥ sᵀ|M|s > UB_Φk ≥ H(L,Φ_k)",
            "sign_vector": list(s), "lower": _fmt(lo), "upper": _fmt(up),
            "exact_rational": all(isinstance(x, Fraction) for x in (lo, up)),
            "certifies": bool(lo > up)}


def _sizes_ref(gen, preset):
    d = choose(gen, (3, 4))
    return {"d": d, "k": choose(gen, tuple(range(1, d)))}


DEFINITION_3_9_REFINEMENT_D34 = register(computed_statement(
    "adam_linf/definition-3.9-refinement-d34",
    kind="claim", number="3.9", section="3.3 (after Definition 3.9)",
    title="H(L, Φ) non-increasing under refinement at d = 3, 4: max_s sᵀ|M|s ≤ H(L, Φ_Adam) ≤ "
          "H(L, Φ_k) ≤ UB_Φk",
    latex=(r"\Phi_1 \text{ includes } \Phi_2 \implies H(L,\Phi_1) \ge H(L,\Phi_2);\ "
           r"H(L,\Phi_{\mathrm{AdaSGD}}) \text{ is the largest and } H(L,\Phi_{\mathrm{Adam}}) "
           r"\text{ the smallest}"),
    inputs=(IN_M,), size_names={"d": "dimension d (3 or 4)",
                                "k": "number of contiguous blocks of the coarser Φ (1: AdaSGD)"},
    sizes=_sizes_ref, sampler=_sample_ref,
    hyps=lambda ops, v: [("M symmetric", is_symmetric(ops, v["M"]))],
    hypotheses_latex=(r"M = M^\top = \nabla^2L,\ d \in \{3, 4\},\ \Phi_k \text{ coarser than } "
                      r"\Phi_{\mathrm{Adam}}",),
    sides=_sides_ref, certify=_certify_ref,
    lhs_latex=r"\max_{s\in\{\pm1\}^d}s^\top|M|s\ (\le H(L,\Phi_{\mathrm{Adam}}))",
    rhs_latex=(r"\sum_b d_b\sum_{b'}\|\,|M|_{(b),(b')}\|_2\ (\ge H(L,\Phi_k);\ = d\|M\|_2 = "
               r"H(L,\Phi_{\mathrm{AdaSGD}})\text{ at }k=1)"),
    supremum_ratio=1.0,
    source="Section 3.3, the paragraph after display (1) (refinement)",
    notes="A consequence of the monotonicity that needs no SDP value: only a refutation would be "
          "conclusive (certified by the sign vector).  Tight at k = 1 for M = c·ssᵀ."))
