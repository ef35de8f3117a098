"""Count bad inputs tried / clear errors / tracebacks over the CLI and the Python API.

    PYTHONPATH=. python tools/fuzz_count.py [--show accepted,vague,traceback]

Runs every case of the catalogue in ``tests/fuzz/harness.py`` (each a distinct, definitely bad
argv or keyword argument set) and classifies the outcome:

* clear: exit status 2 (CLI) or AdaproofInputError (API) with a message naming the parameter;
* vague: the right kind of error, but the message does not name the parameter;
* accepted: the bad input was taken (exit 0/1, or a return value);
* traceback: any other exception escaped.

Prints the three figures the issue asks for (tried / clear errors / tracebacks) and the others.
No search runs: a ``check`` argv that passed validation would hit a sentinel (a traceback).
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _harness():
    spec = importlib.util.spec_from_file_location("fuzz_harness", ROOT / "tests/fuzz/harness.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_harness"] = mod
    spec.loader.exec_module(mod)
    return mod


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", default="accepted,vague,traceback",
                    help="outcomes to list case by case (comma-separated)")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="adaproof-fuzz-")
    os.environ["ADAPROOF_STORE"] = os.path.join(tmp, "store")
    os.environ["ADAPROOF_RESULTS_DIR"] = os.path.join(tmp, "results")
    h = _harness()
    cases = [("cli", c) for c in h.cli_cases()] + [("api", c) for c in h.api_cases()]
    show = set(args.show.split(","))
    tally: Counter = Counter()
    for kind, case in cases:
        outcome, detail = (h.run_cli_case if kind == "cli" else h.run_api_case)(case)
        tally[outcome] += 1
        tally[f"{kind}:{outcome}"] += 1
        if outcome in show:
            print(f"[{outcome}] {kind}: {case.label}\n    {detail[:300]}")
    n = len(cases)
    print(f"\nbad inputs tried: {n}  (CLI {sum(k == 'cli' for k, _ in cases)}, "
          f"API {sum(k == 'api' for k, _ in cases)})")
    print(f"clear errors:     {tally['clear']}")
    print(f"tracebacks:       {tally['traceback']}")
    print(f"(vague errors: {tally['vague']}, accepted: {tally['accepted']})")
    return 0 if tally["traceback"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
