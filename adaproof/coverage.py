"""Coverage lists: every numbered statement of a paper, kept as data.

One TOML file per paper, ``adaproof/data/coverage/<paper>.toml`` (format: notes/coverage.md and
issue 14), lists each lemma, theorem, corollary, proposition, remark with a checkable claim,
numbered proof inequality and computed table entry, with its id, where it is, a one-line claim
and a category.  Whether an entry is encoded is not stored: it is computed here from the
registry.  A registered statement ``X`` (or ``X@corrected``) counts for the listed entry ``X``;
a step or sub-variant ``X-suffix`` counts for the longest listed entry ``X`` it extends.  An
entry with no registered variant must carry ``pending``, the recorded reason.

:func:`load` returns the entries with the computed ``encoded`` field (for the docs' coverage
page and the README); :func:`summary` counts them; :func:`problems` lists every inconsistency
(schema errors, registered ids missing from the list, entries with neither a variant nor a
reason, stale reasons); the test suite asserts it is empty.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from ._validation import AdaproofInputError

__all__ = ["KINDS", "CATEGORIES", "COVERAGE_DIR", "papers", "load", "summary", "problems"]

COVERAGE_DIR = Path(__file__).parent / "data" / "coverage"
KINDS = ("lemma", "theorem", "corollary", "proposition", "remark", "definition", "eq", "table",
         "claim")
CATEGORIES = ("scalar", "expectation", "rate", "matrix", "high-probability", "relation",
              "arithmetic", "definition")
_REQUIRED = ("id", "kind", "number", "where", "claim", "category")
_OPTIONAL = ("pending",)


def papers() -> list[str]:
    """The papers that have a coverage file, sorted."""
    return sorted(p.stem for p in COVERAGE_DIR.glob("*.toml"))


def _read(paper: str) -> dict:
    path = COVERAGE_DIR / f"{paper}.toml"
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise AdaproofInputError(
            f"paper must be one of {', '.join(papers())} (those with a coverage list); got {paper!r}"
        ) from None


def _schema_problems(paper: str, doc: dict) -> list[str]:
    out = []
    where = f"{paper}.toml"
    if doc.get("paper") != paper:
        out.append(f"{where}: top-level paper = {doc.get('paper')!r}, expected {paper!r}")
    if not isinstance(doc.get("source"), str) or not doc.get("source", "").strip():
        out.append(f"{where}: top-level source missing or empty")
    extra = set(doc) - {"paper", "source", "statement"}
    if extra:
        out.append(f"{where}: unknown top-level keys {sorted(extra)}")
    entries = doc.get("statement")
    if not isinstance(entries, list) or not entries:
        out.append(f"{where}: no [[statement]] entries")
        return out
    seen: set[str] = set()
    for i, e in enumerate(entries):
        label = f"{where} entry {i} ({e.get('id', '?')})"
        for key in _REQUIRED:
            if not isinstance(e.get(key), str) or not e[key].strip():
                out.append(f"{label}: required key {key!r} missing or empty")
        unknown = set(e) - set(_REQUIRED) - set(_OPTIONAL)
        if unknown:
            out.append(f"{label}: unknown keys {sorted(unknown)}")
        if "pending" in e and (not isinstance(e["pending"], str) or not e["pending"].strip()):
            out.append(f"{label}: pending, when present, must be a non-empty one-line reason")
        if isinstance(e.get("pending"), str) and "\n" in e["pending"]:
            out.append(f"{label}: pending must be one line")
        if e.get("kind") not in KINDS:
            out.append(f"{label}: kind {e.get('kind')!r} not one of {', '.join(KINDS)}")
        if e.get("category") not in CATEGORIES:
            out.append(f"{label}: category {e.get('category')!r} not one of {', '.join(CATEGORIES)}")
        sid = e.get("id")
        if isinstance(sid, str):
            if not sid.startswith(f"{paper}/") or len(sid) == len(paper) + 1:
                out.append(f"{label}: id must start with {paper + '/'!r}")
            if "@" in sid:
                out.append(f"{label}: list the id without '@corrected'")
            if sid in seen:
                out.append(f"{label}: duplicate id")
            seen.add(sid)
    return out


def _owner(base: str, listed: set[str]) -> str | None:
    """The listed entry a registered id counts for: itself, or its longest listed prefix X
    with ``base`` = ``X-...``."""
    if base in listed:
        return base
    best = None
    for x in listed:
        if base.startswith(x + "-") and (best is None or len(x) > len(best)):
            best = x
    return best


def _analyse(paper: str) -> tuple[list[dict], list[str]]:
    from .registry import statements  # deferred: importing the registry loads every paper

    doc = _read(paper)
    probs = _schema_problems(paper, doc)
    entries = [dict(e, paper=paper, encoded=[]) for e in doc.get("statement", [])
               if isinstance(e, dict)]
    by_id = {e["id"]: e for e in entries if isinstance(e.get("id"), str)}
    listed = set(by_id)
    registered_exact = set()
    for s in statements(paper=paper):
        if s.key == s.id:
            registered_exact.add(s.id)
        owner = _owner(s.id, listed)
        if owner is None:
            probs.append(f"{paper}: registered {s.key} has no entry in {paper}.toml "
                         f"(list {s.id} or an entry it extends with '-')")
        else:
            by_id[owner]["encoded"].append(s.key)
    for e in entries:
        e["encoded"].sort()
        sid = e.get("id")
        if not e["encoded"] and not (isinstance(e.get("pending"), str) and e["pending"].strip()):
            probs.append(f"{paper}: {sid} has no registered variant and no pending reason")
        if sid in registered_exact and e.get("pending"):
            probs.append(f"{paper}: {sid} is registered but still carries pending "
                         f"{e['pending']!r} (stale reason: drop it)")
    return entries, probs


def load(paper: str | None = None) -> list[dict]:
    """The coverage entries (of one paper, or of every paper with a list), each a dict with the
    file's keys plus ``paper`` and ``encoded`` (the registered keys that count for it)."""
    if paper is not None and not isinstance(paper, str):
        raise AdaproofInputError(f"paper must be a string or None, got {type(paper).__name__}")
    out: list[dict] = []
    for p in ([paper] if paper is not None else papers()):
        out.extend(_analyse(p)[0])
    return out


def summary() -> dict[str, tuple[int, int, int]]:
    """``{paper: (listed, encoded, pending)}``: entries listed, entries with at least one
    registered variant, and entries with none (each of which carries its reason)."""
    out = {}
    for p in papers():
        entries = load(p)
        enc = sum(1 for e in entries if e["encoded"])
        out[p] = (len(entries), enc, len(entries) - enc)
    return out


def problems(paper: str | None = None) -> list[str]:
    """Every inconsistency between the coverage lists and the registry (empty when all hold)."""
    out: list[str] = []
    for p in ([paper] if paper is not None else papers()):
        out.extend(_analyse(p)[1])
    return out
