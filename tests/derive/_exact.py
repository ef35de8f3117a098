"""Exact (mpmath) re-check of the hypotheses a derivation enforces, on given rows."""
import mpmath
import sympy as sp

from adaproof.derive import derivation
from adaproof.derive.plan import _split
from adaproof.expectation import path_list
from adaproof.symbolic import _int_value, mp_eval
from adaproof.verification import _mp_env, candidate_inputs


def exact_failures(stmt, inputs, sizes, rows, *, against=None) -> list[str]:
    """Hypotheses of ``against`` (default ``stmt``) that fail exactly on ``rows`` of ``inputs``
    (those left to the checker, on trajectory quantities, are skipped)."""
    target = against or stmt
    deferred = {id(r) for r, _, _ in derivation(stmt).plan.deferred if r is not None}
    deferred_src = {s for _, _, s in derivation(stmt).plan.deferred}
    traj = {q.name for q in target.quantities if q.kind == "trajectory"}
    out = []
    for j in rows:
        cand = candidate_inputs(stmt, inputs, j)
        if stmt.noise is not None and stmt.noise.name not in cand:
            # one noise path (the first atom everywhere) for the algorithm's run: the
            # hypotheses checked here never read the noise (those that do are deferred)
            _, xi = next(path_list(stmt.noise, cand, sizes))
            cand[stmt.noise.name] = {"start": list(stmt.noise.start), "values": xi}
        with mpmath.workdps(60):
            env = _mp_env(target, cand, sizes)
            for h in target.hypotheses:
                for rel in _split(h.relation):
                    if id(rel) in deferred or any(a.base.label.name in traj
                                                  for a in rel.atoms(sp.Indexed)):
                        continue
                    ranges = [range(_int_value(lo, sizes), _int_value(hi, sizes) + 1)
                              for _, lo, hi in h.forall]
                    import itertools
                    for combo in itertools.product(*ranges):
                        idx = {s: k for (s, _, _), k in zip(h.forall, combo)}
                        if not mp_eval(rel, env, idx):
                            out.append(f"row {j}: {rel} at {combo}")
                            break
    del deferred_src
    return out
