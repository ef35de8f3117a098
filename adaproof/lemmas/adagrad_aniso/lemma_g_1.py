r"""Lemma G.1, eq. (30) (Appendix G).

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025); the OCR lost most
symbols, so the printed forms below are the statements as re-typed from the paper.

``adagrad_aniso/lemma-G.1`` (LEMMA_G1): A useful inequality (Cauchy–Schwarz with weights)
    printed: x_j \ge 0,\ s_j > 0,\ S=\sum_{i=1}^n s_i:\ \frac{(\sum_{j=1}^n x_j)^2}{S} \le
        \sum_{j=1}^n \frac{x_j^2}{s_j}
    source: Lemma G.1 (Appendix G, (30)); used in the proof of Theorem 4.1 as
        Σ_j √(Σ_t ∇²_{t,j}) ≤ √(‖L‖₁ Σ_t ‖∇f(w_t)‖²_{L⁻¹})

OCR reading: the display survives as 'x2 j sj . (30)' after 'with S = Σ s_j, it holds that'; the
proof 'multiply S by both sides and take the square' and the equality case 'x_i/s_i = x_j/s_j'
fix the form (Σ x_j)²/S ≤ Σ x_j²/s_j (equivalently Σ x_j ≤ √(S Σ x_j²/s_j), the form used in
Theorem 4.1's proof).
"""
from __future__ import annotations

import sympy as sp

from ...declare import forall, index, sequence, size, statement
from ._common import PAPER

n = size("n", ">= 1", "length n of the sequences")
jj = index("j")
x = sequence("x", over=(1, n), domain=">= 0", description="non-negative x_j")
s = sequence("s", over=(1, n), domain="> 0", description="positive weights s_j")

LEMMA_G1 = statement(
    f"{PAPER}/lemma-G.1",
    title="A useful inequality: (Σ x_j)²/S ≤ Σ x_j²/s_j, S = Σ s_j",
    section="Appendix G (eq. (30))",
    family="other",
    latex=(r"x_j \ge 0,\ s_j > 0,\ S=\sum_{i=1}^n s_i:\ \frac{(\sum_{j=1}^n x_j)^2}{S} \le "
           r"\sum_{j=1}^n \frac{x_j^2}{s_j}"),
    hypotheses=[forall(jj, 1, n, x[jj] >= 0), forall(jj, 1, n, s[jj] > 0)],
    lhs=sp.Sum(x[jj], (jj, 1, n)) ** 2 / sp.Sum(s[jj], (jj, 1, n)),
    rhs=sp.Sum(x[jj] ** 2 / s[jj], (jj, 1, n)),
    supremum=1.0,
    source="Lemma G.1 (Appendix G, (30)); used in the proof of Theorem 4.1",
    notes="Equality iff x_j/s_j is constant (the lemma's equality case): supremum 1, attained.",
)
