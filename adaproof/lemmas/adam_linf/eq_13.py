"""Display (13), the gradient-difference bound in the proof of Lemma C.1 (Appendix C.1).

As printed (line 545):

    ‖∇L(x_{s−1}) − ∇L(x₀)‖₂² ≤ Σ_{b=1}^B H_b ‖x_{s−1,(b)} − x_{0,(b)}‖₂²,            (13)

where H = diag(H_{Φ(i)}) dominates |∇²L(x)| and follows Φ (Lemma C.1's hypothesis).  The next
display bounds the right side by Σ_b H_b d_b² η²(s−1)² and Lemma C.1's conclusion carries
Σ_b H_b² d_b: H_b and H_b² are both plausible readings of (13).  Encoded on a quadratic
L(x) = ½xᵀSx in dimension 2 with the partition Φ_Adam (two blocks of one coordinate), S any
symmetric matrix (non-diagonal), H = diag(a₁, a₂) certified *exactly* by −H ≼ S ≼ H (the 2×2
minors of H ∓ S: the sense in which blockwise smoothness gives domination, see
adam_linf/lemma-C.3-dominates@corrected):

* ``adam_linf/eq-13`` as printed (H_b): violated (S = H = cI with c > 1: c²‖δ‖² > c‖δ‖²; the
  two sides scale differently in H);
* ``adam_linf/eq-13-squared`` (the H_b² reading Lemma C.1's conclusion uses): violated too, by a
  convex quadratic with S ≽ 0 so that H ≽ |S| = S also in the matrix sense:
  S = [[1/2, √ε/2], [√ε/2, ε/2]], H = diag(1, ε), δ = (0, 1): ‖Sδ‖² = ε(1+ε)/4 > ε² for ε < 1/3;
* ``adam_linf/eq-13@corrected``: ‖∇L(x) − ∇L(x₀)‖² ≤ (max_b H_b) Σ_b H_b‖δ_(b)‖² (from
  S = H^{1/2}RH^{1/2} with ‖R‖₂ ≤ 1), which holds.

No hand sampler: the derived attack finds both violations and reaches ratio 1 − 3e-11 on the
corrected bound (1000 examples, seed 0; a hand sampler drawing S = H^{1/2}RH^{1/2} reached
1 − 6e-5).
"""
from __future__ import annotations

import sympy as sp

from ...declare import corrected, scalar, sequence, statement
from ...statement import Hypothesis

s11 = scalar("s11", "R", "Hessian entry S₁₁ of L(x) = ½xᵀSx")
s12 = scalar("s12", "R", "Hessian entry S₁₂ = S₂₁")
s22 = scalar("s22", "R", "Hessian entry S₂₂")
a1 = scalar("a1", "> 0", "H₁ (block {1})")
a2 = scalar("a2", "> 0", "H₂ (block {2})")
x = sequence("x", (1, 2), "R", "x_{s−1}")
x0 = sequence("x0", (1, 2), "R", "x₀")

_d1, _d2 = x[1] - x0[1], x[2] - x0[2]
_LHS = (s11 * _d1 + s12 * _d2) ** 2 + (s12 * _d1 + s22 * _d2) ** 2
_HYPS = [
    Hypothesis(sp.StrictGreaterThan(a1, 0), note="H_b ≥ 0 (a dominating diagonal); > 0 here"),
    Hypothesis(sp.StrictGreaterThan(a2, 0), note="H_b ≥ 0 (a dominating diagonal); > 0 here"),
    Hypothesis(sp.And(sp.GreaterThan(a1 - s11, 0), sp.GreaterThan(a2 - s22, 0),
                      sp.GreaterThan((a1 - s11) * (a2 - s22), s12 ** 2)),
               note="H dominates ∇²L from above: H − S ≽ 0 (2×2: nonnegative diagonal and "
                    "determinant)"),
    Hypothesis(sp.And(sp.GreaterThan(a1 + s11, 0), sp.GreaterThan(a2 + s22, 0),
                      sp.GreaterThan((a1 + s11) * (a2 + s22), s12 ** 2)),
               note="H dominates ∇²L from below: H + S ≽ 0"),
]


_COMMON = dict(kind="eq", section="Appendix C.1, proof of Lemma C.1", family="other",
               hypotheses=_HYPS,
               source="Display (13), proof of Lemma C.1 (Appendix C.1, line 545)")
_NOTE = ("L(x) = ½xᵀSx, d = 2, Φ_Adam (H_b = a_b); ∇L(x) − ∇L(x₀) = S(x − x₀).  The hypothesis "
         "is −H ≼ S ≼ H (exact for 2×2).")

EQ_13 = statement(
    "adam_linf/eq-13", **_COMMON, number="13",
    title="(13) as printed: ‖∇L(x_{s−1}) − ∇L(x₀)‖² ≤ Σ_b H_b‖x_{s−1,(b)} − x_{0,(b)}‖²",
    latex=(r"\|\nabla L(x_{s-1})-\nabla L(x_0)\|_2^2\le\sum_{b=1}^BH_b\|x_{s-1,(b)}-"
           r"x_{0,(b)}\|_2^2"),
    lhs=_LHS, rhs=a1 * _d1 ** 2 + a2 * _d2 ** 2,
    expected="violated",
    notes=_NOTE + " OCR reading: 'H_b' (not squared), as printed.  Violated: the sides scale as "
                  "H² and H (S = H = cI, c > 1).",
)

EQ_13_SQUARED = statement(
    "adam_linf/eq-13-squared", **_COMMON, number="13 (H_b² reading)",
    title="(13) read with H_b² (as Lemma C.1's conclusion uses): ≤ Σ_b H_b²‖δ_(b)‖²",
    latex=(r"\|\nabla L(x_{s-1})-\nabla L(x_0)\|_2^2\le\sum_{b=1}^BH_b^2\|x_{s-1,(b)}-"
           r"x_{0,(b)}\|_2^2"),
    lhs=_LHS, rhs=a1 ** 2 * _d1 ** 2 + a2 ** 2 * _d2 ** 2,
    expected="violated",
    notes=_NOTE + " The reading consistent with Lemma C.1's Σ_b H_b² d_b.  Violated by a convex "
                  "quadratic (S ≽ 0, so H ≽ |S| in the matrix sense too): S = [[1/2, √ε/2], "
                  "[√ε/2, ε/2]], H = diag(1, ε), δ = (0, 1).",
)

EQ_13_CORRECTED = corrected(
    EQ_13,
    reason="−H ≼ S ≼ H gives S = H^{1/2}RH^{1/2} with ‖R‖₂ ≤ 1, so ‖Sδ‖² ≤ ‖H‖₂·δᵀHδ = "
           "(max_b H_b)Σ_b H_b‖δ_(b)‖²; neither Σ H_b‖δ_(b)‖² (scaling) nor Σ H_b²‖δ_(b)‖² "
           "(a non-diagonal S) bounds it",
    rhs=sp.Max(a1, a2) * (a1 * _d1 ** 2 + a2 * _d2 ** 2),
    latex=(r"\|\nabla L(x_{s-1})-\nabla L(x_0)\|_2^2\le\max_bH_b\sum_{b=1}^BH_b\|x_{s-1,(b)}-"
           r"x_{0,(b)}\|_2^2"),
)
