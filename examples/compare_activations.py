"""Train one small CNN with each of several activations and compare them.

The network is the one of the comparison that surveys sigmoid, ReLU, ELU,
leaky ReLU, SELU and GELU: two 3x3 convolutions (32 and 64 filters, no
padding), 2x2 max-pooling, dropout 0.25, a dense layer of 128, dropout 0.5,
and a softmax over 10 classes, trained with Adam on the cross-entropy. The
six are PyTorch's own modules; smu, smu1, pau, hp1 and hp2 come from the
shipped .act files through actgen.torch (each of the three places in the
network gets its own learnable parameters, trained with the weights).

Data: scikit-learn's bundled 8x8 digits (1797 images, no download) split
80/20 with the seed, or MNIST from local IDX files (--mnist DIR holding
train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,
t10k-labels-idx1-ubyte, optionally .gz; t10k is the validation set).

Every activation starts from the same weights (torch.manual_seed(seed)
before building each model) and sees the same batches. Writes OUT/results.csv
(activation, epoch, train_loss, val_loss, val_acc, seconds), OUT/curves.png
(validation loss and accuracy per epoch) and OUT/summary.txt (the table
printed at the end).

    PYTHONPATH=python python3 examples/compare_activations.py            # digits, a few minutes
    PYTHONPATH=python python3 examples/compare_activations.py --mnist ~/mnist --epochs 12
"""

import argparse
import csv
import gzip
import math
import os
import sys
import time

import numpy as np

# Idle OpenMP threads sleep instead of spinning: on a machine whose cores are
# busy with other work, spinning threads made each epoch ten times slower.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402
from torch import nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
import actgen.torch  # noqa: E402

ACT_DIR = os.path.join(HERE, "..", "activations")
BUILTIN = {"sigmoid": nn.Sigmoid, "relu": nn.ReLU, "elu": nn.ELU,
           "leaky_relu": nn.LeakyReLU, "selu": nn.SELU, "gelu": nn.GELU}
ACTGEN = {"smu": "smu.act", "smu1": "smu1.act", "pau": "pau.act", "hp1": "hp.act",
          "hp2": "hp.act"}
ALL = list(BUILTIN) + list(ACTGEN)


def make_activation(name):
    if name in BUILTIN:
        return BUILTIN[name]()
    return actgen.torch.Activation(os.path.join(ACT_DIR, ACTGEN[name]), name)


class Net(nn.Module):
    def __init__(self, act, side):
        super().__init__()
        self.conv1, self.act1 = nn.Conv2d(1, 32, 3), make_activation(act)
        self.conv2, self.act2 = nn.Conv2d(32, 64, 3), make_activation(act)
        self.drop1 = nn.Dropout(0.25)
        flat = 64 * ((side - 4) // 2) ** 2
        self.fc1, self.act3 = nn.Linear(flat, 128), make_activation(act)
        self.drop2 = nn.Dropout(0.5)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.act1(self.conv1(x))
        x = F.max_pool2d(self.act2(self.conv2(x)), 2)
        x = self.drop1(x).flatten(1)
        x = self.drop2(self.act3(self.fc1(x)))
        return F.log_softmax(self.fc2(x), dim=1)     # softmax, with the NLL loss


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if data[:2] != b"\0\0" or data[2] != 8:
        raise ValueError("%s: not an IDX file of unsigned bytes" % path)
    ndim = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(shape)


def find_idx(directory, stem):
    for name in (stem, stem + ".gz", stem.replace("-idx", ".idx"), stem.replace("-idx", ".idx") + ".gz"):
        if os.path.exists(os.path.join(directory, name)):
            return os.path.join(directory, name)
    raise FileNotFoundError("no %s(.gz) in %s" % (stem, directory))


def load_data(args):
    """(x_train, y_train, x_val, y_val) as float32 N x 1 x S x S in [0, 1]."""
    if args.mnist:
        parts = [read_idx(find_idx(args.mnist, s)) for s in
                 ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                  "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")]
        xtr, ytr, xva, yva = parts
        xtr, xva = xtr / np.float32(255), xva / np.float32(255)
    else:
        from sklearn.datasets import load_digits
        digits = load_digits()
        x, y = digits.images / np.float32(16), digits.target
        order = np.random.default_rng(args.seed).permutation(len(x))
        cut = int(0.8 * len(x))
        xtr, ytr, xva, yva = x[order[:cut]], y[order[:cut]], x[order[cut:]], y[order[cut:]]
    if args.subset:
        xtr, ytr = xtr[:args.subset], ytr[:args.subset]
        xva, yva = xva[:max(args.subset // 4, 10)], yva[:max(args.subset // 4, 10)]
    t = lambda a, d: torch.tensor(np.asarray(a), dtype=d)  # noqa: E731
    return (t(xtr, torch.float32)[:, None], t(ytr, torch.long),
            t(xva, torch.float32)[:, None], t(yva, torch.long))


def evaluate(model, x, y, batch=1000):
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            out = model(x[i:i + batch])
            loss += F.nll_loss(out, y[i:i + batch], reduction="sum").item()
            correct += (out.argmax(1) == y[i:i + batch]).sum().item()
    return loss / len(x), correct / len(x)


def train(name, data, args, writer):
    xtr, ytr, xva, yva = data
    torch.manual_seed(args.seed)
    model = Net(name, xtr.shape[-1])
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    gen = torch.Generator().manual_seed(args.seed)
    rows = []
    start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        model.train()
        total = 0.0
        for idx in torch.randperm(len(xtr), generator=gen).split(args.batch_size):
            opt.zero_grad()
            loss = F.nll_loss(model(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        val_loss, val_acc = evaluate(model, xva, yva)
        row = [name, epoch, total / len(xtr), val_loss, val_acc, time.perf_counter() - start]
        writer.writerow([row[0], row[1]] + ["%.6g" % v for v in row[2:]])
        rows.append(row)
        print("  %-10s epoch %2d  train loss %.4f  val loss %.4f  val acc %.4f" % tuple(row[:5]),
              flush=True)
    return rows


def plot(results, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.8))
    # tab20's dark shades, then its light ones: eleven distinct colours.
    cmap = plt.get_cmap("tab20")
    for i, (name, rows) in enumerate(results.items()):
        style = dict(linestyle="-" if name in BUILTIN else "--", label=name,
                     color=cmap((2 * i) % 20 + (2 * i) // 20))
        epochs = [r[1] for r in rows]
        ax1.plot(epochs, [r[3] for r in rows], **style)
        ax2.plot(epochs, [r[4] for r in rows], **style)
    ax1.set(xlabel="epoch", ylabel="validation loss", title="Validation loss")
    ax2.set(xlabel="epoch", ylabel="validation accuracy", title="Validation accuracy")
    ax1.set_yscale("log")
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
    ax2.legend(ncol=2, fontsize=8, title="dashed: actgen")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def summary(results, args, data, seconds):
    lines = ["data: %s, %d train / %d validation images, %d epochs, batch %d, Adam lr %g, seed %d"
             % ("MNIST (%s)" % args.mnist if args.mnist else "scikit-learn digits 8x8",
                len(data[0]), len(data[2]), args.epochs, args.batch_size, args.lr, args.seed),
             "",
             "%-10s  %9s  %9s  %9s  %9s" % ("activation", "val acc", "val loss", "best acc",
                                             "seconds")]
    for name, rows in results.items():
        last = rows[-1]
        lines.append("%-10s  %9.4f  %9.4f  %9.4f  %9.1f" % (
            name, last[4], last[3], max(r[4] for r in rows), last[5]))
    lines += ["", "total %.1f s on %d threads" % (seconds, torch.get_num_threads())]
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--activations", default=",".join(ALL),
                   help="comma-separated, from: " + ", ".join(ALL))
    p.add_argument("--mnist", metavar="DIR", help="MNIST IDX files in DIR instead of digits")
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--subset", type=int, default=0, help="use only the first N training images")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("-o", "--out", default="compare_out", help="output directory")
    args = p.parse_args(argv)
    names = [n for n in args.activations.split(",") if n]
    unknown = [n for n in names if n not in ALL]
    if unknown:
        p.error("unknown activation(s): %s" % ", ".join(unknown))
    torch.set_num_threads(args.threads)
    data = load_data(args)
    os.makedirs(args.out, exist_ok=True)
    start = time.perf_counter()
    results = {}
    with open(os.path.join(args.out, "results.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["activation", "epoch", "train_loss", "val_loss", "val_acc", "seconds"])
        for name in names:
            print(name, flush=True)
            results[name] = train(name, data, args, writer)
            if not all(math.isfinite(r[3]) for r in results[name]):
                print("  %s: the loss is not finite" % name)
    plot(results, os.path.join(args.out, "curves.png"))
    table = summary(results, args, data, time.perf_counter() - start)
    with open(os.path.join(args.out, "summary.txt"), "w") as f:
        f.write(table + "\n")
    print()
    print(table)


if __name__ == "__main__":
    main()
