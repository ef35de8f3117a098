#!/usr/bin/env bash
# GPU check in one go, for a session that has a CUDA device: the CUDA tests (Triton fused
# kernels against the torch CUDA reference; all skipped without a device) and the GPU section of
# the recurrence benchmark (Triton fused Adam element-steps/s against the card's bandwidth bound).
#
#   bash benchmarks/gpu_check.sh            # from the repository root; PYTHON=... to pick python
#
# Exit status: non-zero when a CUDA test fails, or when no CUDA device is visible (so a GPU session
# cannot mistake "all skipped" for "passed").
set -u
cd "$(dirname "$0")/.."
PY=${PYTHON:-python}
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
"$PY" - <<'PYEOF' || exit 3
import torch, sys
print("torch", torch.__version__, "cuda", torch.version.cuda, "device:",
      torch.cuda.get_device_name() if torch.cuda.is_available() else None)
try:
    import triton
    print("triton", triton.__version__)
except ImportError:
    print("triton: not installed (the fused CUDA backend needs it)")
sys.exit(0 if torch.cuda.is_available() else 1)
PYEOF
status=0
# -W error::RuntimeWarning: a Triton kernel that fails to build must fail here, not fall back
"$PY" -m pytest -q -rs -W error::RuntimeWarning tests/algorithms -k "cuda or triton" \
    || status=$?
"$PY" benchmarks/bench_recurrences.py --gpu-only --rounds "${ROUNDS:-5}" || status=$?
exit $status
