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
# Per-inference time = (time of RUNS+1 runs - time of 1 run) / RUNS, so model
# parsing and constant loading are excluded.
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR [RUNS]}
runs=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/make_resnet.py" "$work" --size 224 --width 32 >/dev/null
nndct="$build/bin/nndct"

measure() { # args: repeat, extra flags...
  local repeat=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$nndct" run "$work/resnet.mlir" \
    --input "$work/input.npy" -o "$work/out" --repeat "$repeat" "$@"
  cat "$work/time"
}

printf '%-12s %-8s %12s %12s %14s\n' kernels threads "ms/infer" "infer/s" "peak RSS MiB"
for kernels in onednn reference; do
  flags=()
  n=$runs
  if [ "$kernels" = reference ]; then flags=(--reference-kernels); n=$(( runs > 2 ? 2 : runs )); fi
  for threads in 1 2; do
    read -r t1 _ < <(measure 1 --threads "$threads" "${flags[@]}")
    read -r tn rss < <(measure $((n + 1)) --threads "$threads" "${flags[@]}")
    awk -v a="$t1" -v b="$tn" -v n="$n" -v k="$kernels" -v th="$threads" -v rss="$rss" \
      'BEGIN { ms = (b - a) / n * 1000; printf "%-12s %-8s %12.1f %12.2f %14.1f\n", k, th, ms, 1000 / ms, rss / 1024 }'
  done
done

ort_modules=${NNDCT_NODE_MODULES:-$here/../../.deps/npm/node_modules}
if command -v node >/dev/null && [ -d "$ort_modules/onnxruntime-node" ]; then
  for threads in 1 2; do
    ms=$(NODE_PATH="$ort_modules" node "$here/ort_bench.js" "$work/resnet.onnx" \
         "$work/input.npy" "$threads" "$runs" "$work/ort.f32")
    awk -v ms="$ms" -v th="$threads" \
      'BEGIN { printf "%-12s %-8s %12.1f %12.2f %14s\n", "onnxruntime", th, ms, 1000 / ms, "-" }'
  done
  "$nndct" run "$work/resnet.mlir" --input "$work/input.npy" -o "$work/out"
  /usr/bin/python3 -c "import numpy as np, sys; a = np.load(sys.argv[1]).ravel(); b = np.fromfile(sys.argv[2], np.float32); print(f'max |nndct - onnxruntime| = {np.abs(a - b).max():.3g}')" \
    "$work/out/output_0.npy" "$work/ort.f32"
fi
