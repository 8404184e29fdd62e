#!/bin/sh
# actgen.torch.Activation: gradcheck of every shipped activation, PyTorch's own functions, autograd references, accumulation, training (torch_test.py).
. "$(dirname "$0")/common.sh"
exec "$PY" "$TOP/tests/python/torch_test.py"
