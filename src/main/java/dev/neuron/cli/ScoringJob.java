package dev.neuron.cli;

import dev.neuron.read.ExampleSources;
import dev.neuron.read.InputFormat;
import dev.neuron.read.ReadSpec;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/** What the scoring mains share: the session around the job and the input layout. */
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
      return ExitCode.of(e);
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
}
