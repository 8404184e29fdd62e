"""actgen.torch: a .act activation as a torch.nn.Module (SPEC section 6).

    act = actgen.torch.Activation("activations/smu.act", "smu")
    y = act(x)                 # CPU float32/float64 tensor, any shape and layout
    y.sum().backward()         # x.grad and act.mu.grad from smu_backward

Each `learn` item the activation uses is an nn.Parameter named as in the
file (shape () or (N,)). _Apply is the autograd Function: its forward calls
NAME_forward[f] on the memory of a contiguous copy of x, with theta packed
in x's dtype; its backward calls NAME_backward[f] through _Backward, a
second Function whose own backward refuses, so a double backward (a
gradient of the gradient, create_graph=True) fails with a clear message
instead of silently giving zero.
"""

import torch
from torch import nn

from . import load

_DTYPES = {torch.float32: "float32", torch.float64: "float64"}


def _check_input(x):
    if not isinstance(x, torch.Tensor):
        raise TypeError("actgen.torch: input must be a torch.Tensor, not %s" % type(x).__name__)
    if x.device.type != "cpu":
        raise ValueError("actgen.torch: input is on device %s; the kernels run on the CPU"
                         % x.device)
    if x.layout != torch.strided:
        raise ValueError("actgen.torch: input has layout %s; only dense tensors" % x.layout)
    if x.dtype not in _DTYPES:
        raise TypeError("actgen.torch: input must be float32 or float64, not %s" % x.dtype)
    return _DTYPES[x.dtype]


def _theta(kernel, params, dtype):
    """The parameters flattened in theta's order, in the kernel's dtype."""
    if not params:
        return torch.zeros(1, dtype=dtype)
    return torch.cat([p.detach().reshape(-1).to(dtype) for p in params]).contiguous()


class _Backward(torch.autograd.Function):
    @staticmethod
    def forward(ctx, kernel, want_dx, x, dy, *params):
        npdtype = _DTYPES[x.dtype]
        x = x.detach().contiguous()
        dy = dy.detach().to(x.dtype).contiguous()
        theta = _theta(kernel, params, x.dtype)
        dx = torch.empty_like(x) if want_dx else torch.empty(0, dtype=x.dtype)
        dtheta = torch.zeros(max(kernel.ntheta, 1), dtype=x.dtype) if params else None
        kernel.backward_raw(npdtype, x.numel(), x.data_ptr(), dy.data_ptr(),
                            dx.data_ptr() if want_dx else None, theta.data_ptr(),
                            dtheta.data_ptr() if dtheta is not None else None)
        grads = []
        for p, (_, offset, shape) in zip(params, kernel.theta_layout()):
            size = shape[0] if shape else 1
            grads.append(dtheta[offset:offset + size].reshape(shape).to(p.dtype))
        return (dx,) + tuple(grads)

    @staticmethod
    def backward(ctx, *grads):
        raise RuntimeError("actgen.torch: double backward is not supported: the generated "
                           "kernels give first derivatives only (a gradient of a gradient, "
                           "create_graph=True, cannot go through an actgen activation)")


class _Apply(torch.autograd.Function):
    @staticmethod
    def forward(ctx, kernel, x, *params):
        npdtype = _check_input(x)
        xc = x.detach().contiguous()
        theta = _theta(kernel, params, x.dtype)
        y = torch.empty_like(xc)
        kernel.forward_raw(npdtype, xc.numel(), xc.data_ptr(), y.data_ptr(), theta.data_ptr())
        ctx.kernel = kernel
        # x itself, not xc: with create_graph=True the gradient must stay
        # connected to x so that _Backward can refuse a second derivative.
        ctx.save_for_backward(x, *params)
        return y

    @staticmethod
    def backward(ctx, dy):
        x, *params = ctx.saved_tensors
        want_dx = ctx.needs_input_grad[1]
        want = ctx.needs_input_grad[2:]
        if any(want):
            dx, *dparams = _Backward.apply(ctx.kernel, want_dx, x, dy, *params)
        else:
            dx, = _Backward.apply(ctx.kernel, want_dx, x, dy)
            dparams = [None] * len(params)
        return (None, dx if want_dx else None) + tuple(
            g if w else None for g, w in zip(dparams, want))


class Activation(nn.Module):
    """The activation `name` of the .act file at `path`, with -D NAME=VALUE
    for each item of `defines`. Parameters are created in `dtype` (default:
    torch's default dtype) from the file's initial values."""

    def __init__(self, path, name, defines=None, dtype=None):
        super().__init__()
        kernel = load(path, defines)[name]
        self._actgen_kernel = kernel
        self._actgen_path = str(path)
        dtype = dtype or torch.get_default_dtype()
        init = kernel.theta_init
        for item in kernel.theta_names:
            try:
                self.register_parameter(item, nn.Parameter(torch.tensor(init[item], dtype=dtype)))
            except KeyError as e:
                raise ValueError("actgen.torch: the learn item %r of %s clashes with an "
                                 "attribute of torch.nn.Module (%s); rename it in %s"
                                 % (item, name, e, path)) from None

    @property
    def kernel(self):
        return self._actgen_kernel

    def forward(self, x):
        kernel = self._actgen_kernel
        params = []
        for item, _, shape in kernel.theta_layout():
            p = getattr(self, item)
            if tuple(p.shape) != shape:
                raise ValueError("actgen.torch: parameter %s has shape %s, %s needs %s"
                                 % (item, tuple(p.shape), kernel.name, shape))
            if p.device.type != "cpu":
                raise ValueError("actgen.torch: parameter %s is on device %s; the kernels "
                                 "run on the CPU" % (item, p.device))
            if not p.dtype.is_floating_point:
                raise TypeError("actgen.torch: parameter %s has dtype %s" % (item, p.dtype))
            params.append(p)
        _check_input(x)
        return _Apply.apply(kernel, x, *params)

    def extra_repr(self):
        return "%s from %s" % (self._actgen_kernel.name, self._actgen_path)


__all__ = ["Activation"]
