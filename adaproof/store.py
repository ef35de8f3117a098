"""The counterexample store: verified violations saved as JSON so they replay forever.

Location: ``$ADAPROOF_STORE`` if set, else ``counterexamples/`` at the root of the adaproof
checkout (beside ``pyproject.toml``), else ``./counterexamples``.  One file per counterexample:
``<store>/<paper>/<statement id after the slash>[@variant]/<hash of the inputs>.json`` holding
the statement id and variant, the inputs and sizes, both sides and the margin at 60 digits, the
universal index where it fails, the seed and search method that found it, and the library
version.  Every check replays the store first (``--fresh`` skips it).
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from . import __version__
from .statement import Statement

__all__ = ["store_dir", "save", "load", "entry_path"]


def store_dir() -> Path:
    env = os.environ.get("ADAPROOF_STORE")
    if env:
        return Path(env)
    root = Path(__file__).resolve().parents[1]
    if (root / "pyproject.toml").exists():
        return root / "counterexamples"
    return Path("counterexamples")


def _folder(stmt: Statement) -> Path:
    name = stmt.id.split("/", 1)[-1]
    if stmt.variant != "printed":
        name += f"@{stmt.variant}"
    return store_dir() / stmt.paper / name


def _digest(inputs: dict, sizes: dict) -> str:
    blob = json.dumps({"inputs": inputs, "sizes": sizes}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def entry_path(stmt: Statement, ce: dict) -> Path:
    return _folder(stmt) / f"{_digest(ce['inputs'], ce['sizes'])}.json"


def save(stmt: Statement, ce: dict, *, seed: int, method: str) -> Path:
    """Write a verified counterexample (the checker's ``counterexample`` dict); returns its path."""
    path = entry_path(stmt, ce)
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = {"id": stmt.id, "variant": stmt.variant, "key": stmt.key, **ce, "seed": seed,
             "method": method, "library_version": __version__,
             "found": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    path.write_text(json.dumps(entry, indent=1, sort_keys=True) + "\n")
    return path


def load(stmt: Statement) -> list[dict[str, Any]]:
    """Every stored counterexample of this statement variant, oldest file name first."""
    folder = _folder(stmt)
    if not folder.is_dir():
        return []
    out = []
    for p in sorted(folder.glob("*.json")):
        try:
            entry = json.loads(p.read_text())
        except (OSError, ValueError):
            continue
        if entry.get("key") == stmt.key:
            entry["_path"] = str(p)
            out.append(entry)
    return out
