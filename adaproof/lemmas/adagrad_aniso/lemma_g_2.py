r"""Lemma G.2, eq. (31) (Appendix G): a basic inequality.

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025); the OCR lost most
symbols, so the printed forms below are the statements as re-typed from the paper.

``adagrad_aniso/lemma-G.2`` (LEMMA_G2): a basic inequality (weighted AM–GM)
    printed (reconstructed): c > 0,\ x, y\in\mathbb R:\ xy \le c\,x^2 + \frac{y^2}{4c}
    source: Lemma G.2 (Appendix G, (31)); applied in the proof of Lemma F.1

OCR reading: the display is lost entirely ('For c ≥ 0 and x, y ∈ R, it holds that Lemma G.3').
It is applied in the proof of Lemma F.1 'with c = ..., x = |g_{t,j}| − √(E_t g²_{t,j}),
y = |∇_{t,j}f|' to split the product |∇f||g|·||g| − √(E_t g²)|/(λλ̃) into a g²/λ² term and a
∇f²/λ̃ term: a weighted AM–GM inequality.  Reconstructed as xy ≤ cx² + y²/(4c), the form in
which the proof's coefficient 2c appears on the x² side after the expectation; the other common
normalisation xy ≤ (c/2)x² + y²/(2c) is the same family of inequalities (c ↦ 2c), so one
variant covers both.  'c ≥ 0' is printed; c = 0 leaves y²/(4c) undefined, so c > 0 is encoded
(the c = 0 case holds only as the limit +∞).
"""
from __future__ import annotations

from ...declare import scalar, statement
from ._common import PAPER

c = scalar("c", "> 0", "weight c (printed 'c ≥ 0'; c > 0 where y²/(4c) is defined)")
x = scalar("x", "R", "x")
y = scalar("y", "R", "y")

LEMMA_G2 = statement(
    f"{PAPER}/lemma-G.2",
    title="A basic inequality (weighted AM–GM): xy ≤ cx² + y²/(4c)",
    section="Appendix G (eq. (31))",
    family="other",
    latex=r"c > 0,\ x, y\in\mathbb R:\ xy \le c\,x^2 + \frac{y^2}{4c}",
    hypotheses=[c > 0],
    lhs=x * y,
    rhs=c * x ** 2 + y ** 2 / (4 * c),
    supremum=1.0,
    source="Lemma G.2 (Appendix G, (31); display lost in the OCR, reconstructed from its use in "
           "the proof of Lemma F.1)",
    notes="Equality iff y = 2cx.",
)
