package dev.neuron.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.neuron.read.IdxFiles;
import dev.neuron.io.ModelFile;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole training runs of {@code cli.Train} in child JVMs (a JVM holds one SparkContext, and a
 * driver can only be killed from outside): {@code local[2]}, {@code local[1]}, {@code local[2,4]}
 * with an injected task failure, and a driver killed with SIGKILL mid-run then resumed must all end
 * with the same model bits.
 */
class DisturbedRunsTest {
  private static final long TIMEOUT_S = 300;

  @TempDir
  static Path tmp;
  static Path data;

  @BeforeAll
  static void data() throws IOException {
    data = tmp.resolve("data");
    IdxFiles.writeDataset(data, 1200, 10);
  }

  /**
   * 20 steps an epoch, 2 epochs, a checkpoint every 3 steps; no test set. Three partitions, so a sum
   * in task-completion order would differ ((a + b) + c ≠ (a + c) + b in floats), unlike with two.
   */
  static ProcessBuilder train(String name, String master, List<String> jvmFlags,
      String... extra) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String line : Files.readAllLines(Path.of("conf/jvm-options"))) {
      if (!line.startsWith("#") && !line.isBlank()) {
        cmd.addAll(Arrays.asList(line.trim().split("\\s+")));
      }
    }
    // Short-lived JVMs: the C1 compiler and serial GC halve the CPU a run spends starting up.
    cmd.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Dlog4j2.configurationFile=conf/log4j2.properties"));
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-cp", System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path")), Train.class.getName(),
        "--data", data.toString(), "--out", tmp.resolve(name).toString(), "--master", master,
        "--partitions", "3", "--epochs", "2", "--batch-size", "60", "--seed", "5",
        "--checkpoint-every", "3", "--set", "model.layers=16:relu,10:softmax",
        "--set", "eval.top_k=3", "--set", "data.test="));
    cmd.addAll(Arrays.asList(extra));
    return new ProcessBuilder(cmd).redirectOutput(tmp.resolve(name + ".out").toFile())
        .redirectError(tmp.resolve(name + ".err").toFile());
  }

  static void finish(Process p, String name) throws Exception {
    if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(name + " did not finish in " + TIMEOUT_S + " s");
    }
    assertEquals(0, p.exitValue(), name + " failed:\n" + log(name));
  }

  static String log(String name) throws IOException {
    return Files.readString(tmp.resolve(name + ".out")) + Files.readString(tmp.resolve(name
        + ".err"));
  }

  static int[] modelBits(String name) {
    float[] p = ModelFile.read(new Configuration(), tmp.resolve(name).toString()).params();
    int[] bits = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      bits[i] = Float.floatToRawIntBits(p[i]);
    }
    return bits;
  }

  @Test
  void disturbedRunsEndWithTheSameBits() throws Exception {
    // All four runs at once (they are small); the kill comes early in the first epoch.
    Process two = train("local2", "local[2]", List.of()).start();
    Process one = train("local1", "local[1]", List.of()).start();
    Process retried = train("retried", "local[2,4]",
        List.of("-Dspark.neuron.test.failTask=2:25")).start();
    Process killed = train("killed", "local[2]", List.of()).start();
    Path ck = tmp.resolve("killed.checkpoints");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    // Wait for a mid-epoch checkpoint (step 6 or later of 20), then kill the driver outright.
    while (!names(ck).stream().anyMatch(n -> n.compareTo("checkpoint-e000000-s000000006") > 0)) {
      if (!killed.isAlive() || System.nanoTime() > deadline) {
        fail("the run ended before a mid-epoch checkpoint appeared:\n" + log("killed"));
      }
      Thread.sleep(5);
    }
    assertTrue(killed.isAlive(), "the driver must still be training when killed");
    killed.destroyForcibly().waitFor();
    List<String> atKill = names(ck);
    assertEquals(137, killed.exitValue(), "SIGKILL");
    assertFalse(Files.exists(tmp.resolve("killed")), "a killed run publishes no output");

    finish(two, "local2");
    finish(one, "local1");
    finish(retried, "retried");
    int[] reference = modelBits("local2");
    assertArrayEquals(reference, modelBits("local1"), "local[1] vs local[2]");
    String retriedLog = log("retried");
    assertTrue(retriedLog.contains("injected task failure (spark.neuron.test.failTask=2:25)"),
        retriedLog);
    assertArrayEquals(reference, modelBits("retried"), "a retried task changes nothing");

    finish(train("killed", "local[2]", List.of(), "--resume").start(), "killed");
    String resumed = Files.readString(tmp.resolve("killed.out"));
    assertTrue(resumed.contains("Resume: from "), resumed);
    System.out.println("checkpoints at the kill: " + atKill + "; " + resumed.lines()
        .filter(l -> l.startsWith("Resume")).findFirst().orElseThrow());
    assertArrayEquals(reference, modelBits("killed"), "kill -9 and --resume");
  }

  /**
   * Validation (10 % held out) and early stopping with patience 1: on this noise data the run
   * stops after epoch 6 of 12 and restores epoch 5. A driver killed with SIGKILL in epoch 3 and
   * resumed ends with the same model bits, the same history.csv and the same metrics.json, up to
   * what measures time or names the run (seconds, samples per second, the driver's pid, the
   * output path).
   */
  @Test
  void aKilledRunWithEarlyStoppingResumesToTheSameOutputs() throws Exception {
    String[] es = {"--epochs", "12", "--set", "train.validation_split=0.1", "--set",
        "early_stopping.patience=1", "--set", "data.test=t10k"};
    Process reference = train("es", "local[2]", List.of(), es).start();
    Process killed = train("esKilled", "local[2]", List.of(), es).start();
    Path ck = tmp.resolve("esKilled.checkpoints");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    while (!names(ck).stream().anyMatch(n -> n.compareTo("checkpoint-e000002-s000000006") > 0)) {
      if (!killed.isAlive() || System.nanoTime() > deadline) {
        fail("the run ended before epoch 3's checkpoint appeared:\n" + log("esKilled"));
      }
      Thread.sleep(5);
    }
    assertTrue(killed.isAlive(), "the driver must still be training when killed");
    killed.destroyForcibly().waitFor();
    assertEquals(137, killed.exitValue(), "SIGKILL");
    assertFalse(Files.exists(tmp.resolve("esKilled")), "a killed run publishes no output");
    finish(reference, "es");
    finish(train("esKilled", "local[2]", List.of(), append(es, "--resume")).start(), "esKilled");

    assertTrue(log("es").contains("Early stopping after epoch 6"), log("es"));
    assertTrue(log("esKilled").contains("Resume: from "), log("esKilled"));
    assertArrayEquals(modelBits("es"), modelBits("esKilled"), "model");
    assertEquals(untimed(Files.readAllLines(tmp.resolve("es/history.csv"))),
        untimed(Files.readAllLines(tmp.resolve("esKilled/history.csv"))), "history.csv");
    assertEquals(untimed(tmp.resolve("es/metrics.json")),
        untimed(tmp.resolve("esKilled/metrics.json")), "metrics.json");
  }

  private static String[] append(String[] a, String... more) {
    String[] out = Arrays.copyOf(a, a.length + more.length);
    System.arraycopy(more, 0, out, a.length, more.length);
    return out;
  }

  /** history.csv without its last two columns, seconds and samples_per_second. */
  private static List<String> untimed(List<String> lines) {
    return lines.stream().map(l -> l.replaceAll(",[^,]*,[^,]*$", "")).toList();
  }

  /** metrics.json without times, pids and the output path. */
  private static com.fasterxml.jackson.databind.JsonNode untimed(Path file) throws IOException {
    com.fasterxml.jackson.databind.JsonNode root =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
    for (com.fasterxml.jackson.databind.JsonNode e : root.get("epochs")) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) e).remove(
          List.of("seconds", "samples_per_second"));
    }
    for (com.fasterxml.jackson.databind.JsonNode e : root.get("executors_blas")) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) e).remove("pid");
    }
    ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("config")).remove("out");
    // step_times and communication hold timings, and a resumed run has them only for the epochs
    // it ran.
    ((com.fasterxml.jackson.databind.node.ObjectNode) root).remove(
        List.of("phase_seconds", "phase_cpu_seconds", "step_times", "communication"));
    assertTrue(root.at("/epochs/0/val_loss").isNumber(), root.toString());
    assertTrue(root.at("/executors_blas/0/kernel").asText().startsWith("OpenBLAS"),
        "each executor's kernels are recorded: " + root.get("executors_blas"));
    return root;
  }

  /**
   * Five partitions, gang mode over TCP with the tasks adding their gradients in a tree (task 0
   * adds 1, then 2 (which added 3), then 4): the same bits as the driver adding them one job per
   * step, because both use the same pairwise order.
   */
  @Test
  void aGangTreeGivesTheDriversBits() throws Exception {
    Process jobs = train("jobs5", "local[2]", List.of(), "--partitions", "5").start();
    Process tree = train("tree5", "local[5]", List.of("-Dspark.neuron.gang.transport=tcp",
        "-Dspark.neuron.gang.combine=tree"), "--partitions", "5", "--mode", "gang").start();
    finish(jobs, "jobs5");
    finish(tree, "tree5");
    assertTrue(log("tree5").contains("combine their gradients in a tree"), log("tree5"));
    assertArrayEquals(modelBits("jobs5"), modelBits("tree5"), "gang tree vs jobs, 5 partitions");
  }

  private static List<String> names(Path ck) throws IOException {
    if (!Files.isDirectory(ck)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(ck)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".nrnc")).sorted()
          .toList();
    }
  }
}
