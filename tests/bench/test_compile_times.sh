#!/bin/sh
# The compile-time benchmark (`make bench-compile`, bench/compile_times.sh)
# runs end to end — on two files and one repetition here — and prints a row
# of seconds for each file, their sum and the two-job total. Timings are
# never tested.
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/compile_times.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
if ! FILES="activations/elu.act tests/variants/logs.act" REPS=1 sh bench/compile_times.sh "$A" >"$T/out" 2>&1; then
  echo "bench/compile_times.sh failed:"; cat "$T/out"; exit 1
fi
fail=0
for row in activations/elu.act tests/variants/logs.act "sum (one core)" "all, two parallel jobs"; do
  grep -F "$row " "$T/out" | grep -Eq "^.{36} +[0-9]+\\.[0-9]{3}\$" || { echo "no row of seconds for $row"; fail=1; }
done
[ "$fail" = 0 ] || cat "$T/out"
exit $fail
