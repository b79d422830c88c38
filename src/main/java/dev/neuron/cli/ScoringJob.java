package dev.neuron.cli;

import dev.neuron.data.DataException;
import dev.neuron.data.ExampleSources;
import dev.neuron.data.InputFormat;
import dev.neuron.data.ReadSpec;
import dev.neuron.io.FormatException;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/** What the scoring mains share: the input layout, and mapping failures to exit codes. */
final class ScoringJob {
  private ScoringJob() {}

  /** A scoring job body: runs on a session it does not own and returns the exit code. */
  interface Body {
    int run(ScoreArgs args, SparkSession spark);
  }

  /**
   * The scoring mains' shared shell: parse the flags (common ones plus {@code extraFlags}), start
   * a session on {@code --master}, run {@code body}, stop the session; usage errors exit 2.
   */
  static int main(String[] argv, String app, Set<String> extraFlags, String usage, Body body) {
    ScoreArgs args;
    try {
      args = ScoreArgs.parse(argv, extraFlags, usage);
    } catch (RuntimeException e) {
      return fail(e);
    }
    SparkSession spark = Sessions.start(app, args.get("--master"),
        Runtime.getRuntime().availableProcessors());
    try {
      return body.run(args, spark);
    } finally {
      spark.stop();
    }
  }

  static ReadSpec readSpec(ScoreArgs args, Configuration conf) {
    InputFormat format = args.has("--format") ? InputFormat.fromKey(args.get("--format"))
        : ExampleSources.infer(conf, args.get("--data"));
    return args.readSpec(format);
  }

  /**
   * Exit code for a failure (2: bad configuration or input, 1: anything else), after printing it.
   * Bad input found by an executor reaches the driver wrapped in Spark's job failure; the first
   * {@link DataException} in the cause chain is the message that matters.
   */
  static int fail(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DataException || t instanceof FormatException
          || t instanceof ConfigException) {
        System.err.println("error: " + t.getMessage());
        return 2;
      }
    }
    if (e instanceof IllegalArgumentException) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    System.err.println("error: " + e);
    e.printStackTrace(System.err);
    return 1;
  }
}
