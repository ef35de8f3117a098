r"""Shared definitions of the ``adafactor`` statements: symbols, the constants of (11), (14), (40),
the proxy step-size a_ij^(k) of (46), the recurrences of the exact path, the quantities, the
algorithms run on the float path (Algorithm 1 with S_k kept, Algorithm 1 beside the unfactored
(43), Algorithm 2), the hand-written samplers and size ladders, and the standing hypotheses.

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

from ...algorithms.adafactor import (AdafactorFullBatch, AdafactorPaper, AdafactorUnfactored,
                                    PaperBeta2, PaperClipThreshold, SqrtRho)
from ...declare import declared, index, scalar, sequence, size
from ...sampling import choose, gradient_sequences, log_uniform
from ...statement import Hypothesis, Quantity, Recurrence, SampleContext, TrajectorySource
from ...symbolic import SeqValue

PAPER = "adafactor"

# ---------------------------------------------------------------------------------------------
# symbols, declared once with their domains (adaproof.declare; their Quantity records are Q_* below)
# ---------------------------------------------------------------------------------------------
T = size("T", ">= 1", "number of steps (the paper's horizon t, T)")
n = size("n", ">= 1", "rows of the parameter matrix")
m = size("m", ">= 1", "columns of the parameter matrix")
G = scalar("G", ">= 0", "(A4): ||G_k||_F <= G almost surely")
eps1 = scalar("eps1", "> 0", "regularization constant eps_1")
c = scalar("c", "[1/2, 1]", "decay exponent: beta_{2,k} = 1 - 1/k^c (k >= 2), (5)")
g = sequence("g", over=((1, T), (1, n), (1, m)), domain="R",
             description="stochastic gradients G_k = (g_ij^(k)), k = 1..T")
gbar = sequence("gbar", over=((1, T), (1, n), (1, m)), domain="R",
                description="full gradients Gbar_k = grad f(X_k) = (gbar_ij^(k))")
k, t, i, j, p, q = (index(s) for s in ("k", "t", "i", "j", "p", "q"))
# declared with the statements that use them: eps2, rho0, x1 (70); alpha (111); b (22)
eps2, rho0, alpha = (sp.Symbol(s, real=True) for s in ("eps2", "rho0", "alpha"))
x1, b = sp.IndexedBase("x1"), sp.IndexedBase("b")
# Algorithm 1's factors and the unfactored V_k, read from the trajectory (Q_R ... Q_U below)
R, C, S, W, V, U, X, eta = (sp.IndexedBase(s) for s in ("R", "C", "S", "W", "V", "U", "X", "eta"))

HALF = sp.Rational(1, 2)
_i2, _j2 = sp.Symbol("i2", integer=True), sp.Symbol("j2", integer=True)  # min's own indices


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
Q_T, Q_N, Q_M, Q_G, Q_EPS1, Q_C, Q_G_SEQ, Q_GBAR = (
    declared()[s] for s in ("T", "n", "m", "G", "eps1", "c", "g", "gbar"))
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
