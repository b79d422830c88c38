package dev.neuron.cli;

import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.Optimizer;
import dev.neuron.optim.Setting;
import dev.neuron.optim.UpdateRule;
import dev.neuron.read.InputFormat;
import dev.neuron.read.ReadSpec;
import dev.neuron.read.TableTargets;
import dev.neuron.train.ClassWeights;
import dev.neuron.train.EarlyStopping;
import dev.neuron.train.ExecutionMode;
import dev.neuron.train.LocalSgd;
import dev.neuron.train.TrainOptions;
import dev.neuron.train.ValidationNeed;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.spark.storage.StorageLevel;

/**
 * A training job's configuration: the keys of {@code conf/mnist-mlp.properties} (where each is
 * documented), validated once. {@link #DEFAULTS} is the single place defaults live; they are the
 * reference MNIST job. Unknown keys, and optimizer keys the chosen optimizer does not take, are
 * errors. An override that changes the optimizer drops the file's {@code optimizer.*} settings
 * (they were the other optimizer's), so {@code --set optimizer=sgd} works on the reference file.
 */
public final class TrainConfig {
  static final Map<String, String> DEFAULTS = TrainDefaults.TABLE;

  private final Map<String, String> values;
  /** Built once by {@link #validate}; every later read returns it. */
  private TrainOptions options;

  private TrainConfig(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Defaults, then the file (if any), then the overrides; validated. When the overrides name
   * another optimizer, only their own {@code optimizer.*} settings apply.
   */
  public static TrainConfig load(Path file, Map<String, String> overrides) {
    Map<String, String> v = new TreeMap<>(DEFAULTS);
    if (file != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new ConfigException(file + ": cannot read: " + e.getMessage());
      }
      p.stringPropertyNames().forEach(k -> v.put(k, p.getProperty(k).trim()));
    }
    for (String choice : new String[] {"optimizer", ScheduleKeys.SCHEDULE}) {
      String chosen = overrides.get(choice);
      if (chosen != null && !chosen.equals(v.get(choice))) {
        v.keySet().removeIf(k -> k.startsWith(choice + "."));
      }
    }
    v.putAll(overrides);
    TrainConfig c = new TrainConfig(v);
    c.validate();
    return c;
  }

  private void validate() {
    UpdateRule rule = updateRule();
    for (String key : values.keySet()) {
      if (key.startsWith("optimizer.")) {
        Setting setting;
        try {
          setting = rule.setting(key.substring("optimizer.".length()));
        } catch (IllegalArgumentException e) {
          throw new ConfigException("optimizer." + e.getMessage());
        }
        try {
          setting.parse(get(key));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(key + ": " + e.getMessage());
        }
      } else if (!DEFAULTS.containsKey(key) && !ScheduleKeys.owns(key)) {
        throw new ConfigException(key + ": unknown key; known keys are " + DEFAULTS.keySet()
            + ", optimizer.<setting>, schedule.<setting> and reduce_lr.<setting>");
      }
    }
    positive("train.epochs");
    if (!get("train.batch_size").equals("full")) {
      positive("train.batch_size");
    }
    positive("train.partitions");
    localSgd();
    positive("eval.top_k");
    nonNegative("checkpoint.every_steps");
    positive("checkpoint.keep");
    integer("train.seed");
    mode();
    InputFormat format = inputFormat();
    storageLevel();
    if (!get("data.skip_invalid").equals("true") && !get("data.skip_invalid").equals("false")) {
      throw new ConfigException("data.skip_invalid: expected true or false, found '"
          + get("data.skip_invalid") + "'");
    }
    if (format != InputFormat.IDX && !get("data.validation").isEmpty()) {
      throw new ConfigException("data.validation names IDX files in data.dir, which holds "
          + format.key() + " data; use train.validation_split");
    }
    Network net;
    try {
      net = network(1);
      options = buildOptions();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    validateValidation();
    // The task's checks first: a regression run with a softmax output is refused for its output
    // layer, not for a top-k that only classification reports.
    validateTask(format);
    // The output size does not depend on the input's, so the check needs no data.
    if (!net.isRegression() && getInt("eval.top_k") > net.outputSize()) {
      throw new ConfigException("eval.top_k: expected at most " + net.outputSize()
          + " (the network's outputs), found " + get("eval.top_k"));
    }
  }

  /**
   * A regression run trains on real-valued targets read from table columns: a Parquet or header
   * CSV input, a linear output layer and a regression loss.
   */
  private void validateTask(InputFormat format) {
    if (!get("task").equals("classification") && !get("task").equals("regression")) {
      throw new ConfigException("task: expected classification or regression, found '"
          + get("task") + "'");
    }
    try {
      classWeights();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("data.class_weights: " + e.getMessage());
    }
    if (readsTable() && format != InputFormat.PARQUET && format != InputFormat.CSV) {
      throw new ConfigException("data.format: " + (regression() ? "task=regression"
          : "data.weight_column") + " reads table columns: expected parquet or csv, found "
          + format.key());
    }
    if (readsTable() && get("data.skip_invalid").equals("true")) {
      throw new ConfigException("data.skip_invalid: table input (task=regression or"
          + " data.weight_column) fails on the first invalid row, naming it; expected false");
    }
    if (!regression()) {
      return;
    }
    if (classWeights() != null) {
      throw new ConfigException("data.class_weights: task=regression has no classes; use"
          + " data.weight_column for sample weights");
    }
    Network net = network(1);
    if (!net.loss().regression()) {
      throw new ConfigException("model.loss: task=regression expects mean_squared_error,"
          + " mean_absolute_error or huber, found " + get("model.loss"));
    }
    if (!net.isRegression()) {
      throw new ConfigException("model.layers: task=regression expects a linear output layer"
          + " (e.g. 64:relu,1:linear), found " + get("model.layers"));
    }
  }

  /**
   * Whether the training rows come from table columns ({@link TableTargets}): real targets, or
   * class labels with a weight column.
   */
  public boolean readsTable() {
    return regression() || !get("data.weight_column").isEmpty();
  }

  /** {@code data.class_weights}: {@code balanced}, one weight per class, or none (null). */
  public ClassWeights classWeights() {
    return ClassWeights.parse(get("data.class_weights"));
  }

  /** Whether the run fits real-valued targets ({@code task=regression}). */
  public boolean regression() {
    return get("task").equals("regression");
  }

  private void validateValidation() {
    double split = validationSplit();
    if (!(split >= 0 && split < 1)) {
      throw new ConfigException("train.validation_split: expected a fraction in [0, 1), found "
          + get("train.validation_split"));
    }
    if (split > 0 && !get("data.validation").isEmpty()) {
      throw new ConfigException("train.validation_split and data.validation are both set; choose"
          + " one source of validation data");
    }
    for (String key : new String[] {"early_stopping.restore_best_weights",
        "checkpoint.allow_other_data"}) {
      if (!get(key).equals("true") && !get(key).equals("false")) {
        throw new ConfigException(key + ": expected true or false, found '" + get(key) + "'");
      }
    }
    try {
      ValidationNeed.check(earlyStopping(), options.plateau(), hasValidation(),
          "set train.validation_split or data.validation");
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** The fraction of the training data held out for validation (0: none). */
  public double validationSplit() {
    return number("train.validation_split");
  }

  public boolean hasValidation() {
    return validationSplit() > 0 || !get("data.validation").isEmpty();
  }

  /** Early stopping as configured; {@code null} when {@code early_stopping.patience} is empty. */
  public EarlyStopping earlyStopping() {
    if (get("early_stopping.patience").isEmpty()) {
      return null;
    }
    long patience = integer("early_stopping.patience");
    if (patience < 0 || patience > Integer.MAX_VALUE) {
      throw new ConfigException("early_stopping.patience: expected zero or a positive integer,"
          + " found " + get("early_stopping.patience"));
    }
    return new EarlyStopping(EarlyStopping.Monitor.fromKey(get("early_stopping.monitor")),
        (int) patience, number("early_stopping.min_delta"),
        Boolean.parseBoolean(get("early_stopping.restore_best_weights")));
  }

  private double number(String key) {
    try {
      return Double.parseDouble(get(key).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key + ": expected a number, found '" + get(key) + "'");
    }
  }

  /** The run's checkpoint fingerprint: {@link RunFingerprint}. */
  public Map<String, String> fingerprint(long examples, int features, Map<String, String> files) {
    return RunFingerprint.of(this, examples, features, files);
  }

  public String get(String key) {
    return values.get(key);
  }

  /** An integer setting; one beyond Java's int range is an error, never a wrapped value. */
  public int getInt(String key) {
    long v = integer(key);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new ConfigException(key + ": expected an integer of at most " + Integer.MAX_VALUE
          + " in magnitude, found " + get(key));
    }
    return (int) v;
  }

  public long seed() {
    return integer("train.seed");
  }

  /** Every key and value, for logs and the model's provenance. */
  public Map<String, String> asMap() {
    return new TreeMap<>(values);
  }

  /** The network, on {@code inputs} features (taken from the data). */
  public Network network(int inputs) {
    Network.Builder b = Network.input(inputs).loss(Loss.fromKey(get("model.loss")))
        .huberDelta((float) number("model.huber_delta"));
    for (String layer : get("model.layers").split(",")) {
      String[] parts = layer.trim().split(":");
      if (parts.length < 2) {
        throw new ConfigException("model.layers: expected units:activation[:option=value…],"
            + " found '" + layer + "' in '" + get("model.layers") + "'");
      }
      int units;
      try {
        units = Integer.parseInt(parts[0].trim());
      } catch (NumberFormatException e) {
        throw new ConfigException("model.layers: expected a number of units, found '" + parts[0]
            + "'");
      }
      b.dense(units, Activation.fromKey(parts[1]));
      LayerOptions.apply(b, parts, layer);
    }
    return b.build();
  }

  /** The training data's layout ({@code data.format}). */
  public InputFormat inputFormat() {
    try {
      return InputFormat.fromKey(get("data.format"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("data.format: " + e.getMessage().replace("--format: ", ""));
    }
  }

  /** How the readers decode {@code format} input: columns and invalid records as configured. */
  public ReadSpec readSpec(InputFormat format) {
    return ReadSpec.of(format).withInvalid(get("data.skip_invalid").equals("true")
        ? ReadSpec.Invalid.SKIP : ReadSpec.Invalid.FAIL).withColumns(get("data.label_column"),
        get("data.features_column"));
  }

  /** Where the cached training blocks live ({@code train.storage_level}, Spark's names). */
  public StorageLevel storageLevel() {
    try {
      return StorageLevel.fromString(get("train.storage_level").trim().toUpperCase(
          java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("train.storage_level: expected one of MEMORY_ONLY,"
          + " MEMORY_AND_DISK, MEMORY_ONLY_SER, MEMORY_AND_DISK_SER, DISK_ONLY, found '"
          + get("train.storage_level") + "'");
    }
  }

  public ExecutionMode mode() {
    try {
      return ExecutionMode.fromKey(get("train.mode"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("train.mode: " + e.getMessage());
    }
  }

  /**
   * Periodic averaging as configured ({@code train.local_steps}, {@code train.local_warmup_steps},
   * {@code train.local_state}); {@link LocalSgd#OFF} by default.
   */
  public LocalSgd localSgd() {
    Map<String, String> settings = new TreeMap<>();
    for (Setting setting : LocalSgd.SETTINGS) {
      settings.put(setting.key(), get("train." + setting.key()));
    }
    settings.put(LocalSgd.STATE_KEY, get("train." + LocalSgd.STATE_KEY));
    try {
      return LocalSgd.of(settings);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("train." + e.getMessage());
    }
  }

  /** The configured optimizer's rule. */
  public UpdateRule updateRule() {
    try {
      return UpdateRule.fromKey(get("optimizer"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("optimizer: expected one of " + UpdateRule.keys() + ", found '"
          + get("optimizer") + "'");
    }
  }

  /** Epochs, batch, optimizer, initializer, seed, schedule and plateau, parsed once. */
  public TrainOptions trainOptions() {
    return options;
  }

  private TrainOptions buildOptions() {
    Map<String, String> params = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith("optimizer.")) {
        params.put(k.substring("optimizer.".length()), v);
      }
    });
    Optimizer optimizer = updateRule().create(params);
    int batch = get("train.batch_size").equals("full") ? TrainOptions.FULL_BATCH
        : getInt("train.batch_size");
    try {
      return new TrainOptions(getInt("train.epochs"), batch, optimizer,
          Initializer.fromKey(get("model.init")), seed()).withSchedule(
              ScheduleKeys.schedule(values), ScheduleKeys.plateau(values))
          .withLocalSgd(localSgd());
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private long integer(String key) {
    try {
      return Long.parseLong(get(key).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key + ": expected an integer, found '" + get(key) + "'");
    }
  }

  private void positive(String key) {
    if (getInt(key) <= 0) {
      throw new ConfigException(key + ": expected a positive integer, found " + get(key));
    }
  }

  private void nonNegative(String key) {
    if (getInt(key) < 0) {
      throw new ConfigException(key + ": expected zero or a positive integer, found " + get(key));
    }
  }
}
