package dev.neuron.bench;

import dev.neuron.cli.ConfigException;
import dev.neuron.cli.HelpRequested;
import java.util.List;

/** Options of {@code jobs/bench.sh}. */
record BenchArgs(int epochs, int steps, int partitions, List<String> modes, String out,
    String data, String master, long seed, double mllibSeconds, boolean mllib,
    int endToEndRounds, List<String> endToEndFlags) {

  static final String USAGE = """
      usage: bench [--epochs N] [--steps N] [--partitions N] [--mode jobs|gang|gang-tcp|both|all|M,M...]
                   [--out DIR] [--data DIR] [--master URL] [--seed N] [--mllib-seconds S]
                   [--mllib yes|no] [--end-to-end ROUNDS] [--end-to-end-flags "FLAGS"]
      --end-to-end: rounds of (jobs/train-mnist.sh, the PyTorch script) timed end to end, in
        turns (default 2; 0 skips); --end-to-end-flags: extra flags for jobs/train-mnist.sh""";

  static BenchArgs parse(String[] argv) {
    HelpRequested.check(argv, USAGE);
    int epochs = 5;
    int steps = Integer.MAX_VALUE;
    int partitions = 2;
    List<String> modes = List.of("jobs", "gang");
    String out = "runs/bench";
    String data = "data/mnist";
    String master = "";
    long seed = 1;
    double mllibSeconds = 0;
    boolean mllib = true;
    int endToEndRounds = 2;
    List<String> endToEndFlags = List.of();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      String v = argv[i + 1];
      switch (argv[i]) {
        case "--epochs" -> epochs = Integer.parseInt(v);
        case "--steps" -> steps = Integer.parseInt(v);
        case "--partitions" -> partitions = Integer.parseInt(v);
        case "--mode" -> modes = switch (v) {
          case "both" -> List.of("jobs", "gang");
          case "all" -> List.of("jobs", "gang", "gang-tcp");
          default -> modeList(v);
        };
        case "--out" -> out = v;
        case "--data" -> data = v;
        case "--master" -> master = v;
        case "--seed" -> seed = Long.parseLong(v);
        case "--mllib-seconds" -> mllibSeconds = Double.parseDouble(v);
        case "--mllib" -> mllib = !v.equals("no");
        case "--end-to-end" -> endToEndRounds = Integer.parseInt(v);
        case "--end-to-end-flags" -> endToEndFlags = v.isBlank() ? List.of()
            : List.of(v.trim().split("\\s+"));
        default -> throw new ConfigException("unknown option " + argv[i] + "\n" + USAGE);
      }
    }
    if (argv.length % 2 != 0) {
      throw new ConfigException(argv[argv.length - 1] + ": missing value\n" + USAGE);
    }
    return new BenchArgs(epochs, steps, partitions, modes, out, data, master, seed, mllibSeconds,
        mllib, endToEndRounds, endToEndFlags);
  }

  /** A comma-separated list of modes, in the order to run them. */
  private static List<String> modeList(String v) {
    List<String> modes = List.of(v.split(","));
    for (String m : modes) {
      if (!List.of("jobs", "gang", "gang-tcp").contains(m)) {
        throw new ConfigException("--mode " + v
            + ": expected jobs, gang, gang-tcp, both, all or a comma-separated list of the first"
            + " three");
      }
    }
    return modes;
  }
}
