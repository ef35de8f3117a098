"""Equation (14), the displacement bound in the proof of Lemma C.1 (Appendix C.1).

As printed:

    (1/d_b)‖x_{t,(b)} − x_{0,(b)}‖² = (η²/d_b) Σ_{Φ(j)=b} |Σ_{s=1}^t g_{s,j}/√(v_{s,b} + ε)|²
        ≤ (η²/d_b) Σ_{Φ(j)=b} t Σ_{s=1}^t g_{s,j}²/(v_{s,b} + ε)
        = η² t Σ_{s=1}^t (Σ_{Φ(j)=b} g_{s,j}²/d_b)/(v_{s,b} + ε)
        ≤⁽¹⁾ η² t (t + β₂/(1 − β₂) ln((v_{t,b} + ε)/(v_{0,b} + ε)))
        ≤ η² t² + η² t β₂/(1 − β₂) ln((max_{b'∈[B]} v_{t,b'} + ε)/(v₀ + ε)).   (14)

Its links in order: the Cauchy–Schwarz step, step (1) (Lemma 3.12), the first expression against
the one after (1) (one block), and with several blocks (Φ_Adam) the last step and the first
expression against the last.
"""
from __future__ import annotations

import sympy as sp

from ...algorithms.adam_linf import AdamLinf
from ...registry import register
from ...search import strategies
from ...statement import Quantity, Recurrence, SampleContext, Statement, TrajectorySource
from ...symbolic import IndexMax
from ._common import (_BETA1_ZERO, _BLOCK_HYPS, _block_sampler, _block_statement,
                      _lemma_3_12_chain, _registered, _short_block_sizes, beta2, d, eps, eta, g,
                      i, j, PAPER, s_, sigma, T, t, v, v0, x, x0)


# (14): x_t − x_0 = −η Σ_s g_s/√(v_s + ε) needs β₁ = 0 (silent); coordinates j of block b
_DISP_HYPS = _BLOCK_HYPS + (_BETA1_ZERO,)

EQ_14_CAUCHY_SCHWARZ = _block_statement(
    id="adam_linf/eq-14-cauchy-schwarz",
    kind="eq",
    number="14 (first inequality)",
    title="Cauchy-Schwarz step of the displacement bound (14)",
    section="Appendix C.1, proof of Lemma C.1",
    family="update-norm",
    latex=(r"\frac{\eta^2}{d_b}\sum_{\Phi(j)=b}\left|\sum_{s=1}^t\frac{g_{s,j}}{\sqrt{v_{s,b}+"
           r"\epsilon}}\right|^2\le\frac{\eta^2}{d_b}\sum_{\Phi(j)=b}t\sum_{s=1}^t\frac{g_{s,j}^2}"
           r"{v_{s,b}+\epsilon}"),
    hypotheses=_DISP_HYPS,
    lhs=eta ** 2 / d * sp.Sum(sp.Abs(sp.Sum(g[s_, j] / sp.sqrt(v[s_] + eps), (s_, 1, t))) ** 2,
                             (j, 1, d)),
    rhs=eta ** 2 / d * sp.Sum(t * sp.Sum(g[s_, j] ** 2 / (v[s_] + eps), (s_, 1, t)), (j, 1, d)),
    forall=((t, 1, T),),
    sizes=_short_block_sizes,
    source="Equation (14), proof of Lemma C.1 (Appendix C.1): the first inequality",
    supremum_ratio=1.0,
    notes="Equality when g_{s,j}/√(v_{s,b}+ε) does not depend on s (always at t = 1).",
)

EQ_14 = _block_statement(
    id="adam_linf/eq-14",
    kind="eq",
    number="14",
    title="Displacement bound (14): (1/d_b)||x_t - x_0||^2 via Lemma 3.12",
    section="Appendix C.1, proof of Lemma C.1",
    family="update-norm",
    latex=(r"\frac{1}{d_b}\|x_{t,(b)}-x_{0,(b)}\|_2^2\le\eta^2t\left(t+\frac{\beta_2}{1-\beta_2}"
           r"\ln\frac{v_{t,b}+\epsilon}{v_{0,b}+\epsilon}\right)"),
    hypotheses=_DISP_HYPS,
    lhs=sp.Sum((x[t, i] - x[0, i]) ** 2, (i, 1, d)) / d,
    rhs=eta ** 2 * t * (t + beta2 / (1 - beta2) * sp.log((v[t] + eps) / (v[0] + eps))),
    forall=((t, 1, T),),
    source="Equation (14), proof of Lemma C.1 (Appendix C.1): from the first expression to the "
           "one after (1) (Lemma 3.12); the last step, ≤ η²t² + η²tβ₂/(1−β₂) ln((max_b' "
           "v_{t,b'} + ε)/(v_0 + ε)), takes a max over blocks: see adam_linf/eq-14-max and "
           "adam_linf/eq-14-last-step (several blocks); with one block it is this inequality",
    supremum_ratio=1.0,
    notes="x_t from the algorithm (β₁ = 0, constant η), not from the printed identity "
          "x_t − x_0 = −ηΣ_s g_s/√(v_s+ε).",
)


# ---------------------------------------------------------------------------------------------
# (14) with several blocks: Adam (Algorithm 1) is blockwise Adam with the partition Φ_Adam into
# d blocks of one coordinate, v_{t,b} = v_{t,i}; the last step of (14) takes max_{b'} v_{t,b'}
# ---------------------------------------------------------------------------------------------
def _adam_disp_sampler(ctx: SampleContext) -> dict:
    """:func:`_block_sampler` (η, β₂ ∈ (0, 1), ε ≥ 0, v₀ ≥ 0 with v₀ + ε > 0, β₁ = 0, x₀ = 0,
    g of shape (T, d)) without the block-noise inputs; each coordinate is a block of size 1."""
    out = _block_sampler(ctx)
    for key in ("sigma", "gbar", "m0"):
        out.pop(key)
    return out


def _build_adam_disp(env):
    alg = AdamLinf(lr=env["eta"], beta1=env["beta1"], beta2=env["beta2"], eps=env["eps"],
                   v0=env["v0"])
    return alg, {"x0": env["x0"].data, "grads": env["g"].data}


_ADAM_DISP_QS = (
    Quantity("eta", "scalar", "> 0", "learning rate η (constant)"),
    Quantity("beta1", "scalar", "= 0", "β₁"),
    Quantity("beta2", "scalar", "(0, 1)", "β₂"),
    Quantity("eps", "scalar", ">= 0", "ε"),
    Quantity("v0", "scalar", ">= 0", "v_0 (v_{0,b} = v_0 for every block)"),
    Quantity("T", "size", ">= 1", "number of steps"),
    Quantity("d", "size", ">= 1", "d = the number of blocks B (Φ_Adam: d_b = 1)"),
    Quantity("g", "sequence", "R", "stochastic gradients g_{t,i}", (1, 1), ("T", "d")),
    Quantity("x0", "sequence", "R", "initial point x_0", (1,), ("d",)),
    Quantity("v", "trajectory", "> 0", "v_{t,i} = v_{t,b} for b = {i} (Algorithm 1)", (0, 1),
             ("T", "d")),
    Quantity("x", "trajectory", "R", "x_{t,i}", (0, 1), ("T", "d")),
)
_ADAM_DISP_TRAJ = TrajectorySource(build=_build_adam_disp,
                                   read={"v": ("v", (0, 1)), "x": ("x", (0, 1))},
                                   series=("v",))
_ADAM_DISP_RECS = (
    Recurrence("v", t, 1, v0, beta2 * v[t - 1, i] + (1 - beta2) * g[t, i] ** 2),
    Recurrence("x", t, 1, x0[i], x[t - 1, i] - eta * g[t, i] / sp.sqrt(v[t, i] + eps)),
)
_ADAM_DISP_HYPS = tuple(h for h in _DISP_HYPS if sigma not in h.relation.free_symbols)
_VMAX = IndexMax(v[t, j] + eps, (j, 1, d))  # max_{b'} v_{t,b'} + ε
_EQ14_LAST = eta ** 2 * t ** 2 + eta ** 2 * t * beta2 / (1 - beta2) * sp.log(_VMAX / (v0 + eps))


def _adam_disp_statement(**kw) -> Statement:
    key = kw["id"]
    return register(Statement(
        paper=PAPER, kind="eq", section="Appendix C.1, proof of Lemma C.1",
        family="update-norm", quantities=_ADAM_DISP_QS, hypotheses=_ADAM_DISP_HYPS,
        forall=((t, 1, T), (i, 1, d)), sampler=_adam_disp_sampler, sizes=_short_block_sizes,
        strategy=lambda sizes: strategies.from_sampler(_registered(key), sizes),
        trajectory=_ADAM_DISP_TRAJ, recurrences=_ADAM_DISP_RECS, supremum_ratio=1.0, **kw))


EQ_14_MAX = _adam_disp_statement(
    id="adam_linf/eq-14-max",
    number="14 (first to last expression, several blocks)",
    title="Displacement bound (14) to its last expression, with max over blocks of v_{t,b'}",
    latex=(r"\frac{1}{d_b}\|x_{t,(b)}-x_{0,(b)}\|_2^2\le\eta^2t^2+\eta^2t\frac{\beta_2}{1-\beta_2}"
           r"\ln\frac{\max_{b'\in[B]}v_{t,b'}+\epsilon}{v_0+\epsilon}"),
    lhs=(x[t, i] - x[0, i]) ** 2,
    rhs=_EQ14_LAST,
    source="Equation (14), proof of Lemma C.1 (Appendix C.1): the first expression against the "
           "last, for the partition Φ_Adam (block b = {i}, d_b = 1, B = d blocks)",
    notes="x_t from Adam (β₁ = 0, constant η).  ln((max + ε)/(v_0 + ε)) ≥ ln((v_{t,b} + ε)/"
          "(v_{0,b} + ε)) since v_{0,b} = v_0 and the max is over every block.",
)

EQ_14_LAST_STEP = _adam_disp_statement(
    id="adam_linf/eq-14-last-step",
    number="14 (last inequality)",
    title="Last step of (14): ln of v_{t,b} + eps against ln of max_b' v_{t,b'} + eps",
    latex=(r"\eta^2t\left(t+\frac{\beta_2}{1-\beta_2}\ln\frac{v_{t,b}+\epsilon}{v_{0,b}+\epsilon}"
           r"\right)\le\eta^2t^2+\eta^2t\frac{\beta_2}{1-\beta_2}\ln\frac{\max_{b'\in[B]}v_{t,b'}"
           r"+\epsilon}{v_0+\epsilon}"),
    lhs=eta ** 2 * t * (t + beta2 / (1 - beta2) * sp.log((v[t, i] + eps) / (v[0, i] + eps))),
    rhs=_EQ14_LAST,
    source="Equation (14), proof of Lemma C.1 (Appendix C.1): the last inequality, for the "
           "partition Φ_Adam (block b = {i})",
    notes="v_{0,b} = v_0 for every block (Algorithm 3 initialises v_{0,b} ← v_0).  Equality at "
          "the block with the largest v_{t,b}.",
)

EQ_14_LEMMA_3_12_STEP = _block_statement(
    id="adam_linf/eq-14-lemma-3.12-step",
    kind="eq",
    number="14 (inequality (1))",
    title="Step (1) of (14): Lemma 3.12 applied to sum_s (||g_s||^2/d_b)/(v_s + eps), times eta^2 t",
    section="Appendix C.1, proof of Lemma C.1",
    family="log-sum",
    latex=(r"\eta^2t\sum_{s=1}^t\frac{\sum_{\Phi(j)=b}g_{s,j}^2/d_b}{v_{s,b}+\epsilon}\le\eta^2t"
           r"\left(t+\frac{\beta_2}{1-\beta_2}\ln\frac{v_{t,b}+\epsilon}{v_{0,b}+\epsilon}\right)"),
    hypotheses=_DISP_HYPS,
    lhs=eta ** 2 * t * sp.Sum(sp.Sum(g[s_, j] ** 2, (j, 1, d)) / d / (v[s_] + eps), (s_, 1, t)),
    rhs=eta ** 2 * t * (t + beta2 / (1 - beta2) * sp.log((v[t] + eps) / (v[0] + eps))),
    forall=((t, 1, T),),
    sizes=_short_block_sizes,
    proof=_lemma_3_12_chain(sp.Sum(g[s_, j] ** 2, (j, 1, d)) / d, s_, t, eta ** 2 * t),
    source="Equation (14), proof of Lemma C.1 (Appendix C.1): the inequality marked (1)",
    supremum_ratio=1.0,
)


