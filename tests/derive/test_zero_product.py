"""Zero-product hypotheses ``Eq(a·b, 0)``: both branches drawn (adaproof.derive.zero_product).

Before, the plan solved ``s·(…) = 0`` for ``s`` (``s = 0`` on every candidate), so a statement
violated only on the other branch (every square's base 0) held on the derived path:
``adam_linf/theorem-3.2-family-logistic`` (``sym = 1`` only on symmetric data) was missed."""
import pathlib
import sys

import sympy as sp
import torch

from adaproof.checker import check
from adaproof.declare import scalar, sequence, statement
from adaproof.derive import derivation, without_hand_samplers
from adaproof.derive.zero_product import defer
from adaproof.registry import get
from adaproof.statement import SampleContext

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from _exact import exact_failures  # noqa: E402


def _tiny(key="mine/zero-product", register=True):
    """``s ∈ {0, 1}``, ``s·((a₃ + a₁)² + (a₂ − a₁)²) = 0``: ``s = 1`` only when a₃ = −a₁ and
    a₂ = a₁; then ``2s·a₁² ≤ a₃² + a₂²/2`` is false unless a₁ = 0 (2a₁² > 1.5a₁²); with
    ``s = 0``, or all three 0, it holds."""
    s = scalar("s", "{0, 1}", "the switch")
    a = sequence("a", over=(1, 3), domain="R", description="three reals")
    return statement(key, title="zero-product switch", expected="violated", register=register,
                     hypotheses=[sp.Eq(s * ((a[3] + a[1]) ** 2 + (a[2] - a[1]) ** 2), 0)],
                     lhs=2 * s * a[1] ** 2, rhs=a[3] ** 2 + a[2] ** 2 / 2)


def test_both_branches_drawn_and_the_eq_holds_exactly():
    stmt = _tiny()
    d = derivation(stmt)
    assert [g.src for g in d.plan.zero_products] == [str(stmt.hypotheses[0].relation)]
    gen = torch.Generator().manual_seed(0)
    B = 256
    inputs = d.sampler(SampleContext(B=B, sizes={}, generator=gen))
    s, a = inputs["s"], inputs["a"].data
    nontrivial = (a[:, 2] == -a[:, 0]) & (a[:, 1] == a[:, 0])
    assert int((s == 1).sum()) >= B // 8  # the non-trivial branch with s = 1 is drawn
    assert bool(nontrivial[s == 1].all())  # ... and only there
    assert int(((s == 0) & ~nontrivial).sum()) >= B // 8  # the trivial branch, data free
    assert exact_failures(stmt, inputs, {}, range(B)) == []  # the Eq exactly, every row


def test_violation_on_the_nontrivial_branch_found_within_a_small_budget():
    stmt = _tiny("mine/zero-product-check")
    r = check(stmt, examples=100, fresh=True, save=False, sampler="derived",
              phases=("random",))
    assert r.status == "violated"
    assert abs(r.best_ratio - 4 / 3) < 1e-9  # 2a₁²/(1.5a₁²): only the branch reaches it


def test_a_product_without_an_exact_branch_solution_keeps_the_usual_plan():
    s, b = sp.Symbol("s", real=True), sp.IndexedBase("b")
    syms, seqs, scal = {"s": s, "b": b}, {"b": object()}, {"s": object()}
    groups = []
    # b₂ = b₁²/3 is not exact in float64: not a branch (the plan solves it as before)
    assert not defer(groups, sp.Eq(s * (3 * b[2] - b[1] ** 2), 0), (), "x", syms, seqs, scal)
    assert not defer(groups, sp.Eq(s * b[2], 1), (), "x", syms, seqs, scal)  # not a product = 0
    assert defer(groups, sp.Eq(s * (b[2] - b[1]), 0), (), "x", syms, seqs, scal)
    assert [len(eqs) for eqs in groups[0].equations] == [1, 1]


def test_theorem_3_2_family_logistic_draws_symmetric_pairs_with_sym_1():
    stmt = without_hand_samplers(get("adam_linf/theorem-3.2-family-logistic"))
    d = derivation(stmt)
    gen = torch.Generator().manual_seed(1)
    B, sizes = 64, {"T": 2, "n": 2, "m": 1}
    inputs = d.sampler(SampleContext(B=B, sizes=sizes, generator=gen))
    X, y, sym = inputs["X"].data, inputs["y"].data, inputs["sym"]
    pairs = (X[:, 2] == -X[:, 0]).all(1) & (X[:, 3] == -X[:, 1]).all(1) & \
        (y[:, 2] == y[:, 0]) & (y[:, 3] == y[:, 1])
    assert int((sym == 1).sum()) >= B // 8
    assert bool(pairs[sym == 1].all())
    assert exact_failures(stmt, inputs, sizes, range(0, B, 4)) == []


def test_an_eq_solved_for_a_finite_set_scalar_is_honoured():
    """``s·(a₂² + 1) = 0`` has no exact branch for a₂, so the plan solves it for ``s`` (= 0);
    ``s`` has a finite domain, and its draw ignored that assignment (s = 1 half the time, the
    hypothesis broken: 26 of the 28 ``*-family-logistic`` statements' derived draws failed the
    exact re-check on main 06a99b3)."""
    s = scalar("s", "{0, 1}", "the switch")
    a = sequence("a", over=(1, 2), domain="R", description="two reals")
    stmt = statement("mine/zero-product-eq-choice", title="finite set with an Eq", register=False,
                     hypotheses=[sp.Eq(s * (a[2] ** 2 + 1), 0)], lhs=s, rhs=a[1] ** 2 + 1)
    d = derivation(stmt)
    assert d.plan.zero_products == []
    inputs = d.sampler(SampleContext(B=64, sizes={}, generator=torch.Generator().manual_seed(0)))
    assert bool((inputs["s"] == 0).all())
    assert exact_failures(stmt, inputs, {}, range(64)) == []
