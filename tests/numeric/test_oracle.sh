#!/bin/sh
# The oracle, the ULP metric and the kernel loader on their own, with DAGs
# built by hand (tests/numeric/oracle_test.c): values against closed forms
# at 8192 bits and SPEC §1's special points, every primitive's dual-number
# derivative against finite differences at 2048 bits (to 2^-200 relative),
# the derivative conventions at kinks, correctly rounded constants at the
# edges of double and float, memoisation, the depth limit, ulp_error's
# special cases. Linked against the build under test: build-san's objects
# (with the sanitizers) when $ACTGEN is build-san/actgen.
B=build
FLAGS="-O2 -g"
case "${ACTGEN:-}" in
  *build-san/*) B=build-san; FLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" ;;
esac
T=${TMPDIR:-/tmp}
[ -f "$B/libactgen.a" ] || make -s "$B/libactgen.a" || exit 1
# shellcheck disable=SC2086
${CC:-cc} $FLAGS -std=c11 -Wall -Wextra -Werror -Isrc -I"$B" -o "$T/oracle_test" tests/numeric/oracle_test.c \
  "$B/libactgen.a" -lmpfr -lgmp -lm -ldl || exit 1
exec "$T/oracle_test" "$T"
