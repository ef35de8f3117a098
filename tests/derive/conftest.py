"""tests/derive fixtures (``@pytest.mark.slow`` tests are deselected by the project's addopts;
run them with ``-m slow``)."""
import pytest


@pytest.fixture(autouse=True)
def _restore_registry():
    """Statements registered by a test (the outside lemmas) leave the registry afterwards."""
    from adaproof import registry
    registry._load()
    saved = dict(registry._REGISTRY)
    yield
    registry._REGISTRY.clear()
    registry._REGISTRY.update(saved)
