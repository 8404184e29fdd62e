#!/bin/sh
# --precision float|double|both emits exactly that API set (SPEC §2, §3).
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/emit.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
CC=${CC:-cc}
fail=0
syms() { nm -g --defined-only "$1" | awk '{print $3}' | sort | tr '\n' ' '; }
double_api="swq swq_backward swq_forward swq_grad swq_theta_init"
float_api="swq_backwardf swq_forwardf swq_gradf swq_theta_initf swqf"
for p in both float double; do
  "$A" tests/emit/runtime.act --precision $p -o "$T/$p.c" -H "$T/$p.h" || { echo "actgen failed (--precision $p)"; fail=1; continue; }
  $CC -std=c99 -c "$T/$p.c" -o "$T/$p.o" || { fail=1; continue; }
  got=$(syms "$T/$p.o" | tr ' ' '\n' | grep '^swq' | tr '\n' ' ')
  case $p in
    both) want="$double_api $float_api" ;;
    float) want="$float_api" ;;
    double) want="$double_api" ;;
  esac
  want=$(echo $want | tr ' ' '\n' | sort | tr '\n' ' ')
  [ "$got" = "$want" ] || { echo "--precision $p: symbols [$got], wanted [$want]"; fail=1; }
  # The header declares the same set.
  case $p in
    float) grep -q 'double swq(' "$T/$p.h" && { echo "float header declares the double API"; fail=1; } ;;
    double) grep -q 'float swqf(' "$T/$p.h" && { echo "double header declares the float API"; fail=1; } ;;
  esac
done
exit $fail
