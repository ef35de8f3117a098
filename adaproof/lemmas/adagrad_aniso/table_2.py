r"""Table 2 (Section 4): the diameters D∞ and D2 of AdaGrad's iterates, read on a trajectory.

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025); the OCR lost most
symbols, so the printed forms below are the statements as re-typed from the paper.

``adagrad_aniso/table-2-a`` (TABLE_2_A): Table 2: C_var = D∞/D2 ≤ 1, with D's the maxima of ‖w_t −
    w*‖ over AdaGrad's path
    printed: C_{var} = \frac{D_\infty}{D_2} \le 1,\quad D_\infty = \max_t\|w_t-w^*\|_\infty,\
        D_2 = \max_t\|w_t-w^*\|_2
    source: Table 2: 'D2 = max_t ‖w_t − w*‖₂ and D∞ = max_t ‖w_t − w*‖∞ … Smaller values in
        C_var = D∞/D2 represent better theoretical bounds for Adagrad'

``adagrad_aniso/table-2-b`` (TABLE_2_B): Table 2: C_var = D∞/D2 ≥ 1/√d (D's over AdaGrad's path)
    printed: C_{var} = \frac{D_\infty}{D_2} \ge \frac1{\sqrt d}\ \iff\ \max_t\|w_t-w^*\|_2 \le
        \sqrt d\,\max_t\|w_t-w^*\|_\infty
    source: Table 2 (C_var's range; 1/√d is its least value)
"""
from __future__ import annotations

import sympy as sp

from ...registry import register
from ...statement import Hypothesis, Quantity
from ._common import D2, Dinf, PAPER, T, _adagrad_stmt, d, j, t, w, ws

_Q_WS = Quantity("ws", "sequence", "R", "w*, the reference minimiser", (1,), ("d",))
_NORM2_WS = sp.sqrt(sp.Sum((w[t, j] - ws[j]) ** 2, (j, 1, d)))

TABLE_2_A = register(_adagrad_stmt(
    id=f"{PAPER}/table-2-a",
    with_w=True,
    kind="claim", number="2",
    title="Table 2: C_var = D∞/D2 ≤ 1, with D's the maxima of ‖w_t − w*‖ over AdaGrad's path",
    section="Section 6.1 (Table 2)",
    family="variance-ratio",
    latex=(r"C_{var} = \frac{D_\infty}{D_2} \le 1,\quad D_\infty = \max_t\|w_t-w^*\|_\infty,\ "
           r"D_2 = \max_t\|w_t-w^*\|_2"),
    extra_q=(_Q_WS, Quantity("D2", "scalar", "> 0", "any D2 ≥ max_t ‖w_t − w*‖₂")),
    extra_h=(Hypothesis(sp.GreaterThan(D2, _NORM2_WS), forall=((t, 0, T),), silent=True,
                        note="encoding: D2 ≥ max_t ‖w_t − w*‖₂; 'D∞ ≤ D2 for every such D2' is "
                             "equivalent to D∞ ≤ max_t ‖w_t − w*‖₂ (the derived sampler "
                             "draws D2 on that bound part of the time)"),),
    lhs=sp.Abs(w[t, j] - ws[j]),
    rhs=D2,
    forall=((t, 0, T), (j, 1, d)),
    source="Table 2: 'D2 = max_t ‖w_t − w*‖₂ and D∞ = max_t ‖w_t − w*‖∞ … Smaller values in "
           "C_var = D∞/D2 represent better theoretical bounds for Adagrad'",
    supremum_ratio=1.0,
    notes="The table's a9a row prints C_var = 0.32 while its D∞/D2 = 9.79/29.43 = 0.333 (the "
          "other four rows agree with D∞/D2 to two decimals).",
))

TABLE_2_B = register(_adagrad_stmt(
    id=f"{PAPER}/table-2-b",
    with_w=True,
    kind="claim", number="2",
    title="Table 2: C_var = D∞/D2 ≥ 1/√d (D's over AdaGrad's path)",
    section="Section 6.1 (Table 2)",
    family="variance-ratio",
    latex=(r"C_{var} = \frac{D_\infty}{D_2} \ge \frac1{\sqrt d}\ \iff\ "
           r"\max_t\|w_t-w^*\|_2 \le \sqrt d\,\max_t\|w_t-w^*\|_\infty"),
    extra_q=(_Q_WS, Quantity("Dinf", "scalar", "> 0", "any D∞ ≥ max_t ‖w_t − w*‖∞")),
    extra_h=(Hypothesis(sp.GreaterThan(Dinf, sp.Abs(w[t, j] - ws[j])),
                        forall=((t, 0, T), (j, 1, d)), silent=True,
                        note="encoding: D∞ ≥ max_t ‖w_t − w*‖∞ (equivalent universal form; the "
                             "derived sampler draws D∞ on that bound part of the time)"),),
    lhs=_NORM2_WS,
    rhs=sp.sqrt(d) * Dinf,
    forall=((t, 0, T),),
    source="Table 2 (C_var's range; 1/√d is its least value)",
    supremum_ratio=1.0,
))
