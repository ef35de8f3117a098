"""Theorem 2.2 (Section 2; proof Appendix A): which algorithms are invariant under which
orthogonal maps of the loss.

As printed:

    Definition 2.1. ... we can also get x̃_t when running A with the same hyperparameters on
    (x̃₀, {L̃_t}) with x̃₀ = T⁻¹(x₀) and L̃_t = L_t ∘ T.  An algorithm A is invariant w.r.t. T if
    it always holds that x̃_t = T⁻¹(x_t) for any hyperparameters, initialization and stochastic
    losses.  A is rotation-invariant if it is invariant w.r.t. any rotating transformation R.
    Theorem 2.2. AdaSGD is rotation-invariant. Adam and SignGD are only permutation-invariant.

Algorithms 1 and 2 list ``m₀, v₀`` among the *hyperparameters*, which Definition 2.1 keeps the
same in both runs; the proof's induction starts from ``m̃₀ = Rᵀm₀``, true only for ``m₀ = 0``
(or an ``m₀`` fixed by ``R``).  Hence, as printed (any ``m₀``; ``v₀`` a scalar, as in Algorithm 3
and Theorem 3.5's ``d v₀``):

* ``adam_linf/theorem-2.2`` -- AdaSGD invariant under every orthogonal map: **violated** by
  ``m₀ ≠ 0, β₁ > 0``; ``@corrected`` (``m₀ = 0``) holds;
* ``adam_linf/theorem-2.2-adam-permutation``: violated the same way; ``@corrected`` holds;
* ``adam_linf/theorem-2.2-signgd-permutation``: holds (SignGD keeps no state);
* "only": ``adam_linf/theorem-2.2-adam-rotation`` and ``-signgd-rotation`` state that the
  algorithm *is* invariant under every rotation; the theorem says it is not, so they are
  expected **violated** (a verified violation, an exactly orthogonal ``R`` and a quadratic loss
  where the runs differ, confirms the theorem);
* ``adam_linf/theorem-2.2-adam-sign-flip``: Adam (``m₀ = 0``) under sign flips ``R = diag(±1)``
  -- orthogonal maps that are not permutations -- holds: "only permutation-invariant" is too
  strong as worded (Adam is invariant under signed permutations, its coordinate-wise operations
  being odd in ``g`` for ``m`` and even for ``v``).

The attacked losses are stochastic quadratics ``L_t(x) = (x - c_t)ᵀQ_t(x - c_t)/2`` with any
symmetric ``Q_t`` (see :mod:`adaproof.relations`; ``R = P·C(S)`` exactly orthogonal).
"""
from __future__ import annotations

from fractions import Fraction

import mpmath
import torch

from ...computed import Input, computed_statement
from ...matrix import symmetric_mix
from ...registry import register
from ...relations import denominators, family_hyps, invariance_sides
from ...sampling import choose

SIZE_NAMES = {"d": "dimension d", "T": "number of steps T"}
INPUTS = (
    Input("Q", ("T", "d", "d"), "symmetric", "Hessians Q_t of the stochastic losses L_t"),
    Input("c", ("T", "d"), "R", "centres c_t of the losses"),
    Input("x0", ("d",), "R", "initialization x_0"),
    Input("beta1", (), "[0, 1)", "β₁"), Input("beta2", (), "[0, 1)", "β₂"),
    Input("eps", (), ">= 0", "ε"), Input("eta", ("T",), "> 0", "learning rates η_t"),
    Input("m0", ("d",), "R", "initial m₀ (a hyperparameter, the same in both runs)"),
    Input("v0", (), ">= 0", "initial v₀ (a scalar hyperparameter)"),
    Input("P", ("d", "d"), "signed permutation", "R = P·C(S)"),
    Input("S", ("d", "d"), "skew-symmetric", "R = P·C(S), C(S) = (I - S)(I + S)^{-1}"),
)


def _sizes(gen: torch.Generator, preset: str) -> dict:
    return {"d": choose(gen, (2, 2, 3)), "T": choose(gen, (1, 2, 3, 4))}


def _dyadic(x: torch.Tensor) -> torch.Tensor:
    return torch.round(x * 4) / 4


def _sampler(family: str, m0_zero: bool):
    def sample(ctx) -> dict:
        B, d, T = ctx.B, ctx.sizes["d"], ctx.sizes["T"]
        Q = torch.stack([symmetric_mix(ctx, d) for _ in range(T)], 1)
        c = ctx.randn(B, T, d)
        x0 = ctx.randn(B, d) * 2
        nice = ctx.rand(B) < 0.5  # dyadic data: exact zeros and ties happen
        c = torch.where(nice[:, None, None], _dyadic(c), c)
        x0 = torch.where(nice[:, None], _dyadic(x0), x0)
        z = lambda p: ctx.rand(B) < p  # noqa: E731
        beta1 = torch.where(z(0.3), torch.zeros(B, dtype=ctx.dtype), ctx.rand(B) * 0.999)
        beta2 = torch.where(z(0.3), torch.zeros(B, dtype=ctx.dtype), ctx.rand(B) * 0.999)
        eps = torch.where(z(0.4), torch.zeros(B, dtype=ctx.dtype),
                          torch.exp(ctx.randn(B) * 3 - 6))
        eta = torch.exp(ctx.randn(B, T) - 2)
        v0 = torch.where(z(0.4), torch.zeros(B, dtype=ctx.dtype), torch.exp(ctx.randn(B)))
        m0 = torch.zeros(B, d, dtype=ctx.dtype) if m0_zero else torch.where(
            z(0.5)[:, None], torch.zeros(B, d, dtype=ctx.dtype), ctx.randn(B, d))
        perm = torch.argsort(ctx.rand(B, d), dim=1)
        P = torch.nn.functional.one_hot(perm, d).to(ctx.dtype)
        if family == "sign":
            P = torch.diag_embed(torch.where(ctx.rand(B, d) < 0.5, -1.0, 1.0).to(ctx.dtype))
        elif family == "rotation":
            signs = torch.where(ctx.rand(B, d) < 0.5, -1.0, 1.0).to(ctx.dtype)
            P = torch.where(z(0.5)[:, None, None], torch.eye(d, dtype=ctx.dtype).expand(B, d, d),
                            P * signs[:, :, None])
        S = torch.zeros(B, d, d, dtype=ctx.dtype)
        if family == "rotation":
            G = ctx.randn(B, d, d)
            G = torch.where(nice[:, None, None], _dyadic(G), G)
            S = torch.triu(G, 1)
            S = S - S.transpose(-1, -2)
        from ...symbolic import SeqValue
        sv = lambda x: SeqValue(x.contiguous(), (1,) * (x.dim() - 1))  # noqa: E731
        return {"Q": sv(Q), "c": sv(c), "x0": sv(x0), "beta1": beta1, "beta2": beta2,
                "eps": eps, "eta": sv(eta), "m0": sv(m0), "v0": v0, "P": sv(P), "S": sv(S)}
    return sample


def _hyps(name: str, family: str, m0_zero: bool):
    def hyps(ops, v):
        allm = lambda c: ops.all(ops.all(c, -1), -1)  # noqa: E731
        Q = v["Q"]
        out = [("Q_t symmetric", ops.all(allm(ops.eq(Q, ops.T(Q))), -1)),
               ("0 <= beta1 < 1", ops.ge(v["beta1"], 0 * v["beta1"]) & ops.gt(1 + 0 * v["beta1"], v["beta1"])),
               ("0 <= beta2 < 1", ops.ge(v["beta2"], 0 * v["beta2"]) & ops.gt(1 + 0 * v["beta2"], v["beta2"])),
               ("eps >= 0", ops.ge(v["eps"], 0 * v["eps"])),
               ("v0 >= 0", ops.ge(v["v0"], 0 * v["v0"])),
               ("eta_t > 0", ops.all(ops.gt(v["eta"], 0 * v["eta"]), -1))]
        if m0_zero:
            out.append(("m0 = 0", ops.all(ops.eq(v["m0"], 0 * v["m0"]), -1)))
        out += family_hyps(ops, v, family)
        if all(bool(ops.all(ok, 0)) if not isinstance(ok, bool) else ok for _, ok in out) or \
                isinstance(Q, torch.Tensor):
            out += denominators(ops, v, name)
        return out
    return hyps


_LATEX_DEF = (r"\tilde x_0 = R^\top x_0,\ \tilde L_t = L_t\circ R,\ \text{same hyperparameters } "
              r"(\beta_1,\beta_2,\epsilon,\eta_t,m_0,v_0):\quad \tilde x_t = R^\top x_t\ \forall t")
_NAMES = {"adasgd": "AdaSGD", "adam": "Adam", "signgd": "SignGD"}
_FAMILY_TEX = {"rotation": r"R \text{ orthogonal}", "permutation": r"R \text{ a permutation}",
               "sign": r"R = \mathrm{diag}(\pm1)"}


def _relation(id: str, name: str, family: str, m0_zero: bool, **kw):
    hyps_tex = [r"L_t(x) = \tfrac12(x-c_t)^\top Q_t(x-c_t),\ Q_t = Q_t^\top",
                _FAMILY_TEX[family] + r"\ (R = P\,(I-S)(I+S)^{-1})",
                r"0\le\beta_1,\beta_2<1,\ \epsilon\ge0,\ \eta_t>0,\ v_0\ge0"]
    if m0_zero:
        hyps_tex.append("m_0 = 0")
    return computed_statement(
        id, kind="theorem", number="2.2", section="2 (proof Appendix A)",
        inputs=INPUTS, size_names=SIZE_NAMES, sizes=_sizes, sampler=_sampler(family, m0_zero),
        hyps=_hyps(name, family, m0_zero), hypotheses_latex=tuple(hyps_tex),
        sides=lambda ops, v: invariance_sides(ops, v, name),
        lhs_latex=r"\max_{t\le T,\,i}|\tilde x_{t,i} - (R^\top x_t)_i|", rhs_latex="0",
        ratio_kind="relative", screen_rtol=1e-9, computed_kind="relation",
        real_backend="arb", certify=_certify(name), **kw)


def _certify(name: str):
    def certify(ops, v):
        lhs, _, _ = invariance_sides(ops, v, name)
        x = lhs.reshape(-1)[0]
        if isinstance(x, Fraction):
            x = mpmath.nstr(mpmath.mpf(x.numerator) / x.denominator, 30)
        return {"kind": "runs differ", "algorithm": name,
                "max_abs_difference": str(x)[:80], "backend": ops.name}
    return certify


THEOREM_2_2 = register(_relation(
    "adam_linf/theorem-2.2", "adasgd", "rotation", False,
    title="Theorem 2.2: AdaSGD is rotation-invariant (m₀, v₀ hyperparameters, as printed)",
    latex=r"\text{AdaSGD is rotation-invariant: } " + _LATEX_DEF + r"\ \forall R \text{ orthogonal}",
    expected="violated",
    source="Theorem 2.2 with Definition 2.1 (Section 2) and Algorithm 2's hyperparameters",
    notes="Violated as printed: m₀ is a hyperparameter shared by both runs, and with m₀ ≠ 0, "
          "β₁ > 0 the first step differs (the proof's induction needs m̃₀ = Rᵀm₀).",
))

THEOREM_2_2_CORRECTED = register(_relation(
    "adam_linf/theorem-2.2", "adasgd", "rotation", True,
    title="Theorem 2.2 corrected: AdaSGD with m₀ = 0 is rotation-invariant",
    latex=r"m_0 = 0:\ " + _LATEX_DEF + r"\ \forall R \text{ orthogonal}",
    variant="corrected",
    reason="the proof's induction starts from m̃₀ = Rᵀm₀, true for m₀ = 0 (the usual "
           "initialization); with m₀ a shared hyperparameter ≠ 0 the runs differ",
    source="Theorem 2.2 and its proof (Appendix A), with m₀ = 0",
))

THEOREM_2_2_ADAM_PERMUTATION = register(_relation(
    "adam_linf/theorem-2.2-adam-permutation", "adam", "permutation", False,
    title="Theorem 2.2: Adam is permutation-invariant (m₀ a hyperparameter, as printed)",
    latex=r"\text{Adam is permutation-invariant: } " + _LATEX_DEF + r"\ \forall R \text{ permutation}",
    expected="violated",
    source="Theorem 2.2 ('Adam and SignGD are only permutation-invariant') and Algorithm 1",
    notes="Violated as printed by m₀ ≠ 0 not fixed by the permutation (β₁ > 0).",
))

THEOREM_2_2_ADAM_PERMUTATION_CORRECTED = register(_relation(
    "adam_linf/theorem-2.2-adam-permutation", "adam", "permutation", True,
    title="Theorem 2.2 corrected: Adam with m₀ = 0 is permutation-invariant",
    latex=r"m_0 = 0:\ " + _LATEX_DEF + r"\ \forall R \text{ permutation}",
    variant="corrected",
    reason="m₀ is a hyperparameter shared by both runs; the coordinate-wise argument needs it "
           "fixed by the permutation (m₀ = 0)",
    source="Theorem 2.2 and its proof (Appendix A), with m₀ = 0",
))

THEOREM_2_2_SIGNGD_PERMUTATION = register(_relation(
    "adam_linf/theorem-2.2-signgd-permutation", "signgd", "permutation", False,
    title="Theorem 2.2: SignGD is permutation-invariant",
    latex=r"\text{SignGD is permutation-invariant: } " + _LATEX_DEF,
    source="Theorem 2.2 and its proof (Appendix A)",
    notes="Exact in rationals (SignGD on quadratics with a permutation is rational).",
))

THEOREM_2_2_ADAM_ROTATION = register(_relation(
    "adam_linf/theorem-2.2-adam-rotation", "adam", "rotation", True,
    title="Theorem 2.2 ('only'): Adam is NOT rotation-invariant -- encoded as its negation",
    latex=(r"\text{Theorem 2.2 says Adam is not rotation-invariant; encoded: } m_0 = 0:\ "
           + _LATEX_DEF + r"\ \forall R \text{ orthogonal (expected violated)}"),
    expected="violated",
    source="Theorem 2.2 ('only permutation-invariant'); the proof's counterexample "
           "R = [1,1;1,-1]/√2, L = 2x₁² + x₂² is irrational: the attack finds rational ones",
    notes="A verified violation confirms the theorem's claim that Adam is not rotation-invariant.",
))

THEOREM_2_2_SIGNGD_ROTATION = register(_relation(
    "adam_linf/theorem-2.2-signgd-rotation", "signgd", "rotation", False,
    title="Theorem 2.2 ('only'): SignGD is NOT rotation-invariant -- encoded as its negation",
    latex=(r"\text{Theorem 2.2 says SignGD is not rotation-invariant; encoded: } "
           + _LATEX_DEF + r"\ \forall R \text{ orthogonal (expected violated)}"),
    expected="violated",
    source="Theorem 2.2 ('only permutation-invariant') and its proof (Appendix A)",
    notes="A verified violation (exact, rational) confirms the theorem.",
))

THEOREM_2_2_ADAM_SIGN_FLIP = register(_relation(
    "adam_linf/theorem-2.2-adam-sign-flip", "adam", "sign", True,
    title="Adam (m₀ = 0) is invariant under sign flips, which are not permutations",
    latex=r"m_0 = 0:\ " + _LATEX_DEF + r"\ \forall R = \mathrm{diag}(\pm1)",
    source="Theorem 2.2 ('Adam ... only permutation-invariant') against R = diag(±1)",
    notes="Holds (m is odd and v even in g coordinate-wise), so 'only permutation-invariant' is "
          "too strong as worded: Adam is invariant under signed permutations.",
))
