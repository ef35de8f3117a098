"""The adam_linf statements appended after Lemma 3.12 in adaproof/lemmas/adam_linf.py: Lemma
3.12 for v₀ = 0 (log-sum), the pathwise steps of the proof of Lemma 3.13 (proxy-gap, log-sum),
the displacement bound (14) in the proof of Lemma C.1 and the per-coordinate step bound of
Section 3.2 (update-norm).

Per statement: a proof-regression check at a small budget pinning the expected status, and the
sides against an independent hand computation (plain Python floats, own recurrences) on one
input, in the float path (every universal index) and in the exact path (the index it reports)."""
import math

import pytest
import torch

from adaproof import lemmas
from adaproof.checker import check
from adaproof.symbolic import torch_eval
from adaproof.verification import evaluate_batch, inputs_from_candidates, verify_candidate
from adaproof.derive import sampler_for

P = "adam_linf/"

# key -> (budget in examples, sanity floor on the best ratio lhs/rhs); every floor is reached
# by seed 0 within 200 examples (ratios 0.99999997-1.0)
HOLDS = {
    "lemma-3.12-v0-zero": (200, 0.9),
    "lemma-3.13-step-1": (200, 0.9),
    "lemma-3.13-eq-10": (200, 0.9),
    "lemma-3.13-second-term": (200, 0.9),
    "eq-14-cauchy-schwarz": (200, 0.9),
    "eq-14": (200, 0.9),
    "sec-3.2-step": (200, 0.9),
    "eq-14-max": (200, 0.9),
    "eq-14-last-step": (200, 0.99),
    "eq-14-lemma-3.12-step": (200, 0.9),
    "lemma-3.13-step-2@corrected": (200, 0.9),
    "lemma-3.14-sum-step@corrected": (200, 0.9),
}
#: violated as printed (counterexample stored, corrected variant in HOLDS)
VIOLATED = ("lemma-3.13-step-2", "lemma-3.14-sum-step")
#: statements in expectation, pinned in test_adam_linf_expectation.py
IN_EXPECTATION = ("lemma-3.13-eq-4", "lemma-3.13-per-step", "lemma-3.13-noise-bound",
                  "lemma-3.14", "lemma-C.1")
#: issue 14 (c14d), pinned in test_adam_linf_coverage.py
COVERAGE = ("eq-2", "eq-3", "eq-5", "eq-7", "eq-7@corrected", "eq-7-first", "eq-13",
            "eq-13@corrected", "eq-13-squared", "lemma-C.1-blocks", "lemma-3.14-blocks",
            "eq-11", "eq-12")
#: issues 13/14 leftovers (m13b), pinned in test_m13b.py
M13B = ("lemma-C.1-psd", "lemma-C.1-indefinite")


def test_every_new_statement_is_pinned():
    mine = {s.key for s in lemmas.all(paper="adam_linf")
            if s.kind in ("lemma", "eq", "remark")
            and s.special is None and not hasattr(s, "evaluate_computed")
            } - {P + "lemma-3.12"} - {P + k for k in COVERAGE} - {P + k for k in M13B}
    # other kinds: tests/test_kinds_*.py; computed statements (matrices, relations):
    # tests/test_computed.py
    assert mine == {P + k for k in (*HOLDS, *VIOLATED, *IN_EXPECTATION)}
    for key in VIOLATED:
        assert lemmas.get(P + key).expected == "violated"
        assert lemmas.get(P + key + "@corrected").expected == "holds"
    for key in IN_EXPECTATION:
        assert lemmas.get(P + key).noise is not None


@pytest.mark.parametrize("key", sorted(HOLDS))
def test_holds_at_a_small_budget(key):
    budget, floor = HOLDS[key]
    stmt = lemmas.get(P + key)
    assert stmt.expected == "holds"
    r = check(stmt, examples=budget, seed=0)
    assert r.status == "holds", r.to_json()
    assert not r.unexpected
    assert r.best_ratio is not None and floor < r.best_ratio <= 1 + 1e-9, r.best_ratio


@pytest.mark.parametrize("key", sorted(HOLDS))
def test_the_sampler_satisfies_the_hypotheses(key):
    from adaproof.statement import SampleContext
    stmt = lemmas.get(P + key)
    gen = torch.Generator().manual_seed(1)
    names = {q.name for q in stmt.quantities if q.kind == "size"}
    sizes = {k: n for k, n in (("T", 4), ("d", 2), ("K", 3)) if k in names}  # T even: Lemma 3.14
    inputs = sampler_for(stmt)(SampleContext(B=256, sizes=sizes, generator=gen))
    ev = evaluate_batch(stmt, inputs, sizes)
    assert bool(ev.admissible.all())


# ---------------------------------------------------------------------------------------------
# sides against hand computations
# ---------------------------------------------------------------------------------------------
def _seq(values, *start):
    return {"start": list(start), "values": values}


def _compare(key, cand, sizes, lhs_hand, rhs_hand, rtol=1e-12):
    stmt = lemmas.get(P + key)
    ev = evaluate_batch(stmt, inputs_from_candidates([cand]), sizes)
    assert bool(ev.admissible[0])
    lhs = torch_eval(stmt.lhs, ev.env, B=1, forall=stmt.forall)[0]
    rhs = torch_eval(stmt.rhs, ev.env, B=1, forall=stmt.forall)[0]
    lh = torch.tensor(lhs_hand, dtype=torch.float64).expand_as(lhs)
    rh = torch.tensor(rhs_hand, dtype=torch.float64).expand_as(rhs)
    torch.testing.assert_close(lhs, lh, rtol=rtol, atol=1e-300)
    torch.testing.assert_close(rhs, rh, rtol=rtol, atol=1e-300)
    v = verify_candidate(stmt, cand, sizes)
    assert v.hypotheses_hold and v.finite
    pos = tuple(v.index[str(s)] - int(lo) for s, lo, _ in stmt.forall)
    assert float(v.lhs) == pytest.approx(float(lh[pos]), rel=1e-10)
    assert float(v.rhs) == pytest.approx(float(rh[pos]), rel=1e-10)


def test_lemma_3_12_v0_zero_sides():
    """β₂ = 1/2, v = (0, 0.5, 2.25, 2.25): v₁ = (1−β₂)g₁² (the first step's equality case)."""
    g, v = [1.0, -2.0, 0.5], [0.0, 0.5, 2.25, 2.25]
    cand = {"beta2": 0.5, "v": _seq(v, 0), "g": _seq(g, 1)}
    lhs = 1 / 0.5 + 4 / 2.25 + 0.25 / 2.25
    rhs = 3 + 1.0 * (math.log(2.25 / 0.5) + 1)  # β₂/(1−β₂) = 1, ln(v_T/(v_1/e))
    _compare("lemma-3.12-v0-zero", cand, {"T": 3}, lhs, rhs)
    # v₀ must be 0 in this variant
    assert not verify_candidate(lemmas.get(P + "lemma-3.12-v0-zero"),
                                {**cand, "v": _seq([1e-3] + v[1:], 0)}, {"T": 3}).hypotheses_hold


_BL = {"eta": 0.3, "beta1": 0.0, "beta2": 0.8, "eps": 0.01, "v0": 0.2, "sigma": 0.5,
       "g": [[1.0, -0.5], [0.0, 2.0], [0.3, 0.3]], "gbar": [[0.8, 0.1], [-1.0, 1.5], [0.0, 0.0]],
       "m0": [0.7, -0.2], "x0": [0.25, -1.0]}


def _bl_cand():
    c = {k: _BL[k] for k in ("eta", "beta1", "beta2", "eps", "v0", "sigma")}
    c.update(g=_seq(_BL["g"], 1, 1), gbar=_seq(_BL["gbar"], 1, 1), m0=_seq(_BL["m0"], 1),
             x0=_seq(_BL["x0"], 1))
    return c


def _block():
    """One block of d_b = 2 coordinates (Algorithm 3, β₁ = 0): v_t, ṽ_t and x_t by hand."""
    b2, e, s, eta = _BL["beta2"], _BL["eps"], _BL["sigma"], _BL["eta"]
    v, x, out = _BL["v0"], list(_BL["x0"]), []
    for g, gb in zip(_BL["g"], _BL["gbar"]):
        n2, nb2 = (g[0] ** 2 + g[1] ** 2) / 2, (gb[0] ** 2 + gb[1] ** 2) / 2
        vt = (1 - b2) * (nb2 + s * s) + b2 * v
        v = b2 * v + (1 - b2) * n2
        x = [a - eta * gi / math.sqrt(v + e) for a, gi in zip(x, g)]
        out.append({"g": g, "gb": gb, "v": v, "vt": vt, "A": math.sqrt(nb2 + s * s),
                    "B": math.sqrt(n2), "x": list(x), "n2": n2})
    return out


def test_lemma_3_13_step_1_sides():
    """The encoded left side (the display's fourth line) equals its first line
    Σ|g ḡ (1/√(v+ε) − 1/√(ṽ+ε))|, computed here as that."""
    b2, e = _BL["beta2"], _BL["eps"]
    lhs, rhs = [], []
    for st in _block():
        ve, vte = st["v"] + e, st["vt"] + e
        lhs.append(sum(abs(g * gb * (1 / math.sqrt(ve) - 1 / math.sqrt(vte)))
                       for g, gb in zip(st["g"], st["gb"])))
        rhs.append(sum(abs(g * gb * math.sqrt(1 - b2) * (st["A"] - st["B"]))
                       / (math.sqrt(ve) * math.sqrt(vte)) for g, gb in zip(st["g"], st["gb"])))
    _compare("lemma-3.13-step-1", _bl_cand(), {"T": 3, "d": 2}, lhs, rhs, rtol=1e-10)


def test_lemma_3_13_eq_10_sides():
    b2, e, s = _BL["beta2"], _BL["eps"], _BL["sigma"]
    lhs, rhs = [], []
    for st in _block():
        ve, vte = st["v"] + e, st["vt"] + e
        lhs.append(sum((1 - b2) * g * g * 2 * st["A"] * s / (ve * math.sqrt(vte)) for g in st["g"]))
        rhs.append(2 * math.sqrt(1 - b2) * s * sum(g * g / ve for g in st["g"]))
    _compare("lemma-3.13-eq-10", _bl_cand(), {"T": 3, "d": 2}, lhs, rhs)


def test_lemma_3_13_second_term_sides():
    b2, e = _BL["beta2"], _BL["eps"]
    steps = _block()
    lhs = sum(st["n2"] / (st["v"] + e) for st in steps)
    rhs = 3 + b2 / (1 - b2) * math.log((steps[-1]["v"] + e) / (_BL["v0"] + e))
    _compare("lemma-3.13-second-term", _bl_cand(), {"T": 3, "d": 2}, lhs, rhs)


def test_eq_14_sides():
    b2, e, eta = _BL["beta2"], _BL["eps"], _BL["eta"]
    steps = _block()
    lhs_cs, rhs_cs, lhs, rhs = [], [], [], []
    for t in range(1, 4):
        first = steps[:t]
        lhs_cs.append(eta ** 2 / 2 * sum(
            sum(st["g"][j] / math.sqrt(st["v"] + e) for st in first) ** 2 for j in range(2)))
        rhs_cs.append(eta ** 2 / 2 * sum(
            t * sum(st["g"][j] ** 2 / (st["v"] + e) for st in first) for j in range(2)))
        lhs.append(sum((a - b) ** 2 for a, b in zip(steps[t - 1]["x"], _BL["x0"])) / 2)
        rhs.append(eta ** 2 * t * (t + b2 / (1 - b2) * math.log(
            (steps[t - 1]["v"] + e) / (_BL["v0"] + e))))
    # x_t − x_0 = −ηΣ_s g_s/√(v_s+ε) (β₁ = 0): the two left sides agree
    assert lhs == pytest.approx(lhs_cs, rel=1e-12)
    _compare("eq-14-cauchy-schwarz", _bl_cand(), {"T": 3, "d": 2}, lhs_cs, rhs_cs)
    _compare("eq-14", _bl_cand(), {"T": 3, "d": 2}, lhs, rhs, rtol=1e-10)


def test_eq_14_needs_beta1_zero():
    cand = {**_bl_cand(), "beta1": 0.5}
    assert not verify_candidate(lemmas.get(P + "eq-14"), cand, {"T": 3, "d": 2}).hypotheses_hold


def test_sec_3_2_step_sides():
    """ε = v₀ = 0: at t = 1, g²/v = 1/(1−β₂) exactly (the bound is attained)."""
    b2, g = 0.6, [[1.0, -3.0], [0.5, 0.0]]
    cand = {"beta2": b2, "eps": 0.0, "v0": 0.0, "g": _seq(g, 1, 1), "x0": _seq([0.0, 0.0], 1)}
    v, lhs = [0.0, 0.0], []
    for gt in g:
        v = [b2 * a + (1 - b2) * x * x for a, x in zip(v, gt)]
        lhs.append([x * x / a for x, a in zip(gt, v)])
    _compare("sec-3.2-step", cand, {"T": 2, "d": 2}, lhs, 1 / (1 - b2))
    assert lhs[0] == pytest.approx([1 / (1 - b2)] * 2, rel=1e-15)


# ---------------------------------------------------------------------------------------------
# (14) with several blocks (Adam: one block per coordinate), and its step (1)
# ---------------------------------------------------------------------------------------------
def _adam_cand():
    c = {k: _BL[k] for k in ("eta", "beta1", "beta2", "eps", "v0")}
    c.update(g=_seq(_BL["g"], 1, 1), x0=_seq(_BL["x0"], 1))
    return c


def _adam():
    """Adam (Algorithm 1, β₁ = 0) by hand: per-coordinate v_{t,i} and x_{t,i}."""
    b2, e, eta = _BL["beta2"], _BL["eps"], _BL["eta"]
    v, x, out = [_BL["v0"]] * 2, list(_BL["x0"]), []
    for g in _BL["g"]:
        v = [b2 * a + (1 - b2) * gi * gi for a, gi in zip(v, g)]
        x = [a - eta * gi / math.sqrt(vi + e) for a, gi, vi in zip(x, g, v)]
        out.append({"v": list(v), "x": list(x)})
    return out


def test_eq_14_max_and_last_step_sides():
    b2, e, eta, v0 = _BL["beta2"], _BL["eps"], _BL["eta"], _BL["v0"]
    steps = _adam()
    lhs_all, lhs_last, rhs = [], [], []
    for t, st in enumerate(steps, start=1):
        last = eta ** 2 * t ** 2 + eta ** 2 * t * b2 / (1 - b2) * math.log(
            (max(st["v"]) + e) / (v0 + e))
        rhs.append([last, last])
        lhs_all.append([(a - b) ** 2 for a, b in zip(st["x"], _BL["x0"])])
        lhs_last.append([eta ** 2 * t * (t + b2 / (1 - b2) * math.log((vi + e) / (v0 + e)))
                         for vi in st["v"]])
    _compare("eq-14-max", _adam_cand(), {"T": 3, "d": 2}, lhs_all, rhs, rtol=1e-10)
    _compare("eq-14-last-step", _adam_cand(), {"T": 3, "d": 2}, lhs_last, rhs)
    # the block holding the largest v_{t,b} attains the last step with equality
    for t, st in enumerate(steps):
        i = st["v"].index(max(st["v"]))
        assert lhs_last[t][i] == pytest.approx(rhs[t][i], rel=1e-14)


def test_eq_14_lemma_3_12_step_sides():
    b2, e, eta = _BL["beta2"], _BL["eps"], _BL["eta"]
    steps = _block()
    lhs, rhs = [], []
    for t in range(1, 4):
        lhs.append(eta ** 2 * t * sum(st["n2"] / (st["v"] + e) for st in steps[:t]))
        rhs.append(eta ** 2 * t * (t + b2 / (1 - b2) * math.log(
            (steps[t - 1]["v"] + e) / (_BL["v0"] + e))))
    _compare("eq-14-lemma-3.12-step", _bl_cand(), {"T": 3, "d": 2}, lhs, rhs)


# ---------------------------------------------------------------------------------------------
# proof steps: each link's verdict
# ---------------------------------------------------------------------------------------------
PROOFS = {
    # the definition of v (an identity only along the trajectory) is undecided; ε ≥ 0,
    # algebra, 1 − x ≤ −ln x and telescoping are proved
    "lemma-3.13-second-term": ["undecided", "proved", "proved", "proved", "proved"],
    "eq-14-lemma-3.12-step": ["undecided", "proved", "proved", "proved", "proved"],
    # Lemma 3.12's first two links, then the v_0 = 0 split (sums over different ranges)
    "lemma-3.12-v0-zero": ["proved", "proved", "undecided"],
}


@pytest.mark.parametrize("key", sorted(PROOFS))
def test_proof_links_get_the_claimed_verdicts(key):
    from adaproof.proofs import check_proof
    stmt = lemmas.get(P + key)
    verdicts = [v for _, v in check_proof(stmt)]
    assert verdicts == PROOFS[key]
    # the chain runs from the statement's left side to its right side
    assert stmt.proof[0].lhs == stmt.lhs and stmt.proof[-1].rhs == stmt.rhs
    for a, b in zip(stmt.proof, stmt.proof[1:]):
        assert a.rhs == b.lhs


def test_a_wrong_link_is_not_proved():
    """The ε-step with the wrong scale, and the log step with a coefficient doubled, fail."""
    import dataclasses
    from adaproof.proofs import check_step
    stmt = lemmas.get(P + "lemma-3.13-second-term")
    eps_step, log_step = stmt.proof[1], stmt.proof[3]
    assert check_step(dataclasses.replace(eps_step, scale=2 * eps_step.scale), stmt) != "proved"
    assert check_step(dataclasses.replace(log_step, rhs=2 * log_step.rhs), stmt) != "proved"


# ---------------------------------------------------------------------------------------------
# violated as printed: the stored counterexamples replay; the proof of Lemma 3.14's sum step
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", VIOLATED)
def test_stored_counterexamples_replay(key):
    import json
    from pathlib import Path
    stmt, fixed = lemmas.get(P + key), lemmas.get(P + key + "@corrected")
    folder = Path(__file__).resolve().parents[2] / "counterexamples" / "adam_linf" / key
    entries = [json.loads(f.read_text()) for f in sorted(folder.glob("*.json"))]
    assert entries
    for e in entries:
        assert e["key"] == stmt.key
        v = verify_candidate(stmt, e["inputs"], e["sizes"])
        assert v.hypotheses_hold and v.violated
        assert float(v.lhs) > float(v.rhs)
        w = verify_candidate(fixed, e["inputs"], e["sizes"])
        assert w.hypotheses_hold and not w.violated


def test_lemma_3_14_sum_step_hand_counterexample():
    """T = 10, β₂ = 1/4, v₀ = σ = ε = 0, a = e_6 (a_{T/2+1} = 1): a_6 gets Σ_{t=6}^{10}
    √(β₂^{t−6}(1−β₂)) = (√3/2)(1 + 1/2 + … + 1/16) ≈ 1.678 > (1−β₂)/(1−√β₂) = 3/2; with the
    coefficient β₂^{s/2}(1−β₂) it gets (3/4)·1.9375 ≈ 1.453 ≤ 3/2."""
    a = [0.0] * 10
    a[5] = 1.0
    cand = {"beta2": 0.25, "v0": 0.0, "sigma": 0.0, "eps": 0.0, "a": _seq(a, 1)}
    geo = sum(0.5 ** k for k in range(5))
    _compare("lemma-3.14-sum-step", cand, {"T": 10}, math.sqrt(0.75) * geo, 1.5)
    _compare("lemma-3.14-sum-step@corrected", cand, {"T": 10}, 0.75 * geo, 1.5)
    assert verify_candidate(lemmas.get(P + "lemma-3.14-sum-step"), cand, {"T": 10}).violated
    # and the other terms, on a generic input
    cand = {"beta2": 0.5, "v0": 2.0, "sigma": 0.3, "eps": 0.01,
            "a": _seq([0.5, 0.0, 1.5, 0.25], 1)}
    b2, T_ = 0.5, 4
    lhs = sum(math.sqrt(b2 ** t * 2.0) for t in (3, 4)) + 2 * math.sqrt(0.09 + 0.01)
    lhs += sum(math.sqrt(b2 ** s * (1 - b2)) * cand["a"]["values"][t - s - 1]
               for t in (3, 4) for s in range(t))
    rhs = b2 ** (T_ / 4) / (1 - math.sqrt(b2)) * math.sqrt(2.0) + 2 * math.sqrt(0.1) + \
        (1 - b2) / (1 - math.sqrt(b2)) * 2.25
    _compare("lemma-3.14-sum-step", cand, {"T": 4}, lhs, rhs)
