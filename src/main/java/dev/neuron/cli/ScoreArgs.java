package dev.neuron.cli;

import dev.neuron.eval.ProbabilityOutput;
import dev.neuron.read.InputFormat;
import dev.neuron.read.ReadSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Flags of the scoring jobs ({@code evaluate}, {@code predict}): {@code --model --data --out}
 * (required), {@code --format}, {@code --scale}, {@code --resize} or {@code --resize-draft},
 * {@code --skip-invalid},
 * {@code --label-column --features-column --master}; evaluate adds {@code --top-k}, predict adds
 * {@code --output-format parquet|csv} and {@code --probabilities}.
 */
record ScoreArgs(Map<String, String> values) {
  private static final Set<String> SWITCHES = Set.of("--skip-invalid", "--resize",
      "--resize-draft", "--probabilities");
  private static final Set<String> COMMON = Set.of("--model", "--data", "--out", "--format",
      "--scale", "--resize", "--resize-draft", "--skip-invalid", "--label-column",
      "--features-column", "--master");

  static final String EVALUATE_USAGE = """
      usage: evaluate --model DIR --data PATH --out DIR [--format idx|parquet|csv|images]
                      [--top-k K] [--skip-invalid] [--scale S] [--resize | --resize-draft]
                      [--label-column NAME] [--features-column NAME] [--master URL]
        A regression model (task=regression) is scored on a Parquet or header-CSV table: the
        target and feature columns as in training (--label-column y1,y2; default: the model's
        training columns); metrics.json then holds loss, mse, rmse, mae, r2 and "outputs".""";
  static final String PREDICT_USAGE = """
      usage: predict --model DIR --data PATH --out DIR [--format idx|parquet|csv|images]
                     [--output-format parquet|csv] [--probabilities] [--skip-invalid] [--scale S]
                     [--resize | --resize-draft] [--label-column NAME] [--features-column NAME]
                     [--master URL]""";

  static ScoreArgs parse(String[] argv, Set<String> extra, String usage) {
    HelpRequested.check(argv, usage);
    Map<String, String> v = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (!COMMON.contains(a) && !extra.contains(a)) {
        throw new ConfigException("unknown option " + a + "\n" + usage);
      }
      if (SWITCHES.contains(a)) {
        v.put(a, "true");
      } else if (i + 1 >= argv.length) {
        throw new ConfigException(a + ": missing value\n" + usage);
      } else {
        v.put(a, argv[++i]);
      }
    }
    for (String required : new String[] {"--model", "--data", "--out"}) {
      if (!v.containsKey(required)) {
        throw new ConfigException(required + ": required\n" + usage);
      }
    }
    return new ScoreArgs(v);
  }

  String get(String flag) {
    return values.getOrDefault(flag, "");
  }

  boolean has(String flag) {
    return values.containsKey(flag);
  }

  int positiveInt(String flag, int fallback) {
    if (!has(flag)) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(get(flag).trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(flag + ": expected a positive integer, found '" + get(flag) + "'");
  }

  /** How to read {@code --data} once its layout is known. */
  ReadSpec readSpec(InputFormat format) {
    float scale = Float.NaN;
    if (has("--scale")) {
      try {
        scale = Float.parseFloat(get("--scale"));
      } catch (NumberFormatException e) {
        throw new ConfigException("--scale: expected a positive number, found '"
            + get("--scale") + "'");
      }
    }
    ReadSpec.Sizes sizes = has("--resize-draft") ? ReadSpec.Sizes.RESIZE_DRAFT
        : has("--resize") ? ReadSpec.Sizes.RESIZE : ReadSpec.Sizes.EXACT;
    return new ReadSpec(format, scale, sizes,
        has("--skip-invalid") ? ReadSpec.Invalid.SKIP : ReadSpec.Invalid.FAIL,
        has("--label-column") ? get("--label-column") : "label",
        has("--features-column") ? get("--features-column") : "features");
  }

  ProbabilityOutput probabilities() {
    return has("--probabilities") ? ProbabilityOutput.ALL : ProbabilityOutput.TOP;
  }

  /** {@code parquet} (default) or {@code csv}. */
  String outputFormat() {
    String f = has("--output-format") ? get("--output-format").trim() : "parquet";
    if (!f.equals("parquet") && !f.equals("csv")) {
      throw new ConfigException("--output-format: expected parquet or csv, found '" + f + "'");
    }
    return f;
  }
}
