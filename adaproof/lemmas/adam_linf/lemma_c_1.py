"""Lemma C.1 (Appendix C.1): the growth of E max_b v_{T,b}.

As printed:

    Lemma C.1. Suppose there exists H dominates |∇²L(x)| and follows the partition Φ
    (Definition 3.9). We denote the diagonal element in block b by H_b, i.e. H_{i,i} = H_{Φ(i)}.
    With Assumption 3.10, it holds that
    ln((E max_{b∈[B]} v_{T,b} + ε)/(v₀ + ε)) ≤ 2 ln(1 + (Σ_b σ_b² + ‖∇L(x₀)‖²_Φ
        + Σ_b H_b² d_b η² T (T + 1/(1 − β₂)))/(v₀ + ε)) + ln 32.

Encoded for Adam (Φ_Adam: d blocks of one coordinate) in closed loop on a quadratic loss with
noisy gradients, β₁ = 0 (the proof uses (14)); its displacement bound (14) is
:mod:`adaproof.lemmas.adam_linf.eq_14`.
"""
from __future__ import annotations

import sympy as sp

from ...algorithms.adam_linf import AdamLinf
from ...expectation import NoiseSpec
from ...registry import register
from ...statement import Quantity, Recurrence, Statement, TrajectorySource
from ...symbolic import IndexMax
from ._common import (_BETA1_ZERO, beta1, beta2, c_, d, eps, eta, h, i,
                      j, PAPER, sigma, T, t, v, v0, x, x0, xi)
from .lemma_3_13 import LEMMA_3_13


# ---------------------------------------------------------------------------------------------
# Lemma C.1 in expectation: Adam (Φ_Adam: d blocks of one coordinate, H_b = |h_b|) in closed
# loop on L(x) = Σ_i h_i(x_i − c_i)²/2 with noisy gradients, β₁ = 0 (the proof uses (14))
# ---------------------------------------------------------------------------------------------
def _build_adam_noisy(env):
    alg = AdamLinf(lr=env["eta"], beta1=env["beta1"], beta2=env["beta2"], eps=env["eps"],
                   v0=env["v0"])
    hh, cc, noise = env["h"].data, env["c"].data, env["xi"].data

    def oracle(xv, step):
        return hh * (xv - cc) + noise[:, step - 1]
    return alg, {"x0": env["x0"].data, "oracle": oracle, "T": noise.shape[1]}


_GB_C1 = h[i] * (x[t - 1, i] - c_[i])
_X_C1 = (d * sigma ** 2 + IndexMax((h[j] * (x0[j] - c_[j])) ** 2, (j, 1, d))
         + sp.Sum(h[j] ** 2, (j, 1, d)) * eta ** 2 * T * (T + 1 / (1 - beta2)))

LEMMA_C_1 = register(Statement(
    id="adam_linf/lemma-C.1",
    paper=PAPER,
    kind="lemma",
    number="C.1",
    title="Growth of E max_b v_{T,b}: ln((E max v_T + eps)/(v_0 + eps)) <= 2 ln(1 + ...) + ln 32",
    section="Appendix C.1",
    family="other",
    latex=(r"\ln\frac{\mathbb{E}\max_{b\in[B]}v_{T,b}+\epsilon}{v_0+\epsilon}\le 2\ln\left(1+"
           r"\frac{\sum_{b=1}^B\sigma_b^2+\|\nabla L(\mathbf{x}_0)\|_\Phi^2+\sum_{b\in[B]}H_b^2"
           r"d_b\eta^2T(T+\frac{1}{1-\beta_2})}{v_0+\epsilon}\right)+\ln 32"),
    quantities=tuple(
        Quantity("v", "trajectory", "> 0", "v_{t,i} = v_{t,b}, b = {i} (Algorithm 1)", (0, 1),
                 ("T", "d")) if q.name == "v" else
        Quantity("d", "size", ">= 1", "d = B blocks of size d_b = 1 (Φ_Adam)")
        if q.name == "d" else
        Quantity("h", "sequence", "R", "L(x) = Σ_i h_i(x_i − c_i)²/2: H = diag(|h_i|) dominates "
                 "|∇²L| and follows Φ_Adam (H_b = |h_b|)", (1,), ("d",))
        if q.name == "h" else
        Quantity("beta1", "scalar", "= 0", "β₁") if q.name == "beta1" else q
        for q in LEMMA_3_13.quantities if q.name != "m"),
    hypotheses=tuple(hh_ for hh_ in LEMMA_3_13.hypotheses
                     if beta1 not in hh_.relation.free_symbols) + (_BETA1_ZERO,),
    lhs=IndexMax(v[T, j], (j, 1, d)),
    rhs=32 * (v0 + eps) * (1 + _X_C1 / (v0 + eps)) ** 2 - eps,
    noise=NoiseSpec("xi", "u", "p", (1, 1), ("T", "d")),
    trajectory=TrajectorySource(build=_build_adam_noisy,
                                read={"v": ("v", (0, 1)), "x": ("x", (0, 1))}, series=("v",)),
    recurrences=(
        Recurrence("v", t, 1, v0, beta2 * v[t - 1, i] + (1 - beta2) * (_GB_C1 + xi[t, i]) ** 2),
        Recurrence("x", t, 1, x0[i], x[t - 1, i] - eta * (_GB_C1 + xi[t, i])
                   / sp.sqrt(v[t, i] + eps)),
    ),
    source="Lemma C.1 (Appendix C.1)",
    notes="Encoded after exponentiating both sides (ln is increasing, the right side is "
          "deterministic): E max_b v_{T,b} ≤ 32(v_0+ε)(1 + X/(v_0+ε))² − ε, X the numerator; "
          "this is E[lhs] ≤ rhs over the noise of all T steps.  Σ_b σ_b² = d σ² (every block "
          "has σ_b = σ ≥ (Σ_k p_k u_k²)^{1/2}); ‖∇L(x_0)‖²_Φ = max_i (h_i(x_{0,i} − c_i))².",
))
