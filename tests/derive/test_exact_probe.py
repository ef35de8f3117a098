"""The equality probe of strict conclusions: relative snaps and snaps solved exactly for one
input (adaproof.derive.exact_probe), so that the derived path finds the printed violations of
alphaadam/theorem-3.5-s11 and -s12 (equality on a hypothesis' boundary)."""
import dataclasses

import sympy as sp

from adaproof import registry
from adaproof.checker import check
from adaproof.conclusions import _snaps, all_conclusions, exact_equality
from adaproof.derive.exact_probe import REL_BITS, probe_candidates, relative_snaps
from adaproof.statement import Hypothesis

#: the derived attack's best candidate on theorem-3.5-s11, seed 0, 1000 examples: m_{t-1} on
#: the bound -(1-β₁)/β₁·g moved by 2⁻³⁶·M to the safe side, β₁ = 2⁻⁶⁰ (an edge draw)
S11_BEST = {"beta1": 2.0 ** -60, "g": 114.66507867739485, "mp": -1.321998350326808e+20}


def _s11():
    return registry.get("alphaadam/theorem-3.5-s11")


def _proved(stmt, cands):
    c = all_conclusions(stmt)[0]
    return [w for w in (exact_equality(stmt, c, x, {}) for x in cands) if w is not None]


def test_relative_snaps_keep_tiny_inputs_positive_and_dyadic():
    cand = {"beta1": 1e-18, "g": -3.3, "z": 0.0}
    snaps = list(relative_snaps(cand))
    assert all(s["beta1"] > 0 and s["g"] < 0 and s["z"] == 0 for s in snaps)
    assert snaps[0]["beta1"] == 2.0 ** -60 and snaps[0]["g"] == -4.0  # 1 significant bit
    # the absolute snaps the probe had before round β₁ to 0 (outside 0 < β₁ < 1)
    assert all(s["beta1"] == 0 for s in _snaps(cand))


def test_s12_equality_with_a_tiny_beta1_is_proved_after_relative_snapping():
    stmt = registry.get("alphaadam/theorem-3.5-s12")
    cand = {"beta1": 8.7e-19, "g": 5.1e7, "mp": 0.0}  # m_{t-1} = 0: sides equal for any β₁
    assert not _proved(stmt, _snaps(cand))
    found = _proved(stmt, probe_candidates(stmt, all_conclusions(stmt)[0], cand, {}))
    assert found and found[0]["inputs"]["beta1"] > 0


def test_s11_boundary_is_solved_exactly():
    stmt = _s11()
    c = all_conclusions(stmt)[0]
    assert not _proved(stmt, _snaps(S11_BEST))
    found = _proved(stmt, probe_candidates(stmt, c, S11_BEST, {}))
    assert found
    x = {k: sp.Rational(v) for k, v in found[0]["inputs"].items()}
    assert x["mp"] * x["g"] == -(1 - x["beta1"]) / x["beta1"] * x["g"] ** 2  # on the boundary
    assert 0 < x["beta1"] < 1 and x["mp"] * x["g"] < 0


def test_no_equality_where_the_hypotheses_exclude_the_boundary():
    """With the mask made strict (m_t g > 0) the printed strict bound is true: every solved
    candidate breaks a hypothesis, and exact_equality proves none (no false alarm)."""
    stmt = _s11()
    beta1, g, mp = (sp.Symbol(n, real=True) for n in ("beta1", "g", "mp"))
    mt = beta1 * mp + (1 - beta1) * g
    hyps = list(stmt.hypotheses)
    hyps[1] = Hypothesis(sp.StrictGreaterThan(mt * g, 0), note="m_t g > 0 (strict)")
    true_claim = dataclasses.replace(stmt, id="theorem-3.5-s11-strict-mask",
                                     hypotheses=tuple(hyps))
    cands = list(probe_candidates(true_claim, all_conclusions(true_claim)[0], S11_BEST, {}))
    assert len(cands) > 20  # the solved snaps are generated ...
    assert not _proved(true_claim, cands)  # ... and none is an admitted equality


def test_derived_path_finds_s11_from_a_fresh_store():
    r = check(_s11(), examples=1000, seed=0, fresh=True, save=False, sampler="derived")
    assert r.status == "violated"
    assert r.counterexample["verification"] == "sympy-exact-equality"


def test_solved_snaps_only_next_to_a_near_equality():
    """Far from lhs = rhs (−1 vs −0.5) only the relative snaps are tried (no solving)."""
    stmt = _s11()
    far = {"beta1": 0.5, "g": 1.0, "mp": -0.5}
    cands = list(probe_candidates(stmt, all_conclusions(stmt)[0], far, {}))
    assert len(cands) == REL_BITS
