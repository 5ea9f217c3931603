#!/usr/bin/env bash
# Installs everything EdgePose needs from Debian 12 (bookworm) / Ubuntu packages: compiler, CMake,
# Ninja, the libraries, GoogleTest, Google Benchmark and Node.js + npm (for model fetching and the
# LiteRT oracle). Idempotent: when every package is installed it returns without touching apt.
# Runs apt through sudo when not root; fails with the list of missing packages when it cannot.
#
#   bash scripts/install_deps.sh
set -euo pipefail

log() { echo "install_deps: $*" >&2; }
die() { log "error: $*"; exit 1; }

packages=(
  build-essential cmake ninja-build ccache git pkg-config ca-certificates
  flatbuffers-compiler libflatbuffers-dev libexpected-dev nlohmann-json3-dev libcli11-dev
  libopencv-dev opencv-doc xvfb
  libxnnpack-dev libpthreadpool-dev libcpuinfo-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)
# opencv-doc ships OpenCV's sample images and test data, used by the pose examples and tests;
# xvfb gives the `edgepose pose --show` test a virtual display.

# Node.js: any node >= 18 with npm on PATH will do (Debian 12's nodejs 18 + npm 9 works, and so does
# a NodeSource nodejs, which bundles npm and conflicts with Debian's npm package).
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if command -v node >/dev/null && command -v npm >/dev/null && [[ $(node_major) -ge 18 ]]; then
  :
else
  packages+=(nodejs npm)
fi

missing=()
while read -r name status; do
  [[ "${status}" == "installed" ]] || missing+=("${name}")
done < <(for p in "${packages[@]}"; do
  printf '%s %s\n' "${p}" "$(dpkg-query -W -f='${db:Status-Status}' "${p}" 2>/dev/null || echo absent)"
done)

if [[ ${#missing[@]} -eq 0 ]]; then
  log "all ${#packages[@]} packages already installed (node $(node --version), npm $(npm --version))"
  exit 0
fi
log "missing: ${missing[*]}"

if [[ ${EUID} -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
elif command -v sudo >/dev/null && [[ -t 0 ]]; then
  as_root=(sudo)  # interactive: sudo may ask for a password
else
  die "not root and no usable sudo; as root run: apt-get update && apt-get install -y ${missing[*]}"
fi

export DEBIAN_FRONTEND=noninteractive
log "apt-get update"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || die "apt-get update failed"
log "apt-get install ${#missing[@]} packages (this takes a few minutes on a fresh machine)"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  "${missing[@]}" >&2 || die "apt-get install failed"

command -v node >/dev/null && command -v npm >/dev/null || die "node/npm still missing after install"
[[ $(node_major) -ge 18 ]] || die "node $(node --version) is too old; EdgePose's scripts need node >= 18"
log "done (node $(node --version), npm $(npm --version))"
