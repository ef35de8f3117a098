"""adam_complexity, issue 14: Lemma 1 and Lemma 2 as wholes, every inequality in the proof of
Lemma 2, (3), (4) and Stage I, (5)/(10), Stage II, (9), (11), (12) and the steps of the proof of
Theorem 2.

Per statement: its verdict pinned by a check counted in examples; for a violated-as-printed one
the counterexample re-verified in exact arithmetic (mpmath over every noise path) and the
corrected variant not violated on it; for the tight ones a copy with a wrong constant found
violated; and the sides of the whole-run statements against a plain-Python enumeration (own Adam
recursion, own oracle, own law)."""
import dataclasses
import importlib
import itertools
import math

import pytest
import sympy as sp

from adaproof import lemmas
from adaproof.checker import check
from adaproof.verification import verify_candidate

P = "adam_complexity/"
MODULES = ("eq_3", "lemma_1_whole", "eq_4", "lemma_2_whole", "lemma_2_steps", "stage_2",
           "theorem_2_steps", "sec_4_1", "theorem_families")

# key -> (examples, sanity floor on the best ratio lhs/rhs; None where the sides can be negative
# (Lemma 1 and its unrolled form: lhs ≤ rhs < 0 gives a ratio above 1))
HOLDS = {
    "eq-3": (2000, 0.99), "lemma-1": (2000, None), "lemma-1-term-i": (300, None), "lemma-1-stage-i-reading": (2000, None),
    "eq-4": (2000, 0.1), "eq-4@corrected": (2000, 0.1), "eq-4-unroll": (2000, None),
    "eq-4-unroll@corrected": (2000, None), "eq-4-exchange-momentum": (2000, 0.9),
    "eq-4-exchange-sigma": (300, 0.99), "eq-4-exchange-smooth": (300, 0.9),
    "eq-9@corrected": (2000, 0.9), "lemma-2@corrected": (2000, 1e-3), "eq-8": (2000, 0.99),
    "lemma-2-concave": (150, 0.9), "lemma-2-increment": (300, 0.99),
    "lemma-2-jensen": (150, 0.9), "lemma-2-nubar-chain": (2000, 0.9),
    "lemma-2-nubar-chain-beta2": (300, 0.9), "lemma-2-nubar@corrected": (300, 0.9),
    "lemma-2-split": (300, 0.99), "lemma-2-sum": (2000, 0.9), "eq-10": (2000, 0.5),
    "eq-5": (2000, 0.5), "lemma-2-log@corrected": (2000, 1e-3), "lemma-2-log-first": (2000, 0.9),
    "theorem-1-stage-2@corrected": (2000, 1e-3),
    "theorem-1-stage-2-combined@corrected": (2000, 1e-3), "eq-11@corrected": (2000, 0.1),
    "eq-12": (150, 0.99), "theorem-2-large": (1000, 0.3), "theorem-2-small": (1000, 0.99),
    "theorem-2-split": (1000, 0.99), "theorem-2-sum-l@corrected": (1000, 0.5),
    "theorem-2-solve@corrected": (1000, 0.1), "theorem-2-nutilde@corrected": (1000, 0.1),
    "theorem-2-final@corrected": (1000, 0.05), "eq-11-log-step@corrected": (300, 0.99),
    "sec-4.1-exponents-missing-term@corrected": (300, None),
    **{f"theorem-{th}-{fam}{v}": (600, 1e-3)
       for th in ("1", "2") for fam in ("quadratic-nondiagonal", "separable-nonconvex", "logistic")
       for v in ("@corrected",) + (("",) if th == "2" else ())},
}
VIOLATED = ("eq-3-equality", "eq-9", "lemma-2", "lemma-2-nubar", "lemma-2-log",
            "theorem-1-stage-2", "theorem-1-stage-2-combined", "eq-11", "theorem-2-sum-l",
            "theorem-2-sum-l-root-reading", "theorem-2-solve", "theorem-2-nutilde",
            "theorem-2-final", "eq-11-log-step", "sec-4.1-exponents-missing-term",
            "theorem-1-quadratic-nondiagonal", "theorem-1-separable-nonconvex",
            "theorem-1-logistic")


def _new_keys():
    keys = set()
    for m in MODULES:
        mod = importlib.import_module("adaproof.lemmas.adam_complexity." + m)
        objs = [getattr(mod, n) for n in dir(mod) if n.isupper()]
        objs += list(getattr(mod, "STATEMENTS", {}).values())
        keys |= {o.key for o in objs
                 if type(o).__name__ == "Statement" and o.paper == "adam_complexity"}
    return keys


def test_every_new_statement_is_pinned():
    assert _new_keys() == {P + k for k in HOLDS} | {P + k for k in VIOLATED}
    for k in VIOLATED:
        assert lemmas.get(P + k).expected == "violated"


@pytest.mark.parametrize("key", sorted(HOLDS))
def test_holds(key):
    examples, floor = HOLDS[key]
    stmt = lemmas.get(P + key)
    assert stmt.expected == "holds"
    r = check(stmt, examples=examples, seed=0, save=False)
    assert r.status == "holds", r.to_json()
    assert not r.unexpected
    assert r.best_ratio is not None
    if floor is not None:
        assert floor < r.best_ratio <= 1 + 1e-9, r.best_ratio
    if stmt.noise is not None:
        assert r.expectation == "exact-enumeration"


@pytest.mark.parametrize("key", VIOLATED)
def test_violated_as_printed(key):
    stmt = lemmas.get(P + key)
    r = check(stmt, examples=1000, seed=0, save=False)
    assert r.status == "violated" and not r.unexpected, r.to_json()
    ce = r.counterexample
    v = verify_candidate(stmt, ce["inputs"], ce["sizes"])
    assert v.hypotheses_hold and v.violated
    if stmt.noise is not None:
        assert v.method == "mpmath-enumeration"
    try:
        fixed = lemmas.get(P + key + "@corrected")
    except Exception:  # noqa: BLE001 - a reading without a corrected variant
        return
    assert fixed.reason
    vf = verify_candidate(fixed, ce["inputs"], ce["sizes"])
    assert not (vf.hypotheses_hold and vf.violated)


# a constant made wrong on the right side: the checker must find the copy violated
WRONG = {"eq-3": 2, "eq-9@corrected": 2, "lemma-2-split": 1.5, "lemma-2-increment": 1.5,
         "eq-10": 2, "theorem-2-small": 2, "theorem-2-sum-l@corrected": 4,
         "lemma-2-nubar-chain": 2}


@pytest.mark.parametrize("key", sorted(WRONG))
def test_a_wrong_constant_is_found(key):
    stmt = lemmas.get(P + key)
    wrong = dataclasses.replace(stmt, id=f"test/{key.replace('@', '-')}-wrong",
                                variant="printed", reason="", rhs=stmt.rhs / WRONG[key],
                                expected="violated", supremum_ratio=None)
    r = check(wrong, examples=2000, seed=0, save=False)
    assert r.status == "violated", r.to_json()
    ce = r.counterexample
    v = verify_candidate(wrong, ce["inputs"], ce["sizes"])
    assert v.hypotheses_hold and v.violated
    assert not verify_candidate(stmt, ce["inputs"], ce["sizes"]).violated


# ---------------------------------------------------------------------------------------------
# whole-run sides against a plain-Python enumeration
# ---------------------------------------------------------------------------------------------
def _s(values):
    return {"start": [1], "values": values}


CAND = {"eta": 0.3, "beta1": 0.5, "beta2": 0.8, "L": 2.0, "sigma": 0.9, "nu0": 0.25,
        "h": _s([1.5, 0.5]), "cstar": _s([0.2, -0.4]), "w1": _s([1.0, 0.6]),
        "e": _s([0.5, -0.5]), "u": _s([-1.0, 1.0]), "p": _s([0.25, 0.75])}
T_, D_ = 3, 2


def _runs(c, Tn=T_, eta=None, b1=None, b2=None):
    """Every noise path: (probability, w_1..w_{T+1}, m_0..m_T, ν_0..ν_T, g_1..g_T)."""
    eta = c["eta"] if eta is None else eta
    b1 = c["beta1"] if b1 is None else b1
    b2 = c["beta2"] if b2 is None else b2
    h, cs, e = c["h"]["values"], c["cstar"]["values"], c["e"]["values"]
    u, p = c["u"]["values"], c["p"]["values"]
    mu = sum(a * b for a, b in zip(p, u))
    for xs in itertools.product(range(2), repeat=Tn):
        prob = math.prod(p[x] for x in xs)
        w = [list(c["w1"]["values"])]
        m, nu, gs = [[0.0] * D_], [[c["nu0"]] * D_], []
        for tt in range(Tn):
            g = [h[l] * (w[-1][l] - cs[l]) + e[l] * (u[xs[tt]] - mu) for l in range(D_)]
            nu.append([b2 * nu[-1][l] + (1 - b2) * g[l] ** 2 for l in range(D_)])
            m.append([b1 * m[-1][l] + (1 - b1) * g[l] for l in range(D_)])
            w.append([w[-1][l] - eta * m[-1][l] / math.sqrt(nu[-1][l]) for l in range(D_)])
            gs.append(g)
        yield prob, w, m, nu, gs


def _f(c, w):
    h, cs = c["h"]["values"], c["cstar"]["values"]
    return sum(h[l] / 2 * (w[l] - cs[l]) ** 2 for l in range(D_))


def _grad(c, w):
    h, cs = c["h"]["values"], c["cstar"]["values"]
    return [h[l] * (w[l] - cs[l]) for l in range(D_)]


def test_eq_3_sides_against_hand_enumeration():
    stmt = lemmas.get(P + "eq-3")
    v = verify_candidate(stmt, CAND, {"T": T_, "d": D_})
    assert v.hypotheses_hold and v.method == "mpmath-enumeration" and not v.violated
    t = v.index["t"]
    lhs = rhs = 0.0
    for prob, w, m, nu, _ in _runs(CAND):
        G = _grad(CAND, w[t - 1])
        x = [m[t][l] / math.sqrt(nu[t][l]) for l in range(D_)]
        lhs += prob * _f(CAND, w[t])
        rhs += prob * (_f(CAND, w[t - 1]) - CAND["eta"] * sum(G[l] * x[l] for l in range(D_))
                       + CAND["L"] / 2 * CAND["eta"] ** 2 * sum(a * a for a in x))
    assert float(v.lhs) == pytest.approx(lhs, rel=1e-12)
    assert float(v.rhs) == pytest.approx(rhs, rel=1e-12)


def test_lemma_2_sides_against_hand_enumeration():
    stmt = lemmas.get(P + "lemma-2")
    v = verify_candidate(stmt, CAND, {"T": T_, "d": D_})
    assert v.hypotheses_hold and v.method == "mpmath-enumeration"
    b1, b2, eta, L, sig, nu0 = (CAND[k] for k in ("beta1", "beta2", "eta", "L", "sigma", "nu0"))
    lhs = sum(prob * sum(math.sqrt(nu[t][l] + (1 - b2) * sig ** 2)
                         for t in range(1, T_ + 1) for l in range(D_))
              for prob, _, _, nu, _ in _runs(CAND))
    r = b1 / math.sqrt(b2)
    C1 = (L / 2 * eta ** 2 + 2 * math.sqrt(1 - b2) / (1 - b1) ** 2 * eta * sig
          + eta ** 2 * b1 / (math.sqrt(b2) * (1 - r))
          + L ** 2 * b1 * eta ** 3 * (1 - b1) / (b2 * math.sqrt(1 - b2) * (1 - b1 ** 2 / b2)
                                                * (1 - b1 / b2) ** 2) * D_ / sig
          * (1 - b1) ** 2 / (1 - r) ** 2) / (1 - b2)
    C2 = 2 / ((1 - b1) * eta) * (_f(CAND, CAND["w1"]["values"])
                                 + D_ * 2 * C1 * (math.log(1 / nu0) - T_ * math.log(b2)))
    rhs = (2 * T_ * D_ * math.sqrt(nu0 + (3 - b2) * sig ** 2) + 4 * D_ * C1 * math.log(D_ * C1)
           + 12 * C2)
    assert float(v.lhs) == pytest.approx(lhs, rel=1e-12)
    assert float(v.rhs) == pytest.approx(rhs, rel=1e-12)


def test_theorem_2_split_sides_against_hand_enumeration():
    stmt = lemmas.get(P + "theorem-2-split")
    a, b, omc = 0.6, 1.2, 0.7
    cand = {k: v for k, v in CAND.items() if k not in ("eta", "beta1", "beta2")}
    cand.update({"a": a, "b": b, "omc": omc})
    v = verify_candidate(stmt, cand, {"T": T_, "d": D_})
    assert v.hypotheses_hold and v.method == "mpmath-enumeration" and not v.violated
    l = v.index["l"] - 1
    b2 = 1 - b / T_
    sig, nu0 = cand["sigma"], cand["nu0"]
    lhs = rhs = 0.0
    for prob, w, m, nu, gs in _runs(cand, eta=a / math.sqrt(T_), b1=(1 - omc) * b2, b2=b2):
        Y = nu0 / (1 - b2) + sum(g[l] ** 2 for g in gs) + sig ** 2
        lhs += prob * math.sqrt(Y)
        big = 0.0
        for t in range(1, T_ + 1):
            G = _grad(cand, w[t - 1])[l]
            nt = b2 * nu[t - 1][l] + (1 - b2) * G ** 2 + (1 - b2) * sig ** 2
            big += G ** 2 / math.sqrt(nt) * (abs(G) >= sig)
        rhs += prob * (math.sqrt(nu0 / (1 - b2) + 2 * sig ** 2 * T_ + sig ** 2)
                       + 2 * math.sqrt(1 - b2) * big)
    assert float(v.lhs) == pytest.approx(lhs, rel=1e-12)
    assert float(v.rhs) == pytest.approx(rhs, rel=1e-12)


def test_section_4_1_list_misses_the_term_of_t_times_fourth_root():
    """At a = 0.4, b = 0.01 (inside the printed region) the printed list's largest exponent is
    a/2 − 1/2 = −0.3, while the display's term T⁴√(1−β₂)/T is T^{−0.0025}."""
    stmt = lemmas.get(P + "sec-4.1-exponents-missing-term")
    v = verify_candidate(stmt, {"a_exp": 0.4, "b_exp": 0.01}, {})
    assert v.hypotheses_hold and v.violated
    assert float(v.lhs) == pytest.approx(-0.0025, rel=1e-12)
    assert float(v.rhs) == pytest.approx(-0.3, rel=1e-12)
    fixed = lemmas.get(P + "sec-4.1-exponents-missing-term@corrected")
    assert not verify_candidate(fixed, {"a_exp": 0.4, "b_exp": 0.01}, {}).violated
