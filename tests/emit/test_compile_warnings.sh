#!/bin/sh
# The generated C compiles without a single warning under gcc and clang with
# -std=c99 -Wall -Wextra -pedantic -Werror (SPEC §3), in every precision,
# for a file that uses every builtin and construct (tests/emit/every.act)
# and for the shipped library. A second, stricter set of warnings
# (prototypes, shadowing, implicit conversions) keeps the code clean for
# users who build with them. With -fopenmp the OpenMP pragmas of the array
# functions must compile as cleanly as without (where -Wall would report
# an unknown pragma if they were not hidden), and gcc's GNU mode (no -std)
# must accept the pragma that keeps contraction off: one set, OMP, checks
# both (as two sets, they took a third of the test's 190 s).
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/emit.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
STD="-std=c99 -Wall -Wextra -pedantic -Werror"
STRICT="$STD -O2 -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wconversion -Wdouble-promotion -Wundef -Wcast-qual"
# (STRICT compiles the dispatch copies of file.c.in for every.act, whose
# bodies call every function of the math layer; the other sets, and STRICT
# for the library, leave them out: they triple an optimized compile, and
# their text is the same in every file)
OMP="-Wall -Wextra -pedantic -Werror -O2 -fopenmp -DACTGEN_NO_DISPATCH"
sets='"$STD" "$STRICT" "$OMP"'
# the sanitizer pass (tests/run.sh): actgen's part is the same, one set
[ -n "${ACTGEN_TEST_SANITIZE:-}" ] && sets='"$STD"'
compilers=gcc
if command -v clang >/dev/null 2>&1; then compilers="gcc clang"; else echo "note: clang not found; gcc only"; fi
fail=0

try() {  # try FILE.c DESCRIPTION [EXTRA-FLAGS for the optimized sets]
  file=$1 what=$2 extra=${3:-}
  for cc in $compilers; do
    eval "set -- $sets"
    for flags; do
      [ "$flags" = "$STD" ] || flags="$flags $extra"
      if ! $cc $flags -c "$file" -o "$T/out.o" 2>"$T/cc.err"; then
        echo "$cc $flags: $what"
        head -20 "$T/cc.err"
        fail=1
      fi
    done
  done
}

for p in both float double; do
  if "$A" tests/emit/every.act --precision $p -o "$T/every_$p.c"; then
    try "$T/every_$p.c" "tests/emit/every.act --precision $p"
  else
    echo "actgen failed on tests/emit/every.act --precision $p"
    fail=1
  fi
done
# `or` of comparisons that call functions (clang's
# -Wbitwise-instead-of-logical wants the right one cast to int), and a
# theta-only condition beside one on x (it was computed once per call into
# p[], a double, and `(x < 3.0) & p[3]` is not C)
cat >"$T/calls.act" <<'ACT'
learn a = 0.5
activation calls(x) = if sigmoid(x) == 0 or sigmoid(-x) == 0 and exp(x) > 2 then x else x * sigmoid(x)
activation tcond(x) = if not (3.5 == a) and x < 3 then log1p(a * x * x) else x / a
ACT
if "$A" "$T/calls.act" -o "$T/calls.c"; then
  try "$T/calls.c" "conditions that call functions or read theta" -DACTGEN_NO_DISPATCH
else
  echo "actgen failed on calls.act"
  fail=1
fi
for act in activations/*.act; do
  [ -e "$act" ] || continue
  if "$A" "$act" --prefix act_ -o "$T/lib.c"; then
    try "$T/lib.c" "$act" -DACTGEN_NO_DISPATCH
  else
    echo "actgen failed on $act"
    fail=1
  fi
done
exit $fail
