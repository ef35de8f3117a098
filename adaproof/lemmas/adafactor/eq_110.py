r"""(110) and (112), Appendix D.1 (proof of Theorem D.1, estimating D.3): the clipping error in
expectation over the step's noise Z_k.

As printed, with Omega_k = G_k - G_k/max{1, ||U_k||_F/(d_k sqrt(mn))} (109), S_k^(1) =
chi{||U_k||_F > d_k sqrt(mn)}, S~_k^(1) = chi{||G_k||_F >= d_k G_4}, G_4 = mn eps_1/(2 sqrt(calG))
(95)::

    \|E_{Z_k}[\Omega_k]\|_F = \|E_{Z_k}[\Omega_k S_k^{(1)}]\|_F \le E_{Z_k}\|\Omega_k S_k^{(1)}\|_F
        \le E_{Z_k}\|\Omega_k\tilde S_k^{(1)}\|_F \le E_{Z_k}\|G_k\tilde S_k^{(1)}\|_F
        \le G^\alpha (d_k G_4)^{1-\alpha}                                                 (110)

    D.3 \le \frac{2G^{1+\alpha}G_4^{1-\alpha}\sqrt{\mathcal G}(\epsilon_2+\Theta_{\max})\rho_0}
                 {\sqrt{mn}\,\epsilon_1}\sum_{k=1}^t\frac1{d_k^{\alpha-1}\sqrt k}             (112)

with D.3 = \sum_k \hat\rho_k\langle\bar G_k, \bar G_k/\sqrt{A_k} - E_{Z_k}[\tilde G_k/\sqrt{A_k}]\rangle.

Encoded as conditional expectations (``noise=``, :mod:`adaproof.expectation`): the past is T steps
of Algorithm 1 with (6), (7) on given gradients (R_T, C_T, S_T), the conditioning step is k = T + 1
with the stochastic gradient G_k = Gbar + (xi - mu) H (one draw xi from a finite law (u, q), mu its
mean, so E_Z[G_k] = Gbar, (A3)) and ||G_k||_F <= G at every atom (A4); the law is enumerated
exactly.  ``adafactor/eq-110-a`` (end to end), ``-b``..``-e`` (its links).  The norm of an
expectation is not an expectation: ||E_Z[Omega_k]||_F <= c is encoded as E_Z[<V, Omega_k>] <= c
for every V with ||V||_F <= 1 (V an input), which is the same claim.  ``adafactor/eq-112-step``:
the k-th summand of (112), whose sum over k is (112) (the proof bounds D.3 term by term),
rhohat_k = max{eps_2, RMS(X_k)} rho_0/sqrt(k) with X_k an input and Theta_max read as its least
admissible value ||X_k||_inf.  The sum over t with noise at every step is not encoded.
"""
from __future__ import annotations

import math

import sympy as sp
import torch

from ...declare import statement
from ...expectation import NoiseSpec
from ...sampling import log_uniform
from ...statement import Hypothesis, Quantity, SampleContext
from ...symbolic import IndexMax, SeqValue
from ._common import (alpha, beta2_k, C, c, eps1, eps2, G, GG, H_C, H_EPS1, i, _i2, j, _j2, k, m,
                      n, p, proxy_a, q, Q_C, Q_C_F, Q_EPS1, Q_G, Q_M, Q_N, Q_R, Q_S, Q_T, R,
                      REC_C, REC_R, REC_S, rho0, S, T, g, _matrix_gradients, _INFLATE)
from ._common import SRC_CLIPPED

K = sp.Symbol("K", integer=True, positive=True)
l, l2 = sp.Symbol("l", integer=True), sp.Symbol("l2", integer=True)
u, qp, xi = sp.IndexedBase("u"), sp.IndexedBase("qp"), sp.IndexedBase("xi")
Gb, H, Vd, x = (sp.IndexedBase(s) for s in ("Gb", "H", "Vd", "x"))

_MU = sp.Sum(qp[l2] * u[l2], (l2, 1, K)) / sp.Sum(qp[l2], (l2, 1, K))   # the law's mean
_KK = T + 1                                                   # the conditioning step
_B = beta2_k(_KK)


def _gk(ii, jj, z=xi[1]):
    return Gb[ii, jj] + (z - _MU) * H[ii, jj]


_R = sp.Sum(_gk(i, q) ** 2 + eps1, (q, 1, m))
_C = sp.Sum(_gk(p, j) ** 2 + eps1, (p, 1, n))
_S = sp.Sum(_gk(p, q) ** 2 + eps1, (p, 1, n), (q, 1, m))
_W = ((_B * R[T, i, 1] + (1 - _B) * _R) * (_B * C[T, 1, j] + (1 - _B) * _C)
      / (_B * S[T] + (1 - _B) * _S))                          # w_ij^(k), (45)
_i4, _j4 = sp.Symbol("i4", integer=True), sp.Symbol("j4", integer=True)
# ||U_k||_F, summed over its own indices (it appears inside sums over i, j)
_NU = sp.sqrt(sp.Sum((_gk(i, j) ** 2 / _W).subs({i: _i4, j: _j4}, simultaneous=True),
                     (_i4, 1, n), (_j4, 1, m)))
D_K = _KK ** (c / (2 * (alpha - 1)))                          # d_k of (7)
G4 = m * n * eps1 / (2 * sp.sqrt(GG))                         # (95)
_CLIP = sp.Max(1, _NU / (D_K * sp.sqrt(m * n)))
_OMEGA = _gk(i, j) * (1 - 1 / _CLIP)                          # Omega_k, (109)
_NOM = sp.sqrt(sp.Sum(_OMEGA ** 2, (i, 1, n), (j, 1, m)))     # ||Omega_k||_F
_NG = sp.sqrt(sp.Sum(_gk(_i4, _j4) ** 2, (_i4, 1, n), (_j4, 1, m)))   # ||G_k||_F
S1 = sp.Piecewise((1, sp.StrictGreaterThan(_NU, D_K * sp.sqrt(m * n))), (0, True))
S1T = sp.Piecewise((1, sp.GreaterThan(_NG, D_K * G4)), (0, True))
_BOUND = G ** alpha * (D_K * G4) ** (1 - alpha)

_QS = (Q_T, Q_N, Q_M, Q_G, Q_EPS1, Q_C,
       Quantity("K", "size", ">= 1", "number of atoms of the noise law"),
       Quantity("g", "sequence", "R", "past stochastic gradients G_1..G_T", (1, 1, 1),
                ("T", "n", "m")),
       Quantity("alpha", "scalar", "> 1", "alpha of d_k = k^{c/(2(alpha-1))}, (7)"),
       Quantity("Gb", "sequence", "R", "Gbar_k = E_Z[G_k] at the step k = T + 1", (1, 1),
                ("n", "m")),
       Quantity("H", "sequence", "R", "direction of the step's noise", (1, 1), ("n", "m")),
       Quantity("u", "sequence", "R", "atoms of the noise law", (1,), ("K",)),
       Quantity("qp", "sequence", "> 0", "probabilities of the atoms", (1,), ("K",)),
       Quantity("xi", "sequence", "law (u, qp)", "the step's draw", (1,), ("1",)),
       Q_R, Q_C_F, Q_S)
_Q_V = Quantity("Vd", "sequence", "R", "a direction with ||V||_F <= 1 (dual form of the norm)",
                (1, 1), ("n", "m"))
_H_A4 = Hypothesis(sp.LessThan(sp.Sum(_gk(p, q, u[l]) ** 2, (p, 1, n), (q, 1, m)), G ** 2),
                   forall=((l, 1, K),),
                   note="(A4): ||G_k||_F <= G at every atom of the law (almost surely)")
_H_PAST = Hypothesis(sp.LessThan(sp.Sum(g[k, p, q] ** 2, (p, 1, n), (q, 1, m)), G ** 2),
                     forall=((k, 1, T),), note="(A4) for the past gradients")
_HYPS = (H_EPS1, H_C, _H_PAST, _H_A4,
         Hypothesis(sp.StrictGreaterThan(alpha, 1), note="setting (7): alpha > 1"),
         Hypothesis(sp.StrictGreaterThan(qp[l], 0), forall=((l, 1, K),),
                    note="a law: positive probabilities (normalised in the mean)"))
_H_V = Hypothesis(sp.LessThan(sp.Sum(Vd[p, q] ** 2, (p, 1, n), (q, 1, m)), 1),
                  note="||V||_F <= 1: sup over such V of <V, E Omega> is ||E Omega||_F")
NOISE = NoiseSpec("xi", "u", "qp", (1,), ("1",))


def _sizes(gen: torch.Generator, preset: str) -> dict:
    pick = lambda xs: xs[int(torch.randint(len(xs), (1,), generator=gen))]  # noqa: E731
    return {"T": pick((1, 2, 3, 5, 10)), "n": pick((1, 2, 3, 4)), "m": pick((1, 2, 3, 4)),
            "K": pick((1, 2, 3, 5))}


def _sampler(ctx: SampleContext) -> dict:
    """Past gradients (the adafactor mixture), a law of K atoms (Gaussian or +-1, uniform or
    random weights), Gbar and H at the gradients' scale (H = 0 or Gbar = 0 sometimes), G the
    largest norm over the past and the atoms inflated by 1 + 2^-44 (sometimes loosened), eps_1
    relative to G^2/(mn) over 14 decades (small eps_1 makes ||U_k|| large: the clipping region),
    c in [1/2, 1] (ends a third of the time each), alpha - 1 log-uniform in [1e-2, 10], V a
    unit (or shorter) direction, sometimes along E Omega's likely sign (Gbar or H)."""
    Tn, nn, mm, Kn, B = ctx.sizes["T"], ctx.sizes["n"], ctx.sizes["m"], ctx.sizes["K"], ctx.B
    gs = _matrix_gradients(ctx, Tn, nn, mm)
    z = ctx.randn(B, Kn)
    z = torch.where(ctx.rand(B, 1) < 0.3, torch.sign(z) * 1.0, z)
    w = torch.where(ctx.rand(B, 1) < 0.5, torch.ones(B, Kn, dtype=ctx.dtype),
                    ctx.rand(B, Kn) + 1e-3)
    w = w / w.sum(1, keepdim=True)
    scale = gs.square().sum((2, 3)).sqrt().amax(1).clamp_min(1e-3) * log_uniform(ctx, 1e-2, 1e2)
    gb = ctx.randn(B, nn, mm) * scale.reshape(B, 1, 1) / math.sqrt(nn * mm)
    hh = ctx.randn(B, nn, mm) * scale.reshape(B, 1, 1) / math.sqrt(nn * mm)
    gb = torch.where(ctx.rand(B, 1, 1) < 0.15, torch.zeros_like(gb), gb)
    hh = torch.where(ctx.rand(B, 1, 1) < 0.15, torch.zeros_like(hh), hh)
    mu = (w * z).sum(1)
    atoms = gb.unsqueeze(1) + (z - mu.unsqueeze(1)).reshape(B, Kn, 1, 1) * hh.unsqueeze(1)
    top = torch.maximum(atoms.square().sum((2, 3)).sqrt().amax(1),
                        gs.square().sum((2, 3)).sqrt().amax(1))
    Gv = top * _INFLATE
    Gv = torch.where(ctx.rand(B) < 0.25, Gv * log_uniform(ctx, 1.0, 10.0), Gv)
    Gv = torch.where(Gv > 0, Gv, log_uniform(ctx, 1e-3, 1e3))
    e1 = (Gv ** 2 / (nn * mm) * log_uniform(ctx, 1e-10, 1e4)).clamp(1e-30, 1e30)
    which = ctx.randint(0, 3, B)
    cv = torch.where(which == 0, torch.full((B,), 0.5, dtype=ctx.dtype),
                     torch.where(which == 1, torch.ones(B, dtype=ctx.dtype),
                                 0.5 + 0.5 * ctx.rand(B)))
    vd = torch.where(ctx.rand(B, 1, 1) < 0.5, torch.where(ctx.rand(B, 1, 1) < 0.5, gb, hh),
                     ctx.randn(B, nn, mm))
    vn = vd.square().sum((1, 2), keepdim=True).sqrt()
    vd = torch.where(vn > 0, vd / torch.where(vn > 0, vn, 1.0), vd) * (1 - 2.0 ** -40)
    x = ctx.randn(B, nn, mm) * log_uniform(ctx, 1e-4, 1e2).reshape(B, 1, 1)
    return {"g": SeqValue(gs, (1, 1, 1)), "G": Gv, "eps1": e1, "c": cv,
            "alpha": 1 + log_uniform(ctx, 1e-2, 10.0),
            "Gb": SeqValue(gb, (1, 1)), "H": SeqValue(hh, (1, 1)),
            "u": SeqValue(z, (1,)), "qp": SeqValue(w, (1,)), "Vd": SeqValue(vd, (1, 1)),
            "x": SeqValue(x, (1, 1)), "eps2": log_uniform(ctx, 1e-6, 1.0),
            "rho0": log_uniform(ctx, 1e-4, 1.0)}


_NOTE = ("Conditional on the past (T steps of Algorithm 1 with (6), (7)); the step k = T + 1 >= 2 "
         "draws G_k = Gbar + (xi - mu) H, xi from the finite law (u, qp) (enumerated exactly). "
         "A_k and the past do not depend on xi.")
_TEX110 = (r"\|\mathbb E_{\mathbf Z_k}[\Omega_k]\|_F\le\mathbb E\|\Omega_kS_k^{(1)}\|_F\le\mathbb E"
           r"\|\Omega_k\tilde S_k^{(1)}\|_F\le\mathbb E\|\mathbf G_k\tilde S_k^{(1)}\|_F\le G^\alpha"
           r"(d_kG_4)^{1-\alpha}")
_DOT = sp.Sum(Vd[i, j] * _OMEGA, (i, 1, n), (j, 1, m))


def _stmt(part, title, lhs, rhs, dual=False):
    return statement(
        id=f"adafactor/eq-110-{part}", kind="eq", number="110", title=title,
        section="Appendix D.1 (proof of Theorem D.1, estimating D.3)", family="proxy-gap",
        latex=_TEX110 + (r"\quad(" + title + ")" if part != "a" else ""),
        quantities=_QS + ((_Q_V,) if dual else ()),
        hypotheses=_HYPS + ((_H_V,) if dual else ()),
        lhs=lhs, rhs=rhs, sampler=_sampler, sizes=_sizes,
        trajectory=SRC_CLIPPED, recurrences=(REC_R, REC_C, REC_S), noise=NOISE,
        source=f"(110), Appendix D.1 ({title})", notes=_NOTE)


EQ_110 = {
    "a": _stmt("a", "end to end: ||E Omega_k||_F <= G^alpha (d_k G_4)^{1-alpha}", _DOT, _BOUND,
               dual=True),
    "b": _stmt("b", "||E Omega_k||_F <= E||Omega_k S_k^(1)||_F", _DOT, _NOM * S1, dual=True),
    "c": _stmt("c", "S_k^(1) <= S~_k^(1)", _NOM * S1, _NOM * S1T),
    "d": _stmt("d", "||Omega_k|| <= ||G_k||", _NOM * S1T, _NG * S1T),
    "e": _stmt("e", "E||G_k S~_k^(1)||_F <= G^alpha (d_k G_4)^{1-alpha}", _NG * S1T, _BOUND),
}

# (112), its k-th summand: rhohat_k <Gbar_k, (Gbar_k - G~_k)/sqrt(A_k)> in E_Z
#: the step's own inputs and hypotheses (shared with (109)): X_k, eps_2, rho_0, ||Gbar_k||_F <= G
STEP_QUANTITIES = (Quantity("x", "sequence", "R", "the iterate X_k", (1, 1), ("n", "m")),
                   Quantity("eps2", "scalar", "> 0", "eps_2"),
                   Quantity("rho0", "scalar", "> 0", "rho_0"))
STEP_HYPS = (Hypothesis(sp.LessThan(sp.Sum(Gb[p, q] ** 2, (p, 1, n), (q, 1, m)), G ** 2),
                        note="||Gbar_k||_F <= G ((A3), (A4))"),
             Hypothesis(sp.StrictGreaterThan(eps2, 0), note="eps_2 > 0"),
             Hypothesis(sp.StrictGreaterThan(rho0, 0), note="rho_0 > 0"))
_XMAX = IndexMax(IndexMax(sp.Abs(x[_i2, _j2]), (_j2, 1, m)), (_i2, 1, n))
_RMS = sp.sqrt(sp.Sum(x[p, q] ** 2, (p, 1, n), (q, 1, m)) / (n * m))
RHOHAT = _RHOHAT = sp.Max(eps2, _RMS) * rho0 / sp.sqrt(_KK)  # rho^_k (7), shared with (109)
_A = proxy_a(_KK, i, j)
_D3K = _RHOHAT * sp.Sum(Gb[i, j] * (Gb[i, j] - _gk(i, j) / _CLIP) / sp.sqrt(_A), (i, 1, n),
                        (j, 1, m))
_R112 = (2 * G ** (1 + alpha) * G4 ** (1 - alpha) * sp.sqrt(GG) * (eps2 + _XMAX) * rho0
         / (sp.sqrt(m * n) * eps1) / (D_K ** (alpha - 1) * sp.sqrt(_KK)))
EQ_112 = statement(
    id="adafactor/eq-112-step", kind="eq", number="112",
    title="(112), the k-th summand of D.3 in E_Z",
    section="Appendix D.1 (proof of Theorem D.1, estimating D.3)", family="proxy-gap",
    latex=r"\hat\rho_k\Big\langle\bar{\mathbf G}_k,\frac{\bar{\mathbf G}_k}{\sqrt{\mathbf A_k}}-"
          r"\mathbb E_{\mathbf Z_k}\Big[\frac{\tilde{\mathbf G}_k}{\sqrt{\mathbf A_k}}\Big]\Big\rangle"
          r"\le\frac{2G^{1+\alpha}G_4^{1-\alpha}\sqrt{\mathcal G}(\epsilon_2+\Theta_{\max})\rho_0}"
          r"{\sqrt{mn}\epsilon_1}\cdot\frac1{d_k^{\alpha-1}\sqrt k}",
    quantities=_QS + STEP_QUANTITIES, hypotheses=_HYPS + STEP_HYPS,
    lhs=_D3K, rhs=_R112, sampler=_sampler, sizes=_sizes,
    trajectory=SRC_CLIPPED, recurrences=(REC_R, REC_C, REC_S), noise=NOISE,
    source="(112), Appendix D.1: the summand for step k (D.3 is bounded term by term)",
    notes=_NOTE + " Theta_max >= ||X_k||_inf is read at its least value ||X_k||_inf.",
)
