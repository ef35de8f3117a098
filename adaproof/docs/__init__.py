"""The documentation site: ``adaproof docs build`` and ``adaproof docs serve``.

A static site built by MkDocs with the Material theme.  Its pages are generated at build time by
mkdocs-gen-files (``gen_pages.py`` → :mod:`adaproof.docs.pages`) from

* the statement registry (:func:`adaproof.registry.statements`: the library's statements and any
  a user registered before the build),
* the rate calculators and comparisons (:func:`adaproof.bounds.all_bounds`,
  :func:`~adaproof.bounds.all_comparisons`) at the default settings of ``settings.toml``,
* the last check results (``$ADAPROOF_RESULTS_DIR``, default ``.adaproof/results``) and the
  counterexample store.

The build never runs an attack.  Math is typeset in the browser by KaTeX, vendored under
``static/assets/katex`` (no network needed to read the site); figures are drawn by matplotlib
(Agg) during the build.  The optional dependencies are the ``docs`` extra.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from .._validation import AdaproofInputError

__all__ = ["build", "serve", "make_server", "HERE", "default_out"]

HERE = Path(__file__).resolve().parent


def default_out() -> Path:
    return Path("site")


def _require() -> None:
    missing = []
    for mod, pkg in (("mkdocs", "mkdocs"), ("material", "mkdocs-material"),
                     ("mkdocs_gen_files", "mkdocs-gen-files"),
                     ("pymdownx", "pymdown-extensions"), ("matplotlib", "matplotlib")):
        try:
            __import__(mod)
        except ImportError:
            missing.append(pkg)
    if missing:
        raise AdaproofInputError(
            f"the docs site needs {', '.join(missing)}: pip install 'adaproof[docs]'")


def build(out: str | os.PathLike | None = None, *, results: str | os.PathLike | None = None,
          strict: bool = False, only: list[str] | None = None, paper: str | None = None,
          cache: str | os.PathLike | None = None, quiet: bool = True) -> dict:
    """Build the site into ``out`` (default ``./site``) and return a summary
    ``{"out", "pages", "time_s", "counts"}``.

    ``results``: the folder of last check results (default ``$ADAPROOF_RESULTS_DIR`` or
    ``.adaproof/results``); ``strict``: a MkDocs warning fails the build; ``only`` (statement,
    calculator or comparison keys) and ``paper`` restrict the generated pages (the index,
    paper, errata and coverage pages are always built, over what is selected); ``cache``: the
    file where SymPy's proof-link verdicts and tuned hyperparameters are kept between builds
    (default ``.adaproof/docs-cache.json``)."""
    _require()
    import logging

    from mkdocs.commands.build import build as mk_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    from ..registry import PAPERS, get, statements
    if paper is not None:
        papers = sorted(set(PAPERS) | {s.paper for s in statements()})
        if paper not in papers:
            raise AdaproofInputError(f"paper must be one of {', '.join(papers)}; got {paper!r}")
    if only:
        from ..bounds import all_bounds, all_comparisons
        known = ({s.key for s in statements()} | {b.key for b in all_bounds()}
                 | {c.id for c in all_comparisons()})
        for k in only:
            if k not in known:
                get(k)  # raises with the closest ids
    out = Path(out) if out is not None else default_out()
    res = Path(results) if results is not None else Path(
        os.environ.get("ADAPROOF_RESULTS_DIR", ".adaproof/results"))  # as `adaproof check`
    if results is not None and not res.is_dir():
        raise AdaproofInputError(f"--results {str(res)!r} is not a folder")
    options = {"results": str(res.resolve()), "only": list(only or []), "paper": paper,
               "cache": str(Path(cache or ".adaproof/docs-cache.json").resolve()),
               "summary": str((out / ".adaproof-docs.json").resolve())}
    old = os.environ.get("ADAPROOF_DOCS_OPTIONS")
    os.environ["ADAPROOF_DOCS_OPTIONS"] = json.dumps(options)
    os.environ.setdefault("MPLBACKEND", "Agg")
    t0 = time.perf_counter()
    log = logging.getLogger("mkdocs")
    handler = None
    if not quiet and not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    try:
        cfg = load_config(config_file=str(HERE / "mkdocs.yml"), site_dir=str(out.resolve()),
                          strict=strict)
        try:
            mk_build(cfg)
        except (Abort, BuildError, ConfigurationError) as exc:
            raise AdaproofInputError(f"the docs build failed: {exc}") from None
    finally:
        if handler is not None:
            log.removeHandler(handler)
        if old is None:
            os.environ.pop("ADAPROOF_DOCS_OPTIONS", None)
        else:
            os.environ["ADAPROOF_DOCS_OPTIONS"] = old
    summary_path = out / ".adaproof-docs.json"
    counts = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    pages = sum(1 for _ in out.rglob("*.html"))
    return {"out": str(out), "pages": pages, "time_s": round(time.perf_counter() - t0, 1),
            "counts": counts}


def make_server(out: str | os.PathLike | None = None, *, port: int = 8000):
    """An HTTP server for the built site in ``out``, bound to 127.0.0.1 only (``port=0``: a
    free port; read it from ``server.server_address``)."""
    import functools
    import http.server
    out = Path(out) if out is not None else default_out()
    if not (out / "index.html").exists():
        raise AdaproofInputError(f"no built site in {str(out)!r}: run `adaproof docs build"
                                 f" --out {out}` first")
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise AdaproofInputError(f"port must be an integer in [0, 65535], got {port!r}")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # no line per request
            pass

    handler = functools.partial(Quiet, directory=str(out))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def serve(out: str | os.PathLike | None = None, *, port: int = 8000) -> None:
    """Serve a built site from ``out`` on http://127.0.0.1:PORT (loopback only) until
    interrupted."""
    with make_server(out, port=port) as httpd:
        host, real_port = httpd.server_address[:2]
        print(f"serving {out or default_out()} on http://{host}:{real_port}/ (Ctrl-C stops)",
              flush=True)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


# -- the `adaproof docs` subcommand ---------------------------------------------------------------
def add_parser(sub) -> None:
    """Add ``docs build`` / ``docs serve`` to the CLI's subparsers."""
    pd = sub.add_parser("docs", help="build or serve the documentation site")
    dsub = pd.add_subparsers(dest="docs_cmd", required=True)
    b = dsub.add_parser("build", help="build the static site (never runs an attack)")
    b.add_argument("--out", default=None, help="output folder (default ./site)")
    b.add_argument("--results", default=None,
                   help="folder of last check results (default $ADAPROOF_RESULTS_DIR or "
                        ".adaproof/results)")
    b.add_argument("--strict", action="store_true", help="a warning fails the build")
    b.add_argument("--only", nargs="+", default=None, metavar="ID",
                   help="only these statements / calculators / comparisons")
    b.add_argument("--paper", default=None, help="only this paper's pages")
    b.add_argument("--module", action="append", default=[], metavar="PKG.MOD",
                   help="import this module first: the statements it registers get pages "
                        "(repeatable; also [tool.adaproof] modules and entry points)")
    b.add_argument("--json", action="store_true")
    s = dsub.add_parser("serve", help="serve the built site on 127.0.0.1")
    s.add_argument("--out", default=None, help="the built site (default ./site)")
    s.add_argument("--port", type=int, default=8000)


def run(args) -> int:
    if args.docs_cmd == "build":
        from .. import registry
        if hasattr(registry, "load_user_statements"):  # users' statements join the site
            registry.load_user_statements(args.module)
        elif args.module:
            registry.load_modules(args.module)
        r = build(args.out, results=args.results, strict=args.strict, only=args.only,
                  paper=args.paper, quiet=args.json)
        if args.json:
            print(json.dumps(r, indent=2))
        else:
            c = r["counts"]
            print(f"built {r['pages']} pages into {r['out']} in {r['time_s']} s: "
                  f"{c.get('statements', 0)} statement, {c.get('bounds', 0)} rate, "
                  f"{c.get('comparisons', 0)} comparison, {c.get('papers', 0)} paper pages; "
                  f"{c.get('figures', 0)} figures")
        return 0
    serve(args.out, port=args.port)
    return 0
