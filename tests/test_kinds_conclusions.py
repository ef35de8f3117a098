"""Strict conclusions and several conclusions (adaproof.conclusions): a strict claim at equality
is violated (equality proved in SymPy), the same claim non-strict holds; a statement with several
conclusions says which one fails, and its witness replays; the papers' strict statements."""
from __future__ import annotations

import sympy as sp

from adaproof import registry
from adaproof.checker import check
from adaproof.conclusions import Conclusion, all_conclusions, exact_equality
from adaproof.declare import scalar, statement


def _amgm(strict: bool):
    x = scalar("x", "R", "x")
    return statement("mine/amgm" + ("-strict" if strict else ""), lhs=2 * x, rhs=x ** 2 + 1,
                     strict=strict, register=False)


def test_strict_claim_at_equality_is_violated():
    r = check(_amgm(True), examples=300, seed=0)
    assert r.status == "violated", r.phases
    ce = r.counterexample
    assert ce["verification"] == "sympy-exact-equality" and ce["strict"]
    assert ce["inputs"] == {"x": 1.0} and ce["lhs"] == ce["rhs"] == "2"
    assert r.phases["conclusions"]["main"]["equality_probe"] == "equality found"
    again = check(_amgm(True), examples=300, seed=0)  # the witness replays exactly
    assert again.status == "violated" and again.replayed


def test_the_same_claim_non_strict_holds():
    r = check(_amgm(False), examples=300, seed=0)
    assert r.status == "holds" and r.best_ratio > 1 - 1e-6


def test_strict_claim_without_equality_holds():
    x = scalar("x", "(0, 1)", "x")
    s = statement("mine/open", lhs=x, rhs=sp.Integer(1), strict=True,
                  hypotheses=[x > 0, x < 1], register=False)
    r = check(s, examples=300, seed=0)
    assert r.status == "holds", r.counterexample
    # equality at x = 1 is outside the hypotheses: never reported
    assert exact_equality(s, all_conclusions(s)[0], {"x": 1.0}, {}) is None
    assert exact_equality(s, all_conclusions(s)[0], {"x": 0.5}, {}) is None


def test_several_conclusions_name_the_one_that_fails():
    x = scalar("x", "(0, 1)", "x")
    s = statement("mine/two", lhs=x ** 2, rhs=x, hypotheses=[x > 0, x < 1], register=False,
                  conclusions=(Conclusion("cube", x ** 3, x ** 2 / 2),))
    assert [c.label for c in all_conclusions(s)] == ["main", "cube"]
    assert "[cube]" in s.relation_latex()
    r = check(s, examples=400, seed=0)
    assert r.status == "violated"
    assert r.counterexample["conclusion"] == "cube"
    assert r.phases["conclusions"]["main"]["status"] == "holds"
    assert float(r.counterexample["inputs"]["x"]) > 0.5
    again = check(s, examples=400, seed=0)
    assert again.status == "violated" and again.replayed
    assert again.counterexample["conclusion"] == "cube"


def test_papers_strict_statements():
    cor = registry.get("alphaadam/corollary-3.4")
    assert cor.strict and "<" in cor.relation_latex()
    r = check(cor, examples=300, seed=0, save=False)
    assert r.status == "holds"  # (1−β)/(1+β) < 1 for β ∈ (0, 1): equality only at β = 0
    assert r.phases["conclusions"]["main"]["equality_probe"].startswith("no exact equality")
    assert registry.get("alphaadam/corollary-3.4-var-lt1").strict


def test_a_stored_witness_that_replays_undecided_is_an_error_not_stale(monkeypatch):
    """A stored counterexample of a several-conclusion statement whose exact margin is unstable
    under precision is neither confirmed nor stale: the check says so (error, naming the file)
    instead of counting it stale and searching on as if it had never been found."""
    import dataclasses

    from adaproof import verification
    x = scalar("x", "(0, 1)", "x")
    s = statement("mine/two-undecided", lhs=x ** 2, rhs=x, hypotheses=[x > 0, x < 1],
                  register=False, conclusions=(Conclusion("cube", x ** 3, x ** 2 / 2),))
    assert check(s, examples=400, seed=0).status == "violated"
    monkeypatch.setenv("ADAPROOF_CACHE_DIR", "off")  # the replay cache would confirm it first
    real = verification.verify_candidate

    def unstable(*a, **k):
        v = real(*a, **k)
        return dataclasses.replace(v, violated=False, undecided=True)

    monkeypatch.setattr(verification, "verify_candidate", unstable)
    again = check(s, examples=400, seed=0)
    assert again.status == "error" and again.stale_counterexamples == 0
    assert "replays undecided" in again.error and ".json" in again.error
