"""Issue 14 (helper c14d): alphaadam Lemmas E.1 and E.4, the sum step (∘) of Lemma E.3 and the
per-step descent inside the proof of Theorem E.5.

Each statement's verdict is pinned with ``check(..., examples=N)`` (no budgets in seconds); a
violation re-verifies exactly; the sides are compared with a hand computation on one input."""
from __future__ import annotations

import math

import mpmath
import pytest
import torch

from adaproof import lemmas
from adaproof.checker import check
from adaproof.symbolic import SeqValue
from adaproof.verification import verify_candidate

P = "alphaadam/"

HOLDS = [  # (key, examples, floor on the best ratio where the sides are positive)
    (P + "lemma-E.1", 400, 0.99),
    (P + "lemma-E.3-sum", 400, 0.5),
    (P + "lemma-E.3-sum-integral", 400, 0.9),
    (P + "lemma-E.4@corrected", 300, None),
    (P + "eq-E.5-descent", 300, None),
    (P + "theorem-3.5-s11@corrected", 400, 0.99),
    (P + "lemma-E.3-series@corrected", 400, 0.99),
    (P + "lemma-E.4-momentum", 300, 0.3),
    (P + "lemma-E.4-large@corrected", 300, None),
    (P + "eq-E.5-sum", 300, None),
    (P + "eq-E.5-sum-derived", 300, None),
    (P + "theorem-3.5-s12@corrected", 400, 0.99),
]
VIOLATED = [(P + "lemma-E.4", 1000), (P + "lemma-E.3-series", 400), (P + "lemma-E.4-large", 1000),
            (P + "theorem-3.5-s11", 1000), (P + "theorem-3.5-s12", 400)]


def test_registered_with_expected_status():
    for key, _, _ in HOLDS:
        assert lemmas.get(key).expected == "holds"
    for key, _ in VIOLATED:
        assert lemmas.get(key).expected == "violated"
        assert lemmas.get(key + "@corrected").expected == "holds"


@pytest.mark.parametrize("key,n,floor", HOLDS)
def test_holds(key, n, floor):
    stmt = lemmas.get(key)
    r = check(stmt, examples=n, seed=0, save=False, fresh=True)
    assert r.status == "holds", (r.error, r.counterexample)
    assert r.examples >= n // 4
    if floor is not None:
        assert r.best_ratio is not None and floor < r.best_ratio <= 1 + 1e-12, r.best_ratio


@pytest.mark.parametrize("key,n", VIOLATED)
def test_violated_as_printed(key, n):
    stmt = lemmas.get(key)
    r = check(stmt, examples=n, seed=0, save=False, fresh=True)
    assert r.status == "violated", (r.error, r.best_ratio)
    ce = r.counterexample
    if stmt.strict:  # a strict conclusion fails on an exact equality, decided in SymPy
        assert mpmath.mpf(ce["lhs"]) >= mpmath.mpf(ce["rhs"])
        return
    assert mpmath.mpf(ce["lhs"]) > mpmath.mpf(ce["rhs"])
    v = verify_candidate(stmt, ce["inputs"], ce["sizes"], prefer_index=ce["index"])
    assert v.hypotheses_hold and v.violated and v.finite


def _seq(rows, start):
    return {"start": list(start), "values": rows}


# ---------------------------------------------------------------------------------------------
# hand computations
# ---------------------------------------------------------------------------------------------
def _f_hand(W, b, p, q, r, x):
    tot = 0.0
    for Wj, bj, pj, qj, rj in zip(W, b, p, q, r):
        z = sum(w * xx for w, xx in zip(Wj, x)) - bj
        tot += pj * z * z / 2 + qj * z * z / (1 + z * z) + rj * math.log1p(math.exp(-z))
    return tot


def _grad_hand(W, b, p, q, r, x):
    g = [0.0] * len(x)
    for Wj, bj, pj, qj, rj in zip(W, b, p, q, r):
        z = sum(w * xx for w, xx in zip(Wj, x)) - bj
        c = pj * z + 2 * qj * z / (1 + z * z) ** 2 - rj / (1 + math.exp(z))
        for k, w in enumerate(Wj):
            g[k] += c * w
    return g


def test_lemma_e1_sides_by_hand():
    W, b = [[1.0, -2.0], [0.5, 0.25]], [0.3, -1.0]
    p, q, r = [0.5, 0.0], [1.0, 2.0], [0.0, 3.0]
    x, y = [0.2, -0.7], [1.1, 0.4]
    L = sum((pj + 2 * qj + rj / 4) * sum(w * w for w in Wj) for Wj, pj, qj, rj in zip(W, p, q, r))
    stmt = lemmas.get(P + "lemma-E.1")
    cand = {"L": L * 1.5, "W": _seq(W, (1, 1)), "b": _seq(b, (1,)), "p": _seq(p, (1,)),
            "q": _seq(q, (1,)), "r": _seq(r, (1,)), "x": _seq(x, (1,)), "y": _seq(y, (1,))}
    v = verify_candidate(stmt, cand, {"n": 2, "d": 2})
    assert v.hypotheses_hold and not v.violated
    g = _grad_hand(W, b, p, q, r, x)
    rhs = (_f_hand(W, b, p, q, r, x) + sum(gi * (yi - xi) for gi, yi, xi in zip(g, y, x))
           + 1.5 * L / 2 * sum((yi - xi) ** 2 for yi, xi in zip(y, x)))
    assert float(v.lhs) == pytest.approx(_f_hand(W, b, p, q, r, y), rel=1e-12)
    assert float(v.rhs) == pytest.approx(rhs, rel=1e-12)
    # a constant L below the family's bound is rejected by the hypothesis
    bad = dict(cand, L=L * 0.5)
    assert not verify_candidate(stmt, bad, {"n": 2, "d": 2}).hypotheses_hold


def test_lemma_e3_sum_sides_by_hand():
    stmt = lemmas.get(P + "lemma-E.3-sum")
    for k_, M_ in ((5, 4), (10, 3), (2, 1)):
        v = verify_candidate(stmt, {"c": 1.0}, {"k": k_, "M": M_})
        assert v.hypotheses_hold and not v.violated
        assert float(v.lhs) == pytest.approx(sum(1 / math.sqrt(k_ - p_) for p_ in range(1, M_ + 1)))
        assert float(v.rhs) == pytest.approx(2 * M_ / math.sqrt(k_ - 1))
    # M = k is outside the printed integral (k − M − 1 < 0)
    assert not verify_candidate(stmt, {"c": 1.0}, {"k": 3, "M": 3}).hypotheses_hold


def _e4_cand(eta, b1, b2):
    """One ridge, W = 1, b = 0, p = 1 (f = θ²/2, L = 1), θ₁ = 1, d = n = 1."""
    return {"eta": eta, "L": 1.0, "beta1": b1, "beta2": b2, "eps": 0.0,
            "W": _seq([[1.0]], (1, 1)), "b": _seq([0.0], (1,)), "p": _seq([1.0], (1,)),
            "q": _seq([0.0], (1,)), "m0": _seq([0.0], (1,)), "v0": _seq([0.0], (1,)),
            "theta1": _seq([1.0], (1,))}


def test_lemma_e4_witness_by_hand():
    """t = 2: φ₁ = 0 (m₀ = 0), so θ₂ = θ₁ and g₂ = g₁ = 1; m₂ = 1 − β₁², v₂ = 1 − β₂²: the
    printed lemma needs (1 − β₁²)/√(1 − β₂²) ≥ 1/√10 − slack, false for β₁ close to √β₂ ≈ 1."""
    eta, b1, b2 = 1e-14, 0.999, 0.9999
    stmt = lemmas.get(P + "lemma-E.4")
    v = verify_candidate(stmt, _e4_cand(eta, b1, b2), {"T": 2, "d": 1, "n": 1})
    assert v.hypotheses_hold and v.violated
    lhs = -eta / math.sqrt(2) * (1 - b1 ** 2) / math.sqrt(1 - b2 ** 2)
    assert float(v.lhs) == pytest.approx(lhs, rel=1e-10)
    c = (1 - b1) / (math.sqrt(1 - b2) * (1 - b1 / math.sqrt(b2)))
    om1 = eta * c
    slack = 4 * math.sqrt(2) * om1 / math.sqrt(2) * (1 / (1 - b2) + 2 * b1 / (1 - b1)) * (
        1 / math.sqrt(10) + c)
    assert float(v.rhs) == pytest.approx(-eta / math.sqrt(2) / math.sqrt(10)
                                         + eta / math.sqrt(2) * slack, rel=1e-10)
    # the corrected variant claims nothing at t = 2 here (β₁² > 1/4) ...
    vc = verify_candidate(lemmas.get(P + "lemma-E.4@corrected"), _e4_cand(eta, b1, b2),
                          {"T": 2, "d": 1, "n": 1})
    assert vc.hypotheses_hold and not vc.violated
    # ... and with β₁ = 0.1 (β₁² < 1/4) both variants hold there
    v2 = verify_candidate(stmt, _e4_cand(eta, 0.1, b2), {"T": 2, "d": 1, "n": 1})
    assert v2.hypotheses_hold and not v2.violated


def test_e5_descent_sides_by_hand():
    """f = θ²/2 (L = 1), one coordinate, β₁ = 0.5, β₂ = 0.81, η = 0.3, ϵ = 0, t = 2 (the first
    step t = 1 is masked: m₀ = 0)."""
    eta, b1, b2 = 0.3, 0.5, 0.81
    stmt = lemmas.get(P + "eq-E.5-descent")
    th, m_, v_ = 1.0, 0.0, 0.0
    rows = []
    for t_ in (1, 2):
        g_ = th
        m_new, v_new = b1 * m_ + (1 - b1) * g_, b2 * v_ + (1 - b2) * g_ * g_
        th_new = th - (eta / math.sqrt(t_) * m_new / math.sqrt(v_new) if g_ * m_ > 0 else 0.0)
        inner = g_ * m_new / math.sqrt(b2 * v_ + (1 - b2) * g_ * g_) if g_ * m_ > 0 else 0.0
        rows.append((th_new ** 2 / 2 - th ** 2 / 2,
                     -eta / math.sqrt(t_) * inner + 0.5 * eta ** 2 / t_ / (1 - b2)
                     * (1 - b1) ** 2 / (1 - b1 / math.sqrt(b2)) ** 2))
        th, m_, v_ = th_new, m_new, v_new
    v = verify_candidate(stmt, _e4_cand(eta, b1, b2), {"T": 2, "d": 1, "n": 1},
                         prefer_index={"t": 2})
    assert v.hypotheses_hold and not v.violated
    assert v.index == {"t": 2}
    assert float(v.lhs) == pytest.approx(rows[1][0], rel=1e-12)
    assert float(v.rhs) == pytest.approx(rows[1][1], rel=1e-12)


def test_s11_s12_boundaries_by_hand():
    """β₁ = 1/2, g = 1: m_{t−1} = −1 gives m_t = 0 (in S1 by (5)'s ≥, not in S2) and
    m_{t−1}g = −1 = −(1−β₁)/β₁ g²: the strict S11 bound is an equality; m_{t−1} = 0 is in S12
    with m_{t−1}g = 0."""
    s11, s12 = lemmas.get(P + "theorem-3.5-s11"), lemmas.get(P + "theorem-3.5-s12")
    assert s11.strict and s12.strict
    assert not lemmas.get(P + "theorem-3.5-s11@corrected").strict
    v = verify_candidate(s11, {"beta1": 0.5, "g": 1.0, "mp": -1.0}, {})
    assert v.hypotheses_hold and float(v.lhs) == float(v.rhs) == -1.0
    v = verify_candidate(s12, {"beta1": 0.5, "g": 1.0, "mp": 0.0}, {})
    assert v.hypotheses_hold and float(v.lhs) == float(v.rhs) == 1.0
    # inside S11 strictly (m_t g > 0) the printed bound holds
    v = verify_candidate(s11, {"beta1": 0.5, "g": 1.0, "mp": -0.5}, {})
    assert v.hypotheses_hold and float(v.lhs) < float(v.rhs)


def test_e3_series_sides_by_hand():
    """K = 1 term: (1−β₂)(G² + 4√2Ω₁G/√t + 8η²dL²C'²/(t(1−β₂))) against the printed closed form
    (L twice in the middle term) and the corrected one (L once)."""
    eta, L, b1, b2, G, d, t, K = 0.5, 0.25, 0.3, 0.81, 2.0, 3, 4, 1
    cp = (1 - b1) / (1 - b1 / math.sqrt(b2))
    om1 = eta * L * math.sqrt(d) * cp / math.sqrt(1 - b2)
    lhs = (1 - b2) * (G ** 2 + 4 * math.sqrt(2) / math.sqrt(t) * om1 * G
                      + 8 * eta ** 2 * d * L ** 2 / (t * (1 - b2)) * cp ** 2)
    third = 8 * eta ** 2 * d * L ** 2 * (1 + b2) / (t * (1 - b2) ** 3) * cp ** 2
    mid = 4 * math.sqrt(2) * L * eta * math.sqrt(d) / math.sqrt(t) * cp * G / (1 - b2) ** 1.5
    cand = {"eta": eta, "L": L, "beta1": b1, "beta2": b2, "G": G}
    for key, rhs in ((P + "lemma-E.3-series", G ** 2 + L * mid + third),
                     (P + "lemma-E.3-series@corrected", G ** 2 + mid + third)):
        v = verify_candidate(lemmas.get(key), cand, {"d": d, "t": t, "K": K})
        assert v.hypotheses_hold
        assert float(v.lhs) == pytest.approx(lhs, rel=1e-12)
        assert float(v.rhs) == pytest.approx(rhs, rel=1e-12)
