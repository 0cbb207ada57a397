#!/usr/bin/env bash
# The cost of observing: calibration throughput and peak memory against
# plain float inference through the same interpreter. Not a test: numbers
# depend on the machine.
#
#   bench/calibration/run.sh BUILD_DIR [IMAGES] [THREADS]
#
# Model: bench/interpreter/make_resnet.py at 224x224, width 64 (ResNet-18's
# shape and size: 11.2 M parameters, 1.8 GMAC, batch 1). IMAGES (default
# 200) seeded random images. The model gets its quant groups and fixes
# (partition + insert-fix) once; then
#
# - float inference: `nndct run --repeat --stats` steady state (first run
#   excluded);
# - calibration (diffs, maxmin): `nndct-opt --nndct-calibrate`, timed on 10
#   and on IMAGES images, images/s = (IMAGES - 10) / (t_IMAGES - t_10), so
#   parsing, constant loading and printing cancel out;
# - integer inference: `nndct run --mode integer` on the PTQ result (plain
#   int64 loops, no oneDNN: the bit-exact reference, not a fast path).
#
# Peak RSS is the whole process (/usr/bin/time %M), constants included.
# "x float" is the time per image relative to float inference.
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR [IMAGES] [THREADS]}
images=${2:-200}
threads=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
opt="$build/bin/nndct-opt"
nndct="$build/bin/nndct"

/usr/bin/python3 "$root/bench/interpreter/make_resnet.py" "$work" --size 224 --width 64 >/dev/null
/usr/bin/python3 - "$work" "$images" <<'PY'
import sys, numpy as np
r = np.random.default_rng(5)
n = int(sys.argv[2])
data = r.standard_normal((n, 3, 224, 224), dtype=np.float32)
np.save(sys.argv[1] + "/data.npy", data)
np.save(sys.argv[1] + "/small.npy", data[:10])
PY
"$opt" "$work/resnet.mlir" --nndct-canonicalize --nndct-partition-quant-regions \
  --nndct-insert-fix -o "$work/fixes.mlir"

# timed CMD... -> "seconds peak_rss_KiB"
timed() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" ||
    { cat "$work/err" >&2; exit 1; }
  cat "$work/time"
}
# run_ms MODEL REPEAT FLAGS... -> "total_run_ms peak_rss_KiB" (nndct run --stats:
# the runs only, no import or constant loading)
run_ms() {
  local model=$1 n=$2; shift 2
  /usr/bin/time -f "%M" -o "$work/time" "$nndct" run "$model" --input "$work/input.npy" \
    -o "$work/out" --repeat "$n" --stats --threads "$threads" "$@" 2>"$work/err" ||
    { cat "$work/err" >&2; exit 1; }
  local ms
  ms=$(sed -nE 's/.* ([0-9.]+) ms per run.*/\1/p' "$work/err")
  echo "$(/usr/bin/python3 -c "print($ms * $n)") $(cat "$work/time")"
}

printf "%-22s %10s %10s %14s\n" "mode ($threads thread)" "images/s" "x float" "peak RSS MiB"
# Float: steady state (first run, with its one-time weight reorders, excluded).
read -r t1 m1 < <(run_ms "$work/fixes.mlir" 1)
read -r t2 m2 < <(run_ms "$work/fixes.mlir" 11)
float_ips=$(/usr/bin/python3 -c "print(10000 / max($t2 - $t1, 1e-9))")
printf "%-22s %10.2f %10.2f %14.0f\n" "float inference" "$float_ips" 1 "$((m2 / 1024))"

for method in diffs maxmin; do
  read -r ts ms < <(timed "$opt" "$work/fixes.mlir" \
    --nndct-calibrate="data=$work/small.npy method=$method threads=$threads" -o /dev/null)
  read -r tl ml < <(timed "$opt" "$work/fixes.mlir" \
    --nndct-calibrate="data=$work/data.npy method=$method threads=$threads" -o /dev/null)
  ips=$(/usr/bin/python3 -c "print(($images - 10) / max($tl - $ts, 1e-9))")
  rel=$(/usr/bin/python3 -c "print($float_ips / $ips)")
  printf "%-22s %10.2f %10.2f %14.0f\n" "calibrate $method" "$ips" "$rel" "$((ml / 1024))"
done

# Integer mode on the quantized model (fix points from the 10 images; the
# 7x7 global pool emulated so fake-quant computes what the device does).
"$opt" "$work/resnet.mlir" --nndct-canonicalize --nndct-emulate-npu-numerics \
  --nndct-partition-quant-regions --nndct-insert-fix \
  --nndct-calibrate="data=$work/small.npy threads=$threads" \
  --nndct-assign-fix-points -o "$work/q.mlir"
read -r t1 m1 < <(run_ms "$work/q.mlir" 1 --mode integer)
read -r t2 m2 < <(run_ms "$work/q.mlir" 2 --mode integer)
ips=$(/usr/bin/python3 -c "print(1000 / max($t2 - $t1, 1e-9))")
rel=$(/usr/bin/python3 -c "print($float_ips / $ips)")
printf "%-22s %10.2f %10.2f %14.0f\n" "integer inference" "$ips" "$rel" "$((m2 / 1024))"

# How far integer and fake-quant results are apart on this model: float32
# accumulation in fake-quant rounds sums beyond 2^24, integer is exact.
"$nndct" run "$work/q.mlir" --input "$work/input.npy" -o "$work/int" --mode integer \
  --threads "$threads" >/dev/null
"$nndct" run "$work/q.mlir" --input "$work/input.npy" -o "$work/fq" --mode fake-quant \
  --threads "$threads" >/dev/null
/usr/bin/python3 - "$work" <<'PY'
import sys, numpy as np
a = np.load(sys.argv[1] + "/int/output_0.npy").astype(np.float64)
b = np.load(sys.argv[1] + "/fq/output_0.npy").astype(np.float64)
d = np.abs(a - b)
print("integer vs fake-quant: %d of %d outputs differ, largest difference %g"
      % (int((d > 0).sum()), a.size, d.max()))
PY
