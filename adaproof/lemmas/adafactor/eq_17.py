r"""(17), Appendix A.2 (proof of Lemma A.3): the coordinate sum S_{Vbar_k} from above.

As printed::

    S_{\bar V_k} = \sum_{i,j}\sum_{p=1}^k (1-\beta_{2,p})((\bar g^{(p)}_{ij})^2+\epsilon_1)
                   \prod_{l=p+1}^k\beta_{2,l}
      \le \sum_{p=1}^k (1-\beta_{2,p})\Big(\prod_{l=p+1}^k\beta_{2,l}\Big)\|\bar G_p\|_F^2
          + \Gamma_k mn\epsilon_1                                                  (a)
      \le G^2\Gamma_k + mn\epsilon_1                                                (b)
      \le \mathcal G,                                                               (c)

with Gamma_k of Lemma A.1.  The discounted sum Y_k = sum_p (1-beta_{2,p}) prod_{l>p} beta_{2,l}
||Gbar_p||_F^2 is the EMA Y_k = beta_{2,k} Y_{k-1} + (1-beta_{2,k}) ||Gbar_k||_F^2, Y_0 = 0 (the
same unrolling as Gamma_k).  Encoded for every k in [T]: ``adafactor/eq-17-a`` (S_{Vbar_k} <=
Y_k + Gamma_k mn eps_1: an equality), ``-b`` and ``-c`` (one per link; the end-to-end bound is
Lemma A.3-f).  Float path: Algorithm 2 with Gamma_k and Y_k kept beside it; exact path: their
recursions in mpmath (S by its own recursion, not as the sum of Rbar_k).
"""
from __future__ import annotations

import sympy as sp
import torch

from ...declare import statement
from ...statement import Quantity, Recurrence, TrajectorySource
from ._common import b, eps1, G, g, GG, k, m, n, p, q, S, T, _zeros_x0, _AdafactorWithS
from ._full import (FULL_HYPS, FULL_QUANTITIES, Gam, REC_GAMMA, RECS_FULL, _READ,
                    _beta2_schedule)

Y = sp.IndexedBase("Y")
Q_GAM = Quantity("Gam", "trajectory", "(0, 1]", "Gamma_k (Lemma A.1), k = 0..T", (0,), ("T",))
Q_Y = Quantity("Y", "trajectory", ">= 0",
               "Y_k = sum_p (1-beta_{2,p}) prod_{l>p} beta_{2,l} ||Gbar_p||_F^2, k = 0..T", (0,),
               ("T",))
REC_Y = Recurrence("Y", k, 1, sp.Integer(0),
                   b[k] * Y[k - 1] + (1 - b[k]) * sp.Sum(g[k, p, q] ** 2, (p, 1, n), (q, 1, m)))


class _FullWithGammaY(_AdafactorWithS):
    """Algorithm 2 (the factors of :class:`._common._AdafactorWithS`) with Gamma_k and the
    discounted gradient-norm sum Y_k of (17) kept beside it (same beta_{2,k})."""

    initial_keys = ("R", "C", "S", "Gam", "Y")
    recorded = _AdafactorWithS.recorded + ("Gam", "Y")

    def init(self, x0):
        state = super().init(x0)
        zero = torch.zeros(x0.shape[0], dtype=x0.dtype, device=x0.device)
        state["Gam"], state["Y"] = zero, zero.clone()
        return state

    def step(self, state, g_, t_):
        new, rec = super().step(state, g_, t_)
        bk = torch.as_tensor(rec["beta2"], dtype=g_.dtype, device=g_.device).reshape(-1)
        new["Gam"] = rec["Gam"] = bk * state["Gam"] + (1 - bk)
        new["Y"] = rec["Y"] = bk * state["Y"] + (1 - bk) * g_.square().sum((1, 2))
        return new, rec


def _build(env):
    alg = _FullWithGammaY(rho=1e-2, beta2=_beta2_schedule(env), eps1=env["eps1"], eps2=1e-3,
                          d=1.0)
    return alg, {"x0": _zeros_x0(env), "grads": env["g"].data}


SRC = TrajectorySource(build=_build, read={**_READ, "Gam": ("Gam", (0,)), "Y": ("Y", (0,))},
                       series=("R", "C", "S", "Gam", "Y"))
_MID = Y[k] + Gam[k] * m * n * eps1
_PARTS = (("a", S[k], _MID, "S_{Vbar_k} <= Y_k + Gamma_k mn eps_1 (an equality)", 1.0),
          ("b", _MID, G ** 2 * Gam[k] + m * n * eps1,
           "Y_k + Gamma_k mn eps_1 <= G^2 Gamma_k + mn eps_1", 1.0),
          ("c", G ** 2 * Gam[k] + m * n * eps1, GG, "G^2 Gamma_k + mn eps_1 <= calG", 1.0))
_TEX = (r"S_{\bar V_k}\le\sum_{p=1}^k(1-\beta_{2,p})\Big(\prod_{l=p+1}^k\beta_{2,l}\Big)\|\bar G_p"
        r"\|_F^2+\Gamma_kmn\epsilon_1\le G^2\Gamma_k+mn\epsilon_1\le\mathcal G")
EQ_17 = {}
for _part, _lhs, _rhs, _what, _sup in _PARTS:
    EQ_17[_part] = statement(
        id=f"adafactor/eq-17-{_part}", kind="eq", number="17",
        title=f"(17), link {_part}: {_what}",
        section="Appendix A.2 (proof of Lemma A.3)", family="proxy-gap",
        latex=_TEX + r"\quad(\text{link " + _part + "})",
        quantities=FULL_QUANTITIES + (Q_GAM, Q_Y),
        hypotheses=FULL_HYPS,
        lhs=_lhs, rhs=_rhs,
        forall=((k, 1, T),),
        trajectory=SRC, recurrences=RECS_FULL + (REC_GAMMA, REC_Y),
        source=f"(17), proof of Lemma A.3 (link {_part})",
        supremum=_sup,
        notes="Algorithm 2 run open loop on the sampled gradients (any sequence with "
              "||Gbar_k||_F <= G), setting (3).  (b): equality when ||Gbar_p||_F = G for all p; "
              "(c): equality at Gamma_k = 1 (beta_{2,k} -> 0).",
    )
