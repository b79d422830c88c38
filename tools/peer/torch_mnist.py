"""The reference job in current PyTorch (tools/peer/.venv), as a peer of jobs/bench-peers.sh: the
model, RMSprop with Keras' defaults and the epoch loop of tools/reference/mnist_job.py, on 2
threads, batch 128, 5 epochs, the MNIST IDX files. Prints an epoch line each epoch and the
peer-result line (tools/peer/peer_common.py).

  torch_mnist.py DATA SEED [EPOCHS]
"""
import time

import peer_common as pc


def main():
    data, seed, epochs, _ = pc.arguments(__doc__)
    import torch
    import mnist_job  # tools/reference/, on the path through peer_common

    torch.set_num_threads(pc.THREADS)
    torch.manual_seed(seed)
    xtr, ytr = mnist_job.load(data, "train")
    xte, yte = mnist_job.load(data, "t10k")
    m = mnist_job.model()
    opt = mnist_job.rmsprop(m)
    seconds = []
    for e in range(epochs):
        t = time.perf_counter()
        loss_sum, correct, rows = mnist_job.train_epoch(m, opt, xtr, ytr, torch.randperm(len(xtr)),
                                                        pc.BATCH)
        seconds.append(time.perf_counter() - t)
        pc.epoch_line(e + 1, epochs, seconds[-1], loss_sum / rows, correct / rows)
    _, accuracy = mnist_job.test(m, xte, yte)
    end_to_end = pc.process_seconds()

    w, x = torch.rand(512, 784), torch.rand(784, 64)

    def products():
        z = w @ x
        return z @ x.T

    with torch.no_grad():
        rate, spent = pc.sgemm_rate(products)
    pc.report("pytorch", seed, seconds, accuracy, end_to_end, rate, spent, torch=torch.__version__)


if __name__ == "__main__":
    main()
