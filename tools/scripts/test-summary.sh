#!/usr/bin/env bash
# Prints the counts of a test run: lit tests (from lit's summary), the other
# ctest entries (gtest cases, the consumer project), and the wall time.
lit_log=$1 ctest_log=$2 seconds=${3:-0}
count() { local n; n=$(grep -E "^\s*$1\s*:" "$lit_log" | awk '{print $2}' | tail -1); echo "${n:-0}"; }
ctest_line=$(grep -E 'tests passed, [0-9]+ tests failed out of' "$ctest_log" | tail -1)
total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$ctest_line")
failed=$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$ctest_line")
echo
echo "================ nndct test summary ================"
printf '  lit tests   : %s passed, %s failed, %s unsupported\n' \
  "$(count Passed)" "$(count Failed)" "$(count Unsupported)"
printf '  gtest+other : %s run, %s failed\n' "${total:-0}" "${failed:-0}"
printf '  wall time   : %ss\n' "$seconds"
echo "===================================================="
