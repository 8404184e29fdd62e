#!/bin/sh
# `actgen deriv` prints f and its simplified derivatives in the language's
# own syntax. rules.expected was checked by hand against the textbook rules
# (and SPEC §1's kink conventions: abs' = sign, relu'(0) = 0, max at a tie
# takes the mean); the numerical tests check the values independently.
# The stabilizer's choices (a "# f: x < ...: FORM" note and the form it
# prints) are measured, not rules: stable's f, a sum whose terms leave 2 to
# 3 ULP in double, is printed in double-double over [-14.5, 0.26) but for a
# sliver at 0 (its exp and log in pairs too, src/dd_transcend.c; the choice
# aims at 1 ULP where that form is a candidate), and in log space below
# -1.3e154, where x^2 overflows.
A=${ACTGEN:-./actgen}
T=${TMPDIR:-/tmp}
"$A" deriv tests/deriv/rules.act >"$T/rules.out" || exit 1
diff -u tests/deriv/rules.expected "$T/rules.out" || exit 1
# What deriv prints is itself the language: every printed f and derivative,
# made into an activation, must compile again.
awk 'BEGIN { print "learn w = 2" }
     /^# / || /^$/ { next }
     /^(f|df\/d[a-z]+) = / { if (body != "") print "activation d" n++ "(x) = " body; body = substr($0, index($0, "= ") + 2); next }
     { body = body "\n  " $0 }
     END { if (body != "") print "activation d" n++ "(x) = " body }' "$T/rules.out" >"$T/again.act"
"$A" "$T/again.act" -o "$T/again.c" || { cat "$T/again.act"; exit 1; }
