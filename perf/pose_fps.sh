#!/usr/bin/env bash
# Frames/s of the whole pose pipeline (decode -> models -> JSON) on every clip, for each model set
# and thread count, plus how often the detector ran. One row per run; each run is repeated
# (EDGEPOSE_FPS_REPEATS, default 3) and the median frames/s printed beside the min and max, so a
# noisy machine shows as spread rather than as a wrong number.
#
#   bash perf/pose_fps.sh [MODELSET...]
#     MODELSET = NAME:DETECTOR.tflite:LANDMARK.tflite   (default: float:models/pose_detection.tflite:
#                models/pose_landmark_full.tflite, plus int8:out/quantized/*_int8.tflite when the demo made them)
#   env: EDGEPOSE_BUILD_DIR (build), EDGEPOSE_FPS_THREADS ("1 2"), EDGEPOSE_FPS_REPEATS (3),
#        EDGEPOSE_FPS_CLIPS (default: ../shared/data/video/*.mp4 and Debian's vtest.avi)
#   columns: detector % = detector runs / frames; after pose 1 = the same over the frames after the
#   first pose; pose frames = share of the frames with a pose that needed the detector (tracking
#   carried the rest)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo}"
edgepose="${repo}/${EDGEPOSE_BUILD_DIR:-build}/edgepose"
threads_list=(${EDGEPOSE_FPS_THREADS:-1 2})
repeats="${EDGEPOSE_FPS_REPEATS:-3}"
[[ -x "${edgepose}" ]] || { echo "pose_fps: ${edgepose} not built (run scripts/demo.sh or cmake --build build)" >&2; exit 1; }
command -v node >/dev/null || { echo "pose_fps: node is needed to read the summaries" >&2; exit 1; }

model_sets=("$@")
if [[ ${#model_sets[@]} -eq 0 ]]; then
  model_sets=("float:models/pose_detection.tflite:models/pose_landmark_full.tflite")
  int8_detector="out/quantized/pose_detection_int8.tflite"
  int8_landmark="out/quantized/pose_landmark_full_int8.tflite"
  if [[ -f "${int8_detector}" && -f "${int8_landmark}" ]]; then
    model_sets+=("int8:${int8_detector}:${int8_landmark}")
  fi
fi

if [[ -n "${EDGEPOSE_FPS_CLIPS:-}" ]]; then
  read -r -a clips <<<"${EDGEPOSE_FPS_CLIPS}"
else
  clips=()
  for clip in "${repo}"/../shared/data/video/*.mp4 /usr/share/doc/opencv-doc/examples/data/vtest.avi; do
    [[ -f "${clip}" ]] && clips+=("${clip}")
  done
fi
[[ ${#clips[@]} -gt 0 ]] || { echo "pose_fps: no clips found" >&2; exit 1; }

# Prints one table row from the run summaries (edgepose pose --summary) given as arguments.
report_row='
  const fs = require("fs");
  const runs = process.argv.slice(1).map((p) => JSON.parse(fs.readFileSync(p, "utf8")));
  const fps = runs.map((r) => r.fps).sort((a, b) => a - b);
  const s = runs[0];
  const spread = `${fps[Math.floor(fps.length / 2)].toFixed(1)} (${fps[0].toFixed(1)}-${fps[fps.length - 1].toFixed(1)})`;
  console.log(`${s.input.split("/").pop().padEnd(42)} ${process.env.SET.padEnd(6)} ${process.env.THREADS.padStart(7)} ` +
              `${String(s.frames).padStart(8)} ${spread.padStart(17)} ${s.detector_percent.toFixed(1).padStart(11)} ` +
              `${s.detector_percent_after_first_pose.toFixed(1).padStart(12)} ` +
              `${s.detector_percent_of_pose_frames.toFixed(1).padStart(12)}`);
'

scratch="$(mktemp -d)"
trap 'rm -rf "${scratch}"' EXIT

echo "# pose pipeline frames/s, median of ${repeats} runs (min-max); $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-42s %-6s %7s %8s %17s %11s %12s %12s\n' clip models threads frames "fps med (min-max)" "detector %" "after pose 1" "pose frames"
for set in "${model_sets[@]}"; do
  IFS=: read -r name detector landmark <<<"${set}"
  for clip in "${clips[@]}"; do
    for threads in "${threads_list[@]}"; do
      summaries=()
      for ((r = 0; r < repeats; ++r)); do
        summary="${scratch}/${name}_${threads}_${r}.json"
        "${edgepose}" pose --input "${clip}" --detector "${detector}" --landmark "${landmark}" \
          --threads "${threads}" --json /dev/null --summary "${summary}" 2>/dev/null
        summaries+=("${summary}")
      done
      SET="${name}" THREADS="${threads}" node -e "${report_row}" "${summaries[@]}"
    done
  done
done
