r"""Lemma G.5 (Appendix G): comparison of measures.

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025); the OCR lost most
symbols, so the printed forms below are the statements as re-typed from the paper.

``adagrad_aniso/lemma-G.5`` (LEMMA_G5): comparison of measures
    printed (reconstructed): \sum_{t=1}^T\Big(\sum_{j=1}^d |a_{t,j}|\Big)^2 \le
        \Big(\sum_{j=1}^d\sqrt{\textstyle\sum_{t=1}^T a_{t,j}^2}\Big)^2
    source: Lemma G.5 (Appendix G); used at the end of the proof of Theorem 5.3 as
        Σ_j √(Σ_t |∇_{t,j} f|²) ≥ √(Σ_t ‖∇f(w_t)‖₁²)

OCR reading: the statement's display is lost ('For a sequence {a_{t,j}} with t = 1, ..., T and
j = 1, ..., d, it holds that Proof.').  Reconstructed from the proof, which squares both sides
and compares the cross terms: Σ_{j1≠j2} √(Σ_t a²_{t,j1}) √(Σ_t a²_{t,j2}) ≥ Σ_t |a_{t,j1}a_{t,j2}|
'from the Cauchy–Schwarz inequality', and from its use in the proof of Theorem 5.3 ('the fact
proven in Lemma G.5 that Σ_j √(Σ_t |∇_{t,j}|²) ≥ √(Σ_t ‖∇f(w_t)‖₁²)').  Encoded squared (both
sides are non-negative, so it is the same claim).
"""
from __future__ import annotations

import sympy as sp

from ...declare import index, sequence, size, statement
from ._common import PAPER

T = size("T", ">= 1", "number of rows t")
d = size("d", ">= 1", "number of columns j")
t, jj = index("t"), index("j")
a = sequence("a", over=((1, T), (1, d)), description="a_{t,j} (any real numbers)")

LEMMA_G5 = statement(
    f"{PAPER}/lemma-G.5",
    title="Comparison of measures: Σ_t ‖a_t‖₁² ≤ (Σ_j ‖a_{·,j}‖₂)²",
    section="Appendix G",
    family="other",
    latex=(r"\sum_{t=1}^T\Big(\sum_{j=1}^d |a_{t,j}|\Big)^2 \le \Big(\sum_{j=1}^d"
           r"\sqrt{\textstyle\sum_{t=1}^T a_{t,j}^2}\Big)^2"),
    lhs=sp.Sum(sp.Sum(sp.Abs(a[t, jj]), (jj, 1, d)) ** 2, (t, 1, T)),
    rhs=sp.Sum(sp.sqrt(sp.Sum(a[t, jj] ** 2, (t, 1, T))), (jj, 1, d)) ** 2,
    supremum=1.0,
    source="Lemma G.5 (Appendix G; display lost in the OCR, reconstructed from the proof and "
           "from its use in the proof of Theorem 5.3)",
    notes="Equality when T = 1 or d = 1, or when the columns |a_{·,j}| are proportional.",
)
