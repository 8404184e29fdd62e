#!/bin/sh
# An activation named like a <math.h> function (or a C keyword) is an error
# without --prefix (SPEC §2): exit status 2, the exact diagnostic of
# clash_tanh.err, and no output file. With --prefix it compiles.
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/emit.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
fail=0
"$A" tests/emit/clash_tanh.act -o "$T/out.c" 2>"$T/err"
status=$?
[ $status -eq 2 ] || { echo "exit status $status, wanted 2"; fail=1; }
diff -u tests/emit/clash_tanh.err "$T/err" || fail=1
[ -e "$T/out.c" ] && { echo "an output file was written"; fail=1; }
"$A" tests/emit/clash_tanh.act --prefix act_ -o "$T/out.c" 2>"$T/err" || { echo "--prefix act_ did not fix the clash:"; cat "$T/err"; fail=1; }
# The float name counts too: tanh is also tanhf.
"$A" tests/emit/clash_tanh.act --precision float -o "$T/out.c" 2>"$T/err"
[ $? -eq 2 ] || { echo "--precision float: the clash of tanhf was not reported"; fail=1; }
exit $fail
