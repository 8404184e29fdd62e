#!/bin/sh
# actgen check --exhaustive measures every float input of one output, split
# over all cores. On slices (--range) small enough for a test: every input
# is counted once (the slice's size), the results across the slice agree with
# what the kernel must meet (float kernels compute in double and round once:
# at most 1 scaled ULP), and a bad output name is an error.
A=${ACTGEN:-./actgen}
fail=0
out=$("$A" check activations/gelu.act --exhaustive gelu:f --range 0x3f800000:0x3f800fff) || fail=1
echo "$out"
echo "$out" | grep -q " 4096 inputs (0 skipped)" || { echo "wrong count"; fail=1; }
echo "$out" | awk '{ for (i = 1; i <= NF; i++) if ($i == "max") exit !($(i + 1) <= 1) }' || { echo "gelu f above 1 ULP"; fail=1; }
out=$("$A" check activations/smu.act --exhaustive smu:df/dmu --range 0xc0000000:0xc00007ff) || fail=1
echo "$out"
echo "$out" | grep -q " 2048 inputs" || { echo "wrong count"; fail=1; }
if "$A" check activations/smu.act --exhaustive smu:df/dnope 2>/dev/null; then echo "bad output accepted"; fail=1; fi
exit $fail
