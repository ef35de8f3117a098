"""Sequences bounded by *all* of another sequence: drawn whole after it (mode ``"after"``).

A hypothesis such as ``H_i >= max_k Σ_j |M_kj|`` (adam_linf lemma-C.1-indefinite) or
``H_b >= Σ_j (p_j + 2q_j + r_j/4)|W_{j,b,a}| Σ_{c,a'} |W_{j,c,a'}|`` (adam_linf (2), (3)) bounds
every entry of ``H`` by entries of ``M`` (``q``) at positions that are not ``H``'s own index (an
``IndexMax``, a summation index).  Such a bound cannot be drawn step by step with ``M``, but it
does not need to be: ``M`` is drawn first (whatever its own mode: free, vector, loop), and ``H``
after it, whole, on its full index grid (the bound evaluated per entry like any vector bound,
made safe as in :mod:`adaproof.derive.engine`, so that the drawn ``H`` satisfies it exactly).

Before this mode the plan raised ("at positions the engine cannot order") for such a bound, so
only statements that were not derivable take it; the draws of every other statement are
unchanged.  A bound that mixes such a read with a step-wise read of the same sequence or of
its own earlier entries is still an error.
"""
from __future__ import annotations

from .domains import DerivationError

__all__ = ["whole_reads"]


def whole_reads(key: str, seqs: dict) -> None:
    """Give mode ``"after"`` to the sequences of ``seqs`` (name -> Unknown) that have a bound
    reading another sequence whole (``Bound.whole``, set by the plan); such a bound is evaluated
    on the full grid (not recursive)."""
    after = {}
    for n, u in seqs.items():
        whole = [b for b in u.bounds if getattr(b, "whole", None)]
        if not whole:
            continue
        for b in whole:
            if b.lags:
                raise DerivationError(
                    f"statement {key}: hypothesis {b.source} bounds {n} both by all of "
                    f"{sorted(b.whole)} and step by step by {sorted(b.lags)}; state it per index")
            b.recursive = False
        if any(b.recursive for b in u.bounds):
            raise DerivationError(
                f"statement {key}: {n} is bounded by all of "
                f"{sorted(set().union(*(b.whole for b in whole)))} and step by step by its own "
                f"entries; state one of them without the other")
        after[n] = set().union(*(b.whole for b in whole))
    for n, reads in after.items():
        if n in reads:
            raise DerivationError(f"statement {key}: {n} is bounded by all of itself")
        later = {m for m in reads if m in after and seqs[m].index > seqs[n].index}
        if later:
            raise DerivationError(f"statement {key}: {n} is bounded by all of {sorted(later)}, "
                                  f"itself drawn after all of another sequence; declare "
                                  f"{sorted(later)} first")
        seqs[n].mode = "after"
