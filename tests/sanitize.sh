#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the library and the whole test suite with AddressSanitizer and UndefinedBehaviorSanitizer
# (VEILLE_SANITIZE=ON) in build-asan/ and runs ctest there. Any sanitizer report fails the run.
# Usage: tests/sanitize.sh [EXTRA CMAKE ARGS...]   (from anywhere; VEILLE_JOBS=2 by default)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${VEILLE_JOBS:-2}
build=$root/build-asan
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVEILLE_SANITIZE=ON \
      -DVEILLE_WERROR=ON -DVEILLE_BUILD_BENCH=OFF "$@"
cmake --build "$build" -j "$jobs"
# detect_leaks: the suite must not leak either; halt_on_error: the first report fails the test.
# new_delete_type_mismatch=0: Xapian 1.4.22's own Database::check (Searcher::check, veille
# check) deletes a 440-byte object of its glass backend through a 432-byte base, inside
# libxapian (a sized delete that glibc ignores); ASan has no suppression for that report.
LSAN_OPTIONS=suppressions=$root/fuzz/lsan.supp ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1:strict_string_checks=1:new_delete_type_mismatch=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$build" --output-on-failure -j "$jobs"
