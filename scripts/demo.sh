#!/usr/bin/env bash
# THE main job: sets up, builds, and shows what EdgePose does with MediaPipe's four BlazePose models.
# Each step is a function below; a step whose `edgepose <command>` does not exist yet is skipped
# with a note. Outputs go under out/ (git-ignored); the last lines say where everything is.
#
#   bash scripts/demo.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo}"

out="${repo}/out"
build_dir="${EDGEPOSE_BUILD_DIR:-build}"
edgepose="${repo}/${build_dir}/edgepose"
models=(pose_detection pose_landmark_lite pose_landmark_full pose_landmark_heavy)
jobs="${EDGEPOSE_JOBS:-$(nproc)}"

summary=()   # one line per step, printed at the end
failures=0

log() { echo "demo: $*" >&2; }
step() {
  echo "" >&2
  echo "==== demo: $* ====" >&2
}
note() { summary+=("$*"); }
fail() {
  log "FAILED: $*"
  summary+=("FAILED: $*")
  failures=$((failures + 1))
}
# True when this build of edgepose lists the command under "Subcommands:" in its --help (commands
# are added one by one; `edgepose <unknown> --help` would still print the top-level help and succeed).
have_command() {
  "${edgepose}" --help 2>/dev/null |
    awk -v name="$1" '/^Subcommands:/ { listed = 1; next } listed && $1 == name { found = 1 } END { exit !found }'
}
skip_unless_command() {
  if have_command "$1"; then return 0; fi
  log "skipping: \`edgepose $1\` does not exist yet"
  note "$1: skipped (command not implemented yet)"
  return 1
}
# The float range each model expects (MediaPipe's preprocessing).
input_range() { [[ "$1" == pose_detection ]] && echo "-1 1" || echo "0 1"; }

step_setup() {
  step "setup: Debian packages, pinned models, LiteRT oracle"
  bash scripts/install_deps.sh
  bash scripts/fetch_models.sh
  bash scripts/setup_litert.sh
}

step_build() {
  step "build (Release, ${build_dir}/)"
  cmake -S . -B "${build_dir}" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
  cmake --build "${build_dir}" -j "${jobs}" --target edgepose_cli
  note "build: ${edgepose}"
}

step_inspect() {
  step "inspect: ops, tensors, MACs of each model"
  skip_unless_command inspect || return 0
  mkdir -p "${out}/inspect"
  for model in "${models[@]}"; do
    if "${edgepose}" inspect "models/${model}.tflite" >"${out}/inspect/${model}.txt"; then
      log "${model}: $(wc -l <"${out}/inspect/${model}.txt") lines -> out/inspect/${model}.txt"
    else
      fail "inspect ${model}"
    fi
  done
  note "inspect: out/inspect/<model>.txt"
}

# Runs each model in EdgePose on a seeded random input, then the same input in Google's LiteRT, and
# reports the largest difference per output.
step_invoke() {
  step "invoke: run each model once, compare with Google's LiteRT"
  mkdir -p "${out}/invoke" "${out}/litert"
  skip_unless_command invoke || return 0
  for model in "${models[@]}"; do
    local dir="${out}/invoke/${model}"
    local litert_dir="${out}/litert/${model}"
    rm -rf "${dir}" "${litert_dir}"
    # shellcheck disable=SC2046  # the range is two words on purpose
    if ! "${edgepose}" invoke "models/${model}.tflite" --random 1 --random-range $(input_range "${model}") \
        --output-dir "${dir}" >"${out}/invoke/${model}.txt"; then
      fail "invoke ${model}"
      continue
    fi
    log "${model}: EdgePose outputs -> out/invoke/${model}/"
    if ! node tools/litert/run_model.mjs --model "models/${model}.tflite" --input "${dir}/input_0.npy" \
        --output-dir "${litert_dir}" >"${litert_dir}.json"; then
      fail "LiteRT on ${model}"
      continue
    fi
    local i=0
    while [[ -f "${litert_dir}/output_${i}.npy" ]]; do
      log "${model} output ${i}: $(node tools/litert/compare_npy.mjs "${dir}/output_${i}.npy" \
        "${litert_dir}/output_${i}.npy" || echo 'cannot compare')"
      i=$((i + 1))
    done
  done
  note "invoke: out/invoke/<model>/{input,output}_<i>.npy; LiteRT's outputs for the same input: out/litert/<model>/"
}

step_setup
step_build
mkdir -p "${out}"
step_inspect
step_invoke

echo "" >&2
echo "==== demo: summary ====" >&2
for line in "${summary[@]}"; do echo "  ${line}"; done
echo "  models: ${repo}/models (custom-op notes in models/extra/README)"
if [[ ${failures} -gt 0 ]]; then
  echo "demo: ${failures} step(s) failed"
  exit 1
fi
echo "demo: done; outputs under ${out}"
