"""The on-disk cache of proof-link verdicts: a second process (simulated by clearing the
in-process cache) reads the verdicts from disk without calling SymPy; a link that timed out is
retried under a larger time limit; a damaged cache file is recomputed, never trusted."""
import json
import shutil

import pytest

from adaproof import lemmas, proofs


@pytest.fixture(scope="module")
def computed(tmp_path_factory):
    """One real SymPy pass over a short proof chain: (statement, verdicts, cache file)."""
    folder = tmp_path_factory.mktemp("proofcache")
    mp = pytest.MonkeyPatch()
    mp.setenv("ADAPROOF_CACHE_DIR", str(folder))
    try:
        s = next((s for s in lemmas.all() if s.proof and len(s.proof) <= 4), None)
        if s is None:
            pytest.skip("no statement with a short proof chain")
        proofs._CACHE.clear()
        first = [v for _, v in proofs.check_proof(s)]
    finally:
        mp.undo()
    return s, first, folder / "proofs.json"


def _fresh(tmp_path, monkeypatch, computed, *, fake=None):
    s, first, path = computed
    monkeypatch.setenv("ADAPROOF_CACHE_DIR", str(tmp_path))
    shutil.copy(path, tmp_path / "proofs.json")
    proofs._CACHE.clear()
    calls = []
    real = proofs.check_step
    monkeypatch.setattr(proofs, "check_step",
                        lambda *a, **k: calls.append(1) or (fake or real)(*a, **k))
    return s, first, tmp_path / "proofs.json", calls


def test_second_run_reads_verdicts_from_disk(tmp_path, monkeypatch, computed):
    s, first, path, calls = _fresh(tmp_path, monkeypatch, computed)
    stored = json.loads(path.read_text())
    assert len(stored) == len(first)
    assert all(v in ("proved", "disproved", "undecided") or v.startswith("timeout:")
               for v in stored.values())
    assert [v for _, v in proofs.check_proof(s)] == first
    assert calls == []  # every verdict came from disk


@pytest.mark.parametrize("damage", ["not-a-verdict", "truncated"])
def test_damaged_cache_is_recomputed(tmp_path, monkeypatch, computed, damage):
    s, first, path, calls = _fresh(tmp_path, monkeypatch, computed,
                                   fake=lambda *a, **k: "undecided")
    if damage == "not-a-verdict":
        path.write_text(json.dumps({k: "proved?" for k in json.loads(path.read_text())}))
    else:
        path.write_text(path.read_text()[:5])
    got = [v for _, v in proofs.check_proof(s)]
    assert got == ["undecided"] * len(s.proof)  # nothing of the damaged file was used
    assert len(calls) == len(s.proof)


def test_timeout_is_retried_with_a_larger_limit(tmp_path, monkeypatch, computed):
    s, _, path, calls = _fresh(tmp_path, monkeypatch, computed, fake=lambda *a, **k: "proved")
    path.unlink()
    limits = []
    real_wt = proofs._with_timeout
    monkeypatch.setattr(proofs, "_with_timeout", lambda fn, t: limits.append(t) or "undecided")
    assert all(v == "undecided" for _, v in proofs.check_proof(s, timeout_s=1.0))
    assert set(json.loads(path.read_text()).values()) == {"timeout:1.0"}
    n = len(limits)
    proofs._CACHE.clear()
    proofs.check_proof(s, timeout_s=0.5)  # a smaller limit: the stored timeout answers
    assert len(limits) == n
    proofs._CACHE.clear()
    monkeypatch.setattr(proofs, "_with_timeout", real_wt)
    assert [v for _, v in proofs.check_proof(s, timeout_s=60)] == ["proved"] * len(s.proof)
    assert set(json.loads(path.read_text()).values()) == {"proved"}


def test_cache_can_be_turned_off(tmp_path, monkeypatch, computed):
    s = computed[0]
    monkeypatch.setenv("ADAPROOF_CACHE_DIR", "none")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(proofs, "check_step", lambda *a, **k: "undecided")
    proofs._CACHE.clear()
    proofs.check_proof(s)
    assert not any(tmp_path.rglob("proofs.json"))
