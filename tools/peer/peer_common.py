"""What the peers of jobs/bench-peers.sh share: the command line, the MNIST files (through
tools/reference/mnist_idx.py), the clock from the process' own start, the in-process matrix-product
rate, and the one machine-readable line each prints last:

  peer-result {"engine": ..., "seed": ..., "epoch_seconds": [...], "seconds_per_epoch": ...,
               "end_to_end_seconds": ..., "test_accuracy": ..., "sgemm_gflops": ..., ...}

seconds_per_epoch is the median of epochs 2 on (the first pays the warm-up); end_to_end_seconds runs
from the process' start (interpreter and imports included, read from /proc) to the test accuracy;
the matrix-product rate is measured after that (sgemm_seconds says how long it took, so that a
timer outside can take it off).
"""
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
import mnist_idx  # noqa: E402  (tools/reference/mnist_idx.py, the one IDX loader)

THREADS = 2
BATCH = 128
CLASSES = 10


def process_seconds():
    """Seconds since this process started: /proc/uptime minus /proc/self/stat's start time."""
    with open("/proc/self/stat") as f:
        stat = f.read()
    start_ticks = int(stat[stat.rindex(")") + 2:].split()[19])  # field 22, starttime
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


def arguments(usage, extra=()):
    """DATA SEED [EPOCHS] [EXTRA...] from the command line; exit 2 with the usage when malformed."""
    argv = sys.argv[1:]
    if len(argv) < 2 or len(argv) > 3 + len(extra):
        mnist_idx.fail(usage)
    try:
        seed = int(argv[1])
        epochs = int(argv[2]) if len(argv) > 2 else 5
    except ValueError:
        mnist_idx.fail(usage)
    if epochs < 1:
        mnist_idx.fail(f"epochs: expected at least 1, found {epochs}\n{usage}")
    return argv[0], seed, epochs, argv[3:]


def local_spark_environment():
    """What a local Spark started from this process needs: its Python workers run this
    interpreter (the environment's, not the python3 on the PATH) with these folders on their path,
    and Spark binds to the loopback address."""
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    here = os.path.dirname(os.path.abspath(__file__))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [here, os.path.join(here, "..", "reference")]
        + ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else []))


def load(data):
    """Training and test images (float32 rows of 784 in [0, 1]) and labels (uint8)."""
    xtr, ytr = mnist_idx.load(data, "train")
    xte, yte = mnist_idx.load(data, "t10k")
    return xtr, ytr, xte, yte


def one_hot(labels):
    import numpy as np
    out = np.zeros((len(labels), CLASSES), np.float32)
    out[np.arange(len(labels)), labels] = 1
    return out


def sgemm_rate(products):
    """GFLOP/s of products(): one forward (512x784 . 784x64) and one weight-gradient
    (512x64 . 64x784) product, as Neuron's SgemmPeak times them, for about a second after a
    warm-up. Returns (rate, seconds spent measuring)."""
    t0 = time.perf_counter()
    for _ in range(50):
        products()
    reps, t = 0, time.perf_counter()
    while time.perf_counter() - t < 1.0:
        for _ in range(20):
            products()
        reps += 20
    rate = 2.0 * 2 * 512 * 784 * 64 * reps / (time.perf_counter() - t) / 1e9
    return rate, time.perf_counter() - t0


def epoch_line(epoch, epochs, seconds, loss, accuracy):
    print(f"epoch {epoch}/{epochs}: {seconds:.2f}s, loss {loss:.4f}, accuracy {accuracy:.4f}",
          flush=True)


def report(engine, seed, epoch_seconds, test_accuracy, end_to_end, sgemm, sgemm_seconds, **extra):
    """Prints the peer-result line (see the module's doc)."""
    later = epoch_seconds[1:] or epoch_seconds
    result = {"engine": engine, "seed": seed, "epoch_seconds": epoch_seconds,
              "seconds_per_epoch": statistics.median(later), "end_to_end_seconds": end_to_end,
              "test_accuracy": test_accuracy, "sgemm_gflops": sgemm, "sgemm_threads": THREADS,
              "sgemm_seconds": sgemm_seconds, "threads": THREADS, **extra}
    print(f"Test accuracy {test_accuracy:.4f}; end to end {end_to_end:.1f}s from the process'"
          f" start; matrix products {sgemm:.1f} GFLOP/s on {THREADS} threads", flush=True)
    print("peer-result " + json.dumps(result), flush=True)
