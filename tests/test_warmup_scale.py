"""The exact re-check's tolerance scale is built before a statement's clock (warmup.prepare),
so a flagged candidate's first exact re-check under a small budget is not spent in SymPy."""
from adaproof import lemmas, warmup
from adaproof.symbolic import magnitude


def test_prepare_builds_the_exact_scale_of_the_sides():
    stmt = lemmas.get("adafactor/eq-107-b")
    magnitude.cache_clear()
    warmup.prepare(stmt)
    info = magnitude.cache_info()
    assert info.currsize >= 2  # both sides' scales are cached ...
    hits = info.hits
    magnitude(stmt.rhs, None)
    magnitude(stmt.lhs, None)
    assert magnitude.cache_info().hits == hits + 2  # ... and the re-check finds them there


def test_only_symbolic_sides_are_scaled(monkeypatch):
    from adaproof import symbolic
    seen = []
    monkeypatch.setattr(symbolic, "magnitude", lambda e, unit=None: seen.append((e, unit)))

    class NoSides:  # a special kind's statement may carry no lhs/rhs expressions
        lhs = rhs = None
    warmup._exact_scale(NoSides())
    assert seen == []  # nothing asked of SymPy for non-expressions
    stmt = lemmas.get("adafactor/eq-107-b")
    warmup._exact_scale(stmt)
    assert seen == [(stmt.rhs, None), (stmt.lhs, None)]  # the linear scale the re-check uses
