"""Proof regression under pytest.

``pytest --adaproof`` adds one test item per *user* statement — registered from a ``conftest.py``
(``adaproof.lemmas.register(...)``), from the modules of ``[tool.adaproof] modules`` in the
project's ``pyproject.toml``, from ``--adaproof-module PKG.MOD`` or from an installed package's
``adaproof.statements`` entry point — that runs :func:`adaproof.checker.check` and fails when the
status differs from the one the statement expects: a statement that held is now violated, a
violation as printed no longer reproduces, or the check errs.  adaproof's own five papers run
only when asked: ``--adaproof-paper P`` (any registered paper, built-in or not, repeatable: then
only those papers' statements) and ``--adaproof-builtin`` (all five).  ``--collect-only`` lists
exactly what will run.  The terminal summary gets an "adaproof statements" section with each
statement's result; ``--adaproof-json PATH`` writes them all as JSON.

Seeds: statement ``key`` runs with ``seed_for(run_seed, key)`` (:func:`adaproof.parallel.seed_for`,
a sha256 of the run's seed and the key), so its result depends on the run's seed and the
statement alone.  Under pytest-xdist (``pytest -n 2 --adaproof``) statements are distributed to
the workers and each result is the one the serial run gives; results are merged in the
controller through the test reports, and counterexamples land in the one store (atomic writes).
Registered through the ``pytest11`` entry point ``adaproof``.
"""
from __future__ import annotations

import json

import pytest


def pytest_addoption(parser):
    group = parser.getgroup("adaproof")
    group.addoption("--adaproof", action="store_true",
                    help="collect one test per user statement (and the built-in papers asked for)")
    group.addoption("--adaproof-budget", default="smoke",
                    help="budget per statement: seconds, or smoke | default | deep")
    group.addoption("--adaproof-examples", type=int, default=None,
                    help="budget per statement in evaluated examples (reproducible whatever the "
                         "load); overrides --adaproof-budget's seconds")
    group.addoption("--adaproof-seed", type=int, default=0,
                    help="the run's seed; statement KEY runs with seed_for(seed, KEY)")
    group.addoption("--adaproof-paper", action="append", default=[], metavar="PAPER",
                    help="only this paper's statements (any registered paper, built-in or a "
                         "user's; repeatable)")
    group.addoption("--adaproof-builtin", action="store_true",
                    help="also every statement of adaproof's five built-in papers")
    group.addoption("--adaproof-module", action="append", default=[], metavar="PKG.MOD",
                    help="import this module, which registers statements (repeatable)")
    group.addoption("--adaproof-json", default=None, metavar="PATH",
                    help="write every statement's result as a JSON list to PATH")
    group.addoption("--adaproof-fresh", action="store_true", help="ignore the counterexample store")
    group.addoption("--adaproof-strict", action="store_true",
                    help="fail a statement that holds with flagged candidates left unverified")


class StatementFailure(Exception):
    """A statement's checked status differs from the registry's expectation."""


def _seed(config, key: str) -> int:
    from .parallel import seed_for
    return seed_for(config.getoption("adaproof_seed"), key)


class StatementItem(pytest.Item):
    def __init__(self, *, key: str, **kw):
        super().__init__(**kw)
        self.key = key
        self.add_marker("adaproof")

    def runtest(self):
        from .checker import check
        from .registry import get
        cfg = self.config
        r = check(get(self.key), cfg.getoption("adaproof_budget"),
                  examples=cfg.getoption("adaproof_examples"), seed=_seed(cfg, self.key),
                  fresh=cfg.getoption("adaproof_fresh"))
        self.user_properties.append(("adaproof_result", json.dumps(r.to_json())))
        if not r.passed(strict=cfg.getoption("adaproof_strict")):
            raise StatementFailure(r)

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, StatementFailure):
            r = excinfo.value.args[0]
            got = r.status + (f", {r.unverified} unverified" if r.unverified else "")
            lines = [f"{r.key}: expected {r.expected}, got {got} "
                     f"(best ratio {r.best_ratio}, {r.examples} examples, seed {r.seed})"]
            if r.counterexample:
                ce = r.counterexample
                lines.append(f"counterexample: lhs={ce['lhs']} rhs={ce['rhs']} at {ce['index']}"
                             f" sizes {ce['sizes']}")
            if r.error:
                lines.append(f"error: {r.error}")
            if getattr(r, "reason", None):
                lines.append(f"no verdict: {r.reason}")
            budget = (f"--examples {r.budget_examples}" if r.budget_examples is not None
                      else f"--budget {r.budget_s:g}")
            lines.append(f"reproduce: adaproof check {r.key} --seed {r.seed} {budget}")
            return "\n".join(lines)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"adaproof statement {self.key}"


class StatementCollector(pytest.Collector):
    """The selected statements, one :class:`StatementItem` each (node ids ``adaproof::KEY``)."""

    def __init__(self, *, keys: list[str], **kw):
        super().__init__(**kw)
        self.keys = keys

    def collect(self):
        return [StatementItem.from_parent(self, name=k, key=k) for k in self.keys]


def selected_keys(config) -> list[str]:
    """The keys ``pytest --adaproof`` runs with these options, sorted."""
    from .registry import is_builtin, statements
    papers = config.getoption("adaproof_paper")
    if papers:
        keys = {s.key for p in dict.fromkeys(papers) for s in statements(paper=p)}
    else:
        keys = {s.key for s in statements() if not is_builtin(s.key)}
    if config.getoption("adaproof_builtin"):
        keys |= {s.key for s in statements() if is_builtin(s.key)}
    return sorted(keys)


def pytest_configure(config):
    config.addinivalue_line("markers", "adaproof: an adaproof statement check")
    if not config.getoption("adaproof", default=False):
        return
    from ._validation import AdaproofInputError
    from .registry import load_user_statements
    try:
        load_user_statements(config.getoption("adaproof_module"))
    except AdaproofInputError as exc:
        raise pytest.UsageError(f"adaproof: {exc}") from None


def pytest_collection_modifyitems(session, config, items):
    if not config.getoption("adaproof"):
        return
    from ._validation import AdaproofInputError
    try:
        keys = selected_keys(config)
    except AdaproofInputError as exc:
        raise pytest.UsageError(f"adaproof: --adaproof-paper: {exc}") from None
    if keys:
        items.extend(session.genitems(
            StatementCollector.from_parent(session, name="adaproof", nodeid="adaproof",
                                          keys=keys)))


def pytest_runtest_logreport(report):
    """Gather each statement's result (in the xdist controller too: the reports carry it)."""
    if report.when != "call":
        return
    for name, value in getattr(report, "user_properties", ()):
        if name == "adaproof_result":
            _collected.append(json.loads(value))


_collected: list[dict] = []


def pytest_sessionstart(session):
    _collected.clear()


def _fmt(x) -> str:
    return "-" if x is None else f"{x:.6g}"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not config.getoption("adaproof", default=False) or not _collected:
        return
    rows = sorted(_collected, key=lambda r: r["key"])
    path = config.getoption("adaproof_json")
    if path:
        with open(path, "w") as fh:
            json.dump(rows, fh, indent=2)
    tr = terminalreporter
    tr.section("adaproof statements")
    header = ["id", "expected", "status", "best ratio", "examples", "seed", "time s", ""]
    table = [[r["key"], r["expected"], r["status"], _fmt(r["best_ratio"]), str(r["examples"]),
              str(r["seed"]), f"{r['time_s']:.1f}", "UNEXPECTED" if r["unexpected"] else "ok"]
             for r in rows]
    widths = [max(len(x[i]) for x in table + [header]) for i in range(len(header))]
    for line in [header, ["-" * w for w in widths]] + table:
        tr.write_line("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip())
    n_bad = sum(r["unexpected"] for r in rows)
    n_ce = sum(1 for r in rows if r.get("saved_to"))
    tr.write_line(f"{len(rows)} statement(s): {len(rows) - n_bad} as expected, {n_bad} "
                  f"unexpected; {n_ce} new counterexample(s) saved"
                  + (f"; results written to {path}" if path else ""))
