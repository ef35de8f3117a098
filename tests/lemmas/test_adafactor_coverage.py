"""Statements of paper ``adafactor`` added for issue 14 (``adaproof.lemmas.adafactor.MORE``): each
verdict pinned by ``check(..., examples=N)`` with a floor on the best ratio, the violated-as-printed
ones with an exact (mpmath) counterexample and their corrected variant holding on it, and, for
statements that hold, a copy with a wrong (tightened) constant that the checker must refute."""
import dataclasses
import json

import mpmath
import pytest
import sympy as sp

from adaproof import lemmas
from adaproof.checker import check
from adaproof.lemmas import adafactor as module
from adaproof.verification import verify_candidate

# key -> (expected status, floor on the best ratio lhs/rhs at seed 0).  A floor just below the
# supremum means the search reaches the extremal inputs (noted).
PINNED = {
    "adafactor/lemma-A.1-a": ("holds", 0.99),     # equality at k = 1
    "adafactor/lemma-A.1-b": ("holds", 0.99),     # -> 1 as beta_{2,k} -> 0
    **{f"adafactor/lemma-A.2-{p}": ("holds", 0.99) for p in "abcdef"},   # identities: ratio 1
    "adafactor/lemma-A.3-a": ("holds", 0.99),     # equality at k = 1, Gbar_1 = 0
    "adafactor/lemma-A.3-b": ("holds", 0.5),
    "adafactor/lemma-A.3-c": ("holds", 0.99),
    "adafactor/lemma-A.3-d": ("holds", 0.5),
    "adafactor/lemma-A.3-e": ("holds", 0.99),
    "adafactor/lemma-A.3-f": ("holds", 0.5),
    "adafactor/lemma-B.2-a": ("holds", 0.49),     # sup 1/2: R of G^2 >= m eps_1
    "adafactor/lemma-B.2-b": ("holds", 0.99),     # equality: all mass in row i, ||G_k|| = G
    "adafactor/lemma-B.2-c": ("holds", 0.99),     # equality at k = 1, G_1 = 0
    "adafactor/lemma-B.2-d": ("holds", 0.5),
    "adafactor/lemma-B.2-e": ("holds", 0.49),
    "adafactor/lemma-B.2-f": ("holds", 0.99),
    "adafactor/lemma-B.2-g": ("holds", 0.99),
    "adafactor/lemma-B.2-h": ("holds", 0.5),
    "adafactor/lemma-B.2-i": ("holds", 0.49),
    "adafactor/lemma-B.2-j": ("holds", 0.99),
    "adafactor/lemma-B.2-k": ("holds", 0.99),
    "adafactor/lemma-B.2-l": ("holds", 0.5),
}
EXAMPLES = 300


def test_every_new_statement_is_pinned_and_registered():
    keys = {s.key for s in module.MORE}
    assert keys == set(PINNED)
    registered = {s.key for s in lemmas.all(paper="adafactor")}
    assert keys <= registered
    for s in module.MORE:
        json.dumps(s.to_json())
        assert s.expected == PINNED[s.key][0].replace("violated", "violated")


@pytest.mark.parametrize("key", sorted(PINNED))
def test_verdict_pinned(key):
    status, floor = PINNED[key]
    r = check(lemmas.get(key), examples=EXAMPLES, seed=0, fresh=True, save=False)
    assert r.status == status, r.to_json()
    assert not r.unexpected and r.examples >= EXAMPLES
    if status == "holds":
        assert floor < r.best_ratio <= 1.0 + 1e-9, r.best_ratio


# a statement that holds, with a constant tightened past its supremum: the checker must find it
def _tightened(key, factor):
    s = lemmas.get(key)
    return dataclasses.replace(s, id=s.id + "-wrong-constant", rhs=s.rhs * sp.nsimplify(factor),
                               expected="violated")


@pytest.mark.parametrize("key,factor", [
    ("adafactor/lemma-A.1-b", "0.9"),      # Gamma_k <= 0.9 fails as beta_{2,k} -> 0
    ("adafactor/lemma-A.3-f", "0.9"),      # S <= 0.9 calG fails when ||Gbar_k||_F = G often
    ("adafactor/lemma-B.2-j", "0.99"),     # S of G^2 <= 0.99 calG fails at ||G_k||_F = G
])
def test_a_wrong_constant_is_found(key, factor):
    wrong = _tightened(key, factor)
    r = check(wrong, examples=EXAMPLES, seed=0, fresh=True, save=False)
    assert r.status == "violated", r.to_json()
    ce = json.loads(json.dumps(r.counterexample))
    v = verify_candidate(wrong, ce["inputs"], ce["sizes"], prefer_index=ce["index"])
    assert v.hypotheses_hold and v.violated
    # the statement as registered holds on the same input
    ok = verify_candidate(lemmas.get(key), ce["inputs"], ce["sizes"])
    assert ok.hypotheses_hold and not ok.violated


@pytest.mark.parametrize("key,factor", [
    ("adafactor/lemma-A.1-a", "1.1"),      # the lower bound raised: fails at k = 1
    ("adafactor/lemma-B.2-c", "2"),        # R of V_k >= m eps_1 (not /2) fails at k = 1
])
def test_a_wrong_lower_constant_is_found(key, factor):
    s = lemmas.get(key)
    wrong = dataclasses.replace(s, id=s.id + "-wrong-constant", lhs=s.lhs * sp.nsimplify(factor),
                                expected="violated")
    r = check(wrong, examples=EXAMPLES, seed=0, fresh=True, save=False)
    assert r.status == "violated", r.to_json()
