"""Section 3.3, after Theorem 3.11 (and Appendix C.2): coordinate-wise smoothness gives
``diag(H_1, ..., H_d) ⪰ |∇²L(x)|``.

As printed:

    When L is (H_1, ..., H_d)-smooth coordinate-wisely w.r.t. ℓ∞ norm, we show in Appendix C.2
    that diag(H_1, ..., H_d) ⪰ |∇²L(x)| for all x ∈ R^d and diag(H_1, ..., H_d) follows
    Φ_Adam partition. So H(L, Φ_Adam) is at most Σ_i H_i ...

Definition 3.3 for a quadratic loss ``xᵀMx/2``: ``|M_{i,:}(x - y)| ≤ H_i‖x - y‖∞`` for all
``x, y``, i.e. ``H_i ≥ Σ_j |M_ij|`` (exactly).  Violated (the same counterexample as the sentence
after Lemma C.3, which Appendix C.2 gives as the proof): ``M = [[1, 1], [1, 0]]``, ``H = (2, 1)``.
What holds is ``-diag(H) ⪯ ∇²L(x) ⪯ diag(H)`` (``adam_linf/lemma-C.3-dominates@corrected``),
which still gives the bound of Theorem 3.11's proof; whether ``H(L, Φ_Adam) ≤ Σ H_i`` holds with
Definition 3.9's ``|·|`` is a separate question (an SDP, not attacked here).
"""
from __future__ import annotations

import torch

from ...computed import Input, computed_statement
from ...matrix import loewner_certificate, symmetric_mix
from ...registry import register
from ._matrix import IN_M, is_symmetric, seq, sizes_d

IN_HC = Input("H", ("d",), ">= sum_j |M_ij|", "coordinate-wise ℓ∞ smoothness constants "
                                              "(Definition 3.3)")


def sample_mh(ctx) -> dict:
    d = ctx.sizes["d"]
    M = symmetric_mix(ctx, d)
    U = M.abs().sum(-1)
    exact = (M == torch.round(M)).all(-1).all(-1)
    base = torch.where(exact[:, None], U, U * (1 + 2.0 ** -40))
    slack = torch.where(ctx.rand(ctx.B, 1) < 0.6, torch.zeros(ctx.B, 1, dtype=ctx.dtype),
                        torch.exp(ctx.randn(ctx.B, d) * 2 - 2))
    return {"M": seq(M), "H": seq(base * (1 + slack))}


def hyps_mh(ops, v):
    M, H = v["M"], v["H"]
    return [("M symmetric", is_symmetric(ops, M)),
            ("H_i >= sum_j |M_ij| (Definition 3.3)",
             ops.all(ops.ge(H, ops.sum(ops.abs(M), -1)), -1))]


def _scale(ops, v):
    return ops.sum(ops.abs(v["H"]), -1) + ops.l11(v["M"])


def _sides(ops, v):
    D = ops.diag_embed(v["H"]) - ops.mabs(v["M"])
    return 0 * _scale(ops, v), ops.lam_min(D), _scale(ops, v)


SEC_3_3_B = register(computed_statement(
    "adam_linf/sec-3.3-b",
    kind="claim", number="3.3-b", section="3.3 (after Theorem 3.11); Appendix C.2",
    title="Coordinate-wise ℓ∞ smoothness H gives diag(H) ⪰ |∇²L(x)|",
    latex=(r"L\ (H_1,\dots,H_d)\text{-smooth coordinate-wisely w.r.t. } \ell_\infty:\quad "
           r"\mathrm{diag}(H_1,\dots,H_d) \succeq |\nabla^2 L(x)|\ \ \forall x"),
    inputs=(IN_M, IN_HC), size_names={"d": "dimension d"}, sizes=sizes_d, sampler=sample_mh,
    hyps=hyps_mh, sides=_sides, ratio_kind="relative",
    hypotheses_latex=(r"M = M^\top = \nabla^2L(x)", r"H_i \ge \sum_j |M_{ij}|\ \text{(Definition 3.3)}"),
    lhs_latex="0", rhs_latex=r"\lambda_{\min}\big(\mathrm{diag}(H) - |M|\big)",
    certify=lambda ops, v: loewner_certificate(ops, ops.diag_embed(v["H"]) - ops.mabs(v["M"])),
    expected="violated",
    source="Section 3.3, paragraph after Theorem 3.11 ('we show in Appendix C.2 that "
           "diag(H_1, ..., H_d) ⪰ |∇²L(x)|')",
    notes="Violated: M = [[1,1],[1,0]], H = (2,1); certified by x with xᵀ(diag(H) − |M|)x < 0.",
))
