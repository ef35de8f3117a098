"""adam_linf statements in expectation over a finite noise law (Lemma 3.13 per step conditional
on the past, and summed over t as printed in (4)) and the AM-GM step (2) of the proof of Lemma
3.13, whose expectation E[(A − B)² | x_{t−1}] is computed over the law.

Per statement: the expected status at a small budget (holds with exact enumeration of the noise
paths, or violated as printed with a stored counterexample that replays), a deliberately wrong
variant (built here with dataclasses.replace) found violated by the mpmath enumeration, and the
sides against an independent hand computation (plain Python, own enumeration of the paths and,
for (4), an own closed-loop AdaSGD run)."""
import dataclasses
import itertools
import json
import math
from pathlib import Path

import pytest
import sympy as sp
import torch

from adaproof import lemmas
from adaproof.checker import check
from adaproof.statement import SampleContext
from adaproof.verification import evaluate_batch, inputs_from_candidates, verify_candidate
from adaproof.derive import sampler_for, sizes_for

P = "adam_linf/"


def _seq(values, *start):
    return {"start": list(start), "values": values}


def _fixed(stmt, sizes, key):
    """The statement at fixed sizes (a fast exact enumeration), under a test id."""
    return dataclasses.replace(stmt, id=P + key, sizes=lambda g, preset: dict(sizes))


# ---------------------------------------------------------------------------------------------
# the samplers build exactly centred laws
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("key,sizes", [("lemma-3.13-per-step", {"d": 3, "K": 2}),
                                       ("lemma-3.13-per-step", {"d": 2, "K": 3}),
                                       ("lemma-3.13-eq-4", {"T": 2, "d": 2, "K": 3}),
                                       ("lemma-3.13-step-2", {"K": 3})])
def test_samplers_build_exact_laws_that_satisfy_the_hypotheses(key, sizes):
    from fractions import Fraction
    stmt = lemmas.get(P + key)
    inputs = sampler_for(stmt)(SampleContext(B=128, sizes=dict(sizes),
                                        generator=torch.Generator().manual_seed(2)))
    ev = evaluate_batch(stmt, inputs, sizes)
    assert bool(ev.admissible.all())
    assert bool(torch.isfinite(ev.lhs).all() & torch.isfinite(ev.rhs).all())
    for b in range(0, 128, 9):  # mean exactly 0, probabilities sum exactly to 1, σ² ≥ E ξ²
        us = [Fraction(float(a)) for a in inputs["u"].data[b]]
        ps = [Fraction(float(a)) for a in inputs["p"].data[b]]
        assert sum(ps) == 1 and sum(p_ * u_ for p_, u_ in zip(ps, us)) == 0
        assert all(p_ > 0 for p_ in ps)
        assert Fraction(float(inputs["sigma"][b])) ** 2 >= sum(p_ * u_ * u_ for p_, u_ in
                                                               zip(ps, us))


# ---------------------------------------------------------------------------------------------
# Lemma 3.13, per step, conditional on the past
# ---------------------------------------------------------------------------------------------
_PS = {"beta2": 0.5, "eps": 0.1, "vprev": 0.3, "sigma": 0.8, "gbar": [0.5, -1.0],
       "u": [-0.5, 0.0, 0.5], "p": [0.25, 0.5, 0.25]}


def _ps_cand():
    return {"beta2": _PS["beta2"], "eps": _PS["eps"], "vprev": _PS["vprev"],
            "sigma": _PS["sigma"], "gbar": _seq(_PS["gbar"], 1), "u": _seq(_PS["u"], 1),
            "p": _seq(_PS["p"], 1)}


def _ps_hand():
    """E[lhs], E[rhs] over the 9 noise paths, by hand."""
    b2, e, vp, s, gb = _PS["beta2"], _PS["eps"], _PS["vprev"], _PS["sigma"], _PS["gbar"]
    d = len(gb)
    vt = b2 * vp + (1 - b2) * (sum(a * a for a in gb) / d + s * s)
    L = R = 0.0
    for idx in itertools.product(range(3), repeat=d):
        w = math.prod(_PS["p"][k] for k in idx)
        g = [gb[i] + _PS["u"][idx[i]] for i in range(d)]
        v = b2 * vp + (1 - b2) * sum(a * a for a in g) / d
        L += w * (0.5 * sum(a * a for a in gb) / math.sqrt(vt + e)
                  - math.sqrt(1 - b2) * s * sum(a * a for a in g) / (v + e))
        R += w * sum(a * c for a, c in zip(g, gb)) / math.sqrt(v + e)
    return L, R


def test_per_step_sides_against_a_hand_enumeration():
    stmt = lemmas.get(P + "lemma-3.13-per-step")
    L, R = _ps_hand()
    sizes = {"d": 2, "K": 3}
    ev = evaluate_batch(stmt, inputs_from_candidates([_ps_cand()]), sizes)
    assert ev.expectation == "exact-enumeration" and bool(ev.admissible[0])
    assert float(ev.lhs[0]) == pytest.approx(L, rel=1e-12)
    assert float(ev.rhs[0]) == pytest.approx(R, rel=1e-12)
    v = verify_candidate(stmt, _ps_cand(), sizes)
    assert v.method == "mpmath-enumeration" and v.hypotheses_hold and not v.violated
    assert float(v.lhs) == pytest.approx(L, rel=1e-12)
    assert float(v.rhs) == pytest.approx(R, rel=1e-12)
    # a biased law (E ξ ≠ 0) and a too small σ (σ² < E ξ²) are outside the hypotheses
    biased = {**_ps_cand(), "u": _seq([-0.5, 0.0, 0.75], 1)}
    assert not verify_candidate(stmt, biased, sizes).hypotheses_hold
    assert not verify_candidate(stmt, {**_ps_cand(), "sigma": 0.35}, sizes).hypotheses_hold


def test_per_step_holds_with_exact_enumeration():
    stmt = lemmas.get(P + "lemma-3.13-per-step")
    assert stmt.expected == "holds" and stmt.noise is not None
    r = check(stmt, examples=512, seed=0, batch=256)
    assert r.status == "holds", r.to_json()
    assert r.expectation == "exact-enumeration"
    assert r.examples >= 256 and r.rejected_by_hypotheses == 0
    # the noise-free equality E[g·ḡ/√(v+ε)] = ‖ḡ‖²/√(ṽ+ε) makes lhs/rhs reach 1/2
    assert 0.45 < r.best_ratio <= 1 + 1e-9


def test_per_step_without_the_am_gm_halving_is_violated():
    """The coefficient 1/2 of the proxy replaced by 1 (what the proof would give without the
    AM-GM split) is false: the engine finds it with the mpmath enumeration."""
    stmt = lemmas.get(P + "lemma-3.13-per-step")
    wrong = _fixed(stmt, {"d": 1, "K": 2}, "test-per-step-no-half")
    wrong = dataclasses.replace(wrong, lhs=wrong.lhs.subs(sp.Rational(1, 2), 1))
    assert wrong.lhs != stmt.lhs
    r = check(wrong, examples=1024, seed=0, batch=256, save=False, fresh=True)
    assert r.status == "violated" and r.expectation == "exact-enumeration"
    ce = r.counterexample
    assert ce["verification"] == "mpmath-enumeration" and ce["digits"] == 60
    assert float(ce["lhs"]) > float(ce["rhs"])


# ---------------------------------------------------------------------------------------------
# Lemma 3.13, (4): summed over t, noise over all steps, AdaSGD in closed loop
# ---------------------------------------------------------------------------------------------
_SU = {"eta": 0.1, "beta1": 0.5, "beta2": 0.75, "eps": 0.01, "v0": 0.2, "sigma": 0.6,
       "h": [1.5, -0.5], "c": [1.0, 2.0], "x0": [0.0, 0.0], "u": [-0.5, 0.5], "p": [0.5, 0.5]}


def _su_cand():
    c = {k: _SU[k] for k in ("eta", "beta1", "beta2", "eps", "v0", "sigma")}
    c.update({k: _seq(_SU[k], 1) for k in ("h", "c", "x0", "u", "p")})
    return c


def _su_hand(T=2):
    """E of both sides of (4) over the 2^(T·d) paths, AdaSGD run by hand on each."""
    eta, b1, b2, e, s = (_SU[k] for k in ("eta", "beta1", "beta2", "eps", "sigma"))
    h, c, d = _SU["h"], _SU["c"], len(_SU["h"])
    L = R = 0.0
    for idx in itertools.product(range(2), repeat=T * d):
        w = math.prod(_SU["p"][k] for k in idx)
        noise = [[_SU["u"][idx[t * d + i]] for i in range(d)] for t in range(T)]
        x, m, v = list(_SU["x0"]), [0.0] * d, _SU["v0"]
        proxy = inner = 0.0
        for t in range(T):
            gb = [h[i] * (x[i] - c[i]) for i in range(d)]
            g = [gb[i] + noise[t][i] for i in range(d)]
            vt = b2 * v + (1 - b2) * (sum(a * a for a in gb) / d + s * s)
            v = b2 * v + (1 - b2) * sum(a * a for a in g) / d
            m = [b1 * m[i] + (1 - b1) * g[i] for i in range(d)]
            x = [x[i] - eta * m[i] / math.sqrt(v + e) for i in range(d)]
            proxy += sum(a * a for a in gb) / math.sqrt(vt + e)
            inner += sum(a * b_ for a, b_ in zip(g, gb)) / math.sqrt(v + e)
        L += w * (0.5 * proxy - math.sqrt(1 - b2) * T * d * s
                  - d * s * b2 / math.sqrt(1 - b2) * math.log((v + e) / (_SU["v0"] + e)))
        R += w * inner
    return L, R


def test_summed_form_sides_against_a_hand_run():
    stmt = lemmas.get(P + "lemma-3.13-eq-4")
    sizes = {"T": 2, "d": 2, "K": 2}
    L, R = _su_hand()
    ev = evaluate_batch(stmt, inputs_from_candidates([_su_cand()]), sizes)
    assert ev.expectation == "exact-enumeration" and bool(ev.admissible[0])
    assert float(ev.lhs[0]) == pytest.approx(L, rel=1e-12)
    assert float(ev.rhs[0]) == pytest.approx(R, rel=1e-12)
    # the exact path: trajectories recomputed from the SymPy recurrences on each of 16 paths
    v = verify_candidate(stmt, _su_cand(), sizes)
    assert v.method == "mpmath-enumeration" and v.hypotheses_hold and not v.violated
    assert float(v.lhs) == pytest.approx(L, rel=1e-12)
    assert float(v.rhs) == pytest.approx(R, rel=1e-12)


def test_summed_form_holds_with_exact_enumeration():
    stmt = lemmas.get(P + "lemma-3.13-eq-4")
    assert stmt.expected == "holds" and stmt.trajectory is not None
    r = check(stmt, examples=512, seed=0, batch=128)
    assert r.status == "holds", r.to_json()
    assert r.expectation == "exact-enumeration"
    assert r.examples >= 128 and r.rejected_by_hypotheses == 0
    assert r.best_ratio is not None and 0.3 < r.best_ratio <= 1 + 1e-9


def test_summed_form_with_the_proxy_not_halved_is_violated():
    stmt = lemmas.get(P + "lemma-3.13-eq-4")
    wrong = _fixed(stmt, {"T": 2, "d": 1, "K": 2}, "test-sum-no-half")
    wrong = dataclasses.replace(wrong, lhs=wrong.lhs.subs(sp.Rational(1, 2), 1))
    assert wrong.lhs != stmt.lhs
    r = check(wrong, examples=1024, seed=0, batch=128, save=False, fresh=True)
    assert r.status == "violated" and r.expectation == "exact-enumeration"
    assert r.counterexample["verification"] == "mpmath-enumeration"


def test_summed_form_uses_monte_carlo_beyond_the_path_limit():
    stmt = lemmas.get(P + "lemma-3.13-eq-4")
    sizes = {"T": 10, "d": 2, "K": 3}  # 3^20 paths
    assert sizes in [sizes_for(stmt)(torch.Generator().manual_seed(s), "deep") for s in range(200)]
    inputs = sampler_for(stmt)(SampleContext(B=4, sizes=sizes,
                                        generator=torch.Generator().manual_seed(0)))
    ev = evaluate_batch(stmt, inputs, sizes, generator=torch.Generator().manual_seed(1),
                        mc_paths=256)
    assert ev.expectation == "monte-carlo" and bool(ev.admissible.all())
    assert bool(torch.isfinite(ev.lhs).all())


# ---------------------------------------------------------------------------------------------
# the AM-GM step (2): printed with √(v_t + ε) in (9), violated; corrected with √(ṽ_t + ε)
# ---------------------------------------------------------------------------------------------
def _step2_hand(cand, corrected):
    """Both sides at every atom k, by hand (d_b = 1)."""
    b2, e, vp, s, gb = (cand[k] for k in ("beta2", "eps", "vprev", "sigma", "gb"))
    us, ps = cand["u"]["values"], cand["p"]["values"]
    A = math.sqrt(gb * gb + s * s)
    Q = sum(p_ * (A - abs(gb + u_)) ** 2 for p_, u_ in zip(ps, us))
    vt = b2 * vp + (1 - b2) * (gb * gb + s * s)
    out = []
    for u_ in us:
        g = gb + u_
        v = b2 * vp + (1 - b2) * g * g
        lhs = abs(g * gb * math.sqrt(1 - b2) * (A - abs(g))) / (math.sqrt(v + e) * math.sqrt(vt + e))
        den9 = math.sqrt(vt + e) if corrected else math.sqrt(v + e)
        rhs = (0.5 * gb * gb / den9 * (A - abs(g)) ** 2 / Q
               + 0.5 * (1 - b2) * g * g * Q / ((v + e) * math.sqrt(vt + e)))
        out.append((lhs, rhs))
    return out


_S2 = {"beta2": 0.5, "eps": 0.25, "vprev": 1.0, "sigma": 1.0, "gb": 0.75,
       "u": _seq([-1.0, 0.0, 1.0], 1), "p": _seq([0.25, 0.5, 0.25], 1)}


@pytest.mark.parametrize("variant", ["", "@corrected"])
def test_step_2_sides_against_a_hand_computation(variant):
    from adaproof.symbolic import torch_eval
    stmt = lemmas.get(P + "lemma-3.13-step-2" + variant)
    ev = evaluate_batch(stmt, inputs_from_candidates([_S2]), {"K": 3})
    assert bool(ev.admissible[0])
    hand = _step2_hand(_S2, bool(variant))
    lhs = torch_eval(stmt.lhs, ev.env, B=1, forall=stmt.forall)[0]
    rhs = torch_eval(stmt.rhs, ev.env, B=1, forall=stmt.forall)[0]
    for k, (lh, rh) in enumerate(hand):
        assert float(lhs[k]) == pytest.approx(lh, rel=1e-12, abs=1e-300)
        assert float(rhs[k]) == pytest.approx(rh, rel=1e-12)
    # a hand-sized counterexample to the printed step: at the atom ξ = 1, (9) with √(v_t + ε)
    # is too small (lhs ≈ 0.2483 > rhs ≈ 0.2251); the AM-GM form holds at every atom
    assert any(lh > rh * (1 + 1e-6) for lh, rh in hand) == (not variant)
    v = verify_candidate(stmt, _S2, {"K": 3})
    assert v.hypotheses_hold and v.violated == (not variant)
    lh, rh = hand[v.index["k"] - 1]
    assert float(v.lhs) == pytest.approx(lh, rel=1e-10, abs=1e-300)
    assert float(v.rhs) == pytest.approx(rh, rel=1e-10)


def test_step_2_printed_is_violated_and_its_counterexample_replays():
    stmt = lemmas.get(P + "lemma-3.13-step-2")
    fixed = lemmas.get(P + "lemma-3.13-step-2@corrected")
    assert stmt.expected == "violated" and fixed.expected == "holds" and fixed.reason
    folder = Path(__file__).resolve().parents[2] / "counterexamples" / "adam_linf" / \
        "lemma-3.13-step-2"
    entries = [json.loads(f.read_text()) for f in sorted(folder.glob("*.json"))]
    assert entries, "the stored counterexample is missing"
    for e in entries:
        v = verify_candidate(stmt, e["inputs"], e["sizes"])
        assert v.hypotheses_hold and v.violated, v
        # an independent float computation agrees that the printed (9) fails at this atom,
        # by a factor > 2, while the AM-GM form (corrected) holds there
        k = v.index["k"] - 1
        lh, rh = _step2_hand(e["inputs"], False)[k]
        assert lh > 2 * rh
        lh_c, rh_c = _step2_hand(e["inputs"], True)[k]
        assert lh_c <= rh_c * (1 + 1e-12)
        assert not verify_candidate(fixed, e["inputs"], e["sizes"]).violated
    assert all(e["key"] == stmt.key for e in entries)
    r = check(stmt, examples=1000, seed=0)  # (the test store is empty: the search finds it again)
    assert r.status == "violated" and not r.unexpected


def test_step_2_corrected_holds_and_is_tight():
    r = check(lemmas.get(P + "lemma-3.13-step-2@corrected"), examples=1000, seed=0)
    assert r.status == "holds", r.to_json()
    assert 0.99 < r.best_ratio <= 1 + 1e-9  # AM-GM is attained where x = y


# ---------------------------------------------------------------------------------------------
# the noise bound in the term (10): E[(A − B)² | x_{t−1}] ≤ 2Aσ_b
# ---------------------------------------------------------------------------------------------
def test_noise_bound_sides_against_a_hand_enumeration():
    stmt = lemmas.get(P + "lemma-3.13-noise-bound")
    cand = {"sigma": _PS["sigma"], "gbar": _seq(_PS["gbar"], 1), "u": _seq(_PS["u"], 1),
            "p": _seq(_PS["p"], 1)}
    gb, s = _PS["gbar"], _PS["sigma"]
    A = math.sqrt(sum(a * a for a in gb) / 2 + s * s)
    L = sum(math.prod(_PS["p"][k] for k in idx)
            * (A - math.sqrt(sum((gb[i] + _PS["u"][idx[i]]) ** 2 for i in range(2)) / 2)) ** 2
            for idx in itertools.product(range(3), repeat=2))
    v = verify_candidate(stmt, cand, {"d": 2, "K": 3})
    assert v.method == "mpmath-enumeration" and v.hypotheses_hold and not v.violated
    assert float(v.lhs) == pytest.approx(L, rel=1e-12)
    assert float(v.rhs) == pytest.approx(2 * A * s, rel=1e-12)


def test_noise_bound_holds_and_its_halved_constant_is_violated():
    stmt = lemmas.get(P + "lemma-3.13-noise-bound")
    r = check(stmt, examples=512, seed=0, batch=256)
    assert r.status == "holds" and r.expectation == "exact-enumeration", r.to_json()
    assert 0.5 < r.best_ratio <= 1 + 1e-9
    wrong = dataclasses.replace(_fixed(stmt, {"d": 1, "K": 2}, "test-noise-bound-half"),
                                rhs=stmt.rhs / 2)
    r = check(wrong, examples=1024, seed=0, batch=256, save=False, fresh=True)
    assert r.status == "violated" and r.expectation == "exact-enumeration"
    assert r.counterexample["verification"] == "mpmath-enumeration"


# ---------------------------------------------------------------------------------------------
# Lemma 3.14, (6): the same closed-loop AdaSGD, T even
# ---------------------------------------------------------------------------------------------
def test_lemma_3_14_sides_against_a_hand_run():
    stmt = lemmas.get(P + "lemma-3.14")
    eta, b1, b2, e, s, v0 = (_SU[k] for k in ("eta", "beta1", "beta2", "eps", "sigma", "v0"))
    h, c, d, T = _SU["h"], _SU["c"], 2, 2
    L = R = 0.0
    for idx in itertools.product(range(2), repeat=T * d):
        w = math.prod(_SU["p"][k] for k in idx)
        x, m, v = list(_SU["x0"]), [0.0] * d, v0
        lhs, acc = 0.0, 0.0
        for t in range(1, T + 1):
            gb = [h[i] * (x[i] - c[i]) for i in range(d)]
            g = [gb[i] + _SU["u"][idx[(t - 1) * d + i]] for i in range(d)]
            nb2 = sum(a * a for a in gb) / d
            vt = b2 * v + (1 - b2) * (nb2 + s * s)
            if t > T // 2:
                lhs += math.sqrt(vt + e)
            acc += nb2 / math.sqrt(vt + e)
            v = b2 * v + (1 - b2) * sum(a * a for a in g) / d
            m = [b1 * m[i] + (1 - b1) * g[i] for i in range(d)]
            x = [x[i] - eta * m[i] / math.sqrt(v + e) for i in range(d)]
        L += w * lhs
        R += w * (2 * b2 ** (T / 4) / (1 - b2) * math.sqrt(v0) + T / 2 * s + T / 2 * math.sqrt(e)
                  + 2 * acc)
    v = verify_candidate(stmt, _su_cand(), {"T": 2, "d": 2, "K": 2})
    assert v.method == "mpmath-enumeration" and v.hypotheses_hold and not v.violated
    assert float(v.lhs) == pytest.approx(L, rel=1e-12)
    assert float(v.rhs) == pytest.approx(R, rel=1e-12)
    ev = evaluate_batch(stmt, inputs_from_candidates([_su_cand()]), {"T": 2, "d": 2, "K": 2})
    assert float(ev.lhs[0]) == pytest.approx(L, rel=1e-12)
    assert float(ev.rhs[0]) == pytest.approx(R, rel=1e-12)


def test_lemma_3_14_holds_and_its_halved_noise_term_is_violated():
    stmt = lemmas.get(P + "lemma-3.14")
    r = check(stmt, examples=512, seed=0, batch=128)
    assert r.status == "holds" and r.expectation == "exact-enumeration", r.to_json()
    assert r.rejected_by_hypotheses == 0 and 0.5 < r.best_ratio <= 1 + 1e-9
    T, sigma = sp.Symbol("T", integer=True, positive=True), sp.Symbol("sigma", real=True)
    wrong = _fixed(stmt, {"T": 2, "d": 1, "K": 2}, "test-3.14-half-sigma")
    wrong = dataclasses.replace(wrong, rhs=stmt.rhs.subs(T / 2 * sigma, T / 4 * sigma))
    assert wrong.rhs != stmt.rhs
    r = check(wrong, examples=1024, seed=0, batch=128, save=False, fresh=True)
    assert r.status == "violated" and r.expectation == "exact-enumeration"
    assert r.counterexample["verification"] == "mpmath-enumeration"


# ---------------------------------------------------------------------------------------------
# Lemma C.1 (exponentiated): E max_b v_{T,b} ≤ 32(v_0+ε)(1 + X/(v_0+ε))² − ε, Adam closed loop
# ---------------------------------------------------------------------------------------------
def test_lemma_c_1_sides_against_a_hand_run():
    stmt = lemmas.get(P + "lemma-C.1")
    eta, b2, e, s, v0 = (_SU[k] for k in ("eta", "beta2", "eps", "sigma", "v0"))
    h, c, d, T = _SU["h"], _SU["c"], 2, 2
    L = 0.0
    for idx in itertools.product(range(2), repeat=T * d):
        w = math.prod(_SU["p"][k] for k in idx)
        x, v = list(_SU["x0"]), [v0] * d
        for t in range(T):
            g = [h[i] * (x[i] - c[i]) + _SU["u"][idx[t * d + i]] for i in range(d)]
            v = [b2 * v[i] + (1 - b2) * g[i] ** 2 for i in range(d)]
            x = [x[i] - eta * g[i] / math.sqrt(v[i] + e) for i in range(d)]
        L += w * max(v)
    X = d * s * s + max((h[i] * (_SU["x0"][i] - c[i])) ** 2 for i in range(d)) + \
        sum(a * a for a in h) * eta ** 2 * T * (T + 1 / (1 - b2))
    R = 32 * (v0 + e) * (1 + X / (v0 + e)) ** 2 - e
    cand = {**_su_cand(), "beta1": 0.0}
    v = verify_candidate(stmt, cand, {"T": 2, "d": 2, "K": 2})
    assert v.method == "mpmath-enumeration" and v.hypotheses_hold and not v.violated
    assert float(v.lhs) == pytest.approx(L, rel=1e-12)
    assert float(v.rhs) == pytest.approx(R, rel=1e-12)
    # β₁ = 0 is the silent hypothesis (the proof uses (14))
    assert not verify_candidate(stmt, _su_cand(), {"T": 2, "d": 2, "K": 2}).hypotheses_hold


def test_lemma_c_1_holds_and_a_wrong_constant_is_violated():
    stmt = lemmas.get(P + "lemma-C.1")
    r = check(stmt, examples=512, seed=0, batch=128)
    assert r.status == "holds" and r.expectation == "exact-enumeration", r.to_json()
    # the constant 32 (ln 32) leaves a factor: v_T ≈ v_0 gives lhs/rhs ≈ 1/32
    assert r.rejected_by_hypotheses == 0 and 0.02 < r.best_ratio <= 1 / 32 + 1e-9
    wrong = _fixed(stmt, {"T": 2, "d": 1, "K": 2}, "test-c1-small-constant")
    wrong = dataclasses.replace(wrong, rhs=stmt.rhs.subs(32, sp.Rational(1, 64)))
    assert wrong.rhs != stmt.rhs
    r = check(wrong, examples=1024, seed=0, batch=128, save=False, fresh=True)
    assert r.status == "violated" and r.expectation == "exact-enumeration"
    assert r.counterexample["verification"] == "mpmath-enumeration"
