#!/usr/bin/env bash
# Prints the test counts of a ctest run: lit tests (from lit's summary),
# gtest cases (every other ctest entry), and the wall time.
log=$1 seconds=${2:-0}
lit_passed=$(grep -E '^\s*Passed\s*:' "$log" | awk '{s+=$NF} END {print s+0}' )
lit_failed=$(grep -E '^\s*Failed\s*:' "$log" | awk '{s+=$NF} END {print s+0}')
lit_unsupported=$(grep -E '^\s*Unsupported\s*:' "$log" | awk '{s+=$NF} END {print s+0}')
ctest_line=$(grep -E 'tests passed, [0-9]+ tests failed out of' "$log" | tail -1)
total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$ctest_line")
failed=$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$ctest_line")
lit_entries=$(grep -cE 'Test +#[0-9]+: lit(-[a-z]+)? ' "$log")
echo
echo "================ nndct test summary ================"
printf '  lit tests      : %s passed, %s failed, %s unsupported\n' "${lit_passed:-0}" "${lit_failed:-0}" "${lit_unsupported:-0}"
printf '  ctest entries  : %s total (gtest cases + %s lit suite(s)), %s failed\n' "${total:-?}" "$lit_entries" "${failed:-?}"
printf '  wall time      : %ss\n' "$seconds"
echo "===================================================="
