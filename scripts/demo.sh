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

# The pose application on Debian's OpenCV samples: an annotated video, JSON Lines and a summary for
# vtest.avi (walking people, tracking), and the same for the still image messi5.jpg.
step_pose() {
  step "pose: annotated video + JSON Lines + summary (vtest.avi, messi5.jpg)"
  skip_unless_command pose || return 0
  local samples=/usr/share/doc/opencv-doc/examples/data
  mkdir -p "${out}/pose"
  local name input output
  for name in vtest.avi messi5.jpg; do
    input="${samples}/${name}"
    if [[ ! -f "${input}" ]]; then
      log "skipping ${name}: ${input} absent (Debian package opencv-doc)"
      note "pose ${name}: skipped (opencv-doc not installed)"
      continue
    fi
    [[ "${name}" == *.avi ]] && output="${out}/pose/${name%.*}.mp4" || output="${out}/pose/${name%.*}.jpg"
    if "${edgepose}" pose --input "${input}" --output "${output}" --json "${out}/pose/${name%.*}.jsonl" \
        --summary "${out}/pose/${name%.*}.summary.json" --threads 2 2>"${out}/pose/${name%.*}.log"; then
      cat "${out}/pose/${name%.*}.log" >&2
      note "pose ${name}: ${output#"${repo}"/}, out/pose/${name%.*}.jsonl, out/pose/${name%.*}.summary.json"
    else
      cat "${out}/pose/${name%.*}.log" >&2
      fail "pose ${name}"
    fi
  done
}

# PCK of the float detector + full landmark model against data/pose-eval (when ../shared/data is there),
# next to MediaPipe Pose's own answers scored by the same code.
step_eval() {
  step "eval: PCK@0.2 of the float models on data/pose-eval"
  skip_unless_command eval || return 0
  local data="${EDGEPOSE_SHARED_DATA:-${repo}/../shared/data}/pose-eval"
  if [[ ! -f "${data}/annotations.json" ]]; then
    log "skipping: ${data}/annotations.json absent"
    note "eval: skipped (no pose-eval data)"
    return 0
  fi
  mkdir -p "${out}/eval"
  if "${edgepose}" eval --annotations "${data}/annotations.json" --json "${out}/eval/float_full.json" \
      --threads 2 | tee "${out}/eval/float_full.txt" >&2 &&
    "${edgepose}" eval --annotations "${data}/annotations.json" \
      --predictions "${data}/mediapipe_pose_full_reference.json" | tee "${out}/eval/mediapipe.txt" >&2; then
    note "eval: out/eval/float_full.{txt,json}, MediaPipe's answers scored alike: out/eval/mediapipe.txt"
  else
    fail "eval"
  fi
}

# Speed: float vs int8 (the quantizer's output, calibrated on data/pose-eval when present) of the
# detector and the full landmark model, 1 thread, side by side (vs_first = int8 speed-up) and each
# beside Google's LiteRT in the same run.
step_bench() {
  step "bench: float vs int8, 1 thread, beside LiteRT (pose_detection, pose_landmark_full)"
  skip_unless_command bench || return 0
  mkdir -p "${out}/bench"
  local data="${EDGEPOSE_SHARED_DATA:-${repo}/../shared/data}/pose-eval"
  local name range to_bench
  for name in pose_detection pose_landmark_full; do
    to_bench=("models/${name}.tflite")
    range="$(input_range "${name}" | tr ' ' ',')"
    if have_command quantize && [[ -d "${data}" ]] &&
      "${edgepose}" quantize "models/${name}.tflite" -o "${out}/bench/${name}_int8.tflite" --mode int8 \
        --calib "${data}" --input-range "${range}" --num-calib 10 >"${out}/bench/${name}_quantize.txt" 2>&1; then
      to_bench+=("${out}/bench/${name}_int8.tflite")
    else
      log "int8 ${name}: not quantized (no calibration data, or see out/bench/${name}_quantize.txt); float only"
    fi
    if "${edgepose}" bench "${to_bench[@]}" --threads 1 --runs 30 --baseline litert \
        --markdown "${out}/bench/${name}.md" --json "${out}/bench/${name}.json" | tee "${out}/bench/${name}.txt" >&2; then
      note "bench ${name}: out/bench/${name}.{txt,md,json} (float and int8 beside LiteRT)"
    else
      fail "bench ${name}"
    fi
  done
}

step_setup
step_build
mkdir -p "${out}"
step_inspect
step_invoke
step_pose
step_eval
step_bench

echo "" >&2
echo "==== demo: summary ====" >&2
for line in "${summary[@]}"; do echo "  ${line}"; done
echo "  models: ${repo}/models (custom-op notes in models/extra/README)"
if [[ ${failures} -gt 0 ]]; then
  echo "demo: ${failures} step(s) failed"
  exit 1
fi
echo "demo: done; outputs under ${out}"
