package dev.neuron.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuron.bench.PeerTargets;
import dev.neuron.bench.Peers;
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
    Peers.measure(new Peers.Settings(Path.of("").toAbsolutePath(), a.data(), a.seeds(),
        a.epochs(), a.peers(), a.neuronFlags(), Path.of(a.out()), a.limitSeconds()),
        2 * perThread, peers);
    double loadEnd = load();
    root.put("load_average_end", loadEnd);
    // The load before the bench started: each run's own load lingers in the next one's figure.
    PeerTargets.print(peers, loadStart, cores);
    Files.createDirectories(Path.of(a.out()));
    Path json = Path.of(a.out(), "bench.json");
    Files.writeString(json, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    System.out.println("Wrote " + json);
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
