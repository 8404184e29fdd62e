#!/bin/sh
# run.sh — actgen's test runner. Prints one line per test and closes with
# "N passed, N failed". $ACTGEN names the compiler under test (default
# ./actgen; `make check-sanitize` passes the ASan/UBSan build).
#
# Kinds of test, found by where they live:
#   tests/parse/NAME.act + NAME.err   actgen's exact diagnostics (stderr) and
#                                     exit status 2 for bad input; NAME.act
#                                     alone must compile with status 0
#   tests/*/test_*.sh                 a script; exit 0 = pass, output on failure
ACTGEN=${ACTGEN:-./actgen}
export ACTGEN
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
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

for t in tests/*/test_*.sh; do
  [ -e "$t" ] || continue
  if TMPDIR="$tmp" sh "$t" >"$tmp/log" 2>&1; then ok "$t"; else bad "$t" "$tmp/log"; fi
done

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
