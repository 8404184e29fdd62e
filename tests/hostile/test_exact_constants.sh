#!/bin/sh
# Constants that are exactly zero or exactly a double without being
# rational as written (tests/hostile/constants.act) compile in seconds, not
# by raising the precision without end (issue 10, finding 2), and the
# kernels agree with the MPFR oracle to 1e-15 (an exact zero must come out
# as zero: the tolerance is relative).
A=${ACTGEN:-./actgen}
start=$(date +%s)
"$A" tests/hostile/constants.act -o "${TMPDIR:-/tmp}/constants.c" || exit 1
s=$(( $(date +%s) - start ))
limit=10
case $A in *san*) limit=30 ;; esac
[ $s -le $limit ] || { echo "compiling tests/hostile/constants.act took $s s (limit $limit)"; exit 1; }
exec sh tests/hostile/kernel_vs_oracle.sh tests/hostile/constants.act 1e-15 0.5 -3 7.25
