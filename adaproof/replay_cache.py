"""A cache of exact verifications, keyed by content, so that an unchanged stored counterexample
replays in milliseconds and is re-verified exactly whenever anything it depends on changed.

Why: under a wall-clock budget the exact (mpmath) replay of a stored counterexample counts
against the budget; under load it alone can take longer than ``--budget smoke``'s 2 s, and a
replay cut undecided is reported ``holds, 1 unverified``.  A replay whose outcome was already
decided exactly for the very same bytes by the very same code need not be redone.

**What is cached.**  Only *positive* outcomes: "this stored entry was replayed violated,
exactly, and here is the counterexample the replay produced".  A stale entry, an error, a replay
decided only by ball arithmetic or one cut by the deadline is never cached: those are always
redone.  So a missing or rejected cache entry can only cost time, never turn a violation into a
pass.

**The key** (:func:`entry_key`) is the SHA-256 of

* the *code version*: the bytes of every ``.py`` / ``.toml`` file of the ``adaproof`` package
  (any edit to the evaluator, the symbolic compiler, a lemma module... invalidates everything),
  the Python version and the versions of mpmath, SymPy, python-flint, NumPy, torch and numba;
* the *statement's content*: its key and variant, ``srepr`` of its sides, hypotheses,
  ``forall`` ranges, recurrences and conclusions, and for every callable reachable from it (its
  trajectory, sampler, another kind's engine...) the module, name and the bytes of the source
  file it is defined in (so a user's statement outside the package is covered too);
* the *stored entry itself*: its canonical JSON (sorted keys, every field but the loader's
  ``_path``), so that any edited digit, input or size is a miss, then an exact replay that
  compares the digits and reports a mismatch.

**Integrity.**  Each cache file carries an HMAC-SHA256 of its key and value under a per-user
secret (``<cache>/key``, 32 random bytes, mode 0600, created on first use).  A cache file edited
by hand, copied from another machine or written by another user fails the HMAC and is ignored
(the entry is replayed exactly); so does one whose recorded key differs from the one asked
for.  Anyone who can write the secret can also edit the code, which the cache does not defend
against.

**Where.**  ``$ADAPROOF_CACHE_DIR/verified/`` (the folder the proof-link cache uses, default
``.adaproof/cache`` under the working directory; ``none``/``off`` turns both off).  A cache
that cannot be read or written is silently skipped: it only ever saves time.
"""
from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "code_version", "statement_digest", "entry_key", "lookup", "record",
           "enabled", "clear_memo"]

_OFF = ("", "0", "none", "off", "false", "no")
_PACKAGE_DIR = Path(__file__).resolve().parent
_DEPS = ("mpmath", "sympy", "python-flint", "numpy", "torch", "numba")

_memo: dict[str, Any] = {}


def clear_memo() -> None:
    """Forget the per-process memo (code version, statement digests, the secret): tests."""
    _memo.clear()


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off: ``$ADAPROOF_CACHE_DIR`` (the folder the
    proof-link cache uses too; ``none``/``off`` turns it off), default ``.adaproof/cache``."""
    env = os.environ.get("ADAPROOF_CACHE_DIR", ".adaproof/cache")
    if env.strip().lower() in _OFF:
        return None
    return Path(env).expanduser().absolute()


def enabled() -> bool:
    return cache_dir() is not None


def _file_bytes_digest(path: str | os.PathLike) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "unreadable:" + str(path)


def code_version() -> str:
    """SHA-256 of the package's sources and the evaluating libraries' versions (memoised per
    process: an edit while a process runs is picked up by the next process)."""
    v = _memo.get("code")
    if v is None:
        h = hashlib.sha256()
        h.update(sys.version.encode())
        from importlib import metadata
        for dep in _DEPS:
            try:
                ver = metadata.version(dep)
            except Exception:  # noqa: BLE001 - not installed
                ver = "-"
            h.update(f"\0{dep}={ver}".encode())
        files = sorted(p for ext in ("*.py", "*.toml") for p in _PACKAGE_DIR.rglob(ext)
                       if "__pycache__" not in p.parts)
        for p in files:
            h.update(b"\0" + str(p.relative_to(_PACKAGE_DIR)).encode() + b"\0")
            try:
                h.update(p.read_bytes())
            except OSError:
                h.update(b"unreadable")
        v = _memo["code"] = h.hexdigest()
    return v


def _code_digest(code) -> str:
    """SHA-256 of a code object's bytecode, names and constants (nested code objects by their
    own digest, sets sorted: no address, no hash-seed order)."""
    h = hashlib.sha256(code.co_code)
    h.update(repr(code.co_names).encode())

    def const(c) -> str:
        if hasattr(c, "co_code"):
            return _code_digest(c)
        if isinstance(c, (frozenset, set)):
            return "{" + ",".join(sorted(map(const, c))) + "}"
        if isinstance(c, tuple):
            return "(" + ",".join(map(const, c)) + ")"
        return repr(c)
    for c in code.co_consts:
        h.update(b"\0" + const(c).encode())
    return h.hexdigest()


def _stable(obj: Any, depth: int = 0, seen: set | None = None) -> Any:
    """A JSON-able, process-independent description of ``obj`` (no memory addresses)."""
    seen = set() if seen is None else seen
    if obj is None or isinstance(obj, (bool, int, str)):
        return obj
    if isinstance(obj, float):
        return repr(obj)
    if depth > 6:
        return f"<{type(obj).__module__}.{type(obj).__qualname__}>"
    try:
        import sympy as sp
        if isinstance(obj, sp.Basic):
            return "sympy:" + sp.srepr(obj)
    except Exception:  # noqa: BLE001
        pass
    if id(obj) in seen:
        return "<cycle>"
    if type(obj).__module__.startswith(("torch", "numpy")) and hasattr(obj, "shape"):
        try:  # a tensor or array constant: its values, not its address
            import numpy as np
            a = np.ascontiguousarray(obj.detach().cpu().numpy() if hasattr(obj, "detach")
                                     else obj)
            return {"array": str(a.dtype), "shape": list(a.shape),
                    "sha256": hashlib.sha256(a.tobytes()).hexdigest()}
        except Exception:  # noqa: BLE001
            return {"array": type(obj).__qualname__, "repr": None}
    if isinstance(obj, (list, tuple)):
        seen.add(id(obj))
        return [_stable(x, depth + 1, seen) for x in obj]
    if isinstance(obj, dict):
        seen.add(id(obj))
        return {str(k): _stable(v, depth + 1, seen) for k, v in sorted(obj.items(), key=str)}
    if isinstance(obj, (set, frozenset)):
        return sorted(map(str, (_stable(x, depth + 1, seen) for x in obj)))
    if callable(obj) and hasattr(obj, "__module__") and not dataclasses.is_dataclass(obj):
        fn = getattr(obj, "__func__", obj)
        fn = getattr(fn, "func", fn)  # functools.partial
        mod = sys.modules.get(getattr(fn, "__module__", None) or "")
        src = getattr(mod, "__file__", None)
        code = getattr(fn, "__code__", None)
        out = {"callable": f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', '?')}",
               "file": _file_bytes_digest(src) if src else None}
        if code is not None:  # a lambda or closure defined at runtime: its bytecode too
            out["code"] = _code_digest(code)
            if getattr(fn, "__closure__", None):
                seen.add(id(obj))
                out["closure"] = [_stable(getattr(c, "cell_contents", None), depth + 1, seen)
                                  for c in fn.__closure__]
        return out
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        seen.add(id(obj))
        return {"dataclass": f"{type(obj).__module__}.{type(obj).__qualname__}",
                **{f.name: _stable(getattr(obj, f.name, None), depth + 1, seen)
                   for f in dataclasses.fields(obj)}}
    mod = sys.modules.get(type(obj).__module__)
    src = getattr(mod, "__file__", None)
    # another object: its class and the source defining it (its state at run time is not
    # described: see "What a statement's content is" in the module docstring)
    return {"type": f"{type(obj).__module__}.{type(obj).__qualname__}",
            "file": _file_bytes_digest(src) if src else None}


def is_builtin_object(stmt) -> bool:
    """``stmt`` is the very object adaproof's own paper modules registered (without loading
    the registry: an object registered is in it already)."""
    from . import registry
    return stmt.key in registry._BUILTIN_KEYS and registry._REGISTRY.get(stmt.key) is stmt


def statement_digest(stmt) -> str:
    """SHA-256 of the statement's content (see the module docstring); memoised per object.

    A built-in statement (registered by adaproof's own paper modules, the very object the
    registry holds) is a function of the package's sources, which :func:`code_version` covers:
    its key names it.  Any other statement is described field by field (:func:`_stable`)."""
    memo = _memo.setdefault("stmt", {})
    hit = memo.get(id(stmt))
    if hit is not None and hit[0] is stmt:
        return hit[1]
    if is_builtin_object(stmt):
        d = "builtin:" + stmt.key
    else:
        fields = {f.name: _stable(getattr(stmt, f.name, None))
                  for f in dataclasses.fields(stmt)
                  if f.name not in ("title", "section", "notes", "source", "latex", "reason")}
        d = hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()
    memo[id(stmt)] = (stmt, d)
    return d


def _canonical_entry(entry: dict) -> str:
    return json.dumps({k: v for k, v in entry.items() if not k.startswith("_")},
                      sort_keys=True, default=str)


def entry_key(stmt, entry: dict, purpose: str = "replay") -> str:
    """The cache key of replaying ``entry`` (a stored counterexample) of ``stmt``."""
    h = hashlib.sha256()
    for part in (purpose, code_version(), stmt.key, statement_digest(stmt),
                 _canonical_entry(entry)):
        h.update(part.encode() + b"\0")
    return h.hexdigest()


def _secret(folder: Path) -> bytes | None:
    s = _memo.get(("secret", str(folder)))
    if s is not None:
        return s
    path = folder / "key"
    try:
        s = path.read_bytes()
    except FileNotFoundError:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.write(fd, secrets.token_bytes(32))
            finally:
                os.close(fd)
        except FileExistsError:
            pass
        except OSError:
            return None
        try:
            s = path.read_bytes()
        except OSError:
            return None
    except OSError:
        return None
    if len(s) < 32:
        return None
    _memo[("secret", str(folder))] = s
    return s


def _mac(secret: bytes, key: str, value_json: str) -> str:
    return hmac.new(secret, (key + "\0" + value_json).encode(), hashlib.sha256).hexdigest()


def _path(folder: Path, key: str) -> Path:
    return folder / "verified" / key[:2] / f"{key}.json"


def _where(folder: Path, stmt, entry: dict, purpose: str):
    """(folder, key, secret) of ``entry``'s cache record, or None when the cache has no usable
    secret."""
    secret = _secret(folder)
    if secret is None:
        return None
    return folder, entry_key(stmt, entry, purpose), secret


def lookup(stmt, entry: dict, purpose: str = "replay") -> dict | None:
    """The cached exact outcome (a dict) of replaying ``entry``, or None: off, a miss, or a
    cache file that fails its HMAC or names another key (then ignored: replay exactly)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        where = _where(folder, stmt, entry, purpose)
        if where is None:
            return None
        folder, key, secret = where
        rec = json.loads(_path(folder, key).read_text(encoding="utf-8"))
        if not isinstance(rec, dict) or rec.get("key") != key:
            return None
        value_json = rec.get("value")
        if not isinstance(value_json, str) or not isinstance(rec.get("mac"), str):
            return None
        if not hmac.compare_digest(rec["mac"], _mac(secret, key, value_json)):
            return None
        value = json.loads(value_json)
        return value if isinstance(value, dict) else None
    except Exception:  # noqa: BLE001 - a cache problem only costs the exact replay
        return None


def record(stmt, entry: dict, value: dict, purpose: str = "replay") -> bool:
    """Remember that replaying ``entry`` gave ``value`` (exactly verified violated); returns
    whether it was written."""
    folder = cache_dir()
    if folder is None:
        return False
    try:
        where = _where(folder, stmt, entry, purpose)
        if where is None:
            return False
        folder, key, secret = where
        value_json = json.dumps(value, sort_keys=True)
        rec = {"key": key, "statement": stmt.key, "value": value_json,
               "mac": _mac(secret, key, value_json)}
        from .store import atomic_write_text
        atomic_write_text(_path(folder, key), json.dumps(rec, sort_keys=True) + "\n")
        return True
    except Exception:  # noqa: BLE001 - an unwritable cache only costs time later
        return False
