r"""(109), Appendix D.1 (proof of Theorem D.1, estimating D.3): Cauchy-Schwarz on the clipping
error, for one step k.

As printed::

    D.3 = sum_k rhohat_k <Gbar_k, E_{Z_k}[G_k]/sqrt(A_k) - E_{Z_k}[G~_k]/sqrt(A_k)>
        <= sum_k rhohat_k ||Gbar_k/sqrt(A_k)||_F ||E_{Z_k}[Omega_k]||_F,
    Omega_k = G_k - G_k/max{1, ||U_k||_F/(d_k sqrt(mn))}.

The proof bounds D.3 term by term, so the claim is that of each summand; encoded as
``adafactor/eq-109-step`` (the k-th summand, k = T + 1) in the model of :mod:`.eq_110` and
:mod:`.eq_107` (the past: T steps of Algorithm 1 with (6), (7); the step draws G_k = Gbar +
(xi - mu) H from a finite law, E_Z[G_k] = Gbar (A3), ||G_k||_F <= G at every atom (A4)).  The two
means are written out over the atoms (the right side is a norm of a mean, so ``noise=`` does not
apply; the left side takes E[G_k] - E[G~_k] as the one mean E[Omega_k], which
is exactly 0 where no atom is clipped); rhohat_k = max{eps_2, RMS(X_k)} rho_0/sqrt(k) with X_k an input.  The first equality
(E_Z[G_k] = Gbar_k) holds by construction of the law.  The sum over t with noise at every step is
not encoded.
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from ._common import i, j, m, n, proxy_a, REC_C, REC_R, REC_S, SRC_CLIPPED
from .eq_107 import QUANTITIES, _HYPS, fro, gk, gt, mean, _sampler, _sizes, Gb
from .eq_110 import _KK, RHOHAT, STEP_HYPS, STEP_QUANTITIES

_A = lambda ii, jj: proxy_a(_KK, ii, jj)  # noqa: E731  a_ij^(k) of (46), from the past
_EOMEGA = lambda ii, jj: mean(lambda z: gk(ii, jj, z) - gt(ii, jj, z))  # noqa: E731
# the first line of (109): <Gbar_k, E[G_k]/sqrt(A_k) - E[G~_k]/sqrt(A_k)>, with E[G_k] - E[G~_k]
# taken as the one mean E[G_k - G~_k] = E[Omega_k] (exactly 0 where no atom is clipped; the
# difference of the two means would leave a rounding residue there in float and in mpmath)
_D3K = RHOHAT * sp.Sum(Gb[i, j] * _EOMEGA(i, j) / sp.sqrt(_A(i, j)), (i, 1, n), (j, 1, m))
_RHS = RHOHAT * fro(lambda ii, jj: Gb[ii, jj] / sp.sqrt(_A(ii, jj))) * fro(_EOMEGA)


def _sampler109(ctx):
    out = _sampler(ctx)
    out.pop("Vd")
    return out


EQ_109 = statement(
    id="adafactor/eq-109-step", kind="eq", number="109",
    title="(109), the k-th summand: rhohat_k <Gbar_k, (Gbar_k - E_Z G~_k)/sqrt(A_k)> <= rhohat_k "
          "||Gbar_k/sqrt(A_k)||_F ||E_Z Omega_k||_F",
    section="Appendix D.1 (proof of Theorem D.1, estimating D.3)", family="proxy-gap",
    latex=r"\hat\rho_k\Big\langle\bar{\mathbf G}_k,\frac{\mathbb E_{\mathbf Z_k}[\mathbf G_k]}{\sqrt"
          r"{\mathbf A_k}}-\frac{\mathbb E_{\mathbf Z_k}[\tilde{\mathbf G}_k]}{\sqrt{\mathbf A_k}}"
          r"\Big\rangle\le\hat\rho_k\Big\|\frac{\bar{\mathbf G}_k}{\sqrt{\mathbf A_k}}\Big\|_F\Big"
          r"\|\mathbb E_{\mathbf Z_k}[\Omega_k]\Big\|_F",
    quantities=QUANTITIES + STEP_QUANTITIES, hypotheses=_HYPS + STEP_HYPS,
    lhs=_D3K, rhs=_RHS, sampler=_sampler109, sizes=_sizes, supremum=1.0,
    trajectory=SRC_CLIPPED, recurrences=(REC_R, REC_C, REC_S),
    source="(109), proof of Theorem D.1: the summand for step k (Cauchy-Schwarz)",
    notes="Conditional on the past (T steps of Algorithm 1 with (6), (7)); the step k = T + 1 "
          "draws G_k = Gbar + (xi - mu) H from the finite law (u, qp); both means are the "
          "weighted sums over the atoms.")
ALL = [EQ_109]
