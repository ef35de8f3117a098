r"""(30), Appendix A.3: the two sum facts of the proof of Theorem A.1, whose only input is the
integer horizon.

As printed::

    \sum_{k=1}^t\frac1k \le 1 + \int_1^t\frac{dx}x = 1 + \log t, \qquad
    \sum_{k=1}^t\frac1{\sqrt k} \ge \sqrt t.                                             (30)

Encoded: ``adafactor/eq-30-a`` and ``adafactor/eq-30-b`` for every t in [T] (and (83) in
:mod:`.eq_83`), each with no input but the horizon T: the engine evaluates such a statement
one row per batch, one horizon per batch drawn from its sizes (:mod:`adaproof.horizon`), and the
exact re-verification needs no input either.  Equality at t = 1 in each.
"""
from __future__ import annotations

import sympy as sp

from ...declare import size, statement

T = size("T", ">= 1", "number of steps (the paper's horizon t, T)")
t = sp.Symbol("t", integer=True)
k = sp.Symbol("k", integer=True)

EQ_30_A = statement(
    "adafactor/eq-30-a", kind="eq", number="30", family="log-sum",
    title="(30): sum_{k<=t} 1/k <= 1 + log t", section="Appendix A.3 (proof of Theorem A.1)",
    lhs=sp.Sum(1 / k, (k, 1, t)), rhs=1 + sp.log(t), forall=((t, 1, T),),
    latex=r"\sum_{k=1}^t\frac1k\le1+\int_1^t\frac{dx}x=1+\log t",
    supremum=1.0, source="(30), Appendix A.3",
    notes="No input but the horizon (adaproof.horizon); equality at t = 1.")
EQ_30_B = statement(
    "adafactor/eq-30-b", kind="eq", number="30", family="log-sum",
    title="(30): sum_{k<=t} 1/sqrt(k) >= sqrt(t)", section="Appendix A.3 (proof of Theorem A.1)",
    lhs=sp.sqrt(t), rhs=sp.Sum(1 / sp.sqrt(k), (k, 1, t)), forall=((t, 1, T),),
    latex=r"\sum_{k=1}^t\frac1{\sqrt k}\ge\sqrt t",
    supremum=1.0, source="(30), Appendix A.3",
    notes="No input but the horizon (adaproof.horizon); equality at t = 1 (each term "
          "1/sqrt(k) >= 1/sqrt(t)).")
