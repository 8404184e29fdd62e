#!/bin/sh
# actgen check compares the array kernels with the scalar ones (in place,
# with dx aliasing x or dy, dx = dy * df/dx). Where the activation is NaN
# (log(sin(x)) where sin(x) < 0) both are NaN: the same result, not a
# disagreement (NaN != NaN made check report "array API: 2 disagreement(s)"
# and exit with status 1 on 9 of 60 random expressions).
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/apinan.XXXXXX")
trap 'rm -rf "$T"' EXIT
printf 'activation f(x) = log(sin(x))\n' >"$T/f.act"
"$A" check "$T/f.act" >"$T/out" 2>&1
status=$?
if [ $status -ne 0 ] || grep -q "array API" "$T/out"; then
  echo "check exited with status $status:"; cat "$T/out"; exit 1
fi
grep -q "^f  *float  *f " "$T/out" || { echo "no float f row:"; cat "$T/out"; exit 1; }
