"""The compiled statement evaluator (adaproof.symbolic.compile_torch, the plans of
adaproof.verification) against the interpreter it replaces (ADAPROOF_EVAL=interp): the same
torch operations in the same order, so every field of a batch evaluation is bitwise equal."""
import dataclasses

import pytest
import sympy as sp
import torch

from adaproof._validation import AdaproofInputError
from adaproof.registry import get, statements
from adaproof.statement import SampleContext
from adaproof.symbolic import SeqValue
from adaproof.threads import thread_policy
from adaproof.verification import evaluate_batch
from adaproof.derive import sampler_for, sizes_for

B = 6
FIELDS = ("admissible", "lhs", "rhs", "margin", "rel_margin", "ratio", "worst_index",
          "nonfinite")


@pytest.fixture(autouse=True)
def _one_thread():
    prev = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(prev)


def _small_sizes(stmt):
    """The smallest sizes the smoke preset draws, preferring every size >= 2 (a sum of one
    term would hide an off-by-one in the index handling)."""
    draws = [sizes_for(stmt)(torch.Generator().manual_seed(s), "smoke") for s in range(24)]
    key = lambda z: (min(z.values(), default=2) < 2, sum(z.values()))
    return min(draws, key=key)


def _same(x, y):
    if x.dtype.is_floating_point:
        if not torch.equal(torch.isnan(x), torch.isnan(y)):
            return False
        keep = ~torch.isnan(x)
        return torch.equal(x[keep], y[keep])
    return torch.equal(x, y)


def _evaluate(stmt, inputs, sizes, mode, monkeypatch):
    monkeypatch.setenv("ADAPROOF_EVAL", mode)
    return evaluate_batch(stmt, inputs, sizes, generator=torch.Generator().manual_seed(7))


@pytest.mark.parametrize("key", [s.key for s in statements()  # arithmetic claims: no inputs
                                 if getattr(s.special, "KIND", "") != "arithmetic"])
def test_compiled_equals_interpreted(key, monkeypatch):
    stmt = get(key)
    sizes = _small_sizes(stmt)
    inputs = sampler_for(stmt)(SampleContext(B=B, sizes=dict(sizes),
                                        generator=torch.Generator().manual_seed(0)))
    ref = _evaluate(stmt, inputs, sizes, "interp", monkeypatch)
    got = _evaluate(stmt, inputs, sizes, "compiled", monkeypatch)
    again = _evaluate(stmt, inputs, sizes, "compiled", monkeypatch)  # from the cache
    for f in FIELDS:
        assert _same(getattr(ref, f), getattr(got, f)), (key, sizes, f)
        assert _same(getattr(ref, f), getattr(again, f)), (key, sizes, f)


def test_cache_follows_the_statement_object(monkeypatch):
    """A dataclasses.replace copy with another right-hand side is a new plan, never the cached
    one of the original (and the original's plan is still right afterwards)."""
    stmt = get("adam_linf/lemma-3.12")
    sizes = {"T": 5}
    inputs = sampler_for(stmt)(SampleContext(B=B, sizes=sizes, generator=torch.Generator().manual_seed(1)))
    base = _evaluate(stmt, inputs, sizes, "compiled", monkeypatch)
    doubled = dataclasses.replace(stmt, rhs=2 * stmt.rhs)
    ev2 = _evaluate(doubled, inputs, sizes, "compiled", monkeypatch)
    assert torch.equal(ev2.rhs, 2 * base.rhs)
    assert torch.equal(_evaluate(stmt, inputs, sizes, "compiled", monkeypatch).rhs, base.rhs)
    # another size, another compiled function (the sums run over T terms)
    inputs9 = sampler_for(stmt)(SampleContext(B=B, sizes={"T": 9},
                                         generator=torch.Generator().manual_seed(1)))
    ref = _evaluate(stmt, inputs9, {"T": 9}, "interp", monkeypatch)
    got = _evaluate(stmt, inputs9, {"T": 9}, "compiled", monkeypatch)
    assert _same(ref.lhs, got.lhs) and _same(ref.rhs, got.rhs)


def test_gradients_through_the_compiled_sides(monkeypatch):
    """The guided search differentiates the sides: the compiled path keeps autograd and gives
    the interpreter's gradients."""
    from adaproof.search.guided import differentiable_sides
    stmt = get("adam_complexity/lemma-5")
    sizes = {"T": 4, "d": 2}
    inputs = sampler_for(stmt)(SampleContext(B=3, sizes=sizes, generator=torch.Generator().manual_seed(2)))
    grads = {}
    for mode in ("interp", "compiled"):
        monkeypatch.setenv("ADAPROOF_EVAL", mode)
        g = inputs["g"].data.clone().requires_grad_(True)
        eta = inputs["eta"].clone().requires_grad_(True)
        inp = dict(inputs, g=SeqValue(g, inputs["g"].start), eta=eta)
        lhs, rhs = differentiable_sides(stmt, inp, sizes)
        (lhs.sum() - rhs.sum()).backward()
        grads[mode] = (g.grad, eta.grad)
    assert grads["compiled"][0] is not None and grads["compiled"][0].abs().sum() > 0
    assert torch.equal(grads["interp"][0], grads["compiled"][0])
    assert torch.equal(grads["interp"][1], grads["compiled"][1])


def test_compiled_raises_what_the_interpreter_raises(monkeypatch):
    from adaproof.symbolic import EvaluationError, torch_eval
    v = sp.IndexedBase("v")
    t = sp.Symbol("t", integer=True)
    env = {"T": 4, "v": SeqValue(torch.ones(2, 4, dtype=torch.float64), (1,))}
    for mode in ("interp", "compiled"):
        monkeypatch.setenv("ADAPROOF_EVAL", mode)
        with pytest.raises(EvaluationError, match=r"index t \+ 1 of v ranges over \[2, 5\]"):
            torch_eval(v[t + 1], env, B=2, forall=((t, 1, sp.Symbol("T")),))


def test_unknown_eval_mode_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("ADAPROOF_EVAL", "fast")
    stmt = get("adam_linf/lemma-3.12")
    inputs = sampler_for(stmt)(SampleContext(B=2, sizes={"T": 3}, generator=torch.Generator().manual_seed(0)))
    with pytest.raises(AdaproofInputError, match="ADAPROOF_EVAL"):
        evaluate_batch(stmt, inputs, {"T": 3})


def test_thread_policy_single_thread_for_small_problems():
    torch.set_num_threads(2)
    with thread_policy(100):
        assert torch.get_num_threads() == 1
        with thread_policy(50):  # nested
            assert torch.get_num_threads() == 1
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == 2
    with thread_policy(10 ** 9):
        assert torch.get_num_threads() == 2
    with pytest.raises(RuntimeError):
        with thread_policy(1):
            raise RuntimeError("boom")
    assert torch.get_num_threads() == 2


@pytest.mark.parametrize("key,sizes", [("adam_linf/lemma-3.12", {"T": 700}),
                                       ("adam_complexity/lemma-5", {"T": 300, "d": 2})])
def test_compiled_equals_interpreted_without_the_call_memo(key, sizes, monkeypatch):
    """Above MEMO_NUMEL input elements shared subexpressions are recomputed, not memoised: the
    same values either way."""
    from adaproof import verification
    stmt = get(key)
    inputs = sampler_for(stmt)(SampleContext(B=8, sizes=sizes, generator=torch.Generator().manual_seed(4)))
    assert max(getattr(v, "data", v).numel() for v in inputs.values()) > verification.MEMO_NUMEL
    ref = _evaluate(stmt, inputs, sizes, "interp", monkeypatch)
    got = _evaluate(stmt, inputs, sizes, "compiled", monkeypatch)
    for f in FIELDS:
        assert _same(getattr(ref, f), getattr(got, f)), (key, f)
