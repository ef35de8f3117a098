"""Statements in expectation over a finite law get all three phases from the derivation: the
Hypothesis strategy draws (and shrinks) the law's probabilities, the guided phase moves them
by gradient through the enumerated noise paths (adaproof.derive.laws_phases)."""
from fractions import Fraction

import pytest
import sympy as sp
import torch

from adaproof import registry
from adaproof.checker import check
from adaproof.declare import declared, sequence, size, statement
from adaproof.derive import default_phases
from adaproof.derive.engine import centre
from adaproof.derive.laws_phases import law_sides, simplex_map, simplex_unmap
from adaproof.expectation import NoiseSpec
from adaproof.search.hypothesis_phase import hypothesis_search
from adaproof.symbolic import SeqValue
from adaproof.verification import evaluate_batch

#: the maximum of q(1 − q)² over q ∈ [0, 1], at q = 1/3
PEAK = sp.Rational(4, 27)


def _bernoulli(rhs, name):
    """E[ξ₁(1 − ξ₂)(1 − ξ₃)] = q(1 − q)² for three i.i.d. draws of a law on {0, 1} with
    P(ξ = 1) = q: at most 4/27, with equality only at q = 1/3."""
    K = size("K", ">= 2")
    u = sequence("u", over=(1, K), domain="{0, 1}", description="atoms of the law")
    sequence("p", over=(1, K), domain="simplex", description="probabilities of the atoms")
    xi = sequence("xi", over=(1, 3), domain="law (u, p)", description="three i.i.d. draws")
    del u
    return statement(f"lawtest/{name}", lhs=xi[1] * (1 - xi[2]) * (1 - xi[3]), rhs=rhs,
                     noise=NoiseSpec("xi", "u", "p", (1,), ("3",)), register=False,
                     quantities=[declared()[n] for n in ("K", "u", "p", "xi")],
                     expected="holds" if rhs >= PEAK else "violated")


def test_a_law_statement_runs_all_three_phases():
    stmt = registry.get("adagrad_aniso/lemma-C.2")
    assert stmt.noise is not None
    r = check(stmt, examples=300, sampler="derived", fresh=True, save=False)
    assert r.status == "holds", r.error
    assert set(r.phases) == {"random", "hypothesis", "guided"}
    assert all(r.phases[p]["examples"] > 0 for p in r.phases), r.phases
    # the printed claim is tight (σ² = s²Var): the derived phases get near ratio 1
    assert r.best_ratio > 0.999


def test_default_phases_of_a_law_statement_are_all_three():
    stmt = _bernoulli(PEAK, "bernoulli-cubic")
    assert default_phases(stmt) == ("random", "hypothesis", "guided")


def test_guided_phase_finds_a_violation_that_needs_a_tight_probability():
    """The wrong constant 4/27·(1 − 10⁻⁸) is exceeded only for |q − 1/3| < 4·10⁻⁵ (q(1 − q)²
    ≈ 4/27 − (q − 1/3)²): the guided phase moves q there through the softmax map."""
    stmt = _bernoulli(PEAK * (1 - sp.Rational(1, 10 ** 8)), "bernoulli-cubic-wrong")
    r = check(stmt, examples=3000, fresh=True, save=False, phases=("guided",))
    assert r.status == "violated", (r.status, r.best_ratio, r.error)
    ce = r.counterexample["inputs"]
    u, p = ce["u"]["values"], ce["p"]["values"]
    q = sum(Fraction(pk) for uk, pk in zip(u, p) if uk == 1)
    assert sum(Fraction(pk) for pk in p) == 1  # on the simplex exactly
    assert abs(q - Fraction(1, 3)) < Fraction(4, 10 ** 5)
    assert r.counterexample["verification"].startswith("mpmath")


def test_the_true_constant_holds_in_the_guided_phase():
    r = check(_bernoulli(PEAK, "bernoulli-cubic"), examples=3000, fresh=True, save=False,
              phases=("guided",))
    assert r.status == "holds", r.error
    assert r.best_ratio > 1 - 1e-6  # the guided phase climbs to q ≈ 1/3


def test_hypothesis_phase_shrinks_the_law():
    """E[ξ₁ξ₂] = (E ξ)² ≤ 0 is false for every law with a nonzero mean: the shrunk failing
    example has the fewest atoms and a vertex of the simplex (all cut points at 0)."""
    K = size("K", ">= 2")
    sequence("u", over=(1, K), domain="R", description="atoms")
    sequence("p", over=(1, K), domain="simplex", description="probabilities")
    xi = sequence("xi", over=(1, 2), domain="law (u, p)", description="two i.i.d. draws")
    stmt = statement("lawtest/mean-square-nonpositive", lhs=xi[1] * xi[2], rhs=0,
                     noise=NoiseSpec("xi", "u", "p", (1,), ("2",)), register=False,
                     quantities=[declared()[n] for n in ("K", "u", "p", "xi")],
                     expected="violated")
    out = hypothesis_search(stmt, None, seed=0, max_examples=400)
    assert out.flagged, "no failing example"
    minimal = out.flagged[0]
    assert minimal.sizes["K"] == 2
    p = minimal.inputs["p"]["values"]
    assert sorted(p) == [0.0, 1.0]  # shrunk to a vertex
    assert len(out.flagged) > 1  # shrinking evaluated other failing examples on the way


def test_simplex_map_is_exact_and_differentiable():
    g = torch.Generator().manual_seed(0)
    for strict in (False, True):
        z = (torch.randn(64, 5, generator=g, dtype=torch.float64) * 8).requires_grad_(True)
        p = simplex_map(z, strict)
        for row in p.detach().tolist():
            assert sum(Fraction(x) for x in row) == 1
            assert all((Fraction(x) * 2 ** 20).denominator == 1 for x in row)
            assert min(row) >= (2.0 ** -20 if strict else 0.0)
        w = torch.randn(64, 5, generator=g, dtype=torch.float64)
        (gz,) = torch.autograd.grad((p * w).sum(), z)
        (gs,) = torch.autograd.grad((torch.softmax(z, -1) * w).sum(), z)
        assert torch.equal(gz, gs)  # the softmax's gradient, straight through the rounding
        # the inverse map recovers every grid vector exactly
        back = simplex_map(simplex_unmap(p.detach(), strict), strict)
        assert torch.equal(back, p.detach())


def test_centre_is_exact_and_passes_the_atoms_gradient():
    g = torch.Generator().manual_seed(1)
    u = torch.randn(16, 4, generator=g, dtype=torch.float64).requires_grad_(True)
    p = simplex_map(torch.randn(16, 4, generator=g, dtype=torch.float64), False)
    c = centre(u, p)
    for ur, pr in zip(c.detach().tolist(), p.tolist()):
        assert sum(Fraction(a) * Fraction(b) for a, b in zip(ur, pr)) == 0
    assert torch.equal(c.detach(), centre(u.detach(), p))
    (grad,) = torch.autograd.grad(c.sum(), u)
    assert bool((grad != 0).any())


def test_law_sides_match_the_screen_and_differentiate_where_a_probability_is_zero():
    stmt = _bernoulli(PEAK, "bernoulli-cubic")
    p = torch.tensor([[0.0, 1.0], [0.25, 0.75], [0.5, 0.5]], dtype=torch.float64,
                     requires_grad=True)
    u = torch.tensor([[0.0, 1.0]] * 3, dtype=torch.float64)
    inputs = {"u": SeqValue(u, (1,)), "p": SeqValue(p, (1,))}
    lhs, rhs = law_sides(stmt, inputs, {"K": 2})
    ev = evaluate_batch(stmt, {"u": SeqValue(u, (1,)), "p": SeqValue(p.detach(), (1,))},
                        {"K": 2})
    assert torch.allclose(lhs[:, 0], ev.lhs, rtol=1e-15, atol=0)
    q = p.detach()[:, 1]
    assert torch.allclose(lhs[:, 0].detach(), q * (1 - q) ** 2, rtol=1e-15, atol=0)
    (grad,) = torch.autograd.grad(lhs.sum(), p)
    assert bool(torch.isfinite(grad).all())
    # d/dq q(1-q)^2 = (1-q)(1-3q); in the (p1, p2) parametrisation the p2-derivative reads it
    assert torch.allclose(grad[:, 1] - grad[:, 0], (1 - q) * (1 - 3 * q), atol=1e-12)


# -- domains that read other quantities: L1max >= max L1, W = [lo, lo + D] -------------------
@pytest.mark.parametrize("key", ["adagrad_aniso/lemma-F.2", "adagrad_aniso/theorem-4.1",
                                 "adagrad_aniso/theorem-4.1@corrected",
                                 "adagrad_aniso/theorem-E.1@corrected"])
def test_the_adagrad_aniso_statements_with_set_domains_are_derivable(key):
    from adaproof.derive import derivation, without_hand_samplers
    from adaproof.statement import SampleContext
    stmt = without_hand_samplers(registry.get(key))
    d = derivation(stmt)
    sizes = {"T": 2, "d": 2} if "theorem" in key else dict(d.sizes(
        torch.Generator().manual_seed(0), "default"))
    ctx = SampleContext(B=64, sizes=sizes, generator=torch.Generator().manual_seed(0))
    inputs = d.sampler(ctx)
    if "theorem" in key:  # w₀ (and c in the restricted family) inside the box W, exactly
        lo, D = inputs["lo"].data.tolist(), inputs["D"].tolist()
        inside = ((["w0"] if key.endswith("@corrected") else [])  # printed: w₀ ∈ ℝ^d (Alg. 1)
                  + (["c"] if key.endswith("4.1@corrected") else []))  # E.1: c anywhere
        for name in inside:
            for row, lrow, Dv in zip(inputs[name].data.tolist(), lo, D):
                for x, a in zip(row, lrow):
                    assert Fraction(a) <= Fraction(x) <= Fraction(a) + Fraction(Dv), (name, x)
    else:
        l1, mx = inputs["L1"].data, inputs["L1max"]
        assert bool((mx >= l1.amax(1)).all())


def test_the_printed_theorem_4_1_lets_the_minimiser_leave_W_and_the_corrected_keeps_it():
    printed, corr = (registry.get(k) for k in ("adagrad_aniso/theorem-4.1",
                                                "adagrad_aniso/theorem-4.1@corrected"))
    dom = {q.name: q.domain for q in printed.quantities}
    assert dom["c"] == "R" and dom["w0"] == "R"
    assert {q.name: q.domain for q in corr.quantities}["c"].startswith("W = [lo, lo + D]")
    assert {q.name: q.domain for q in corr.quantities}["w0"].startswith("W = [lo, lo + D]")
    assert printed.expected == "violated" and corr.expected == "holds" and corr.reason


def test_a_box_over_a_sequence_of_another_rank_is_a_clear_error():
    from adaproof.derive import DerivationError, parse_domain
    with pytest.raises(DerivationError, match="rank"):
        parse_domain("x", "[lo, lo + D]", {"D": sp.Symbol("D")},
                     {"x": ((1,), ("d",)), "lo": ((1, 1), ("d", "d"))})
    box = parse_domain("x", "W = [lo, lo + D)", {"D": sp.Symbol("D")},
                       {"x": ((1,), ("d",)), "lo": ((1,), ("d",))})
    assert [type(h.relation).__name__ for h in box.relations] == ["GreaterThan",
                                                                  "StrictLessThan"]
    assert all(len(h.forall) == 1 for h in box.relations)
