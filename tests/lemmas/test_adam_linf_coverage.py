"""Issue 14 (helper c14d): adam_linf displays (2), (3), (5), (7) and (13).

Each verdict is pinned with ``check(..., examples=N)``; a violation re-verifies exactly; the
sides are compared with a hand computation on one input."""
from __future__ import annotations

import math

import mpmath
import pytest

from adaproof import lemmas
from adaproof.checker import check
from adaproof.verification import verify_candidate

P = "adam_linf/"

HOLDS = [  # (key, examples, floor on the best ratio, or None where the sides change sign)
    (P + "eq-2", 300, None),
    (P + "eq-3", 300, None),
    (P + "eq-5", 400, 0.999),
    (P + "eq-7@corrected", 100, None),
    (P + "eq-7-first", 100, None),
    (P + "eq-13@corrected", 600, 0.99),
    (P + "eq-11", 400, 0.999),
    (P + "eq-12", 400, 0.99),
    (P + "theorem-3.2-families@corrected", 1500, 0.95),
]
#: in expectation (exact enumeration of the Rademacher noise): (key, examples, floor)
IN_EXPECTATION = [
    (P + "theorem-3.11-noisy", 300, 0.2),
    (P + "theorem-3.5-main", 300, 0.2),
    (P + "theorem-3.5-main-o1", 300, 0.9),
    (P + "lemma-C.1-blocks", 300, 0.01),
    (P + "lemma-3.14-blocks", 300, 0.9),
]
VIOLATED = [(P + "theorem-3.2-families", 1500), (P + "eq-7", 300), (P + "eq-13", 600), (P + "eq-13-squared", 600)]


def test_registered_with_expected_status():
    for key, _, _ in HOLDS:
        assert lemmas.get(key).expected == "holds"
    for key, _ in VIOLATED:
        assert lemmas.get(key).expected == "violated"


@pytest.mark.parametrize("key,n,floor", HOLDS)
def test_holds(key, n, floor):
    r = check(lemmas.get(key), examples=n, seed=0, save=False, fresh=True)
    assert r.status == "holds", (r.error, r.counterexample)
    assert r.examples >= n // 2
    if floor is not None:
        assert r.best_ratio is not None and floor < r.best_ratio <= 1 + 1e-12, r.best_ratio


@pytest.mark.parametrize("key,n,floor", IN_EXPECTATION)
def test_in_expectation_holds(key, n, floor):
    stmt = lemmas.get(key)
    assert stmt.noise is not None and stmt.expected == "holds"
    r = check(stmt, examples=n, seed=0, save=False, fresh=True)
    assert r.status == "holds", (r.error, r.counterexample)
    assert r.best_ratio is not None and floor < r.best_ratio <= 1 + 1e-12, r.best_ratio


def test_blocks_reach_several_blocks_of_several_coordinates():
    """The partitions drawn include n ≥ 2 blocks of m ≥ 2 coordinates (not only Φ_Adam or
    Φ_AdaSGD) and keep the exact enumeration (2^{T n m} ≤ 4096 paths)."""
    import torch
    stmt = lemmas.get(P + "lemma-C.1-blocks")
    seen = set()
    for sd in range(200):
        sz = stmt.sizes(torch.Generator().manual_seed(sd), "default")
        assert sz["T"] % 2 == 0 and 2 ** (sz["T"] * sz["n"] * sz["m"]) <= 4096
        seen.add((sz["n"] > 1, sz["m"] > 1))
    assert (True, True) in seen


def test_theorem_3_5_main_differs_from_the_appendix_form():
    """The main text's d·v₀ and √(1−β₂)Σσ_i against the appendix's d√v₀ and 2√(1−β₂)Σσ_i:
    the two right sides differ on one input (v₀ = 4, so d·v₀ ≠ d√v₀)."""
    from adaproof.verification import evaluate_batch
    import torch
    from adaproof.statement import SampleContext
    main, appx = lemmas.get(P + "theorem-3.5-main"), lemmas.get(P + "theorem-3.5")
    sizes = {"T": 2, "n": 1, "m": 1}
    inputs = main.sampler(SampleContext(B=4, sizes=sizes, generator=torch.Generator().manual_seed(0)))
    inputs["v0"] = torch.full((4,), 4.0, dtype=torch.float64)
    inputs["eps"] = torch.zeros(4, dtype=torch.float64)
    a = evaluate_batch(main, inputs, sizes)
    b = evaluate_batch(appx, inputs, sizes)
    assert not torch.allclose(a.rhs, b.rhs)


@pytest.mark.parametrize("key,n", VIOLATED)
def test_violated_as_printed(key, n):
    stmt = lemmas.get(key)
    r = check(stmt, examples=n, seed=0, save=False, fresh=True)
    assert r.status == "violated", (r.error, r.best_ratio)
    ce = r.counterexample
    with mpmath.workdps(80):  # the stored sides carry 60 digits; 53 bits can round both alike
        assert mpmath.mpf(ce["lhs"]) > mpmath.mpf(ce["rhs"])
    v = verify_candidate(stmt, ce["inputs"], ce["sizes"], prefer_index=ce["index"])
    assert v.hypotheses_hold and v.violated and v.finite


def _seq(rows, start):
    return {"start": list(start), "values": rows}


# ---------------------------------------------------------------------------------------------
# hand computations
# ---------------------------------------------------------------------------------------------
def _ridge(W, x):
    return sum(w * xx for w, xx in zip(W, x))


def test_eq7_sides_by_hand():
    """L(x) = (x₁ + x₂)²/2 (one ridge W = (1, 1), p = 1): H = ‖W‖₁² = 4; SignGD from x = (1, 0)
    moves to (1 − η, −η): L goes from 1/2 to (1 − 2η)²/2; ‖∇L‖₁ = 2."""
    eta = 0.1
    cand = {"H": 4.0, "eta": eta, "W": _seq([[1.0, 1.0]], (1, 1)), "b": _seq([0.0], (1,)),
            "p": _seq([1.0], (1,)), "q": _seq([0.0], (1,)), "r": _seq([0.0], (1,)),
            "x": _seq([1.0, 0.0], (1,))}
    lhs = (1 - 2 * eta) ** 2 / 2 - 0.5
    for key, rhs in ((P + "eq-7", -eta * 2 + eta ** 4 * 4 / 2),
                     (P + "eq-7@corrected", -eta * 2 + eta ** 2 * 4 / 2)):
        v = verify_candidate(lemmas.get(key), cand, {"n": 1, "d": 2})
        assert v.hypotheses_hold
        assert float(v.lhs) == pytest.approx(lhs, rel=1e-12)
        assert float(v.rhs) == pytest.approx(rhs, rel=1e-12)
    # the literal η⁴ reading fails on this very input (lhs = −0.18 > −0.1998), η² holds (= −0.12)
    assert verify_candidate(lemmas.get(P + "eq-7"), cand, {"n": 1, "d": 2}).violated
    assert not verify_candidate(lemmas.get(P + "eq-7@corrected"), cand, {"n": 1, "d": 2}).violated
    # H below the certified ‖W‖₁² is outside the hypotheses
    assert not verify_candidate(lemmas.get(P + "eq-7"), dict(cand, H=3.0),
                                {"n": 1, "d": 2}).hypotheses_hold


def test_eq13_witnesses_by_hand():
    """S = [[1/2, √ε/2], [√ε/2, ε/2]] (≽ 0, so H ≽ |S| = S in the matrix sense too),
    H = diag(1, ε), δ = (0, 1): ‖Sδ‖² = ε(1+ε)/4 > ε² = Σ H_b²δ_b² for ε = 0.01, while the
    corrected max_b H_b Σ H_b δ_b² = ε holds."""
    e = 0.01
    cand = {"s11": 0.5, "s12": math.sqrt(e) / 2, "s22": e / 2, "a1": 1.0, "a2": e,
            "x": _seq([0.0, 1.0], (1,)), "x0": _seq([0.0, 0.0], (1,))}
    lhs = e * (1 + e) / 4
    # H − S is singular here: its determinant is 0 up to rounding, so take H₁ a hair larger
    cand["a1"] = 1.0 + 1e-9
    v = verify_candidate(lemmas.get(P + "eq-13-squared"), cand, {})
    assert v.hypotheses_hold and v.violated
    assert float(v.lhs) == pytest.approx(lhs, rel=1e-12)
    assert float(v.rhs) == pytest.approx(e ** 2, rel=1e-12)
    assert not verify_candidate(lemmas.get(P + "eq-13"), cand, {}).violated
    vc = verify_candidate(lemmas.get(P + "eq-13@corrected"), cand, {})
    assert vc.hypotheses_hold and not vc.violated
    # printed H_b reading: S = H = 2I, δ = (1, 0): 4 > 2
    big = {"s11": 2.0, "s12": 0.0, "s22": 2.0, "a1": 2.0, "a2": 2.0,
           "x": _seq([1.0, 0.0], (1,)), "x0": _seq([0.0, 0.0], (1,))}
    v = verify_candidate(lemmas.get(P + "eq-13"), big, {})
    assert v.hypotheses_hold and v.violated and float(v.lhs) == 4.0 and float(v.rhs) == 2.0


def test_eq5_sides_by_hand():
    """K = 1 (t = 2 only), B = 2 blocks of s = 2: ‖ḡ_(1)‖ = 5, ‖ḡ_(2)‖ = 1; ṽ = (3, 0), ε = 1."""
    cand = {"eps": 1.0, "gbar": _seq([[[9.0, 9.0], [9.0, 9.0]], [[3.0, 4.0], [0.0, 1.0]]],
                                     (1, 1, 1)),
            "vt": _seq([[0.0, 0.0], [3.0, 0.0]], (1, 1))}
    v = verify_candidate(lemmas.get(P + "eq-5"), cand, {"K": 1, "B": 2, "s": 2})
    assert v.hypotheses_hold and not v.violated
    assert float(v.lhs) == pytest.approx(math.sqrt(2) * 6)
    assert float(v.rhs) == pytest.approx(math.sqrt(25 / 2 + 1) * math.sqrt(2 * 2 + 2 * 1))


def test_eq2_sides_by_hand():
    """B = 2 blocks of s = 1 (Adam), L(x) = (x₁ − x₂)²/2 (W = (1, −1), p = 1), Gershgorin
    H_b = |W_b|‖W‖₁ = 2; x = (1, 0), g = ∇L(x) = (1, −1), v_{t−1} = 0, β₂ = 1/2, ε = 0:
    v_t = 1/2, the step is η√2(1, −1)."""
    eta = 0.1
    cand = {"eta": eta, "beta2": 0.5, "eps": 0.0, "W": _seq([[[1.0], [-1.0]]], (1, 1, 1)),
            "b": _seq([0.0], (1,)), "p": _seq([1.0], (1,)), "q": _seq([0.0], (1,)),
            "r": _seq([0.0], (1,)), "H": _seq([2.0, 2.0], (1,)), "vp": _seq([0.0, 0.0], (1,)),
            "x": _seq([[1.0], [0.0]], (1, 1)), "g": _seq([[1.0], [-1.0]], (1, 1))}
    st = eta * math.sqrt(2)
    lhs = (1 - 2 * st) ** 2 / 2 - 0.5
    rhs = -eta * 2 / math.sqrt(0.5) + eta ** 2 / 2 * (2 * 1 / 0.5 + 2 * 1 / 0.5)
    for key in (P + "eq-2", P + "eq-3"):
        v = verify_candidate(lemmas.get(key), cand, {"n": 1, "B": 2, "s": 1})
        assert v.hypotheses_hold and not v.violated
        assert float(v.lhs) == pytest.approx(lhs, rel=1e-12)
        assert float(v.rhs) == pytest.approx(rhs, rel=1e-12)


def test_eq11_eq12_sides_by_hand():
    """(11): β₂ = 1/2, v_{t−1} = 2, σ = 1, ε = 0, ḡ = (2) (d_b = 1): ṽ = 1 + (4 + 1)/2 = 3.5.
    (12): B = 2 blocks of m = 1, T = 2, v₀ = (1, 3), g_1 = (2, 0), g_2 = (0, 1), β₂ = 1/2."""
    v = verify_candidate(lemmas.get(P + "eq-11"),
                         {"beta2": 0.5, "eps": 0.0, "sigma": 1.0, "vprev": 2.0,
                          "gbar": _seq([2.0], (1,))}, {"db": 1})
    assert v.hypotheses_hold and not v.violated
    assert float(v.lhs) == pytest.approx(math.sqrt(3.5))
    assert float(v.rhs) == pytest.approx(math.sqrt(1.5) + 0.5 * 4 / math.sqrt(3.5))
    v = verify_candidate(lemmas.get(P + "eq-12"),
                         {"beta2": 0.5, "v0": _seq([1.0, 3.0], (1,)),
                          "g": _seq([[[2.0], [0.0]], [[0.0], [1.0]]], (1, 1, 1))},
                         {"B": 2, "m": 1, "T": 2})
    assert v.hypotheses_hold and not v.violated
    # v_2 = (1/4 + 1/2(1/2·4 + 0), 3/4 + 1/2(0 + 1)) = (1.25, 1.25)
    assert float(v.lhs) == pytest.approx(1.25)
    assert float(v.rhs) == pytest.approx(3 + 0.5 * (0.5 * 4 + 1))
