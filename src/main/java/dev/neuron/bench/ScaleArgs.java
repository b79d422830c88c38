package dev.neuron.bench;

import dev.neuron.cli.ConfigException;
import dev.neuron.cli.HelpRequested;
import java.util.Arrays;
import java.util.List;

/** Options of {@code jobs/bench-scale.sh}. */
record ScaleArgs(List<Integer> ps, List<String> rates, List<String> configs, List<Long> seeds,
    List<Long> timingSeeds, int timingEpochs, String out, String data, boolean reuse,
    List<String> phases) {
  static final List<String> PHASES = List.of("accuracy", "arithmetic", "cluster");

  static final String USAGE = """
      usage: jobs/bench-scale.sh [--p 1,2,4,8] [--rates 1gbit,10gbit]
                                 [--configs f32,w16,b1024,b4096,h4,h16] [--seeds 1,2,3]
                                 [--timing-seeds 1] [--timing-epochs 2] [--reuse true|false]
                                 [--phases accuracy,arithmetic,cluster] [--out DIR] [--data DIR]
      --p: executor counts; --rates: link rates (tc syntax); --configs: names in
        dev.neuron.bench.ScaleConfig.ALL (default all); --seeds: the accuracy runs' (local
        mode, each configuration's own epochs); --timing-seeds, --timing-epochs: the cluster
        runs' (the first epoch is left out of the timing); --reuse: take accuracy runs an
        earlier bench left in --out with the same arguments (default false); --phases: which
        parts run (default all; the table needs all three); --out: default runs/bench-scale""";

  static ScaleArgs parse(String[] argv) {
    HelpRequested.check(argv, USAGE);
    List<Integer> ps = List.of(1, 2, 4, 8);
    List<String> rates = List.of("1gbit", "10gbit");
    List<String> configs = ScaleConfig.ALL.stream().map(ScaleConfig::name).toList();
    List<Long> seeds = List.of(1L, 2L, 3L);
    List<Long> timingSeeds = List.of(1L);
    int timingEpochs = 2;
    boolean reuse = false;
    List<String> phases = PHASES;
    String out = "runs/bench-scale";
    String data = "data/mnist";
    if (argv.length % 2 != 0) {
      throw new ConfigException(argv[argv.length - 1] + ": missing value\n" + USAGE);
    }
    for (int i = 0; i < argv.length; i += 2) {
      String v = argv[i + 1];
      try {
        switch (argv[i]) {
          case "--p" -> ps = list(v).stream().map(Integer::valueOf).toList();
          case "--rates" -> rates = list(v);
          case "--configs" -> configs = list(v);
          case "--seeds" -> seeds = list(v).stream().map(Long::valueOf).toList();
          case "--timing-seeds" -> timingSeeds = list(v).stream().map(Long::valueOf).toList();
          case "--timing-epochs" -> timingEpochs = Integer.parseInt(v);
          case "--reuse" -> reuse = bool(argv[i], v);
          case "--phases" -> phases = list(v);
          case "--out" -> out = v;
          case "--data" -> data = v;
          default -> throw new ConfigException("unknown option " + argv[i] + "\n" + USAGE);
        }
      } catch (NumberFormatException e) {
        throw new ConfigException(argv[i] + ": expected whole numbers, found '" + v + "'");
      }
    }
    for (int p : ps) {
      if (p < 1) {
        throw new ConfigException("--p: expected executor counts >= 1, found " + p);
      }
    }
    for (String r : rates) {
      if (!r.matches("[0-9]+(\\.[0-9]+)?[kmg]?bit")) {
        throw new ConfigException("--rates: expected rates such as 1gbit or 2.5gbit, found '" + r
            + "'");
      }
    }
    configs.forEach(ScaleConfig::named);
    if (timingEpochs < 1) {
      throw new ConfigException("--timing-epochs: expected at least 1, found " + timingEpochs);
    }
    for (String phase : phases) {
      if (!PHASES.contains(phase)) {
        throw new ConfigException("--phases: expected some of " + PHASES + ", found '" + phase
            + "'");
      }
    }
    return new ScaleArgs(ps, rates, configs, seeds, timingSeeds, timingEpochs, out, data, reuse,
        phases);
  }

  private static boolean bool(String flag, String v) {
    if (!v.equals("true") && !v.equals("false")) {
      throw new ConfigException(flag + ": expected true or false, found '" + v + "'");
    }
    return v.equals("true");
  }

  private static List<String> list(String v) {
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
