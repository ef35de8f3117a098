"""Declare statements the way the paper states them: symbols once, hypotheses, the claim.

::

    from sympy import Sum, log
    from adaproof.declare import scalar, size, index, sequence, forall, statement

    beta2 = scalar("beta2", "(0, 1)", "second-moment decay β₂")
    T, t = size("T"), index("t")
    v = sequence("v", over=(0, T), domain=">= 0")
    g = sequence("g", over=(1, T))

    LEMMA = statement(
        "mine/lemma-3.12", title="Σ g_t²/v_t against the log-growth of v_t", family="log-sum",
        hypotheses=[v[0] > 0, forall(t, 1, T, v[t] - beta2 * v[t - 1] >= (1 - beta2) * g[t] ** 2)],
        lhs=Sum(g[t] ** 2 / v[t], (t, 1, T)),
        rhs=T + beta2 / (1 - beta2) * log(v[T] / v[0]),
    )

No sampler, sizes, strategy or reparameterisation: :mod:`adaproof.derive` derives them from the
domains and the hypotheses.  The LaTeX is rendered from SymPy unless ``latex=`` gives the printed
text.  ``statement`` registers the statement (``register=False`` to keep it out of the registry).

Declarations are recorded by name: a statement picks up the latest declaration of every symbol it
uses (declare a module's symbols at its top, as a paper does).  Its quantities are ordered by
their first appearance in the statement itself (its hypotheses in order, then ``lhs``, ``rhs``,
its universal ranges, then the algorithm's inputs), so the order (and the derived draws for a
seed) does not depend on which modules were imported first.  Pass ``quantities=`` to give them
explicitly instead.

A statement about an algorithm declares what the algorithm produces with :func:`trajectory` and
names the algorithm with :func:`algorithm`::

    v = trajectory("v", over=((0, T), (1, d)), domain=">= 0", description="v_{t,i}")
    RMSPROP = algorithm(lambda env: (AdamLinf(lr=1.0, beta1=0.0, beta2=env["beta2"],
                                              eps=env["eps"], v0=env["v0"]),
                                     {"x0": env["x0"].data, "grads": env["g"].data}),
                        x0, v0)  # inputs the build reads that the claim does not mention
    statement("mine/step", hypotheses=[...], lhs=g[t, i] ** 2 / (v[t, i] + eps),
              rhs=1 / (1 - beta2), forall=((t, 1, T), (i, 1, d)), algorithm=RMSPROP)

The engine draws the gradients and hyperparameters from their domains and reads ``v`` from the
run (the :class:`~adaproof.statement.TrajectorySource` is built from the declarations).
"""
from __future__ import annotations

import dataclasses
import sys
from typing import Any, Iterable

import sympy as sp

from ._validation import AdaproofInputError
from .statement import KINDS, Hypothesis, ProofStep, Quantity, Statement
from .symbolic_functions import check_supported

__all__ = ["scalar", "size", "index", "sequence", "trajectory", "algorithm", "forall",
           "statement", "corrected", "chain", "declared"]

_DECLARED: dict[str, Quantity] = {}
#: the same declarations by the module that made them: a statement resolves its names in its own
#: module first, so a later module declaring the same name (another paper's ``a`` over ``d``)
#: does not change what an earlier module's statement means
_BY_MODULE: dict[str, dict[str, Quantity]] = {}


def _record(q: Quantity) -> None:
    """Record a declaration globally and for the module outside this file that made it."""
    _DECLARED[q.name] = q
    f = sys._getframe(1)
    while f is not None and f.f_globals.get("__name__") == __name__:
        f = f.f_back
    if f is not None:
        _BY_MODULE.setdefault(f.f_globals.get("__name__", ""), {})[q.name] = q


def _caller_declarations() -> dict[str, Quantity]:
    """Every declaration, those of the calling module (outside this file) taking precedence."""
    f = sys._getframe(1)
    while f is not None and f.f_globals.get("__name__") == __name__:
        f = f.f_back
    own = _BY_MODULE.get(f.f_globals.get("__name__", ""), {}) if f is not None else {}
    return {**_DECLARED, **own}
#: trajectory name -> (the run's record key, read as a series with its initial value)
_TRAJ_READ: dict[str, tuple[str, bool]] = {}


@dataclasses.dataclass(frozen=True)
class AlgorithmSpec:
    """What :func:`algorithm` returns: the build function and the names of the inputs it reads
    beyond those the statement's expressions mention."""

    build: Any
    inputs: tuple[str, ...] = ()


def _name(name: Any) -> str:
    if not isinstance(name, str) or not name.isidentifier():
        raise AdaproofInputError(f"a quantity name is a Python identifier such as 'beta2', "
                                 f"got {name!r}")
    return name


def scalar(name: str, domain: str = "R", description: str = "") -> sp.Symbol:
    """A real scalar (``beta2``) with its domain (``"(0, 1)"``, ``"> 0"``, ``">= 0"``, ``"R"``,
    ``"[0, sqrt(beta2))"``: see :mod:`adaproof.derive.domains`)."""
    _record(Quantity(_name(name), "scalar", domain, description or name))
    return sp.Symbol(name, real=True)


def size(name: str, domain: str = ">= 1", description: str = "") -> sp.Symbol:
    """A positive integer size (``T``, ``d``), shared by every candidate of a batch."""
    _record(Quantity(_name(name), "size", domain, description or name))
    return sp.Symbol(name, integer=True, positive=True)


def index(name: str) -> sp.Symbol:
    """An integer index (``t``, ``i``) for sums, ``forall`` and sequence subscripts."""
    return sp.Symbol(_name(name), integer=True)


def sequence(name: str, over, domain: str = "R", description: str = "") -> sp.IndexedBase:
    """A sequence ``name[t]`` for ``t`` in ``over = (first, last)`` (inclusive), or a multi-index
    ``name[t, i]`` with ``over = ((1, T), (1, d))``; every entry in ``domain``."""
    axes = over if (isinstance(over, (tuple, list)) and over and
                    isinstance(over[0], (tuple, list))) else (over,)
    starts, ends = [], []
    for ax in axes:
        if not (isinstance(ax, (tuple, list)) and len(ax) == 2):
            raise AdaproofInputError(f"sequence {name!r}: over is (first, last) or a tuple of "
                                     f"them, got {over!r}")
        lo = sp.sympify(ax[0])
        if not lo.is_Integer:
            raise AdaproofInputError(f"sequence {name!r}: the first index must be an integer, "
                                     f"got {ax[0]!r}")
        starts.append(int(lo))
        ends.append(str(sp.sympify(ax[1])))
    _record(Quantity(_name(name), "sequence", domain, description or name,
                     tuple(starts), tuple(ends)))
    return sp.IndexedBase(name)


def trajectory(name: str, over, domain: str = "R", description: str = "", *,
               key: str | None = None, series: bool = True) -> sp.IndexedBase:
    """A quantity the algorithm produces (``v[t, i]``), indexed like :func:`sequence` from its
    first stored entry (``over=((0, T), (1, d))``: ``v_0`` is the initial value).  ``key``: its
    name in the run's records (default ``name``); ``series``: read with the initial value
    prepended (``Trajectory.series``), else the records as they are."""
    out = sequence(name, over, domain, description)
    _record(dataclasses.replace(_DECLARED[name], kind="trajectory"))
    _TRAJ_READ[name] = (key or name, bool(series))
    return out


def algorithm(build, *inputs) -> AlgorithmSpec:
    """The algorithm of a statement: ``build(env) -> (algorithm, run kwargs)`` (as in
    :class:`~adaproof.statement.TrajectorySource`); ``inputs``: declared symbols the build reads
    that the statement's expressions may not mention (``x0``)."""
    if not callable(build):
        raise AdaproofInputError(f"algorithm(build, ...) takes a function env -> (algorithm, "
                                 f"run kwargs), got {build!r}")
    names = []
    for x in inputs:
        n = x.label.name if isinstance(x, sp.IndexedBase) else getattr(x, "name", x)
        if not isinstance(n, str) or n not in _DECLARED:
            raise AdaproofInputError(f"algorithm(...): input {x!r} is not a declared quantity")
        names.append(n)
    return AlgorithmSpec(build, tuple(names))


def forall(i: sp.Symbol, first, last, relation) -> Hypothesis:
    """The hypothesis ``relation`` for every integer ``i`` in ``[first, last]``; nest for
    several indices: ``forall(t, 1, T, forall(j, 1, d, rel))``."""
    if isinstance(relation, Hypothesis):
        return dataclasses.replace(relation, forall=((i, first, last),) + relation.forall)
    if not isinstance(relation, (sp.Rel, sp.And)):
        raise AdaproofInputError(f"forall takes a relation (a <= b, Eq(a, b)), got {relation!r}")
    return Hypothesis(relation, forall=((i, first, last),))


def chain(start, *links) -> tuple[ProofStep, ...]:
    """A proof chain ``E0 (rel) E1 (rel) E2 ...`` from ``links`` of ``(relation, E_k, why)``
    (``relation`` ``"="`` or ``"<="``): the steps the checker verifies with SymPy where it can."""
    steps, cur = [], sp.sympify(start)
    for link in links:
        rel, nxt, *why = link
        steps.append(ProofStep(cur, sp.sympify(nxt), rel, why[0] if why else ""))
        cur = sp.sympify(nxt)
    return tuple(steps)


def declared() -> dict[str, Quantity]:
    """The declarations recorded so far, by name."""
    return dict(_DECLARED)


def _symbols_in_order(exprs: Iterable) -> list[str]:
    """Names of the symbols and sequences of ``exprs`` in order of first appearance (a preorder
    walk of each expression in turn: SymPy's canonical argument order, the same in every
    process).  The walk reads ``node.args``: ``sp.preorder_traversal`` walks an And / Or /
    Min / Max through its ``_argset``, a frozenset whose order depends on PYTHONHASHSEED (the
    quantities, and so the derived plan and draws, then changed from process to process)."""
    out: dict[str, None] = {}
    for e in exprs:
        e = sp.sympify(e)
        free = e.free_symbols  # summation indices are bound: never quantities
        for node in _preorder(e):
            if isinstance(node, sp.Indexed):
                out.setdefault(node.base.label.name, None)
            elif isinstance(node, sp.Symbol) and node in free:
                out.setdefault(node.name, None)
    return list(out)


def _preorder(e: sp.Basic):
    """``e`` and its subexpressions, depth first, each node's ``args`` in their (canonical,
    hash-independent) order."""
    stack = [e]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, sp.Basic):
            stack.extend(reversed(node.args))


def _hyp(h) -> Hypothesis:
    if isinstance(h, Hypothesis):
        return h
    if isinstance(h, (sp.Rel, sp.And)):
        return Hypothesis(h)
    if isinstance(h, bool) or h in (sp.true, sp.false):
        raise AdaproofInputError(f"a hypothesis evaluated to {h} when it was written: use a "
                                 f"relation between symbols (x >= 0), not a Python comparison")
    raise AdaproofInputError(f"a hypothesis is a SymPy relation or forall(...), got {h!r}")


def statement(id: str, *, lhs, rhs, hypotheses: Iterable = (), title: str = "",
              kind: str | None = None, number: str | None = None, paper: str | None = None,
              section: str = "", family: str = "other", latex: str | None = None,
              expected: str = "holds", supremum: float | None = None, source: str = "",
              notes: str = "", proof: Iterable = (), forall: tuple = (),
              quantities: Iterable[Quantity] | None = None, register: bool = True,
              algorithm: AlgorithmSpec | None = None, **extra) -> Statement:
    """The statement ``lhs <= rhs`` under ``hypotheses`` (relations or :func:`forall`), for every
    value of its own universal indices ``forall`` (``((t, 1, T),)``).

    ``id`` is ``paper/name``: ``paper`` and ``number`` default to its parts, ``kind`` to the
    name's first word when it is one of :data:`adaproof.statement.KINDS` (``lemma-2``).  The
    quantities are the declared ones it uses (``quantities=`` overrides).  ``extra`` goes to
    :class:`~adaproof.statement.Statement` (``trajectory``, ``recurrences``, ``sampler``...).
    ``algorithm``: an :func:`algorithm`; the trajectory quantities the statement uses are read
    from its run (``trajectory=`` is then built from the declarations)."""
    if not isinstance(id, str) or "/" not in id:
        raise AdaproofInputError(f"a statement id is 'paper/name', got {id!r}")
    p, name = id.split("/", 1)
    kind = kind or next((k for k in KINDS if name.startswith(k)), "lemma")
    hyps = tuple(_hyp(h) for h in hypotheses)
    if algorithm is not None and not isinstance(algorithm, AlgorithmSpec):
        raise AdaproofInputError(f"statement {id!r}: algorithm= takes algorithm(build, ...), got "
                                 f"{algorithm!r}")
    if quantities is None:
        used = _symbols_in_order([h.relation for h in hyps] + [lhs, rhs] +
                                 [x for h in hyps for _, a, b in h.forall for x in (a, b)] +
                                 [x for _, a, b in forall for x in (a, b)])
        used += [n for n in (algorithm.inputs if algorithm else ()) if n not in used]
        bound = ({i.name for h in hyps for i, _, _ in h.forall}
                 | {i.name for i, _, _ in forall})  # forall indices are not quantities
        decl = _caller_declarations()
        quantities = [decl[n] for n in used if n in decl and n not in bound]
        for q in list(quantities):  # sizes named by sequence extents
            for e in q.extent:
                for s in sp.sympify(e).free_symbols:
                    if s.name in decl and decl[s.name] not in quantities:
                        quantities.append(decl[s.name])
    check_supported([lhs, rhs] + [h.relation for h in hyps] + [x for r in extra.get(
        "recurrences", ()) for x in (r.init, r.update)], f" (statement {id!r})")
    trajs = [q for q in quantities if q.kind == "trajectory"]
    if algorithm is not None:
        if "trajectory" in extra:
            raise AdaproofInputError(f"statement {id!r}: give algorithm= or trajectory=, not both")
        if not trajs:
            raise AdaproofInputError(f"statement {id!r}: algorithm= but no declared trajectory "
                                     f"quantity is used (declare them with trajectory(...))")
        from .statement import TrajectorySource
        read = {_TRAJ_READ.get(q.name, (q.name, True))[0]: (q.name, tuple(q.start))
                for q in trajs}
        series = tuple(_TRAJ_READ.get(q.name, (q.name, True))[0] for q in trajs
                       if _TRAJ_READ.get(q.name, (q.name, True))[1])
        extra["trajectory"] = TrajectorySource(build=algorithm.build, read=read, series=series)
    elif trajs and "trajectory" not in extra:
        raise AdaproofInputError(f"statement {id!r} uses trajectory quantities "
                                 f"{[q.name for q in trajs]} but names no algorithm= to run")
    stmt = Statement(
        id=id, paper=paper or p, kind=kind, number=number or name.split("-", 1)[-1],
        title=title or name, section=section, family=family, latex=latex,
        quantities=tuple(quantities), hypotheses=hyps, lhs=sp.sympify(lhs),
        rhs=sp.sympify(rhs), forall=tuple(forall), expected=expected, proof=tuple(proof),
        source=source, notes=notes, supremum_ratio=supremum, **extra)
    if register:
        from .registry import register as _register
        _register(stmt)
    return stmt


def corrected(stmt: Statement, *, reason: str, lhs=None, rhs=None, hypotheses=None,
              expected: str = "holds", register: bool = True, latex: str | None = None
              ) -> Statement:
    """The corrected variant of ``stmt`` (key ``id@corrected``): the same statement with a new
    ``rhs`` / ``lhs`` / ``hypotheses``, and the ``reason`` the printed one is wrong."""
    if not reason:
        raise AdaproofInputError("corrected(...) needs the reason the printed statement fails")
    new = dataclasses.replace(
        stmt, variant="corrected", reason=reason, expected=expected, latex=latex,
        lhs=stmt.lhs if lhs is None else sp.sympify(lhs),
        rhs=stmt.rhs if rhs is None else sp.sympify(rhs),
        hypotheses=stmt.hypotheses if hypotheses is None else tuple(_hyp(h) for h in hypotheses))
    if register:
        from .registry import register as _register
        _register(new)
    return new
