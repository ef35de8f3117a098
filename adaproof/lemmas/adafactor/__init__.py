r"""Statements of *Convergence of Adafactor under non-convex smooth stochastic optimization*
(anonymous authors, under double-blind review), paper id ``adafactor``.

One module per numbered statement, in the paper's order, each with the statement as printed in
its docstring and its proof steps and corrected variant beside it:

* :mod:`.eq_22` (22), Appendix A.3: full-batch ||Ubar_k||_F^2 (a, b).
* :mod:`.lemma_b_3` Lemma B.3: the proxy a_ij^(k) from below (a) and above (b, violated as
  printed, and its corrected variant).
* :mod:`.lemma_b_4` Lemma B.4: ||G_k/sqrt(W_k)||_F^2 against ||G_k/sqrt(V_k)||_F^2 (a..d).
* :mod:`.lemma_b_5` Lemma B.5: the log-sum with time-varying beta_{2,k}.
* :mod:`.lemma_b_7` Lemma B.7 (57): the relative gap between w_ij^(k) and a_ij^(k).
* :mod:`.eq_69`, :mod:`.eq_70` (69), (70), proof of Proposition B.1: the estimation of B.
* :mod:`.eq_78` (78), proof of Proposition B.1: w_ij^(k) from below, ||G_k/sqrt(W_k)||_F^2 <= G_3.
* :mod:`.eq_111` (111), proof of Theorem D.1: the same with update clipping.

Shared symbols, constants, recurrences, algorithms and samplers are in :mod:`._common`; the
theorems attacked with the rate calculators are in :mod:`adaproof.bounds.adafactor`.

None of these items is in expectation: every one is pathwise.  The gradients are arbitrary
sequences satisfying (A4) (||G_k||_F <= G); the realised stochastic gradients of Algorithm 1 can
be any such sequence.
"""
from __future__ import annotations

from ._common import *  # noqa: F401,F403 - the symbols, constants and sources (M.G3, M.a_kij...)
from ._common import PAPER, beta2_k, proxy_a  # noqa: F401
from .eq_22 import EQ_22
from .lemma_b_3 import LEMMA_B3_A, LEMMA_B3_B, LEMMA_B3_B_CORRECTED
from .lemma_b_4 import LEMMA_B4
from .lemma_b_5 import LEMMA_B5
from .lemma_b_7 import LEMMA_B7
from .eq_69 import EQ_69
from .eq_70 import EQ_70
from .eq_78 import EQ_78_A, EQ_78_B, EQ_78_C, EQ_78_D, MIN_W
from .eq_111 import EQ_111_A, EQ_111_B, EQ_111_C, EQ_111_D, FROB2_GBAR, MIN_SQRT_A

ALL = [LEMMA_B5, LEMMA_B7, LEMMA_B3_A, LEMMA_B3_B, LEMMA_B3_B_CORRECTED, EQ_69, *EQ_70.values(),
       EQ_78_A, EQ_78_B, EQ_78_C, EQ_78_D, EQ_111_A, EQ_111_B, EQ_111_C, EQ_111_D,
       *EQ_22.values(), *LEMMA_B4.values()]
# issue 13 kinds (high probability, arithmetic): imported for registration only, so that
# the pinned-statement tests of the plain kinds do not see them (tests/test_kinds_*.py pin them)
from . import (eq_86, lemma_b_1, lemma_c_1, theorem_b_1_noise,  # noqa: E402,F401
               theorem_c_1_noise, theorem_d_1_noise)
# c14e
from . import (eq_53, eq_66, eq_77, eq_85, eq_102, eq_113, eq_115, eq_sums,  # noqa: E402,F401
               lemma_b_5_steps, lemma_b_6, lemma_b_7_steps)
