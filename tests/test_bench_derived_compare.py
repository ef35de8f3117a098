"""benchmarks/bench_derived.py --compare: the derived-vs-hand summary from two folders of result
files (how the whole registry is measured in pieces)."""
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_derived", ROOT / "benchmarks" / "bench_derived.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _write(folder: Path, key: str, status: str, ratio, expected="holds", variant="printed"):
    folder.mkdir(exist_ok=True)
    name = key.replace("/", "__").replace("@", "--") + ".json"
    (folder / name).write_text(json.dumps({"key": key, "status": status, "best_ratio": ratio,
                                           "expected": expected, "variant": variant,
                                           "error": None}))


def test_compare_counts_verdicts_ratios_and_printed_violations(tmp_path):
    hand, der = tmp_path / "hand", tmp_path / "der"
    _write(hand, "p/a", "holds", 0.9)
    _write(der, "p/a", "holds", 0.8995)          # within 1e-3
    _write(hand, "p/b", "holds", 0.9)
    _write(der, "p/b", "holds", 0.5)             # far below
    _write(hand, "p/c", "violated", 3.0, expected="violated")
    _write(der, "p/c", "holds", 0.2, expected="violated")   # a printed violation missed
    _write(hand, "p/d", "violated", 2.0, expected="violated")
    _write(der, "p/d", "violated", 5.0, expected="violated")
    _write(der, "p/only-derived", "holds", 1.0)  # no hand result: not counted
    c = _bench().compare_results(str(hand), str(der))
    assert len(c["rows"]) == 4
    assert c["same"] == 3
    assert (c["close"], c["holds"]) == (1, 2)
    assert (c["found"], c["printed_violated"]) == (1, 2)
    assert sorted(r["key"] for r in c["misses"]) == ["p/b", "p/c"]
