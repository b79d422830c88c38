"""The reference job as the Keras program, a peer of jobs/bench-peers.sh: Keras 3 on TensorFlow for
CPU (tools/peer/.venv); 784 -> Dense(512, relu) -> Dense(10, softmax); RMSprop (Keras' defaults);
categorical cross-entropy; batch 128; 5 epochs; pixels / 255; one-hot labels; 2 threads. Prints an
epoch line each epoch and the peer-result line (tools/peer/peer_common.py).

  keras_mnist.py DATA SEED [EPOCHS]
"""
import os
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import peer_common as pc  # noqa: E402


def configure_threads():
    """TensorFlow's two pools at the bench's thread count (TensorFlow's own default on 2 cores)."""
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(pc.THREADS)
    tf.config.threading.set_inter_op_parallelism_threads(pc.THREADS)


def model():
    """The reference network, compiled as the reference program compiles it."""
    import keras
    m = keras.Sequential([keras.Input(shape=(784,)),
                          keras.layers.Dense(512, activation="relu"),
                          keras.layers.Dense(10, activation="softmax")])
    m.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.RMSprop(),
              metrics=["accuracy"])
    return m


def tf_sgemm_rate():
    """The matrix-product rate of TensorFlow in this process (peer_common.sgemm_rate)."""
    import tensorflow as tf
    w, x = tf.random.uniform((512, 784)), tf.random.uniform((784, 64))

    @tf.function
    def products():
        return tf.matmul(tf.matmul(w, x), x, transpose_b=True)

    return pc.sgemm_rate(products)


def main():
    data, seed, epochs, _ = pc.arguments(__doc__)
    configure_threads()
    import keras

    class EpochClock(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.seconds, self.t = [], 0.0

        def on_epoch_begin(self, epoch, logs=None):
            self.t = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.seconds.append(time.perf_counter() - self.t)
            pc.epoch_line(epoch + 1, epochs, self.seconds[-1], logs["loss"], logs["accuracy"])

    keras.utils.set_random_seed(seed)
    xtr, ytr, xte, yte = pc.load(data)
    m = model()
    clock = EpochClock()
    m.fit(xtr, pc.one_hot(ytr), batch_size=pc.BATCH, epochs=epochs, verbose=0, callbacks=[clock])
    _, accuracy = m.evaluate(xte, pc.one_hot(yte), verbose=0)
    end_to_end = pc.process_seconds()
    rate, spent = tf_sgemm_rate()
    pc.report("keras", seed, clock.seconds, float(accuracy), end_to_end, rate, spent,
              keras=keras.__version__, backend=keras.backend.backend())


if __name__ == "__main__":
    main()
