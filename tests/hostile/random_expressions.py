"""random_expressions.py SEED COUNT DIR — write COUNT .act files (DIR/eN.act)
of random expressions from a fixed seed: every builtin, the operators, if,
powers up to the limit of exponents (and negative), constants at the ends
of the double range (1e300, 1e-320, 0) and a learn item. Deterministic:
Python's random with a seed gives the same files on every machine. Used by
test_random_expressions.sh; 2 of the first 1100 such expressions found bugs
(a SIGFPE, an internal error) that hand-written inputs had missed."""
import os
import random
import sys

LEAVES = ["x", "x", "x", "c", "1", "2", "0", "1e300", "1e-300", "3.5", "0.5", "1e-320", "1e308", "pi"]
UNARY = ["exp", "log", "sqrt", "abs", "sign", "tanh", "sigmoid", "softplus", "erf", "erfc", "expm1",
         "log1p", "relu", "atan", "sinh", "cosh", "cbrt", "sin", "cos"]
BINARY = ["hypot", "max", "min", "pow"]
POWERS = [2, 3, -1, -2, 7, 999999, -999999, 1000000, 65537]


def expr(rng, depth):
    if depth <= 0 or rng.random() < 0.2:
        return rng.choice(LEAVES)
    r = rng.random()
    if r < 0.35:
        return "(%s %s %s)" % (expr(rng, depth - 1), rng.choice("+-*/"), expr(rng, depth - 1))
    if r < 0.6:
        return "%s(%s)" % (rng.choice(UNARY), expr(rng, depth - 1))
    if r < 0.7:
        return "%s(%s, %s)" % (rng.choice(BINARY), expr(rng, depth - 1), expr(rng, depth - 1))
    if r < 0.8:
        return "(%s)^%d" % (expr(rng, depth - 1), rng.choice(POWERS))
    if r < 0.9:
        return "if %s < %s then %s else %s" % tuple(expr(rng, depth - 1) for _ in range(4))
    return "-%s" % expr(rng, depth - 1)


def main():
    seed, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    for i in range(count):
        with open(os.path.join(out, "e%d.act" % i), "w") as f:
            f.write("learn c = 0.75\nactivation f(x) = %s\n" % expr(rng, 4))


main()
