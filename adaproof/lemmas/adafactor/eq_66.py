r"""(66), (67), (74), Appendix B.3 (proof of Proposition B.1): the summed descent inequality with
the proxy A_k, and the decomposition of its first term.

As printed::

    (66) f(X_{t+1}) <= f(X_1) − A + B + C,  A = Σ_{k<=t} η_k <Ḡ_k, G_k/√A_k>,
         B = Σ η_k <Ḡ_k, G_k ⊙ (1/√A_k − 1/√W_k)>,  C = Σ Lη_k²/2 ||G_k/√W_k||_F²;
    (67) A = −Σ_{k<=t} η_k ||Ḡ_k/A_k^{1/4}||_F² − Σ_{k<=t} η_k <Ḡ_k, ξ_k/√A_k>;
    (74) 0 <= f(X_1) − f* + A + B + C.

Sign reading: with G_k = Ḡ_k + ξ_k, (66)'s A equals +Σ η_k ||Ḡ_k/A_k^{1/4}||² + Σ η_k <Ḡ_k,
ξ_k/√A_k>, the negative of (67)'s right side; (67), (68) and (74) use A for "−A of (66)" (then
(74) is (66) with f(X_{t+1}) >= f*).  Encoded: ``eq-66`` as printed; ``eq-67-a``/``-b`` (the
printed identity with (66)'s A, as two inequalities) and ``eq-67-a@corrected``/``-b@corrected``
(with the sign of A flipped: the reading (68) and (74) need); ``eq-74`` with (67)'s A.
Finding (a sign typo, harmless for the result): both printed directions of (67) are violated
(witnesses in counterexamples/adafactor/eq-67-a, eq-67-b); the corrected ones hold.

Model (:mod:`._proxy_noise`), pathwise in the noise: one noisy run of Algorithm 1 (setting (5))
on a separable pseudo-Huber f (L = max h exact, f* = 0), G_k = ∇f(X_k) + ξ_k with ξ_k = ±r u_k and
G >= s||h||_F + r ((A4)); the statements hold for every realisation.
"""
from __future__ import annotations

import sympy as sp

from ...bounds import adafactor as BA
from ...registry import register
from ...statement import Statement
from ._noise import H_A4, Q_R, Q_XI, noise_a4, params_a4
from ._proxy_noise import (HYPOTHESES, MART, QUANTITIES, QUART, RECURRENCES, SOURCE, FORALL_T, L,
                           a, eta, gbar, gn, h, i, j, k, m, n, p, q, s, t, w, x, z)
from ._common import PAPER

_GN = gn(k, i, j)


def _f(kk):
    """f(X_k) = Σ h_ij s²(√(1 + u²) − 1), u = (x_ij − z_ij)/s, written without cancellation."""
    u = (x[kk, p, q] - z[p, q]) / s
    return sp.Sum(sp.Sum(h[p, q] * s ** 2 * u ** 2 / (sp.sqrt(1 + u ** 2) + 1), (q, 1, m)),
                  (p, 1, n))


def _ks(expr):
    return sp.Sum(eta(k) * sp.Sum(sp.Sum(expr, (j, 1, m)), (i, 1, n)), (k, 1, t))


A66 = _ks(gbar(k, i, j) * _GN / sp.sqrt(a(k, i, j)))
B66 = _ks(gbar(k, i, j) * _GN * (1 / sp.sqrt(a(k, i, j)) - 1 / sp.sqrt(w(k, i, j))))
C66 = sp.Sum(L * eta(k) ** 2 / 2 * sp.Sum(sp.Sum(_GN ** 2 / w(k, i, j), (j, 1, m)), (i, 1, n)),
             (k, 1, t))
A67 = -QUART + MART          # (67)'s right side


def _sampler(ctx):
    rows = params_a4("Bp")(ctx)
    rows.update(noise_a4(ctx, rows))
    return rows


def _st(ident, number, title, lhs, rhs, latex, *, variant="printed", reason="",
        expected="holds", supremum=None):
    return register(Statement(
        id=f"{PAPER}/{ident}", paper=PAPER, kind="eq", number=number, title=title,
        section="Appendix B.3 (proof of Proposition B.1)", family="other", variant=variant,
        reason=reason, latex=latex, quantities=QUANTITIES + (Q_R, Q_XI),
        hypotheses=HYPOTHESES + H_A4, lhs=lhs, rhs=rhs, forall=FORALL_T, trajectory=SOURCE,
        recurrences=RECURRENCES, expected=expected, sampler=_sampler,
        sizes=lambda gen, preset="default": BA._sizes(gen, preset), supremum_ratio=supremum,
        source=f"({number}), proof of Proposition B.1",
        notes="Pathwise on a noisy run of Algorithm 1 on separable pseudo-Huber f (see the "
              "module); f* = 0."))


EQ_66 = _st("eq-66", "66", "(66): f(X_{t+1}) <= f(X_1) − A + B + C (summed descent lemma)",
            _f(t + 1), _f(1) - A66 + B66 + C66,
            r"f(X_{t+1})\le f(X_1)-\mathbf A+\mathbf B+\mathbf C", supremum=1.0)
_TEX67 = (r"\mathbf A=-\sum_{k=1}^t\eta_k\Big\|\frac{\bar G_k}{\sqrt[4]{A_k}}\Big\|_F^2-\sum_{k=1}^t"
          r"\eta_k\Big\langle\bar G_k,\frac{\xi_k}{\sqrt{A_k}}\Big\rangle")
_R67 = "(66) defines A = Σ η_k <Ḡ_k, G_k/√A_k> = −(67)'s right side: (67), (68), (74) use −A"
EQ_67_A = _st("eq-67-a", "67", "(67): A <= −Σ η_k ||Ḡ_k/A_k^{1/4}||² − Σ η_k <Ḡ_k, ξ_k/√A_k> "
              "(A of (66))", A66, A67, _TEX67, expected="violated")
EQ_67_B = _st("eq-67-b", "67", "(67): A >= −Σ η_k ||Ḡ_k/A_k^{1/4}||² − Σ η_k <Ḡ_k, ξ_k/√A_k> "
              "(A of (66))", A67, A66, _TEX67, expected="violated")
EQ_67_A_C = _st("eq-67-a", "67", "(67) with A of (66) negated: −A <= (67)'s right side", -A66,
                A67, _TEX67, variant="corrected", reason=_R67, supremum=1.0)
EQ_67_B_C = _st("eq-67-b", "67", "(67) with A of (66) negated: −A >= (67)'s right side", A67,
                -A66, _TEX67, variant="corrected", reason=_R67, supremum=1.0)
EQ_74 = _st("eq-74", "74", "(74): 0 <= f(X_1) − f* + A + B + C (A of (67))", sp.Integer(0),
            _f(1) + A67 + B66 + C66,
            r"0\le f(X_1)-f^*+\mathbf A+\mathbf B+\mathbf C")

_K = sp.Symbol("kq", integer=True)
_STEP = {k: _K}
EQ_8 = register(Statement(
    id=f"{PAPER}/eq-8", paper=PAPER, kind="eq", number="8",
    title="(8): f(X_{k+1}) <= f(X_k) − η_k <∇f(X_k), G_k/√W_k> + Lη_k²/2 ||G_k/√W_k||² "
          "(descent lemma with Algorithm 1's step)",
    section="Section 5 (proof sketch)", family="other",
    latex=(r"f(X_{k+1})\le f(X_k)-\eta_k\Big\langle\nabla f(X_k),\frac{G_k}{\sqrt{W_k}}\Big"
           r"\rangle+\frac{L\eta_k^2}2\Big\|\frac{G_k}{\sqrt{W_k}}\Big\|_F^2"),
    quantities=QUANTITIES + (Q_R, Q_XI), hypotheses=HYPOTHESES + H_A4,
    lhs=_f(_K + 1),
    rhs=(_f(_K) - (eta(k) * sp.Sum(sp.Sum(gbar(k, i, j) * _GN / sp.sqrt(w(k, i, j)), (j, 1, m)),
                                   (i, 1, n))).subs(_STEP)
         + (L * eta(k) ** 2 / 2 * sp.Sum(sp.Sum(_GN ** 2 / w(k, i, j), (j, 1, m)),
                                         (i, 1, n))).subs(_STEP)),
    forall=((_K, 1, BA._Ts),), trajectory=SOURCE, recurrences=RECURRENCES, expected="holds",
    sampler=_sampler, sizes=lambda gen, preset="default": BA._sizes(gen, preset),
    supremum_ratio=1.0, source="(8), Section 5 (the descent lemma (15) at X_k, X_{k+1})",
    notes="Per step k on the noisy pseudo-Huber run of this module (L = max h exact)."))

ALL = [EQ_66, EQ_67_A, EQ_67_B, EQ_67_A_C, EQ_67_B_C, EQ_74, EQ_8]
