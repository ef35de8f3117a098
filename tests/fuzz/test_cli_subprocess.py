"""One real process: the console entry point turns a bad seed into a usage error, not a torch
traceback (the only subprocess of the fuzz suite)."""
import os
import subprocess
import sys
from pathlib import Path


def test_huge_seed_in_a_real_process(tmp_path):
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "ADAPROOF_RESULTS_DIR": str(tmp_path / "r"),
           "ADAPROOF_STORE": str(tmp_path / "s")}
    p = subprocess.run([sys.executable, "-m", "adaproof", "check", "adam_linf/lemma-3.12",
                        "--seed", "99999999999999999999"], capture_output=True, text=True,
                       env=env, cwd=tmp_path, timeout=120)
    assert p.returncode == 2, p.stderr
    assert "Traceback" not in p.stderr
    assert "--seed" in p.stderr and "2**63 - 1" in p.stderr
    assert not (tmp_path / "r").exists()  # refused before any check ran
