"""Shared by the derived size tests: a statement with one size, and the size assignments a
derivation draws, recorded."""
import sympy as sp

from adaproof.declare import index, sequence, size, statement


def sum_statement(key):
    """``Σ_{t=1}^T a_t ≤ T`` with ``a_t ∈ [0, 1]``: sizes derived (T from its ladder), holds."""
    T, t = size("T"), index("t")
    a = sequence("a", over=(1, T), domain="[0, 1]", description="a_t")
    return statement(key, lhs=sp.Sum(a[t], (t, 1, T)), rhs=T, register=False,
                     title="Σ a_t ≤ T", expected="holds")


def record_size_draws(d, monkeypatch) -> list:
    """The list the derivation ``d`` appends each size assignment it draws to, from now on
    (its ``sizes`` wrapped through ``monkeypatch``)."""
    calls, orig = [], d.sizes

    def counting(gen, preset):
        s = orig(gen, preset)
        calls.append(dict(s))
        return s
    monkeypatch.setattr(d, "sizes", counting)
    return calls
