"""Wall time of one paper's statements checked serially, with ``--workers``, on a local Ray
cluster, and through the pytest plugin with and without pytest-xdist — side by side in one run,
each mode a fresh subprocess (its start-up counted: that is what a user waits for), each with its
own empty store and results folder, the verdicts compared.

    python benchmarks/bench_parallel.py [--paper alphaadam] [--examples 3000] [--workers 2]

The CLI modes must agree exactly (every field but the times); the pytest modes run each
statement with ``seed_for(seed, key)`` and must agree with each other exactly.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _essentials(rows):
    out = {}
    for r in rows:
        r = dict(r)
        for k in ("time_s", "phases", "history", "saved_to"):
            r.pop(k, None)
        if r.get("counterexample"):
            r["counterexample"] = {k: v for k, v in r["counterexample"].items() if k != "stored"}
        out[r["key"]] = r
    return out


def _run(cmd, tmp: Path, tag: str, json_out: Path | None = None):
    env = dict(os.environ, ADAPROOF_STORE=str(tmp / f"store-{tag}"),
               ADAPROOF_RESULTS_DIR=str(tmp / f"results-{tag}"),
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    rows = json.loads(json_out.read_text() if json_out else proc.stdout)
    return wall, proc.returncode, rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paper", default="alphaadam")
    ap.add_argument("--examples", type=int, default=3000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip-pytest", action="store_true")
    a = ap.parse_args(argv)
    py = sys.executable
    tmp = Path(tempfile.mkdtemp(prefix="bench-parallel-"))
    cli = [py, "-m", "adaproof", "check", "--all", "--paper", a.paper, "--examples",
           str(a.examples), "--json"]
    modes = [("serial", cli), (f"--workers {a.workers}", cli + ["--workers", str(a.workers)]),
             ("--ray (local)", cli + ["--ray", "--workers", str(a.workers)])]
    results = {}
    for name, cmd in modes:
        results[name] = _run(cmd, tmp, name.split()[0].strip("-"))
    if not a.skip_pytest:
        from importlib.metadata import entry_points
        installed = any(e.name == "adaproof" for e in entry_points(group="pytest11"))
        base = [py, "-m", "pytest", *([] if installed else ["-p", "adaproof.pytest_plugin"]),
                "-p", "no:cacheprovider", "-q", "--adaproof", "--adaproof-paper", a.paper,
                "--adaproof-examples", str(a.examples)]
        for name, extra in (("pytest", []), (f"pytest -n {a.workers}", ["-n", str(a.workers)])):
            out = tmp / f"{name.replace(' ', '_')}.json"
            results[name] = _run(base + extra + ["--adaproof-json", str(out)], tmp,
                                 name.replace(" ", "_"), out)
    ref = _essentials(results["serial"][2])
    print(f"{len(ref)} statements of {a.paper}, --examples {a.examples}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
    print(f"{'mode':16s} {'wall s':>8s} {'vs serial':>9s} {'rc':>3s}  verdicts")
    pytest_ref = _essentials(results["pytest"][2]) if "pytest" in results else None
    for name, (wall, rc, rows) in results.items():
        ess = _essentials(rows)
        if name.startswith("pytest"):
            same = "identical to pytest" if ess == pytest_ref else "DIFFER from pytest"
            base_wall = results["pytest"][0]
        else:
            same = "identical to serial" if ess == ref else "DIFFER from serial"
            base_wall = results["serial"][0]
        statuses = sorted({r["status"] for r in rows})
        print(f"{name:16s} {wall:8.1f} {base_wall / wall:8.2f}x {rc:3d}  {same} "
              f"({len(rows)} results: {', '.join(statuses)})")
    one = json.dumps(results["serial"][2][0], indent=2)
    print(f"bytes per result JSON (indent=2, first statement): {len(one.encode())}; "
          f"mean over the paper: "
          f"{sum(len(json.dumps(r, indent=2).encode()) for r in results['serial'][2]) // len(ref)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
