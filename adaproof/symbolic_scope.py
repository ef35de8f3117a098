"""Scoping of bound indices for the evaluators of :mod:`adaproof.symbolic`.

A ``Sum`` (or ``IndexMin``/``IndexMax``) binds its index for its body only.  A user may reuse an
index name in a nested sum, ``Σ_s a_s · Σ_s a_s`` or ``Σ_s Σ_{s'≤s} ...`` written with ``s``
twice, as a paper does: the inner binding shadows the outer one inside the inner body, and the
outer binding is in force again after it.  The evaluators keep the bindings in a dict ``symbol
-> value``; :func:`bind` returns what it shadows and :func:`unbind` restores it (a bare ``del``
dropped the outer binding, and the outer ``Sum`` then failed with ``KeyError: s``).
"""
from __future__ import annotations

from typing import Any

_UNBOUND = object()


def bind(indices: dict, sym, value) -> Any:
    """Bind ``sym`` to ``value`` in ``indices``; returns the shadowed binding (or a marker)."""
    prev = indices.get(sym, _UNBOUND)
    indices[sym] = value  # an existing key keeps its position: the memo keys stay stable
    return prev


def unbind(indices: dict, sym, prev) -> None:
    """Undo :func:`bind`: restore the shadowed binding, or remove ``sym``."""
    if prev is _UNBOUND:
        del indices[sym]
    else:
        indices[sym] = prev
