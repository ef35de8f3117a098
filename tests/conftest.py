"""Test-wide isolation: counterexamples found by tests (weakened statements) and CLI results
go to temporary folders, never into the repository's store; the built-in (read-only) store is
off, so every check searches unless a test turns it back on."""
import pytest


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("ADAPROOF_STORE", str(tmp_path_factory.mktemp("store")))
    monkeypatch.setenv("ADAPROOF_BUILTIN_STORE", "none")
    monkeypatch.setenv("ADAPROOF_RESULTS_DIR", str(tmp_path_factory.mktemp("results")))
    monkeypatch.setenv("ADAPROOF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
