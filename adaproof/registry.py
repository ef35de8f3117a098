"""The statement registry: every encoded statement, by key (``id`` or ``id@corrected``).

Paper modules in :mod:`adaproof.lemmas` (and later :mod:`adaproof.bounds`) call :func:`register`
at import; :func:`get` and :func:`statements` import them on first use.  Users register their
own statements the same way (e.g. from a ``conftest.py``).
"""
from __future__ import annotations

import difflib
import importlib

from ._validation import AdaproofInputError
from .statement import FAMILIES, KINDS, Statement

__all__ = ["register", "get", "statements", "PAPERS"]

PAPERS = ("adafactor", "adam_linf", "adagrad_aniso", "adam_complexity", "alphaadam")
_MODULES = tuple(f"adaproof.lemmas.{p}" for p in PAPERS)
_REGISTRY: dict[str, Statement] = {}
_loaded = False


def _load() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        for m in _MODULES:
            importlib.import_module(m)
        for p in PAPERS:  # theorems that are attackable statements live with their bounds
            try:
                importlib.import_module(f"adaproof.bounds.{p}")
            except ModuleNotFoundError as exc:
                if exc.name != f"adaproof.bounds.{p}":
                    raise


def register(stmt: Statement) -> Statement:
    """Add ``stmt``; a second statement with the same key is an error."""
    if not isinstance(stmt, Statement):
        raise AdaproofInputError(f"register takes a Statement, got {type(stmt).__name__}")
    if stmt.key in _REGISTRY and _REGISTRY[stmt.key] is not stmt:
        raise AdaproofInputError(f"a statement with key {stmt.key!r} is already registered")
    _REGISTRY[stmt.key] = stmt
    return stmt


def get(key: str) -> Statement:
    """The statement with this key (``adam_linf/lemma-3.12`` or ``...@corrected``)."""
    _load()
    if not isinstance(key, str):
        raise AdaproofInputError(f"a statement id is a string, got {type(key).__name__}")
    try:
        return _REGISTRY[key]
    except KeyError:
        close = difflib.get_close_matches(key, list(_REGISTRY), n=3, cutoff=0.4)
        hint = f"; closest known ids: {', '.join(close)}" if close else (
            f"; known ids: {', '.join(sorted(_REGISTRY))}")
        raise AdaproofInputError(f"unknown statement id {key!r}{hint}") from None


def statements(paper: str | None = None, kind: str | None = None, family: str | None = None,
               variant: str | None = None) -> list[Statement]:
    """Registered statements, filtered, sorted by key."""
    _load()
    for name, value, allowed in (("paper", paper, PAPERS), ("kind", kind, KINDS),
                                 ("family", family, FAMILIES),
                                 ("variant", variant, ("printed", "corrected"))):
        if value is not None and value not in allowed:
            raise AdaproofInputError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
    out = [s for s in _REGISTRY.values()
           if (paper is None or s.paper == paper) and (kind is None or s.kind == kind)
           and (family is None or s.family == family) and (variant is None or s.variant == variant)]
    return sorted(out, key=lambda s: s.key)
