"""A derived statement's derivation (plan, solved hypotheses, ladders) is built before a
wall-clock budget's clock, once per statement: adam_complexity/theorem-1's took 6.3 s, so its
derived check under --budget smoke ended `unknown, no example` with no phase run."""
from adaproof import derive, lemmas, warmup


def test_the_copy_without_hand_samplers_is_made_once_per_statement():
    s = lemmas.get("adam_linf/lemma-3.12")
    assert s.sampler is not None
    a, b = derive.without_hand_samplers(s), derive.without_hand_samplers(s)
    assert a is b and a.sampler is None and a.sizes is None
    assert derive.without_hand_samplers(a) is a


def test_prepare_builds_the_derivation_of_a_derived_statement(monkeypatch):
    s = derive.without_hand_samplers(lemmas.get("adam_linf/lemma-3.12"))
    derive._CACHE.pop(id(s), None)
    built = []
    real = derive.Derivation
    monkeypatch.setattr(derive, "Derivation", lambda st: built.append(st) or real(st))
    warmup.prepare(s)
    assert built == [s]
    assert derive._CACHE[id(s)][0] is s
    warmup.prepare(s)  # cached: not built again
    assert built == [s]
    # a statement with its own sampler derives nothing before the clock
    hand = lemmas.get("adam_linf/lemma-3.12")
    warmup.prepare(hand)
    assert built == [s]
