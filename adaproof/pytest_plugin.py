"""Proof regression under pytest.

``pytest --adaproof [--adaproof-budget B] [--adaproof-seed N] [--adaproof-paper P]`` adds one
test item per registered statement (its key is the test id) that runs :func:`adaproof.checker.check`
and fails when the status differs from the one the registry expects: a statement that held is now
violated, a violation as printed no longer reproduces, or the check errs.  Statements a user
registers from a ``conftest.py`` (``adaproof.lemmas.register(...)``) are collected the same way.
Registered through the ``pytest11`` entry point ``adaproof``.
"""
from __future__ import annotations

import json

import pytest


def pytest_addoption(parser):
    group = parser.getgroup("adaproof")
    group.addoption("--adaproof", action="store_true",
                    help="collect one test per registered adaproof statement")
    group.addoption("--adaproof-budget", default="smoke",
                    help="budget per statement: seconds, or smoke | default | deep")
    group.addoption("--adaproof-examples", type=int, default=None,
                    help="budget per statement in evaluated examples (reproducible whatever the "
                         "load); overrides --adaproof-budget's seconds")
    group.addoption("--adaproof-seed", type=int, default=0)
    group.addoption("--adaproof-paper", default=None, help="only this paper's statements")
    group.addoption("--adaproof-fresh", action="store_true", help="ignore the counterexample store")


class StatementFailure(Exception):
    """A statement's checked status differs from the registry's expectation."""


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
                  examples=cfg.getoption("adaproof_examples"),
                  seed=cfg.getoption("adaproof_seed"), fresh=cfg.getoption("adaproof_fresh"))
        self.user_properties.append(("adaproof_result", json.dumps(r.to_json())))
        if r.unexpected:
            raise StatementFailure(r)

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, StatementFailure):
            r = excinfo.value.args[0]
            lines = [f"{r.key}: expected {r.expected}, got {r.status} "
                     f"(best ratio {r.best_ratio}, {r.examples} examples, seed {r.seed})"]
            if r.counterexample:
                ce = r.counterexample
                lines.append(f"counterexample: lhs={ce['lhs']} rhs={ce['rhs']} at {ce['index']}"
                             f" sizes {ce['sizes']}")
            if r.error:
                lines.append(f"error: {r.error}")
            return "\n".join(lines)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"adaproof statement {self.key}"


def pytest_configure(config):
    config.addinivalue_line("markers", "adaproof: an adaproof statement check")


def pytest_collection_modifyitems(session, config, items):
    if not config.getoption("adaproof"):
        return
    from .registry import statements
    for s in statements(paper=config.getoption("adaproof_paper")):
        items.append(StatementItem.from_parent(session, name=s.key, key=s.key))
