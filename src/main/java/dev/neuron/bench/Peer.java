package dev.neuron.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A program that trains the reference job outside Neuron, for {@code jobs/bench-peers.sh}: its
 * name in the bench's output, the virtual environment it runs in (made by
 * {@code tools/peer/setup-venv.sh} under {@code tools/peer/}), its program there, and the
 * arguments after {@code DATA SEED EPOCHS}. Each prints a {@code peer-result} JSON line
 * ({@code tools/peer/peer_common.py}).
 */
public enum Peer {
  /** The reference job as the Keras program: Keras 3 on TensorFlow for CPU. */
  KERAS("keras", ".venv", "keras_mnist.py"),
  /** Current PyTorch from the package index. */
  PYTORCH("pytorch", ".venv", "torch_mnist.py"),
  /** pyspark's TorchDistributor: 2 processes on a local Spark, DDP over gloo. */
  TORCH_DISTRIBUTOR("torch-distributor", ".venv", "torch_distributor_mnist.py"),
  /** Elephas' synchronous mode (per-epoch averaging of the workers' changes). */
  ELEPHAS_SYNC("elephas-sync", ".venv-elephas", "elephas_mnist.py", "sync"),
  /** Elephas' asynchronous mode at its best setting here: a push per worker and epoch. */
  ELEPHAS_ASYNC("elephas-async", ".venv-elephas", "elephas_mnist.py", "async-epoch");

  private final String key;
  private final String venv;
  private final String program;
  private final List<String> args;

  Peer(String key, String venv, String program, String... args) {
    this.key = key;
    this.venv = venv;
    this.program = program;
    this.args = List.of(args);
  }

  public String key() {
    return key;
  }

  /** The environment's folder under {@code tools/peer/}. */
  public String venv() {
    return venv;
  }

  /** Whether it trains on Spark (the end-to-end target against it is 0.5). */
  public boolean onSpark() {
    return this != KERAS && this != PYTORCH;
  }

  /** The command line, from the repository's root. */
  public List<String> command(String python, String data, long seed, int epochs) {
    List<String> cmd = new ArrayList<>(List.of(python, "tools/peer/" + program, data,
        Long.toString(seed), Integer.toString(epochs)));
    cmd.addAll(args);
    return cmd;
  }

  /** The peer of that name; the message lists the names. */
  public static Peer fromKey(String key) {
    for (Peer p : values()) {
      if (p.key.equals(key)) {
        return p;
      }
    }
    List<String> keys = new ArrayList<>();
    for (Peer p : values()) {
      keys.add(p.key);
    }
    throw new IllegalArgumentException("peer " + key + ": expected one of "
        + String.join(", ", keys));
  }
}
