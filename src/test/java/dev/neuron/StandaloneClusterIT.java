package dev.neuron;

import static dev.neuron.ScriptRuns.assertSameBits;
import static dev.neuron.ScriptRuns.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neuron.io.ModelFile;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jobs/ scripts against a real Spark standalone cluster (a master and two one-core workers,
 * each its own JVM, authentication on) started from the Maven-resolved Spark jars: the reference
 * job trained through spark-submit on executors in other JVMs, evaluated, compared bit for bit with
 * embedded local mode, and run again with its data and output on HDFS.
 */
class StandaloneClusterIT {
  private static final Path LOGS = Path.of("target/it-logs");
  private static final Path RUNS = Path.of("target/it-runs");
  private static final String PROFILE = System.getProperty("neuron.maven.profile", "");
  private static int port;

  @BeforeAll
  static void startCluster() throws Exception {
    Files.createDirectories(LOGS);
    ScriptRuns.deleteTree(RUNS);
    Files.createDirectories(RUNS);
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    run("start", 300, "jobs/standalone-cluster.sh", "start");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    run("stop", 120, "jobs/standalone-cluster.sh", "stop");
  }

  @Test
  void referenceEpochOnTwoExecutorJvmsEqualsLocalModeBitForBit() throws Exception {
    String cluster = RUNS.resolve("cluster-e1").toAbsolutePath().toString();
    String local = RUNS.resolve("local-e1").toAbsolutePath().toString();
    String[] job = {"--epochs", "1", "--seed", "1", "--partitions", "2"};
    run("train-cluster", 1200, concat(new String[] {"jobs/standalone-cluster.sh", "submit",
        "jobs/train-mnist.sh", "--out", cluster, "--mode", "jobs"}, job));
    JsonNode metrics = new ObjectMapper().readTree(new File(cluster, "metrics.json"));
    double accuracy = metrics.at("/test/accuracy").asDouble();
    assertTrue(accuracy > 0.9, "test accuracy after one epoch: expected > 0.9, found " + accuracy);
    assertEquals(10000, metrics.at("/test/count").asLong());
    assertExecutorJvms(metrics);

    run("train-local", 1200, concat(new String[] {"jobs/train-mnist.sh", "--out", local}, job));
    assertSameBits(cluster, local, "local mode");

    // Gang mode on the same cluster, chosen by the default mode (auto) from the two executors'
    // task slots: a barrier stage whose tasks, in the executors' JVMs, reach the driver's channel;
    // the same algorithm, so the same bits as one job per step.
    String gang = RUNS.resolve("cluster-gang-e1").toAbsolutePath().toString();
    run("train-cluster-gang", 600, concat(new String[] {"jobs/standalone-cluster.sh", "submit",
        "jobs/train-mnist.sh", "--out", gang}, job));
    // Spark's authentication and network encryption (the cluster's settings) cover its channel.
    assertTrue(Files.readString(LOGS.resolve("train-cluster-gang.log"))
        .contains("(authenticated, encrypted); waiting for 2 tasks"),
        "the gang run must not have fallen back to one job per step, and must be encrypted");
    JsonNode gangMetrics = new ObjectMapper().readTree(new File(gang, "metrics.json"));
    assertEquals("gang", gangMetrics.get("mode").asText(), gangMetrics.get("mode_reason").asText());
    assertSameBits(cluster, gang, "gang mode");
  }

  @Test
  void readsMnistFromHdfsAndWritesTheModelThere() throws Exception {
    try (MiniHdfs hdfs = MiniHdfs.start()) {
      String data = hdfs.copyMnist("/mnist", 6000, 1000);
      String out = hdfs.uri("/runs/cluster");
      run("train-cluster-hdfs", 600, "jobs/standalone-cluster.sh", "submit",
          "jobs/train-mnist.sh", "--data", data, "--out", out, "--epochs", "1");
      JsonNode metrics = new ObjectMapper().readTree(hdfs.read(out + "/metrics.json"));
      assertEquals(1000, metrics.at("/test/count").asLong());
      assertTrue(metrics.at("/test/accuracy").asDouble() > 0.8, metrics.at("/test").toString());
      assertExecutorJvms(metrics);
      assertEquals(data, ModelFile.read(hdfs.fs().getConf(), out).provenance().get("data.dir"));
    }
  }

  /** At least two executors, each its own JVM (not the driver), each on the bundled OpenBLAS. */
  private static void assertExecutorJvms(JsonNode metrics) {
    JsonNode executors = metrics.get("executors_blas");
    assertTrue(executors.size() >= 2, "expected >= 2 executors, found " + executors);
    Set<Long> pids = new HashSet<>();
    for (JsonNode e : executors) {
      assertNotEquals("driver", e.get("executor").asText(), executors.toString());
      pids.add(e.get("pid").asLong());
      assertEquals("dev.ludovic.netlib.blas.JNIBLAS", e.get("implementation").asText());
      assertTrue(e.get("native_library").asText().contains("neuron-app.jar"),
          "OpenBLAS extracted from the application jar: " + e);
    }
    assertEquals(executors.size(), pids.size(), "one JVM per executor: " + executors);
  }

  /** Runs a script from the project folder, its output in target/it-logs/NAME.log. */
  private static void run(String name, int timeoutSeconds, String... command)
      throws IOException, InterruptedException {
    Map<String, String> env = new HashMap<>();
    env.put("SPARK_HOME", null);
    env.put("NEURON_SPARK_PROFILE", PROFILE);
    env.put("NEURON_MASTER_PORT", Integer.toString(port));
    env.put("NEURON_MASTER_UI_PORT", "0");
    env.put("NEURON_JAVA_OPTS", "-Xmx3g");
    ScriptRuns.run(LOGS, name, timeoutSeconds, env, command);
  }
}
