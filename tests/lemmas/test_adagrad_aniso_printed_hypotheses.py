"""adagrad_aniso Theorem E.1 encoded under exactly the paper's hypotheses (Assumptions 3.1, 3.4,
Algorithm 1's w₀ ∈ ℝ^d), Theorems 4.1, D.1, E.1 with w₀ outside W (violated as printed; the
@corrected variants add w₀ ∈ W), and the retired -boundary ids kept resolvable as aliases."""
import itertools
import math

import pytest
import sympy as sp

from adaproof import AdaproofInputError, registry
from adaproof.checker import check
from adaproof.verification import verify_candidate

P = "adagrad_aniso"


def _seq(xs):
    return {"start": [1], "values": xs}


W0, LO, D = sp.IndexedBase("w0"), sp.IndexedBase("lo"), sp.Symbol("D", real=True)
i = sp.Symbol("i", integer=True)
W0_IN_W = (sp.GreaterThan(W0[i], LO[i]), sp.LessThan(W0[i], LO[i] + D))


def test_theorem_E1_printed_takes_only_assumptions_3_1_and_3_4():
    """E.1 assumes 3.1 (convex, w* = argmin_W f) and 3.4 (unbiased noise) for Algorithm 1, whose
    input is w₀ ∈ ℝ^d: no hypothesis puts c or w₀ in W, asks h > 0 (3.3) or σ ≥ 0, E ξ² ≤ 1
    (3.5).  The corrected variant adds exactly w₀ ∈ W."""
    st = registry.get(f"{P}/theorem-E.1")
    dom = {q.name: q.domain for q in st.quantities}
    assert dom["c"] == "R" and dom["h"] == ">= 0" and dom["s"] == "R" and dom["w0"] == "R"
    rels = [hh.relation for hh in st.hypotheses]
    c, h = sp.IndexedBase("c"), sp.IndexedBase("h")
    i = sp.Symbol("i", integer=True)
    assert not any(c[i] in r.atoms(sp.Indexed) or W0[i] in r.atoms(sp.Indexed) for r in rels)
    assert sp.GreaterThan(h[i], 0) in rels and sp.StrictGreaterThan(h[i], 0) not in rels
    assert not any("u[1]**2" in str(r) for r in rels)          # no E ξ² ≤ 1
    assert st.variant == "printed" and st.expected == "violated"
    corr = registry.get(f"{P}/theorem-E.1@corrected")
    assert corr.expected == "holds" and "w₀ ∈ W" in corr.reason and "D" in corr.reason
    assert set(hh.relation for hh in corr.hypotheses) - set(rels) == set(W0_IN_W)
    assert {q.name: q.domain for q in corr.quantities}["w0"].startswith("W = [lo, lo + D]")


def test_theorem_E1_candidate_outside_the_old_restriction_is_admitted_and_evaluated():
    """c outside W (w* = clip(c, W) on the boundary), a flat coordinate h = 0, σ < 0 and a law
    with E ξ² = 4 > 1: inputs the paper allows and the old encoding rejected.  Both sides are
    recomputed by an independent enumeration of the paths, with f* = f(clip(c, W))."""
    st = registry.get(f"{P}/theorem-E.1")
    h, c, lo, w0, s, D, eps, eta, T = [1.5, 0.0], [5.0, -3.0], [0.0, -1.0], [0.5, 0.25], \
        [-0.3, 0.2], 2.0, 0.1, 0.7, 3
    u, pr = [-2.0, 2.0], [0.5, 0.5]
    cand = {"D": D, "eps": eps, "eta": eta, "h": _seq(h), "c": _seq(c), "lo": _seq(lo),
            "w0": _seq(w0), "s": _seq(s), "u": _seq(u), "pr": _seq(pr)}
    v = verify_candidate(st, cand, {"T": T, "d": 2})
    assert v.hypotheses_hold, v.failed_hypothesis
    assert not v.violated
    wstar = [min(max(cj, lj), lj + D) for cj, lj in zip(c, lo)]
    fstar = sum(h[j] / 2 * (wstar[j] - c[j]) ** 2 for j in range(2))
    lhs = rhs = 0.0
    for xs in itertools.product(u, repeat=T):
        w, vv, gsq, nsq, fsum = list(w0), [eps ** 2] * 2, [0.0, 0.0], [0.0, 0.0], 0.0
        for t in range(T):
            fsum += sum(h[j] / 2 * (w[j] - c[j]) ** 2 for j in range(2)) - fstar
            for j in range(2):
                gf = h[j] * (w[j] - c[j])
                gsq[j] += gf * gf
                nsq[j] += (s[j] * xs[t]) ** 2
                g = gf + s[j] * xs[t]
                vv[j] += g * g
                w[j] = min(max(w[j] - eta * g / math.sqrt(vv[j]), lo[j]), lo[j] + D)
        lhs += fsum / 2 ** T
        rhs += ((D ** 2 / (2 * eta) + eta) * sum(map(math.sqrt, gsq + nsq))
                + eps * 2 * D ** 2 / (2 * eta)) / 2 ** T
    assert float(v.lhs) == pytest.approx(lhs, rel=1e-12)
    assert float(v.rhs) == pytest.approx(rhs, rel=1e-12)
    assert lhs > 0  # the boundary minimiser's gap is measured (f* ≠ f(c) = 0)


def _sample(st):
    import torch
    from adaproof.statement import SampleContext
    ctx = SampleContext(B=256, sizes={"T": 2, "d": 2}, generator=torch.Generator().manual_seed(0))
    out = st.sampler(ctx)
    lov, Dv = out["lo"].data, out["D"][:, None]
    outside = lambda x: bool(((x < lov) | (x > lov + Dv)).any())
    return out, outside


def test_theorem_E1_corrected_holds_and_its_attack_leaves_W_with_c_only():
    st = registry.get(f"{P}/theorem-E.1@corrected")
    r = check(st, examples=512, seed=0, save=False, fresh=True)
    assert r.status == "holds" and r.expectation == "exact-enumeration", r.to_json()
    assert r.rejected_by_hypotheses == 0 and r.best_ratio > 0.2 and not r.unexpected
    out, outside = _sample(st)
    assert outside(out["c"].data) and not outside(out["w0"].data)   # w* on W's boundary, w₀ ∈ W
    assert bool((out["h"].data == 0).any()) and bool((out["s"].data < 0).any())


# n7's instance: T = 2, d = 1, W = [0, 1], f = (w − 1/2)²/2, w₀ = 100, σ = 0, η = 1/2, ϵ = 1/10.
# Both paths: w₁ = clip(100 − 1/2·99.5/√(0.01 + 99.5²), W) = 0, so lhs = 99.5²/2 + 1/8 = 4950.25
# and rhs = (1/(2η) + η)·√(99.5² + 1/4) + ϵ/(2η) = 149.35...
_W0_OUT = {"D": 1.0, "eps": 0.1, "eta": 0.5, "h": _seq([1.0]), "c": _seq([0.5]),
           "lo": _seq([0.0]), "w0": _seq([100.0]), "s": _seq([0.0]), "u": _seq([-1.0, 1.0]),
           "pr": _seq([0.5, 0.5])}


def test_theorem_E1_printed_is_violated_with_w0_outside_W_and_corrected_rejects_it():
    st = registry.get(f"{P}/theorem-E.1")
    v = verify_candidate(st, _W0_OUT, {"T": 2, "d": 1})
    assert v.hypotheses_hold and v.violated, v
    assert float(v.lhs) == pytest.approx(99.5 ** 2 / 2 + 1 / 8, rel=1e-14)
    assert float(v.rhs) == pytest.approx(1.5 * math.sqrt(99.5 ** 2 + 0.25) + 0.1, rel=1e-14)
    inside = dict(_W0_OUT, w0=_seq([1.0]))                     # the same instance from w₀ ∈ W
    assert not verify_candidate(st, inside, {"T": 2, "d": 1}).violated
    vc = verify_candidate(registry.get(f"{P}/theorem-E.1@corrected"), _W0_OUT, {"T": 2, "d": 1})
    assert not vc.hypotheses_hold and "w0" in str(vc.failed_hypothesis)


@pytest.mark.parametrize("key", ["theorem-4.1", "theorem-D.1", "theorem-E.1",
                                 "theorem-E.1-eta-Dinf", "theorem-E.1-eta-Dinf-sqrt2"])
def test_printed_ids_take_w0_anywhere_and_corrected_ones_add_w0_in_W(key):
    st, corr = registry.get(f"{P}/{key}"), registry.get(f"{P}/{key}@corrected")
    assert {q.name: q.domain for q in st.quantities}["w0"] == "R"
    assert not any(W0[i] in hh.relation.atoms(sp.Indexed) for hh in st.hypotheses)
    assert st.expected == "violated" and corr.expected == "holds"
    assert all(r in [hh.relation for hh in corr.hypotheses] for r in W0_IN_W)
    assert "w₀ ∈ W" in corr.reason
    out, outside = _sample(st)
    assert outside(out["w0"].data)                             # the attack leaves W with w₀
    assert not outside(_sample(corr)[0]["w0"].data)


@pytest.mark.parametrize("key", ["theorem-E.1-eta-Dinf", "theorem-E.1-eta-Dinf-sqrt2"])
def test_E1_fixed_step_printed_ids_are_violated_from_w0_outside_W(key):
    st = registry.get(f"{P}/{key}")
    cand = {k: v for k, v in _W0_OUT.items() if k != "eta"}
    v = verify_candidate(st, cand, {"T": 2, "d": 1})
    assert v.hypotheses_hold and v.violated, v


@pytest.mark.parametrize("key", ["theorem-E.1", "theorem-E.1-eta-Dinf",
                                 "theorem-E.1-eta-Dinf-sqrt2"])
def test_the_shipped_counterexample_of_each_newly_violated_id_is_verified(key):
    """The built-in store (counterexamples/) holds one verified violation per printed id; it
    replays as a violation with w₀ outside W (and c inside: the w₀ finding alone)."""
    import json
    import pathlib
    files = sorted((pathlib.Path(__file__).parents[2] / "counterexamples" / P / key).glob("*.json"))
    assert files, key
    ce = json.loads(files[0].read_text())
    assert ce["key"] == f"{P}/{key}"
    v = verify_candidate(registry.get(f"{P}/{key}"), ce["inputs"], ce["sizes"])
    assert v.hypotheses_hold and v.violated
    inp = ce["inputs"]
    lo, D = inp["lo"]["values"], inp["D"]
    assert any(not a <= x <= a + D for x, a in zip(inp["w0"]["values"], lo))
    assert all(a <= x <= a + D for x, a in zip(inp["c"]["values"], lo))
    assert not verify_candidate(registry.get(f"{P}/{key}@corrected"), inp,
                                ce["sizes"]).hypotheses_hold


@pytest.mark.parametrize("old,new", [
    ("theorem-4.1-boundary", "theorem-4.1"),
    ("theorem-4.1-boundary@corrected", "theorem-4.1@corrected"),
    ("theorem-D.1-boundary", "theorem-D.1"),
    ("theorem-D.1-boundary@corrected", "theorem-D.1@corrected"),
    ("theorem-E.1-boundary", "theorem-E.1")])
def test_retired_boundary_ids_resolve_to_the_printed_statements(old, new):
    assert registry.get(f"{P}/{old}") is registry.get(f"{P}/{new}")
    assert not any("-boundary" in s.key for s in registry.statements(P))


def test_an_alias_cannot_shadow_a_registered_statement():
    with pytest.raises(AdaproofInputError, match="registered"):
        registry.alias(f"{P}/theorem-4.1", f"{P}/theorem-D.1")
