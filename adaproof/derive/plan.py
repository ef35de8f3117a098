"""The derivation plan: a statement's unknowns in order and each hypothesis solved as a bound.

Unknowns are the statement's free scalars and sequence entries (trajectory quantities are the
algorithm's, never drawn).  Each hypothesis (split at ``And``) and each domain relation is solved
for its *latest* unknown:

* with a ``forall`` over ``t``, among the sequence entries at the largest offset ``x[t + c]``;
* otherwise among entries at constant indices (``v[0] > 0``), or among the scalars;
* a relation that involves a sequence only through a sum (``Σ g_t² <= G``) is solved for a scalar
  (``G``), which is then drawn *after* the sequences (a *late* scalar).

The relation ``e >= 0`` (``> 0``, ``= 0``) is solved with SymPy: affine in the target
``e = a·X + b`` gives ``X >= -b/a`` where ``a > 0`` and ``X <= -b/a`` where ``a < 0`` (the sign
of ``a`` is decided per candidate when it depends on other unknowns); ``e = c·X² + b`` with a
constant ``c < 0`` gives ``|X| <= sqrt(-b/c)``; ``Eq`` becomes an assignment.  A relation that
cannot be solved this way is enforced by rejection (:attr:`Plan.rejections`); one that reads a
trajectory quantity is left to the checker's float screen (it needs the algorithm's run).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import sympy as sp

from ..statement import Statement
from ..sympy_safe import simplify as _simplify  # SymPy's StopIteration on Σ(S + S²)
from ..symbolic import IndexMax, IndexMin
from .domains import DerivationError, Domain, parse_domain

__all__ = ["Plan", "Bound", "Unknown", "plan_for"]


@dataclass
class Bound:
    """One solved relation for one unknown.

    ``kind``: ``affine`` (``coef·X + rest OP 0`` with ``value = -rest/coef``), ``abs``
    (``|X| <= value``), ``equal`` (``X = value``).  ``forall``: the universal indices, the first
    one the time axis (``offset``: the target's first index is ``t + offset``); ``pos``: a
    constant first index instead; both None: every entry (a domain)."""

    kind: str
    value: sp.Basic
    coef: sp.Basic
    strict: bool
    source: str
    forall: tuple = ()
    offset: int | None = None
    pos: sp.Basic | None = None
    recursive: bool = False
    traj: bool = False  # reads the algorithm's trajectory (a late scalar's bound)
    rel: tuple | None = None  # (e, op, hypothesis forall): the relation e op 0 it solves
    n_extra: int = 0  # trailing universal indices the bound is reduced over
    lags: dict = field(default_factory=dict)  # sequence name -> largest lag read

    @property
    def exact_const(self) -> bool | None:
        """True: a constant exactly representable in float64; False: a constant that is not;
        None: not a constant."""
        return _exact_const(self.value)


@dataclass
class Unknown:
    name: str
    kind: str  # "scalar" | "sequence"
    index: int  # declaration order
    domain: Domain
    start: tuple = ()
    extent: tuple = ()
    bounds: list = field(default_factory=list)
    late: bool = False
    mode: str = "free"  # sequences: free | vector | loop | simplex | law | fixed
    fixed: tuple | None = None  # mode fixed: the entries

    def shape(self, sizes: dict) -> tuple[int, ...]:
        key = tuple(sorted(sizes.items()))
        return tuple(int_value(sp.sympify(e), key) - s + 1 for s, e in zip(self.start, self.extent))


@dataclass
class Plan:
    key: str
    symbols: dict  # name -> sympy symbol
    scalars: list  # early scalars in order
    late: list  # late scalars in order
    sequences: dict  # name -> Unknown (drawn in this order)
    sizes: dict  # name -> {"role", "min", "max", "even"}
    size_order: list
    size_relations: list
    rejections: list  # (relation, forall, source)
    deferred: list  # relations on trajectory quantities (the checker screens them)
    has_trajectory: bool
    ranges: list = field(default_factory=list)  # (lo, hi) of every universal index
    #: a finite noise law (statements in expectation, probability vectors): ``{"noise": spec or
    #: None, "values": name, "probs": name, "centred": bool, "bits": (atoms, probabilities)}``
    law: dict | None = None
    #: hypotheses satisfied by construction (a centred law: Σ p_k u_k = 0 exactly)
    construction: list = field(default_factory=list)

    def describe(self) -> dict:
        """What the engine derived, in words (``adaproof show``, the docs)."""
        def b(u):
            return [f"{k.source} -> {k.kind}" for k in u.bounds]
        return {"scalars": {u.name: b(u) for u in self.scalars},
                "sequences": {u.name: {"mode": u.mode, "bounds": b(u)}
                              for u in self.sequences.values()},
                "late_scalars": {u.name: b(u) for u in self.late},
                "rejection": [s for _, _, s in self.rejections],
                "left_to_checker": [s for _, _, s in self.deferred]}


@functools.lru_cache(maxsize=4096)
def _exact_const(value) -> bool | None:
    if value.free_symbols or not value.is_number:
        return None
    if not value.is_real:
        return False
    try:
        return sp.Rational(float(value)) == value
    except (TypeError, ValueError, OverflowError):
        return False


@functools.lru_cache(maxsize=65536)
def int_value(expr, sizes: tuple) -> int:
    """``expr`` (an index bound or extent) at the sizes ``sizes`` (sorted items), cached."""
    from ..symbolic import _int_value
    return _int_value(expr, dict(sizes))


def _split(rel):
    if isinstance(rel, sp.And):
        for a in rel.args:
            yield from _split(a)
    else:
        yield rel


def _normal(rel) -> tuple[sp.Basic, str] | None:
    """``(e, op)`` with the relation equivalent to ``e op 0``, op in ``>=``, ``>``, ``=``."""
    if isinstance(rel, sp.GreaterThan):
        return rel.lhs - rel.rhs, ">="
    if isinstance(rel, sp.StrictGreaterThan):
        return rel.lhs - rel.rhs, ">"
    if isinstance(rel, sp.LessThan):
        return rel.rhs - rel.lhs, ">="
    if isinstance(rel, sp.StrictLessThan):
        return rel.rhs - rel.lhs, ">"
    if isinstance(rel, sp.Eq):
        return rel.lhs - rel.rhs, "="
    return None


def _aggregated(expr) -> set:
    """Indexed atoms inside a Sum / IndexMax / IndexMin of ``expr``."""
    out = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, (sp.Sum, IndexMax, IndexMin, sp.Product)):
            out |= node.atoms(sp.Indexed)
    return out


def _solve(e: sp.Basic, X: sp.Indexed | sp.Symbol, op: str, strict_src: bool):
    """Solve ``e op 0`` for ``X``: ``(kind, value, coef)`` or None."""
    D = sp.Dummy("X", real=True)
    ed = e.xreplace({X: D})
    if X in _aggregated(e) or not ed.has(D):
        return None
    try:
        a = sp.diff(ed, D)
    except Exception:
        return None
    if not a.has(D):
        rest = ed.subs(D, 0)
        if a == 0:
            return None
        return ("equal" if op == "=" else "affine"), _simplify(-rest / a) if a.is_number else \
            -rest / a, a
    a2 = sp.diff(ed, D, 2)
    if op != "=" and a2.is_number and a2 < 0 and not sp.expand(ed - a2 / 2 * D ** 2).has(D):
        rest = ed.subs(D, 0)
        return "abs", sp.sqrt(-rest / (a2 / 2)), sp.Integer(1)
    if op != "=" and a2.is_number and a2 > 0 and not sp.expand(ed - a2 / 2 * D ** 2).has(D):
        # c·X² + b >= 0 with c > 0: |X| >= sqrt(-b/c) (a lower bound for X >= 0 only)
        rest = ed.subs(D, 0)
        return "sqge", sp.sqrt(sp.Max(0, -rest / (a2 / 2))), sp.Integer(1)
    return None


def _nonneg(dom: Domain) -> bool:
    """True when the domain's lower bound is a constant >= 0 (``|X| >= b`` is then ``X >= b``)."""
    return any(e.is_number and e >= 0 for e, _ in dom.lower) or bool(dom.simplex)


def _is_mean(E, P, U, start, extent) -> bool:
    """``E`` is the mean ``Σ_k P[k]·U[k]`` over the sequences' common range."""
    k = sp.Dummy("k", integer=True)
    if isinstance(E, sp.Sum) and len(E.limits) == 1:
        v, a, b = E.limits[0]
        return (sp.simplify(a - start) == 0 and sp.simplify(b - extent) == 0 and
                sp.expand(E.function.xreplace({v: k}) - P[k] * U[k]) == 0)
    if sp.sympify(extent).is_Integer and int(extent) - int(start) < 64:
        ref = sp.Add(*[P[i] * U[i] for i in range(int(start), int(extent) + 1)])
        return sp.expand(E - ref) == 0
    return False


def _mean_zero(rel, P, U, start, extent) -> bool:
    """``rel`` says the law ``(U, P)`` is centred: ``Eq(Σ P U, 0)`` or ``|Σ P U| <= 0``."""
    if isinstance(rel, sp.Eq):
        for a, b in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
            if b == 0 and _is_mean(a, P, U, start, extent):
                return True
    if isinstance(rel, (sp.LessThan, sp.GreaterThan)):
        small, zero = (rel.lhs, rel.rhs) if isinstance(rel, sp.LessThan) else (rel.rhs, rel.lhs)
        if zero == 0 and isinstance(small, sp.Abs) and _is_mean(small.args[0], P, U, start,
                                                                 extent):
            return True
    return False


def _strict_positive(rel, P) -> bool:
    """``rel`` is ``P[i] > 0`` (or ``0 < P[i]``)."""
    if isinstance(rel, sp.StrictGreaterThan):
        return isinstance(rel.lhs, sp.Indexed) and rel.lhs.base == P and rel.rhs == 0
    if isinstance(rel, sp.StrictLessThan):
        return isinstance(rel.rhs, sp.Indexed) and rel.rhs.base == P and rel.lhs == 0
    return False


def _first_index(ix: sp.Indexed, fsyms: list):
    """``(symbol, offset)`` when the first index is ``t + c`` with ``t`` universal; ``(None,
    expr)`` for an index without universal or bound symbols; None otherwise."""
    e = sp.sympify(ix.indices[0])
    hits = [s for s in fsyms if e.has(s)]
    if len(hits) == 1:
        off = sp.simplify(e - hits[0])
        if off.is_Integer:
            return hits[0], int(off)
        return None
    if not hits:
        return None, e
    return None


def plan_for(stmt: Statement) -> Plan:
    """Derive the :class:`Plan` of ``stmt`` (raises :class:`DerivationError` on an unparseable
    domain or a statement the engine cannot draw)."""
    noise = stmt.noise
    xi_name = noise.name if noise is not None else None
    exprs = [stmt.lhs, stmt.rhs] + [h.relation for h in stmt.hypotheses] + \
        [r.update for r in stmt.recurrences] + [r.init for r in stmt.recurrences]
    # the symbol of each name as the statement first writes it; an expression may hold the
    # name under two sets of assumptions (a positive b and the declared b): the declared one,
    # else a fixed order, never the iteration order of free_symbols (a set: it changed with
    # PYTHONHASHSEED, and with it which hypotheses evaluate to True, e.g. b > 0)
    declared = {q.name: q.symbol for q in stmt.quantities}
    seen = {}
    for e in exprs:
        for s in sorted(sp.sympify(e).free_symbols,
                        key=lambda s: (s.name, s != declared.get(s.name),
                                       sorted(s.assumptions0.items()))):
            seen.setdefault(s.name, s)
    symbols, unknowns, sizes = {}, {}, {}
    for k, q in enumerate(stmt.quantities):
        if q.kind in ("sequence", "trajectory"):
            symbols[q.name] = sp.IndexedBase(q.name)
        else:
            symbols[q.name] = seen.get(q.name, q.symbol)
    traj = {q.name for q in stmt.quantities if q.kind == "trajectory"}
    xi_choices = None
    for k, q in enumerate(stmt.quantities):
        if q.kind == "trajectory":
            continue
        if q.name == xi_name:  # the noise: enumerated by adaproof.expectation, never drawn
            try:
                xi_choices = parse_domain(q.name, q.domain, {}, {}).choices
            except DerivationError:
                xi_choices = None
            continue
        names = {n: s for n, s in symbols.items() if not isinstance(s, sp.IndexedBase)}
        seqinfo = {x.name: (x.start, x.extent) for x in stmt.quantities
                   if x.kind == "sequence" and x.start}
        dom = parse_domain(q.name, q.domain, names, seqinfo)
        if dom.law is not None:
            raise DerivationError(f"quantity {q.name!r}: domain {q.domain!r} is a noise law, but "
                                  f"the statement's noise is "
                                  f"{xi_name or 'not given (noise=NoiseSpec(...))'}")
        if q.kind == "size":
            sizes[q.name] = {"domain": dom}
            continue
        if q.kind == "sequence" and not q.start:
            raise DerivationError(f"quantity {q.name!r} of {stmt.key}: a sequence needs its "
                                  f"index start and extent")
        unknowns[q.name] = Unknown(q.name, q.kind, k, dom, tuple(q.start),
                                   tuple(sp.sympify(e, locals=names) for e in q.extent))
    seqs = {n: u for n, u in unknowns.items() if u.kind == "sequence"}
    scal = {n: u for n, u in unknowns.items() if u.kind == "scalar"}
    size_syms = {symbols[n] for n in sizes}
    law, construction, rejections = _law_setup(stmt, seqs, symbols, xi_choices)
    law_atoms = set() if law is None else {law["probs"], law["values"]} - {None}
    from .matrices import by_construction, setup as _matrices
    whole = _matrices(stmt, seqs)  # PSD, symmetric, ball: drawn whole (derive.matrices)

    # domain relations: on every entry
    for u in unknowns.values():
        for e, op in [(lo, ">" if o else ">=") for lo, o in u.domain.lower] + \
                [(hi, "<" if o else "<=") for hi, o in u.domain.upper]:
            coef = sp.Integer(1) if op[0] == ">" else sp.Integer(-1)
            u.bounds.append(Bound("affine", e, coef, len(op) == 1, f"domain {u.name} {op} {e}"))
            if u.kind == "scalar" and e.atoms(sp.Indexed):
                u.late = True  # bounded by sequence entries (max h): drawn after them
        if u.domain.equal is not None:
            u.bounds.append(Bound("equal", u.domain.equal, sp.Integer(1), False,
                                  f"domain {u.name} = {u.domain.equal}"))

    deferred, size_rel = [], []
    solved: list[tuple[Unknown, Bound, set]] = []
    from ..statement import Hypothesis
    dom_rels = [r if isinstance(r, Hypothesis) else Hypothesis(r, note="domain")
                for u in unknowns.values() for r in u.domain.relations]  # a box: per entry
    from .zero_product import defer as _zp_defer, finish as _zp_finish
    zps: list = []
    for h in tuple(stmt.hypotheses) + tuple(dom_rels):
        fsyms = [s for s, _, _ in h.forall]
        for rel in _split(h.relation):
            # one symbol per name (a hypothesis may spell sigma with other assumptions)
            rel = rel.xreplace({s: symbols[s.name] for s in rel.free_symbols
                                if s.name in symbols and isinstance(symbols[s.name], sp.Symbol)
                                and s != symbols[s.name] and s not in fsyms})
            src = f"{rel}" + (f" for all {', '.join(f'{s} in [{a}, {b}]' for s, a, b in h.forall)}"
                              if h.forall else "")
            if _zp_defer(zps, rel, h.forall, src, symbols, seqs, scal):  # a·b = 0: branches
                rejections.append((rel, h.forall, src))  # (derive.zero_product), re-checked
                continue
            idx_atoms = [a for a in rel.atoms(sp.Indexed)]
            if law is not None and law["centred"] and law["values"] is not None and _mean_zero(
                    rel, symbols[law["probs"]], symbols[law["values"]],
                    seqs[law["values"]].start[0], seqs[law["values"]].extent[0]):
                construction.append(src)
                continue
            if by_construction(rel, h.forall, seqs):  # Eq(H[1, 2], H[2, 1]) of a PSD H
                construction.append(src)
                continue
            if xi_name is not None and any(a.base.label.name == xi_name for a in idx_atoms):
                deferred.append((rel, h.forall, src))
                continue
            reads_traj = any(a.base.label.name in traj for a in idx_atoms)
            sc_atoms = [symbols[n] for n in scal if rel.has(symbols[n])]
            sq_atoms = [a for a in idx_atoms if a.base.label.name in seqs]
            if not sc_atoms and not sq_atoms:
                if reads_traj:
                    deferred.append((rel, h.forall, src))
                elif rel.free_symbols <= size_syms | set(fsyms):
                    size_rel.append(rel)
                else:
                    rejections.append((rel, h.forall, src))
                continue
            norm = _normal(rel)
            if norm is None:
                rejections.append((rel, h.forall, src))
                continue
            e, op = norm
            agg = _aggregated(e)
            done = False
            # 1. sequence entries at the largest position
            direct = [a for a in sq_atoms if a not in agg and a.base.label.name not in law_atoms
                      and a.base.label.name not in whole]
            if reads_traj:  # only a (late) scalar can be bounded by the algorithm's run
                direct = []
            cands = []
            for a in direct:
                fi = _first_index(a, fsyms)
                if fi is None:
                    continue
                cands.append((a, fi))
            by_sym = [c for c in cands if c[1][0] is not None]
            if by_sym:
                mx = max(c[1][1] for c in by_sym)
                top = [c for c in by_sym if c[1][1] == mx]
            else:
                consts = [c for c in cands if c[1][0] is None]
                top = []
                if consts:
                    try:
                        mx = max(int(c[1][1]) for c in consts)
                        top = [c for c in consts if int(c[1][1]) == mx]
                    except TypeError:  # positions that depend on sizes: the unique one
                        top = consts if len({c[1][1] for c in consts}) == 1 else []
            top.sort(key=lambda c: -seqs[c[0].base.label.name].index)
            for a, (fsym, off) in top:
                u = seqs[a.base.label.name]
                sol = _solve(e, a, op, False)
                if sol is None:
                    continue
                # inner indices: universal symbols spanning the quantity's axes, in order
                inner = a.indices[1:]
                forall = []
                if fsym is not None:
                    forall.append(next(f for f in h.forall if f[0] == fsym))
                ok = True
                for j, ie in enumerate(inner, start=1):
                    f = next((f for f in h.forall if f[0] == ie), None)
                    if f is None or sp.simplify(sp.sympify(f[1]) - u.start[j]) != 0 or \
                            sp.simplify(sp.sympify(f[2]) - u.extent[j]) != 0:
                        ok = False
                        break
                    forall.append(f)
                if not ok:
                    continue
                # universal indices the target does not carry (t in sigma[j] < |g[t, j]|):
                # the bound is reduced over them (max of lower bounds, min of upper ones)
                extra = [f for f in h.forall if f not in forall]
                kind, value, coef = sol
                if kind == "sqge":
                    if not _nonneg(u.domain):
                        continue
                    kind = "affine"
                if extra and (kind == "equal" or not coef.is_number):
                    continue
                b = Bound(kind, value, coef, op == ">", src, tuple(forall) + tuple(extra),
                          off if fsym is not None else None, off if fsym is None else None)
                b.n_extra = len(extra)
                b.rel = (e, op, tuple(h.forall))
                solved.append((u, b, {x for x in (value.atoms(sp.Indexed) | coef.atoms(sp.Indexed))
                                      }))
                u.bounds.append(b)
                done = True
                break
            if done:
                continue
            # 2. a scalar: the latest declared one in which the relation is affine; a relation
            # that reads sequences or the algorithm's trajectory makes it a late scalar (drawn
            # after them); a per-index relation bounds it by the max (min) over the indices
            def _refs(s):  # its domain already reads the others: it is the dependent one
                return any(x != s and any(b.value.has(x) for b in scal[s.name].bounds)
                           for x in sc_atoms)
            rec_syms = {x.name for r in stmt.recurrences
                        for x in (r.update.free_symbols | sp.sympify(r.init).free_symbols)}
            for s in sorted(sc_atoms, key=lambda s: (not _refs(s), -scal[s.name].index)):
                if reads_traj and (s.name in rec_syms or not stmt.recurrences):
                    continue  # the algorithm reads it: it cannot come after the run
                sol = _solve(e, s, op, False)
                if sol is None:
                    continue
                u = scal[s.name]
                kind, value, coef = sol
                if kind == "sqge":
                    if not _nonneg(u.domain):
                        continue
                    kind = "affine"
                if kind == "equal" and h.forall:
                    continue
                b = Bound(kind, value, coef, op == ">", src, tuple(h.forall))
                b.traj = reads_traj
                if sq_atoms or reads_traj:
                    u.late = True
                u.bounds.append(b)
                done = True
                break
            if not done:
                (deferred if reads_traj else rejections).append((rel, h.forall, src))

    # sequence modes: recursive bounds (reading a drawn sequence) are drawn step by step
    targeted = {u.name for u, b, _ in solved if b.kind != "equal" or True}
    targeted |= {n for n, u in seqs.items() if u.bounds}
    for u, b, atoms in solved:
        reads = {x.base.label.name for x in atoms} & targeted
        if reads:
            b.recursive = True
            for x in atoms:
                nm = x.base.label.name
                if nm not in targeted:
                    continue
                fi = _first_index(x, [f[0] for f in b.forall])
                if fi is not None and fi[0] is None and nm == u.name and b.offset is not None \
                        and _head_read(b, fi[1], u):
                    continue  # u[j] <= u[1] for all j: drawn after u[1] (the whole history)
                if (fi is None or fi[0] is None or b.offset is None) and nm != u.name:
                    b.whole = getattr(b, "whole", set()) | {nm}  # drawn after all of nm
                    continue  # (adaproof.derive.after)
                if fi is None or fi[0] is None or b.offset is None:
                    raise DerivationError(
                        f"statement {stmt.key}: hypothesis {b.source} bounds {u.name} by entries "
                        f"of {nm} at positions the engine cannot order; state it per index")
                b.lags[nm] = max(b.lags.get(nm, 0), b.offset - fi[1])
    from .after import whole_reads
    whole_reads(stmt.key, seqs)  # bounds that read other sequences whole: mode "after"
    for n, u in seqs.items():
        if u.mode in _DRAWN_WHOLE + ("after",):
            continue
        if any(b.recursive for b in u.bounds):
            u.mode = "loop"
        elif u.bounds or u.domain.choices is not None:
            u.mode = "vector"
        elif u.domain.equal is not None:
            u.mode = "vector"
    # sequence order: free, then vector, then loop (vector ones reading vector ones: loop)
    order = sorted(seqs.values(), key=lambda u: (_RANK[u.mode], u.index))
    for u in order:
        if u.mode == "vector":
            reads = {x.base.label.name for b in u.bounds
                     for x in b.value.atoms(sp.Indexed) | b.coef.atoms(sp.Indexed)}
            if reads & {v.name for v in order if v.mode != "free"}:
                u.mode = "loop"
    order = sorted(seqs.values(), key=lambda u: (_RANK[u.mode], u.index))

    # scalars: a scalar whose bounds read another comes after it (declaration order otherwise)
    changed = True
    while changed:  # a scalar bounded by a late one is late too
        changed = False
        late_names = {n for n, u in scal.items() if u.late}
        for u in scal.values():
            if not u.late and any(s.name in late_names for b in u.bounds
                                  for s in b.value.free_symbols | b.coef.free_symbols):
                u.late = changed = True
    # a sequence bound that reads a late scalar (b[i] <= H with H >= max b) bounds that scalar
    # instead, per index
    late_names = {n for n, u in scal.items() if u.late}
    for sq in seqs.values():
        for b in list(sq.bounds):
            reads = {s.name for s in b.value.free_symbols | b.coef.free_symbols} & late_names
            if not reads or b.rel is None:
                continue
            e, op, fa = b.rel
            u = scal[sorted(reads)[0]]
            sol = _solve(e, plan_symbols := symbols[u.name], op, False)
            if sol is None or sol[0] == "equal":
                raise DerivationError(f"statement {stmt.key}: hypothesis {b.source} bounds "
                                      f"{sq.name} by {u.name}, which is drawn after {sq.name}")
            nb = Bound(sol[0], sol[1], sol[2], op == ">", b.source, fa)
            u.bounds.append(nb)
            sq.bounds.remove(b)
            solved[:] = [x for x in solved if x[1] is not b]
            del plan_symbols
    early = [u for u in scal.values() if not u.late]
    late = [u for u in scal.values() if u.late]
    early_sorted = _topo(early, symbols, stmt.key)
    late_sorted = _topo(late, symbols, stmt.key)

    # sizes: role, minimum, parity, constant maximum; order (a size whose domain reads another
    # comes after it)
    atom_axis = {str(u.extent[0]) for u in seqs.values() if u.extent and u.name in law_atoms}
    first_axis = {str(u.extent[0]) for u in seqs.values() if u.extent and u.name not in law_atoms}
    inner_axis = {str(e) for u in seqs.values() for e in u.extent[1:]}
    size_info, size_order = {}, []
    for n, info in sizes.items():
        dom, sym = info["domain"], symbols[n]
        lo, hi = 1, None
        for e, o in dom.lower:
            if e.is_number:
                lo = max(lo, int(sp.ceiling(e)) + (1 if o and e.is_integer else 0))
            else:
                size_rel.append(sp.StrictGreaterThan(sym, e) if o else sp.GreaterThan(sym, e))
        for e, o in dom.upper:
            if e.is_number:
                hi = int(sp.floor(e)) - (1 if o and e.is_integer else 0)
            else:
                size_rel.append(sp.StrictLessThan(sym, e) if o else sp.LessThan(sym, e))
        if dom.equal is not None and sp.sympify(dom.equal).is_Integer:
            # a constant size (n = 2): its ladder is that value alone; drawn from the ladder and
            # rejected, two such sizes (n = 2, m = 1: 1 in 35) ran out of the 200 redraws
            # ("no sizes on the ladders satisfy Eq(n, 2)", adam_linf theorem-3.2 families)
            lo = hi = int(dom.equal)
        elif dom.equal is not None:
            size_rel.append(sp.Eq(sym, dom.equal))
        role = "atoms" if n in atom_axis else "time" if any(n in s for s in first_axis) else (
            "coord" if any(n in s for s in inner_axis) else "other")
        if any(str(sym) in str(x.extent[0]) and str(x.extent[0]) != n
               for x in seqs.values() if x.extent) and role == "time":
            role = "time"
        size_info[n] = {"role": role, "min": lo, "max": hi, "even": dom.even}
        if dom.equal is not None and dom.equal.free_symbols:  # n = 2/m: computed, not drawn
            size_info[n]["expr"] = dom.equal
        size_order.append(n)
    from .numeric_sizes import mark_numeric  # sizes that enter only as numbers: large too
    size_info = mark_numeric(stmt, size_info)
    ranges = [(lo, hi) for h in stmt.hypotheses for _, lo, hi in h.forall] + \
        [(lo, hi) for _, lo, hi in stmt.forall]
    plan = Plan(stmt.key, symbols, early_sorted, late_sorted, {u.name: u for u in order},
                size_info, size_order, size_rel, rejections, deferred, stmt.trajectory is not None,
                ranges, law, construction)
    _zp_finish(plan, zps, symbols)  # each branch equation's target in the draw order
    return plan


_DRAWN_WHOLE = ("simplex", "law", "fixed", "psd", "sym", "ball")
_RANK = {"simplex": 0, "fixed": 0, "law": 0, "free": 0, "vector": 1, "loop": 2, "after": 3,
         "psd": 0, "sym": 0, "ball": 0}


def _entry_rel(u: Unknown, make, src: str):
    """``make(x)`` for every entry ``x`` of sequence ``u``, as a rejection ``(rel, forall, src)``."""
    idx = [sp.Symbol(f"_e{a}", integer=True) for a in range(len(u.start))]
    x = sp.IndexedBase(u.name)[tuple(idx)]
    return make(x), tuple((i, s, e) for i, s, e in zip(idx, u.start, u.extent)), src


def _law_setup(stmt: Statement, seqs: dict, symbols: dict, xi_choices):
    """The statement's finite law, if any: its probability vector (a sequence with a simplex
    domain, or the noise's probabilities) drawn on the simplex, its atoms drawn from law
    families (centred exactly when a hypothesis says ``Σ p_k u_k = 0``).  Their domains become
    rejections (checked exactly: dyadic entries).  Returns ``(law, construction, rejections)``."""
    noise = stmt.noise
    rejections, construction = [], []
    probs = [n for n, u in seqs.items() if u.domain.simplex]
    if noise is not None and noise.probs in seqs and noise.probs not in probs:
        probs.insert(0, noise.probs)
    if noise is not None and noise.probs in probs:
        probs.remove(noise.probs)
        probs.insert(0, noise.probs)
    if not probs:
        return None, construction, rejections
    rels = [r for h in stmt.hypotheses for r in _split(h.relation)]
    P = probs[0]
    up = seqs[P]
    lo = [e for e, _ in up.domain.lower]
    hi = [e for e, _ in up.domain.upper]
    if lo and hi and len(lo) == len(hi) == 1 and lo[0] == hi[0]:  # "(1/2, 1/2)": fixed entries
        up.mode, up.fixed = "fixed", (lo[0],)
        up.domain.lower, up.domain.upper = [], []
    else:
        up.mode = "simplex"
        up.domain.strict = up.domain.strict or any(o and e == 0 for e, o in up.domain.lower) or \
            any(_strict_positive(r, symbols[P]) for r in rels)
        for e, o in up.domain.lower:
            rejections.append(_entry_rel(up, (lambda x, e=e, o=o: sp.StrictGreaterThan(x, e) if o
                                              else sp.GreaterThan(x, e)), f"domain {P} > {e}"))
        for e, o in up.domain.upper:
            rejections.append(_entry_rel(up, (lambda x, e=e, o=o: sp.StrictLessThan(x, e) if o
                                              else sp.LessThan(x, e)), f"domain {P} < {e}"))
        up.domain.lower, up.domain.upper = [], []
    values = noise.values if noise is not None and noise.values in seqs else None
    centred = False
    for n, u in seqs.items():
        if n == P or u.start != up.start or [str(e) for e in u.extent] != \
                [str(e) for e in up.extent]:
            continue
        if any(_mean_zero(r, symbols[P], symbols[n], u.start[0], u.extent[0]) for r in rels):
            values, centred = n, True
            break
    if values is not None:
        uv = seqs[values]
        if xi_choices is not None and uv.extent[0].is_Integer and \
                int(uv.extent[0]) - uv.start[0] + 1 == len(xi_choices):
            uv.mode, uv.fixed = "fixed", tuple(xi_choices)  # ξ = ±1: the atoms are the set
            uv.domain.choices = None
        elif uv.domain.choices is None and uv.domain.equal is None:
            uv.mode = "law"
            for e, o in uv.domain.lower:
                rejections.append(_entry_rel(uv, (lambda x, e=e, o=o: sp.StrictGreaterThan(x, e)
                                                  if o else sp.GreaterThan(x, e)),
                                             f"domain {values} > {e}"))
            for e, o in uv.domain.upper:
                rejections.append(_entry_rel(uv, (lambda x, e=e, o=o: sp.StrictLessThan(x, e)
                                                  if o else sp.LessThan(x, e)),
                                             f"domain {values} < {e}"))
            uv.domain.lower, uv.domain.upper = [], []
        else:
            values = None if not centred else values
    for u in seqs.values():
        if u.domain.nonzero:
            rejections.append(_entry_rel(u, lambda x: sp.StrictGreaterThan(x ** 2, 0),
                                         f"domain {u.name} != 0"))
    law = {"noise": noise, "values": values, "probs": P, "centred": centred}
    return law, construction, rejections


#: the lag of a read at a constant position (the window then holds every earlier entry)
HEAD_LAG = 1 << 30


def _head_read(b: Bound, pos, u: Unknown) -> bool:
    """``b`` bounds ``u[t + offset]`` for ``t`` in ``[lo, hi]`` by the entry ``u[pos]`` at a
    constant position, the first one it targets (an ordering hypothesis ``L[1] >= L[j]`` for all
    ``j``): at ``t = lo`` the relation reads ``u[pos] op u[pos]``, true when not strict, so the
    bound applies from ``lo + 1`` on and reads the drawn head.  Rewrites ``b`` in place."""
    try:
        pos = int(pos)
    except TypeError:
        return False
    t, lo, hi = b.forall[0]
    lo = sp.sympify(lo)
    if b.strict or not lo.is_Integer or int(lo) + b.offset != pos:
        return False
    b.forall = ((t, lo + 1, hi),) + tuple(b.forall[1:])
    b.recursive = True
    b.lags[u.name] = HEAD_LAG
    return True


def _topo(units: list, symbols: dict, key: str) -> list:
    names = {u.name for u in units}
    deps = {u.name: set() for u in units}
    for u in units:
        for b in u.bounds:
            deps[u.name] |= {s.name for s in (b.value.free_symbols | b.coef.free_symbols)
                             if s.name in names and s.name != u.name}
    out, done = [], set()
    pending = sorted(units, key=lambda u: u.index)
    while pending:
        for u in pending:
            if deps[u.name] <= done:
                out.append(u)
                done.add(u.name)
                pending.remove(u)
                break
        else:
            cyc = [u.name for u in pending]
            raise DerivationError(f"statement {key}: the bounds of {cyc} read each other in a "
                                  f"cycle; state one of them without the other")
    return out

