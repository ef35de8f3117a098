"""The documentation site's tests share one small site, built once per session in strict mode
from real check results: the committed counterexample store (replayed) and a short check counted
in examples.  ``@pytest.mark.slow`` tests (the full site) run only with ``-m slow`` (the
project's addopts deselect them)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytest.importorskip("mkdocs", reason="the docs extra is not installed (pip install '.[docs]')")
pytest.importorskip("material", reason="the docs extra is not installed (pip install '.[docs]')")
pytest.importorskip("mkdocs_gen_files", reason="the docs extra is not installed")
pytest.importorskip("matplotlib", reason="the docs extra is not installed")

REPO = Path(__file__).resolve().parents[2]

#: what the small site holds: a theorem that is both a statement (violated as printed, with a
#: committed counterexample) and a rate calculator, its corrected variant (holds), a lemma with
#: a proof chain, and a comparison with its two calculators
SMALL = ["adam_linf/theorem-3.2", "adam_linf/theorem-3.2@corrected", "adam_linf/lemma-3.12",
         "adagrad_aniso/compare-convex-variance", "adagrad_aniso/theorem-4.1",
         "adagrad_aniso/theorem-D.1"]
CHECKED = ["adam_linf/theorem-3.2", "adam_linf/theorem-3.2@corrected"]
EXAMPLES = 400


class _Env:
    """Set environment variables for a block (session fixtures cannot use monkeypatch)."""

    def __init__(self, **values):
        self.values = values
        self.old = {}

    def __enter__(self):
        for k, v in self.values.items():
            self.old[k] = os.environ.get(k)
            os.environ[k] = v

    def __exit__(self, *exc):
        for k, v in self.old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _key_file(results: Path, key: str) -> Path:
    return results / (key.replace("/", "__").replace("@", "--") + ".json")


@pytest.fixture(scope="session")
def small_site(tmp_path_factory):
    """``(site_dir, results_dir, summary)`` of the small site, built with ``strict=True``."""
    from adaproof.checker import check
    from adaproof.docs import build
    from adaproof.registry import get
    tmp = tmp_path_factory.mktemp("docs")
    results = tmp / "results"
    results.mkdir()
    # the committed store (read only: save=False), so the printed theorem replays its witness
    with _Env(ADAPROOF_STORE=str(REPO / "counterexamples"), OMP_NUM_THREADS="1"):
        for key in CHECKED:
            r = check(get(key), examples=EXAMPLES, seed=0, save=False)
            _key_file(results, key).write_text(r.dumps())
        summary = build(tmp / "site", results=results, strict=True, only=SMALL,
                        cache=tmp / "cache.json")
    return tmp / "site", results, summary


def result_of(results: Path, key: str) -> dict:
    return json.loads(_key_file(results, key).read_text())
