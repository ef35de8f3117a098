"""Statements of paper ``adafactor`` (adaproof/lemmas/adafactor.py): proof regressions at a small
budget (status pinned; sanity floor on the best ratio; the printed Lemma B.3 upper bound's
counterexample verified exactly) and both sides against an independent hand computation."""
from adaproof.derive import sampler_for
import itertools
import json

import mpmath
import pytest
import torch

from adaproof import lemmas
from adaproof.checker import check
from adaproof.statement import SampleContext
from adaproof.symbolic import mp_eval, torch_eval
from adaproof.verification import (DPS, _mp_env, candidate_inputs, evaluate_batch,
                                   inputs_from_candidates, verify_candidate)

PAPER = "adafactor"

# first-batch best ratios (seed 0) sit well above these floors; the suprema are noted
FLOORS = {
    "adafactor/lemma-B.5": 0.1,
    "adafactor/lemma-B.7": 0.2,
    "adafactor/lemma-B.3-a": 0.4,              # sup 1/2 (k = 1: a = G_1 G_2 / (2 calG) >= eps_1/2)
    "adafactor/lemma-B.3-b@corrected": 0.4,
    "adafactor/eq-69": 0.99,                   # sup 1 (w/a -> 0 or inf)
    "adafactor/eq-70-a": 0.99,                 # equality when every term has one sign
    "adafactor/eq-70-b": 0.99,
    "adafactor/eq-70-c": 0.4,                  # Young with 4 where 1 suffices: sup 1/2
    "adafactor/eq-78-a": 0.4,                  # sup 1/2 (R_k >= m eps_1 Gamma_k, S_k <= Gamma_k calG)
    "adafactor/eq-78-b": 0.4,
    "adafactor/eq-78-c": 0.99,                 # sup 1 (all w_ij^(k) equal: n = m = 1)
    "adafactor/eq-78-d": 0.4,                  # sup 1/2, as (78)-a
    "adafactor/eq-111-a": 0.4,
    "adafactor/eq-111-b": 0.6,
    "adafactor/eq-111-c": 0.99,                # sup 1 (n = m = 1)
    "adafactor/eq-111-d": 0.6,                 # sup 1/sqrt(2), as (111)-a
    "adafactor/eq-22-a": 0.4,
    "adafactor/eq-22-b": 0.4,
    "adafactor/lemma-B.4-a": 0.15,
    "adafactor/lemma-B.4-b": 0.15,
    "adafactor/lemma-B.4-c": 0.08,
    "adafactor/lemma-B.4-d": 0.15,
}
VIOLATED = ["adafactor/lemma-B.3-b"]


def test_every_statement_is_pinned():
    # the statements of adaproof/lemmas/adafactor.py (adaproof.bounds registers its own)
    from adaproof.lemmas import adafactor as module
    mine = [s for s in module.ALL + [module.LEMMA_B3_B_CORRECTED]]
    keys = {s.key for s in mine}
    assert keys <= {s.key for s in lemmas.all(paper=PAPER)}  # all registered
    assert keys == set(FLOORS) | set(VIOLATED)
    for key in VIOLATED:
        assert lemmas.get(key).expected == "violated"
        assert lemmas.get(key + "@corrected").expected == "holds"
    for s in mine:
        json.dumps(s.to_json())
    # the silent hypothesis m, n >= 2 is marked where the proof uses m + n <= mn
    for key in ("adafactor/lemma-B.7", "adafactor/lemma-B.3-b"):
        assert any(h.silent for h in lemmas.get(key).hypotheses)


# ---------------------------------------------------------------------------------------------
# proof regressions
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", sorted(FLOORS))
def test_holds_at_a_small_budget(key):
    # the links of (78)/(111) through the min: 500 examples (each is also a link of a checked
    # chain); counted in examples, not seconds: the verdict does not depend on the load.
    # B.3-b@corrected and (70)-c also at 500: at 1000 the guided phase's long horizons made them
    # the slowest default tests (160 s and 70 s on a loaded 2-core box, 55 s and 6 s at 500),
    # and 500 clears the same floors (best ratios 0.49999 and 0.4536 at seed 0, sup 1/2)
    n = 500 if key in ("adafactor/eq-78-c", "adafactor/eq-78-d", "adafactor/eq-111-c",
                       "adafactor/eq-111-d", "adafactor/lemma-B.3-b@corrected",
                       "adafactor/eq-70-c") else 1000
    r = check(lemmas.get(key), examples=n, seed=0)
    assert r.status == "holds", r.to_json()
    assert not r.unexpected and r.examples > 0
    assert r.rejected_by_hypotheses == 0  # the samplers satisfy the hypotheses by construction
    assert FLOORS[key] < r.best_ratio <= 1.0 + 1e-9, r.best_ratio


@pytest.mark.parametrize("key", VIOLATED)
def test_violated_as_printed_with_an_exact_counterexample(key):
    stmt = lemmas.get(key)
    r = check(stmt, examples=1000, seed=0)  # counted in examples: not load-dependent
    assert r.status == "violated" and not r.unexpected
    ce = json.loads(json.dumps(r.counterexample))
    assert mpmath.mpf(ce["lhs"]) > mpmath.mpf(ce["rhs"])
    v = verify_candidate(stmt, ce["inputs"], ce["sizes"], prefer_index=ce["index"])
    assert v.hypotheses_hold and v.violated
    # the corrected variant holds on the same input
    fixed = verify_candidate(lemmas.get(key + "@corrected"), ce["inputs"], ce["sizes"])
    assert fixed.hypotheses_hold and not fixed.violated


def test_lemma_B3_upper_bound_pinned_counterexample():
    """T = 2, n = m = 2, c = 1, eps_1 = 1, G = 10, G_1 = 10 e_11, G_2 = 0.  Then R_1^(1) = C_1^(1)
    = 51, S_1 = 52 and a_11^(2) = 76.5^2 / 78 = 75.03 > 72 = 2 min{104, 100/4 + 10 + 1}, while the
    corrected bound is 2 min{104, 10^4/4 + 100 + 1} = 208."""
    cand = {"G": 10.0, "eps1": 1.0, "c": 1.0,
            "g": {"start": [1, 1, 1], "values": [[[10.0, 0.0], [0.0, 0.0]],
                                                 [[0.0, 0.0], [0.0, 0.0]]]}}
    sizes = {"T": 2, "n": 2, "m": 2}
    v = verify_candidate(lemmas.get("adafactor/lemma-B.3-b"), cand, sizes)
    assert v.hypotheses_hold and v.violated
    assert v.index == {"k": 2, "i": 1, "j": 1}
    with mpmath.workdps(DPS):
        assert abs(mpmath.mpf(v.lhs) - mpmath.mpf("76.5") ** 2 / 78) < mpmath.mpf(10) ** -35
        assert mpmath.mpf(v.rhs) == 72
    fixed = verify_candidate(lemmas.get("adafactor/lemma-B.3-b@corrected"), cand, sizes)
    assert fixed.hypotheses_hold and not fixed.violated


@pytest.mark.parametrize("key", ["adafactor/lemma-B.5", "adafactor/lemma-B.7", "adafactor/eq-70-a",
                                 "adafactor/eq-111-b", "adafactor/eq-22-a", "adafactor/lemma-B.4-b"])
def test_float_trajectory_matches_the_sympy_recurrences(key):
    """One statement per trajectory source: the algorithm modules (float) and the statement's
    recurrences (exact) are two implementations; sampled inputs satisfy the hypotheses exactly."""
    stmt = lemmas.get(key)
    sizes = {"T": 4, "n": 3, "m": 2}
    inputs = sampler_for(stmt)(SampleContext(B=3, sizes=sizes, generator=torch.Generator().manual_seed(5)))
    ev = evaluate_batch(stmt, inputs, sizes)
    names = [r.name for r in stmt.recurrences if r.name in ev.env]
    assert names
    for c in range(3):
        float_traj = {nm: ev.env[nm].data[c].tolist() for nm in names}
        v = verify_candidate(stmt, candidate_inputs(stmt, inputs, c), sizes, float_traj=float_traj)
        assert v.hypotheses_hold, v.failed_hypothesis
        assert v.trajectory_mismatch < 1e-10


# ---------------------------------------------------------------------------------------------
# hand computation: Algorithm 1 written out from the paper's definitions in mpmath, through the
# unfactored V_k and its row/column sums (Lemma A.2), independent of the algorithm modules
# ---------------------------------------------------------------------------------------------
N, M, TT = 2, 3, 3
G_SEQ = [[[1.0, -0.5, 0.0], [2.0, 0.0, 0.25]],
         [[0.5, 0.0, -1.0], [0.0, 1.5, 0.0]],
         [[-2.0, 1.0, 0.5], [0.0, 0.0, 3.0]]]
GBAR_SEQ = [[[0.5, 0.5, -1.0], [1.0, 0.0, 0.0]],
            [[0.0, -2.0, 0.0], [1.0, 1.0, 0.0]],
            [[-1.0, 1.0, 0.5], [0.25, 0.0, 2.0]]]
X1 = [[0.5, -1.0, 0.25], [1.0, 0.0, -0.5]]
P = {"G": 4.0, "eps1": 0.25, "c": 0.75, "eps2": 1e-3, "rho0": 0.1, "alpha": 3.0}
B_SEQ = [0.5, 0.75, 0.25]  # setting (3) for (22)


def _candidate(stmt):
    names = {q.name for q in stmt.quantities if q.kind in ("scalar", "sequence")}
    seqs = {"g": {"start": [1, 1, 1], "values": G_SEQ},
            "gbar": {"start": [1, 1, 1], "values": GBAR_SEQ},
            "x1": {"start": [1, 1], "values": X1},
            "b": {"start": [1], "values": B_SEQ}}
    cand = {k: v for k, v in {**P, **seqs}.items() if k in names}
    assert set(cand) == names
    return cand


def _reference(betas):
    """Per step k = 1..T (mpf): the proxy a (from R_{k-1}, C_{k-1}, S_{k-1}), V, w, U, eta."""
    mp = mpmath.mpf
    e1, G, e2, r0 = mp(P["eps1"]), mp(P["G"]), mp(P["eps2"]), mp(P["rho0"])
    GG1, GG2, GG = G ** 2 + M * e1, G ** 2 + N * e1, G ** 2 + M * N * e1
    V = [[mp(0)] * M for _ in range(N)]
    Rp, Cp, Sp = [mp(0)] * N, [mp(0)] * M, mp(0)
    Xk = [[mp(x) for x in row] for row in X1]
    out = []
    for kk in range(1, TT + 1):
        b = betas[kk - 1]
        g = [[mp(x) for x in row] for row in G_SEQ[kk - 1]]
        a = [[(b * Rp[i] + (1 - b) * GG1) * (b * Cp[j] + (1 - b) * GG2) / (b * Sp + (1 - b) * GG)
              for j in range(M)] for i in range(N)]
        V = [[b * V[i][j] + (1 - b) * (g[i][j] ** 2 + e1) for j in range(M)] for i in range(N)]
        R = [sum(V[i]) for i in range(N)]
        C = [sum(V[i][j] for i in range(N)) for j in range(M)]
        S = sum(R)
        w = [[R[i] * C[j] / S for j in range(M)] for i in range(N)]
        U = [[g[i][j] / mpmath.sqrt(w[i][j]) for j in range(M)] for i in range(N)]
        rms = mpmath.sqrt(sum(x ** 2 for row in Xk for x in row) / (N * M))
        eta = max(e2, rms) * r0 / mpmath.sqrt(kk)
        out.append({"beta": b, "a": a, "V": V, "w": w, "U": U, "eta": eta, "g": g,
                    "gbar": [[mp(x) for x in row] for row in GBAR_SEQ[kk - 1]]})
        Xk = [[Xk[i][j] - eta * U[i][j] for j in range(M)] for i in range(N)]
        Rp, Cp, Sp = R, C, S
    return out


def _hand(key, ref, idx):
    """(lhs, rhs) of statement ``key`` at the universal index ``idx`` from the reference run."""
    mp = mpmath.mpf
    e1, G = mp(P["eps1"]), mp(P["G"])
    mn = N * M
    GG = G ** 2 + mn * e1
    cells = list(itertools.product(range(N), range(M)))
    if "k" in idx:
        s = ref[idx["k"] - 1]
        b = s["beta"]
    if "i" in idx:
        i, j = idx["i"] - 1, idx["j"] - 1
        w, a, g, v = s["w"][i][j], s["a"][i][j], s["g"][i][j], s["V"][i][j]
    base = key.split("@")[0]
    if base == "adafactor/lemma-B.5":
        steps = ref[:idx["t"]]
        lhs = sum((1 - s_["beta"]) * sum(s_["g"][p][q] ** 2 / s_["V"][p][q] for p, q in cells)
                  for s_ in steps)
        rhs = mn * mpmath.log(2 * (G ** 2 + e1) / e1) + 4 * mn * sum(1 - s_["beta"] for s_ in steps)
        return lhs, rhs
    if base == "adafactor/lemma-B.7":
        G1 = mpmath.sqrt(6 * (G ** 4 / (mn * e1) + G ** 2 + e1))
        G2 = 2 * (G ** 3 / (mn * e1) + 2 * G ** 2 / mpmath.sqrt(mn * e1) + G / mpmath.sqrt(mn) + G
                  + mpmath.sqrt(e1))
        return abs(w - a) / mpmath.sqrt(a), mpmath.sqrt(1 - b) * min(4 * mpmath.sqrt(GG), G1 + G2)
    if base == "adafactor/lemma-B.3-a":
        return b * (1 - b) * e1, a
    if key == "adafactor/lemma-B.3-b":
        return a, 2 * min(GG, G ** 2 / (mn * e1) + G + e1)
    if key == "adafactor/lemma-B.3-b@corrected":
        return a, 2 * min(GG, G ** 4 / (mn * e1) + G ** 2 + e1)
    if base == "adafactor/eq-69":
        return (abs(1 / mpmath.sqrt(w) - 1 / mpmath.sqrt(a)),
                mpmath.sqrt(abs(w - a)) / (mpmath.sqrt(w) * mpmath.sqrt(a)))
    if base.startswith("adafactor/eq-70"):
        def terms(s_):
            out = {"B": 0, "abs": 0, "sqrt": 0, "young": 0}
            for p, q in cells:
                w_, a_, g_, gb = s_["w"][p][q], s_["a"][p][q], s_["g"][p][q], s_["gbar"][p][q]
                e = s_["eta"]
                gap = 1 / mpmath.sqrt(w_) - 1 / mpmath.sqrt(a_)
                out["B"] += e * gb * g_ * (-gap)
                out["abs"] += e * abs(gb * g_) * abs(gap)
                out["sqrt"] += e * abs(gb * g_) * mpmath.sqrt(abs(w_ - a_)) / mpmath.sqrt(w_ * a_)
                out["young"] += (e * gb ** 2 / mpmath.sqrt(a_) / 4
                                 + 4 * e * abs(w_ - a_) / mpmath.sqrt(a_) * g_ ** 2 / w_)
            return out
        tot = [terms(s_) for s_ in ref[:idx["t"]]]
        l, r = {"a": ("B", "abs"), "b": ("abs", "sqrt"), "c": ("sqrt", "young")}[base[-1]]
        return sum(x[l] for x in tot), sum(x[r] for x in tot)
    if base == "adafactor/eq-78-a":
        return mn * e1 ** 2 / (4 * GG), w
    if base == "adafactor/eq-78-b":
        return (sum(s["g"][p][q] ** 2 / s["w"][p][q] for p, q in cells),
                4 * (G ** 4 + G ** 2 * mn * e1) / (mn * e1 ** 2))
    if base in ("adafactor/eq-78-c", "adafactor/eq-78-d"):
        frob = sum(s["g"][p][q] ** 2 for p, q in cells)
        mid = frob / min(s["w"][p][q] for p, q in cells)
        if base.endswith("c"):
            return sum(s["g"][p][q] ** 2 / s["w"][p][q] for p, q in cells), mid
        return mid, 4 * G ** 2 * GG / (mn * e1 ** 2)
    if base in ("adafactor/eq-111-c", "adafactor/eq-111-d"):
        frob = sum(s["gbar"][p][q] ** 2 for p, q in cells)
        mid = mpmath.sqrt(frob) / min(mpmath.sqrt(s["a"][p][q]) for p, q in cells)
        if base.endswith("c"):
            return mpmath.sqrt(sum(s["gbar"][p][q] ** 2 / s["a"][p][q] for p, q in cells)), mid
        return mid, 2 * G * mpmath.sqrt(GG) / (mpmath.sqrt(mn) * e1)
    if base == "adafactor/eq-111-a":
        return mn * e1 ** 2 / (4 * GG), a
    if base == "adafactor/eq-111-b":
        return (mpmath.sqrt(sum(s["gbar"][p][q] ** 2 / s["a"][p][q] for p, q in cells)),
                2 * G * mpmath.sqrt(GG) / (mpmath.sqrt(mn) * e1))
    if base.startswith("adafactor/eq-22"):
        lhs = sum(s["U"][p][q] ** 2 for p, q in cells)
        top = sum(s["g"][p][q] ** 2 for p, q in cells) if base.endswith("a") else G ** 2
        return lhs, top * GG / (mn * e1 ** 2 * (1 - mp(B_SEQ[0])) ** 2)
    if base in ("adafactor/lemma-B.4-a", "adafactor/lemma-B.4-b"):
        lhs = sum((s["U"][p][q] ** 2 if base.endswith("b") else s["g"][p][q] ** 2 / s["w"][p][q])
                  for p, q in cells)
        return lhs, 2 * GG / (max(M, N) * e1) * sum(s["g"][p][q] ** 2 / s["V"][p][q]
                                                    for p, q in cells)
    if base == "adafactor/lemma-B.4-c":
        return g ** 2 / w, 2 * g ** 2 * GG / (N * e1 * v)
    if base == "adafactor/lemma-B.4-d":
        return g ** 2 / w, 2 * g ** 2 * GG / (M * e1 * v)
    raise KeyError(key)


def _close(x, y, rel, scale):
    return abs(float(x) - float(y)) <= rel * (abs(float(y)) + scale)


@pytest.mark.parametrize("key", sorted(FLOORS) + VIOLATED)
def test_sides_match_a_hand_computation(key):
    stmt = lemmas.get(key)
    cand = _candidate(stmt)
    sizes = {"T": TT, "n": N, "m": M}
    with mpmath.workdps(50):
        if "b" in cand:
            betas = [mpmath.mpf(x) for x in B_SEQ]
        else:
            cc = mpmath.mpf(P["c"])
            betas = [mpmath.mpf(1) / 2] + [1 - mpmath.power(kk, -cc) for kk in range(2, TT + 1)]
        ref = _reference(betas)
    # float path: the algorithm module, the torch evaluator
    ev = evaluate_batch(stmt, inputs_from_candidates([cand]), sizes)
    assert bool(ev.admissible[0])
    lhs_f = torch_eval(stmt.lhs, ev.env, B=1, forall=stmt.forall)[0]
    rhs_f = torch_eval(stmt.rhs, ev.env, B=1, forall=stmt.forall)[0]
    # exact path: the statement's SymPy recurrences in mpmath
    with mpmath.workdps(DPS):
        env = _mp_env(stmt, cand, sizes)
        last = {"t": TT, "k": TT, "i": N, "j": M}
        ranges = [range(1, last[str(s)] + 1) for s, _, _ in stmt.forall]
        for combo in itertools.product(*ranges):
            idx = {str(s): v for (s, _, _), v in zip(stmt.forall, combo)}
            sym_idx = {s: v for (s, _, _), v in zip(stmt.forall, combo)}
            hl, hr = _hand(key, ref, idx)
            scale = max(abs(hl), abs(hr))
            pos = tuple(v - 1 for v in combo)
            assert _close(lhs_f[pos], hl, 1e-9, float(scale)), (idx, float(lhs_f[pos]), hl)
            assert _close(rhs_f[pos], hr, 1e-9, float(scale)), (idx, float(rhs_f[pos]), hr)
            el, er = mp_eval(stmt.lhs, env, sym_idx), mp_eval(stmt.rhs, env, sym_idx)
            tol = mpmath.mpf(10) ** -35
            assert abs(el - hl) <= tol * (abs(hl) + scale), (idx, el, hl)
            assert abs(er - hr) <= tol * (abs(hr) + scale), (idx, er, hr)


# ---------------------------------------------------------------------------------------------
# proof steps: the printed chains of (78), (111), (22) and Lemma B.4
# ---------------------------------------------------------------------------------------------
PROOFS = {  # key: verdict of each link, in order
    "adafactor/eq-78-b": ["undecided", "undecided", "proved"],  # the last: G_3 of (40), identity
    "adafactor/lemma-B.4-a": ["undecided", "proved"],
}


@pytest.mark.parametrize("key", sorted(PROOFS))
def test_proof_chain_verdicts(key):
    import sympy as sp
    from adaproof.proofs import check_proof
    stmt = lemmas.get(key)
    verdicts = [v for _, v in check_proof(stmt)]
    assert verdicts == PROOFS[key]
    # the chain runs from the statement's left side to its right side
    assert sp.simplify(stmt.proof[0].lhs - stmt.lhs) == 0
    assert sp.simplify(stmt.proof[-1].rhs - stmt.rhs) == 0
    for a, b in zip(stmt.proof, stmt.proof[1:]):
        assert a.rhs == b.lhs


def test_each_middle_link_is_its_own_attacked_statement():
    """The <= links of (78) and (111) are the statements eq-78-c/d and eq-111-c/d."""
    chain = lemmas.get("adafactor/eq-78-b").proof
    for step, part in zip(chain, ("c", "d")):
        link = lemmas.get("adafactor/eq-78-" + part)
        assert step.relation == "<=" and (step.lhs, step.rhs) == (link.lhs, link.rhs)
    # (111): the links chain up from eq-111-b's left side to its right side
    b, c_, d_ = (lemmas.get("adafactor/eq-111-" + x) for x in "bcd")
    assert (c_.lhs, c_.rhs, d_.rhs) == (b.lhs, d_.lhs, b.rhs)


def test_a_wrong_identity_link_is_not_proved():
    """G_3 with 2 in place of 4 is not 4 G^2 calG/(mn eps_1^2): the checker must not prove it."""
    import sympy as sp
    from adaproof.lemmas import adafactor as A
    from adaproof.proofs import check_step
    from adaproof.statement import ProofStep
    good = lemmas.get("adafactor/eq-78-b").proof[-1]
    bad = ProofStep(good.lhs, good.rhs / 2, "=", "wrong")
    assert check_step(bad) != "proved"
    assert sp.simplify(good.rhs - A.G3) == 0
