r"""Lemma A.1, Appendix A.2: the weight sum Gamma_k of the exponential moving average.

As printed: let beta_{2,k} in (0, 1) and Gamma_k be defined by

    \Gamma_0 = 0, \quad \Gamma_k = \beta_{2,k}\Gamma_{k-1} + (1 - \beta_{2,k}), \quad k >= 1.

Then (1 - \beta_{2,1}) <= \Gamma_k <= 1 for all k >= 1.

Encoded: ``adafactor/lemma-A.1-a`` (the lower bound) and ``-b`` (the upper bound), Gamma_k by its
recursion (float path :class:`~._full.GammaRecursion`, exact path the same recursion in mpmath),
over any decay rates b_k = beta_{2,k} in (0, 1) (the lemma does not assume beta_{2,1} = 1/2).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ...statement import Quantity
from ._common import b, FORALL_K, k, Q_T
from ._full import Gam, Q_B, REC_GAMMA, SRC_GAMMA

_Q_GAM = Quantity("Gam", "trajectory", "R", "Gamma_k (Lemma A.1), k = 0..T", (0,), ("T",))
_LATEX = (r"\Gamma_0=0,\ \Gamma_k=\beta_{2,k}\Gamma_{k-1}+(1-\beta_{2,k}):\quad"
          r"(1-\beta_{2,1})\le\Gamma_k\le1,\ \forall k\ge1")
LEMMA_A1 = {}
for _part, _lhs, _rhs, _what in (("a", 1 - b[1], Gam[k], "lower bound 1 - beta_{2,1}"),
                                 ("b", Gam[k], sp.Integer(1), "upper bound 1")):
    LEMMA_A1[_part] = statement(
        id=f"adafactor/lemma-A.1-{_part}", kind="lemma", number="A.1",
        title=f"Gamma_k of the EMA weights: {_what}",
        section="Appendix A.2", family="other",
        latex=_LATEX,
        quantities=(Q_T, Q_B, _Q_GAM),
        hypotheses=(),
        lhs=_lhs, rhs=_rhs,
        forall=FORALL_K,
        trajectory=SRC_GAMMA, recurrences=(REC_GAMMA,),
        source=f"Lemma A.1 ({'left' if _part == 'a' else 'right'} inequality), Appendix A.2",
        supremum=1.0,
        notes="beta_{2,k} in (0, 1) for every k (the lemma's only hypothesis), the domain of b. "
              "Equality: k = 1 on the left (Gamma_1 = 1 - beta_{2,1}); on the right as "
              "beta_{2,k} -> 0.",
    )
