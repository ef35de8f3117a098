"""Zero-product hypotheses: ``Eq(a·b·…, 0)`` drawn on every branch, one branch per candidate.

The plan solves an ``Eq`` hypothesis for its latest unknown.  A product ``a·b = 0`` is affine in
a factor's unknown only with the *other* factor as coefficient, so the plan assigned that unknown
0 every time: ``adam_linf/theorem-3.2-family-logistic``'s ``sym·(Σ squares of X₃ + X₁, X₄ + X₂,
y₃ − y₁, y₄ − y₂) = 0`` was solved as ``sym = 0``, and the branch where every square's base is 0
(symmetric data, where ``sym = 1`` is allowed and the printed violation lives) was never drawn.

Here such a hypothesis (no universal index) becomes a *group* of branches, one per non-constant
factor: a factor ``f`` gives the equations ``f = 0``, ``base = 0`` for a power ``base^k``, and
every base of a sum of squares ``Σ c_i·base_i^(2k_i)`` (``c_i > 0``).  Each equation is solved
for its latest unknown in the plan's draw order (scalars, sequences, late scalars; within a
sequence the largest index), as the plan does for ``Eq``.  Per candidate one branch is chosen at
random (``feed.choice``, so the random, Hypothesis and guided feeds all choose it; the inverse
feed records the branch that holds on its inputs), and right after the target's unknown is drawn
its entry is assigned on the rows of that branch.

Exactness: an equation is taken only when its solution is exact in float64, ``X = ±Y`` (another
unknown, or an entry) or an exactly representable constant (negation and copying do not round),
and its target has no bound but its domain (a constant interval or a finite set, re-checked on
the assigned rows: a row whose assigned value leaves the domain is infeasible).  The hypothesis
itself stays a rejection (``val == 0`` in float), so a row where two groups assign the same
unknown differently is never admitted.  Anything else falls back to the plan's usual solving.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp
import torch

__all__ = ["ZeroProduct", "defer", "finish", "choose", "apply"]


@dataclass
class ZeroProduct:
    name: str  # the branch selector's name ("#zp0"): its "#k" switch in the guided phase
    src: str
    #: per branch: the equations ``base = 0`` (sympy expressions)
    equations: list
    #: per branch, after :func:`finish`: ``[(unknown name, storage index or None, value)]``
    assigns: list = field(default_factory=list)


def _factors(e) -> list:
    return [f for f in sp.Mul.make_args(e) if not f.is_number]


def _bases(f) -> list:
    """The equations ``base = 0`` equivalent to ``f = 0`` over the reals."""
    if isinstance(f, sp.Pow) and f.exp.is_Integer and f.exp > 0:
        return _bases(f.base)
    if isinstance(f, sp.Add):
        bases = []
        for term in f.args:
            c, rest = term.as_coeff_Mul()
            if not (c.is_number and c > 0 and isinstance(rest, sp.Pow) and rest.exp.is_Integer
                    and rest.exp > 0 and rest.exp % 2 == 0):
                return [f]
            bases.append(rest.base)
        return bases
    return [f]


def _unknown_atoms(e, symbols: dict, seqs: dict, scal: dict) -> list:
    out = [a for a in e.atoms(sp.Indexed) if a.base.label.name in seqs]
    out += [s for s in e.free_symbols if s.name in scal and symbols.get(s.name) == s]
    return out


def _exact_solution(e, X):
    """``value`` with ``e = 0  <=>  X = value`` and ``value`` exact in float64 (``±Y`` or an
    exactly representable constant); None otherwise."""
    D = sp.Dummy("X", real=True)
    ed = e.xreplace({X: D})
    try:
        a = sp.diff(ed, D)
    except Exception:  # not differentiable in X (a max, a sum over X's index): no branch
        return None
    if a.has(D) or a not in (1, -1):
        return None
    value = sp.expand(-(ed.subs(D, 0)) / a)
    if value.is_number:
        try:
            ok = sp.Rational(float(value)) == value
        except (TypeError, ValueError, OverflowError):
            ok = False
        return value if ok else None
    c, rest = value.as_coeff_Mul()
    if c in (1, -1) and isinstance(rest, (sp.Indexed, sp.Symbol)):
        return value
    return None


def defer(groups: list, rel, forall, src: str, symbols: dict, seqs: dict, scal: dict) -> bool:
    """Record ``rel`` as a zero-product group when it is ``Eq(product, 0)`` with at least two
    non-constant factors, no universal index, and every branch equation exactly solvable for
    some unknown; returns whether it was recorded (the caller keeps it as a rejection too)."""
    if forall or not isinstance(rel, sp.Eq):
        return False
    e = rel.lhs - rel.rhs
    facs = _factors(e)
    if len(facs) < 2:
        return False
    branches = []
    for f in facs:
        eqs = _bases(f)
        for q in eqs:
            atoms = _unknown_atoms(q, symbols, seqs, scal)
            if not atoms or not any(_exact_solution(q, X) is not None for X in atoms):
                return False
            if any(not all(sp.sympify(i).is_Integer for i in a.indices)
                   for a in atoms if isinstance(a, sp.Indexed)):
                return False  # entries at constant positions only
        branches.append(eqs)
    groups.append(ZeroProduct(f"#zp{len(groups)}", src, branches))
    return True


def _domain_only(u) -> bool:
    return all(b.source.startswith("domain") and not b.value.free_symbols
               and not b.value.has(sp.Indexed) for b in u.bounds)


def finish(plan, groups: list, symbols: dict) -> None:
    """Choose each equation's target (its latest unknown in ``plan``'s draw order) and set
    ``plan.zero_products``; a group with an equation that has no eligible target is dropped (its
    hypothesis stays a rejection)."""
    order = [u.name for u in plan.scalars] + list(plan.sequences) + [u.name for u in plan.late]
    units = {u.name: u for u in list(plan.scalars) + list(plan.late)}
    units.update(plan.sequences)
    kept = []
    for g in groups:
        assigns, ok = [], True
        for eqs in g.equations:
            branch = []
            for q in eqs:
                cands = []
                for X in _unknown_atoms(q, symbols, plan.sequences, units):
                    name = X.base.label.name if isinstance(X, sp.Indexed) else X.name
                    if name not in order:
                        continue
                    idx = tuple(int(i) for i in X.indices) if isinstance(X, sp.Indexed) else ()
                    cands.append(((order.index(name), idx), name, X))
                if not cands:
                    ok = False
                    break
                (_, idx), name, X = max(cands, key=lambda c: c[0])
                u = units[name]
                value = _exact_solution(q, X)
                if value is None or not _domain_only(u) or \
                        (u.kind == "sequence" and u.mode not in ("free", "vector")):
                    ok = False
                    break
                store = tuple(i - s for i, s in zip(idx, u.start)) if idx else None
                branch.append((name, store, value))
            if not ok:
                break
            assigns.append(branch)
        if ok:
            g.assigns = assigns
            kept.append(g)
    plan.zero_products = kept


def choose(chain, feed, B: int, dtype, device) -> dict:
    """Per group, the branch of every candidate ``(B,)`` (long); the inverse feed records the
    first branch whose equations hold on its inputs."""
    from .domains import Domain
    from .engine import InverseFeed
    from .plan import Unknown
    out = {}
    for g in getattr(chain.plan, "zero_products", ()):
        k = len(g.assigns)
        if isinstance(feed, InverseFeed):
            out[g.name] = None  # decided in apply, once the inputs' unknowns are read
            continue
        u = Unknown(g.name, "scalar", -1, Domain())
        opts = torch.arange(k, dtype=dtype, device=device)
        try:
            out[g.name] = feed.choice(u, None, opts, (B,)).long()
        except KeyError:  # a guided-phase variable set without this switch: the first branch
            out[g.name] = torch.zeros(B, dtype=torch.long, device=device)
    return out


def _holds(chain, g, k, env, B, dtype, device) -> torch.Tensor:
    from ..symbolic import torch_eval
    ok = torch.ones(B, dtype=torch.bool, device=device)
    for q in g.equations[k]:
        ok &= torch_eval(q, env, B=B, forall=(), dtype=dtype, device=device).reshape(B) == 0
    return ok


def apply(chain, feed, name: str, env: dict, branch: dict, B: int, dtype, device):
    """Assign, on the rows of their branch, the entries of ``name`` that a zero-product group
    solves for (``name`` was just drawn into ``env``); returns the rows whose assigned values
    stay in the unknown's domain (None: nothing assigned)."""
    from ..symbolic import SeqValue
    from .engine import InverseFeed
    groups = getattr(chain.plan, "zero_products", ())
    ok = None
    for g in groups:
        for k, branch_assigns in enumerate(g.assigns):
            for target, store, value in branch_assigns:
                if target != name:
                    continue
                if isinstance(feed, InverseFeed):
                    if branch[g.name] is None and all(
                            t in env for b in g.assigns for t, _, _ in b):
                        hit = torch.full((B,), -1, dtype=torch.long, device=device)
                        for j in range(len(g.assigns)):
                            hit = torch.where((hit < 0) & _holds(chain, g, j, env, B, dtype,
                                                                 device), j, hit)
                        branch[g.name] = hit.clamp_min(0)
                        feed.z[g.name + "#k"] = branch[g.name].to(torch.float64)
                    continue  # given inputs are never changed
                rows = branch[g.name] == k
                val = chain._eval(value, env, B, (), dtype, device).reshape(B)
                cur = env[name]
                if isinstance(cur, SeqValue):
                    sl = (slice(None),) + store
                    data = cur.data.clone()
                    data[sl] = torch.where(rows, val.to(data.dtype), cur.data[sl])
                    env[name] = SeqValue(data, cur.start)
                else:
                    env[name] = torch.where(rows, val.to(cur.dtype), cur)
                inside = _in_domain(chain.plan, name, val)
                ok = (~rows | inside) if ok is None else ok & (~rows | inside)
    return ok


def _in_domain(plan, name, val) -> torch.Tensor:
    u = next((u for u in list(plan.scalars) + list(plan.late) if u.name == name), None) or \
        plan.sequences[name]
    ok = torch.isfinite(val)
    dom = u.domain
    if dom.choices is not None:
        opts = [float(c) for c in dom.choices]
        ok &= torch.stack([val == c for c in opts]).any(0)
    for e, strict in dom.lower:
        ok &= (val > float(e)) if strict else (val >= float(e))
    for e, strict in dom.upper:
        ok &= (val < float(e)) if strict else (val <= float(e))
    return ok
