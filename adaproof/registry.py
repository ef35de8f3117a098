"""The statement registry: every encoded statement, by key (``id`` or ``id@corrected``).

Paper modules in :mod:`adaproof.lemmas` (and later :mod:`adaproof.bounds`) call :func:`register`
at import; :func:`get` and :func:`statements` import them on first use.  Users register their
own statements the same way, from a ``conftest.py`` or from modules that the CLI and the pytest
plugin import (:func:`load_user_statements`): modules named with ``--module PKG.MOD``, the
``[tool.adaproof] modules = [...]`` table of the nearest ``pyproject.toml`` upward from the
working directory, and the modules named by installed packages' ``adaproof.statements`` entry
points.

A statement's paper is the part of its id before the slash (``mine/lemma-1`` belongs to paper
``mine``); any paper with a registered statement is accepted wherever a paper is asked for.
"""
from __future__ import annotations

import difflib
import importlib
import os
import sys
from pathlib import Path

from ._validation import AdaproofInputError
from .statement import FAMILIES, KINDS, Statement

__all__ = ["register", "alias", "get", "statements", "papers", "paper_of", "is_builtin",
           "load_modules", "load_user_statements", "pyproject_modules", "PAPERS",
           "BUILTIN_PAPERS", "ENTRY_POINT_GROUP"]

#: the five papers whose statements ship with adaproof
BUILTIN_PAPERS = ("adafactor", "adam_linf", "adagrad_aniso", "adam_complexity", "alphaadam")
PAPERS = BUILTIN_PAPERS  # the historical name
#: installed packages name modules that register statements under this entry-point group
ENTRY_POINT_GROUP = "adaproof.statements"
_MODULES = tuple(f"adaproof.lemmas.{p}" for p in BUILTIN_PAPERS)
_REGISTRY: dict[str, Statement] = {}
_BUILTIN_KEYS: set[str] = set()
#: retired keys that :func:`get` resolves to the key that replaced them (not listed by statements())
_ALIASES: dict[str, str] = {}
_loaded = False
_loading_builtin = False


def _load() -> None:
    global _loaded, _loading_builtin
    if not _loaded:
        _loaded = True
        _loading_builtin = True
        try:
            for m in _MODULES:
                importlib.import_module(m)
            for p in BUILTIN_PAPERS:  # theorems that are attackable statements live with bounds
                try:
                    importlib.import_module(f"adaproof.bounds.{p}")
                except ModuleNotFoundError as exc:
                    if exc.name != f"adaproof.bounds.{p}":
                        raise
        finally:
            _loading_builtin = False


def register(stmt: Statement) -> Statement:
    """Add ``stmt``; a second, different statement with the same key is an error (registering
    an equal one again, as a re-imported module does, replaces it)."""
    if not isinstance(stmt, Statement):
        raise AdaproofInputError(f"register takes a Statement, got {type(stmt).__name__}")
    old = _REGISTRY.get(stmt.key)
    if old is not None and old is not stmt:
        try:
            same = bool(old == stmt)
        except Exception:  # noqa: BLE001 - a field without a usable == is "different"
            same = False
        if not same:
            raise AdaproofInputError(f"a statement with key {stmt.key!r} is already registered")
    _REGISTRY[stmt.key] = stmt
    if _loading_builtin or stmt.key in _BUILTIN_KEYS or _from_builtin_module():
        _BUILTIN_KEYS.add(stmt.key)
    return stmt


def alias(old: str, new: str) -> None:
    """Keep the retired key ``old`` resolvable: :func:`get` returns the statement registered under
    ``new``.  An alias is not a statement (``statements()`` does not list it) and may not shadow
    a registered key."""
    if old in _REGISTRY:
        raise AdaproofInputError(f"cannot alias {old!r}: a statement with that key is registered")
    _ALIASES[old] = new


def _from_builtin_module() -> bool:
    """True when register() runs inside the import of one of adaproof's own paper modules."""
    f = sys._getframe(2)
    while f is not None:
        name = f.f_globals.get("__name__", "")
        if name.startswith(("adaproof.lemmas.", "adaproof.bounds.")):
            return True
        f = f.f_back
    return False


def paper_of(stmt: Statement) -> str:
    """The paper a statement is filed under: its id before the slash (else its ``paper``)."""
    return stmt.id.split("/", 1)[0] if "/" in stmt.id else stmt.paper


def is_builtin(key: str) -> bool:
    """True for the statements adaproof ships (registered by its own paper modules)."""
    _load()
    return key in _BUILTIN_KEYS


def papers() -> tuple[str, ...]:
    """Every paper with a registered statement: the built-in five first, then users' sorted."""
    _load()
    found = {paper_of(s) for s in _REGISTRY.values()}
    return tuple(p for p in BUILTIN_PAPERS if p in found) + tuple(
        sorted(found - set(BUILTIN_PAPERS)))


def get(key: str) -> Statement:
    """The statement with this key (``adam_linf/lemma-3.12`` or ``...@corrected``)."""
    _load()
    if not isinstance(key, str):
        raise AdaproofInputError(f"a statement id is a string, got {type(key).__name__}")
    key = _ALIASES.get(key, key)
    try:
        return _REGISTRY[key]
    except KeyError:
        close = difflib.get_close_matches(key, list(_REGISTRY), n=3, cutoff=0.4)
        hint = f"; closest known ids: {', '.join(close)}" if close else (
            f"; known ids: {', '.join(sorted(_REGISTRY))}")
        raise AdaproofInputError(f"unknown statement id {key!r}{hint} (a statement of your "
                                 "own: load its module with --module PKG.MOD)") from None


def statements(paper: str | None = None, kind: str | None = None, family: str | None = None,
               variant: str | None = None) -> list[Statement]:
    """Registered statements, filtered, sorted by key.  ``paper`` is any registered paper."""
    _load()
    for name, value, allowed in (("paper", paper, papers()), ("kind", kind, KINDS),
                                 ("family", family, FAMILIES),
                                 ("variant", variant, ("printed", "corrected"))):
        if value is not None and value not in allowed:
            raise AdaproofInputError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
    out = [s for s in _REGISTRY.values()
           if (paper is None or paper_of(s) == paper) and (kind is None or s.kind == kind)
           and (family is None or s.family == family) and (variant is None or s.variant == variant)]
    return sorted(out, key=lambda s: s.key)


# -- users' statement modules --------------------------------------------------------------------

def _import(name: str, origin: str) -> None:
    if not isinstance(name, str) or not name.strip():
        raise AdaproofInputError(f"a statement module is a dotted module name, got {name!r} "
                                 f"({origin})")
    try:
        importlib.import_module(name.strip())
    except AdaproofInputError as exc:
        raise AdaproofInputError(f"statement module {name!r} ({origin}): {exc}") from None
    except Exception as exc:  # noqa: BLE001 - any import failure is the user's module's error
        hint = (" (is it on sys.path? run from its project root or install it)"
                if isinstance(exc, ModuleNotFoundError) else "")
        raise AdaproofInputError(f"could not import statement module {name!r} ({origin}): "
                                 f"{type(exc).__name__}: {exc}{hint}") from None


def load_modules(names, origin: str = "--module") -> list[str]:
    """Import each named module (which registers its statements); returns the names.  A module
    that fails to import is an :class:`AdaproofInputError` naming it.  The working directory is
    put on ``sys.path`` (as ``python -m`` does) so a project's own modules import."""
    _load()
    names = list(names or ())
    if names:
        _add_path(os.getcwd())
    for n in names:
        _import(n, origin)
    return names


def _add_path(p: str) -> None:
    if p not in sys.path:
        sys.path.insert(0, p)


def find_pyproject(start: str | os.PathLike | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` upward from ``start`` (default: the working directory)."""
    here = Path(start or os.getcwd()).resolve()
    for d in (here, *here.parents):
        if (d / "pyproject.toml").is_file():
            return d / "pyproject.toml"
    return None


def pyproject_modules(start=None) -> tuple[Path | None, list[str]]:
    """``(pyproject path, [tool.adaproof] modules)`` of the nearest ``pyproject.toml``."""
    import tomllib
    path = find_pyproject(start)
    if path is None:
        return None, []
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise AdaproofInputError(f"cannot read {path}: {exc}") from None
    mods = data.get("tool", {}).get("adaproof", {}).get("modules", [])
    if not isinstance(mods, list) or not all(isinstance(m, str) for m in mods):
        raise AdaproofInputError(f"{path}: [tool.adaproof] modules must be a list of module "
                                 f"names, got {mods!r}")
    return path, mods


def entry_point_modules() -> list[tuple[str, str]]:
    """``(entry point name, module)`` of every installed ``adaproof.statements`` entry point."""
    from importlib.metadata import entry_points
    return [(ep.name, ep.value.split(":", 1)[0].strip())
            for ep in entry_points(group=ENTRY_POINT_GROUP)]


def load_user_statements(modules=(), *, pyproject: bool = True,
                         entry_points: bool = True) -> list[str]:
    """Import every source of user statements: installed packages' ``adaproof.statements``
    entry points, the ``[tool.adaproof] modules`` of the nearest ``pyproject.toml`` (its folder
    goes on ``sys.path``), then ``modules``.  Returns the module names imported, in order, so
    that worker processes can import the same ones."""
    _load()
    done: list[str] = []
    if entry_points:
        for ep_name, mod in entry_point_modules():
            _import(mod, f"entry point {ep_name!r} in group {ENTRY_POINT_GROUP}")
            done.append(mod)
    if pyproject:
        path, mods = pyproject_modules()
        if mods:
            _add_path(str(path.parent))
        for m in mods:
            _import(m, f"[tool.adaproof] modules in {path}")
            done.append(m)
    done += load_modules(modules)
    return list(dict.fromkeys(done))
