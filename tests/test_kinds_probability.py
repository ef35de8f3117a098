"""High-probability statements (adaproof.probability): a planted failure rate above δ is found
and confirmed on a fresh stream, one below δ is not, float-only failures never count, the
binomial test is exact, the witness replays (and a tampered one is an error), and the papers'
high-probability statements are pinned.  Budgets are counted in examples (parameter
candidates)."""
from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import mpmath
import pytest
import sympy as sp
import torch

from adaproof import registry
from adaproof._validation import AdaproofInputError
from adaproof.checker import check
from adaproof.probability import (HighProbability, binom_tail, cp_lower, k_needed, rejects,
                                  stream_seed)
from adaproof.statement import Hypothesis, Quantity, Statement

q, u, delta = sp.symbols("q u delta", real=True)


def _planted(rate: float, dl: float, *, lhs=None, rhs=None, samples=256, confirm=1024):
    """"With probability >= 1 − δ, u <= 1 − q" for u ~ Unif(0, 1): the failure rate is q."""
    hp = HighProbability(
        delta=delta, law="u ~ Unif(0, 1)",
        params=lambda ctx: {"q": torch.full((ctx.B,), rate, dtype=torch.float64),
                            "delta": torch.full((ctx.B,), dl, dtype=torch.float64)},
        noise=lambda ctx, rows: {"u": ctx.rand(ctx.B)}, samples=samples, confirm=confirm)
    return Statement(
        id="mine/planted", paper="mine", kind="claim", number="1", title="planted rate",
        section="", family="other",
        quantities=(Quantity("q", "scalar", "[0, 1]", "rate"),
                    Quantity("delta", "scalar", "(0, 1)", "δ"),
                    Quantity("u", "scalar", "[0, 1]", "noise")),
        hypotheses=(Hypothesis(sp.And(q >= 0, q <= 1)),),
        lhs=u if lhs is None else lhs, rhs=1 - q if rhs is None else rhs, special=hp)


def test_planted_failure_rate_above_delta_is_found_and_confirmed():
    r = check(_planted(0.3, 0.1), examples=4, seed=0)
    assert r.status == "violated", r.error
    ce = r.counterexample
    hp = ce["high_probability"]
    conf, scr = hp["confirm"], hp["screen"]
    # the lower confidence bound exceeds δ, on failures verified exactly, on a fresh stream
    assert mpmath.mpf(ce["lhs"]) > mpmath.mpf(ce["rhs"]) and float(ce["ratio"]) > 1
    assert conf["failures_verified"] >= conf["needed"] and scr["failures_verified"] >= scr[
        "needed"]
    assert conf["stream"] != scr["stream"] and conf["n"] == 1024
    assert conf["stream"] == stream_seed(0, "confirm", 0)
    assert float(conf["tail_at_delta"]) < hp["level"]
    assert hp["law"] == "u ~ Unif(0, 1)" and hp["example_failure"]["inputs"]["u"] > 0.7
    assert r.saved_to and Path(r.saved_to).is_file()
    # it replays from its seed stream
    again = check(_planted(0.3, 0.1), examples=4, seed=0)
    assert again.status == "violated" and again.replayed and again.examples == 0


def test_planted_failure_rate_below_delta_is_not_reported():
    r = check(_planted(0.05, 0.1), examples=6, seed=0)
    assert r.status == "holds", r.counterexample
    assert r.best_ratio is not None and r.best_ratio < 1
    assert r.counterexample is None and r.examples == 6


def test_rate_equal_to_delta_is_not_reported():
    # the exact test at level 1e-3 must not reject p <= δ when p == δ
    r = check(_planted(0.1, 0.1), examples=8, seed=3)
    assert r.status == "holds"


def test_float_only_failures_never_count():
    # (u + 1/3)² − u² − 2u/3 − 1/9 is exactly 0 <= 0; float64 leaves ±1e-17 on half the draws
    lhs = (u + sp.Rational(1, 3)) ** 2 - u ** 2 - 2 * u / 3 - sp.Rational(1, 9)
    stmt = _planted(0.0, 0.01, lhs=lhs, rhs=sp.Integer(0) * q)
    r = check(stmt, examples=3, seed=0, save=False)
    assert r.status == "holds", r.counterexample
    assert r.resolved_by_mpmath > 0  # the float flags were re-verified, and cleared


def test_tampered_witness_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("ADAPROOF_STORE", str(tmp_path))
    r = check(_planted(0.3, 0.1), examples=2, seed=1)
    assert r.status == "violated"
    path = Path(r.saved_to)
    e = json.loads(path.read_text())
    e["high_probability"]["confirm"]["stream"] += 1  # another stream: the digest differs
    path.write_text(json.dumps(e))
    bad = check(_planted(0.3, 0.1), examples=2, seed=1)
    assert bad.status == "error" and "no longer reproduces" in bad.error


def test_a_witness_redrawn_in_its_last_bits_is_confirmed_again(tmp_path, monkeypatch):
    """Another CPU draws the same stream with other last bits (torch's normal and exp kernels
    differ between instruction sets: the shipped alphaadam witnesses on an AVX-512 machine):
    the digest differs but the stored failing draw agrees to rounding, so the redrawn sample
    is re-confirmed exactly and the finding stands, with a note.  A failing draw that differs
    beyond rounding is still an error."""
    from adaproof import probability
    monkeypatch.setenv("ADAPROOF_STORE", str(tmp_path))
    r = check(_planted(0.3, 0.1), examples=2, seed=1)
    assert r.status == "violated"
    monkeypatch.setattr(probability, "_digest", lambda rows, names: "bits of another machine")
    again = check(_planted(0.3, 0.1), examples=2, seed=1, save=False)
    assert again.status == "violated" and again.replayed, again.to_json()
    assert "redrawn" in again.counterexample["replay_note"]
    path = Path(r.saved_to)
    e = json.loads(path.read_text())
    ex = e["high_probability"]["example_failure"]
    noise = [k for k in ex["inputs"] if k not in e["inputs"]]
    assert noise, ex
    for k in noise:  # the stored failing draw moved in its 10th digit: not rounding
        v = ex["inputs"][k]
        ex["inputs"][k] = ({**v, "values": [x * (1 + 1e-10) + 1e-300 for x in v["values"]]}
                           if isinstance(v, dict) else v * (1 + 1e-10) + 1e-300)
    path.write_text(json.dumps(e))
    bad = check(_planted(0.3, 0.1), examples=2, seed=1, save=False)
    assert bad.status == "error" and "no longer reproduces" in bad.error


def test_stale_witness_when_the_rate_drops(tmp_path, monkeypatch):
    monkeypatch.setenv("ADAPROOF_STORE", str(tmp_path))
    r = check(_planted(0.3, 0.1), examples=2, seed=1)
    assert r.status == "violated"
    # the same stored witness against a statement whose failure rate is 0.3 but δ raised to 0.5
    # (δ is an input: replace the parameter law, keep the stored inputs) -> not violated
    path = Path(r.saved_to)
    e = json.loads(path.read_text())
    e["inputs"]["delta"] = 0.5
    e["high_probability"]["confirm"]["noise_sha256"] = None
    path.write_text(json.dumps(e))
    again = check(_planted(0.3, 0.1), examples=2, seed=1, save=False)
    assert again.stale_counterexamples == 1


def test_binomial_tail_and_clopper_pearson_are_exact():
    # the tail against an exact rational sum
    for k, n, p in ((3, 10, Fraction(1, 4)), (7, 12, Fraction(1, 2)), (1, 5, Fraction(1, 10))):
        exact = sum(Fraction(math.comb(n, i)) * p ** i * (1 - p) ** (n - i)
                    for i in range(k, n + 1))
        with mpmath.workdps(50):
            pm = mpmath.mpf(p.numerator) / p.denominator
            assert abs(binom_tail(k, n, pm) - mpmath.mpf(exact.numerator) / exact.denominator
                       ) < mpmath.mpf(10) ** -40
    # the lower bound solves P(Bin(n, p) >= k) = level, from below
    from scipy.stats import beta
    for k, n in ((5, 100), (50, 100), (1000, 1024)):
        lo = cp_lower(k, n, 1e-3)
        assert binom_tail(k, n, lo) <= 1e-3
        assert abs(float(lo) - beta.ppf(1e-3, k, n - k + 1)) < 1e-9
    # the least rejected count: rejected, and one less is not
    need = k_needed(1024, mpmath.mpf("0.1"), 1e-3)
    assert rejects(need, 1024, mpmath.mpf("0.1"), 1e-3)
    assert not rejects(need - 1, 1024, mpmath.mpf("0.1"), 1e-3)
    assert k_needed(10, mpmath.mpf("0.9"), 1e-3) is None  # no count can reject p <= 0.9 at n=10


def test_bad_specification_is_a_clear_error():
    with pytest.raises(AdaproofInputError, match="samples"):
        HighProbability(delta=delta, params=None, noise=None, law="", samples=0)
    with pytest.raises(AdaproofInputError, match="level"):
        HighProbability(delta=delta, params=None, noise=None, law="", level=0.7)


HP_PINNED = {
    "adam_linf/lemma-D.1": "holds",
    "adam_linf/theorem-D.2": "holds",
    "adafactor/lemma-B.1": "holds",
    "adafactor/lemma-C.1": "holds",
    "adafactor/eq-86": "holds",
    "adafactor/theorem-C.1-noise": "holds",
    "adafactor/theorem-B.1-eq35-noise": "holds",
    "adafactor/theorem-D.1-eq93-noise": "holds",
    "alphaadam/theorem-3.6-orthogonality": "violated",
    "alphaadam/theorem-3.6-orthogonality@corrected": "holds",
    "alphaadam/theorem-3.6-orthogonality-tail": "violated",
    "alphaadam/theorem-3.6-orthogonality-tail@corrected": "holds",
    "alphaadam/remark-D.2": "violated",
    "alphaadam/remark-D.2@corrected": "holds",
    # c14e: adafactor Lemma B.6 and the displays on its event (tests/lemmas/test_adafactor_displays.py)
    "adafactor/lemma-B.6": "holds", "adafactor/lemma-B.6@corrected": "holds",
    "adafactor/eq-54": "holds", "adafactor/eq-68": "holds", "adafactor/eq-75": "holds",
    "adafactor/eq-81": "holds", "adafactor/eq-85": "holds", "adafactor/eq-87": "violated",
    "adafactor/eq-87@corrected": "holds", "adafactor/eq-113": "holds",
    "adafactor/eq-113@corrected": "holds", "adafactor/eq-114": "holds",
    "adafactor/eq-114@corrected": "holds",
    # c14d: adafactor (108) (tests/lemmas/test_adafactor_appendix_d.py)
    "adafactor/eq-108": "holds",
}


def test_every_high_probability_statement_is_pinned():
    found = {s.key for s in registry.statements()
             if getattr(s.special, "KIND", None) == "high-probability"}
    assert found == set(HP_PINNED)
    for key, expected in HP_PINNED.items():
        assert registry.get(key).expected == expected


@pytest.mark.parametrize("key", ["adam_linf/lemma-D.1", "adafactor/lemma-C.1",
                                 "alphaadam/remark-D.2", "alphaadam/remark-D.2@corrected"])
def test_paper_statements_at_a_small_budget(key):
    stmt = registry.get(key)
    r = check(stmt, examples=6, seed=0, save=False)
    assert r.status == HP_PINNED[key], (r.error, r.counterexample)
    if r.status == "violated":
        # the proof's v_eta, v_alpha are parallel: every confirming draw fails
        conf = r.counterexample["high_probability"]["confirm"]
        assert conf["failures_float"] == conf["n"]
        assert r.counterexample["high_probability"]["example_failure"]["lhs"].startswith(
            "1.0") or r.counterexample["high_probability"]["example_failure"]["lhs"].startswith(
            "0.99999999999")
    else:
        assert r.best_ratio is not None and r.best_ratio < 1


def test_adafactor_theorems_with_noise_run_the_noise_in_float_and_exactly():
    """The stochastic gradient drives both the float run and the mpmath recurrences: the sides
    agree on a noisy draw and differ from the noiseless run's."""
    from adaproof.probability import _bare
    from adaproof.statement import SampleContext
    from adaproof.symbolic import SeqValue
    from adaproof.verification import candidate_inputs, evaluate_batch, verify_candidate
    stmt = _bare(registry.get("adafactor/theorem-D.1-eq93-noise"))
    sizes = {"T": 4, "n": 2, "m": 2}
    rows = stmt.sampler(SampleContext(B=2, sizes=sizes, generator=torch.Generator().manual_seed(5)))
    ev = evaluate_batch(stmt, rows, sizes)
    v = verify_candidate(stmt, candidate_inputs(stmt, rows, 0), sizes)
    assert v.hypotheses_hold and not v.violated
    assert abs(float(v.lhs) - float(ev.lhs[0])) <= 1e-9 * abs(float(v.lhs))
    quiet = dict(rows, xi=SeqValue(torch.zeros_like(rows["xi"].data), rows["xi"].start))
    assert float(evaluate_batch(stmt, quiet, sizes).lhs[0]) != float(ev.lhs[0])


def test_a_draw_with_an_undefined_side_is_an_error_never_a_pass():
    # 1/u with u = 0 on a tenth of the draws: the event is undefined there
    hp = HighProbability(
        delta=delta, law="u ~ Unif(0, 1), 0 with probability 1/10",
        params=lambda ctx: {"delta": torch.full((ctx.B,), 0.5, dtype=torch.float64)},
        noise=lambda ctx, rows: {"u": torch.where(ctx.rand(ctx.B) < 0.1,
                                                  torch.zeros(ctx.B, dtype=torch.float64),
                                                  ctx.rand(ctx.B))})
    stmt = Statement(id="mine/undefined", paper="mine", kind="claim", number="1", title="t",
                     section="", family="other",
                     quantities=(Quantity("delta", "scalar", "(0, 1)", "δ"),
                                 Quantity("u", "scalar", "[0, 1]", "noise")),
                     hypotheses=(Hypothesis(u >= 0),), lhs=1 / u,
                     rhs=sp.Integer(10) ** 9 + 0 * delta, special=hp)
    r = check(stmt, examples=3, save=False)
    assert r.status == "error" and "non-finite side in exact arithmetic" in r.error
