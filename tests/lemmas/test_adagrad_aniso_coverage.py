"""adagrad_aniso statements added for issue 14 (helper c14c): each holds (or is violated as
printed) at a small budget counted in examples, and a deliberately wrong copy of each is found
violated (so that the attack can fail)."""
import dataclasses

import pytest
import sympy as sp

from adaproof import lemmas
from adaproof.checker import check

P = "adagrad_aniso/"

# key -> floor on the best ratio (each claim's supremum is 1 and is attained or approached)
HOLDS = {"lemma-G.1": 0.999, "lemma-G.2": 0.99, "lemma-G.5": 0.999, "lemma-C.1-12": 0.999,
         "lemma-C.1-13": -1.0}


@pytest.mark.parametrize("key", sorted(HOLDS))
def test_scalar_statements_hold(key):
    stmt = lemmas.get(P + key)
    r = check(stmt, examples=400, seed=0, save=False)
    assert r.status == "holds", r.to_json()
    assert r.examples >= 400 and not r.unexpected
    assert HOLDS[key] <= r.best_ratio <= 1.0 + 1e-9, r.best_ratio


def _wrong_scalar(key):
    stmt = lemmas.get(P + key)
    if key == "lemma-C.1-13":   # the variational inequality with the sign of z − w' flipped
        lhs, rhs = stmt.rhs, stmt.lhs
    elif key == "lemma-G.2":    # y²/(5c) instead of y²/(4c)
        c, y = sp.Symbol("c", real=True), sp.Symbol("y", real=True)
        lhs, rhs = stmt.lhs, stmt.rhs - y ** 2 / (4 * c) + y ** 2 / (5 * c)
    else:                       # a constant 1 % too small
        lhs, rhs = stmt.lhs, stmt.rhs * sp.Rational(99, 100)
    return dataclasses.replace(stmt, id=f"test/{key}-wrong", lhs=lhs, rhs=rhs, proof=(),
                               supremum_ratio=None)


@pytest.mark.parametrize("key", sorted(HOLDS))
def test_scalar_wrong_copy_is_violated(key):
    r = check(_wrong_scalar(key), examples=400, seed=0, save=False)
    assert r.status == "violated", r.to_json()
