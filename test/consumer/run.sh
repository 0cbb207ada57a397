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
