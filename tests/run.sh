#!/bin/sh
# run.sh — actgen's test runner. Prints one line per test and closes with
# "N passed, N failed". $ACTGEN names the compiler under test (default
# ./actgen; `make check-sanitize` passes the ASan/UBSan build and sets
# ACTGEN_TEST_SANITIZE=1: the scripts whose time goes to compiling
# generated C with gcc and clang under many flag sets, not to actgen, run
# one configuration of that matrix in that pass (the plain pass runs all).
#
# Kinds of test, found by where they live:
#   tests/parse/NAME.act + NAME.err   actgen's exact diagnostics (stderr) and
#                                     exit status 2 for bad input; NAME.act
#                                     alone must compile with status 0
#   tests/*/test_*.sh                 a script; exit 0 = pass, output on failure
#
# The scripts run TEST_JOBS at a time (default: the number of processors),
# each with a TMPDIR of its own (several write fixed names under $TMPDIR),
# the Python tests sharing one kernel cache. Results are printed in the
# scripts' order as each becomes known, so the output is the same whatever
# the number of jobs. The slowest scripts (they compile the library many
# times with gcc and clang) start first, so that the jobs end close together.
ACTGEN=${ACTGEN:-./actgen}
export ACTGEN
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
tmp=$(mktemp -d)
trap 'kill ${runner:-} 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

ok()  { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -s "$2" ] && sed 's/^/    /' "$2" | head -40; }

for act in tests/parse/*.act; do
  [ -e "$act" ] || continue
  name=${act%.act}
  exp=$name.err
  "$ACTGEN" "$act" -o "$tmp/out.c" 2>"$tmp/err" >/dev/null
  status=$?
  if [ -f "$exp" ]; then
    if [ $status -eq 2 ] && diff -u "$exp" "$tmp/err" >"$tmp/diff" 2>&1 && [ ! -e "$tmp/out.c" ]; then
      ok "$act"
    else
      echo "exit status $status" >>"$tmp/diff"
      [ -e "$tmp/out.c" ] && echo "output file was written" >>"$tmp/diff"
      bad "$act" "$tmp/diff"
    fi
  else
    if [ $status -eq 0 ] && [ ! -s "$tmp/err" ]; then ok "$act"; else bad "$act" "$tmp/err"; fi
  fi
  rm -f "$tmp/out.c"
done

jobs=${TEST_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
slow=" tests/emit/test_compiler_independent.sh tests/emit/test_vectorize.sh tests/emit/test_compile_warnings.sh tests/emit/test_same_bits.sh "
ACTGEN_TEST_CACHE=$tmp/actgen-python-cache
export ACTGEN_TEST_CACHE
# $tmp/list: the scripts, numbered in the order of the results;
# $tmp/order: the same lines, the slow ones first.
n=0
for t in tests/*/test_*.sh; do
  [ -e "$t" ] || continue
  n=$((n + 1))
  echo "$n $t"
done >"$tmp/list"
awk -v slow="$slow" 'index(slow, " " $2 " ") { print; next } { rest[++k] = $0 }
  END { for (i = 1; i <= k; i++) print rest[i] }' "$tmp/list" >"$tmp/order"
# Job N leaves $tmp/N/log and, once done, $tmp/N/status: its exit status
# and its wall time in seconds, which the result line shows (the suite's
# time is planned from them).
xargs -P "$jobs" -L 1 sh -c 'mkdir -p "$1/$2" && s=$(date +%s) && TMPDIR="$1/$2" sh "$3" >"$1/$2/log" 2>&1
  echo $? $(($(date +%s) - s)) >"$1/$2/status.tmp" && mv "$1/$2/status.tmp" "$1/$2/status"' run "$tmp" <"$tmp/order" &
runner=$!
while read -r i t; do
  while [ ! -f "$tmp/$i/status" ] && kill -0 $runner 2>/dev/null; do sleep 1; done
  read -r status secs <"$tmp/$i/status" 2>/dev/null || status=
  if [ "$status" = 0 ]; then ok "$t ($secs s)"; else bad "$t ($secs s)" "$tmp/$i/log"; fi
done <"$tmp/list"
wait $runner

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
