#!/bin/sh
# Command-line errors: -D of an unknown name or a bad value, a missing input
# file, unknown options. Each must print the exact message and exit 2.
A=${ACTGEN:-./actgen}
# A directory of its own: the last check looks for actgen's temporary
# files in it, which other programs' files in a shared /tmp would imitate.
T=$(mktemp -d "${TMPDIR:-/tmp}/options.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
fail=0
expect() {  # expect STATUS EXPECTED-STDERR -- ARGS...
  want_status=$1; want_err=$2; shift 3
  "$A" "$@" >"$T/out" 2>"$T/err"
  status=$?
  if [ $status -ne "$want_status" ] || [ "$(head -n 1 "$T/err")" != "$want_err" ]; then
    echo "actgen $*: status $status, stderr:"; cat "$T/err"; echo "wanted $want_status: $want_err"
    fail=1
  fi
}
expect 2 "<command line>: error: -D nope: 'activations/smu.act' has no param named 'nope'" -- activations/smu.act -D nope=1
expect 2 "<command line>: error: -D alpha: 'abc' is not a number" -- activations/smu.act -D alpha=abc
expect 2 "<command line>: error: -D alpha: '1.2.3' is not a number" -- activations/smu.act -D alpha=1.2.3
expect 2 "<command line>: error: -D mu: 'mu' is a learn item, not a param" -- activations/smu.act -D mu=1
expect 2 "actgen: error: -D takes NAME=VALUE, not 'alpha'" -- activations/smu.act -D alpha
expect 2 "tests/cli/no_such_file.act: error: cannot read file: No such file or directory" -- tests/cli/no_such_file.act
expect 2 "actgen: error: unknown option '--frobnicate'" -- activations/smu.act --frobnicate
expect 2 "actgen: error: --precision takes float, double or both, not 'half'" -- activations/smu.act --precision half
expect 2 "actgen: error: no input file" --
expect 0 "" -- activations/smu.act -D alpha=0.1 -o "$T/ok.c"
# -D changes the folded constant: with alpha = 0.5, f holds x - 0.5 x = 0.5 x
# and (x + 0.5 x) / 2 = 0.75 x (0.75 x and 0.625 x with the default 0.25).
"$A" deriv activations/smu.act -D alpha=0.5 | grep 'f = ' -A 1 | tr '\n' ' ' |
  grep -q 't1 = 0\.5 \* x .* + 0\.75 \* x' || { echo "-D alpha=0.5 not folded"; fail=1; }
# A failed run leaves an existing output file untouched.
echo "keep me" >"$T/keep.c"
"$A" tests/parse/err_undefined_name.act -o "$T/keep.c" 2>/dev/null
[ "$(cat "$T/keep.c")" = "keep me" ] || { echo "failed run clobbered the output file"; fail=1; }
ls "$T" | grep -q tmp && { echo "temporary file left behind"; ls "$T"; fail=1; }
exit $fail
