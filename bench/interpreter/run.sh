#!/usr/bin/env bash
# Interpreter throughput on a resnet-ish model: 1 vs 2 threads, oneDNN vs
# reference kernels; peak memory from /usr/bin/time -v. Not a test.
#
#   bench/interpreter/run.sh BUILD_DIR [RUNS]
#
# When onnxruntime-node is installed (setup.sh puts it in .deps/npm), the
# same network exported to ONNX is timed in ONNX Runtime too, and the largest
# difference between the two outputs is printed.
#
# Per-inference time is `nndct run --stats` over RUNS runs (model parsing and
# constant loading excluded); peak RSS covers the whole process.
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR [RUNS]}
runs=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/make_resnet.py" "$work" --size 224 --width 32 >/dev/null
nndct="$build/bin/nndct"

measure() { # args: runs, extra flags... -> "ms peak_activation_MiB peak_rss_KiB"
  local runs=$1; shift
  /usr/bin/time -f "%M" -o "$work/time" "$nndct" run "$work/resnet.mlir" \
    --input "$work/input.npy" -o "$work/out" --repeat "$runs" --stats "$@" 2>"$work/stats"
  sed -E 's/.* ([0-9.]+) ms per run, peak activation memory ([0-9.]+) MiB/\1 \2/' "$work/stats" |
    tr '\n' ' '
  cat "$work/time"
}

printf '%-12s %-8s %10s %10s %16s %14s\n' kernels threads "ms/infer" "infer/s" "peak act. MiB" "peak RSS MiB"
for kernels in onednn reference; do
  flags=()
  n=$runs
  if [ "$kernels" = reference ]; then flags=(--reference-kernels); n=$(( runs > 2 ? 2 : runs )); fi
  for threads in 1 2; do
    read -r ms act rss < <(measure "$n" --threads "$threads" "${flags[@]}")
    awk -v ms="$ms" -v act="$act" -v k="$kernels" -v th="$threads" -v rss="$rss" \
      'BEGIN { printf "%-12s %-8s %10.1f %10.2f %16.2f %14.1f\n", k, th, ms, 1000 / ms, act, rss / 1024 }'
  done
done

ort_modules=${NNDCT_NODE_MODULES:-$here/../../.deps/npm/node_modules}
if command -v node >/dev/null && [ -d "$ort_modules/onnxruntime-node" ]; then
  for threads in 1 2; do
    ms=$(NODE_PATH="$ort_modules" node "$here/ort_bench.js" "$work/resnet.onnx" \
         "$work/input.npy" "$threads" "$runs" "$work/ort.f32")
    awk -v ms="$ms" -v th="$threads" \
      'BEGIN { printf "%-12s %-8s %10.1f %10.2f %16s %14s\n", "onnxruntime", th, ms, 1000 / ms, "-", "-" }'
  done
  "$nndct" run "$work/resnet.mlir" --input "$work/input.npy" -o "$work/out"
  /usr/bin/python3 -c "import numpy as np, sys; a = np.load(sys.argv[1]).ravel(); b = np.fromfile(sys.argv[2], np.float32); print(f'max |nndct - onnxruntime| = {np.abs(a - b).max():.3g}')" \
    "$work/out/output_0.npy" "$work/ort.f32"
fi
