"""Statements of *Closing the gap between the upper bound and the lower bound of Adam's
iteration complexity* (anonymous authors; paper id ``adam_complexity``, text
/work/shared/papers/003_11c1c42486a9f560.txt).

One module per numbered statement, in the paper's order: Lemma 1 (its proof's pathwise steps in
:mod:`.lemma_1`, its steps in conditional expectation in :mod:`.lemma_1_cond`), Lemma 2, and the
appendix lemmas 3, 4, 5; in expectation over whole runs of Algorithm 1 (instance family in
:mod:`._instance`): (3) in :mod:`.eq_3`, Lemma 1 whole in :mod:`.lemma_1_whole`, (4) and Stage I
in :mod:`.eq_4`, Lemma 2 whole and (9) in :mod:`.lemma_2_whole`, the other steps of Lemma 2's
proof in :mod:`.lemma_2_steps`, (5), (10) and Stage II in :mod:`.stage_2`, and the steps of
Theorem 2's proof with (11), (12) in :mod:`.theorem_2_steps`; Section 4.1's exponent list and
(11)'s logarithm step in :mod:`.sec_4_1`; Theorems 1 and 2 on three more objective families
(non-diagonal quadratics, separable nonconvex, logistic regression) in
:mod:`.theorem_families`.  Theorems 1 and 2 are attacked with the rate calculators in
:mod:`adaproof.bounds.adam_complexity`.  Shared symbols and samplers are in :mod:`._common`.
"""
from __future__ import annotations

from ._common import (G, Gn, I_, K, Lsm, PAPER, T, a, b, b0, beta1, beta2, c, c0, d, eta, g, h_,
                      i, j, k, k2, l, m, m0, n, nu, nu0, q_, s_, sgn, sigma, t, u_, w, w1, xi)
from .lemma_1 import (LEMMA_1_A, LEMMA_1_A_STAR, LEMMA_1_B, LEMMA_1_B_STAR, LEMMA_1_CIRC,
                      LEMMA_1_CIRC_CORRECTED)
from .lemma_1_cond import (LEMMA_1_A_COND, LEMMA_1_A_COND_A2, LEMMA_1_A_COND_CHAIN,
                           LEMMA_1_B_COND, LEMMA_1_B_COND_SMOOTH,
                           LEMMA_1_B_COND_SMOOTH_CORRECTED, gn)
from .lemma_2 import LEMMA_2_A, LEMMA_2_B, LEMMA_2_C, nu_prev, p, y
from .lemma_3 import LEMMA_3
from .lemma_4 import LEMMA_4, LEMMA_4_INTERMEDIATE
from .lemma_5 import LEMMA_5, LEMMA_5_L2, LEMMA_5_LINF
from .eq_3 import EQ_3, EQ_3_EQUALITY
from .lemma_1_whole import LEMMA_1, LEMMA_1_STAGE_I, LEMMA_1_TERM_I
from .eq_4 import (EQ_4, EQ_4_CORRECTED, EQ_4_EXCHANGE_MOMENTUM, EQ_4_EXCHANGE_SIGMA,
                   EQ_4_EXCHANGE_SMOOTH, EQ_4_UNROLL, EQ_4_UNROLL_CORRECTED)
from .lemma_2_whole import EQ_9, EQ_9_CORRECTED, LEMMA_2, LEMMA_2_CORRECTED
from .lemma_2_steps import (EQ_8, LEMMA_2_CONCAVE, LEMMA_2_INCREMENT, LEMMA_2_JENSEN,
                            LEMMA_2_NUBAR, LEMMA_2_NUBAR_CHAIN, LEMMA_2_NUBAR_CHAIN_BETA2,
                            LEMMA_2_NUBAR_CORRECTED, LEMMA_2_SPLIT, LEMMA_2_SUM)
from .stage_2 import (EQ_10, EQ_5, LEMMA_2_LOG, LEMMA_2_LOG_CORRECTED, LEMMA_2_LOG_FIRST,
                      THEOREM_1_STAGE_2, THEOREM_1_STAGE_2_COMBINED,
                      THEOREM_1_STAGE_2_COMBINED_CORRECTED, THEOREM_1_STAGE_2_CORRECTED)
from .theorem_2_steps import (EQ_11, EQ_11_CORRECTED, EQ_12, THEOREM_2_FINAL,
                              THEOREM_2_FINAL_CORRECTED, THEOREM_2_LARGE, THEOREM_2_NUTILDE,
                              THEOREM_2_NUTILDE_CORRECTED, THEOREM_2_SMALL, THEOREM_2_SOLVE,
                              THEOREM_2_SOLVE_CORRECTED, THEOREM_2_SPLIT, THEOREM_2_SUM_L,
                              THEOREM_2_SUM_L_CORRECTED, THEOREM_2_SUM_L_ROOT)
from .theorem_families import STATEMENTS as THEOREM_FAMILY_STATEMENTS
from .sec_4_1 import (EQ_11_LOG_STEP, EQ_11_LOG_STEP_CORRECTED, SEC_4_1_MISSING,
                      SEC_4_1_MISSING_CORRECTED)

__all__ = [
    "PAPER",
    "LEMMA_1_A_STAR", "LEMMA_1_A", "LEMMA_1_B_STAR", "LEMMA_1_B", "LEMMA_1_CIRC",
    "LEMMA_1_CIRC_CORRECTED", "LEMMA_1_A_COND", "LEMMA_1_A_COND_CHAIN", "LEMMA_1_A_COND_A2",
    "LEMMA_1_B_COND", "LEMMA_1_B_COND_SMOOTH", "LEMMA_1_B_COND_SMOOTH_CORRECTED",
    "LEMMA_2_A", "LEMMA_2_B", "LEMMA_2_C", "LEMMA_3", "LEMMA_4", "LEMMA_4_INTERMEDIATE",
    "LEMMA_5", "LEMMA_5_LINF", "LEMMA_5_L2", "EQ_7",
    "EQ_3", "EQ_3_EQUALITY", "LEMMA_1", "LEMMA_1_STAGE_I", "LEMMA_1_TERM_I", "EQ_4", "EQ_4_CORRECTED",
    "EQ_4_EXCHANGE_MOMENTUM", "EQ_4_EXCHANGE_SIGMA", "EQ_4_EXCHANGE_SMOOTH", "EQ_4_UNROLL",
    "EQ_4_UNROLL_CORRECTED", "EQ_9", "EQ_9_CORRECTED", "LEMMA_2", "LEMMA_2_CORRECTED",
    "EQ_8", "LEMMA_2_CONCAVE", "LEMMA_2_INCREMENT", "LEMMA_2_JENSEN", "LEMMA_2_NUBAR",
    "LEMMA_2_NUBAR_CHAIN", "LEMMA_2_NUBAR_CHAIN_BETA2", "LEMMA_2_NUBAR_CORRECTED",
    "LEMMA_2_SPLIT", "LEMMA_2_SUM", "EQ_10", "EQ_5", "LEMMA_2_LOG", "LEMMA_2_LOG_CORRECTED",
    "LEMMA_2_LOG_FIRST", "THEOREM_1_STAGE_2", "THEOREM_1_STAGE_2_COMBINED",
    "THEOREM_1_STAGE_2_COMBINED_CORRECTED", "THEOREM_1_STAGE_2_CORRECTED",
    "EQ_11", "EQ_11_CORRECTED", "EQ_12", "THEOREM_2_FINAL", "THEOREM_2_FINAL_CORRECTED",
    "THEOREM_2_LARGE", "THEOREM_2_NUTILDE", "THEOREM_2_NUTILDE_CORRECTED", "THEOREM_2_SMALL",
    "THEOREM_2_SOLVE", "THEOREM_2_SOLVE_CORRECTED", "THEOREM_2_SPLIT", "THEOREM_2_SUM_L",
    "THEOREM_2_SUM_L_CORRECTED", "THEOREM_2_SUM_L_ROOT", "EQ_11_LOG_STEP",
    "EQ_11_LOG_STEP_CORRECTED", "SEC_4_1_MISSING", "SEC_4_1_MISSING_CORRECTED",
    "THEOREM_FAMILY_STATEMENTS",
    "t", "l", "T", "d", "eta", "beta1", "beta2", "g", "w", "m", "nu", "nu0", "m0", "w1", "n",
    "i", "j", "k", "k2", "K", "sigma", "a", "b", "c", "b0", "c0", "G", "p", "y", "nu_prev", "xi",
    "u_", "q_", "s_", "Gn", "h_", "sgn", "Lsm", "I_", "gn",
]
from .eq_7 import EQ_7  # a relation between two runs (adaproof.relations)
