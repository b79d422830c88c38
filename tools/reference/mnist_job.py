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
import json, os, shutil, struct, sys, time
import numpy as np
import torch

THREADS = 2


def idx(path, magic, dims):
    """An IDX file's payload as uint8, after checking its magic number and dimensions."""
    with open(path, "rb") as f:
        header = f.read(4 + 4 * len(dims))
        found = struct.unpack(">%dI" % (1 + len(dims)), header)
        if found[0] != magic or any(d is not None and d != n for d, n in zip(dims, found[1:])):
            sys.exit(f"{path}: header: expected magic {magic:#x} and sizes {dims}, found"
                     f" {found[0]:#x} and {list(found[1:])}")
        data = np.frombuffer(f.read(), dtype=np.uint8)
    if data.size != int(np.prod(found[1:])):
        sys.exit(f"{path}: expected {int(np.prod(found[1:]))} bytes after the header, found {data.size}")
    return data


def load(data, prefix):
    images = idx(f"{data}/{prefix}-images-idx3-ubyte", 0x803, (None, 28, 28))
    labels = idx(f"{data}/{prefix}-labels-idx1-ubyte", 0x801, (None,))
    x = torch.from_numpy(images.reshape(-1, 784).astype(np.float32) / 255)
    y = torch.from_numpy(labels.astype(np.int64))
    if len(x) != len(y):
        sys.exit(f"{data}/{prefix}: {len(x)} images but {len(y)} labels")
    return x, y


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

    m = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10))
    for layer in (m[0], m[2]):
        torch.nn.init.xavier_uniform_(layer.weight)
        torch.nn.init.zeros_(layer.bias)
    opt = torch.optim.RMSprop(m.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
    history = []
    for e in range(epochs):
        t = time.time()
        perm = torch.randperm(len(xtr))
        loss_sum, correct = 0.0, 0
        for s in range(0, len(xtr), 128):
            i = perm[s:s + 128]
            out_ = m(xtr[i])
            loss = torch.nn.functional.cross_entropy(out_, ytr[i])
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(i)
            correct += (out_.argmax(1) == ytr[i]).sum().item()
        seconds = time.time() - t
        history.append({"epoch": e + 1, "loss": loss_sum / len(xtr),
                        "accuracy": correct / len(xtr), "seconds": seconds})
        print(f"epoch {e + 1}/{epochs}: {seconds:.2f}s, loss {loss_sum / len(xtr):.4f},"
              f" accuracy {correct / len(xtr):.4f}", flush=True)

    with torch.no_grad():
        scores = m(xte)
        test_loss = torch.nn.functional.cross_entropy(scores, yte).item()
        test_acc = (scores.argmax(1) == yte).float().mean().item()
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
