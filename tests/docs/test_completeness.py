"""Every registered statement, rate calculator and comparison has a page: the generator's
selection (fast, with the page bodies stubbed) and the full site (slow)."""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from adaproof.docs import pages

REPO = Path(__file__).resolve().parents[2]


def _registered():
    from adaproof.bounds import all_bounds, all_comparisons
    from adaproof.registry import statements
    return ({s.key: pages.statement_page(s.key) for s in statements()},
            {b.key: pages.bound_page(b.key) for b in all_bounds()},
            {c.id: pages.comparison_page(c.id) for c in all_comparisons()})


def _stub_generate(monkeypatch, tmp_path) -> dict[str, str]:
    """Run the generator over the whole registry with trivial page bodies; return what it
    wrote (path -> body)."""
    written: dict[str, str] = {}
    for name in ("render_statement", "render_bound", "render_comparison", "render_paper",
                 "render_errata", "render_coverage", "render_index"):
        monkeypatch.setattr(pages, name, lambda site, obj=None, _n=name: f"# {_n}\n")
    pages.generate({"results": str(tmp_path), "cache": None},
                   lambda path, content: written.__setitem__(path, content))
    return written


def test_every_registered_object_gets_its_own_page(monkeypatch, tmp_path):
    stmts, bounds, comps = _registered()
    assert len(stmts) > 100 and len(bounds) > 20 and len(comps) > 3
    all_pages = list(stmts.values()) + list(bounds.values()) + list(comps.values())
    assert len(set(all_pages)) == len(all_pages)  # no two objects share a page
    written = _stub_generate(monkeypatch, tmp_path)
    missing = [p for p in all_pages if p not in written]
    assert not missing, missing
    assert pages.plan({"results": str(tmp_path)}) == {**stmts, **bounds, **comps}
    from adaproof.registry import PAPERS
    for paper in PAPERS:
        assert pages.paper_page(paper) in written
    for page in (pages.PAGE_INDEX, pages.PAGE_ERRATA, pages.PAGE_COVERAGE):
        assert page in written


def test_a_users_statement_gets_a_page_and_a_paper_page(monkeypatch, tmp_path):
    from adaproof import registry
    base = registry.get("adam_linf/lemma-3.12")
    mine = replace(base, id="mine/lemma-1", paper="mine", title="my lemma")
    registry.register(mine)
    try:
        written = _stub_generate(monkeypatch, tmp_path)
        assert pages.statement_page("mine/lemma-1") == "statements/mine/lemma-1.md"
        assert "statements/mine/lemma-1.md" in written
        assert "papers/mine.md" in written
    finally:
        registry._REGISTRY.pop(mine.key, None)


def test_a_users_statement_page_renders(tmp_path):
    """The real page body of a user's statement (no paper module behind it)."""
    from adaproof import registry
    base = registry.get("adam_linf/lemma-3.12")
    mine = replace(base, id="mine/lemma-2", paper="mine", title="my lemma, rendered")
    registry.register(mine)
    try:
        site = pages.Site({"results": str(tmp_path), "cache": None,
                           "only": ["mine/lemma-2"]}, lambda p, c: None)
        body = pages.render_statement(site, mine)
    finally:
        registry._REGISTRY.pop(mine.key, None)
    assert body.startswith("# Lemma") and "my lemma, rendered" in body
    assert "No counterexample known" in body and "not checked" in body
    assert "Run `adaproof check mine/lemma-2` to record one" in body
    assert "$ adaproof check" not in body  # no counterexample: no replay block


@pytest.mark.slow
def test_full_site_builds_strict_with_every_page(tmp_path):
    """The whole registry: about 220 pages and their figures (minutes on 2 cores, less with the
    proof/tuning cache of an earlier build)."""
    from adaproof.docs import build
    old = os.environ.get("ADAPROOF_STORE")
    os.environ["ADAPROOF_STORE"] = str(REPO / "counterexamples")
    try:
        r = build(tmp_path / "site", results=tmp_path, strict=True,
                  cache=REPO / ".adaproof" / "docs-cache.json")
    finally:
        if old is None:
            os.environ.pop("ADAPROOF_STORE", None)
        else:
            os.environ["ADAPROOF_STORE"] = old
    stmts, bounds, comps = _registered()
    for key, page in {**stmts, **bounds, **comps}.items():
        assert (tmp_path / "site" / page.replace(".md", ".html")).is_file(), key
    assert r["counts"]["statements"] == len(stmts)
    assert r["counts"]["bounds"] == len(bounds)
    assert r["counts"]["comparisons"] == len(comps)
