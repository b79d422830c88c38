"""The reference job on Elephas (Keras on Spark, tools/peer/.venv-elephas), a peer of
jobs/bench-peers.sh: the Keras program's model (keras_mnist.py) trained by Elephas on a local
Spark, local[2] (the RDD's 2 partitions: 2 workers), batch 128 on each worker, 5 epochs, then scored on the test files by
the trained master network in the driver.

  elephas_mnist.py DATA SEED [EPOCHS] [MODE]

MODE is one of
  sync          SparkModel: each epoch, every worker fits its partition for one epoch from the
                broadcast weights (a fresh optimizer each time), and the driver averages the changes;
  async-epoch   AsynchronousSparkModel, mode asynchronous, frequency epoch: each worker pulls the
                weights from the parameter server, fits its partition for an epoch, pushes the
                change (under the server's lock), 5 times;
  async-batch   the same at frequency batch: a pull and a push around every batch;
  hogwild-epoch mode hogwild (no lock), frequency epoch.
The parameter server (Flask, in a forked process) listens on 127.0.0.1 at a free port; Spark too
(SPARK_LOCAL_IP). Each worker's TensorFlow runs one thread per pool (2 workers: the 2 threads).
Prints the epochs' seconds (sync: one Spark job per epoch; the async modes run all epochs in one
job, so their per-epoch figure is the training time / epochs) and the peer-result line.
"""
import os
import socket
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# Read by TensorFlow in the Spark Python workers, which inherit this environment.
os.environ["TF_NUM_INTRAOP_THREADS"] = "1"
os.environ["TF_NUM_INTEROP_THREADS"] = "1"

import peer_common as pc  # noqa: E402

pc.local_spark_environment()

MODES = ("sync", "async-epoch", "async-batch", "hogwild-epoch")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spark_model(model, mode):
    from elephas.spark_model import AsynchronousSparkModel, SparkModel
    if mode == "sync":
        return SparkModel(model, batch_size=pc.BATCH)
    kind, frequency = mode.split("-")
    return AsynchronousSparkModel(model, batch_size=pc.BATCH,
                                  mode="asynchronous" if kind == "async" else "hogwild",
                                  frequency=frequency, parameter_server_mode="http",
                                  port=free_port())


def main():
    data, seed, epochs, extra = pc.arguments(__doc__, extra=("MODE",))
    mode = extra[0] if extra else "sync"
    if mode not in MODES:
        pc.mnist_idx.fail(f"MODE: expected one of {', '.join(MODES)}, found {mode}\n{__doc__}")
    import keras
    import keras_mnist
    from elephas.utils.rdd_utils import to_simple_rdd
    from pyspark import SparkConf, SparkContext

    keras_mnist.configure_threads()
    keras.utils.set_random_seed(seed)
    xtr, ytr, xte, yte = pc.load(data)
    sc = SparkContext(conf=SparkConf().setMaster("local[2]").setAppName("elephas-mnist")
                      .set("spark.ui.enabled", "false").set("spark.driver.memory", "4g"))
    sc.setLogLevel("ERROR")
    try:
        rdd = to_simple_rdd(sc, xtr, pc.one_hot(ytr))  # local[2]: 2 partitions
        m = spark_model(keras_mnist.model(), mode)
        seconds = []
        if mode == "sync":
            # One fit per epoch to time each; SparkModel.fit itself runs one job per epoch from
            # the master weights, which carry over, so this is the same training.
            for e in range(epochs):
                t = time.perf_counter()
                m.fit(rdd, epochs=1, batch_size=pc.BATCH, verbose=0, validation_split=0.0)
                seconds.append(time.perf_counter() - t)
                print(f"epoch {e + 1}/{epochs}: {seconds[-1]:.2f}s", flush=True)
        else:
            t = time.perf_counter()
            m.fit(rdd, epochs=epochs, batch_size=pc.BATCH, verbose=0, validation_split=0.0)
            seconds = [(time.perf_counter() - t) / epochs] * epochs
            print(f"{epochs} epochs: {sum(seconds):.2f}s", flush=True)
    finally:
        sc.stop()
    _, accuracy = m.master_network.evaluate(xte, pc.one_hot(yte), verbose=0)
    end_to_end = pc.process_seconds()
    rate, spent = keras_mnist.tf_sgemm_rate()
    import elephas
    pc.report("elephas-" + mode, seed, seconds, float(accuracy), end_to_end, rate, spent,
              elephas=getattr(elephas, "__version__", "7.3.0"), keras=keras.__version__)


if __name__ == "__main__":
    main()
