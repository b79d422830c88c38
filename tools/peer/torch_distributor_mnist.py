"""The reference job on pyspark's TorchDistributor (tools/peer/.venv), a peer of
jobs/bench-peers.sh: a local Spark (local[2], on 127.0.0.1) runs 2 training processes as a barrier
stage (local_mode=False: the path a cluster takes), each a torchrun with one thread, DDP over the
gloo backend. Global batch 128: each step every rank takes its half of the same 128 shuffled rows
and DDP averages the gradients, so a step is the single-process step of the whole batch. The model,
RMSprop (Keras' defaults) and the epoch loop are tools/reference/mnist_job.py's; rank 0 scores
the test files and returns its numbers to the driver, which prints the peer-result line.

  torch_distributor_mnist.py DATA SEED [EPOCHS]
"""
import os

import peer_common as pc

PROCESSES = 2


def train(data, seed, epochs):
    """One rank's training (runs in each torchrun process); rank 0 returns the results."""
    import time
    import torch
    import torch.distributed as dist
    import mnist_job

    dist.init_process_group("gloo")
    rank, world = dist.get_rank(), dist.get_world_size()
    torch.set_num_threads(pc.THREADS // world)
    torch.manual_seed(seed)
    xtr, ytr = mnist_job.load(data, "train")
    xte, yte = mnist_job.load(data, "t10k")
    m = torch.nn.parallel.DistributedDataParallel(mnist_job.model())
    opt = mnist_job.rmsprop(m)
    epochs_out = []
    for e in range(epochs):
        t = time.perf_counter()
        # The same permutation on every rank: the global generator was seeded alike and is drawn
        # alike.
        sums = mnist_job.train_epoch(m, opt, xtr, ytr, torch.randperm(len(xtr)), pc.BATCH, rank,
                                     world)
        total = torch.tensor(sums, dtype=torch.float64)
        dist.all_reduce(total)
        epochs_out.append({"seconds": time.perf_counter() - t,
                           "loss": (total[0] / total[2]).item(),
                           "accuracy": (total[1] / total[2]).item()})
    result = None
    if rank == 0:
        result = {"epochs": epochs_out, "test_accuracy": mnist_job.test(m.module, xte, yte)[1],
                  "world": world, "threads_per_process": torch.get_num_threads()}
    dist.destroy_process_group()
    return result


def main():
    data, seed, epochs, _ = pc.arguments(__doc__)
    data = os.path.abspath(data)
    # The training processes import peer_common and mnist_job as this one does.
    pc.local_spark_environment()
    import pyspark
    import torch
    from pyspark.ml.torch.distributor import TorchDistributor
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(f"local[{PROCESSES}]").appName("torch-distributor-mnist")
             .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        result = TorchDistributor(num_processes=PROCESSES, local_mode=False, use_gpu=False) \
            .run(train, data, seed, epochs)
    finally:
        spark.stop()
    if not result:
        pc.mnist_idx.fail(f"TorchDistributor returned {result!r}, expected rank 0's results")
    for e, ep in enumerate(result["epochs"]):
        pc.epoch_line(e + 1, epochs, ep["seconds"], ep["loss"], ep["accuracy"])
    end_to_end = pc.process_seconds()

    torch.set_num_threads(pc.THREADS)
    w, x = torch.rand(512, 784), torch.rand(784, 64)

    def products():
        return (w @ x) @ x.T

    with torch.no_grad():
        rate, spent = pc.sgemm_rate(products)
    pc.report("torch-distributor", seed, [ep["seconds"] for ep in result["epochs"]],
              result["test_accuracy"], end_to_end, rate, spent, torch=torch.__version__,
              pyspark=pyspark.__version__, processes=result["world"],
              threads_per_process=result["threads_per_process"], backend="gloo")


if __name__ == "__main__":
    main()
