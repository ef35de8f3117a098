"""Corollary 3.4 (= B.5) of ``alphaadam`` in expectation: the variance claims themselves.

Each statement compares variances over i.i.d. gradients from a finite law (Assumption B.3),
encoded through an independent copy (Var X = ½E(X − X')²) and decided by exact enumeration.
The references here are independent: variances computed by plain-Python enumeration of a
*single* run as E[X²] − (E X)², and the closed forms Var(m_t) = (1−β)²(1−β^{2t})/(1−β²)·σ²."""
from __future__ import annotations

import dataclasses
import itertools
import json
import math
from pathlib import Path

import mpmath
import pytest

from adaproof import lemmas
from adaproof.checker import check
from adaproof.verification import verify_candidate

P = "alphaadam/corollary-3.4"
STORE = Path(__file__).resolve().parents[2] / "counterexamples" / "alphaadam"

HOLDS = [  # key, budget (examples), floor on the best ratio E[lhs]/E[rhs] reached
    (P + "-var@corrected", 1000, 0.9),
    (P + "-var-lt1@corrected", 1000, 0.9),
    (P + "-offdiag@corrected", 1000, 0.9),
    # an equality in expectation: the float screen flags about half the candidates, each
    # re-verified exactly (and never confirmed), so a short budget suffices
    (P + "-adam-var@corrected", 300, 0.999),
]
VIOLATED = [P + "-var", P + "-var-lt1", P + "-offdiag", P + "-adam-var"]


def test_every_expectation_statement_is_pinned():
    from adaproof.lemmas import alphaadam as module
    from adaproof.statement import Statement
    keys = {s.key for s in vars(module).values()
            if isinstance(s, Statement) and s.noise is not None}
    assert keys <= {s.key for s in lemmas.all(paper="alphaadam")}  # all registered
    assert keys == {k for k, _, _ in HOLDS} | set(VIOLATED)
    for key in VIOLATED:
        assert lemmas.get(key).expected == "violated"
        assert lemmas.get(key + "@corrected").expected == "holds"


@pytest.mark.parametrize("key,budget,floor", HOLDS)
def test_corrected_variants_hold_by_exact_enumeration(key, budget, floor):
    stmt = lemmas.get(key)
    r = check(stmt, examples=budget, seed=0)
    assert r.status == "holds", (r.error, r.counterexample)
    assert r.expectation == "exact-enumeration"
    assert r.examples > 0
    assert floor < r.best_ratio <= stmt.supremum_ratio * (1 + 1e-9)


# ---------------------------------------------------------------------------------------------
# independent references: a single run, Var = E[X²] − (E X)², plain floats
# ---------------------------------------------------------------------------------------------
def _runs(u, p, t):
    """(probability, gradients g_1..g_t) of every path of one run."""
    for path in itertools.product(range(len(u)), repeat=t):
        yield math.prod(p[i] for i in path), [u[i] for i in path]


def _var(pairs):
    e1 = sum(w * x for w, x in pairs)
    e2 = sum(w * x * x for w, x in pairs)
    return e2 - e1 * e1


def _mom(gs, b):
    m = 0.0
    for x in gs:
        m = b * m + (1 - b) * x
    return m


def _sec(gs, b2, v0):
    v = v0
    for x in gs:
        v = b2 * v + (1 - b2) * x * x
    return v


def _reference(key, inp, t):
    """(Var of the momentum-side quantity, the right side) at step t, by single-run enumeration."""
    u, p = inp["u"]["values"], inp["p"]["values"]
    b, eta = inp["beta"], inp["eta"]
    X = (1 - b) ** 2 / (1 - b * b)
    runs = list(_runs(u, p, t))
    if key in (P + "-var", P + "-var-lt1"):
        b2, v0 = inp["beta2"], inp["v0"]
        vm = _var([(w, eta * _mom(g, b) / math.sqrt(_sec(g, b2, v0))) for w, g in runs])
        vg = _var([(w, eta * g[-1] / math.sqrt(_sec(g, b2, v0))) for w, g in runs])
        return vm, (X if key == P + "-var" else 1.0) * vg
    if key == P + "-adam-var":
        v = inp["v"]
        vm = _var([(w, eta * _mom(g, b) / (1 - b ** t) / math.sqrt(v)) for w, g in runs])
        vg = _var([(w, eta * g[-1] / math.sqrt(v)) for w, g in runs])
        return vm, X * vg
    assert key == P + "-offdiag"
    vi, vj = inp["vi"], inp["vj"]
    pairs_m, pairs_g = [], []
    for (wa, ga), (wb, gb) in itertools.product(runs, runs):  # coordinates i, j independent
        pairs_m.append((wa * wb, eta ** 2 * _mom(ga, b) * _mom(gb, b) / math.sqrt(vi * vj)))
        pairs_g.append((wa * wb, eta ** 2 * ga[-1] * gb[-1] / math.sqrt(vi * vj)))
    return _var(pairs_m), X ** 2 * _var(pairs_g)


@pytest.mark.parametrize("key", VIOLATED)
def test_stored_counterexample_replays_and_matches_an_independent_enumeration(key):
    files = sorted((STORE / key.split("/", 1)[1]).glob("*.json"))
    assert files, f"no stored counterexample for {key}"
    entry = json.loads(files[0].read_text())
    assert entry["key"] == key
    stmt = lemmas.get(key)
    v = verify_candidate(stmt, entry["inputs"], entry["sizes"])
    assert v.method == "mpmath-enumeration"
    assert v.hypotheses_hold and v.violated and v.finite
    assert mpmath.mpf(v.lhs) > mpmath.mpf(v.rhs)
    lhs_ref, rhs_ref = _reference(key, entry["inputs"], v.index["t"])
    assert float(v.lhs) == pytest.approx(lhs_ref, rel=1e-9)
    assert float(v.rhs) == pytest.approx(rhs_ref, rel=1e-9, abs=1e-300)
    assert lhs_ref > rhs_ref
    # the corrected variant holds on the very same input
    cor = lemmas.get(key + "@corrected")
    inputs = dict(entry["inputs"])
    if "v" in {q.name for q in cor.quantities} and "v" not in inputs:
        inputs = {k_: v_ for k_, v_ in inputs.items() if k_ not in ("beta2", "v0")}
        inputs["v"] = 1.0
    vc = verify_candidate(cor, inputs, entry["sizes"])
    assert vc.hypotheses_hold and not vc.violated


def test_a_fresh_search_finds_the_printed_variance_claim_violated():
    r = check(lemmas.get(P + "-var-lt1"), examples=1000, seed=0)
    assert r.status == "violated" and r.expectation == "exact-enumeration"
    ce = r.counterexample
    assert ce["verification"] == "mpmath-enumeration" and ce["digits"] == 60
    lhs_ref, rhs_ref = _reference(P + "-var-lt1", ce["inputs"], ce["index"]["t"])
    assert float(ce["lhs"]) == pytest.approx(lhs_ref, rel=1e-9)
    assert lhs_ref > rhs_ref


LAW = {"u": {"start": [1], "values": [3.0, -1.0]},
       "p": {"start": [1], "values": [0.25, 0.75]}}


@pytest.mark.parametrize("tt", [1, 2, 3])
def test_fixed_v_sides_equal_the_closed_forms(tt):
    """Var(η m_t/√v) = η²/v·(1−β)²(1−β^{2t})/(1−β²)·σ², Var(η g_t/√v) = η²σ²/v (hand algebra);
    at T = t the tightest index is the last (the ratio 1 − β^{2t} grows with t)."""
    b, eta, v = 0.5, 0.3, 2.0
    u, p = LAW["u"]["values"], LAW["p"]["values"]
    mu = sum(a * q for a, q in zip(u, p))
    sig2 = sum(q * (a - mu) ** 2 for a, q in zip(u, p))
    X = (1 - b) ** 2 / (1 - b * b)
    cand = dict(LAW, beta=b, eta=eta, v=v)
    res = verify_candidate(lemmas.get(P + "-var@corrected"), cand, {"T": tt, "K": 2})
    assert res.index == {"t": tt} and not res.violated
    assert float(res.lhs) == pytest.approx(eta ** 2 / v * X * (1 - b ** (2 * tt)) * sig2,
                                           rel=1e-12)
    assert float(res.rhs) == pytest.approx(eta ** 2 / v * X * sig2, rel=1e-12)
    # Adam's bias-corrected momentum: the corrected factor is attained with equality
    res = verify_candidate(lemmas.get(P + "-adam-var@corrected"), cand, {"T": tt, "K": 2})
    t_ = res.index["t"]  # all indices are equalities: the verdict reports one of them
    ref = eta ** 2 / v * X * (1 + b ** t_) / (1 - b ** t_) * sig2
    assert float(res.lhs) == pytest.approx(ref, rel=1e-12)
    assert float(res.rhs) == pytest.approx(ref, rel=1e-12)
    assert not res.violated  # equal in expectation: never a finding


def test_offdiag_with_zero_mean_law_has_the_squared_factor():
    """For a centred law Var(m_im_j) = Var(m)², so the printed X² holds (independent check of the
    finding's mechanism: only the mean terms break it)."""
    cand = {"u": {"start": [1], "values": [1.0, -1.0]}, "p": {"start": [1], "values": [0.5, 0.5]},
            "beta": 0.5, "eta": 1.0, "vi": 1.0, "vj": 1.0}
    res = verify_candidate(lemmas.get(P + "-offdiag"), cand, {"T": 2, "K": 2})
    assert not res.violated
    X = 1 / 3
    var_m = X * (1 - 0.5 ** 4)
    assert float(res.lhs) == pytest.approx(var_m ** 2, rel=1e-12)
    assert float(res.rhs) == pytest.approx(X ** 2, rel=1e-12)
    shifted = {**cand, "u": {"start": [1], "values": [11.0, 9.0]}}  # mean 10, same σ
    res = verify_candidate(lemmas.get(P + "-offdiag"), shifted, {"T": 2, "K": 2})
    assert res.violated
    a = (1 - 0.25) * 10  # E m_2
    assert float(res.lhs) == pytest.approx(var_m ** 2 + 2 * var_m * a * a, rel=1e-12)


def test_a_deliberately_wrong_variant_is_found_violated():
    """The fixed-v claim with the factor squared (false: at t = 1 the ratio is (1−β)², above X²
    for every β ∈ (0, 1)) is refuted by the exact enumeration."""
    stmt = lemmas.get(P + "-var@corrected")
    b = stmt.quantity("beta").symbol
    X = (1 - b) ** 2 / (1 - b ** 2)
    wrong = dataclasses.replace(stmt, id=stmt.id + "-wrong", variant="printed", reason="",
                                rhs=stmt.rhs * X, expected="holds")
    r = check(wrong, examples=1000, seed=0)
    assert r.status == "violated" and r.expectation == "exact-enumeration"
    assert r.counterexample["verification"] == "mpmath-enumeration"
