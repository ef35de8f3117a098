"""Statements in expectation: exact enumeration (verified in mpmath) when the finite noise law
has few paths, Monte Carlo with a significance level (confirmed on an independent sample)
otherwise; a tight statement is never reported violated by Monte-Carlo noise."""
import dataclasses

import pytest
import sympy as sp
import torch

from adaproof.checker import check
from adaproof.expectation import NoiseSpec, expand_paths
from adaproof.statement import Hypothesis, Quantity, SampleContext, Statement
from adaproof.symbolic import SeqValue
from adaproof.verification import evaluate_batch, verify_candidate
from adaproof.derive import sampler_for

t = sp.Symbol("t", integer=True)
T = sp.Symbol("T", integer=True, positive=True)
xi, u, p = sp.IndexedBase("xi"), sp.IndexedBase("u"), sp.IndexedBase("p")


def _law_sampler(centred: bool):
    def sampler(ctx: SampleContext) -> dict:
        k = 3
        vals = ctx.randn(ctx.B, k) + (0.0 if centred else 2.0)
        probs = torch.tensor([0.25, 0.5, 0.25], dtype=ctx.dtype).expand(ctx.B, k).clone()
        if centred:  # subtract the mean: E xi = 0 up to one rounding
            vals = vals - (vals * probs).sum(1, keepdim=True)
        return {"u": SeqValue(vals, (1,)), "p": SeqValue(probs, (1,))}
    return sampler


def _stmt(T_value: int, centred: bool, *, lhs=None, rhs=None, name="toy") -> Statement:
    """E[sum_t xi_t xi_{t+1}] <= 1/2 E[sum_t xi_t^2], xi_t i.i.d. from (u, p).
    True iff (T-1) mu^2 <= (T/2)(sigma^2 + mu^2): holds for a centred law, fails for mu^2 >> sigma^2."""
    return Statement(
        id=f"test/{name}", paper="adam_linf", kind="eq", number="0", title="toy", section="-",
        family="other", latex="-",
        quantities=(Quantity("T", "size", ">= 2", "draws"),
                    Quantity("u", "sequence", "R", "support", (1,), ("3",)),
                    Quantity("p", "sequence", "simplex", "probabilities", (1,), ("3",)),
                    Quantity("xi", "sequence", "law (u, p)", "noise", (1,), ("T",))),
        hypotheses=(Hypothesis(sp.GreaterThan(p[1], 0)),),
        lhs=lhs if lhs is not None else sp.Sum(xi[t] * xi[t + 1], (t, 1, T - 1)),
        rhs=rhs if rhs is not None else sp.Rational(1, 2) * sp.Sum(xi[t] ** 2, (t, 1, T)),
        sampler=_law_sampler(centred), sizes=lambda g, preset: {"T": T_value},
        noise=NoiseSpec("xi", "u", "p", (1,), ("T",)))


def test_enumeration_weights_and_paths():
    stmt = _stmt(3, True)
    inputs = sampler_for(stmt)(SampleContext(2, {"T": 3}, torch.Generator().manual_seed(0)))
    out, w, P, method = expand_paths(stmt.noise, inputs, {"T": 3})
    assert method == "exact-enumeration" and P == 27
    assert torch.allclose(w.sum(1), torch.ones(2, dtype=torch.float64), atol=1e-15)
    # E[xi_1^2] over the enumeration equals the law's second moment
    x = out["xi"].data.reshape(2, 27, 3)
    m2 = (w * x[:, :, 0] ** 2).sum(1)
    ref = (inputs["p"].data * inputs["u"].data ** 2).sum(1)
    assert torch.allclose(m2, ref, rtol=1e-13)


def test_exact_enumeration_holds_and_fails_as_the_algebra_says():
    ok = check(_stmt(4, True), examples=2000, seed=0)
    assert ok.status == "holds" and ok.expectation == "exact-enumeration"
    bad = check(_stmt(4, False, name="biased"), examples=3000, seed=0)
    assert bad.status == "violated"
    ce = bad.counterexample
    assert ce["verification"] == "mpmath-enumeration" and ce["digits"] == 60
    # the exact expectations match the closed form (T-1) mu^2 and (T/2)(E xi^2)
    u_, p_ = ce["inputs"]["u"]["values"], ce["inputs"]["p"]["values"]
    mu = sum(a * b for a, b in zip(u_, p_))
    m2 = sum(a * a * b for a, b in zip(u_, p_))
    assert float(ce["lhs"]) == pytest.approx(3 * mu ** 2, rel=1e-12)
    assert float(ce["rhs"]) == pytest.approx(2 * m2, rel=1e-12)


def test_monte_carlo_beyond_the_path_limit_reports_a_significant_violation():
    stmt = _stmt(40, False, name="biased-mc")  # 3^40 paths: Monte Carlo
    r = check(stmt, examples=3000, seed=0)
    assert r.expectation == "monte-carlo"
    assert r.status == "violated"
    assert r.counterexample["verification"] == "monte-carlo-confirmation"


def test_monte_carlo_noise_is_not_a_finding_on_a_tight_statement():
    """E[sum xi_t] <= 0 holds with equality for a centred law: MC estimates straddle 0."""
    stmt = _stmt(30, True, lhs=sp.Sum(xi[t], (t, 1, T)), rhs=sp.Integer(0), name="tight-mc")
    r = check(stmt, examples=3000, seed=0)
    assert r.expectation == "monte-carlo"
    assert r.status == "holds", r.counterexample


def test_exact_enumeration_is_verified_in_mpmath_over_all_paths():
    stmt = _stmt(3, True, lhs=sp.Sum(xi[t], (t, 1, T)), rhs=sp.Integer(0), name="tight-exact")
    inputs = sampler_for(stmt)(SampleContext(8, {"T": 3}, torch.Generator().manual_seed(3)))
    ev = evaluate_batch(stmt, inputs, {"T": 3})
    from adaproof.verification import candidate_inputs
    for i in range(8):
        v = verify_candidate(stmt, candidate_inputs(stmt, inputs, i), {"T": 3})
        # E[sum xi] is a rounding-level number: the exact answer decides, never the float sign
        assert v.method == "mpmath-enumeration"
        assert abs(float(v.lhs)) < 1e-14


def test_monte_carlo_rounding_is_never_a_finding():
    """E[sum ((xi + c)^2 - c^2 - 2 c xi)] = E[sum xi^2] exactly, but in float64 the left side
    loses ~ulp(c^2) on every path, by the same signed amount for each atom of the law: a float
    Monte-Carlo test sees a tiny, very significant mean difference.  The confirming sample is
    evaluated exactly, so the check must say holds."""
    c = sp.Symbol("c", real=True)
    base = _stmt(4, True, lhs=sp.Sum((xi[t] + c) ** 2 - c ** 2 - 2 * c * xi[t], (t, 1, T)),
                 rhs=sp.Sum(xi[t] ** 2, (t, 1, T)), name="rounding-mc")
    law = _law_sampler(False)

    def sampler(ctx):
        out = law(ctx)
        out["c"] = torch.full((ctx.B,), 1e5, dtype=ctx.dtype)
        return out
    stmt = dataclasses.replace(  # 3^4 = 81 paths > max_paths: Monte Carlo
        base, quantities=base.quantities + (Quantity("c", "scalar", "R", "offset"),),
        sampler=sampler, noise=dataclasses.replace(base.noise, max_paths=16))
    inputs = sampler(SampleContext(64, {"T": 4}, torch.Generator().manual_seed(0)))
    ev = evaluate_batch(stmt, inputs, {"T": 4})
    assert ev.expectation == "monte-carlo"
    assert bool((ev.margin < 0).any()), "the float screen should flag rounding here"
    r = check(stmt, examples=64, seed=0, save=False, batch=64)
    assert r.expectation == "monte-carlo"
    assert r.status == "holds", r.counterexample
    assert r.float_exact_disagreements > 0  # flagged in float, cleared exactly
