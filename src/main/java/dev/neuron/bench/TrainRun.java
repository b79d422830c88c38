package dev.neuron.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One {@code jobs/train.sh} run as a separate process, its output in {@code out.log}; when links
 * are given (name → namespace), their byte counters are read as the gang assembles (the first
 * epoch's clock starts there) and as each epoch's progress line appears, so each epoch's bytes per link
 * are known exactly, start-up and the test evaluation left out.
 */
public final class TrainRun {
  // Where the first epoch's link counts start: the gang has assembled, or (one Spark job per step
  // or round) the mode was chosen.
  private static final Pattern STARTED = Pattern.compile(
      ".*(gang of \\d+ tasks assembled|one Spark job per (step|round)).*");
  private static final Pattern EPOCH = Pattern.compile("^Epoch \\d+/\\d+ - .*");

  /** The run's {@code metrics.json}, and each epoch's bytes per link (empty without links). */
  public record Result(JsonNode metrics, List<Map<String, long[]>> epochLinks) {}

  private TrainRun() {}

  /**
   * {@link #run} without links, or with {@code reuse} the result a run with the same arguments and
   * environment left in {@code out} before (a bench run that stopped half-way goes on from there).
   */
  public static Result reuseOrRun(Path root, Path out, List<String> args, Map<String, String> env,
      boolean reuse) throws IOException, InterruptedException {
    String key = String.join(" ", args) + "\n" + new java.util.TreeMap<>(env) + "\n";
    Path keyFile = out.resolve("args.txt");
    Path metrics = out.resolve("model/metrics.json");
    if (reuse && Files.isRegularFile(metrics) && Files.isRegularFile(keyFile)
        && Files.readString(keyFile).equals(key)) {
      System.out.println("reusing " + metrics);
      return new Result(new ObjectMapper().readTree(metrics.toFile()), List.of());
    }
    Files.createDirectories(out);
    Files.deleteIfExists(keyFile);
    EndToEnd.delete(out.resolve("model"));
    EndToEnd.delete(out.resolve("model.checkpoints"));
    Result r = run(root, out, args, env, Map.of());
    Files.writeString(keyFile, key);
    return r;
  }

  public static Result run(Path root, Path out, List<String> args, Map<String, String> env,
      Map<String, String> links) throws IOException, InterruptedException {
    Files.createDirectories(out);
    List<String> command = new ArrayList<>(List.of("bash", "jobs/train.sh"));
    command.addAll(args);
    command.addAll(List.of("--out", out.resolve("model").toString()));
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
        .redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    List<Map<String, long[]>> epochs = new ArrayList<>();
    Map<String, long[]> last = null;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8));
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(out.resolve("out.log")))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!links.isEmpty() && last == null && STARTED.matcher(line).matches()) {
          last = LinkCounters.read(links);
        } else if (last != null && EPOCH.matcher(line).matches()) {
          Map<String, long[]> now = LinkCounters.read(links);
          epochs.add(LinkCounters.minus(now, last));
          last = now;
        }
        log.println(line);
      }
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed; see "
          + out.resolve("out.log"));
    }
    JsonNode metrics = new ObjectMapper().readTree(out.resolve("model/metrics.json").toFile());
    return new Result(metrics, epochs);
  }
}
