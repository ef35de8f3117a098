"""Lemma C.3 (Appendix C.2), display (15), and the sentence after it.

As printed:

    Lemma C.3. For any twice differentiable loss which is H-blockwisely-smooth w.r.t. Φ-norm
    (Definition C.2), we have for any x and Δ ∈ R^d,
        |Δᵀ∇²L(x)Δ| ≤ Σ_{b=1}^B H_b ‖Δ_(b)‖₂².     (15)
    Then the diagonal matrix A defined by A_{i,i} = H_{Φ(i)} follows partition Φ and dominates
    |∇²L(x)|.

"Dominates" is Definition 3.9's ``A ⪰ |∇²L(x)|`` with ``|M| = (MᵀM)^{1/2}``.  (15) gives
``-A ⪯ ∇²L(x) ⪯ A`` and no more: ``adam_linf/lemma-C.3-dominates`` (printed) is violated --
Φ_Adam, ``M = [[1, 1], [1, 0]]``, ``H = (2, 1)`` (row sums, Definition 3.3's constants):
``A - |M| = diag(2, 1) - [[3, 1], [1, 2]]/√5`` has determinant ``< 0``.  The corrected reading
``-A ⪯ ∇²L(x) ⪯ A`` (what (15) states and what the proof of Theorem 3.11 uses) holds.

The domain (Definition C.2 for a quadratic loss) is in :mod:`._matrix`.
"""
from __future__ import annotations

from ...computed import computed_statement
from ...matrix import loewner_certificate
from ...registry import register
from ._matrix import (IN_DELTA, IN_H, IN_M, SIZE_NAMES, block_sq_norms, expand_blocks,
                      hyps_mh, quad, reparam_mhd, sample_mhd, sizes_dk)

_HYPS_TEX = (r"M = M^\top = \nabla^2 L(x)\ (L(x) = \tfrac12 x^\top M x)",
             r"H_b \ge U_b = \sum_{b'}\sqrt{d_{b'}/d_b}\,\|M_{(b),(b')}\|_2 \ge "
             r"\sup_{\|\Delta\|_\Phi\le1}\|M_{(b),:}\Delta\|_2/\sqrt{d_b}"
             r"\ (\text{Definition C.2; } U_b = \sum_j|M_{ij}| \text{ for } \Phi_{\mathrm{Adam}})")
_COMMON = dict(kind="lemma", number="C.3", section="Appendix C.2", size_names=SIZE_NAMES,
               sizes=sizes_dk, sampler=sample_mhd, hyps=hyps_mh, hypotheses_latex=_HYPS_TEX,
               reparam=reparam_mhd())


def _sides_15(ops, v):
    d, k = v["d"], v["k"]
    M, H, D = v["M"], v["H"], v["Delta"]
    lhs = ops.abs(quad(ops, M, D))
    rhs = ops.sum(H * block_sq_norms(ops, D, d, k), -1)
    return lhs, rhs


LEMMA_C_3 = register(computed_statement(
    "adam_linf/lemma-C.3",
    title="Lemma C.3 (15): |ΔᵀMΔ| ≤ Σ_b H_b‖Δ_(b)‖² under blockwise smoothness",
    latex=(r"L\ \mathbf{H}\text{-blockwisely-smooth w.r.t. } \Phi \text{ (Def. C.2)}:\quad "
           r"|\Delta^\top\nabla^2L(x)\Delta| \le \sum_{b=1}^B H_b\|\Delta_{(b)}\|_2^2"),
    inputs=(IN_M, IN_H, IN_DELTA), sides=_sides_15,
    lhs_latex=r"|\Delta^\top M\Delta|", rhs_latex=r"\sum_b H_b\|\Delta_{(b)}\|_2^2",
    source="Lemma C.3, display (15) (Appendix C.2)",
    supremum_ratio=1.0,
    notes="Tight: Φ_Adam, M = ssᵀ, Δ = s (s a sign vector) gives d² on both sides.",
    **_COMMON))


def _A(ops, v):
    d, k = v["d"], v["k"]
    return ops.diag_embed(expand_blocks(ops, v["H"], d, k))


def _scale(ops, v):
    return ops.l11(_A(ops, v)) + ops.l11(v["M"])


def _sides_dominates(ops, v):
    A = _A(ops, v)
    return 0 * _scale(ops, v), ops.lam_min(A - ops.mabs(v["M"])), _scale(ops, v)


def _certify_dominates(ops, v):
    return loewner_certificate(ops, _A(ops, v) - ops.mabs(v["M"]))


LEMMA_C_3_DOMINATES = register(computed_statement(
    "adam_linf/lemma-C.3-dominates",
    title="Sentence after Lemma C.3: diag(H_Φ(i)) ⪰ |∇²L(x)|",
    latex=(r"\text{Then the diagonal matrix } A,\ A_{i,i} = H_{\Phi(i)}, \text{ follows } \Phi "
           r"\text{ and dominates } |\nabla^2 L(x)|\ (A \succeq |\nabla^2L(x)|,\ "
           r"|M| = (M^\top M)^{1/2})"),
    inputs=(IN_M, IN_H, IN_DELTA), sides=_sides_dominates, ratio_kind="relative",
    lhs_latex="0", rhs_latex=r"\lambda_{\min}\big(\mathrm{diag}(H_{\Phi(i)}) - |M|\big)",
    certify=_certify_dominates, expected="violated",
    source="Appendix C.2, the sentence after (15)",
    notes="Violated: Φ_Adam, M = [[1,1],[1,0]], H = (2,1) (the row sums of |M|, Definition 3.3's "
          "constants): λ_min(diag(2,1) − |M|) < 0, certified by an explicit vector x with "
          "xᵀ(A − |M|)x < 0.  (15) only gives −A ⪯ M ⪯ A (the corrected variant).",
    **_COMMON))


def _sides_two_sided(ops, v):
    A, M = _A(ops, v), v["M"]
    lo = ops.lam_min(A - M)
    hi = ops.lam_min(A + M)
    return 0 * _scale(ops, v), ops.where(ops.ge(lo, hi), hi, lo), _scale(ops, v)


LEMMA_C_3_DOMINATES_CORRECTED = register(computed_statement(
    "adam_linf/lemma-C.3-dominates",
    title="Sentence after Lemma C.3, corrected: -diag(H_Φ(i)) ⪯ ∇²L(x) ⪯ diag(H_Φ(i))",
    latex=(r"A_{i,i} = H_{\Phi(i)}:\quad -A \preceq \nabla^2 L(x) \preceq A"),
    inputs=(IN_M, IN_H, IN_DELTA), sides=_sides_two_sided, ratio_kind="relative",
    lhs_latex="0", rhs_latex=r"\min\{\lambda_{\min}(A - M), \lambda_{\min}(A + M)\}",
    variant="corrected",
    reason="(15) is |ΔᵀMΔ| ≤ ΔᵀAΔ for all Δ, i.e. −A ⪯ M ⪯ A; it does not give A ⪰ |M| "
           "(the printed sentence is violated); Theorem 3.11's proof only uses the two-sided "
           "quadratic-form bound",
    source="Appendix C.2, the sentence after (15), read as (15) itself",
    **_COMMON))
