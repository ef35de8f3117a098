"""Domains beyond :func:`adaproof.derive.domains.parse_domain`'s scalar forms (its dispatch
calls :func:`parse_extra` before giving up):

* ``PSD`` (``positive semi-definite``, ``⪰ 0``): a symmetric positive semi-definite matrix
  (a sequence with two axes of one extent; :mod:`adaproof.derive.matrices`);
* ``‖u_k‖_F <= r`` (also ``||u_k||_F <= r``, ``‖u‖_2 <= r``): every slice ``u[k, ...]`` in the
  Frobenius (Euclidean) ball of radius ``r``, an expression of the statement's quantities.
"""
from __future__ import annotations

import re

__all__ = ["parse_extra"]

_PSD = re.compile(r"^(PSD|psd|positive\s+semi-?definite|⪰\s*0|>=\s*0\s*\(PSD\))$")
_BALL = re.compile(r"^(?:\|\||‖)\s*[A-Za-z_]\w*?\s*(?:\|\||‖)(?:_F|_2)?\s*<=\s*(.+)$")


def parse_extra(qname: str, text: str, names: dict, domain: str):
    """The :class:`~adaproof.derive.domains.Domain` of these forms, else None."""
    from .domains import Domain, _expr
    if _PSD.match(text.strip()):
        out = Domain()
        out.psd = True
        return out
    m = _BALL.match(text.strip())
    if m:
        out = Domain()
        out.ball = _expr(m.group(1), names, qname, domain)
        return out
    return None
