#!/bin/sh
# The output must not depend on the C compiler that built actgen. Node ids
# follow creation order and decide operand order, so one node-making call
# left among the arguments of another (whose evaluation order C leaves to
# the compiler) makes a gcc-built and a clang-built actgen write different
# summation orders. This builds actgen with clang (which also proves that
# `make CC=clang` works) and compares, for every shipped activation and
# every .act file of the tests, the .c file, the header, `actgen deriv`,
# the diagnostics and the exit status with those of $ACTGEN (gcc-built).
A=${ACTGEN:-./actgen}
case $A in /*) ;; *) A=$(pwd)/$A ;; esac
command -v clang >/dev/null || { echo "clang is not installed (CI installs it)"; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/clang.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
# -O1 keeps the build short; optimisation must not change the output either.
if ! make -s CC=clang CFLAGS="-O1" B="$T/build" "$T/build/actgen" >"$T/make.log" 2>&1; then
  echo "make CC=clang failed:"; cat "$T/make.log"; exit 1
fi
C=$T/build/actgen
fail=0
n=0
files="activations/*.act $(find tests -name '*.act' | sort)"
# The sanitizer pass (tests/run.sh) leaves out the library, the variants
# suite and tests/hostile/powers.act: they take the stabilizer's longest
# paths (powers.act alone 140 s under ASan, twice over: .c and deriv), the
# plain pass compares them, and their own scripts (test_baselines,
# test_deterministic, test_variants, test_powers) run them through the
# sanitized actgen all the same.
[ -n "${ACTGEN_TEST_SANITIZE:-}" ] &&
  files=$(find tests -name '*.act' ! -path 'tests/variants/*' ! -path tests/hostile/powers.act | sort)
for act in $files; do
  n=$((n + 1))
  for who in gcc clang; do
    if [ $who = gcc ]; then bin=$A; else bin=$C; fi
    "$bin" "$act" -o "$T/$who.c" -H "$T/$who.h" 2>"$T/$who.err"
    echo "status $?" >>"$T/$who.err"
    "$bin" deriv "$act" >"$T/$who.deriv" 2>&1
    echo "status $?" >>"$T/$who.deriv"
  done
  for part in c h err deriv; do
    if [ -e "$T/gcc.$part" ] || [ -e "$T/clang.$part" ]; then
      if ! cmp -s "$T/gcc.$part" "$T/clang.$part"; then
        echo "$act: the gcc and clang builds of actgen write different .$part output"
        diff "$T/gcc.$part" "$T/clang.$part" | head -10
        fail=1
      fi
    fi
  done
  rm -f "$T"/gcc.* "$T"/clang.*
done
[ $n -gt 20 ] || { echo "only $n .act files found"; fail=1; }
exit $fail
