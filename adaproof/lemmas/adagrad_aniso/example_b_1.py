r"""Example B.1 (Appendix B): the variance ratios on a hypercube W of side c.

Liu, Pan, Zhang, *AdaGrad under anisotropic smoothness* (ICLR 2025); the OCR lost most
symbols, so the printed forms below are the statements as re-typed from the paper.

``adagrad_aniso/example-B.1-a`` (EXAMPLE_B1_A): Example B.1: for a hypercube W, R1 ≤ 1
    printed: W \text{ a hypercube } (D_2^2 = dD_\infty^2):\quad R_1 =
        \frac{D_\infty\|\sigma\|_1}{D_2\|\sigma\|_2} \le 1
    source: Example B.1: 'R1 can be close to 1/√d and R1 ≤ 1' with 'D2² = d D∞²' (hypercube)

``adagrad_aniso/example-B.1-b`` (EXAMPLE_B1_B): Example B.1: for a hypercube W, R2 ≤ 1
    printed: W \text{ a hypercube}:\quad R_2 = \frac{\|L\|_1 D_\infty^2}{\|L\|_\infty D_2^2} \le
        1
    source: Example B.1: 'both R1, R2 ≤ 1' (hypercube W)
"""
from __future__ import annotations

import sympy as sp

from ...declare import declared, scalar, statement
from ...statement import Hypothesis
from ._common import PAPER, _vr_box_sampler, _vr_sizes
from .remark_4_2 import (_H_L_MAX, _H_L_V, _H_SIG_V, _NL1, _NS1, _NS2, _Q_D, _Q_L_V, _Q_SIG_V,
                         L, d)

c_side = scalar("c", "> 0", "side of the hypercube W (D∞ = c, D2 = c√d)")
_Q_C = declared()["c"]
_H_C = Hypothesis(c_side > 0, note="a hypercube with side c > 0")

_VR = dict(kind="claim", number="B.1", family="variance-ratio")

EXAMPLE_B1_A = statement(
    f"{PAPER}/example-B.1-a",
    title="Example B.1: for a hypercube W, R1 ≤ 1",
    section="Appendix B (Example B.1)",
    latex=(r"W \text{ a hypercube } (D_2^2 = dD_\infty^2):\quad R_1 = "
           r"\frac{D_\infty\|\sigma\|_1}{D_2\|\sigma\|_2} \le 1"),
    quantities=(_Q_D, _Q_SIG_V, _Q_C), hypotheses=(_H_SIG_V, _H_C),
    lhs=c_side * _NS1 / (c_side * sp.sqrt(d) * _NS2),
    rhs=sp.Integer(1),
    source="Example B.1: 'R1 can be close to 1/√d and R1 ≤ 1' with 'D2² = d D∞²' (hypercube)",
    supremum=1.0,
    **_VR,
)

EXAMPLE_B1_B = statement(
    f"{PAPER}/example-B.1-b",
    title="Example B.1: for a hypercube W, R2 ≤ 1",
    section="Appendix B (Example B.1)",
    latex=(r"W \text{ a hypercube}:\quad R_2 = \frac{\|L\|_1 D_\infty^2}{\|L\|_\infty D_2^2} \le 1"),
    quantities=(_Q_D, _Q_L_V, _Q_C), hypotheses=(_H_L_V, _H_L_MAX, _H_C),
    lhs=_NL1 * c_side ** 2 / (L[1] * d * c_side ** 2),
    rhs=sp.Integer(1),
    sampler=_vr_box_sampler, sizes=_vr_sizes,
    source="Example B.1: 'both R1, R2 ≤ 1' (hypercube W)",
    supremum=1.0,
    **_VR,
)
