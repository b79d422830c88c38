package dev.neuron;

import static dev.neuron.ScriptRuns.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;

/**
 * The reference job on {@code jobs/netns-cluster.sh}: a standalone master, three one-core workers
 * and the driver, each in its own network namespace, every link shaped to 10 Gbit/s, authentication
 * on. Gang mode over TCP with the gradients combined in a tree (forced: at three tasks the default
 * is a star) must give the bits of local mode with the same seed and partition count. One epoch
 * of the first 12,000 MNIST examples, so that the run takes about a minute plus the cluster's
 * start-up.
 *
 * <p>Skipped, with the reason, where the cluster cannot be built (not root, no {@code ip netns},
 * veth, bridge or tbf); under CI ({@code CI=true}) as root it must run, so there it fails instead.
 */
class NetnsClusterIT {
  private static final Path LOGS = Path.of("target/it-logs");
  private static final Path RUNS = Path.of("target/it-runs/netns");
  private static final String PROFILE = System.getProperty("neuron.maven.profile", "");

  @Test
  void treeGangOnThreeNamespacedExecutorsEqualsLocalModeBitForBit() throws Exception {
    assumeCluster();
    ScriptRuns.deleteTree(RUNS);
    Path data = RUNS.resolve("mnist-12k").toAbsolutePath();
    Files.createDirectories(data);
    Fixtures.copyMnist(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(data.toUri()), 12000, 2000);
    String cluster = RUNS.resolve("cluster").toAbsolutePath().toString();
    String local = RUNS.resolve("local").toAbsolutePath().toString();
    String job = "--epochs 1 --seed 7 --partitions 3 --data " + data;
    Map<String, String> env = new HashMap<>();
    env.put("SPARK_HOME", null);
    env.put("NEURON_SPARK_PROFILE", PROFILE);
    env.put("NEURON_JAVA_OPTS", "-Xmx2g");
    env.put("NEURON_NETNS_LOGS", LOGS.resolve("netns-cluster").toAbsolutePath().toString());

    String log = ScriptRuns.run(LOGS, "netns-train", 420, env, "jobs/netns-cluster.sh",
        "--workers", "3", "--rate", "10gbit",
        "--conf", "spark.neuron.gang.transport=tcp", "--conf", "spark.neuron.gang.combine=tree",
        "--", "bash", "-c", "jobs/train-mnist.sh " + job + " --out " + cluster
            + " --master \"$MASTER_URL\"");
    assertTrue(log.contains("(authenticated, encrypted); waiting for 3 tasks, which combine their"
        + " gradients in a tree"), "gang mode with a tree over Spark's authenticated channel");
    JsonNode metrics = new ObjectMapper().readTree(new File(cluster, "metrics.json"));
    assertEquals("gang", metrics.get("mode").asText(), metrics.get("mode_reason").asText());
    assertEquals(2000, metrics.at("/test/count").asLong());
    // Three executors, each its own JVM, each in its worker's namespace (10.47.0.11-13).
    JsonNode executors = metrics.get("executors_blas");
    Set<String> hosts = new HashSet<>();
    Set<Long> pids = new HashSet<>();
    for (JsonNode e : executors) {
      hosts.add(e.get("host").asText());
      pids.add(e.get("pid").asLong());
    }
    assertEquals(Set.of("10.47.0.11", "10.47.0.12", "10.47.0.13"), hosts, executors.toString());
    assertEquals(3, pids.size(), executors.toString());
    // Every one of the 94 steps (12,000 / 128) is a sync; with a tree the driver's link carries
    // one weights frame out and one gradient frame back per step.
    JsonNode epoch = metrics.at("/step_times/0");
    assertEquals(94, epoch.get("steps").asInt(), epoch.toString());
    assertEquals(94, epoch.get("syncs").asLong(), epoch.toString());
    assertTrue(epoch.get("bytes_sent").asLong() > 0 && epoch.get("bytes_received").asLong() > 0,
        epoch.toString());
    // After the first epoch the run says what share of a sync was communication, in its log and
    // in metrics.json, with the bytes it counted.
    JsonNode comm = metrics.get("communication");
    double share = comm.get("share").asDouble();
    assertTrue(share > 0 && share < 1, comm.toString());
    assertEquals((epoch.get("bytes_sent").asDouble() + epoch.get("bytes_received").asDouble())
        / 94, comm.get("bytes_per_sync").asDouble(), 1e-6, comm.toString());
    assertTrue(log.contains(comm.get("message").asText()), comm.toString());

    ScriptRuns.run(LOGS, "netns-local", 300, env, ScriptRuns.concat(
        new String[] {"jobs/train-mnist.sh", "--out", local}, job.split(" ")));
    assertSameBits(local, cluster, "tree gang on the namespace cluster");
  }

  /** Skips (or under CI fails) where this machine cannot build the cluster. */
  private static void assumeCluster() throws IOException, InterruptedException {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
    String uid = new String(id.getInputStream().readAllBytes()).trim();
    id.waitFor(10, TimeUnit.SECONDS);
    assumeTrue(uid.equals("0"), "the namespace cluster needs root (ip netns, veth, tc); uid is "
        + uid);
    Process check = new ProcessBuilder("bash", "jobs/netns-cluster.sh", "--check")
        .redirectErrorStream(true).start();
    String why = new String(check.getInputStream().readAllBytes()).trim();
    boolean done = check.waitFor(60, TimeUnit.SECONDS);
    boolean able = done && check.exitValue() == 0;
    if (ci) {
      assertTrue(able, "CI=true and root, so the namespace cluster must run: " + why);
    }
    assumeTrue(able, why);
  }
}
