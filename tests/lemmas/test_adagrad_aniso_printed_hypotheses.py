"""adagrad_aniso Theorem E.1 encoded under exactly the paper's hypotheses (Assumptions 3.1, 3.4),
and the retired -boundary ids (duplicates of the printed ids) kept resolvable as aliases."""
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


def test_theorem_E1_printed_takes_only_assumptions_3_1_and_3_4():
    """E.1 assumes 3.1 (convex, w* = argmin_W f) and 3.4 (unbiased noise): no hypothesis puts c
    in W, asks h > 0 (3.3) or σ ≥ 0, E ξ² ≤ 1 (3.5)."""
    st = registry.get(f"{P}/theorem-E.1")
    dom = {q.name: q.domain for q in st.quantities}
    assert dom["c"] == "R" and dom["h"] == ">= 0" and dom["s"] == "R"
    assert dom["w0"].startswith("W = [lo, lo + D]")
    rels = [hh.relation for hh in st.hypotheses]
    c, h = sp.IndexedBase("c"), sp.IndexedBase("h")
    i = sp.Symbol("i", integer=True)
    assert not any(c[i] in r.atoms(sp.Indexed) for r in rels)
    assert sp.GreaterThan(h[i], 0) in rels and sp.StrictGreaterThan(h[i], 0) not in rels
    assert not any("u[1]**2" in str(r) for r in rels)          # no E ξ² ≤ 1
    assert st.variant == "printed" and st.expected == "holds"
    with pytest.raises(AdaproofInputError):  # it holds: no corrected variant
        registry.get(f"{P}/theorem-E.1@corrected")


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


def test_theorem_E1_printed_holds_and_its_attack_leaves_W():
    st = registry.get(f"{P}/theorem-E.1")
    r = check(st, examples=512, seed=0, save=False, fresh=True)
    assert r.status == "holds" and r.expectation == "exact-enumeration", r.to_json()
    assert r.rejected_by_hypotheses == 0 and r.best_ratio > 0.2 and not r.unexpected
    import torch
    from adaproof.statement import SampleContext
    ctx = SampleContext(B=256, sizes={"T": 2, "d": 2}, generator=torch.Generator().manual_seed(0))
    out = st.sampler(ctx)
    cv, lov, Dv = out["c"].data, out["lo"].data, out["D"][:, None]
    assert bool(((cv < lov) | (cv > lov + Dv)).any())          # w* on W's boundary
    assert bool((out["h"].data == 0).any()) and bool((out["s"].data < 0).any())


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
