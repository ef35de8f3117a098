"""The derived sampler reaches the boundary of hypotheses SymPy cannot solve
(adaproof.derive.boundary)."""
import pytest
import sympy as sp
import torch

from adaproof import registry
from adaproof.checker import check
from adaproof.declare import scalar, statement
from adaproof.derive import derivation
from adaproof.derive import boundary
from adaproof.statement import SampleContext


def _edge_claim():
    """1/(1 + a) <= 1000·√(ln y + y − 3) for y with ln y + y − 3 > 0 (not affine in y: enforced
    by rejection).  False only within ~1e-6 of the boundary y* ≈ 2.2079 (the right side → 0),
    which independent draws of y essentially never hit."""
    a = scalar("a", "> 0", "a")
    y = scalar("y", "> 0", "y")
    Z = sp.log(y) + y - 3
    return statement("mine/edge-of-real", register=False, hypotheses=[Z > 0],
                     lhs=1 / (1 + a), rhs=1000 * sp.sqrt(Z))


def test_unsolved_hypothesis_boundary_is_reached_exactly_inside():
    stmt = _edge_claim()
    d = derivation(stmt)
    assert {u.name for u in boundary.leaf_scalars(d.plan)} == {"a", "y"}
    assert len(boundary._targets(d.chain)) == 1  # ln y + y − 3 > 0, by rejection
    g = torch.Generator().manual_seed(0)
    inputs, ok = d.draw(SampleContext(B=256, sizes={}, generator=g, dtype=torch.float64,
                                      device="cpu"))
    y = inputs["y"][ok]
    Z = torch.log(y) + y - 3
    assert bool((Z > 0).all())  # every accepted draw is inside the hypothesis
    assert float(Z.min()) < 1e-6  # ... and some sit on its boundary (2⁻²⁴·M(Z) inside)


def test_unsolved_hypothesis_boundary_finds_the_violation():
    r = check(_edge_claim(), examples=512, seed=0, fresh=True, save=False, phases=("random",))
    assert r.status == "violated"
    y = r.best_input["y"]
    assert abs(y - 2.2079) < 1e-3


def test_without_boundaries_the_edge_is_missed(monkeypatch):
    """The same check with the boundary step switched off holds: it is that step which finds
    the violation above."""
    monkeypatch.setattr(boundary, "place_on_boundaries", lambda *a, **k: None)
    r = check(_edge_claim(), examples=512, seed=0, fresh=True, save=False, phases=("random",))
    assert r.status == "holds"


@pytest.mark.slow
def test_adam_complexity_theorem_1_found_by_the_derived_path():
    """The printed Theorem 1 (ν₀ > 1: the bound's ln(1/ν₀) term makes it real and tiny at the
    edge of C₂ + K > 0): found by the derived path through the boundary step."""
    r = check(registry.get("adam_complexity/theorem-1"), examples=600, seed=0, fresh=True,
              save=False, sampler="derived")
    assert r.status == "violated"
