r"""Lemma C.1, eqs. (12)–(13) (Appendix C): the Λ-weighted projection.

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025); the OCR lost most
symbols, so the printed forms below are the statements as re-typed from the paper.

``adagrad_aniso/lemma-C.1-12`` (LEMMA_C1_12): (12), w' = Π^Λ_W[w] is the Λ-closest point
    printed: \forall z\in W:\ \tfrac12\|w-z\|_\Lambda^2 \ge \tfrac12\|w-w'\|_\Lambda^2,\quad
        w' = \Pi^{\Lambda}_W[w]
``adagrad_aniso/lemma-C.1-13`` (LEMMA_C1_13): (13), the variational inequality
    printed: \forall z\in W:\ \langle z-w', \Lambda(w-w')\rangle \le 0
    source: Lemma C.1 (Appendix C, (12), (13)); used in the proofs of Theorems D.1 and E.1

Encoded on the instance Algorithm 1 (Option I) uses: W a box Π_j[lo_j, hi_j] and Λ = diag(λ)
positive definite, where Π^Λ_W[w] is the coordinate-wise clip min(max(w, lo), hi) (the
Λ-weighted distance is separable).  The 'only if' direction is checked: the clip satisfies (12)
and (13) for every z ∈ W.  (13) is encoded with Σ_j λ_j|z_j − w'_j||w_j − w'_j| added to both
sides (the same claim with both sides ≥ 0, so that the ratio is informative).  Not encoded: a non-diagonal
symmetric positive definite Λ (the projection is then a quadratic program; the lemma states it,
the algorithm never uses it) and the 'if' direction.

OCR reading: 'w ΠΛ C[w]' is read w' = Π^Λ_W[w] ('C' for the set W: the lemma names W).
"""
from __future__ import annotations

import sympy as sp

from ...declare import forall, index, sequence, size, statement
from ._common import PAPER

d = size("d", ">= 1", "dimension")
jj = index("j")
lo = sequence("lo", over=(1, d), description="lower corner of the box W")
hi = sequence("hi", over=(1, d), description="upper corner of the box W")
lamv = sequence("lamv", over=(1, d), domain="> 0", description="diagonal of Λ (positive definite)")
wv = sequence("wv", over=(1, d), description="the point w ∈ R^d projected")
z = sequence("z", over=(1, d), description="any point z ∈ W")

_WP = sp.Min(sp.Max(wv[jj], lo[jj]), hi[jj])  # Π^Λ_W[w]_j for a box and diagonal Λ
_ABS = sp.Abs(z[jj] - _WP) * sp.Abs(wv[jj] - _WP)
_HYP = [forall(jj, 1, d, hi[jj] >= lo[jj]), forall(jj, 1, d, lamv[jj] > 0),
        forall(jj, 1, d, z[jj] >= lo[jj]), forall(jj, 1, d, z[jj] <= hi[jj])]

LEMMA_C1_12 = statement(
    f"{PAPER}/lemma-C.1-12",
    kind="lemma", number="C.1",
    title="Lemma C.1 (12): the Λ-projection onto a box is the Λ-closest point of W",
    section="Appendix C (eq. (12))",
    family="other",
    latex=(r"\forall z\in W:\ \tfrac12\|w-w'\|_\Lambda^2 \le \tfrac12\|w-z\|_\Lambda^2,\quad "
           r"w' = \Pi^{\Lambda}_W[w]"),
    hypotheses=_HYP,
    lhs=sp.Sum(lamv[jj] * (wv[jj] - _WP) ** 2, (jj, 1, d)) / 2,
    rhs=sp.Sum(lamv[jj] * (wv[jj] - z[jj]) ** 2, (jj, 1, d)) / 2,
    supremum=1.0,
    source="Lemma C.1 (Appendix C, (12)); W a box, Λ diagonal (Algorithm 1, Option I)",
    notes="Equality at z = w'.",
)

LEMMA_C1_13 = statement(
    f"{PAPER}/lemma-C.1-13",
    kind="lemma", number="C.1",
    title="Lemma C.1 (13): ⟨z − w', Λ(w − w')⟩ ≤ 0 for every z ∈ W",
    section="Appendix C (eq. (13))",
    family="other",
    latex=r"\forall z\in W:\ \langle z-w', \Lambda(w-w')\rangle \le 0,\quad w' = \Pi^\Lambda_W[w]",
    hypotheses=_HYP,
    lhs=sp.Sum(lamv[jj] * ((z[jj] - _WP) * (wv[jj] - _WP) + _ABS), (jj, 1, d)),
    rhs=sp.Sum(lamv[jj] * _ABS, (jj, 1, d)),
    supremum=1.0,
    source="Lemma C.1 (Appendix C, (13)); W a box, Λ diagonal (Algorithm 1, Option I)",
    notes="Encoded as ⟨z − w', Λ(w − w')⟩ + Σ_j λ_j|z_j − w'_j||w_j − w'_j| ≤ Σ_j λ_j|z_j − "
          "w'_j||w_j − w'_j| (the same claim with both sides ≥ 0, so that the ratio lies in "
          "[0, 1] and equals 1 exactly when ⟨z − w', Λ(w − w')⟩ = 0 with a non-zero right side).",
)
