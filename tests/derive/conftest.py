"""tests/derive: ``@pytest.mark.slow`` tests run only when asked (``-m slow``)."""
import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: long-running; selected with -m slow")


def pytest_collection_modifyitems(config, items):
    if "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow")
    for item in items:
        if "slow" in item.keywords and "derive" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _restore_registry():
    """Statements registered by a test (the outside lemmas) leave the registry afterwards."""
    from adaproof import registry
    registry._load()
    saved = dict(registry._REGISTRY)
    yield
    registry._REGISTRY.clear()
    registry._REGISTRY.update(saved)
