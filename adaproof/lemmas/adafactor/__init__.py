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

Added for issue 14 (listed in :data:`MORE`, pinned by ``tests/lemmas/test_adafactor_coverage.py``):

* :mod:`.lemma_a_1` Lemma A.1: 1 - beta_{2,1} <= Gamma_k <= 1.
* :mod:`.lemma_a_2` Lemma A.2: Algorithm 2's factors are the sums of Vbar_k (an identity, both ways).
* :mod:`.lemma_a_3` Lemma A.3: bounds on Algorithm 2's factors under (3).
* :mod:`.lemma_b_2` Lemma B.2: bounds on the sums of G^2_{k,eps1} and V_k under (5).
* :mod:`.eq_19` (19), (21): Algorithm 2's step etahat_k from above, and from below on E_1.
* :mod:`.eq_26` (26), (27): wbar_ij^(k) <= sqrt(calG_1 calG_2); ||Gbar_k/Wbar_k^{1/4}||^2 >= ||Gbar_k||^2/A_1.
* :mod:`.eq_28` (28): the first-order sum (a) from below.
* :mod:`.eq_55` (55), (56): eta_k of Algorithm 1 and eta_k/sqrt(a_ij^(k)) (the second link of (56)
  is violated at k = 1 as printed; corrected variant beside it).
* :mod:`.eq_71` (71)-(73): the error term B and the second-order term C (the last link of (71)
  violated at k = 1 as printed).
* :mod:`.eq_76` (76), (82): the first-order sum from below ((76) violated as read, 2 sqrt(2) calG;
  holds with 2 sqrt(2 calG); (82) violated through Lemma B.3's dimension-free bound).
* :mod:`.eq_110` (110), (112): the clipping error in conditional expectation over the step's
  noise (a finite law enumerated exactly, ``noise=``).
* :mod:`.eq_98` (98): rhohat_k of the clipped algorithm (its last link violated at k = 1).

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
from .lemma_a_1 import LEMMA_A1
from .lemma_a_2 import LEMMA_A2
from .lemma_a_3 import LEMMA_A3
from .lemma_b_2 import LEMMA_B2
from .eq_19 import EQ_19, EQ_21
from .eq_26 import EQ_26, EQ_27
from .eq_28 import EQ_28
from .eq_55 import EQ_55, EQ_56
from .eq_98 import EQ_98
from .eq_71 import EQ_71, EQ_72, EQ_73
from .eq_76 import EQ_76, EQ_82
from .eq_110 import EQ_110, EQ_112
from .eq_111 import EQ_111_A, EQ_111_B, EQ_111_C, EQ_111_D, FROB2_GBAR, MIN_SQRT_A

ALL = [LEMMA_B5, LEMMA_B7, LEMMA_B3_A, LEMMA_B3_B, LEMMA_B3_B_CORRECTED, EQ_69, *EQ_70.values(),
       EQ_78_A, EQ_78_B, EQ_78_C, EQ_78_D, EQ_111_A, EQ_111_B, EQ_111_C, EQ_111_D,
       *EQ_22.values(), *LEMMA_B4.values()]

#: the statements added for issue 14 (their tests: tests/lemmas/test_adafactor_coverage.py)
MORE = [*LEMMA_A1.values(), *LEMMA_A2.values(), *LEMMA_A3.values(), *LEMMA_B2.values(),
        EQ_19, EQ_21, *EQ_26.values(), EQ_27, EQ_28, *EQ_55.values(), *EQ_56.values(),
        *EQ_98.values(), *EQ_71.values(), *EQ_72.values(), EQ_73, *EQ_76.values(),
        *EQ_82.values(), *EQ_110.values(), EQ_112]
# issue 13 kinds (high probability, arithmetic): imported for registration only, so that
# the pinned-statement tests of the plain kinds do not see them (tests/test_kinds_*.py pin them)
from . import (eq_86, lemma_b_1, lemma_c_1, theorem_b_1_noise,  # noqa: E402,F401
               theorem_c_1_noise, theorem_d_1_noise)
# t14
from . import theorem_families  # noqa: E402,F401  (the attacked theorems on three families)
# c14e
from . import (eq_53, eq_66, eq_77, eq_85, eq_102, eq_113, eq_115, eq_sums,  # noqa: E402,F401
               lemma_b_5_steps, lemma_b_6, lemma_b_7_steps)
# c14a: Appendix A's proof chain ((15)-(32)) and the horizon-only (30), (83); pinned by
# tests/lemmas/test_adafactor_appendix_a.py (APPENDIX_A lists them)
from ...statement import Statement as _Statement  # noqa: E402
from . import (eq_15, eq_16, eq_17, eq_18, eq_20, eq_23, eq_24, eq_25, eq_29,  # noqa: E402,F401
               eq_30, eq_31, eq_32, eq_83)
APPENDIX_A = list({st.key: st for mod_ in (eq_15, eq_16, eq_17, eq_18, eq_20, eq_23, eq_24, eq_25,
                                           eq_29, eq_30, eq_31, eq_32, eq_83)
                   for v in vars(mod_).values()
                   for st in (v.values() if isinstance(v, dict) else (v,))
                   if isinstance(st, _Statement) and st.id.startswith("adafactor/eq-")}.values())
# c14d (Appendix D.1: the proof of Theorem D.1, (99)-(109); tests/lemmas/test_adafactor_appendix_d.py)
from . import (eq_99, eq_100, eq_101, eq_103, eq_104, eq_105, eq_106,  # noqa: E402,F401
               eq_107, eq_109)
from . import eq_108  # noqa: E402,F401  (high probability: pinned in tests/test_kinds_probability.py)
