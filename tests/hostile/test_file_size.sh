#!/bin/sh
# A file over the size limit (16 MiB, docs/limits.md) is refused with an
# error located where it passes the limit, exit status 2 and no output; a
# file just under it is read (and here compiled).
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/size.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
# line 1: the activation; line 2: a comment that fills the file up to N bytes
make_file() { awk -v n="$1" 'BEGIN { s = "activation a(x) = x\n#"; printf "%s", s; for (i = length(s); i < n - 1; i++) printf "-"; print "" }' >"$2"; }
make_file 16777216 "$T/at.act"
make_file 16777217 "$T/over.act"
fail=0
"$A" "$T/at.act" -o "$T/at.c" 2>"$T/err" || { echo "a file of exactly 16777216 bytes was refused:"; cat "$T/err"; fail=1; }
"$A" "$T/over.act" -o "$T/over.c" 2>"$T/err"
status=$?
[ $status -eq 2 ] || { echo "exit status $status for a file over the limit"; fail=1; }
[ -e "$T/over.c" ] && { echo "output written for a file over the limit"; fail=1; }
# 16777216 bytes end after column 16777196 of line 2 (20 bytes on line 1)
expect="$T/over.act:2:16777197: error: the file is too large: it passes the limit of 16777216 bytes here"
[ "$(head -1 "$T/err")" = "$expect" ] || { echo "expected: $expect"; echo "got:"; head -c 300 "$T/err"; fail=1; }
exit $fail
