"""The README's main job as a PyTorch user writes it, end to end, as the peer that jobs/bench.sh
times against jobs/train-mnist.sh: read the MNIST IDX files (header checked), train the reference
job (784-512 relu-10 softmax, RMSprop lr 1e-3 rho 0.9 eps 1e-7, categorical cross-entropy, batch
128, glorot-uniform weights, zero biases) for 5 epochs, score the test files, save the weights and
metrics.json. Not part of the build; see README.md.

  mnist_job.py DATA OUT [SEED] [EPOCHS]

Prints one line per epoch, "epoch E/N: S.SSs, loss L, accuracy A" (the bench reads the seconds),
and "Test: loss L - accuracy A (N images)". OUT is written all or nothing (a temporary folder
renamed at the end). Run it with OMP_WAIT_POLICY=PASSIVE (idle OpenMP threads sleep instead of
spinning on the cores Neuron's runs need too) and Debian's libopenblas0-pthread installed
(python3-torch alone brings the reference BLAS, about 15 times slower).
"""
import json, os, shutil, sys, time
import numpy as np
import torch

import mnist_idx

THREADS = 2


def load(data, prefix):
    x, y = mnist_idx.load(data, prefix)
    return torch.from_numpy(x), torch.from_numpy(y.astype(np.int64))


def model():
    """784-512 relu-10, glorot-uniform weights and zero biases (Keras' Dense defaults), drawn from
    torch's global generator."""
    m = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10))
    for layer in (m[0], m[2]):
        torch.nn.init.xavier_uniform_(layer.weight)
        torch.nn.init.zeros_(layer.bias)
    return m


def rmsprop(m):
    """RMSprop with Keras' defaults (lr 1e-3, rho 0.9, epsilon 1e-7)."""
    return torch.optim.RMSprop(m.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)


def train_epoch(m, opt, x, y, perm, batch=128, rank=0, world=1):
    """One epoch over x[perm] in batches of `batch` rows, of which this rank takes its share
    (`world` near-equal slices of each batch; with DDP the gradients are averaged over the ranks,
    so a step is the single-process step of the whole batch). Returns this rank's loss sum, count
    of correct predictions and rows."""
    loss_sum, correct, rows = 0.0, 0, 0
    for s in range(0, len(perm), batch):
        i = perm[s:s + batch].tensor_split(world)[rank]
        out = m(x[i])
        loss = torch.nn.functional.cross_entropy(out, y[i])
        opt.zero_grad()
        loss.backward()
        opt.step()
        loss_sum += loss.item() * len(i)
        correct += (out.argmax(1) == y[i]).sum().item()
        rows += len(i)
    return loss_sum, correct, rows


def test(m, x, y):
    """Test loss and accuracy."""
    with torch.no_grad():
        scores = m(x)
        return (torch.nn.functional.cross_entropy(scores, y).item(),
                (scores.argmax(1) == y).float().mean().item())


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    data, out = argv[0].rstrip("/"), argv[1].rstrip("/")
    seed = int(argv[2]) if len(argv) > 2 else 1
    epochs = int(argv[3]) if len(argv) > 3 else 5
    torch.set_num_threads(THREADS)
    torch.manual_seed(seed)
    xtr, ytr = load(data, "train")
    xte, yte = load(data, "t10k")

    m = model()
    opt = rmsprop(m)
    history = []
    for e in range(epochs):
        t = time.time()
        loss_sum, correct, rows = train_epoch(m, opt, xtr, ytr, torch.randperm(len(xtr)))
        seconds = time.time() - t
        history.append({"epoch": e + 1, "loss": loss_sum / rows,
                        "accuracy": correct / rows, "seconds": seconds})
        print(f"epoch {e + 1}/{epochs}: {seconds:.2f}s, loss {loss_sum / rows:.4f},"
              f" accuracy {correct / rows:.4f}", flush=True)

    test_loss, test_acc = test(m, xte, yte)
    print(f"Test: loss {test_loss:.4f} - accuracy {test_acc:.4f} ({len(yte)} images)", flush=True)

    tmp = out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    torch.save(m.state_dict(), f"{tmp}/model.pt")
    with open(f"{tmp}/metrics.json", "w") as f:
        json.dump({"epochs": history, "test": {"loss": test_loss, "accuracy": test_acc,
                   "count": len(yte)}, "seed": seed, "threads": THREADS,
                   "torch": torch.__version__}, f, indent=2)
    shutil.rmtree(out, ignore_errors=True)
    os.rename(tmp, out)
    print("Saved " + out)


if __name__ == "__main__":
    main(sys.argv[1:])
