#!/usr/bin/env bash
# GPU check in one go, for a session that has a CUDA device: the CUDA tests (Triton fused
# kernels against the torch CUDA reference, the practical forms on CUDA against CPU and
# torch.optim; all skipped without a device) and the GPU section of the recurrence benchmark
# (Triton fused Adam element-steps/s against the card's memory-bandwidth bound, next to the naive
# torch loop on the same card).
#
#   bash benchmarks/gpu_check.sh            # from anywhere; PYTHON=... to pick python,
#                                           # ROUNDS=N (default 5), QUICK=1 for short shapes
#
# Exit status: 0 only when a CUDA device was seen, every selected CUDA test passed (none may be
# skipped) and the benchmark ran; 3 when no CUDA device is visible (so a GPU session cannot
# mistake "all skipped" for "passed"); otherwise the first failing step's status.
# The first Triton use compiles its kernels (tens of seconds); budget about 5 minutes in all.
set -u
cd "$(dirname "$0")/.."
PY=${PYTHON:-python}
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
"$PY" - <<'PYEOF' || exit 3
import sys
import torch
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
# to the torch path with a warning.  -rs lists skips; a skip on a CUDA machine is a failure.
log=$(mktemp)
"$PY" -m pytest -q -rs -p no:cacheprovider -W error::RuntimeWarning \
    tests/algorithms/test_fused_cuda.py tests/algorithms/test_practical_adam_rmsprop.py \
    -k "triton or cuda" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
[ "$rc" -ne 0 ] && status=$rc
if grep -q "SKIPPED" "$log"; then
    echo "gpu_check: some CUDA tests were skipped on a CUDA machine (see above)"
    [ "$status" -eq 0 ] && status=4
fi
rm -f "$log"
quick=()
[ "${QUICK:-0}" = "1" ] && quick=(--quick)
"$PY" benchmarks/bench_recurrences.py --gpu-only --rounds "${ROUNDS:-5}" "${quick[@]}" \
    || { rc=$?; [ "$status" -eq 0 ] && status=$rc; }
exit $status
