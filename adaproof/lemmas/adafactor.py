"""Statements of *Convergence of Adafactor under non-convex smooth stochastic optimization*, paper id ``adafactor``.

Encoded (ids ``adafactor/...``; the printed variant first):

* log-sum: Lemma B.5 (time-varying beta_{2,k}).
* proxy step-size gap: Lemma B.7, Lemma B.3 (a: lower, b: upper bound on the proxy a_ij^(k)),
  the inline inequalities of the proof of Proposition B.1: (69), (70) (its three links a, b,
  c), (78)-a (lower bound on w_ij^(k)), and (111) of the proof of Theorem D.1 (a: lower bound on
  a_ij^(k), b: the bound on ||Gbar_k / sqrt(A_k)||_F end to end) and its two links through
  min_{i,j} sqrt(a_ij^(k)) (111)-c, (111)-d (IndexMin).
* update-norm: Lemma B.4-b (||U_k||_F^2 against Adam's second-order term), (22) (a, b) and
  (78)-b (||G_k / sqrt(W_k)||_F^2 <= G_3, end to end) and its links through min_{i,j} w_ij^(k):
  (78)-c, (78)-d (the last link, = G_3 of (40), is an identity: a proof step of (78)-b).
* proof steps (adaproof.proofs): (78)-b's chain, Lemma B.4-a's chain (termwise, then an
  identity).
* variance ratio: Lemma B.4-a (the lemma as printed, ||G_k/sqrt(W_k)||_F^2 against
  ||G_k/sqrt(V_k)||_F^2) and the two coordinate-wise ratios of its proof (B.4-c, B.4-d).

Conventions.  Matrices are read with two coordinate indices: ``g[k, i, j]`` is g_ij^(k), the
gradient of step k (stored ``(B, T, n, m)``, first index ``(1, 1, 1)``).  Algorithm 1's factors are
read from :class:`~adaproof.algorithms.adafactor.AdafactorPaper` with its shapes: ``R[k, i, 1]``
(R_k is ``(B, n, 1)``, a column), ``C[k, 1, j]`` (C_k is ``(B, 1, m)``, a row), both from k = 0;
``S[k]`` = 1_n^T R_k (k = 0..T; S_0 = 0), ``W[k, i, j]`` = w_ij^(k), ``U[k, i, j]``, ``eta[k]``.
The unfactored V_k of (43) comes from
:class:`~adaproof.algorithms.adafactor.AdafactorUnfactored`.  The exact (mpmath) path recomputes
every one of them from SymPy recurrences written from the paper's definitions (S_k by its own
recursion, Lemma A.2, not as the sum of R_k), so that float and exact paths are independent.

None of these items is in expectation: every one is pathwise.  The gradients are arbitrary sequences satisfying (A4)
(||G_k||_F <= G); the realised stochastic gradients of Algorithm 1 can be any such sequence.
"""
from __future__ import annotations

import math

import sympy as sp
import torch

from ..algorithms._core import Algorithm
from ..algorithms.adafactor import (AdafactorFullBatch, AdafactorPaper, AdafactorUnfactored,
                                    PaperBeta2, PaperClipThreshold, SqrtRho)
from ..registry import register
from ..sampling import choose, gradient_sequences, log_uniform
from ..statement import Hypothesis, ProofStep, Quantity, Recurrence, SampleContext, Statement, \
    TrajectorySource
from ..symbolic import IndexMin, SeqValue

PAPER = "adafactor"

# ---------------------------------------------------------------------------------------------
# symbols
# ---------------------------------------------------------------------------------------------
k, t, i, j, p, q = (sp.Symbol(s, integer=True) for s in ("k", "t", "i", "j", "p", "q"))
T, n, m = (sp.Symbol(s, integer=True, positive=True) for s in ("T", "n", "m"))
G, eps1, eps2, rho0, c, alpha = (sp.Symbol(s, real=True)
                                 for s in ("G", "eps1", "eps2", "rho0", "c", "alpha"))
g, gbar, x1, b = (sp.IndexedBase(s) for s in ("g", "gbar", "x1", "b"))
R, C, S, W, V, U, X, eta = (sp.IndexedBase(s) for s in ("R", "C", "S", "W", "V", "U", "X", "eta"))

HALF = sp.Rational(1, 2)


def beta2_k(kk):
    """Setting (5)/(7): beta_{2,1} = 1/2, beta_{2,k} = 1 - 1/k^c (k >= 2)."""
    return sp.Piecewise((HALF, sp.Eq(kk, 1)), (1 - kk ** (-c), True))


# constants (14)/(11) and (40)
GG1 = G ** 2 + m * eps1            # calligraphic G_1
GG2 = G ** 2 + n * eps1            # calligraphic G_2
GG = G ** 2 + m * n * eps1         # calligraphic G
G1 = sp.sqrt(6 * (G ** 4 / (m * n * eps1) + G ** 2 + eps1))
G2 = 2 * (G ** 3 / (m * n * eps1) + 2 * G ** 2 / sp.sqrt(m * n * eps1) + G / sp.sqrt(m * n) + G
          + sp.sqrt(eps1))
G3 = 4 * (G ** 4 + G ** 2 * m * n * eps1) / (m * n * eps1 ** 2)

FROB2_G = sp.Sum(g[k, i, j] ** 2, (i, 1, n), (j, 1, m))          # ||G_k||_F^2
w_kij = W[k, i, j]


def proxy_a(kk, ii, jj):
    """The proxy step-size a_ij^(k) of (46), from Algorithm 1's R_{k-1}, C_{k-1}, S_{k-1}
    (= the row, column and coordinate sums of V_{k-1}, (44))."""
    bk = beta2_k(kk)
    return ((bk * R[kk - 1, ii, 1] + (1 - bk) * GG1) * (bk * C[kk - 1, 1, jj] + (1 - bk) * GG2)
            / (bk * S[kk - 1] + (1 - bk) * GG))


a_kij = proxy_a(k, i, j)

# ---------------------------------------------------------------------------------------------
# recurrences (exact path), written from the paper's definitions
# ---------------------------------------------------------------------------------------------
_BK = beta2_k(k)
REC_R = Recurrence("R", k, 1, sp.Integer(0),
                   _BK * R[k - 1, i, j] + (1 - _BK) * sp.Sum(g[k, i, q] ** 2 + eps1, (q, 1, m)))
REC_C = Recurrence("C", k, 1, sp.Integer(0),
                   _BK * C[k - 1, i, j] + (1 - _BK) * sp.Sum(g[k, p, j] ** 2 + eps1, (p, 1, n)))
# S_k = 1_n^T V_k 1_m by its own recursion (Lemma A.2), independent of the float's sum of R_k
REC_S = Recurrence("S", k, 1, sp.Integer(0),
                   _BK * S[k - 1]
                   + (1 - _BK) * sp.Sum(g[k, p, q] ** 2 + eps1, (p, 1, n), (q, 1, m)))
REC_W = Recurrence("W", k, 1, sp.Integer(0), R[k, i, 1] * C[k, 1, j] / S[k])      # (45)
REC_V = Recurrence("V", k, 1, sp.Integer(0),
                   _BK * V[k - 1, i, j] + (1 - _BK) * (g[k, i, j] ** 2 + eps1))        # (43)
REC_U = Recurrence("U", k, 1, sp.Integer(0), g[k, i, j] / sp.sqrt(W[k, i, j]))
REC_X = Recurrence("X", k, 2, x1[i, j],
                   X[k - 1, i, j] - eta[k - 1] * g[k - 1, i, j] / sp.sqrt(W[k - 1, i, j]))
# (4) with rho_k = rho_0 / sqrt(k): eta_k = max{eps_2, RMS(X_k)} rho_k
REC_ETA = Recurrence("eta", k, 1, sp.Integer(0),
                     sp.Max(eps2, sp.sqrt(sp.Sum(X[k, p, q] ** 2, (p, 1, n), (q, 1, m)) / (n * m)))
                     * rho0 / sp.sqrt(k))

# ---------------------------------------------------------------------------------------------
# quantities
# ---------------------------------------------------------------------------------------------
Q_T = Quantity("T", "size", ">= 1", "number of steps (the paper's horizon t, T)")
Q_N = Quantity("n", "size", ">= 1", "rows of the parameter matrix")
Q_M = Quantity("m", "size", ">= 1", "columns of the parameter matrix")
Q_G = Quantity("G", "scalar", ">= 0", "(A4): ||G_k||_F <= G almost surely")
Q_EPS1 = Quantity("eps1", "scalar", "> 0", "regularization constant eps_1")
Q_C = Quantity("c", "scalar", "[1/2, 1]", "decay exponent: beta_{2,k} = 1 - 1/k^c (k >= 2), (5)")
Q_G_SEQ = Quantity("g", "sequence", "R", "stochastic gradients G_k = (g_ij^(k)), k = 1..T",
                   (1, 1, 1), ("T", "n", "m"))
Q_GBAR = Quantity("gbar", "sequence", "R", "full gradients Gbar_k = grad f(X_k) = (gbar_ij^(k))",
                  (1, 1, 1), ("T", "n", "m"))
Q_R = Quantity("R", "trajectory", "> 0 (k >= 1)", "R_k = V_k 1_m (Algorithm 1), stored (n, 1)",
               (0, 1, 1), ("T", "n", "1"))
Q_C_F = Quantity("C", "trajectory", "> 0 (k >= 1)", "C_k = 1_n^T V_k (Algorithm 1), stored (1, m)",
                 (0, 1, 1), ("T", "1", "m"))
Q_S = Quantity("S", "trajectory", "> 0 (k >= 1)", "S_{V_k} = 1_n^T R_k, the coordinate sum of V_k",
               (0,), ("T",))
Q_W = Quantity("W", "trajectory", "> 0", "w_ij^(k) = R^(i) C^(j) / S (Algorithm 1, (45))",
               (1, 1, 1), ("T", "n", "m"))
Q_V = Quantity("V", "trajectory", "> 0 (k >= 1)", "v_ij^(k): the unfactored V_k of (43)",
               (0, 1, 1), ("T", "n", "m"))
Q_U = Quantity("U", "trajectory", "R", "U_k = G_k / sqrt(W_k) (Algorithm 1)", (1, 1, 1),
               ("T", "n", "m"))

# ---------------------------------------------------------------------------------------------
# algorithms (float path)
# ---------------------------------------------------------------------------------------------


class _AdafactorWithS(AdafactorPaper):
    """Algorithm 1 (:class:`AdafactorPaper`) with the coordinate sum S_k = 1_n^T R_k kept as a
    series from S_0 = 0 (the algorithm records S_k for k >= 1 only; (46) needs S_{k-1})."""

    initial_keys = ("R", "C", "S")

    def init(self, x0):
        state = super().init(x0)
        state["S"] = torch.zeros(x0.shape[0], dtype=x0.dtype, device=x0.device)
        return state

    def step(self, state, g_, t_):
        new, rec = super().step(state, g_, t_)
        new["S"] = rec["S"]
        return new, rec


class _AdafactorAndUnfactored(_AdafactorWithS):
    """Algorithm 1 and the unfactored recursion (43) (:class:`AdafactorUnfactored`, same
    hyperparameters) run side by side on the same gradients: W_k and V_k of Lemma B.4."""

    initial_keys = ("R", "C", "S", "V")
    recorded = AdafactorPaper.recorded + ("V",)

    def __init__(self, **hyper):
        super().__init__(**hyper)
        self._unfactored = AdafactorUnfactored(**hyper)

    def init(self, x0):
        state = super().init(x0)
        state["_u"] = self._unfactored.init(x0)
        state["V"] = state["_u"]["V"]
        return state

    def step(self, state, g_, t_):
        new, rec = super().step(state, g_, t_)
        su, ru = self._unfactored.step(state["_u"], g_, t_)
        new["_u"], new["V"] = su, su["V"]
        rec["V"] = ru["V"]
        return new, rec


def _zeros_x0(env):
    gd = env["g"].data
    return torch.zeros((gd.shape[0],) + tuple(gd.shape[2:]), dtype=gd.dtype, device=gd.device)


def _hypers_no_clipping(env):
    """Algorithm 1 without update clipping, eta_k by (4), setting (5) (Theorem 6.1 / B.1)."""
    return dict(rho=SqrtRho(env["rho0"] if "rho0" in env else 1e-2),
                beta2=PaperBeta2(env["c"]), eps1=env["eps1"],
                eps2=env["eps2"] if "eps2" in env else 1e-3, d=None)


def _build_with_s(env):
    x0 = env["x1"].data if "x1" in env else _zeros_x0(env)
    return _AdafactorWithS(**_hypers_no_clipping(env)), {"x0": x0, "grads": env["g"].data}


def _build_clipped(env):
    """Algorithm 1 with (6) and setting (7) (Theorem 7.1 / D.1): d_k = k^{c/(2(alpha-1))}."""
    hyper = _hypers_no_clipping(env)
    hyper["d"] = PaperClipThreshold(env["c"], env["alpha"])
    return _AdafactorWithS(**hyper), {"x0": _zeros_x0(env), "grads": env["g"].data}


def _build_with_v(env):
    return _AdafactorAndUnfactored(**_hypers_no_clipping(env)), {"x0": _zeros_x0(env),
                                                                 "grads": env["g"].data}


def _build_unfactored(env):
    return AdafactorUnfactored(**_hypers_no_clipping(env)), {"x0": _zeros_x0(env),
                                                            "grads": env["g"].data}


def _build_full_batch(env):
    """Algorithm 2 (full batch) under setting (3): beta_{2,1} = 1/2, beta_{2,k} = b_k in (0, 1)."""
    bs = env["b"].data

    def beta2(kk):
        return 0.5 if kk == 1 else bs[:, kk - 1]

    alg = AdafactorFullBatch(rho=1e-2, beta2=beta2, eps1=env["eps1"], eps2=1e-3, d=1.0)
    return alg, {"x0": _zeros_x0(env), "grads": env["g"].data}


_READ_FACTORS = {"R": ("R", (0, 1, 1)), "C": ("C", (0, 1, 1)), "S": ("S", (0,)),
                 "W": ("W", (1, 1, 1))}
SRC_FACTORS = TrajectorySource(build=_build_with_s, read=_READ_FACTORS, series=("R", "C", "S"))
SRC_CLIPPED = TrajectorySource(build=_build_clipped, read=_READ_FACTORS, series=("R", "C", "S"))
SRC_ETA = TrajectorySource(build=_build_with_s,
                           read={**_READ_FACTORS, "x": ("X", (1, 1, 1)), "eta": ("eta", (1,))},
                           series=("R", "C", "S"))
SRC_WV = TrajectorySource(build=_build_with_v,
                          read={**_READ_FACTORS, "V": ("V", (0, 1, 1)), "U": ("U", (1, 1, 1))},
                          series=("R", "C", "S", "V"))
SRC_V = TrajectorySource(build=_build_unfactored, read={"V": ("V", (0, 1, 1))}, series=("V",))
# the float path reads only U_k; the exact path recomputes R, C, S, W, U
SRC_FULL = TrajectorySource(build=_build_full_batch, read={"U": ("U", (1, 1, 1))})

RECS_FACTORS = (REC_R, REC_C, REC_S, REC_W)

# ---------------------------------------------------------------------------------------------
# samplers
# ---------------------------------------------------------------------------------------------
_INFLATE = 1 + 2.0 ** -44  # > the rounding of a float Frobenius norm of <= 64 entries


_pick = choose  # sizes(generator, preset) functions pick with the generator


def _sizes(Ts, ns):
    def sizes(gen: torch.Generator, preset: str) -> dict:
        return {"T": _pick(gen, Ts), "n": _pick(gen, ns), "m": _pick(gen, ns)}
    return sizes


SIZES_POINTWISE = _sizes((1, 2, 3, 5, 10, 20, 40), (1, 2, 3, 4, 6, 8))
SIZES_POINTWISE_MN2 = _sizes((1, 2, 3, 5, 10, 20, 40), (2, 3, 4, 6, 8))
SIZES_PREFIX = _sizes((1, 2, 3, 5, 8, 12, 20), (1, 2, 3, 4))


def _matrix_gradients(ctx: SampleContext, Tn: int, nn: int, mm: int) -> torch.Tensor:
    """(B, T, n, m) gradients: the generic mixture of :func:`adaproof.sampling.gradient_sequences`,
    or all mass on one entry (fixed or moving), on one row, on one column, equal Frobenius norm
    at every step, or zero for a first stretch of steps."""
    B = ctx.B
    base = gradient_sequences(ctx, Tn, nn, mm)
    zero = torch.zeros((), dtype=ctx.dtype)
    mag = base.abs().amax(dim=(2, 3), keepdim=True)
    sign = torch.where(ctx.rand(B, Tn, 1, 1) < 0.5, -1.0, 1.0).to(ctx.dtype)
    rows = torch.arange(nn).reshape(1, 1, nn, 1)
    cols = torch.arange(mm).reshape(1, 1, 1, mm)
    r0 = rows == ctx.randint(0, nn, B).reshape(B, 1, 1, 1)
    c0 = cols == ctx.randint(0, mm, B).reshape(B, 1, 1, 1)
    moving = (rows == ctx.randint(0, nn, B, Tn).reshape(B, Tn, 1, 1)) & \
        (cols == ctx.randint(0, mm, B, Tn).reshape(B, Tn, 1, 1))
    norms = base.square().sum((2, 3), keepdim=True).sqrt()
    scale = norms.amax(1, keepdim=True)
    normalized = torch.where(norms > 0, base / torch.where(norms > 0, norms, 1.0), zero) * scale
    tt = torch.arange(1, Tn + 1).reshape(1, Tn, 1, 1)
    cut = ctx.randint(1, Tn + 1, B).reshape(B, 1, 1, 1)
    options = [base,
               torch.where(r0 & c0, mag * sign, zero),
               torch.where(moving, mag * sign, zero),
               torch.where(r0, base, zero),
               torch.where(c0, base, zero),
               normalized,
               torch.where(tt < cut, zero, base)]
    mode = ctx.randint(0, len(options), B).reshape(B, 1, 1, 1)
    out = options[0]
    for idx, o in enumerate(options[1:], start=1):
        out = torch.where(mode == idx, o, out)
    return out


def _common_inputs(ctx: SampleContext) -> dict:
    """g (A4 holds exactly: G is the largest step norm inflated by 1 + 2^-44, sometimes loosened
    up to x100), eps_1 > 0 (absolute, or relative to G^2/(mn), over many decades), c in [1/2, 1]
    (the ends exactly, a third of the time each)."""
    Tn, nn, mm = ctx.sizes["T"], ctx.sizes["n"], ctx.sizes["m"]
    B = ctx.B
    gs = _matrix_gradients(ctx, Tn, nn, mm)
    Gv = gs.square().sum((2, 3)).sqrt().amax(1) * _INFLATE
    Gv = torch.where(ctx.rand(B) < 0.25, Gv * log_uniform(ctx, 1.0, 100.0), Gv)
    Gv = torch.where(Gv > 0, Gv, log_uniform(ctx, 1e-3, 1e3))
    e_abs = log_uniform(ctx, 1e-30, 1e4)
    e_rel = Gv ** 2 / (nn * mm) * log_uniform(ctx, 1e-12, 1e4)
    e1 = torch.where(ctx.rand(B) < 0.5, e_abs, e_rel).clamp(1e-30, 1e30)
    which = ctx.randint(0, 3, B)
    cv = torch.where(which == 0, torch.full((B,), 0.5, dtype=ctx.dtype),
                     torch.where(which == 1, torch.ones(B, dtype=ctx.dtype),
                                 0.5 + 0.5 * ctx.rand(B)))
    return {"g": SeqValue(gs, (1, 1, 1)), "G": Gv, "eps1": e1, "c": cv}


def _gbar(ctx: SampleContext, gs: torch.Tensor, Gv: torch.Tensor) -> torch.Tensor:
    """Full gradients with ||Gbar_k||_F <= G exactly: G_k itself, G_k shrunk by a factor in
    [0, 1], -G_k, or an independent matrix rescaled to a norm in (0, G)."""
    B, Tn, nn, mm = gs.shape
    u = ctx.rand(B).reshape(B, 1, 1, 1)
    raw = ctx.randn(B, Tn, nn, mm)
    rn = raw.square().sum((2, 3), keepdim=True).sqrt()
    frac = ctx.rand(B, Tn, 1, 1) * (1 - 2.0 ** -40)
    frac = torch.where(ctx.rand(B, 1, 1, 1) < 0.5, torch.full_like(frac, 1 - 2.0 ** -40), frac)
    indep = raw * (Gv.reshape(B, 1, 1, 1) * frac / rn)
    mode = ctx.randint(0, 4, B).reshape(B, 1, 1, 1)
    return torch.where(mode == 0, gs, torch.where(mode == 1, gs * u,
                                                  torch.where(mode == 2, -gs, indep)))


def _sampler_basic(ctx: SampleContext) -> dict:
    return _common_inputs(ctx)


def _densify(ctx: SampleContext, out: dict) -> dict:
    """Replace exact zero gradient entries by small nonzero ones (relative size 1e-8..1e-2 of
    G/sqrt(mn)), for statements whose two sides both vanish with g_ij^(k) (or with G_k): there
    the term reads 0 <= 0, and the checker's worst index (smallest relative margin) would land on
    it and hide the ratio reached elsewhere.  G is re-derived so that (A4) still holds exactly."""
    gs, Gv = out["g"].data, out["G"]
    B = ctx.B
    tiny = ctx.randn(*gs.shape) * (Gv.reshape(B, 1, 1, 1) * log_uniform(ctx, 1e-8, 1e-2)
                                   .reshape(B, 1, 1, 1) / math.sqrt(gs.shape[2] * gs.shape[3]))
    tiny = torch.where(tiny == 0, Gv.reshape(B, 1, 1, 1) * 1e-9, tiny)
    dense = torch.where(gs == 0, tiny, gs)
    out["g"] = SeqValue(dense, (1, 1, 1))
    out["G"] = torch.maximum(Gv, dense.square().sum((2, 3)).sqrt().amax(1) * _INFLATE)
    return out


def _sampler_dense(ctx: SampleContext) -> dict:
    return _densify(ctx, _common_inputs(ctx))


def _sampler_gbar(ctx: SampleContext, dense: bool = False) -> dict:
    out = _sampler_dense(ctx) if dense else _common_inputs(ctx)
    out["gbar"] = SeqValue(_gbar(ctx, out["g"].data, out["G"]), (1, 1, 1))
    return out


def _sampler_clipped(ctx: SampleContext) -> dict:
    out = _sampler_gbar(ctx)
    # alpha - 1 >= 1e-2 keeps d_k = k^{c/(2(alpha-1))} <= 40^50 finite in float64 (A_k and the
    # factors do not depend on d_k)
    out["alpha"] = 1 + log_uniform(ctx, 1e-2, 10.0)
    return out


def _sampler_eta(ctx: SampleContext) -> dict:
    """Adds X_1, eps_2 and rho_0 for eta_k.  rho_0 is log-uniform in [1e-4, 10] times
    min{1, 1/sqrt(G_3)} (G_3 of (40) bounds ||U_k||_F^2, (78)) so that the iterates stay finite
    in float64; (70) holds term by term for any eta_k > 0.  Gradients are densified (see
    :func:`_densify`): with G_k = 0 for all k <= t both sides of (70) vanish."""
    out = _sampler_gbar(ctx, dense=True)
    nn, mm, B = ctx.sizes["n"], ctx.sizes["m"], ctx.B
    Gv, e1 = out["G"], out["eps1"]
    g3 = 4 * (Gv ** 4 + Gv ** 2 * nn * mm * e1) / (nn * mm * e1 ** 2)
    out["rho0"] = log_uniform(ctx, 1e-4, 10.0) * torch.clamp(1 / torch.sqrt(g3), max=1.0)
    out["eps2"] = log_uniform(ctx, 1e-8, 10.0)
    x = ctx.randn(B, nn, mm) * log_uniform(ctx, 1e-6, 1e3).reshape(B, 1, 1)
    out["x1"] = SeqValue(torch.where(ctx.rand(B, 1, 1) < 0.2, torch.zeros_like(x), x), (1, 1))
    return out


def _sampler_full_batch(ctx: SampleContext) -> dict:
    """Setting (3): b_1 = 1/2 exactly, b_k in (0, 1) for k >= 2, per step: uniform, near 1
    (1 - 10^{-U(0,8)}), near 0 (10^{-U(0,8)}) or one value for all steps."""
    out = _common_inputs(ctx)
    del out["c"]
    Tn, B = ctx.sizes["T"], ctx.B
    which = ctx.randint(0, 4, B, Tn)
    uni = ctx.rand(B, Tn).clamp(1e-12, 1 - 1e-12)
    near1 = (1 - 10 ** (-8 * ctx.rand(B, Tn))).clamp(max=1 - 2.0 ** -53)
    near0 = 10 ** (-8 * ctx.rand(B, Tn))
    const = uni[:, :1].expand(B, Tn)
    bs = torch.where(which == 0, uni, torch.where(which == 1, near1,
                                                  torch.where(which == 2, near0, const)))
    bs = torch.where(ctx.rand(B, 1) < 0.3, const, bs).clone()
    bs[:, 0] = 0.5
    out["b"] = SeqValue(bs, (1,))
    return out


def _sampler_full_batch_dense(ctx: SampleContext) -> dict:
    return _densify(ctx, _sampler_full_batch(ctx))


# ---------------------------------------------------------------------------------------------
# hypotheses
# ---------------------------------------------------------------------------------------------
H_A4 = Hypothesis(sp.LessThan(sp.sqrt(FROB2_G), G), forall=((k, 1, T),),
                  note="(A4): ||g(X, Z)||_F <= G a.s.; a standing assumption (Section 3), used "
                       "through Lemma B.2")
H_EPS1 = Hypothesis(sp.StrictGreaterThan(eps1, 0), note="Algorithm 1: eps_1 > 0")
H_C = Hypothesis(sp.And(sp.GreaterThan(c, HALF), sp.LessThan(c, 1)),
                 note="setting (5) (Theorem 6.1 / B.1): beta_{2,1} = 1/2, beta_{2,k} = 1 - 1/k^c "
                      "(k >= 2), 1/2 <= c <= 1; encoded in beta_{2,k} and the algorithm's schedule")
H_MN2 = Hypothesis(sp.And(sp.GreaterThan(m, 2), sp.GreaterThan(n, 2)), silent=True,
                   note="m, n >= 2: the dimension-free bound uses m + n <= mn, 'when m, n >= 2' "
                        "(proof of Lemma B.3 and (63)-(64) in the proof of Lemma B.7); the "
                        "lemma does not state it")
H_GBAR = Hypothesis(sp.LessThan(sp.sqrt(sp.Sum(gbar[k, i, j] ** 2, (i, 1, n), (j, 1, m))), G),
                    forall=((k, 1, T),),
                    note="||grad f(X_k)||_F <= G: a consequence of (A3) and (A4) (Section 3)")
H_B1 = Hypothesis(sp.Eq(b[1], HALF), note="setting (3) (Theorem 5.1 / A.1): beta_{2,1} = 1/2")
# quantified over k = 1..T (an empty range k = 2..1 is not evaluable); with b_1 = 1/2 this is
# exactly setting (3)'s 0 < beta_{2,k} < 1 for k >= 2
H_BK = Hypothesis(sp.And(sp.StrictGreaterThan(b[k], 0), sp.StrictLessThan(b[k], 1)),
                  forall=((k, 1, T),), note="setting (3): 0 < beta_{2,k} < 1 for k >= 2 "
                                            "(quantified from k = 1, where b_1 = 1/2)")

BASE_HYPS = (H_EPS1, H_C, H_A4)
BASE_QUANTITIES = (Q_T, Q_N, Q_M, Q_G, Q_EPS1, Q_C, Q_G_SEQ)
FORALL_KIJ = ((k, 1, T), (i, 1, n), (j, 1, m))
FORALL_K = ((k, 1, T),)
FORALL_T = ((t, 1, T),)

_NOTE_PATHWISE = ("Pathwise: the realised gradients are any sequence with ||G_k||_F <= G (A4); "
                  "Gbar_k = grad f(X_k) is sampled as any matrix with ||Gbar_k||_F <= G (its "
                  "link E[G_k | X_k] = Gbar_k (A3) is dropped: the inequality holds term by "
                  "term for any such matrices).")


def _stmt(**kw) -> Statement:
    kw.setdefault("paper", PAPER)
    return register(Statement(**kw))


# =============================================================================================
# log-sum: Lemma B.5
# =============================================================================================
LEMMA_B5 = _stmt(
    id="adafactor/lemma-B.5", kind="lemma", number="B.5",
    title="Time-varying beta_{2,k}: sum of (1 - beta_{2,k}) ||G_k / sqrt(V_k)||_F^2",
    section="Appendix B.2", family="log-sum",
    latex=(r"\forall t\ge1,\ \beta_{2,k}\text{ as in (5)}:\quad \sum_{k=1}^t(1-\beta_{2,k})"
           r"\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf V_k}}\Big\|_F^2\le mn\log\Big(\frac{2(G^2+"
           r"\epsilon_1)}{\epsilon_1}\Big)+4mn\sum_{k=1}^t(1-\beta_{2,k})"),
    quantities=BASE_QUANTITIES + (Q_V,),
    hypotheses=BASE_HYPS,
    lhs=sp.Sum((1 - beta2_k(k)) * sp.Sum(g[k, i, j] ** 2 / V[k, i, j], (i, 1, n), (j, 1, m)),
               (k, 1, t)),
    rhs=m * n * sp.log(2 * (G ** 2 + eps1) / eps1) + 4 * m * n * sp.Sum(1 - beta2_k(k), (k, 1, t)),
    forall=FORALL_T,
    sampler=_sampler_basic, sizes=SIZES_PREFIX,
    trajectory=SRC_V, recurrences=(REC_V,),
    source="Lemma B.5, Appendix B.2 (proof (48)-(52))",
    notes="V_k is the unfactored (43), V_0 = 0; 'for any t >= 1' is the universal index t <= T.",
)

# =============================================================================================
# proxy step-size gap: Lemma B.7, Lemma B.3, (69), (70), (78)-a, (111)
# =============================================================================================
LEMMA_B7 = _stmt(
    id="adafactor/lemma-B.7", kind="lemma", number="B.7",
    title="Relative gap between w_ij^(k) and the proxy a_ij^(k)",
    section="Appendix B.2", family="proxy-gap",
    latex=(r"\forall k\ge1,i\in[n],j\in[m]:\ \frac{|w_{ij}^{(k)}-a_{ij}^{(k)}|}{\sqrt{a_{ij}^{(k)}}}"
           r"\le\sqrt{1-\beta_{2,k}}\min\{4\sqrt{\mathcal G},G_1+G_2\}\quad(57)"),
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S, Q_W),
    hypotheses=BASE_HYPS + (H_MN2,),
    lhs=sp.Abs(w_kij - a_kij) / sp.sqrt(a_kij),
    rhs=sp.sqrt(1 - beta2_k(k)) * sp.Min(4 * sp.sqrt(GG), G1 + G2),
    forall=FORALL_KIJ,
    sampler=_sampler_basic, sizes=SIZES_POINTWISE_MN2,
    trajectory=SRC_FACTORS, recurrences=RECS_FACTORS,
    source="Lemma B.7 (57), Appendix B.2; G_1, G_2 of (40), calligraphic G of (14)",
    notes="w from Algorithm 1 (no clipping, setting (5)); a_ij^(k) of (46) from R_{k-1}, C_{k-1}, "
          "S_{k-1} (= row/column/coordinate sums of V_{k-1}, (44)).",
)

LEMMA_B3_A = _stmt(
    id="adafactor/lemma-B.3-a", kind="lemma", number="B.3",
    title="Lower bound on the proxy step-size a_ij^(k)",
    section="Appendix B.2", family="proxy-gap",
    latex=(r"\forall k\ge1:\ \beta_{2,k}(1-\beta_{2,k})\epsilon_1\le a_{ij}^{(k)}"),
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S),
    hypotheses=BASE_HYPS,
    lhs=beta2_k(k) * (1 - beta2_k(k)) * eps1,
    rhs=a_kij,
    forall=FORALL_KIJ,
    sampler=_sampler_basic, sizes=SIZES_POINTWISE,
    trajectory=SRC_FACTORS, recurrences=(REC_R, REC_C, REC_S),
    source="Lemma B.3 (left inequality), Appendix B.2",
)

_B3_UPPER_LATEX = (r"\forall k\ge1:\ a_{ij}^{(k)}\le 2\min\Big\{\mathcal G,\ \frac{G^2}{mn\epsilon_1}"
                   r"+G+\epsilon_1\Big\}")
LEMMA_B3_B = _stmt(
    id="adafactor/lemma-B.3-b", kind="lemma", number="B.3",
    title="Upper bound on the proxy step-size a_ij^(k) (as printed)",
    section="Appendix B.2", family="proxy-gap",
    latex=_B3_UPPER_LATEX,
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S),
    hypotheses=BASE_HYPS + (H_MN2,),
    lhs=a_kij,
    rhs=2 * sp.Min(GG, G ** 2 / (m * n * eps1) + G + eps1),
    forall=FORALL_KIJ,
    sampler=_sampler_basic, sizes=SIZES_POINTWISE_MN2,
    trajectory=SRC_FACTORS, recurrences=(REC_R, REC_C, REC_S),
    expected="violated",
    source="Lemma B.3 (right inequality), Appendix B.2",
    notes="The proof computes 2 G_1 G_2 / (mn eps_1) = 2(G^2 + G(m+n) eps_1 + mn eps_1^2)"
          "/(mn eps_1); "
          "in fact G_1 G_2 = G^4 + G^2 (m+n) eps_1 + mn eps_1^2 (G is a norm bound, G_1 = G^2 + "
          "m eps_1), so the printed second term is off by powers of G and fails for G > 1.",
)

LEMMA_B3_B_CORRECTED = _stmt(
    id="adafactor/lemma-B.3-b", kind="lemma", number="B.3", variant="corrected",
    reason="G_1 G_2 = (G^2 + m eps_1)(G^2 + n eps_1) = G^4 + G^2(m+n) eps_1 + mn eps_1^2: the "
           "dimension-free term is G^4/(mn eps_1) + G^2 + eps_1, not G^2/(mn eps_1) + G + eps_1",
    title="Upper bound on the proxy step-size a_ij^(k) (G^4/(mn eps_1) + G^2 + eps_1)",
    section="Appendix B.2", family="proxy-gap",
    latex=(r"\forall k\ge1:\ a_{ij}^{(k)}\le 2\min\Big\{\mathcal G,\ \frac{G^4}{mn\epsilon_1}"
           r"+G^2+\epsilon_1\Big\}"),
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S),
    hypotheses=BASE_HYPS + (H_MN2,),
    lhs=a_kij,
    rhs=2 * sp.Min(GG, G ** 4 / (m * n * eps1) + G ** 2 + eps1),
    forall=FORALL_KIJ,
    sampler=_sampler_basic, sizes=SIZES_POINTWISE_MN2,
    trajectory=SRC_FACTORS, recurrences=(REC_R, REC_C, REC_S),
    source="Lemma B.3 (right inequality), corrected as its own proof's algebra gives",
)

EQ_69 = _stmt(
    id="adafactor/eq-69", kind="eq", number="69",
    title="Gap of the inverse square roots of w_ij^(k) and a_ij^(k)",
    section="Appendix B.3 (proof of Proposition B.1, estimation of B)", family="proxy-gap",
    latex=(r"\Big|\frac{1}{\sqrt{w_{ij}^{(k)}}}-\frac{1}{\sqrt{a_{ij}^{(k)}}}\Big|=\frac{|\sqrt{w}-"
           r"\sqrt{a}|}{\sqrt{w_{ij}^{(k)}}\sqrt{a_{ij}^{(k)}}}\le\frac{\sqrt{|w_{ij}^{(k)}-"
           r"a_{ij}^{(k)}|}}{\sqrt{w_{ij}^{(k)}}\sqrt{a_{ij}^{(k)}}}"),
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S, Q_W),
    hypotheses=BASE_HYPS,
    lhs=sp.Abs(1 / sp.sqrt(w_kij) - 1 / sp.sqrt(a_kij)),
    rhs=sp.sqrt(sp.Abs(w_kij - a_kij)) / (sp.sqrt(w_kij) * sp.sqrt(a_kij)),
    forall=FORALL_KIJ,
    sampler=_sampler_basic, sizes=SIZES_POINTWISE,
    trajectory=SRC_FACTORS, recurrences=RECS_FACTORS,
    source="(69), proof of Proposition B.1",
    supremum_ratio=1.0,  # |sqrt(w) - sqrt(a)| / sqrt(|w - a|) -> 1 as w/a -> 0 or inf
    notes="The printed equality step is an identity; the encoded inequality is its '<='.",
)

# (70): three links of the chain.  B = sum_k eta_k <Gbar_k, G_k . (1/sqrt(A_k) - 1/sqrt(W_k))>
_GG_KIJ = gbar[k, i, j] * g[k, i, j]
_INV_GAP = 1 / sp.sqrt(w_kij) - 1 / sp.sqrt(a_kij)
_ETA_Q = (Quantity("x1", "sequence", "R", "initial point X_1", (1, 1), ("n", "m")),
          Quantity("eps2", "scalar", "> 0", "regularization constant eps_2"),
          Quantity("rho0", "scalar", "> 0", "rho_0: rho_k = rho_0 / sqrt(k), (5)"),
          Quantity("X", "trajectory", "R", "iterates X_k (Algorithm 1, eta_k by (4))",
                   (1, 1, 1), ("T + 1", "n", "m")),
          Quantity("eta", "trajectory", "> 0", "eta_k = max{eps_2, RMS(X_k)} rho_k, (4)",
                   (1,), ("T",)))
_ETA_H = (Hypothesis(sp.StrictGreaterThan(eps2, 0), note="Algorithm 1: eps_2 > 0"),
          Hypothesis(sp.StrictGreaterThan(rho0, 0), note="Theorem B.1: rho_0 > 0"),
          H_GBAR)
_EQ70_TERMS = {
    "B": eta[k] * sp.Sum(gbar[k, i, j] * g[k, i, j] * (1 / sp.sqrt(a_kij) - 1 / sp.sqrt(w_kij)),
                         (i, 1, n), (j, 1, m)),
    "abs": sp.Sum(eta[k] * sp.Abs(_GG_KIJ) * sp.Abs(_INV_GAP), (i, 1, n), (j, 1, m)),
    "sqrt": sp.Sum(eta[k] * sp.Abs(_GG_KIJ) / (sp.sqrt(w_kij) * sp.sqrt(a_kij))
                   * sp.sqrt(sp.Abs(w_kij - a_kij)), (i, 1, n), (j, 1, m)),
    "young": sp.Rational(1, 4) * sp.Sum(eta[k] * gbar[k, i, j] ** 2 / sp.sqrt(a_kij),
                                        (i, 1, n), (j, 1, m))
             + 4 * sp.Sum(eta[k] * sp.Abs(w_kij - a_kij) / sp.sqrt(a_kij)
                          * (g[k, i, j] / sp.sqrt(w_kij)) ** 2, (i, 1, n), (j, 1, m)),
}
_EQ70_LATEX = [
    r"\mathbf B\le\sum_{k=1}^t\sum_{i,j}\eta_k|\bar g_{ij}^{(k)}g_{ij}^{(k)}|\Big|\frac1{\sqrt{w_{ij}^{(k)}}}"
    r"-\frac1{\sqrt{a_{ij}^{(k)}}}\Big|",
    r"\le\sum_{k=1}^t\sum_{i,j}\eta_k\frac{|\bar g_{ij}^{(k)}g_{ij}^{(k)}|}{\sqrt{w_{ij}^{(k)}}"
    r"\sqrt{a_{ij}^{(k)}}}\sqrt{|w_{ij}^{(k)}-a_{ij}^{(k)}|}",
    r"\le\frac14\sum_{k=1}^t\sum_{i,j}\eta_k\frac{(\bar g_{ij}^{(k)})^2}{\sqrt{a_{ij}^{(k)}}}+4"
    r"\sum_{k=1}^t\sum_{i,j}\eta_k\frac{|w_{ij}^{(k)}-a_{ij}^{(k)}|}{\sqrt{a_{ij}^{(k)}}}\Big("
    r"\frac{g_{ij}^{(k)}}{\sqrt{w_{ij}^{(k)}}}\Big)^2",
]
_EQ70_PARTS = (("a", "B", "abs", "triangle inequality", _EQ70_LATEX[0]),
               ("b", "abs", "sqrt", "(69) term by term", _EQ70_LATEX[1]),
               ("c", "sqrt", "young", "Young's inequality", _EQ70_LATEX[2]))
EQ_70 = {}
for _part, _l, _r, _why, _tex in _EQ70_PARTS:
    EQ_70[_part] = _stmt(
        id=f"adafactor/eq-70-{_part}", kind="eq", number="70",
        title=f"Estimation of B in the proof of Proposition B.1, link {_part} ({_why})",
        section="Appendix B.3 (proof of Proposition B.1)", family="proxy-gap",
        latex=r"\forall t\in[T]:\ " + _tex,
        quantities=BASE_QUANTITIES + (Q_GBAR, Q_R, Q_C_F, Q_S, Q_W) + _ETA_Q,
        hypotheses=BASE_HYPS + _ETA_H,
        lhs=sp.Sum(_EQ70_TERMS[_l], (k, 1, t)),
        rhs=sp.Sum(_EQ70_TERMS[_r], (k, 1, t)),
        forall=FORALL_T,
        sampler=_sampler_eta, sizes=SIZES_PREFIX,
        trajectory=SRC_ETA, recurrences=RECS_FACTORS + (REC_X, REC_ETA),
        source=f"(70), proof of Proposition B.1 (link {_part}: {_why})",
        supremum_ratio=1.0 if _part in ("a", "b") else None,
        notes="Algorithm 1 without update clipping, eta_k by (4), setting (5); " + _NOTE_PATHWISE,
    )

EQ_78_A = _stmt(
    id="adafactor/eq-78-a", kind="eq", number="78",
    title="Lower bound on w_ij^(k)",
    section="Appendix B.3 (proof of Proposition B.1, free dimension bound)", family="proxy-gap",
    latex=r"w_{ij}^{(k)}=\frac{R_{\mathbf V_k}^{(i)}C_{\mathbf V_k}^{(j)}}{S_{\mathbf V_k}}\ge"
          r"\frac{mn\epsilon_1^2}{4\mathcal G}",
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S, Q_W),
    hypotheses=BASE_HYPS,
    lhs=m * n * eps1 ** 2 / (4 * GG),
    rhs=w_kij,
    forall=FORALL_KIJ,
    sampler=_sampler_basic, sizes=SIZES_POINTWISE,
    trajectory=SRC_FACTORS, recurrences=RECS_FACTORS,
    source="(78), first inequality",
)

_Q_ALPHA = Quantity("alpha", "scalar", "> 1", "alpha of d_k = k^{c/(2(alpha-1))}, (7)")
_H_ALPHA = Hypothesis(sp.StrictGreaterThan(alpha, 1),
                      note="setting (7) (Theorem 7.1 / D.1): alpha > 1")
EQ_111_A = _stmt(
    id="adafactor/eq-111-a", kind="eq", number="111",
    title="Lower bound on the proxy a_ij^(k) (Algorithm 1 with update clipping)",
    section="Appendix D.1 (proof of Theorem D.1, estimating D.3)", family="proxy-gap",
    latex=r"a_{ij}^{(k)}\ge\frac{mn\epsilon_1^2}{4\mathcal G}",
    quantities=BASE_QUANTITIES + (_Q_ALPHA, Q_R, Q_C_F, Q_S),
    hypotheses=BASE_HYPS + (_H_ALPHA,),
    lhs=m * n * eps1 ** 2 / (4 * GG),
    rhs=a_kij,
    forall=FORALL_KIJ,
    sampler=_sampler_clipped, sizes=SIZES_POINTWISE,
    trajectory=SRC_CLIPPED, recurrences=(REC_R, REC_C, REC_S),
    source="(111), first inequality",
    notes="A_k does not depend on the clipping; the trajectory runs Algorithm 1 with (6), (7).",
)

EQ_111_B = _stmt(
    id="adafactor/eq-111-b", kind="eq", number="111",
    title="||Gbar_k / sqrt(A_k)||_F <= 2 G sqrt(calG) / (sqrt(mn) eps_1)",
    section="Appendix D.1 (proof of Theorem D.1, estimating D.3)", family="proxy-gap",
    latex=r"\Big\|\frac{\bar{\mathbf G}_k}{\sqrt{\mathbf A_k}}\Big\|_F\le\frac{\|\bar{\mathbf G}_k"
          r"\|_F}{\min_{i,j}\sqrt{a_{ij}^{(k)}}}\le\frac{2G\sqrt{\mathcal G}}{\sqrt{mn}\epsilon_1}",
    quantities=BASE_QUANTITIES + (Q_GBAR, _Q_ALPHA, Q_R, Q_C_F, Q_S),
    hypotheses=BASE_HYPS + (_H_ALPHA, H_GBAR),
    lhs=sp.sqrt(sp.Sum(gbar[k, i, j] ** 2 / a_kij, (i, 1, n), (j, 1, m))),
    rhs=2 * G * sp.sqrt(GG) / (sp.sqrt(m * n) * eps1),
    forall=FORALL_K,
    sampler=_sampler_clipped, sizes=SIZES_POINTWISE,
    trajectory=SRC_CLIPPED, recurrences=(REC_R, REC_C, REC_S),
    source="(111), second display (end to end; the middle term's min over (i, j) is not "
           "expressible in the evaluator)",
    notes=_NOTE_PATHWISE,
)

# =============================================================================================
# update-norm: (22), (78)-b; Lemma B.4 (a..d, the variance ratio)
# =============================================================================================
_Q_B = Quantity("b", "sequence", "(0, 1)", "decay rates beta_{2,k}, k = 1..T (setting (3))",
                (1,), ("T",))
_FULL_QUANTITIES = (Q_T, Q_N, Q_M, Q_G, Q_EPS1,
                    Quantity("g", "sequence", "R", "full-batch gradients Gbar_k = grad f(X_k)",
                             (1, 1, 1), ("T", "n", "m")),
                    _Q_B, Q_R, Q_C_F, Q_S, Q_W, Q_U)
_BB = b[k]
_FULL_RECS = (
    Recurrence("R", k, 1, sp.Integer(0),
               _BB * R[k - 1, i, j] + (1 - _BB) * sp.Sum(g[k, i, q] ** 2 + eps1, (q, 1, m))),
    Recurrence("C", k, 1, sp.Integer(0),
               _BB * C[k - 1, i, j] + (1 - _BB) * sp.Sum(g[k, p, j] ** 2 + eps1, (p, 1, n))),
    Recurrence("S", k, 1, sp.Integer(0),
               _BB * S[k - 1] + (1 - _BB) * sp.Sum(g[k, p, q] ** 2 + eps1, (p, 1, n), (q, 1, m))),
    REC_W, REC_U)
_FULL_HYPS = (H_EPS1, H_B1, H_BK,
              Hypothesis(sp.LessThan(sp.sqrt(FROB2_G), G), forall=((k, 1, T),),
                         note="Theorem 5.1 / A.1: ||grad f(X_k)||_F <= G for all k"))
_EQ22_RHS = {
    "a": FROB2_G * GG / (m * n * eps1 ** 2 * (1 - b[1]) ** 2),
    "b": G ** 2 * GG / (m * n * eps1 ** 2 * (1 - b[1]) ** 2),
}
_EQ22_LATEX = {
    "a": r"\|\bar{\mathbf U}_k\|_F^2=\sum_{i,j}\frac{(\bar g_{ij}^{(k)})^2S_{\mathbf V_k}}{R^{(i)}"
         r"C^{(j)}}\le\frac{\|\bar{\mathbf G}_k\|_F^2\mathcal G}{mn\epsilon_1^2(1-\beta_{2,1})^2}",
    "b": r"\|\bar{\mathbf U}_k\|_F^2\le\frac{G^2\mathcal G}{mn\epsilon_1^2(1-\beta_{2,1})^2}",
}
EQ_22 = {}
for _part in ("a", "b"):
    EQ_22[_part] = _stmt(
        id=f"adafactor/eq-22-{_part}", kind="eq", number="22",
        title="Full-batch Adafactor: bound on ||Ubar_k||_F^2" + (
            " by ||Gbar_k||_F^2" if _part == "a" else " by G^2"),
        section="Appendix A.3 (proof of Theorem A.1)", family="update-norm",
        latex=_EQ22_LATEX[_part],
        quantities=_FULL_QUANTITIES,
        hypotheses=_FULL_HYPS,
        lhs=sp.Sum(U[k, i, j] ** 2, (i, 1, n), (j, 1, m)),
        rhs=_EQ22_RHS[_part],
        forall=FORALL_K,
        sampler=_sampler_full_batch_dense if _part == "a" else _sampler_full_batch,
        sizes=SIZES_POINTWISE,
        trajectory=SRC_FULL, recurrences=_FULL_RECS,
        source=f"(22), {'first' if _part == 'a' else 'second'} inequality",
        notes="Algorithm 2 run open loop on the sampled gradients: any sequence with "
              "||Gbar_k||_F <= G is taken as the gradients along the trajectory (the bound uses "
              "nothing else). calligraphic G = G^2 + mn eps_1 (11).",
    )

EQ_78_B = _stmt(
    id="adafactor/eq-78-b", kind="eq", number="78",
    title="||G_k / sqrt(W_k)||_F^2 <= G_3",
    section="Appendix B.3 (proof of Proposition B.1, free dimension bound)", family="update-norm",
    latex=r"\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf W_k}}\Big\|_F^2\le\frac{\|\mathbf G_k\|_F^2}"
          r"{\min_{i,j}w_{ij}^{(k)}}\le\frac{4G^2\mathcal G}{mn\epsilon_1^2}\le G_3",
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S, Q_W),
    hypotheses=BASE_HYPS,
    lhs=sp.Sum(g[k, i, j] ** 2 / w_kij, (i, 1, n), (j, 1, m)),
    rhs=G3,
    forall=FORALL_K,
    sampler=_sampler_basic, sizes=SIZES_POINTWISE,
    trajectory=SRC_FACTORS, recurrences=RECS_FACTORS,
    source="(78), second display end to end (4 G^2 calG/(mn eps_1^2) = G_3 of (40); the middle "
           "term's min over (i, j) is not expressible in the evaluator)",
)

# ---- the middle links of (78) and (111): min over (i, j) through IndexMin -----------------
_i2, _j2 = sp.Symbol("i2", integer=True), sp.Symbol("j2", integer=True)  # min's own indices
MIN_W = IndexMin(IndexMin(W[k, _i2, _j2], (_j2, 1, m)), (_i2, 1, n))          # min_{i,j} w_ij^(k)
MIN_SQRT_A = IndexMin(IndexMin(sp.sqrt(proxy_a(k, _i2, _j2)), (_j2, 1, m)), (_i2, 1, n))
FROB2_GBAR = sp.Sum(gbar[k, i, j] ** 2, (i, 1, n), (j, 1, m))      # ||Gbar_k||_F^2
_TEX_78 = (r"\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf W_k}}\Big\|_F^2\le\frac{\|\mathbf G_k\|_F^2}"
           r"{\min_{i,j}w_{ij}^{(k)}}\le\frac{4G^2\mathcal G}{mn\epsilon_1^2}\le G_3")
_TEX_111 = (r"\Big\|\frac{\bar{\mathbf G}_k}{\sqrt{\mathbf A_k}}\Big\|_F\le\frac{\|\bar{\mathbf G}_k"
            r"\|_F}{\min_{i,j}\sqrt{a_{ij}^{(k)}}}\le\frac{2G\sqrt{\mathcal G}}{\sqrt{mn}\epsilon_1}")

EQ_78_C = _stmt(
    id="adafactor/eq-78-c", kind="eq", number="78",
    title="(78), second display, first link: ||G_k/sqrt(W_k)||_F^2 <= ||G_k||_F^2 / min w_ij^(k)",
    section="Appendix B.3 (proof of Proposition B.1, free dimension bound)", family="update-norm",
    latex=_TEX_78 + r"\quad(\text{first link})",
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S, Q_W),
    hypotheses=BASE_HYPS,
    lhs=sp.Sum(g[k, i, j] ** 2 / w_kij, (i, 1, n), (j, 1, m)),
    rhs=FROB2_G / MIN_W,
    forall=FORALL_K,
    sampler=_sampler_basic, sizes=SIZES_POINTWISE,
    trajectory=SRC_FACTORS, recurrences=RECS_FACTORS,
    source="(78), second display, first inequality",
    supremum_ratio=1.0,
    notes="Equality when all w_ij^(k) are equal (n = m = 1, or gradients with equal entries).",
)

EQ_78_D = _stmt(
    id="adafactor/eq-78-d", kind="eq", number="78",
    title="(78), second display, second link: ||G_k||_F^2 / min w_ij^(k) <= 4 G^2 calG/(mn eps_1^2)",
    section="Appendix B.3 (proof of Proposition B.1, free dimension bound)", family="update-norm",
    latex=_TEX_78 + r"\quad(\text{second link})",
    quantities=BASE_QUANTITIES + (Q_R, Q_C_F, Q_S, Q_W),
    hypotheses=BASE_HYPS,
    lhs=FROB2_G / MIN_W,
    rhs=4 * G ** 2 * GG / (m * n * eps1 ** 2),
    forall=FORALL_K,
    sampler=_sampler_basic, sizes=SIZES_POINTWISE,
    trajectory=SRC_FACTORS, recurrences=RECS_FACTORS,
    source="(78), second display, second inequality ((A4) ||G_k||_F <= G and (78)-a)",
    notes="The last link of the display, 4G²calG/(mnε₁²) ≤ G_3, is an identity (G_3 of (40)): "
          "the last proof step of adafactor/eq-78-b.",
)

# the printed chains, as proof steps of the end-to-end statements (each <= link is also a
# statement above, attacked on its own; the last link of (78) is an identity)
EQ_78_B.proof = (
    ProofStep(EQ_78_C.lhs, EQ_78_C.rhs, "<=", "each w_ij^(k) >= min_{i,j} w_ij^(k) "
              "(adafactor/eq-78-c)"),
    ProofStep(EQ_78_D.lhs, EQ_78_D.rhs, "<=", "(A4) ||G_k||_F <= G and (78)-a "
              "(adafactor/eq-78-d)"),
    ProofStep(EQ_78_D.rhs, G3, "=", "G_3 = 4(G^4 + G^2 mn eps_1)/(mn eps_1^2) of (40), "
              "calG = G^2 + mn eps_1 (11)"),
)

EQ_111_C = _stmt(
    id="adafactor/eq-111-c", kind="eq", number="111",
    title="(111), first link: ||Gbar_k/sqrt(A_k)||_F <= ||Gbar_k||_F / min sqrt(a_ij^(k))",
    section="Appendix D.1 (proof of Theorem D.1, estimating D.3)", family="proxy-gap",
    latex=_TEX_111 + r"\quad(\text{first link})",
    quantities=BASE_QUANTITIES + (Q_GBAR, _Q_ALPHA, Q_R, Q_C_F, Q_S),
    hypotheses=BASE_HYPS + (_H_ALPHA, H_GBAR),
    lhs=sp.sqrt(sp.Sum(gbar[k, i, j] ** 2 / a_kij, (i, 1, n), (j, 1, m))),
    rhs=sp.sqrt(FROB2_GBAR) / MIN_SQRT_A,
    forall=FORALL_K,
    sampler=_sampler_clipped, sizes=SIZES_POINTWISE,
    trajectory=SRC_CLIPPED, recurrences=(REC_R, REC_C, REC_S),
    source="(111), second display, first inequality",
    supremum_ratio=1.0,
    notes=_NOTE_PATHWISE,
)

EQ_111_D = _stmt(
    id="adafactor/eq-111-d", kind="eq", number="111",
    title="(111), second link: ||Gbar_k||_F / min sqrt(a_ij^(k)) <= 2 G sqrt(calG)/(sqrt(mn) eps_1)",
    section="Appendix D.1 (proof of Theorem D.1, estimating D.3)", family="proxy-gap",
    latex=_TEX_111 + r"\quad(\text{second link})",
    quantities=BASE_QUANTITIES + (Q_GBAR, _Q_ALPHA, Q_R, Q_C_F, Q_S),
    hypotheses=BASE_HYPS + (_H_ALPHA, H_GBAR),
    lhs=sp.sqrt(FROB2_GBAR) / MIN_SQRT_A,
    rhs=2 * G * sp.sqrt(GG) / (sp.sqrt(m * n) * eps1),
    forall=FORALL_K,
    sampler=_sampler_clipped, sizes=SIZES_POINTWISE,
    trajectory=SRC_CLIPPED, recurrences=(REC_R, REC_C, REC_S),
    source="(111), second display, second inequality (||Gbar_k||_F <= G and (111)-a)",
    notes=_NOTE_PATHWISE,
)

# (111)'s chain is not attached as proof steps of eq-111-b: neither link reduces to a known
# inequality, and SymPy needs over a minute to give up on the proxy a_ij^(k) (a Piecewise in k);
# its two links are the statements eq-111-c and eq-111-d, attacked on their own.

_B4_FACTOR = 2 * GG / (sp.Max(m, n) * eps1)
_FROB_GV = sp.Sum(g[k, i, j] ** 2 / V[k, i, j], (i, 1, n), (j, 1, m))
_B4_QUANT = BASE_QUANTITIES + (Q_R, Q_C_F, Q_S, Q_W, Q_V, Q_U)
_B4_RECS = RECS_FACTORS + (REC_V, REC_U)
_B4 = {
    "a": ("variance-ratio", "Adafactor's second-order term against Adam's (as printed)",
          sp.Sum(g[k, i, j] ** 2 / w_kij, (i, 1, n), (j, 1, m)), _B4_FACTOR * _FROB_GV, FORALL_K,
          r"\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf W_k}}\Big\|_F^2\le\frac{2\mathcal G}{\max\{m,n\}"
          r"\epsilon_1}\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf V_k}}\Big\|_F^2",
          "Lemma B.4 as printed"),
    "b": ("update-norm", "||U_k||_F^2 against Adam's second-order term",
          sp.Sum(U[k, i, j] ** 2, (i, 1, n), (j, 1, m)), _B4_FACTOR * _FROB_GV, FORALL_K,
          r"\|\mathbf U_k\|_F^2=\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf W_k}}\Big\|_F^2\le\frac{2"
          r"\mathcal G}{\max\{m,n\}\epsilon_1}\Big\|\frac{\mathbf G_k}{\sqrt{\mathbf V_k}}\Big\|_F^2",
          "Lemma B.4, the proof's concluding display (U_k, the update direction of Algorithm 1)"),
    "c": ("variance-ratio", "coordinate-wise ratio, n-version",
          g[k, i, j] ** 2 / w_kij, 2 * g[k, i, j] ** 2 * GG / (n * eps1 * V[k, i, j]), FORALL_KIJ,
          r"\frac{(g_{ij}^{(k)})^2}{w_{ij}^{(k)}}=\frac{(g_{ij}^{(k)})^2S_{\mathbf V_k}}{R^{(i)}"
          r"C^{(j)}}\le\frac{2(g_{ij}^{(k)})^2\mathcal G}{n\epsilon_1v_{ij}^{(k)}}",
          "proof of Lemma B.4, first display (left)"),
    "d": ("variance-ratio", "coordinate-wise ratio, m-version",
          g[k, i, j] ** 2 / w_kij, 2 * g[k, i, j] ** 2 * GG / (m * eps1 * V[k, i, j]), FORALL_KIJ,
          r"\frac{(g_{ij}^{(k)})^2}{w_{ij}^{(k)}}\le\frac{2(g_{ij}^{(k)})^2\mathcal G}{m\epsilon_1"
          r"v_{ij}^{(k)}}", "proof of Lemma B.4, first display (right)"),
}
LEMMA_B4 = {}
for _part, (_fam, _title, _lhs, _rhs, _fa, _tex, _src) in _B4.items():
    LEMMA_B4[_part] = _stmt(
        id=f"adafactor/lemma-B.4-{_part}", kind="lemma", number="B.4",
        title=_title, section="Appendix B.2", family=_fam,
        latex=r"\forall k\ge1:\ " + _tex,
        quantities=_B4_QUANT, hypotheses=BASE_HYPS,
        lhs=_lhs, rhs=_rhs, forall=_fa,
        sampler=_sampler_dense, sizes=SIZES_POINTWISE,
        trajectory=SRC_WV, recurrences=_B4_RECS,
        source=_src,
        notes="W_k: Algorithm 1 without update clipping (eta_k by (4)); V_k: the unfactored (43); "
              "setting (5) and (A4) through Lemma B.2.",
    )

# Lemma B.4's chain: termwise min of the two coordinate bounds (B.4-c, B.4-d: 1/max{m,n} =
# min{1/n, 1/m}), then the constant factored out of the sum (an identity)
_B4_TERMWISE = sp.Sum(2 * g[k, i, j] ** 2 * GG / (sp.Max(m, n) * eps1 * V[k, i, j]),
                      (i, 1, n), (j, 1, m))
LEMMA_B4["a"].proof = (
    ProofStep(LEMMA_B4["a"].lhs, _B4_TERMWISE, "<=",
              "termwise: g²/w <= 2g²calG/(n eps_1 v) and <= 2g²calG/(m eps_1 v) (B.4-c, B.4-d)"),
    ProofStep(_B4_TERMWISE, LEMMA_B4["a"].rhs, "=", "the constant 2calG/(max{m,n} eps_1) out of "
                                                     "the sum"),
)
ALL = [LEMMA_B5, LEMMA_B7, LEMMA_B3_A, LEMMA_B3_B, LEMMA_B3_B_CORRECTED, EQ_69, *EQ_70.values(),
       EQ_78_A, EQ_78_B, EQ_78_C, EQ_78_D, EQ_111_A, EQ_111_B, EQ_111_C, EQ_111_D, *EQ_22.values(), *LEMMA_B4.values()]
