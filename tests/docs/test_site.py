"""The generated site: pages from the registry, the calculators and real check results."""
from __future__ import annotations

import html
import json
import re

import pytest

from adaproof._validation import AdaproofInputError

from .conftest import CHECKED, SMALL, result_of


def _text(path) -> str:
    """A page's HTML with the tags stripped and entities decoded."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", path.read_text())))


def test_small_site_builds_strict_with_a_page_per_selected_object(small_site):
    site, _, summary = small_site
    pages = summary["counts"]["pages"]
    assert set(pages) == set(SMALL)
    for key, page in pages.items():
        assert (site / page.replace(".md", ".html")).exists(), key
    for page in ("index.html", "errata.html", "coverage.html", "papers/adam_linf.html",
                 "papers/adagrad_aniso.html"):
        assert (site / page).exists(), page
    from adaproof.bounds import all_bounds, all_comparisons
    from adaproof.registry import statements
    kinds = [{s.key for s in statements()}, {b.key for b in all_bounds()},
             {c.id for c in all_comparisons()}]
    assert [summary["counts"][k] for k in ("statements", "bounds", "comparisons")] == \
        [len(set(SMALL) & keys) for keys in kinds] == [5, 3, 1]  # theorem-D.1 is both


def test_statement_page_shows_the_recorded_counterexample_and_replay(small_site):
    site, results, _ = small_site
    r = result_of(results, "adam_linf/theorem-3.2")
    assert r["status"] == "violated" and r["counterexample"]  # replayed from the store
    page = site / "statements/adam_linf/theorem-3.2.html"
    text = _text(page)
    ce = r["counterexample"]
    assert ce["lhs"] in text and ce["rhs"] in text  # both sides, as verified (60 digits)
    assert "adaproof check adam_linf/theorem-3.2" in text
    assert "violated" in text
    # printed <-> corrected links both ways
    assert 'href="theorem-3.2--corrected.html"' in page.read_text()
    back = (site / "statements/adam_linf/theorem-3.2--corrected.html").read_text()
    assert 'href="theorem-3.2.html"' in back
    # the worst-case input (the counterexample's sequences) is drawn
    assert (site / "img/statements/adam_linf/theorem-3.2--input.png").stat().st_size > 1000
    # the same id is a rate calculator: its page is linked, with its notes
    assert 'href="../../rates/adam_linf/theorem-3.2.html"' in page.read_text()


def test_history_figure_or_its_placeholder(small_site):
    site, results, _ = small_site
    for key in CHECKED:
        r = result_of(results, key)
        stem = "statements/" + key.replace("@", "--")
        fig = site / f"img/{stem}--history.png"
        text = _text(site / f"{stem}.html")
        if r.get("history") and any(r["history"].values()):
            assert fig.exists() and fig.stat().st_size > 1000, key
        else:
            assert not fig.exists() and "No history recorded" in text, key


def test_corrected_variant_page_reports_its_check(small_site):
    site, results, _ = small_site
    r = result_of(results, "adam_linf/theorem-3.2@corrected")
    text = _text(site / "statements/adam_linf/theorem-3.2--corrected.html")
    assert f"Status: {r['status']}" in text
    assert f"{r['best_ratio']:.12g}" in text
    assert str(r["examples"]) in text


def test_proof_chain_verdicts_are_sympys(small_site):
    from adaproof.proofs import check_proof
    from adaproof.registry import get
    site, _, _ = small_site
    s = get("adam_linf/lemma-3.12")
    verdicts = [v for _, v in check_proof(s)]
    page = (site / "statements/adam_linf/lemma-3.12.html").read_text()
    section = page.split('id="proof-chain"')[1].split('id="figures"')[0]
    shown = re.findall(r'class="status-[a-z]+">(proved|disproved|undecided)<', section)
    assert shown == verdicts


def test_rate_page_has_terms_tuning_figure_and_verdict(small_site):
    from adaproof.bounds import get_bound
    site, _, _ = small_site
    b = get_bound("adam_linf/theorem-3.2")
    page = site / "rates/adam_linf/theorem-3.2.html"
    text = _text(page)
    for name, _ in b.terms:
        assert name in text
    # tuned at T = 1000, H = Delta = 1: eta* = sqrt(2 Delta / (H T)) = 0.04472136
    assert "0.04472136" in text
    assert "agrees" in text  # T^(-1/2) derived and claimed
    assert (site / "img/rates/adam_linf/theorem-3.2--rate.png").stat().st_size > 1000


def test_comparison_page_values_match_compare(small_site):
    from adaproof.bounds import get_comparison
    from adaproof.docs.data import setting_for
    site, _, _ = small_site
    c = get_comparison("adagrad_aniso/compare-convex-variance")
    vals = setting_for("comparison", c.id, {p.name for p in c.params})["values"]
    vals.pop("T", None)
    r = c.compare(T=1000, **vals)
    text = _text(site / "comparisons/adagrad_aniso/compare-convex-variance.html")
    assert f"{r.ratio:.6g}" in text and f"{r.a:.6g}" in text
    assert (site / "img/comparisons/adagrad_aniso/compare-convex-variance--compare.png").exists()


def test_errata_lists_the_violated_theorem_with_witness_and_correction(small_site):
    site, results, _ = small_site
    page = (site / "errata.html").read_text()
    section = page.split('id="violated-as-printed"')[1].split('id="unexpected-results"')[0]
    assert 'href="statements/adam_linf/theorem-3.2.html"' in section
    assert 'href="statements/adam_linf/theorem-3.2--corrected.html"' in section
    ratio = result_of(results, "adam_linf/theorem-3.2")["counterexample"]["ratio"]
    assert ratio[:10] in html.unescape(section)
    # the lemma that holds is not an erratum
    assert "lemma-3.12" not in section


def test_coverage_page_renders_the_lists_or_says_pending(small_site):
    from adaproof.docs.pages import _coverage_file, _coverage_module
    site, _, _ = small_site
    page = (site / "coverage.html").read_text()
    text = _text(site / "coverage.html")
    cov = _coverage_module()
    for paper in ("adam_linf", "adagrad_aniso"):
        if cov is None or _coverage_file(paper) is None:
            assert f"adaproof/data/coverage/{paper}.toml does not exist yet" in text
            continue
        entries = cov.load(paper)
        assert len(entries) > 10
        for e in entries:
            assert e["id"] in text
            if e.get("pending"):
                assert " ".join(e["pending"].split())[:40] in text
        # an encoded entry links its statement page (selected on this small site)
        if paper == "adam_linf":
            assert any("adam_linf/lemma-3.12" in e["encoded"] for e in entries)
            assert 'href="statements/adam_linf/lemma-3.12.html"' in page
    assert "lemma-3.12" in text


def test_strict_mode_fails_on_a_broken_link(tmp_path, monkeypatch):
    """A warning (here a link to a page that does not exist) fails a strict build."""
    from adaproof.docs import build, pages
    orig = pages.render_index
    monkeypatch.setattr(pages, "render_index",
                        lambda site: orig(site) + "\n[broken](no-such-page.md)\n")
    with pytest.raises(AdaproofInputError, match="failed"):
        build(tmp_path / "site", results=tmp_path, strict=True, only=["adam_linf/lemma-3.12"],
              cache=tmp_path / "c.json")
    # without strict the same site builds
    r = build(tmp_path / "site2", results=tmp_path, strict=False, only=["adam_linf/lemma-3.12"],
              cache=tmp_path / "c.json")
    assert r["counts"]["statements"] == 1


def test_cli_docs_build_checks_its_arguments(tmp_path, capsys):
    from adaproof.cli import main
    assert main(["docs", "build", "--out", str(tmp_path / "s"), "--only", "no/such-id"]) == 2
    assert "unknown statement id" in capsys.readouterr().err
    assert main(["docs", "build", "--results", str(tmp_path / "missing")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert main(["docs", "build", "--paper", "no_such_paper"]) == 2
    assert "paper must be one of" in capsys.readouterr().err
    assert main(["docs", "serve", "--out", str(tmp_path / "nothing")]) == 2
    assert "no built site" in capsys.readouterr().err


def test_show_prints_statement_and_calculator_sharing_an_id(capsys):
    from adaproof.cli import main
    assert main(["show", "adam_linf/theorem-3.2"]) == 0
    out = capsys.readouterr().out
    assert "Encoded (LaTeX)" in out and "Rate calculator with the same id" in out
    assert "Claimed rate: T^(-1/2)" in out
    assert main(["show", "adam_linf/theorem-3.2", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["key"] == "adam_linf/theorem-3.2"
    assert info["rate_calculator"]["key"] == "adam_linf/theorem-3.2"
    assert "descent" in info["rate_calculator"]["terms"]
    # a calculator alone, and a comparison, still show
    assert main(["show", "adagrad_aniso/theorem-D.1"]) == 0
    assert "Bound (LaTeX)" in capsys.readouterr().out
    assert main(["show", "adagrad_aniso/compare-convex-variance"]) == 0
    assert "A/B (untuned)" in capsys.readouterr().out
