r"""Lemma B.4, Appendix B.2: Adafactor's second-order term against Adam's.

As printed: let W_k and V_k be defined in Algorithm 1 without update clipping where eta_k is
given by (4) and (43) respectively.  For any k >= 1,

    \|G_k/\sqrt{W_k}\|_F^2 <= 2\mathcal G/(\max\{m, n\}\epsilon_1) \|G_k/\sqrt{V_k}\|_F^2.

Encoded: ``adafactor/lemma-B.4-a`` (the lemma, with its proof chain: termwise, then an identity),
``-b`` (the proof's concluding display for U_k), and the two coordinate-wise ratios of its proof's
first display, ``-c`` (n-version) and ``-d`` (m-version).
"""
from __future__ import annotations

import sympy as sp

from ...declare import chain, statement
from ._common import (BASE_HYPS, BASE_QUANTITIES, eps1, FORALL_K, FORALL_KIJ, g, GG, i, j, k, m, n,
                      Q_C_F, Q_R, Q_S, Q_U, Q_V, Q_W, REC_U, REC_V, RECS_FACTORS, _sampler_dense,
                      SIZES_POINTWISE, SRC_WV, U, V, w_kij)

_B4_FACTOR = 2 * GG / (sp.Max(m, n) * eps1)
_FROB_GV = sp.Sum(g[k, i, j] ** 2 / V[k, i, j], (i, 1, n), (j, 1, m))
_B4_QUANT = BASE_QUANTITIES + (Q_R, Q_C_F, Q_S, Q_W, Q_V, Q_U)
_B4_RECS = RECS_FACTORS + (REC_V, REC_U)
_B4 = {
    "a": ("variance-ratio", "Adafactor's second-order term against Adam's (as printed)",
          sp.Sum(g[k, i, j] ** 2 / w_kij, (i, 1, n), (j, 1, m)), _B4_FACTOR * _FROB_GV, FORALL_K,
          r"\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf W_k}}\Big\|_F^2\le\frac{2\mathcal G}{\max\{m,n\}"
          r"\epsilon_1}\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf V_k}}\Big\|_F^2",
          "Lemma B.4 as printed"),
    "b": ("update-norm", "||U_k||_F^2 against Adam's second-order term",
          sp.Sum(U[k, i, j] ** 2, (i, 1, n), (j, 1, m)), _B4_FACTOR * _FROB_GV, FORALL_K,
          r"\|\mathbf U_k\|_F^2=\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf W_k}}\Big\|_F^2\le\frac{2"
          r"\mathcal G}{\max\{m,n\}\epsilon_1}\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf V_k}}\Big\|_F^2",
          "Lemma B.4, the proof's concluding display (U_k, the update direction of Algorithm 1)"),
    "c": ("variance-ratio", "coordinate-wise ratio, n-version",
          g[k, i, j] ** 2 / w_kij, 2 * g[k, i, j] ** 2 * GG / (n * eps1 * V[k, i, j]), FORALL_KIJ,
          r"\frac{(g_{ij}^{(k)})^2}{w_{ij}^{(k)}}=\frac{(g_{ij}^{(k)})^2S_{\mathbf V_k}}{R^{(i)}"
          r"C^{(j)}}\le\frac{2(g_{ij}^{(k)})^2\mathcal G}{n\epsilon_1v_{ij}^{(k)}}",
          "proof of Lemma B.4, first display (left)"),
    "d": ("variance-ratio", "coordinate-wise ratio, m-version",
          g[k, i, j] ** 2 / w_kij, 2 * g[k, i, j] ** 2 * GG / (m * eps1 * V[k, i, j]), FORALL_KIJ,
          r"\frac{(g_{ij}^{(k)})^2}{w_{ij}^{(k)}}\le\frac{2(g_{ij}^{(k)})^2\mathcal G}{m\epsilon_1"
          r"v_{ij}^{(k)}}", "proof of Lemma B.4, first display (right)"),
}
LEMMA_B4 = {}
for _part, (_fam, _title, _lhs, _rhs, _fa, _tex, _src) in _B4.items():
    LEMMA_B4[_part] = statement(
        id=f"adafactor/lemma-B.4-{_part}", kind="lemma", number="B.4",
        title=_title, section="Appendix B.2", family=_fam,
        latex=r"\forall k\ge1:\ " + _tex,
        quantities=_B4_QUANT, hypotheses=BASE_HYPS,
        lhs=_lhs, rhs=_rhs, forall=_fa,
        sampler=_sampler_dense, sizes=SIZES_POINTWISE,
        trajectory=SRC_WV, recurrences=_B4_RECS,
        source=_src,
        notes="W_k: Algorithm 1 without update clipping (eta_k by (4)); V_k: the unfactored (43); "
              "setting (5) and (A4) through Lemma B.2.",
    )

# Lemma B.4's chain: termwise min of the two coordinate bounds (B.4-c, B.4-d: 1/max{m,n} =
# min{1/n, 1/m}), then the constant factored out of the sum (an identity)
_B4_TERMWISE = sp.Sum(2 * g[k, i, j] ** 2 * GG / (sp.Max(m, n) * eps1 * V[k, i, j]),
                      (i, 1, n), (j, 1, m))
LEMMA_B4["a"].proof = chain(
    LEMMA_B4["a"].lhs,
    ("<=", _B4_TERMWISE,
     "termwise: g²/w <= 2g²calG/(n eps_1 v) and <= 2g²calG/(m eps_1 v) (B.4-c, B.4-d)"),
    ("=", LEMMA_B4["a"].rhs, "the constant 2calG/(max{m,n} eps_1) out of the sum"),
)
