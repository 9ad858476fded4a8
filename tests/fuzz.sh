#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets of fuzz/ with clang, ASan and UBSan in build-fuzz/, then runs each
# target for SECONDS (default 60), seeded with fuzz/corpus/<target>/. New inputs go to
# build-fuzz/corpus/<target>/, crashes to build-fuzz/artifacts/. Exits non-zero on any finding.
# Usage: tests/fuzz.sh [SECONDS] [TARGET...]      targets: analyzer query document persons jsonl
# The documented long run: tests/fuzz.sh 600
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-analyzer query document persons jsonl}
build=$root/build-fuzz
CC=${CC:-clang-14} CXX=${CXX:-clang++-14} cmake -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVEILLE_BUILD_FUZZERS=ON -DVEILLE_SANITIZE=ON \
    -DVEILLE_BUILD_TESTS=OFF -DVEILLE_BUILD_EXAMPLES=OFF -DVEILLE_BUILD_BENCH=OFF >/dev/null
for t in $targets; do
    cmake --build "$build" -j "${VEILLE_JOBS:-2}" --target "fuzz_$t"
done
mkdir -p "$build/artifacts"
status=0
for t in $targets; do
    mkdir -p "$build/corpus/$t"
    echo "== fuzz_$t for ${seconds}s"
    # One input at most 64 KiB and 10 s; a leak or a sanitizer report is a finding.
    LSAN_OPTIONS=suppressions=$root/fuzz/lsan.supp ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" \
        "$build/corpus/$t" "$root/fuzz/corpus/$t" 2>"$build/fuzz_$t.log" || {
        status=1
        echo "fuzz_$t FAILED: see $build/fuzz_$t.log and $build/artifacts/"
        grep -E "ERROR|SUMMARY|Test unit written" "$build/fuzz_$t.log" | head -5
    }
    grep -E "^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+ *DONE" "$build/fuzz_$t.log" | tr '\n' ' '
    echo
done
exit $status
