"""The reference job (784-512 relu-10 softmax, RMSprop lr 1e-3 rho 0.9 eps 1e-7, categorical
cross-entropy, batch 128, 5 epochs, glorot-uniform weights, zero biases) in PyTorch, to check
Neuron's numbers against an independent implementation. Not part of the build; see README.md.

  keras_mlp_pytorch.py DATA check MODEL.f32      evaluate Neuron weights (checks the layout)
  keras_mlp_pytorch.py DATA same DUMPDIR SEED..  Neuron's initial weights and batch order
  keras_mlp_pytorch.py DATA torch SEED..         PyTorch's own initialization and shuffling
"""
import sys, time
import numpy as np
import torch

import mnist_job

torch.set_num_threads(2)
DATA = sys.argv[1]


xtr, ytr = mnist_job.load(DATA, "train")
xte, yte = mnist_job.load(DATA, "t10k")


def neuron_params(path):
    """Neuron's flat parameters: per layer the units x fanIn weights column-major, then the bias."""
    p = np.fromfile(path, dtype="<f4")
    w1 = p[:784 * 512].reshape(784, 512).T
    b1 = p[784 * 512:784 * 512 + 512]
    o = 784 * 512 + 512
    w2 = p[o:o + 5120].reshape(512, 10).T
    b2 = p[o + 5120:o + 5130]
    return [torch.tensor(np.ascontiguousarray(a)) for a in (w1, b1, w2, b2)]


def model(params=None):
    m = mnist_job.model()
    if params is not None:
        with torch.no_grad():
            for t, v in zip((m[0].weight, m[0].bias, m[2].weight, m[2].bias), params):
                t.copy_(v)
    return m


def test(m):
    return mnist_job.test(m, xte, yte)


def train(m, orders=None, seed=0):
    opt = mnist_job.rmsprop(m)
    g = torch.Generator().manual_seed(seed)
    for e in range(5):
        t = time.time()
        perm = orders[e] if orders is not None else torch.randperm(60000, generator=g)
        loss_sum, correct, rows = mnist_job.train_epoch(m, opt, xtr, ytr, perm)
        print(f"  epoch {e + 1} loss {loss_sum / rows:.4f} acc {correct / rows:.4f} {time.time() - t:.1f}s", flush=True)
    return test(m)


mode = sys.argv[2]
if mode == "check":
    print("test loss, accuracy:", test(model(neuron_params(sys.argv[3]))))
elif mode == "same":
    d = sys.argv[3].rstrip("/")
    for s in sys.argv[4:]:
        orders = torch.from_numpy(np.fromfile(f"{d}/order-{s}.i32", dtype="<i4").astype(np.int64)).reshape(5, 60000)
        print("seed", s, "Neuron's init and order, PyTorch's arithmetic: test", train(model(neuron_params(f"{d}/init-{s}.f32")), orders), flush=True)
else:
    for s in sys.argv[3:]:
        torch.manual_seed(int(s))
        print("seed", s, "PyTorch's own init and order: test", train(model(), seed=int(s)), flush=True)
