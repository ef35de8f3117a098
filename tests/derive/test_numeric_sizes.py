"""Sizes that enter a statement only as numbers get large values on the derived ladder
(adaproof.derive.numeric_sizes); sizes that set a loop length or an extent do not."""
import sympy as sp

from adaproof import registry
from adaproof.checker import check
from adaproof.declare import index, scalar, sequence, size, statement
from adaproof.derive import derivation, without_hand_samplers
from adaproof.derive.numeric_sizes import structural_symbols


def _log_horizon():
    """log T <= 10 + x·0 for every size T >= 1: false only for T > e¹⁰ ≈ 22026."""
    T = size("T")
    x = scalar("x", ">= 0", "x")
    return statement("mine/log-horizon", register=False, lhs=sp.log(T), rhs=10,
                     hypotheses=[x >= 0])


def test_only_number_sizes_are_numeric():
    T, d, t = size("T"), size("d"), index("t")
    a = sequence("a", over=(1, d), domain=">= 0")
    summed = statement("mine/summed-horizon", register=False,
                       lhs=sp.Sum(1 / (t * t), (t, 1, T)), rhs=2, hypotheses=[a[1] >= 0])
    assert T in structural_symbols(summed.lhs)
    roles = {n: i["role"] for n, i in derivation(summed).plan.sizes.items()}
    assert roles["T"] == "other"  # a sum ranges over it: the small ladder
    assert roles["d"] != "numeric"  # the extent of a
    p = derivation(_log_horizon()).plan
    assert p.sizes["T"]["role"] == "numeric"
    ladder = derivation(_log_horizon()).ladders("default")["T"]
    assert ladder[:3] == (1, 2, 3) and max(ladder) == 2 ** 20


def test_corollary_noise_floor_horizon_is_numeric_and_its_dimension_is_not():
    d = derivation(without_hand_samplers(registry.get("adam_linf/corollary-3.6-noise-floor")))
    assert d.plan.sizes["T"]["role"] == "numeric"
    assert d.plan.sizes["d"]["role"] != "numeric"


def test_statement_false_only_at_large_sizes_is_found():
    r = check(_log_horizon(), examples=400, seed=0, fresh=True, save=False)
    assert r.status == "violated"
    assert r.counterexample["sizes"]["T"] > 22026


def test_corollary_noise_floor_found_by_the_derived_path():
    r = check(registry.get("adam_linf/corollary-3.6-noise-floor"), examples=1000, seed=0,
              fresh=True, save=False, sampler="derived")
    assert r.status == "violated"
    assert r.counterexample["sizes"]["T"] >= 1000


def test_a_size_named_N_is_a_symbol_not_sympy_N():
    """An extent "N" was sympified without the quantities' names, into the function sympy.N:
    the derivation of adagrad_aniso/lemma-G.3 raised AttributeError ('function' object has no
    attribute 'free_symbols') instead of deriving."""
    from adaproof.derive import derivation, without_hand_samplers
    from adaproof.registry import get
    d = derivation(without_hand_samplers(get("adagrad_aniso/lemma-G.3")))
    assert d.plan.sizes["N"]["role"] == "time"  # it indexes a: never "numeric"
