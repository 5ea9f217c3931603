#!/usr/bin/env bash
# THE test command (CI runs it through .ci/run): installs what is missing, fetches the pinned models
# and Google's LiteRT (the oracle), builds Release and runs every test, then builds with
# AddressSanitizer + UndefinedBehaviorSanitizer and runs the tests again (without those labelled
# `slow`; EDGEPOSE_SANITIZER_BUILD=1 lets heavy tests skip). Non-zero exit on any failure.
#
#   bash scripts/test.sh            full run
#   bash scripts/test.sh --no-asan  Release only (quicker local check)
set -euo pipefail
set -E  # the ERR trap also fires inside functions

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo}"

run_asan=1
for arg in "$@"; do
  case "${arg}" in
    --no-asan) run_asan=0 ;;
    *) echo "usage: bash scripts/test.sh [--no-asan]" >&2; exit 2 ;;
  esac
done

jobs="${EDGEPOSE_JOBS:-$(nproc)}"
build="${EDGEPOSE_BUILD_DIR:-build}"  # the sanitizer build goes to ${build}-asan
asan_build="${build}-asan"
start_seconds=${SECONDS}
current_step="start"
step() {
  current_step="$*"
  echo "" >&2
  echo "==== test.sh: $* ====" >&2
}
trap 'echo "test.sh: FAILED during: ${current_step} (after $((SECONDS - start_seconds)) s)" >&2' ERR

# Prints "<passed>/<total>" from a ctest log ("100% tests passed, 0 tests failed out of 57").
ctest_counts() {
  sed -n 's/.*tests passed, \([0-9]*\) tests\{0,1\} failed out of \([0-9]*\).*/\1 \2/p' "$1" | tail -1 |
    awk '{ printf "%d/%d", $2 - $1, $2 }'
}

step "install dependencies"
bash scripts/install_deps.sh

step "fetch models"
bash scripts/fetch_models.sh

step "set up the LiteRT oracle"
bash scripts/setup_litert.sh

step "configure + build Release (${build}/)"
cmake -S . -B "${build}" -G Ninja -DCMAKE_BUILD_TYPE=Release -DEDGEPOSE_BUILD_TESTS=ON >&2
cmake --build "${build}" -j "${jobs}"

step "ctest Release"
ctest --test-dir "${build}" --output-on-failure -j2 2>&1 | tee "${build}/ctest.log"
release_counts="$(ctest_counts "${build}/ctest.log")"

asan_counts="skipped"
if [[ ${run_asan} -eq 1 ]]; then
  step "configure + build with sanitizers (${asan_build}/)"
  cmake -S . -B "${asan_build}" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEDGEPOSE_SANITIZE=ON \
    -DEDGEPOSE_BUILD_TESTS=ON >&2
  cmake --build "${asan_build}" -j "${jobs}"

  step "ctest with sanitizers (excluding label 'slow')"
  export EDGEPOSE_SANITIZER_BUILD=1
  export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
  export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=${repo}/tools/sanitizers/lsan.supp:print_suppressions=0}"
  ctest --test-dir "${asan_build}" --output-on-failure -j2 -LE slow 2>&1 | tee "${asan_build}/ctest.log"
  asan_counts="$(ctest_counts "${asan_build}/ctest.log")"
fi

trap - ERR
echo "" >&2
echo "test.sh: PASSED — Release ${release_counts} tests, sanitizers ${asan_counts} tests," \
  "$((SECONDS - start_seconds)) s"
