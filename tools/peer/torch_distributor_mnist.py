"""The reference job on pyspark's TorchDistributor (tools/peer/.venv), a peer of
jobs/bench-peers.sh: a local Spark (local[2], on 127.0.0.1) runs 2 training processes as a barrier
stage (local_mode=False: the path a cluster takes), each a torchrun with one thread, DDP over the
gloo backend. Global batch 128: each step every rank takes its half of the same 128 shuffled rows
and DDP averages the gradients, so a step is the single-process step of the whole batch. The model,
RMSprop (Keras' defaults) and the epoch loop are tools/reference/mnist_job.py's; rank 0 scores
the test files and returns its numbers to the driver, which prints the peer-result line.

  torch_distributor_mnist.py DATA SEED [EPOCHS]

Inside jobs/netns-cluster.sh (MASTER_URL and NEURON_SPARK_PROPERTIES set, as jobs/bench-scale.sh
runs it), it trains on that standalone cluster instead: NEURON_TD_PROCESSES processes (default 2),
one per one-core executor, each in its worker's network namespace, so gloo's all-reduce crosses
the shaped links.
"""
import os
import sys

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
    # Local mode: the machine's threads shared out; on a cluster each process has one core.
    torch.set_num_threads(max(1, pc.THREADS // world))
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
    cluster = os.environ.get("MASTER_URL")
    processes = int(os.environ.get("NEURON_TD_PROCESSES", PROCESSES))
    # The training processes import peer_common and mnist_job as this one does.
    pc.local_spark_environment()
    import pyspark
    import torch
    from pyspark.ml.torch.distributor import TorchDistributor
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("torch-distributor-mnist") \
        .config("spark.ui.enabled", "false")
    if cluster:
        # The cluster's driver properties (its secret, the driver's address in its namespace),
        # one one-core executor per process, each Python worker this environment's interpreter,
        # gloo on the namespace's link (the hostname resolves outside the namespaces).
        del os.environ["SPARK_LOCAL_IP"]
        for key, value in spark_properties(os.environ["NEURON_SPARK_PROPERTIES"]):
            builder = builder.config(key, value)
        builder = builder.master(cluster).config("spark.cores.max", str(processes)) \
            .config("spark.executor.cores", "1") \
            .config("spark.scheduler.minRegisteredResourcesRatio", "1.0") \
            .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "300s") \
            .config("spark.executorEnv.PYTHONPATH", os.environ["PYTHONPATH"]) \
            .config("spark.executorEnv.GLOO_SOCKET_IFNAME", "eth0") \
            .config("spark.pyspark.python", sys.executable)
    else:
        builder = builder.master(f"local[{processes}]").config("spark.driver.host", "127.0.0.1") \
            .config("spark.driver.bindAddress", "127.0.0.1")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        result = TorchDistributor(num_processes=processes, local_mode=False, use_gpu=False) \
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


def spark_properties(path):
    """The key-value pairs of a Spark properties file (key=value or key value; # comments)."""
    pairs = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                key, _, value = line.replace("=", " ", 1).partition(" ")
                pairs.append((key.strip(), value.strip()))
    return pairs


if __name__ == "__main__":
    main()
