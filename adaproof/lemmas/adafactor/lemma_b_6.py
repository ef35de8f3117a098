r"""Lemma B.6 (Appendix B.3) and its proof displays (54), with the consequences (68), (75), (81)
in the proof of Proposition B.1: the martingale term of Adafactor's descent, with probability
at least 1 − δ.

As printed: "Following the parameter setting in (5), for any T >= 1 and λ > 0, with
probability at least 1 − δ, ∀t ∈ [T],

    −Σ_{k=1}^t η_k <Ḡ_k, ξ_k/√A_k> <= (1/4) Σ_{k=1}^t η_k ||Ḡ_k/√A_k||_F²
                                        + 24 G² (ε₂ + Θ_max) ρ₀/√ε₁ · log(T/δ)."

Its proof ends with "(6λG²(ε₂+Θ_max)ρ₀/√ε₁) Σ η_k ||Ḡ_k/√A_k||_F²" after plugging (56)
(η_k/√a_ij <= 2(ε₂+Θ_max)ρ₀/√ε₁) into (54): one factor η_k/√a_ij is bounded, the other,
η_k ḡ_ij²/√a_ij, remains, so the derivation gives ||Ḡ_k/A_k^{1/4}||_F² -- the form (68) uses.
Both are encoded: ``@printed`` (√A_k, OCR reading: the lemma's \sqrt{\mathbf{A}_k}) and
``@corrected`` (A_k^{1/4}).

(54) (for one t, before the union bound): −Σ_{k<=t} η_k <Ḡ_k, ξ_k/√A_k> <= 3λG² Σ η_k²
||Ḡ_k/√A_k||_F² + log(1/δ)/λ w.p. >= 1 − δ; encoded at t = T (T is drawn, so every t is one
T), λ > 0 drawn.

(68) OCR reading: the display reads "A = −(3/4) Σ η_k ||Ḡ_k/A_k^{1/4}||² + 24G²(ε₂+Θ_max)ρ₀/√ε₁
log(T/δ)"; it is "A <=" on Lemma B.6's event (it combines (67) and the lemma), so it is
encoded as "with probability >= 1 − δ, for all t, A <= ..." with A of (67) = −Σ η_k
||Ḡ_k/A_k^{1/4}||² − Σ η_k <Ḡ_k, ξ_k/√A_k>.

(75), (81) (at t = T, and for all t): (1/2) Σ η_k ||Ḡ_k/A_k^{1/4}||_F² <= C₁ log(T/δ) +
C₂ Σ(1 − β_{2,k}) + C₃, resp. <= C₁ log(T/δ) + C₂' Σ k^{−(c/2+1/2)} + C₃' Σ 1/k, C's of
(37)-(39) (:func:`adaproof.bounds.adafactor.b1_constants`), w.p. >= 1 − δ.

Model (:mod:`._proxy_noise`): a noisy run of Algorithm 1 on a separable pseudo-Huber f, noise
ξ_k = ±r u_k (Rademacher sign, u_k uniform on the sphere; (A3) mean zero, (A4) ||G_k|| <= G a.s.
with G = s||h||_F + r).
"""
from __future__ import annotations

import sympy as sp

from ...bounds import adafactor as BA
from ...sampling import log_uniform
from ...statement import Hypothesis, Quantity
from ._noise import H_A4, LAW_A4, Q_R, Q_XI, noise_a4, params_a4
from ._proxy_noise import (HALFP, MART, QUART, S2E, SQ, G, T, beta, c, delta, eps1, rho0,
                           statement, t)

lam = sp.Symbol("lam", real=True)
_LOGTD = sp.log(T / delta)
_CONST = 24 * G ** 2 * S2E * rho0 / sp.sqrt(eps1)
_SRC = "Lemma B.6 (Appendix B.3), proof of Proposition B.1"
_NOTE = ("Noisy run of Algorithm 1 (setting (5)) on separable pseudo-Huber f: Ḡ_k, η_k, A_k "
         "are functions of the run (F_{k−1}-measurable), Θ_max = max_{k<=T} ||X_k||_∞ of the run.")


def _params_lam(ctx):
    out = params_a4("Bp")(ctx)
    out["lam"] = log_uniform(ctx, 1e-4, 1e4) / (out["G"] ** 2 * out["rho0"] ** 2)
    return out


_COMMON = dict(law=LAW_A4, params=params_a4("Bp"), noise=noise_a4, extra_q=(Q_R, Q_XI),
               extra_h=H_A4, delta_expr=delta, notes=_NOTE)

LEMMA_B6 = statement(
    id="adafactor/lemma-B.6", number="B.6", kind="lemma", **_COMMON,
    title="W.p. >= 1 − δ, ∀t: −Σ η_k <Ḡ_k, ξ_k/√A_k> <= 1/4 Σ η_k ||Ḡ_k/√A_k||² + "
          "24G²(ε₂+Θ)ρ₀/√ε₁ log(T/δ) (as printed, √A_k)",
    lhs=MART, rhs=HALFP / 4 + _CONST * _LOGTD,
    latex=(r"-\sum_{k=1}^t\eta_k\left\langle\bar G_k,\frac{\xi_k}{\sqrt{A_k}}\right\rangle\le"
           r"\frac14\sum_{k=1}^t\eta_k\left\|\frac{\bar G_k}{\sqrt{A_k}}\right\|_F^2+\frac{24G^2"
           r"(\epsilon_2+\Theta_{\max})\rho_0}{\sqrt{\epsilon_1}}\log\frac T\delta"),
    source=_SRC)
LEMMA_B6_DERIVED = statement(
    id="adafactor/lemma-B.6", number="B.6", kind="lemma", **_COMMON, variant="corrected",
    reason="the proof bounds one factor η_k/√a_ij by (56) and keeps η_k ḡ_ij²/√a_ij: the sum "
           "is Σ η_k ||Ḡ_k/A_k^{1/4}||², as (68) uses",
    title="Lemma B.6 with ||Ḡ_k/A_k^{1/4}||² (the form its proof derives)",
    lhs=MART, rhs=QUART / 4 + _CONST * _LOGTD,
    latex=(r"-\sum_{k=1}^t\eta_k\left\langle\bar G_k,\frac{\xi_k}{\sqrt{A_k}}\right\rangle\le"
           r"\frac14\sum_{k=1}^t\eta_k\left\|\frac{\bar G_k}{\sqrt[4]{A_k}}\right\|_F^2+\frac{24G^2"
           r"(\epsilon_2+\Theta_{\max})\rho_0}{\sqrt{\epsilon_1}}\log\frac T\delta"),
    source=_SRC)

EQ_54 = statement(
    id="adafactor/eq-54", number="54", kind="eq",
    title="(54): w.p. >= 1 − δ, −Σ η_k <Ḡ_k, ξ_k/√A_k> <= 3λG² Σ η_k² ||Ḡ_k/√A_k||² + "
          "log(1/δ)/λ (Lemma B.1 with ω_k = 2Gη_k||Ḡ_k/√A_k||)",
    lhs=MART.subs(t, T), rhs=3 * lam * G ** 2 * SQ.subs(t, T) + sp.log(1 / delta) / lam,
    forall=(), law=LAW_A4, params=_params_lam, noise=noise_a4,
    extra_q=(Q_R, Q_XI, Quantity("lam", "scalar", "> 0", "λ")),
    extra_h=H_A4 + (Hypothesis(sp.StrictGreaterThan(lam, 0), note="λ > 0"),),
    delta_expr=delta, notes=_NOTE + " Encoded at t = T (one t; (54) precedes the union bound).",
    latex=(r"-\sum_{k=1}^t\eta_k\left\langle\bar G_k,\frac{\xi_k}{\sqrt{A_k}}\right\rangle\le"
           r"3\lambda G^2\sum_{k=1}^t\eta_k^2\left\|\frac{\bar G_k}{\sqrt{A_k}}\right\|_F^2+"
           r"\frac1\lambda\log\frac1\delta"),
    source="(54), proof of Lemma B.6 (Appendix B.3)")

EQ_68 = statement(
    id="adafactor/eq-68", number="68", kind="eq", **_COMMON,
    title="(68): w.p. >= 1 − δ, ∀t: A <= −3/4 Σ η_k ||Ḡ_k/A_k^{1/4}||² + 24G²(ε₂+Θ)ρ₀/√ε₁ "
          "log(T/δ) (printed 'A =', read as <=)",
    lhs=-QUART + MART, rhs=-sp.Rational(3, 4) * QUART + _CONST * _LOGTD,
    latex=(r"\mathbf A\le-\frac34\sum_{k=1}^t\eta_k\left\|\frac{\bar G_k}{\sqrt[4]{A_k}}\right\|_F"
           r"^2+\frac{24G^2(\epsilon_2+\Theta_{\max})\rho_0}{\sqrt{\epsilon_1}}\log\frac T\delta"),
    source="(68), proof of Proposition B.1 (Appendix B.3); A of (67)")

_C0, _C2, _C3 = BA.b1_constants()


def _sub(e):
    """The constants of :mod:`adaproof.bounds.adafactor` in the run's symbols."""
    return BA._rhs_from(type("B", (), {"expr": sp.sympify(e)})())


_C1 = _sub(BA.C1)
_kk = sp.Symbol("kk", integer=True, positive=True)
_SUM_1MB = sp.Sum(1 - beta(_kk), (_kk, 1, T))
EQ_75 = statement(
    id="adafactor/eq-75", number="75", kind="eq", **_COMMON, forall=(),
    title="(75): w.p. >= 1 − δ, 1/2 Σ η_k ||Ḡ_k/A_k^{1/4}||² <= C₁ log(T/δ) + C₂ Σ(1 − β_{2,k}) "
          "+ C₃",
    lhs=QUART.subs(t, T) / 2, rhs=_C1 * _LOGTD + _sub(_C2) * _SUM_1MB + _sub(_C3),
    latex=(r"\frac12\sum_{k=1}^T\eta_k\left\|\frac{\bar G_k}{\sqrt[4]{A_k}}\right\|_F^2\le C_1"
           r"\log\frac T\delta+C_2\sum_{k=1}^T(1-\beta_{2,k})+C_3"),
    source="(75), proof of Proposition B.1 (Appendix B.3); C₁, C₂, C₃ of (37)-(38)")

EQ_81 = statement(
    id="adafactor/eq-81", number="81", kind="eq", **_COMMON,
    title="(81): w.p. >= 1 − δ, ∀t: 1/2 Σ η_k ||Ḡ_k/A_k^{1/4}||² <= C₁ log(T/δ) + C₂' Σ "
          "k^{−(c/2+1/2)} + C₃' Σ 1/k",
    lhs=QUART / 2,
    rhs=(_C1 * _LOGTD + _sub(BA.C2P) * sp.Sum(_kk ** (-(c / 2 + sp.Rational(1, 2))), (_kk, 1, t))
         + _sub(BA.C3P) * sp.Sum(1 / _kk, (_kk, 1, t))),
    latex=(r"\frac12\sum_{k=1}^t\eta_k\left\|\frac{\bar G_k}{\sqrt[4]{A_k}}\right\|_F^2\le C_1"
           r"\log\frac T\delta+C_2'\sum_{k=1}^t\frac1{k^{c/2+1/2}}+C_3'\sum_{k=1}^t\frac1k"),
    source="(81), proof of Proposition B.1 (Appendix B.4); C₂', C₃' of (39), C₁ of (37)")

ALL = [LEMMA_B6, LEMMA_B6_DERIVED, EQ_54, EQ_68, EQ_75, EQ_81]
