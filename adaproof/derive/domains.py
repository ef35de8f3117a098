"""Parse a :class:`~adaproof.statement.Quantity`'s ``domain`` text into relations.

Supported forms (whitespace free; ``−``, ``√``, ``β₁``, ``β₂``, ``≥``, ``≤`` are normalised):

* ``R`` (any real), ``= a`` (a fixed value),
* ``> a``, ``>= a``, ``< a``, ``<= a``,
* intervals ``(a, b)``, ``[a, b)``, ``(a, b]``, ``[a, b]``,
* finite sets ``{a, b, ...}`` and ``±a``,
* for sizes, a leading ``even`` (``even, >= 2``),
* ``max h`` (the largest entry of sequence ``h``), ``s‖h‖_F`` (``s`` times its Frobenius
  norm),
* a box ``W = [lo, lo + D]`` whose bounds read another sequence entry by entry
  (:mod:`adaproof.derive.laws_boxes`),
* a chain ``a < f(x) < b`` in the quantity (``0 < β₁² < β₂``), solved as two hypotheses.

``a`` and ``b`` are SymPy expressions that may name other quantities of the statement
(``[0, sqrt(beta2))``), or ``inf``.  Anything else raises :class:`DerivationError` naming the
quantity (the engine never guesses a domain).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy as sp

from .._validation import AdaproofInputError

__all__ = ["DerivationError", "Domain", "parse_domain"]


class DerivationError(AdaproofInputError):
    """The engine cannot derive inputs for a statement; the message names the quantity or the
    hypothesis at fault."""


@dataclass
class Domain:
    """``lower``/``upper``: ``(expr, open)`` bounds; ``equal``: a fixed value; ``choices``: a finite
    set; ``even``: an even integer (sizes)."""

    lower: list = field(default_factory=list)
    upper: list = field(default_factory=list)
    equal: sp.Basic | None = None
    choices: tuple | None = None
    even: bool = False
    relations: list = field(default_factory=list)  # a chain a < f(x) < b, solved as hypotheses
    #: a probability vector (``simplex``, ``>= 0, sums to 1``, ``(0, 1], sum 1``): drawn on the
    #: simplex with dyadic entries (so that the sum is exactly 1); ``strict``: entries > 0
    simplex: bool = False
    strict: bool = False
    #: ``law (u, p)``: i.i.d. draws from the finite law with atoms ``u`` and probabilities ``p``
    law: tuple | None = None
    #: ``R \\ {0}``: every entry nonzero
    nonzero: bool = False


_NORMALISE = (("−", "-"), ("√β₂", "sqrt(beta2)"), ("√", "sqrt"), ("β₂", "beta2"), ("β₁", "beta1"),
              ("≥", ">="), ("≤", "<="), ("∞", "inf"), ("²", "**2"))
_SUPPORTED = ("R, = a, > a, >= a, < a, <= a, (a, b), [a, b), (a, b], [a, b], {a, b}, ±a, even >= k, "
              "simplex, >= 0, sums to 1, law (u, p), R \\ {0}, PSD, ‖u_k‖_F <= r")


def _expr(text: str, names: dict, qname: str, domain: str) -> sp.Basic:
    try:
        e = sp.sympify(text.replace("inf", "oo"), locals=dict(names))
    except (sp.SympifyError, SyntaxError, TypeError) as exc:
        raise DerivationError(f"quantity {qname!r}: cannot parse domain {domain!r} "
                              f"({exc.__class__.__name__}); supported: {_SUPPORTED}") from None
    unknown = {s.name for s in e.free_symbols} - set(names) - {
        s.name for v in names.values() if isinstance(v, sp.Basic) for s in v.free_symbols}
    if unknown or not isinstance(e, sp.Expr):
        raise DerivationError(f"quantity {qname!r}: domain {domain!r} names "
                              f"{sorted(unknown) or e!r}, not quantities of the statement; "
                              f"supported: {_SUPPORTED}")
    return e


def parse_domain(qname: str, domain: str, names: dict, sequences: dict | None = None) -> Domain:
    """The :class:`Domain` of quantity ``qname``; ``names`` maps quantity names to symbols,
    ``sequences`` sequence names to ``(start, extent)`` (for ``max h``: the largest entry)."""
    text = domain.strip()
    for a, b in _NORMALISE:
        text = text.replace(a, b)
    names = dict(names)
    for k, (name, (start, extent)) in enumerate(sorted((sequences or {}).items())):
        if re.search(rf"\bmax\s+{name}\b", text):
            from ..symbolic import IndexMax
            idx = [sp.Symbol(f"_i{k}_{a}", integer=True) for a in range(len(start))]
            e = sp.IndexedBase(name)[tuple(idx)]
            for i, s, x in reversed(list(zip(idx, start, extent))):
                e = IndexMax(e, (i, s, sp.sympify(x, locals=names)))
            names[f"_max_{name}"] = e
            text = re.sub(rf"\bmax\s+{name}\b", f"_max_{name}", text)
        if re.search(rf"‖{name}‖(_F|_2)?", text):  # Frobenius / Euclidean norm of all entries
            idx = [sp.Symbol(f"_n{k}_{a}", integer=True) for a in range(len(start))]
            e = sp.IndexedBase(name)[tuple(idx)] ** 2
            for i, s, x in reversed(list(zip(idx, start, extent))):
                e = sp.Sum(e, (i, s, sp.sympify(x, locals=names)))
            names[f"_norm_{name}"] = sp.sqrt(e)
            text = re.sub(rf"‖{name}‖(_F|_2)?", f"*_norm_{name}", text).replace("**_norm", "*_norm")
            text = re.sub(r"^(>=|<=|>|<|=)\s*\*", r"\1 ", text)
    from .laws_boxes import parse_box  # W = [lo, lo + D]: bounds that read other sequences
    box = parse_box(qname, text, names, sequences)
    if box is not None:
        return box
    out = Domain()
    m = re.match(r"^law\s*\(\s*([A-Za-z_]\w*)\s*,\s*([A-Za-z_]\w*)\s*\)$", text)
    if m:
        out.law = (m.group(1), m.group(2))
        return out
    if text == "simplex" or re.search(r",\s*sums?\s*(to\s*)?1$", text):
        out.simplex = True
        head = re.sub(r",\s*sums?\s*(to\s*)?1$", "", text).strip()
        out.strict = head.startswith("(0") or head.startswith("> 0") or head.startswith(">0")
        return out
    if re.match(r"^(R|ℝ)\s*\\+\s*\{\s*0\s*\}$", text):
        out.nonzero = True
        return out
    m = re.match(r"^even\s*,?\s*(.*)$", text)
    if m:
        out.even = True
        text = m.group(1).strip() or ">= 2"
    if text in ("R", "ℝ", "real"):
        return out
    m = re.match(r"^(>=|<=|>|<|=)\s*(.+)$", text)
    if m:
        op, e = m.group(1), _expr(m.group(2), names, qname, domain)
        if op == "=":
            out.equal = e
        elif op[0] == ">":
            out.lower.append((e, op == ">"))
        else:
            out.upper.append((e, op == "<"))
        return out
    m = re.match(r"^([\(\[])\s*(.+?)\s*,\s*(.+?)\s*([\)\]])$", text)
    if m:
        lo, hi = (_expr(m.group(k), names, qname, domain) for k in (2, 3))
        if lo != -sp.oo:
            out.lower.append((lo, m.group(1) == "("))
        if hi != sp.oo:
            out.upper.append((hi, m.group(4) == ")"))
        return out
    m = re.match(r"^(.+?)(<=|<)(.+?)(<=|<)(.+)$", text)
    if m and qname in m.group(3):  # a chain a < f(x) < b
        a, mid, b = (_expr(m.group(k), names, qname, domain) for k in (1, 3, 5))
        rel = {"<": sp.StrictLessThan, "<=": sp.LessThan}
        out.relations = [rel[m.group(2)](a, mid), rel[m.group(4)](mid, b)]
        return out
    m = re.match(r"^\{(.+)\}$", text)
    if m:
        out.choices = tuple(_expr(p, names, qname, domain) for p in m.group(1).split(","))
        return out
    m = re.match(r"^±\s*(.+)$", text)
    if m:
        e = _expr(m.group(1), names, qname, domain)
        out.choices = (-e, e)
        return out
    from .domains_extra import parse_extra  # PSD, norm balls
    extra = parse_extra(qname, text, names, domain)
    if extra is not None:
        return extra
    raise DerivationError(f"quantity {qname!r}: cannot parse domain {domain!r}; supported: "
                          f"{_SUPPORTED} (state anything else as a hypothesis)")
