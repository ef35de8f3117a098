r"""(83), Appendix B.4 (proof of Theorem B.1): the harmonic sum, with no input but the horizon T.

As printed::

    \sum_{k=1}^T\frac1k \le 1 + \int_1^T\frac{dx}x \le 1 + \log T.                      (83)

Encoded: ``adafactor/eq-83`` (the engine evaluates a statement whose only input is its horizon
one row per batch, one horizon per batch: :mod:`adaproof.horizon`).  The same fact as the first
half of (30), at the horizon T of Appendix B.
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from .eq_30 import k, T

EQ_83 = statement(
    "adafactor/eq-83", kind="eq", number="83", family="log-sum",
    title="(83): sum_{k<=T} 1/k <= 1 + log T", section="Appendix B.4 (proof of Theorem B.1)",
    lhs=sp.Sum(1 / k, (k, 1, T)), rhs=1 + sp.log(T),
    latex=r"\sum_{k=1}^T\frac1k\le1+\int_1^T\frac{dx}x\le1+\log T",
    supremum=1.0, source="(83), Appendix B.4",
    notes="No input but the horizon (adaproof.horizon); equality at T = 1.")
