"""Scalars jointly on their hypotheses' bounds (adaproof.derive.joint_bounds, helper d10a)."""
import sympy as sp
import pytest
import torch

from adaproof.checker import check
from adaproof.declare import scalar, statement
from adaproof.derive import derivation, joint_bounds
from adaproof.statement import SampleContext

K = 6


@pytest.fixture
def joint_off():
    joint_bounds.ENABLED = False
    yield
    joint_bounds.ENABLED = True


def _tight_product(key="d10a/joint-tight"):
    """x_i in (0, 1], A_i >= x_i: Π x_i <= (1 − 2⁻³⁰)·Π A_i is false only where every A_i is
    within about 2⁻³⁰ (relative) of its bound x_i at once."""
    xs = [scalar(f"x{i}", "(0, 1]") for i in range(K)]
    As = [scalar(f"A{i}", f">= x{i}") for i in range(K)]
    return statement(key, title="product of tight bounds", lhs=sp.Mul(*xs),
                     rhs=sp.Mul(*As) * (1 - sp.Rational(1, 2 ** 30)), register=False,
                     expected="violated")


def test_sides_only_for_bounds_that_read_other_unknowns():
    x = scalar("x", "(0, 1]")
    scalar("A", ">= x")
    scalar("b", "[0, sqrt(x))")
    scalar("c", "> 0")
    A, b, c = sp.symbols("A b c", real=True)
    st = statement("d10a/joint-sides", lhs=x + A + b + c, rhs=x + A + b + c + 1, register=False)
    plan = derivation(st).plan
    side = {u.name: joint_bounds.joint_side(u) for u in plan.scalars + plan.late}
    assert side == {"x": 0, "A": 1, "b": 2, "c": 0}


def test_joint_rows_do_not_advance_the_generator():
    gen = torch.Generator().manual_seed(3)
    before = gen.get_state().clone()
    rows = joint_bounds.joint_rows(gen, 4000, torch.float64, "cpu")
    assert torch.equal(gen.get_state(), before)
    assert 0.2 < float(rows.double().mean()) < 0.3
    # a different state gives different rows; the same state the same ones
    torch.rand(1, generator=gen)
    assert not torch.equal(rows, joint_bounds.joint_rows(gen, 4000, torch.float64, "cpu"))
    gen2 = torch.Generator().manual_seed(3)
    assert torch.equal(rows, joint_bounds.joint_rows(gen2, 4000, torch.float64, "cpu"))


def _draw(st, seed, B=512):
    ctx = SampleContext(B=B, sizes={}, generator=torch.Generator().manual_seed(seed))
    return derivation(st).sampler(ctx)


def test_joint_rows_sit_on_every_bound_and_the_others_are_unchanged():
    st = _tight_product()
    on = _draw(st, 5)
    joint_bounds.ENABLED = False
    try:
        off = _draw(st, 5)
    finally:
        joint_bounds.ENABLED = True
    rel = torch.stack([(on[f"A{i}"] - on[f"x{i}"]) / on[f"x{i}"] for i in range(K)], 1)
    # every input inside the hypotheses exactly (A_i >= x_i compared in float64 is exact)
    assert bool((rel >= 0).all())
    joint = (rel <= 2.0 ** -30).all(1)
    same = torch.stack([on[k] == off[k] for k in on], 1).all(1)
    assert int(joint.sum()) > 0.15 * 512
    # rows that are not joint are the draws of the feed without the mechanism
    assert bool((joint | same).all())
    assert int(((rel <= 2.0 ** -30).all(1) & same).sum()) < 0.05 * 512


def _found(st, seeds, examples=100):
    return [check(st, examples=examples, seed=s, fresh=True, save=False, phases=("random",),
                  sampler="derived").status == "violated" for s in seeds]


def test_a_lemma_tight_only_with_six_bounds_at_once_is_found(joint_off):
    st = _tight_product()
    off = _found(st, range(6))
    joint_bounds.ENABLED = True
    on = _found(st, range(6))
    assert all(on), on
    assert sum(off) <= 2 and not off[0], off
