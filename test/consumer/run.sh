#!/usr/bin/env bash
# Installs the nndct build into a scratch prefix, builds test/consumer against
# it with find_package(NNDCT), runs it and checks the pipeline did its work.
set -euo pipefail
build=$1 src=$(cd "$(dirname "$0")" && pwd)
work=$build/test/consumer-work
rm -rf "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
# The consumer uses nndct's compiler: a sanitized nndct needs clang's runtimes.
cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
cmake -G Ninja -S "$src" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  ${cxx:+-DCMAKE_CXX_COMPILER="$cxx"} \
  -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/consumer" > "$work/out.mlir"
grep -q "nndct.conv2d" "$work/out.mlir"
grep -q "nndct.region" "$work/out.mlir"
grep -q "nndct.fix" "$work/out.mlir"
if grep -q "nndct.batch_norm" "$work/out.mlir"; then
  echo "consumer: batch_norm was not folded" >&2
  exit 1
fi
echo "consumer: built against the installed package, folded the batch norm and inserted fixes"

# The C host: its fix points must be those nndct-opt computes on the IR it
# built (printed before quantizing), and the C API must report them.
"$work/build/consumer_c" "$work/calib.npy" "$work/c_out.mlir" "$work/c_before.mlir" \
  > "$work/c.txt" 2> "$work/c.err"
grep -q "regions phase: 3 fixes" "$work/c.txt"
grep -q "cannot parse the pass pipeline 'builtin.module(nope)'" "$work/c.err"
grep -q "fixes with a fix point: 3 of 3" "$work/c.txt"
grep -q "fix weight fc.weight bits 8 fp" "$work/c.txt"
grep -q '"graph_md5"' "$work/c.txt"
grep -q "cannot parse the options 'method=nonsense'" "$work/c.err"
"$build/bin/nndct-opt" "$work/c_before.mlir" \
  --nndct-ptq-pipeline="data=$work/calib.npy" > "$work/opt_out.mlir"
fixes() { grep -o "kind <[a-z]*> round <[a-z_]*> bits [0-9]* fp -\?[0-9]*" "$1"; }
if ! diff <(fixes "$work/c_out.mlir") <(fixes "$work/opt_out.mlir") >&2; then
  echo "consumer_c: the C API's fix points differ from nndct-opt's" >&2
  exit 1
fi
[ "$(fixes "$work/c_out.mlir" | wc -l)" = 3 ]
echo "consumer_c: built IR in C, quantized it through the C API; the fix points match nndct-opt's"

# The installed Python package (when this build has one) imports and runs
# from the prefix with Debian's python3.
pkg="$work/prefix/lib/python3/dist-packages"
if [ -d "$pkg/nndct" ]; then
  PYTHONPATH="$pkg" /usr/bin/python3 - "$work" <<'PY'
import os, sys
import numpy as np
import nndct
work = sys.argv[1]
r = nndct.quantize(os.path.join(work, "c_before.mlir"), np.load(os.path.join(work, "calib.npy")),
                   os.path.join(work, "py_result"))
assert any(f["fix_point"] is not None for f in r.fixes), r.fixes
assert os.path.exists(r.paths["quant_info.json"])
print(f"python: the installed nndct package quantized the C host's IR ({len(r.fixes)} fixes)")
PY
fi
