package dev.neuron.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuron.cli.ExitCode;
import dev.neuron.linalg.Blas;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The peer benchmark behind {@code jobs/bench-peers.sh}: the README main job against the Keras
 * program, current PyTorch, TorchDistributor and Elephas ({@link Peers}), over seeds 1–3, with
 * each side's matrix-product rate and the target lines ({@link PeerTargets}); writes
 * {@code bench.json}. Not a test: the numbers depend on the machine and what else runs on it.
 */
public final class BenchPeers {
  private BenchPeers() {}

  public static void main(String[] argv) throws Exception {
    BenchPeersArgs a;
    try {
      a = BenchPeersArgs.parse(argv);
    } catch (RuntimeException e) {
      System.exit(ExitCode.of(e));
      return;
    }
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    double loadStart = load();
    int cores = Runtime.getRuntime().availableProcessors();
    root.put("load_average_start", loadStart).put("cores", cores);
    double one = SgemmPeak.measure();
    double perThread = SgemmPeak.measureConcurrent(2);
    root.put("blas", Blas.implementation()).put("sgemm_gflops_one_thread", one)
        .put("sgemm_gflops_per_thread_two_at_once", perThread);
    // Neuron's side on the run's 2 threads: two partitions, each its own product, at once.
    System.out.printf("Neuron: BLAS %s, sgemm %.1f GFLOP/s on one thread, %.1f on 2 threads at"
        + " once (2 x %.1f); load average %.2f at the start on %d cores%n", Blas.implementation(),
        one, 2 * perThread, perThread, loadStart, cores);
    ObjectNode peers = root.putObject("peers");
    Path json = Path.of(a.out(), "bench.json");
    Peers.measure(new Peers.Settings(Path.of("").toAbsolutePath(), a.data(), a.seeds(),
        a.epochs(), a.peers(), a.neuronFlags(), Path.of(a.out()), a.limitSeconds()),
        2 * perThread, peers, () -> write(mapper, root, json));
    root.put("load_average_end", load());
    // The load before the bench started: each run's own load lingers in the next one's figure.
    PeerTargets.print(peers, loadStart, cores);
    write(mapper, root, json);
    System.out.println("Wrote " + json);
  }

  /** Writes the JSON whole (a temporary file renamed), so that a reader never sees half of it. */
  private static void write(ObjectMapper mapper, ObjectNode root, Path json) {
    try {
      Files.createDirectories(json.getParent());
      Path part = json.resolveSibling(json.getFileName() + ".part");
      Files.writeString(part, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root)
          + "\n");
      Files.move(part, json, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
