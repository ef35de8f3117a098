"""The fuzz suite's shared catalogue (``harness.py``) under an importable name, and bounded
Hypothesis settings: example counts, never wall-clock deadlines."""
import importlib.util
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

_spec = importlib.util.spec_from_file_location("adaproof_fuzz_harness",
                                               Path(__file__).with_name("harness.py"))
_mod = importlib.util.module_from_spec(_spec)
sys.modules["adaproof_fuzz_harness"] = _mod
_spec.loader.exec_module(_mod)

settings.register_profile(
    "adaproof-fuzz", deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                           HealthCheck.data_too_large])
