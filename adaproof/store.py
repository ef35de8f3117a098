"""The counterexample store: verified violations saved as JSON so they replay forever.

One file per counterexample: ``<store>/<paper>/<statement id after the slash>[@variant]/<hash of
the inputs>.json`` holding the statement id and variant, the inputs and sizes, both sides and the
margin, the universal index where it fails, the seed and search method that found it, and the
library version.  Every check replays the store first (``--fresh`` skips it).

**Where.**  New findings are written to the *user store*: ``$ADAPROOF_STORE`` if set, else
``counterexamples/`` at the user's project root (the nearest folder holding a ``pyproject.toml``,
upward from the working directory), else ``./counterexamples`` -- never inside the installed
package.  The built-in papers' counterexamples ship in the adaproof checkout's top-level
``counterexamples/`` tree (``$ADAPROOF_BUILTIN_STORE`` overrides it; ``none`` turns it off) and
are replayed read-only.  A statement's stored entries are the union of both (one folder counted
once when they are the same, as in the adaproof checkout itself).

**Safe.**  A write goes to a temporary file in the same folder, is flushed to disk (fsync) and
renamed over the final name (``os.replace``, atomic on POSIX and Windows): a reader sees the old
complete file or the new complete one, never a partial one; of two writers of the same entry the
last complete one wins.  A stored file that cannot be read or is inconsistent is never skipped:
:func:`load` returns it as a problem entry (``{"_path": ..., "_problem": reason}``) and the checker
reports the statement as ``error``.  An unusable store location is a clear
:class:`~adaproof._validation.AdaproofInputError` from :func:`ensure_writable`, which the checker
calls before any search starts.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from . import __version__
from ._validation import AdaproofInputError
from .statement import Statement

__all__ = ["store_dir", "builtin_store_dir", "store_dirs", "project_root", "save", "load",
           "entry_path", "ensure_writable", "atomic_write_text", "validate_entry"]

_PACKAGE_DIR = Path(__file__).resolve().parent
_UMASK = os.umask(0o022)  # read once (mkstemp files are 0600; saved files get the usual mode)
os.umask(_UMASK)
_OFF = ("", "0", "none", "off", "false")


def project_root(start: Path | None = None) -> Path | None:
    """The nearest folder holding a ``pyproject.toml``, upward from ``start`` (default: cwd)."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / "pyproject.toml").is_file():
            return d
    return None


def store_dir() -> Path:
    """The user store, where new findings are written (absolute path)."""
    env = os.environ.get("ADAPROOF_STORE")
    if env:
        return Path(env).expanduser().absolute()
    root = project_root()
    return (root if root is not None else Path.cwd()).absolute() / "counterexamples"


def builtin_store_dir() -> Path | None:
    """The built-in papers' counterexamples (read-only), or None when there are none."""
    env = os.environ.get("ADAPROOF_BUILTIN_STORE")
    if env is not None:
        return None if env.strip().lower() in _OFF else Path(env).expanduser().absolute()
    for cand in (_PACKAGE_DIR / "_counterexamples",        # shipped as package data
                 _PACKAGE_DIR.parent / "counterexamples"):  # the adaproof checkout
        if cand.is_dir():
            return cand
    return None


def store_dirs() -> list[tuple[Path, bool]]:
    """The stores a check reads, as ``(folder, writable)``: the user store first, then the
    built-in one unless it is the same folder."""
    user = store_dir()
    out = [(user, True)]
    builtin = builtin_store_dir()
    if builtin is not None and not _same(builtin, user):
        out.append((builtin, False))
    return out


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a.absolute() == b.absolute()


def _relative(stmt: Statement) -> Path:
    name = stmt.id.split("/", 1)[-1]
    if stmt.variant != "printed":
        name += f"@{stmt.variant}"
    return Path(stmt.paper) / name


def _digest(inputs: dict, sizes: dict) -> str:
    blob = json.dumps({"inputs": inputs, "sizes": sizes}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def entry_path(stmt: Statement, ce: dict) -> Path:
    """Where :func:`save` writes this counterexample (in the user store)."""
    return store_dir() / _relative(stmt) / f"{_digest(ce['inputs'], ce['sizes'])}.json"


def ensure_writable(folder: Path | None = None) -> Path:
    """Check that the user store (or ``folder``) can be created and written; returns it.

    Raises :class:`AdaproofInputError` naming the path otherwise.  Called before any search
    so that a verified counterexample is never found only to be lost at save time."""
    folder = store_dir() if folder is None else Path(folder)
    _check_dir_writable(folder, "counterexample store",
                        "set ADAPROOF_STORE to a writable folder (or pass save=False / run "
                        "from a writable project); nothing was searched, so no verified "
                        "counterexample was lost")
    return folder


def _check_dir_writable(folder: Path, what: str, hint: str) -> None:
    """The folder, or the nearest existing folder above it, must be a writable folder (nothing
    is created: a check that finds nothing leaves no empty store behind)."""
    folder = Path(folder).absolute()
    for p in (folder, *folder.parents):
        if p.exists():
            break
    if not p.is_dir():
        raise AdaproofInputError(
            f"the {what} {str(folder)!r} is not usable: {str(p)!r} is a file, not a folder; "
            f"{hint}")
    try:
        if p == folder:
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".adaproof-write-test.", suffix=".tmp")
            os.close(fd)
            os.unlink(tmp)
        elif not os.access(p, os.W_OK | os.X_OK):
            raise PermissionError(13, f"cannot create folders in {str(p)!r}")
    except OSError as exc:
        raise AdaproofInputError(
            f"the {what} {str(folder)!r} is not writable ({exc.strerror or exc}); "
            f"{hint}") from None


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically: temporary file in the same folder, fsync, then
    ``os.replace`` (readers see the old or the new complete file, never a partial one)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), 0o666 & ~_UMASK)
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        for attempt in range(50):
            try:
                os.replace(tmp, path)
                break
            except PermissionError:  # Windows: the target is open in a reader; retry shortly
                if os.name != "nt" or attempt == 49:
                    raise
                time.sleep(0.01)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable
        try:
            dfd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        except OSError:
            pass


def save(stmt: Statement, ce: dict, *, seed: int, method: str) -> Path:
    """Write a verified counterexample (the checker's ``counterexample`` dict) to the user
    store; returns its path.  On failure the error carries the counterexample itself, so a
    verified finding is never lost."""
    path = entry_path(stmt, ce)
    entry = {"id": stmt.id, "variant": stmt.variant, "key": stmt.key, **ce, "seed": seed,
             "method": method, "library_version": __version__,
             "found": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    entry.pop("stored", None)
    text = json.dumps(entry, indent=1, sort_keys=True) + "\n"
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise AdaproofInputError(
            f"could not save the verified counterexample of {stmt.key} to {str(path)!r} "
            f"({exc.strerror or exc}); here it is, so it is not lost: {text.strip()}") from None
    return path


# ---------------------------------------------------------------------------------------------
# reading and validating

def _is_num(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _is_int(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _nested_numbers(v) -> bool:
    if isinstance(v, list):
        return all(_nested_numbers(x) for x in v)
    return _is_num(v)


def _decimal(s) -> bool:
    if not isinstance(s, str):
        return False
    import mpmath
    try:
        x = mpmath.mpf(s.strip())
    except (ValueError, TypeError):
        return False
    return bool(mpmath.isfinite(x))


def validate_entry(entry: Any, key: str | None = None) -> str | None:
    """Why a parsed stored entry is unusable, or None when it is consistent."""
    if not isinstance(entry, dict):
        return f"top level is a JSON {type(entry).__name__}, expected an object"
    missing = [k for k in ("key", "inputs", "sizes", "lhs", "rhs") if k not in entry]
    if missing:
        return "missing " + ", ".join(repr(k) for k in missing)
    if not isinstance(entry["key"], str):
        return f"'key' must be a string, got {type(entry['key']).__name__}"
    if key is not None and entry["key"] != key:
        return f"'key' is {entry['key']!r} but the file is in the folder of {key!r}"
    inputs, sizes = entry["inputs"], entry["sizes"]
    if not isinstance(inputs, dict):
        return f"'inputs' must be an object, got {type(inputs).__name__}"
    for name, v in inputs.items():
        if isinstance(v, dict):
            if "values" not in v or "start" not in v:
                return f"input {name!r}: a sequence needs 'values' and 'start'"
            if not isinstance(v["values"], list) or not _nested_numbers(v["values"]):
                return f"input {name!r}: 'values' must be (nested) lists of finite numbers"
            if not isinstance(v["start"], list) or not all(_is_int(s) for s in v["start"]):
                return f"input {name!r}: 'start' must be a list of integers"
        elif not _is_num(v):
            return (f"input {name!r} must be a finite number or a sequence object, got "
                    f"{type(v).__name__} {v!r}"[:200])
    if not isinstance(sizes, dict):
        return f"'sizes' must be an object, got {type(sizes).__name__}"
    for name, n in sizes.items():
        if not _is_int(n):
            return f"size {name!r} must be an integer, got {type(n).__name__} {n!r}"[:200]
        if n < 0:
            return f"size {name!r} is negative ({n})"
    for side in ("lhs", "rhs"):
        if not _decimal(entry[side]):
            return f"{side!r} must be a string holding a finite decimal, got {entry[side]!r}"[:200]
    idx = entry.get("index")
    if idx is not None and not (isinstance(idx, dict) and all(_is_int(k) for k in idx.values())):
        return f"'index' must be an object of integers, got {idx!r}"[:200]
    return None


def _read_one(p: Path, key: str) -> dict[str, Any]:
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return {"_path": str(p), "_problem": f"unreadable ({exc})"}
    if not text.strip():
        return {"_path": str(p), "_problem": "empty file"}
    try:
        entry = json.loads(text)
    except ValueError as exc:
        return {"_path": str(p), "_problem": f"not valid JSON (truncated?): {exc}"}
    why = validate_entry(entry, key)
    if why:
        return {"_path": str(p), "_problem": why}
    entry["_path"] = str(p)
    return entry


def load(stmt: Statement) -> list[dict[str, Any]]:
    """Every stored counterexample of this statement variant: the user store's, then the
    built-in store's, each in file-name order.  A good entry is the stored dict plus ``_path``
    (and ``_builtin`` for read-only ones); an unreadable or inconsistent file is
    ``{"_path": path, "_problem": reason}`` -- never skipped."""
    out = []
    rel = _relative(stmt)
    for root, writable in store_dirs():
        folder = root / rel
        if not folder.is_dir():
            continue
        for p in sorted(folder.glob("*.json")):
            e = _read_one(p, stmt.key)
            if not writable:
                e["_builtin"] = True
            out.append(e)
    return out
