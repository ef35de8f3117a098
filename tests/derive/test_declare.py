"""adaproof.declare: trajectory quantities and an algorithm named like the paper; the quantity
order local to each statement (independent of import order, so draws are deterministic)."""
import pytest
import sympy as sp
import torch

from adaproof import declare
from adaproof._validation import AdaproofInputError
from adaproof.algorithms.adam_linf import AdamLinf
from adaproof.checker import check
from adaproof.declare import algorithm, index, scalar, sequence, size, statement, trajectory
from adaproof.derive import derivation
from adaproof.statement import Recurrence, SampleContext


def _rmsprop(wrong=False):
    """Section 3.2 of adam_linf (g²/(v + ε) <= 1/(1 − β₂), v from RMSProp) through declare."""
    beta2 = scalar("beta2", "[0, 1)", "β₂")
    eps = scalar("eps", ">= 0", "ε")
    v0 = scalar("v0", ">= 0", "v_0")
    T, d = size("T"), size("d")
    t, i = index("t"), index("i")
    g = sequence("g", over=((1, T), (1, d)), description="g_{t,i}")
    x0 = sequence("x0", over=(1, d), description="x_0 (does not enter)")
    v = trajectory("v", over=((0, T), (1, d)), domain=">= 0", description="v_{t,i}")
    rms = algorithm(lambda env: (AdamLinf(lr=1.0, beta1=0.0, beta2=env["beta2"], eps=env["eps"],
                                          v0=env["v0"]),
                                 {"x0": env["x0"].data, "grads": env["g"].data}), x0, v0, beta2, eps)
    return statement(
        "mine/rmsprop-step", register=False, algorithm=rms,
        hypotheses=[declare.forall(t, 1, T, declare.forall(i, 1, d, v[t, i] + eps > 0))],
        lhs=g[t, i] ** 2 / (v[t, i] + eps), rhs=1 if wrong else 1 / (1 - beta2),
        forall=((t, 1, T), (i, 1, d)),
        recurrences=(Recurrence("v", t, 1, v0, beta2 * v[t - 1, i] + (1 - beta2) * g[t, i] ** 2),))


def test_algorithm_statement_reads_its_trajectory_from_declarations():
    stmt = _rmsprop()
    kinds = {q.name: q.kind for q in stmt.quantities}
    assert kinds["v"] == "trajectory" and kinds["x0"] == "sequence" and kinds["g"] == "sequence"
    assert dict(stmt.trajectory.read) == {"v": ("v", (0, 1))}
    assert stmt.trajectory.series == ("v",)
    r = check(stmt, examples=100, seed=0, fresh=True, save=False)
    assert r.status == "holds" and r.best_ratio > 0.99  # the supremum 1 (v0 = ε = 0, t = 1)


def test_a_wrong_algorithm_claim_is_violated():
    # g²/(v + ε) <= 1 is false at t = 1 with v0 = ε = 0 (ratio 1/(1 − β₂))
    stmt = _rmsprop(wrong=True)
    r = check(stmt, examples=100, seed=0, fresh=True, save=False)
    assert r.status == "violated"


def test_algorithm_errors_are_clear():
    x = scalar("x", "R")
    T = size("T")
    t = index("t")
    w = trajectory("w", over=(0, T))
    with pytest.raises(AdaproofInputError, match="algorithm"):
        statement("mine/no-alg", register=False, lhs=w[t], rhs=x, forall=((t, 0, T),))
    with pytest.raises(AdaproofInputError, match="not a declared quantity"):
        algorithm(lambda env: None, sp.Symbol("nope"))
    with pytest.raises(AdaproofInputError, match="no declared trajectory"):
        statement("mine/alg-unused", register=False, lhs=x, rhs=x,
                  algorithm=algorithm(lambda env: None))


def _declare_in(order):
    made = {}
    for name in order:
        made[name] = scalar(name, "(0, 1)" if name == "b" else "> 0")
    a, b, c = made["a"], made["b"], made["c"]
    return statement("mine/order", register=False, hypotheses=[a >= b * c], lhs=b * c, rhs=a)


def test_quantity_order_is_local_to_the_statement(monkeypatch):
    monkeypatch.setattr(declare, "_DECLARED", {})
    s1 = _declare_in("abc")
    monkeypatch.setattr(declare, "_DECLARED", {})
    s2 = _declare_in("cba")  # another import order
    assert [q.name for q in s1.quantities] == [q.name for q in s2.quantities]
    # and the derived draws for a seed are the same
    out = []
    for s in (s1, s2):
        d = derivation(s)
        ctx = SampleContext(B=16, sizes={}, generator=torch.Generator().manual_seed(3))
        out.append(d.sampler(ctx))
    assert all(torch.equal(out[0][k], out[1][k]) for k in ("a", "b", "c"))
