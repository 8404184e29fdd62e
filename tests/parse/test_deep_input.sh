#!/bin/sh
# Hostile input: very deep nesting and very long flat expressions get a
# clear error (exit 2), never a crash, a hang, a stack overflow or a file
# with stand-ins for what was too large to build.
A=${ACTGEN:-./actgen}
T=${TMPDIR:-/tmp}
fail=0
check() {  # check FILE EXPECTED-MESSAGE-SUBSTRING
  timeout 20 "$A" "$1" -o "$T/deep.c" 2>"$T/err"
  status=$?
  if [ $status -ne 2 ] || ! grep -q "$2" "$T/err" || [ -e "$T/deep.c" ]; then
    echo "$1: status $status, wanted 2 and '$2':"; head -c 600 "$T/err"; fail=1
  fi
}
awk 'BEGIN { printf "activation f(x) = "; for (i = 0; i < 100000; i++) printf "("; printf "x"; for (i = 0; i < 100000; i++) printf ")"; print "" }' >"$T/parens.act"
check "$T/parens.act" "error: expression is nested too deeply"
awk 'BEGIN { printf "activation f(x) = x"; for (i = 0; i < 100000; i++) printf " + x"; print "" }' >"$T/flat.act"
check "$T/flat.act" "error: expression is nested too deeply"
awk 'BEGIN { printf "activation f(x) = "; for (i = 0; i < 100000; i++) printf "-"; print "x" }' >"$T/minus.act"
check "$T/minus.act" "error: expression is nested too deeply"
# Exponential inlining: f_{k+1}(z) = f_k(f_k(z)), 40 levels.
awk 'BEGIN { print "fn f0(z) = z"; for (i = 1; i <= 40; i++) printf "fn f%d(z) = f%d(f%d(z))\n", i, i-1, i-1; print "activation f(x) = f40(x)" }' >"$T/inline.act"
check "$T/inline.act" "is too large to compile"
# A long sum is fine: it is unrolled into a balanced tree.
echo 'activation f(x) = sum(i = 1..20000, x / i)' >"$T/sum.act"
timeout 20 "$A" "$T/sum.act" -o "$T/sum.c" 2>"$T/err" || { echo "long sum failed"; cat "$T/err"; fail=1; }
# Deep but legal: 199 nested fns, each 20 levels deep (a DAG about 3980
# deep, just under the limit), compiles: every pass copes with that depth.
awk 'BEGIN { print "fn f0(z) = z"; for (i = 1; i <= 199; i++) { printf "fn f%d(z) = sin(f%d(", i, i-1; for (j = 0; j < 9; j++) printf "1 + sin("; printf "z"; for (j = 0; j < 9; j++) printf ")"; print "))" }; print "activation deep(x) = f199(x)" }' >"$T/legal.act"
timeout 60 "$A" "$T/legal.act" -o "$T/legal.c" 2>"$T/err" || { echo "deep legal program failed"; cat "$T/err"; fail=1; }
# At the depth limit: x / (2 + g(a)), g(a) a chain of sin about 3994 deep.
# The float kernels' forms (src/lower.c: x * (1/g), one level deeper) are
# built after the stages that check the limits; past them the DAG's
# constructor makes stand-in zeros, which the previous compiler printed
# into a file it called good. Each depth must compile or be refused
# cleanly, and one of them is refused at that last step.
refused=0
for n in 10 11 12 13 14 15 16; do
  awk -v n=$n 'BEGIN { print "learn a = 0.5"; print "fn f0(z) = z"
    for (i = 1; i <= 199; i++) { printf "fn f%d(z) = ", i; for (j = 0; j < 20; j++) printf "sin("
      printf "f%d(z)", i-1; for (j = 0; j < 20; j++) printf ")"; print "" }
    printf "activation deep(x) = x / (2 + "; for (j = 0; j < n; j++) printf "sin("; printf "f199(a)"
    for (j = 0; j < n; j++) printf ")"; print ")" }' >"$T/edge.act"
  rm -f "$T/edge.c"
  timeout 60 "$A" "$T/edge.act" -o "$T/edge.c" 2>"$T/err"
  status=$?
  if [ $status -eq 2 ] && grep -q "^$T/edge.act:202:1: error: activation 'deep' is too large to " "$T/err" &&
     [ ! -e "$T/edge.c" ]; then
    grep -q "its float kernels exceed" "$T/err" && refused=1
  elif [ $status -ne 0 ]; then
    echo "depth $n: status $status:"; head -c 600 "$T/err"; fail=1
  fi
done
[ $refused -eq 1 ] || { echo "no depth was refused when building the float kernels' forms"; fail=1; }
exit $fail
