r"""Shared definitions of the full-batch statements (Algorithm 2, setting (3)) added for issue 14:
the decay rates ``b_k`` (beta_{2,k}) as a sequence, Algorithm 2's factors Rbar_k, Cbar_k, S_{Vbar_k}
and the unfactored Vbar_k of (13), the iterates X_k and the step etahat_k, their recurrences
(exact path) and trajectory sources (float path).

Algorithm 2 is run open loop on the sampled gradients: any sequence with ||Gbar_k||_F <= G is
taken as the gradients along the trajectory (the statements use nothing else about f).
"""
from __future__ import annotations

import sympy as sp
import torch

from ...algorithms._core import Algorithm
from ...statement import Hypothesis, Quantity, Recurrence, TrajectorySource
from ...symbolic import IndexMax
from ._common import (b, C, eps1, eps2, FROB2_G, G, g, H_B1, H_BK, H_EPS1, i, j, k, m, n, p, q,
                      Q_C_F, Q_EPS1, Q_G, Q_M, Q_N, Q_R, Q_T, Q_U, Q_W, R, REC_U, REC_W,
                      rho0, S, T, U, V, W, X, eta, x1, _zeros_x0,
                      _AdafactorWithS, _AdafactorAndUnfactored)

d = sp.Symbol("d", real=True)
Gam = sp.IndexedBase("Gam")

Q_B = Quantity("b", "sequence", "(0, 1)", "decay rates beta_{2,k}, k = 1..T (setting (3))",
               (1,), ("T",))
Q_GFULL = Quantity("g", "sequence", "R", "full-batch gradients Gbar_k = grad f(X_k)",
                   (1, 1, 1), ("T", "n", "m"))
Q_VBAR = Quantity("V", "trajectory", "> 0 (k >= 1)", "vbar_ij^(k): Vbar_k of (13)", (0, 1, 1),
                  ("T", "n", "m"))
Q_X1 = Quantity("x1", "sequence", "R", "initial point X_1", (1, 1), ("n", "m"))
Q_SF = Quantity("S", "trajectory", "> 0 (k >= 1)", "S_{Vbar_k} = 1_n^T Rbar_k (Algorithm 2)",
                (0,), ("T",))
Q_EPS2 = Quantity("eps2", "scalar", "> 0", "regularization constant eps_2")
Q_RHO0 = Quantity("rho0", "scalar", "> 0", "rho_0 (rho_k = rho_0 or rho_0/sqrt(k), (3))")
Q_D = Quantity("d", "scalar", "> 0", "clipping threshold d of Algorithm 2")
Q_X = Quantity("X", "trajectory", "R", "iterates X_k of Algorithm 2", (1, 1, 1),
               ("T + 1", "n", "m"))
Q_ETA = Quantity("eta", "trajectory", "> 0",
                 "etahat_k = max{eps_2, RMS(X_k)} rho_k / max{1, RMS(Ubar_k)/d}", (1,), ("T",))

FULL_QUANTITIES = (Q_T, Q_N, Q_M, Q_G, Q_EPS1, Q_GFULL, Q_B, Q_R, Q_C_F, Q_SF)
H_GFULL = Hypothesis(sp.LessThan(sp.sqrt(FROB2_G), G), forall=((k, 1, T),),
                     note="Theorem 5.1 / A.1: ||grad f(X_k)||_F <= G for all k")
FULL_HYPS = (H_EPS1, H_B1, H_BK, H_GFULL)
H_ETA = (Hypothesis(sp.StrictGreaterThan(eps2, 0), note="Algorithm 2: eps_2 > 0"),
         Hypothesis(sp.StrictGreaterThan(rho0, 0), note="Theorem A.1: rho_0 > 0"),
         Hypothesis(sp.StrictGreaterThan(d, 0), note="Algorithm 2: clipping threshold d > 0"))

_BB = b[k]
REC_RF = Recurrence("R", k, 1, sp.Integer(0),
                    _BB * R[k - 1, i, j] + (1 - _BB) * sp.Sum(g[k, i, q] ** 2 + eps1, (q, 1, m)))
REC_CF = Recurrence("C", k, 1, sp.Integer(0),
                    _BB * C[k - 1, i, j] + (1 - _BB) * sp.Sum(g[k, p, j] ** 2 + eps1, (p, 1, n)))
REC_SF = Recurrence("S", k, 1, sp.Integer(0),
                    _BB * S[k - 1] + (1 - _BB) * sp.Sum(g[k, p, q] ** 2 + eps1, (p, 1, n),
                                                      (q, 1, m)))
REC_VF = Recurrence("V", k, 1, sp.Integer(0),
                    _BB * V[k - 1, i, j] + (1 - _BB) * (g[k, i, j] ** 2 + eps1))     # (13)
RECS_FULL = (REC_RF, REC_CF, REC_SF)
# Algorithm 2 with rho_k = rho_0/sqrt(k) (the second case of (3) / Theorem A.1)
_RMS_X = sp.sqrt(sp.Sum(X[k, p, q] ** 2, (p, 1, n), (q, 1, m)) / (n * m))
_NORM_U = sp.sqrt(sp.Sum(U[k, p, q] ** 2, (p, 1, n), (q, 1, m)))
REC_XF = Recurrence("X", k, 2, x1[i, j],
                    X[k - 1, i, j] - eta[k - 1] * g[k - 1, i, j] / sp.sqrt(W[k - 1, i, j]))
REC_ETAF = Recurrence("eta", k, 1, sp.Integer(0),
                      sp.Max(eps2, _RMS_X) * rho0 / sp.sqrt(k)
                      / sp.Max(1, _NORM_U / (d * sp.sqrt(m * n))))
RECS_ETA_FULL = RECS_FULL + (REC_W, REC_U, REC_XF, REC_ETAF)


def _beta2_schedule(env):
    bs = env["b"].data

    def beta2(kk):
        return 0.5 if kk == 1 else bs[:, kk - 1]
    return beta2


def _build_factors(env):
    alg = _AdafactorWithS(rho=1e-2, beta2=_beta2_schedule(env), eps1=env["eps1"], eps2=1e-3, d=1.0)
    return alg, {"x0": _zeros_x0(env), "grads": env["g"].data}


def _build_factors_v(env):
    alg = _AdafactorAndUnfactored(rho=1e-2, beta2=_beta2_schedule(env), eps1=env["eps1"], eps2=1e-3,
                             d=1.0)
    return alg, {"x0": _zeros_x0(env), "grads": env["g"].data}


def _build_eta(env):
    from ...algorithms.adafactor import SqrtRho
    alg = _AdafactorWithS(rho=SqrtRho(env["rho0"]), beta2=_beta2_schedule(env),
                             eps1=env["eps1"], eps2=env["eps2"], d=env["d"])
    return alg, {"x0": env["x1"].data, "grads": env["g"].data}


_READ = {"R": ("R", (0, 1, 1)), "C": ("C", (0, 1, 1)), "S": ("S", (0,)), "W": ("W", (1, 1, 1))}
SRC_FULL_FACTORS = TrajectorySource(build=_build_factors, read=_READ, series=("R", "C", "S"))
SRC_FULL_V = TrajectorySource(build=_build_factors_v, read={**_READ, "V": ("V", (0, 1, 1))},
                              series=("R", "C", "S", "V"))
SRC_FULL_ETA = TrajectorySource(build=_build_eta,
                                read={**_READ, "U": ("U", (1, 1, 1)), "x": ("X", (1, 1, 1)),
                                      "eta": ("eta", (1,))},
                                series=("R", "C", "S"))
ETA_QUANTITIES = FULL_QUANTITIES + (Q_W, Q_U, Q_X1, Q_EPS2, Q_RHO0, Q_D, Q_X, Q_ETA)


class GammaRecursion(Algorithm):
    """Gamma_0 = 0, Gamma_k = beta_{2,k} Gamma_{k-1} + (1 - beta_{2,k}) (Lemma A.1), on the decay
    rates ``beta2`` (a schedule k -> (B,)); the gradients only fix B and T."""

    name = "adafactor.gamma"
    paper = "adafactor"
    recorded = ("Gam",)
    initial_keys = ("Gam",)

    def init(self, x0):
        return {"x": x0, "Gam": torch.zeros(x0.shape[0], dtype=x0.dtype, device=x0.device)}

    def step(self, state, g_, t_):
        bk = self.hyper["beta2"](t_)
        gam = bk * state["Gam"] + (1 - bk)
        return {"x": state["x"], "Gam": gam}, {"Gam": gam}


def _build_gamma(env):
    bs = env["b"].data
    B, Tn = bs.shape
    return (GammaRecursion(beta2=lambda kk: bs[:, kk - 1]),
            {"x0": torch.zeros((B, 1), dtype=bs.dtype), "grads": torch.zeros((B, Tn, 1),
                                                                            dtype=bs.dtype)})


SRC_GAMMA = TrajectorySource(build=_build_gamma, read={"Gam": ("Gam", (0,))}, series=("Gam",))
REC_GAMMA = Recurrence("Gam", k, 1, sp.Integer(0), b[k] * Gam[k - 1] + (1 - b[k]))

# Theta_max = max_{k in [T]} ||X_k||_inf (11), over the iterates X_1..X_T of the run
_k3, _i3, _j3 = (sp.Symbol(s, integer=True) for s in ("k3", "i3", "j3"))
THETA_MAX = IndexMax(IndexMax(IndexMax(sp.Abs(X[_k3, _i3, _j3]), (_j3, 1, m)), (_i3, 1, n)),
                     (_k3, 1, T))
NORM_U = sp.sqrt(sp.Sum(U[k, p, q] ** 2, (p, 1, n), (q, 1, m)))        # ||Ubar_k||_F
