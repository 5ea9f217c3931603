#!/usr/bin/env bash
# Installs Google's LiteRT for the web (npm @litertjs/core, pinned by tools/litert/package-lock.json)
# into tools/litert/node_modules. tools/litert/run_model.mjs runs .tflite models with it: the
# reference EdgePose's tests compare against, and the benchmark baseline. Idempotent.
#
#   bash scripts/setup_litert.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${repo}/tools/litert"

log() { echo "setup_litert: $*" >&2; }
die() { log "error: $*"; exit 1; }

installed_version() {
  node -p "require('${dir}/node_modules/$1/package.json').version" 2>/dev/null || true
}
wanted_version() {
  node -p "require('${dir}/package-lock.json').packages['node_modules/$1'].version"
}

command -v node >/dev/null || die "node not found; run scripts/install_deps.sh"
command -v npm >/dev/null || die "npm not found; run scripts/install_deps.sh"

up_to_date=1
for package in @litertjs/core @litertjs/wasm-utils; do
  [[ "$(installed_version "${package}")" == "$(wanted_version "${package}")" ]] || up_to_date=0
done
[[ -f "${dir}/node_modules/@litertjs/core/wasm/litert_wasm_compat_internal.wasm" ]] || up_to_date=0

if [[ ${up_to_date} -eq 1 ]]; then
  log "@litertjs/core $(installed_version @litertjs/core) already installed in ${dir}/node_modules"
  exit 0
fi
log "npm ci in ${dir}"
(cd "${dir}" && npm ci --no-audit --no-fund --no-update-notifier --loglevel=error >&2) ||
  die "npm ci failed (is the npm registry reachable?)"
log "installed @litertjs/core $(installed_version @litertjs/core)"
