#!/bin/sh
# generated/ must be exactly what the current actgen makes of activations/.
ACTGEN=${ACTGEN:-./actgen} sh tests/regen.sh --check
