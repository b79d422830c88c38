package dev.neuron.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command-line flags of the training job: {@code --config FILE}, shortcuts for common keys
 * ({@code --seed --epochs --partitions --batch-size --data --out --master}), {@code --set key=value}
 * for any key, and {@code --resume}.
 */
record Args(Path config, Map<String, String> overrides, boolean resume) {
  private static final Map<String, String> SHORTCUTS = Map.of(
      "--seed", "train.seed",
      "--epochs", "train.epochs",
      "--partitions", "train.partitions",
      "--mode", "train.mode",
      "--batch-size", "train.batch_size",
      "--data", "data.dir",
      "--out", "out",
      "--master", "master",
      "--checkpoint-dir", "checkpoint.dir",
      "--checkpoint-every", "checkpoint.every_steps");

  static final String USAGE = """
      usage: train [--config FILE] [--seed N] [--epochs N] [--partitions N] [--batch-size N|full]
                   [--mode auto|jobs|gang] [--data DIR] [--out DIR] [--master URL] [--checkpoint-dir DIR]
                   [--checkpoint-every STEPS] [--resume] [--set key=value ...]
      Keys and defaults: conf/mnist-mlp.properties.""";

  static Args parse(String[] argv) {
    HelpRequested.check(argv, USAGE);
    Path config = null;
    boolean resume = false;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (a.equals("--resume")) {
        resume = true;
        continue;
      }
      if (i + 1 >= argv.length) {
        throw new ConfigException(a + ": missing value\n" + USAGE);
      }
      String value = argv[++i];
      if (a.equals("--config")) {
        config = Path.of(value);
      } else if (a.equals("--set")) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
          throw new ConfigException("--set: expected key=value, found '" + value + "'");
        }
        overrides.put(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
      } else if (SHORTCUTS.containsKey(a)) {
        overrides.put(SHORTCUTS.get(a), value);
      } else {
        throw new ConfigException("unknown option " + a + "\n" + USAGE);
      }
    }
    return new Args(config, overrides, resume);
  }
}
