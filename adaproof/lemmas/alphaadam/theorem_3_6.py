"""Theorem 3.6 (Section 3.2.2), Property 1 = Theorem D.1 (Appendix D): the derivative of the
compensation factor α(t) with respect to the learning rate η -- a derivative relation.

As printed:

    Under the following conditions: (1) d is sufficiently large. (2) H = D + E, D diagonal,
    ‖E‖₂ ≤ ε‖D‖₂. (3) D is positive definite. (4) η > 0, ... Property 1 (Scaling Behavior):
        ∂α(t)/∂η = O(‖D‖₂) + O(ε),   ∂²α(t)/∂η² = O(‖D‖₂²) + O(ε‖D‖₂²).
    Proof. ... u_ij = −ηα(t)(βm_{t,ij} + g_{t,ij}) ... g_{t+1} = g_t − (D + E)u_t ...
    α(t) = sqrt(Σ_i u_i² / Σ_{i∈S} u_i²)                                         (9)

The O(·) constants are not given (Remark D.2: "independent of the problem size"), so the
printed property cannot be refuted by an example; what is checked is its deterministic content,
with the derivative computed by autograd (float screen) and by forward-mode dual numbers in ball
arithmetic (exact re-check; :func:`adaproof.matrix.derivative`):

* ``alphaadam/theorem-3.6`` -- the proof's reading at a fixed state: with
  ``u = −η a (βm_t + g_t)`` (``a > 0`` the factor in use) α(t) of (9) is scale-free in ``u``, so
  ``∂α(t)/∂η = 0``; encoded as ``|∂α(t)/∂η| ≤ ‖D‖₂ + ε`` (the O with constant 1): holds, with
  ``lhs = 0`` exactly;
* ``alphaadam/theorem-3.6-step`` -- η acting through one step of the proof's model
  (``g_{t+1} = g_t − (D + E)u_t``, ``m_{t+1} = βm_t + (1 − β)g_{t+1}``, the asynchronous mask
  ``S = {i : m_{t,i}g_{t+1,i} ≥ 0}`` locally constant): ``|∂α(t+1)/∂η| ≤ ‖D‖₂ + ε``.  Expected
  ``unknown``: the best ratio reported is how large the hidden constant must be on the attacked
  states (it grows without bound as ``Σ_{i∈S} w_i²`` shrinks, so the constant depends on the
  state, not only on ‖D‖₂ and ε).
"""
from __future__ import annotations

import torch

from ...computed import Input, computed_statement
from ...matrix import derivative
from ...registry import register
from ...sampling import choose
from ...symbolic import SeqValue

INPUTS = (
    Input("g", ("d",), "R", "g_t"), Input("m", ("d",), "R", "m_t"),
    Input("m_prev", ("d",), "R", "m_{t-1} (the asynchronous mask of step t)"),
    Input("beta", (), "(0, 1)", "β"), Input("a", (), "> 0", "α(t) in u_t (step-model)"),
    Input("eta", (), "> 0", "η"), Input("Ddiag", ("d",), "> 0", "the diagonal of D"),
    Input("E", ("d", "d"), "symmetric, ||E||_2 <= eps ||D||_2", "the error E"),
    Input("eps", (), ">= 0", "ε"),
)


def _sizes(gen: torch.Generator, preset: str) -> dict:
    return {"d": choose(gen, (2, 3, 4, 8))}


def _sample(ctx) -> dict:
    B, d = ctx.B, ctx.sizes["d"]
    sv = lambda x: SeqValue(x.contiguous(), (1,) * (x.dim() - 1))  # noqa: E731
    Dd = torch.exp(ctx.randn(B, d))
    eps = torch.where(ctx.rand(B) < 0.3, torch.zeros(B, dtype=ctx.dtype), ctx.rand(B))
    G = ctx.randn(B, d, d)
    G = (G + G.transpose(-1, -2)) / 2
    nG = torch.linalg.eigvalsh(G).abs().amax(-1).clamp_min(1e-300)
    E = G * (eps * Dd.amax(-1) * (1 - 2.0 ** -30) * ctx.rand(B) / nG)[:, None, None]
    return {"g": sv(ctx.randn(B, d)), "m": sv(ctx.randn(B, d)), "m_prev": sv(ctx.randn(B, d)),
            "beta": ctx.rand(B) * 0.98 + 0.01, "a": torch.exp(ctx.randn(B) * 0.3),
            "eta": torch.exp(ctx.randn(B) - 2), "Ddiag": sv(Dd), "E": sv(E), "eps": eps}


def _alpha(ops, w, mask):
    """(9): sqrt(Σ w² / Σ_S w²) (scale-free: the factor −ηa of u cancels)."""
    return ops.sqrt(ops.sum(w * w, -1) / ops.sum(mask * w * w, -1))


def _alpha_fixed(ops, v):
    g, m, mp, beta, a = v["g"], v["m"], v["m_prev"], v["beta"], v["a"]
    mask = ops.step(mp * g)  # (6): m_{t-1} g_t >= 0

    def f(eta):
        u = -(eta * a)[..., None] * (beta[..., None] * m + g)
        return _alpha(ops, u, mask)
    return f


def _alpha_step(ops, v):
    g, m, beta, a, Dd, E = v["g"], v["m"], v["beta"], v["a"], v["Ddiag"], v["E"]
    w0 = beta[..., None] * m + g
    H = ops.diag_embed(Dd) + E

    def mask_of(eta):
        u = -(eta * a)[..., None] * w0
        g1 = g - (H @ u[..., None])[..., 0]
        return ops.step(m * g1)  # the asynchronous mask of step t+1: m_t g_{t+1} >= 0

    def f(eta):
        u = -(eta * a)[..., None] * w0
        g1 = g - (H @ u[..., None])[..., 0]
        m1 = beta[..., None] * m + (1 - beta[..., None]) * g1
        w1 = beta[..., None] * m1 + g1
        return _alpha(ops, w1, ops.step(m * g1))
    return f, mask_of


def _hyps_common(ops, v):
    one = 1 + 0 * v["beta"]
    Dd, E, eps = v["Ddiag"], v["E"], v["eps"]
    return [("0 < beta < 1", ops.gt(v["beta"], 0 * one) & ops.gt(one, v["beta"])),
            ("a > 0, eta > 0", ops.gt(v["a"], 0 * one) & ops.gt(v["eta"], 0 * one)),
            ("D positive definite (diagonal)", ops.all(ops.gt(Dd, 0 * Dd), -1)),
            ("E symmetric", ops.all(ops.all(ops.eq(E, ops.T(E)), -1), -1)),
            ("eps >= 0", ops.ge(eps, 0 * eps)),
            ("||E||_2 <= eps ||D||_2", ops.le(ops.spec_norm(E), eps * ops.amax(Dd, -1)))]


def _hyps_fixed(ops, v):
    g, m, mp, beta = v["g"], v["m"], v["m_prev"], v["beta"]
    w = beta[..., None] * m + g
    mask = ops.step(mp * g)
    return _hyps_common(ops, v) + [
        ("sum over S of (beta m + g)_i^2 > 0 (alpha defined)",
         ops.gt(ops.sum(mask * w * w, -1), 0 * beta))]


def _hyps_step(ops, v):
    f, mask_of = _alpha_step(ops, v)
    g, m, beta, a, Dd, E = v["g"], v["m"], v["beta"], v["a"], v["Ddiag"], v["E"]
    H = ops.diag_embed(Dd) + E
    u = -(v["eta"] * a)[..., None] * (beta[..., None] * m + g)
    g1 = g - (H @ u[..., None])[..., 0]
    m1 = beta[..., None] * m + (1 - beta[..., None]) * g1
    w1 = beta[..., None] * m1 + g1
    mg = m * g1
    return _hyps_common(ops, v) + [
        ("m_{t,i} g_{t+1,i} != 0 (the mask is locally constant in eta)",
         ops.all(ops.gt(mg * mg, 0 * mg), -1)),
        ("sum over S of w_i^2 > 0 (alpha(t+1) defined)",
         ops.gt(ops.sum(ops.step(mg) * w1 * w1, -1), 0 * beta))]


def _rhs(ops, v):
    return ops.amax(v["Ddiag"], -1) + v["eps"]


def _sides_fixed(ops, v):
    d = derivative(ops, _alpha_fixed(ops, v), v["eta"])
    return ops.abs(d), _rhs(ops, v)


def _sides_step(ops, v):
    f, _ = _alpha_step(ops, v)
    d = derivative(ops, f, v["eta"])
    return ops.abs(d), _rhs(ops, v)


_COMMON = dict(kind="theorem", number="3.6", section="3.2.2 (Property 1); Theorem D.1 (Appendix D)",
               inputs=INPUTS, size_names={"d": "dimension d"}, sizes=_sizes, sampler=_sample,
               computed_kind="relation", real_backend="arb", family="relation",
               rhs_latex=r"\|D\|_2 + \varepsilon")

THEOREM_3_6 = register(computed_statement(
    "alphaadam/theorem-3.6",
    title="Theorem 3.6 / D.1 Property 1 at a fixed state: ∂α(t)/∂η = 0 (scale-free (9))",
    latex=(r"\frac{\partial\alpha(t)}{\partial\eta} = \mathcal{O}(\|D\|_2) + \mathcal{O}("
           r"\varepsilon),\quad u = -\eta\alpha(t)(\beta m_t + g_t),\ \alpha(t) = "
           r"\sqrt{\sum_i u_i^2/\sum_{i\in S}u_i^2}"),
    hyps=_hyps_fixed, sides=_sides_fixed,
    hypotheses_latex=(r"H = D + E,\ D \succ 0 \text{ diagonal},\ \|E\|_2\le\varepsilon\|D\|_2,\ "
                      r"\eta > 0,\ 0<\beta<1",
                      r"u = -\eta a(\beta m_t + g_t),\ S = \{i: m_{t-1,i}g_{t,i}\ge0\}"),
    lhs_latex=r"\left|\frac{\partial\alpha(t)}{\partial\eta}\right|",
    source="Theorem D.1, Property 1, with the proof's u_t and (9)",
    notes="The O(·) constants are unspecified; encoded with constant 1.  The derivative is 0 "
          "exactly (α is scale-free in u), so it holds for any constant.",
    **_COMMON))

THEOREM_3_6_STEP = register(computed_statement(
    "alphaadam/theorem-3.6-step",
    title="Theorem 3.6 / D.1 Property 1 through one step: |∂α(t+1)/∂η| against ‖D‖₂ + ε",
    latex=(r"\frac{\partial\alpha(t+1)}{\partial\eta} = \mathcal{O}(\|D\|_2) + \mathcal{O}("
           r"\varepsilon),\quad g_{t+1} = g_t - (D+E)u_t"),
    hyps=_hyps_step, sides=_sides_step, expected="unknown",
    hypotheses_latex=(r"H = D + E,\ D \succ 0 \text{ diagonal},\ \|E\|_2\le\varepsilon\|D\|_2,\ "
                      r"\eta > 0,\ 0<\beta<1",
                      r"u_t = -\eta a(\beta m_t + g_t),\ g_{t+1} = g_t - Hu_t,\ m_{t+1} = "
                      r"\beta m_t + (1-\beta)g_{t+1}",
                      r"S = \{i: m_{t,i}g_{t+1,i} \ge 0\} \text{ locally constant}"),
    lhs_latex=r"\left|\frac{\partial\alpha(t+1)}{\partial\eta}\right|",
    source="Theorem D.1, Property 1, with η acting through g_{t+1} = g_t − (D + E)u_t",
    notes="Expected unknown (the O(·) constant is unspecified): the best ratio is the constant "
          "the attacked states need; it is unbounded as Σ_S w² → 0.",
    **_COMMON))
