"""The last result of each check, one JSON file per statement variant under
``$ADAPROOF_RESULTS_DIR`` (default ``.adaproof/results`` in the working directory); ``adaproof
check`` writes them, ``adaproof list`` and ``adaproof report`` read them.

Writes are atomic (temporary file in the same folder, fsync, ``os.replace``), so a reader never
sees a partial file.  A file that is unreadable or inconsistent is reported as corrupt (path and
reason), never a traceback: :func:`read` returns a :class:`Corrupt` value for it.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .store import _check_dir_writable, atomic_write_text

__all__ = ["results_dir", "result_path", "write", "read", "status", "ensure_writable",
           "Corrupt"]


@dataclass(frozen=True)
class Corrupt:
    """A results file that exists but cannot be used."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"corrupt results file {self.path}: {self.reason}"


def results_dir() -> Path:
    return Path(os.environ.get("ADAPROOF_RESULTS_DIR") or ".adaproof/results")


def result_path(key: str) -> Path:
    return results_dir() / (key.replace("/", "__").replace("@", "--") + ".json")


def ensure_writable() -> Path:
    """Check before a run that the results folder can be written (AdaproofInputError if not)."""
    folder = results_dir()
    _check_dir_writable(folder, "results folder",
                        "set ADAPROOF_RESULTS_DIR to a writable folder")
    return folder


def write(result_json: dict | str, key: str | None = None) -> Path:
    """Write one check's result (``CheckResult.to_json()`` or its JSON text) atomically."""
    if isinstance(result_json, str):
        text = result_json
        key = key or json.loads(text)["key"]
    else:
        key = key or result_json["key"]
        text = json.dumps(result_json, indent=2)
    p = result_path(key)
    atomic_write_text(p, text if text.endswith("\n") else text + "\n")
    return p


def _why(d) -> str | None:
    if not isinstance(d, dict):
        return f"top level is a JSON {type(d).__name__}, expected an object"
    if "status" not in d:
        return "missing 'status'"
    if not isinstance(d["status"], str):
        return f"'status' must be a string, got {type(d['status']).__name__}"
    for k in ("best_ratio", "examples", "budget_s", "seed"):
        v = d.get(k)
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
            return f"{k!r} must be a number, got {type(v).__name__} {v!r}"[:200]
    ce = d.get("counterexample")
    if ce is not None and not isinstance(ce, dict):
        return f"'counterexample' must be an object, got {type(ce).__name__}"
    return None


def read(key: str) -> dict | Corrupt | None:
    """The last result of ``key``: its dict, None when never checked, :class:`Corrupt` when
    the file cannot be used."""
    p = result_path(key)
    if not p.exists():
        return None
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Corrupt(str(p), f"unreadable ({exc})")
    if not text.strip():
        return Corrupt(str(p), "empty file")
    try:
        d = json.loads(text)
    except ValueError as exc:
        return Corrupt(str(p), f"not valid JSON: {exc}")
    why = _why(d)
    return Corrupt(str(p), why) if why else d


def status(key: str) -> str:
    """``-`` when never checked, ``corrupt`` for an unusable file, else the last status."""
    r = read(key)
    if r is None:
        return "-"
    if isinstance(r, Corrupt):
        return "corrupt"
    return r["status"]
