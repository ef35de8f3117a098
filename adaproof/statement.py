"""The statement model: one paper statement (lemma, theorem, corollary, proposition, or a
numbered inequality inside a proof) as a single object that is rendered, sampled, evaluated in
batched float64 and re-verified in high precision.

A :class:`Statement` claims ``lhs <= rhs`` for every input in its domain (its *hypotheses*), for
every value of its universal indices (``forall``, e.g. ``t = 1..T`` and coordinates ``l = 1..d``).
Its inputs are

* free quantities (:class:`Quantity`): scalars (``beta2``), sizes (``T``, ``d``) and sequences
  (``g[t]``, ``v[t]``, ``g[t, l]``) that a *sampler* draws, and
* optionally quantities of an algorithm's trajectory (``m[t, l]``, ``nu[t, l]``, ``w[t, l]``):
  the statement then names a :class:`TrajectorySource` that runs the algorithm from
  :mod:`adaproof.algorithms` on the sampled gradients (batched float path) and the *recurrences*
  that define the same quantities in SymPy (recomputed in mpmath for re-verification), so the two
  implementations check each other.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Mapping, Sequence

import sympy as sp
import torch

__all__ = [
    "Quantity",
    "Hypothesis",
    "ProofStep",
    "Recurrence",
    "TrajectorySource",
    "SampleContext",
    "Statement",
    "FAMILIES",
    "KINDS",
]

KINDS = ("lemma", "theorem", "corollary", "proposition", "eq", "remark", "claim")
FAMILIES = ("log-sum", "proxy-gap", "update-norm", "variance-ratio", "rate", "other",
            "matrix", "relation")  # the last two: adaproof.computed


@dataclass(frozen=True)
class Quantity:
    """A free quantity of a statement, named after the paper's symbol in ASCII.

    ``kind``: ``scalar`` (a real per candidate), ``size`` (an integer shared by a batch: ``T``,
    ``d``), ``sequence`` (indexed by ``index`` axes with the given first index, e.g. ``v`` with
    ``start=(0,)`` holds ``v_0..v_T``), ``trajectory`` (a sequence produced by the algorithm).
    ``domain`` is the human-readable range (``(0, 1)``, ``>= 0``, ``R``)."""

    name: str
    kind: Literal["scalar", "size", "sequence", "trajectory"]
    domain: str
    description: str
    start: tuple[int, ...] = ()
    extent: tuple[str, ...] = ()  # last index of each axis, as text ("T", "d")

    @property
    def symbol(self) -> sp.Basic:
        if self.kind in ("sequence", "trajectory"):
            return sp.IndexedBase(self.name)
        if self.kind == "size":
            return sp.Symbol(self.name, integer=True, positive=True)
        return sp.Symbol(self.name, real=True)

    def to_json(self) -> dict:
        return {"name": self.name, "kind": self.kind, "domain": self.domain,
                "description": self.description,
                "indices": [f"{s}..{e}" for s, e in zip(self.start, self.extent)] or None}


@dataclass(frozen=True)
class Hypothesis:
    """A hypothesis as a SymPy relation, universally quantified over ``forall`` indices.

    ``silent`` marks hypotheses the paper's proof uses without stating them; ``note`` says where
    they come from."""

    relation: sp.Basic
    silent: bool = False
    note: str = ""
    forall: tuple[tuple[sp.Symbol, Any, Any], ...] = ()

    def latex(self) -> str:
        s = sp.latex(self.relation)
        if self.forall:
            s += r"\quad \forall " + ", ".join(
                f"{sp.latex(i)} \\in [{sp.latex(a)}, {sp.latex(b)}]" for i, a, b in self.forall)
        return s


@dataclass(frozen=True)
class ProofStep:
    """One link ``E_{k-1} (= or <=) E_k`` of a proof chain, checked by SymPy where it can be."""

    lhs: sp.Basic
    rhs: sp.Basic
    relation: Literal["=", "<="]
    justification: str = ""
    #: for ``<=``: the known elementary inequality the step reduces to
    #: (:class:`adaproof.proofs.Known`), i.e. ``rhs - lhs == scale * (R - L)`` for an instance
    #: ``L <= R`` of it; ``scale`` must be >= 0 (SymPy must not find it negative)
    via: Any = None
    scale: sp.Basic = sp.Integer(1)


@dataclass(frozen=True)
class Recurrence:
    """``name[index]`` for ``index`` from ``first`` on: ``init`` gives the value at ``first - 1``
    (an expression of the inputs; may use the coordinate index ``coord``), ``update`` the value at
    ``index`` in terms of earlier values.  Used to recompute an algorithm's quantities in mpmath."""

    name: str
    index: sp.Symbol
    first: int
    init: sp.Basic
    update: sp.Basic


@dataclass(frozen=True)
class TrajectorySource:
    """How the batched evaluator obtains trajectory quantities: ``build(inputs)`` returns the
    algorithm (from :mod:`adaproof.algorithms`) and the ``run`` keyword arguments (``grads``,
    ``x0``); ``read`` maps a trajectory key (``"m"``, or ``"x"``) to ``(quantity name, start)``,
    the paper's index of the trajectory's first stored entry."""

    build: Callable[[Mapping[str, Any]], tuple[Any, dict]]
    read: Mapping[str, tuple[str, tuple[int, ...]]]
    series: tuple[str, ...] = ()  # keys read with their initial value prepended


@dataclass
class SampleContext:
    """What a sampler gets: batch size, the sizes for this batch, a seeded generator, dtype and
    device."""

    B: int
    sizes: dict[str, int]
    generator: torch.Generator
    dtype: torch.dtype = torch.float64
    device: str | torch.device = "cpu"

    def rand(self, *shape) -> torch.Tensor:
        return torch.rand(*shape, generator=self.generator, dtype=self.dtype).to(self.device)

    def randn(self, *shape) -> torch.Tensor:
        return torch.randn(*shape, generator=self.generator, dtype=self.dtype).to(self.device)

    def randint(self, low: int, high: int, *shape) -> torch.Tensor:
        return torch.randint(low, high, shape, generator=self.generator).to(self.device)


Sampler = Callable[[SampleContext], dict]


@dataclass
class Statement:
    """One paper statement ``lhs <= rhs`` (see the module docstring)."""

    id: str
    paper: str
    kind: str
    number: str
    title: str
    section: str
    family: str
    #: the statement as printed; None: rendered from the SymPy hypotheses and relation
    latex: str | None = None
    quantities: tuple[Quantity, ...] = ()
    hypotheses: tuple[Hypothesis, ...] = ()
    lhs: sp.Basic = None
    rhs: sp.Basic = None
    #: the random sampler; None: derived from the domains and hypotheses (:mod:`adaproof.derive`)
    sampler: Sampler | None = None
    #: ``sizes(generator, preset) -> {"T": ..}``; None: a derived ladder (:mod:`adaproof.derive`)
    sizes: Callable[[torch.Generator, str], dict[str, int]] | None = None
    forall: tuple[tuple[sp.Symbol, Any, Any], ...] = ()
    variant: Literal["printed", "corrected"] = "printed"
    reason: str = ""
    expected: Literal["holds", "violated", "unknown"] = "holds"
    trajectory: TrajectorySource | None = None
    recurrences: tuple[Recurrence, ...] = ()
    proof: tuple[ProofStep, ...] = ()
    source: str = ""
    notes: str = ""
    supremum_ratio: float | None = None  # sup of lhs/rhs over the domain, when known
    #: Hypothesis strategy: ``strategy(sizes) -> SearchStrategy`` of candidate dicts (the
    #: :func:`~adaproof.verification.candidate_inputs` format) satisfying the hypotheses
    strategy: Callable[[dict], Any] | None = None
    #: guided search: a :class:`adaproof.search.reparam.Reparam` mapping unconstrained tensors
    #: onto inputs that satisfy the hypotheses by construction
    reparam: Any = None
    #: a statement in expectation: E[lhs] <= E[rhs] over the noise ξ (see adaproof.expectation)
    noise: Any = None
    #: a strict conclusion ``lhs < rhs``: equality is a violation (:mod:`adaproof.conclusions`)
    strict: bool = False
    #: further conclusions, each its own margin (:class:`adaproof.conclusions.Conclusion`)
    conclusions: tuple = ()
    #: a statement of another kind, decided by its own engine (:mod:`adaproof.kinds`):
    #: :class:`adaproof.probability.HighProbability`, :class:`adaproof.arithmetic.Arithmetic`
    special: Any = None
    #: the least wall-clock budget (seconds) this statement's fixed computation needs, with the
    #: measured cost and why in ``min_budget_why``; a smaller wall-clock budget is raised to it
    #: and the result says so (:mod:`adaproof.budget_floor`, ``docs/budgets.md``)
    min_budget_s: float | None = None
    min_budget_why: str = ""

    def __post_init__(self) -> None:
        from .budget_floor import validate_floor
        self.min_budget_s = validate_floor(self.min_budget_s, f"statement {self.id}")
        if self.kind not in KINDS:
            raise ValueError(f"statement {self.id}: kind must be one of {KINDS}, got {self.kind!r}")
        if self.family not in FAMILIES:
            raise ValueError(f"statement {self.id}: family must be one of {FAMILIES}")
        if self.variant == "corrected" and not self.reason:
            raise ValueError(f"statement {self.id}: a corrected variant needs its reason")
        names = [q.name for q in self.quantities]
        if len(set(names)) != len(names):
            raise ValueError(f"statement {self.id}: duplicate quantity names {names}")
        if self.lhs is None or self.rhs is None:
            raise ValueError(f"statement {self.id}: lhs and rhs are required")
        self.lhs, self.rhs = sp.sympify(self.lhs), sp.sympify(self.rhs)
        self.quantities, self.hypotheses = tuple(self.quantities), tuple(self.hypotheses)
        for k, h in enumerate(self.hypotheses, 1):
            rel = getattr(h, "relation", None)
            if getattr(h, "text", None):  # shown as text, decided by a computed statement's code
                continue
            if rel is sp.true or rel is sp.false or isinstance(rel, bool):
                raise ValueError(
                    f"statement {self.id}: hypothesis {k} is the constant {rel} as built, because "
                    "SymPy decided it from its symbols' assumptions (e.g. Symbol('x', "
                    "positive=True) makes x > 0 True); declare the symbols real (Symbol('x', "
                    "real=True)) and state the hypothesis, so that every input is checked "
                    "against it")
        if self.latex is None:
            self.latex = self.rendered_latex()

    # -- identity -------------------------------------------------------------------------------
    @property
    def key(self) -> str:
        """``id`` for the printed variant, ``id@corrected`` for a corrected one."""
        return self.id if self.variant == "printed" else f"{self.id}@{self.variant}"

    def quantity(self, name: str) -> Quantity:
        for q in self.quantities:
            if q.name == name:
                return q
        raise KeyError(name)

    # -- rendering ------------------------------------------------------------------------------
    def relation_latex(self) -> str:
        if self.special is not None or self.conclusions:
            from .kinds import relation_latex
            return relation_latex(self)
        rel = "<" if self.strict else r"\le"
        s = f"{sp.latex(self.lhs)} {rel} {sp.latex(self.rhs)}"
        if self.forall:
            s += r"\quad \forall " + ", ".join(
                f"{sp.latex(i)} \\in [{sp.latex(a)}, {sp.latex(b)}]" for i, a, b in self.forall)
        return s

    def rendered_latex(self) -> str:
        """The statement rendered from SymPy: its hypotheses, then ``lhs \\le rhs``."""
        hyps = [h.latex() for h in self.hypotheses if not h.silent]
        head = (r"\text{Given } " + r",\ ".join(hyps) + r":\quad ") if hyps else ""
        return head + self.relation_latex()

    def to_json(self) -> dict:
        from .kinds import kind_json
        return {
            "id": self.id, "key": self.key, "paper": self.paper, "kind": self.kind,
            "number": self.number, "title": self.title, "section": self.section,
            "family": self.family, "variant": self.variant, "reason": self.reason or None,
            "expected": self.expected, "latex_printed": self.latex,
            "latex_encoded": self.relation_latex(),
            "quantities": [q.to_json() for q in self.quantities],
            "hypotheses": [{"latex": h.latex(), "silent": h.silent, "note": h.note or None}
                           for h in self.hypotheses],
            "algorithm": bool(self.trajectory), "source": self.source, "notes": self.notes or None,
            "supremum_ratio": self.supremum_ratio,
            "proof_steps": len(self.proof),
            "in_expectation": None if self.noise is None else {
                "noise": self.noise.name, "law": [self.noise.values, self.noise.probs],
                "max_paths_exact": self.noise.max_paths, "mc_level": self.noise.level},
            **({"strict": True} if self.strict else {}),
            **({"min_budget_s": self.min_budget_s, "min_budget_why": self.min_budget_why}
               if self.min_budget_s is not None else {}),
            **(kind_json(self) if (self.special is not None or self.conclusions) else {}),
        }

    def __repr__(self) -> str:
        return f"<Statement {self.key} ({self.family})>"
