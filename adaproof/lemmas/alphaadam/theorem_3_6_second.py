"""Theorem 3.6 (Section 3.2.2), Property 1 = Theorem D.1 (Appendix D): the *second* derivative
of the compensation factor α(t) with respect to the learning rate η -- a derivative relation.

As printed (Theorem D.1, Property 1, second display):

    ∂²α(t)/∂η² = O(‖D‖₂²) + O(ε‖D‖₂²)        ("Similarly, continuing the differentiation gives")

with the proof's ``u = −ηα(t)(βm_t + g_t)``, ``g_{t+1} = g_t − (D + E)u_t`` and α(t) of (9).
The first-derivative half is :mod:`.theorem_3_6`; this module encodes the second half the same
two ways, with the O(·) constant 1 (Remark D.2: "a constant factor that is independent of the
problem size"; no value is printed):

* ``alphaadam/theorem-3.6-second`` -- at a fixed state: α(t) of (9) is scale-free in u, so
  ``∂²α(t)/∂η² = 0`` exactly; encoded as ``|∂²α(t)/∂η²| ≤ ‖D‖₂² + ε‖D‖₂²``: holds with
  ``lhs = 0``;
* ``alphaadam/theorem-3.6-second-step`` -- η acting through one step of the proof's model (the
  asynchronous mask ``S = {i : m_{t,i}g_{t+1,i} ≥ 0}`` locally constant in η):
  ``|∂²α(t+1)/∂η²| ≤ ‖D‖₂² + ε‖D‖₂²``.  Expected ``unknown``: the best ratio is how large the
  hidden constant must be on the attacked states (unbounded as ``Σ_{i∈S} w_i²`` shrinks).

The derivative is exact, not a finite difference: autograd twice in float64 (the screen), then
nested forward-mode dual numbers ``Dual(Dual(η, 1), Dual(1, 0))`` in ball arithmetic
(:func:`adaproof.matrix.second_derivative`), so the ε₁ε₂ part is a rigorous enclosure of
``∂²α/∂η²`` at the candidate's exact (binary) inputs.
"""
from __future__ import annotations

from ...computed import computed_statement
from ...matrix import second_derivative
from ...registry import register
from .theorem_3_6 import _COMMON as _FIRST
from .theorem_3_6 import _alpha_fixed, _alpha_step, _hyps_fixed, _hyps_step


def _rhs(ops, v):
    nD = ops.amax(v["Ddiag"], -1)  # ‖D‖₂ of a positive diagonal D
    return nD * nD + v["eps"] * nD * nD


def _sides_fixed(ops, v):
    return ops.abs(second_derivative(ops, _alpha_fixed(ops, v), v["eta"])), _rhs(ops, v)


def _sides_step(ops, v):
    f, _ = _alpha_step(ops, v)
    return ops.abs(second_derivative(ops, f, v["eta"])), _rhs(ops, v)


# the first-derivative half's settings (inputs, sizes, sampler, kind), with this right side
_COMMON = dict(_FIRST, rhs_latex=r"\|D\|_2^2 + \varepsilon\|D\|_2^2")


THEOREM_3_6_SECOND = register(computed_statement(
    "alphaadam/theorem-3.6-second",
    title="Theorem 3.6 / D.1 Property 1 (second derivative) at a fixed state: ∂²α(t)/∂η² = 0",
    latex=(r"\frac{\partial^2\alpha(t)}{\partial\eta^2} = \mathcal{O}(\|D\|_2^2) + \mathcal{O}("
           r"\varepsilon\|D\|_2^2),\quad u = -\eta\alpha(t)(\beta m_t + g_t),\ \alpha(t) = "
           r"\sqrt{\sum_i u_i^2/\sum_{i\in S}u_i^2}"),
    hyps=_hyps_fixed, sides=_sides_fixed,
    hypotheses_latex=(r"H = D + E,\ D \succ 0 \text{ diagonal},\ \|E\|_2\le\varepsilon\|D\|_2,\ "
                      r"\eta > 0,\ 0<\beta<1",
                      r"u = -\eta a(\beta m_t + g_t),\ S = \{i: m_{t-1,i}g_{t,i}\ge0\}"),
    lhs_latex=r"\left|\frac{\partial^2\alpha(t)}{\partial\eta^2}\right|",
    source="Theorem D.1, Property 1 (second display), with the proof's u_t and (9)",
    notes="The O(·) constants are unspecified; encoded with constant 1.  The second derivative "
          "is 0 exactly (α is scale-free in u), so it holds for any constant.",
    **_COMMON))

THEOREM_3_6_SECOND_STEP = register(computed_statement(
    "alphaadam/theorem-3.6-second-step",
    title="Theorem 3.6 / D.1 Property 1 (second derivative) through one step: |∂²α(t+1)/∂η²| "
          "against ‖D‖₂² + ε‖D‖₂²",
    latex=(r"\frac{\partial^2\alpha(t+1)}{\partial\eta^2} = \mathcal{O}(\|D\|_2^2) + "
           r"\mathcal{O}(\varepsilon\|D\|_2^2),\quad g_{t+1} = g_t - (D+E)u_t"),
    hyps=_hyps_step, sides=_sides_step, expected="unknown",
    hypotheses_latex=(r"H = D + E,\ D \succ 0 \text{ diagonal},\ \|E\|_2\le\varepsilon\|D\|_2,\ "
                      r"\eta > 0,\ 0<\beta<1",
                      r"u_t = -\eta a(\beta m_t + g_t),\ g_{t+1} = g_t - Hu_t,\ m_{t+1} = "
                      r"\beta m_t + (1-\beta)g_{t+1}",
                      r"S = \{i: m_{t,i}g_{t+1,i} \ge 0\} \text{ locally constant}"),
    lhs_latex=r"\left|\frac{\partial^2\alpha(t+1)}{\partial\eta^2}\right|",
    source="Theorem D.1, Property 1 (second display), with η acting through "
           "g_{t+1} = g_t − (D + E)u_t",
    notes="Expected unknown (the O(·) constant is unspecified): the best ratio is the constant "
          "the attacked states need; it is unbounded as Σ_S w² → 0.",
    **_COMMON))
