"""(3) (Section 4.2, applied in Stage I of Appendix C.2): the descent lemma for Adam's update.

As printed: "E f(w_{t+1}) = f(w_t) + E[⟨G_t, w_{t+1} − w_t⟩ + L/2‖w_{t+1} − w_t‖²]
≤ E f(w_t) + E[⟨G_t, −η ν_t^{−1/2} ⊙ m_t⟩] + L/2 η² E‖ν_t^{−1/2} ⊙ m_t‖²  (3)".
Reading: the first "=" is the L-smoothness upper bound (≤), the second step the update
w_{t+1} − w_t = −η m_t/√ν_t (an equality).  (3) is encoded as the outer inequality
E f(w_{t+1}) ≤ E f(w_t) − η E⟨G_t, m_t/√ν_t⟩ + L/2 η² E‖m_t/√ν_t‖², at every t ≤ T.  The
printed "=" read as an equality would also claim the reverse inequality, which needs f quadratic
with Hessian L·I: registered as ``eq-3-equality`` (expected violated whenever some h_l < L).

Source: paper 003 (adam_complexity), Section 4.2, eq. (3) (text line 186).
"""
from __future__ import annotations

import sympy as sp

from ...declare import statement
from . import _instance as I
from ._common import PAPER

_STEP = I.Sd(I.G(I.t) * (-I.eta) * I.m[I.t, I.l] / sp.sqrt(I.nu[I.t, I.l]))
_SECOND = I.L / 2 * I.eta ** 2 * I.Sd(I.m[I.t, I.l] ** 2 / I.nu[I.t, I.l])
_LATEX = (r"\mathbb{E}f(\mathbf{w}_{t+1})\le\mathbb{E}f(\mathbf{w}_t)+\mathbb{E}\left[\left\langle"
          r"\mathbf{G}_t,-\eta\frac{1}{\sqrt{\nu_t}}\odot\mathbf{m}_t\right\rangle\right]+"
          r"\frac{L}{2}\eta^2\mathbb{E}\left\|\frac{1}{\sqrt{\nu_t}}\odot\mathbf{m}_t\right\|^2")
_COMMON = dict(paper=PAPER, kind="eq", number="3", section="4.2 (descent lemma)",
               family="other", quantities=I.T1_QS, hypotheses=I.T1_HYPS,
               forall=((I.t, 1, I.T),), sampler=I.t1_sampler, **I.T1_INSTANCE)

EQ_3 = statement(
    "adam_complexity/eq-3", title="Descent lemma for Adam's step (L-smoothness)",
    latex=_LATEX, lhs=I.f_at(I.t + 1), rhs=I.f_at(I.t) + _STEP + _SECOND,
    source="(3), Section 4.2: the printed '=' of the first line read '≤' (L-smoothness), "
           "encoded as the outer inequality, at every t = 1..T",
    notes=I.INSTANCE_NOTE + " Pathwise true for every L-smooth f; the expectation is over the "
          "whole run.", supremum=1.0, **_COMMON)

EQ_3_EQUALITY = statement(
    "adam_complexity/eq-3-equality", title="(3)'s first line read as an equality (the reverse "
    "inequality)",
    latex=_LATEX.replace(r"\le", r"\ge", 1), lhs=I.f_at(I.t) + _STEP + _SECOND,
    rhs=I.f_at(I.t + 1), expected="violated",
    source="(3), Section 4.2: the printed '=' of the first line read literally (its '≥' half)",
    notes=I.INSTANCE_NOTE + " The other reading of the OCR/typo '=': false unless f is "
          "quadratic with Hessian L·I along the step.", **_COMMON)
