#!/usr/bin/env bash
# Checks (default) or applies (--fix) clang-format on every C++ source of the
# repository, with the pinned clang-format-22 and the root .clang-format.
#   tools/scripts/check-format.sh [--fix] [REPO]
set -euo pipefail
fix=0
if [ "${1:-}" = "--fix" ]; then fix=1; shift; fi
repo=$(cd "${1:-$(dirname "$0")/../..}" && pwd)
format=${CLANG_FORMAT:-clang-format-22}
command -v "$format" >/dev/null || { echo "error: $format not found (./setup.sh deps installs it)" >&2; exit 1; }
mapfile -d '' files < <(cd "$repo" && find ir passes frontends backends tools test bench examples \
  \( -name '*.cpp' -o -name '*.h' \) -not -path '*/Inputs/*' -print0 | sort -z)
cd "$repo"
if [ "$fix" -eq 1 ]; then
  "$format" -i "${files[@]}"
  exit 0
fi
if ! "$format" --dry-run --Werror "${files[@]}" 2>/tmp/nndct-format.$$; then
  grep -E '^[^ ]+:[0-9]+:[0-9]+: error' /tmp/nndct-format.$$ | cut -d: -f1 | sort -u | sed 's/^/not formatted: /'
  rm -f /tmp/nndct-format.$$
  echo "run: tools/scripts/check-format.sh --fix" >&2
  exit 1
fi
rm -f /tmp/nndct-format.$$
echo "clang-format: ${#files[@]} files clean"
