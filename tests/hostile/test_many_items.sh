#!/bin/sh
# Name lookup is a hash, not a scan (issue 10, finding 8): a file of 50 000
# params (about 1 MB; it took 7 s when every lookup scanned the items), and
# files of 50 000 fns, 20 000 learn items, 20 000 irrational literals,
# 3000 copies of one huge constant folding and 30 000 copies of a huge
# literal, each compile in under 2 s (6 s under the sanitizers) — generous
# against a loaded machine, and still far below quadratic time (40 s for
# the fns before).
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/many.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "param p%d = %d.5  # a parameter with a comment\n", i, i;
             print "activation a(x) = x * p49999 + p0" }' >"$T/params.act"
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "fn f%d(z) = z + %d\n", i, i;
             print "activation a(x) = f49999(x) * f0(x)" }' >"$T/fns.act"
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "learn w%d = %d\n", i, i;
             print "activation a(x) = x * w19999 + w0" }' >"$T/learns.act"
# 20 000 literals, each rounded by the oracle: took 6 s when every rounding
# allocated arrays for all the nodes made so far
echo 'activation a(x) = sum(i = 1..20000, x * sqrt(i))' >"$T/literals.act"
# 3000 foldings of (1e300)^1000, a million-bit integer: took 15 s before
# folds were remembered
echo 'activation a(x) = sum(i = 1..3000, sin(x * (1e300)^1000))' >"$T/folds.act"
# 30 000 copies of the literal 1e100000 (a sum rebuilds its literals per
# term): 10^100000 took 0.3 ms each before the last literals were
# remembered, 10 s here (the fuzzer's 100 000 took half a minute)
echo 'activation a(x) = sum(i = 1..30000, 1e100000 + i * x)' >"$T/literal.act"
limit=2000
case $A in *san*) limit=6000 ;; esac   # ASan and UBSan slow everything about 3 times
fail=0
for f in params fns learns literals folds literal; do
  start=$(date +%s%N)
  "$A" "$T/$f.act" -o "$T/$f.c" || { echo "$f.act failed to compile"; fail=1; continue; }
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "$f.act ($(wc -c <"$T/$f.act") bytes): $ms ms"
  [ "$ms" -lt $limit ] || { echo "$f.act took $ms ms (limit $limit)"; fail=1; }
done
exit $fail
