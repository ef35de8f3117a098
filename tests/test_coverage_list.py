"""The coverage lists (adaproof/data/coverage/*.toml, issue 14): every registered statement of a
listed paper is in its list, and every listed statement has a registered variant or a reason."""
import tomllib
from types import SimpleNamespace

import pytest

import adaproof.coverage as coverage
import adaproof.registry as registry
from adaproof._validation import AdaproofInputError

FILES = sorted(coverage.COVERAGE_DIR.glob("*.toml"))


def test_there_are_coverage_files():
    assert FILES, f"no coverage lists under {coverage.COVERAGE_DIR}"
    for f in FILES:
        assert f.stem in registry.PAPERS, f"{f.name}: not a paper id ({', '.join(registry.PAPERS)})"


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_schema(path):
    with open(path, "rb") as fh:
        doc = tomllib.load(fh)
    paper = path.stem
    assert doc["paper"] == paper
    assert doc["source"].strip()
    ids = []
    for e in doc["statement"]:
        for key in ("id", "kind", "number", "where", "claim", "category"):
            assert isinstance(e.get(key), str) and e[key].strip(), (e.get("id"), key)
        assert set(e) <= {"id", "kind", "number", "where", "claim", "category", "pending"}, e["id"]
        assert e["kind"] in coverage.KINDS, e["id"]
        assert e["category"] in coverage.CATEGORIES, e["id"]
        assert e["id"].startswith(paper + "/") and "@" not in e["id"], e["id"]
        if "pending" in e:
            assert e["pending"].strip() and "\n" not in e["pending"], e["id"]
        ids.append(e["id"])
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"duplicate ids: {dupes}"


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_registry_and_list_agree(path):
    """(a) every registered statement maps to an entry; (b) every entry has a registered variant
    or a pending reason; (c) no entry registered under its exact id still carries pending."""
    assert coverage.problems(path.stem) == []


def test_load_and_summary_count_the_registry():
    entries = coverage.load()
    assert {e["paper"] for e in entries} == {f.stem for f in FILES}
    summ = coverage.summary()
    for paper, (listed, encoded, pending) in summ.items():
        mine = [e for e in entries if e["paper"] == paper]
        assert listed == len(mine) == encoded + pending
        assert encoded == sum(1 for e in mine if e["encoded"])
        # every registered key of the paper is credited to exactly one entry
        credited = sorted(k for e in mine for k in e["encoded"])
        assert credited == sorted(s.key for s in registry.statements(paper=paper))
    # a known mapping: Lemma 3.13's registered steps all count for the one listed lemma
    if "adam_linf" in summ:
        (lemma,) = [e for e in coverage.load("adam_linf") if e["id"] == "adam_linf/lemma-3.13"]
        assert "adam_linf/lemma-3.13-eq-4" in lemma["encoded"]
        assert "adam_linf/lemma-3.13-step-2@corrected" in lemma["encoded"]


def test_load_rejects_an_unknown_paper():
    with pytest.raises(AdaproofInputError, match="paper must be one of"):
        coverage.load("no_such_paper")


# ---- the checks themselves fire on broken lists (a synthetic paper and registry) -------------

def _fake(monkeypatch, tmp_path, toml_text, keys):
    (tmp_path / "demo.toml").write_text(toml_text)
    monkeypatch.setattr(coverage, "COVERAGE_DIR", tmp_path)
    fake = [SimpleNamespace(id=k.split("@")[0], key=k) for k in keys]
    monkeypatch.setattr(registry, "statements", lambda paper=None, **kw: list(fake))


_HEAD = 'paper = "demo"\nsource = "a paper"\n'


def _entry(sid, kind="lemma", category="scalar", pending=None):
    s = (f'[[statement]]\nid = "{sid}"\nkind = "{kind}"\nnumber = "1"\nwhere = "Sec. 1"\n'
         f'claim = "x <= y"\ncategory = "{category}"\n')
    return s + (f'pending = "{pending}"\n' if pending is not None else "")


def test_a_registered_statement_missing_from_the_list_is_reported(monkeypatch, tmp_path):
    _fake(monkeypatch, tmp_path, _HEAD + _entry("demo/lemma-1"),
          ["demo/lemma-1", "demo/lemma-2"])
    probs = coverage.problems("demo")
    assert len(probs) == 1 and "demo/lemma-2" in probs[0]


def test_steps_and_corrected_variants_count_for_their_entry(monkeypatch, tmp_path):
    _fake(monkeypatch, tmp_path, _HEAD + _entry("demo/lemma-1") + _entry("demo/lemma-1-b"),
          ["demo/lemma-1-a", "demo/lemma-1-b-x", "demo/lemma-1@corrected", "demo/lemma-10"])
    probs = coverage.problems("demo")
    # lemma-10 is not a step of lemma-1 (no '-' after the prefix)
    assert probs == ["demo: registered demo/lemma-10 has no entry in demo.toml "
                     "(list demo/lemma-10 or an entry it extends with '-')"]
    got = {e["id"]: e["encoded"] for e in coverage.load("demo")}
    assert got == {"demo/lemma-1": ["demo/lemma-1-a", "demo/lemma-1@corrected"],
                   "demo/lemma-1-b": ["demo/lemma-1-b-x"]}  # the longest prefix wins


def test_an_entry_without_variant_or_reason_is_reported(monkeypatch, tmp_path):
    _fake(monkeypatch, tmp_path,
          _HEAD + _entry("demo/eq-3") + _entry("demo/eq-4", pending="needs the matrix kind"), [])
    assert coverage.problems("demo") == [
        "demo: demo/eq-3 has no registered variant and no pending reason"]
    assert coverage.summary() == {"demo": (2, 0, 2)}


def test_a_stale_pending_reason_is_reported(monkeypatch, tmp_path):
    _fake(monkeypatch, tmp_path,
          _HEAD + _entry("demo/lemma-1", pending="not yet encoded")
          + _entry("demo/lemma-2", pending="printed form not registered"),
          ["demo/lemma-1", "demo/lemma-2@corrected"])
    probs = coverage.problems("demo")
    # lemma-1 is registered exactly: its reason is stale; lemma-2 only has a corrected variant
    assert len(probs) == 1 and "demo/lemma-1 is registered but still carries pending" in probs[0]
    assert coverage.summary() == {"demo": (2, 2, 0)}


@pytest.mark.parametrize("bad, message", [
    (_entry("demo/lemma-1", kind="example"), "kind 'example' not one of"),
    (_entry("demo/lemma-1", category="vibes"), "category 'vibes' not one of"),
    (_entry("other/lemma-1", pending="x"), "id must start with 'demo/'"),
    (_entry("demo/lemma-1", pending="x") + _entry("demo/lemma-1", pending="x"), "duplicate id"),
    (_entry("demo/lemma-1", pending=""), "pending, when present, must be a non-empty"),
    (_entry("demo/lemma-1@corrected", pending="x"), "without '@corrected'"),
    ('[[statement]]\nid = "demo/lemma-1"\nkind = "lemma"\npending = "x"\n',
     "required key 'number' missing"),
])
def test_schema_errors_are_reported(monkeypatch, tmp_path, bad, message):
    _fake(monkeypatch, tmp_path, _HEAD + bad, [])
    probs = coverage.problems("demo")
    assert any(message in p for p in probs), probs
