"""Every registered statement either derives or is listed, with its reason, in
docs/hand-samplers.md ("Statements the engine cannot derive"); a listed one does not derive.

The full registry (652 statements, ~70 s of derivation on one core) is the slow test; the
default run checks the listed keys, the statements made derivable by the matrix / expression
domains (adaproof.derive.matrices, domains_extra, sizes_extra, after; one per construction) and
a fixed sample of one registered statement in 24 (``-m slow``: all of them)."""
import functools
import pathlib
import re

import pytest

from adaproof import registry
from adaproof.derive import DerivationError, derivation, without_hand_samplers

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "hand-samplers.md"

#: made derivable by the PSD / symmetric / after / ball / computed-size domains and the
#: declarations fixed with them (docs/hand-samplers.md)
NEWLY_DERIVABLE = [
    "adam_complexity/theorem-1-quadratic-nondiagonal",
    "adam_complexity/theorem-1-quadratic-nondiagonal@corrected",
    "adam_complexity/theorem-2-quadratic-nondiagonal",
    "adam_complexity/theorem-2-quadratic-nondiagonal@corrected",
    "adam_linf/theorem-3.2-family-quadratic-nondiagonal",
    "adam_linf/theorem-3.2-family-quadratic-nondiagonal@corrected",
    "alphaadam/theorem-3.8-family-quadratic-nondiagonal",
    "alphaadam/theorem-3.8-family-quadratic-nondiagonal@corrected",
    "adam_linf/theorem-3.5-family-quadratic-nondiagonal",
    "adam_linf/theorem-3.5-family-separable-nonconvex",
    "adam_linf/theorem-3.5-family-logistic",
    "adam_linf/theorem-3.11-family-quadratic-nondiagonal",
    "adam_linf/theorem-3.11-family-separable-nonconvex",
    "adam_linf/theorem-3.11-family-logistic",
    "adagrad_aniso/theorem-D.3-quad",
    "adagrad_aniso/theorem-D.3-rational",
    "adagrad_aniso/theorem-D.3-logistic",
    "adafactor/eq-108",
    "adam_linf/eq-2",
    "adam_linf/eq-3",
    "adam_linf/lemma-C.1-indefinite",
]


def listed() -> dict[str, str]:
    """Keys listed in the doc's not-derivable section -> the table row they are in."""
    text = DOC.read_text(encoding="utf-8")
    m = re.search(r"<!-- not-derivable:start -->(.*?)<!-- not-derivable:end -->", text, re.S)
    assert m, f"{DOC}: the not-derivable section (its start/end markers) is missing"
    out = {}
    for line in m.group(1).splitlines():
        if not line.startswith("|"):  # table rows only
            continue
        for key in re.findall(r"`([a-z_0-9]+/[^`\s]+)`", line):
            out[key] = line
    return out


@functools.lru_cache(maxsize=None)
def derives(key: str) -> str | None:
    """None when ``key`` derives, else the engine's message."""
    try:
        derivation(without_hand_samplers(registry.get(key)))
    except DerivationError as exc:
        return str(exc)
    return None


def _keys():
    return sorted(s.key for s in registry.statements())


def _undocumented(keys):
    docs = listed()
    return [f"{k}: {derives(k)}" for k in keys if k not in docs and derives(k) is not None]


def test_every_listed_statement_is_registered_and_does_not_derive():
    docs = listed()
    assert len(docs) >= 40
    known = set(_keys())
    assert not sorted(set(docs) - known), "listed but not registered"
    stale = [k for k in docs if derives(k) is None]
    assert not stale, f"derivable now: remove from {DOC.name}: {stale}"


def test_every_row_gives_a_reason():
    for key, line in listed().items():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        assert len(cells) >= 2 and all(cells), f"{key}: a row without its reason: {line}"


#: one per new construction, fast to derive (the others: the slow test below)
FAST = ["alphaadam/theorem-3.8-family-quadratic-nondiagonal",  # PSD
        "adam_linf/lemma-C.1-indefinite",  # symmetric, drawn after
        "adam_linf/eq-2",  # drawn after (triply indexed W)
        "adam_linf/theorem-3.5-family-logistic",  # n = 2/m
        "adagrad_aniso/theorem-D.3-rational",  # H's domain R
        "adafactor/eq-108"]  # norm ball


@pytest.mark.parametrize("key", FAST)
def test_newly_derivable(key):
    assert derives(key) is None, derives(key)


@pytest.mark.slow
@pytest.mark.parametrize("key", [k for k in NEWLY_DERIVABLE if k not in FAST])
def test_newly_derivable_all(key):  # adam_complexity's theorem 1 takes ~50 s to derive
    assert derives(key) is None, derives(key)


def test_a_sample_of_the_registry_derives_or_is_listed():
    keys = _keys()
    bad = _undocumented(keys[::24])
    assert not bad, f"neither derivable nor listed in {DOC.name}: {bad}"


def test_an_undocumented_non_derivable_statement_fails_the_check():
    """The check itself can fail: a statement with an unreadable domain and no row."""
    import sympy as sp
    from adaproof.statement import Quantity, Statement
    x = sp.Symbol("x", real=True)
    stmt = Statement(id="test/unreadable", paper="test", kind="lemma", number="1", title="t",
                     section="", family="other",
                     quantities=(Quantity("x", "scalar", "a nice number", "x"),),
                     lhs=x, rhs=x + 1)
    registry.register(stmt)
    assert _undocumented(["test/unreadable"])


@pytest.mark.slow
def test_every_registered_statement_derives_or_is_listed():
    bad = _undocumented(_keys())
    assert not bad, f"neither derivable nor listed in {DOC.name}: {bad}"
