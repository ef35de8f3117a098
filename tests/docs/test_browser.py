"""The built site in a real headless browser: Debian's Chromium driven by Playwright (its own
browser download is not used).  A statement page, a rate page, the errata page and the coverage
page must have their math typeset by KaTeX (no raw TeX left, no KaTeX error), every image
loaded, and no internal link broken.

Set ``ADAPROOF_DOCS_SCREENSHOT=docs/img/statement-page.png`` to refresh the README's screenshot.
"""
from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("no system Chromium (apt-get install chromium; .ci/run installs it)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed (the docs extra)")

PAGES = ["statements/adam_linf/theorem-3.2.html", "rates/adam_linf/theorem-3.2.html",
         "errata.html", "coverage.html"]
RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\\frac|\\sum|\\le\b|\\left|\\mathbb")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(small_site):
    from adaproof.docs import make_server
    site = small_site[0]
    httpd = make_server(site, port=0)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    host, port = httpd.server_address[:2]
    yield site, f"http://{host}:{port}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _internal_target(site: Path, base: str, href: str, page_url: str) -> Path | None:
    """The built file an internal link points at (None for an external link)."""
    from urllib.parse import urljoin
    url, _ = urldefrag(urljoin(page_url, href))
    if not url.startswith(base):
        return None
    path = unquote(urlparse(url).path)[len(urlparse(base).path):]
    target = site / path
    return target / "index.html" if (not path or path.endswith("/")) else target


@pytest.mark.parametrize("page", PAGES)
def test_page_typeset_images_loaded_links_intact(server, browser, page, tmp_path):
    site, base = server
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    failed = []
    tab.on("requestfailed", lambda r: failed.append(r.url))
    tab.goto(base + page)
    tab.wait_for_load_state("networkidle")
    assert not errors, errors
    assert not failed, failed
    # math: every arithmatex element typeset by KaTeX, none left raw, no KaTeX parse error
    n_math = tab.locator(".arithmatex").count()
    assert n_math > 0 or page == "coverage.html"  # the coverage page is a list, no formula
    assert tab.locator(".arithmatex .katex").count() == n_math
    assert tab.locator(".katex-error").count() == 0
    visible = tab.evaluate("() => document.querySelector('article').innerText")
    assert not RAW_TEX.search(visible), RAW_TEX.search(visible)
    # images: every <img> loaded with a real size
    imgs = tab.evaluate("() => Array.from(document.images).map(i => "
                        "[i.getAttribute('src'), i.complete, i.naturalWidth])")
    for src, complete, width in imgs:
        assert complete and width > 0, src
    if page.startswith(("statements/", "rates/")):
        assert any(src.startswith("../../img/") for src, _, _ in imgs)
    # links: every internal link (and anchor) resolves to a built file (and an id on it)
    hrefs = tab.evaluate("() => Array.from(document.querySelectorAll('a[href]'))"
                         ".map(a => a.getAttribute('href'))")
    assert len(hrefs) > 10
    page_url = base + page
    checked = 0
    for href in hrefs:
        target = _internal_target(site, base, href, page_url)
        if target is None:
            continue
        assert target.is_file(), f"{page}: broken link {href} -> {target}"
        frag = urldefrag(href)[1]
        if frag and target.suffix == ".html":
            assert f'id="{frag}"' in target.read_text(), f"{page}: no anchor #{frag} in {target}"
        checked += 1
    assert checked > 10
    if page.startswith("statements/"):
        shot = os.environ.get("ADAPROOF_DOCS_SCREENSHOT") or str(tmp_path / "statement.png")
        tab.set_viewport_size({"width": 1400, "height": 1500})
        tab.screenshot(path=shot, full_page=False)
        assert Path(shot).stat().st_size > 10_000
    tab.close()


@pytest.mark.slow
def test_every_page_of_the_full_site_typesets(browser, tmp_path):
    """The whole registry's site: no KaTeX parse error and no raw TeX on any page (catches a
    statement whose LaTeX is not valid, e.g. a control character from a non-raw string)."""
    from adaproof.docs import build
    repo = Path(__file__).resolve().parents[2]
    build(tmp_path / "site", results=tmp_path, strict=True,
          cache=repo / ".adaproof" / "docs-cache.json")
    tab = browser.new_page()
    bad = []
    for f in sorted((tmp_path / "site").rglob("*.html")):
        tab.goto(f.as_uri())
        tab.wait_for_load_state("load")
        errors = tab.evaluate("() => Array.from(document.querySelectorAll('.katex-error'))"
                              ".map(e => e.getAttribute('title'))")
        untyped = tab.locator(".arithmatex:not([data-typeset])").count()
        if errors or untyped:
            bad.append((str(f.relative_to(tmp_path / "site")), untyped, errors[:1]))
    tab.close()
    assert not bad, bad
