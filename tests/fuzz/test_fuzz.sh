#!/bin/sh
# A short libFuzzer run over the whole compile path (make fuzz; harness
# tests/fuzz/fuzz_compile.c), on every `make check`: FUZZ_SECONDS (default
# 30) from the repository's .act files and the corpus kept in build-fuzz/.
# Any crash, sanitizer report, exit, timeout or out-of-memory fails the
# test; the input that caused it is left in build-fuzz/ (crash-*, timeout-*,
# oom-*, leak-*), and `build-fuzz/fuzz_compile FILE` replays it.
command -v clang >/dev/null || { echo "clang is not installed (.ci/run installs it)"; exit 1; }
log=${TMPDIR:-/tmp}/fuzz.log
if make -s fuzz SECONDS="${FUZZ_SECONDS:-30}" >"$log" 2>&1; then
  grep '^stat::' "$log"
  exit 0
fi
echo "make fuzz failed:"
grep -v '^#\|^INFO\|Uses: ' "$log" | tail -40
ls build-fuzz/crash-* build-fuzz/timeout-* build-fuzz/oom-* build-fuzz/leak-* 2>/dev/null
exit 1
