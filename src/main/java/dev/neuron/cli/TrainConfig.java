package dev.neuron.cli;

import dev.neuron.nn.Initializer;
import dev.neuron.nn.Network;
import dev.neuron.optim.Optimizer;
import dev.neuron.optim.Setting;
import dev.neuron.optim.UpdateRule;
import dev.neuron.read.InputFormat;
import dev.neuron.read.TableTargets;
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
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A training job's configuration: the keys of {@code conf/mnist-mlp.properties} (where each is
 * documented), parsed once into typed values by {@link #load}, which is also the one place they
 * are checked, each key on its own ({@link ConfigValues}, {@link DataConfig},
 * {@link CheckpointConfig}, {@link ModelKeys}, {@link ScheduleKeys}) and then together.
 * {@link TrainDefaults} is the single place defaults live; they are the reference MNIST job.
 * Unknown keys, and optimizer keys the chosen optimizer does not take, are errors. An override
 * that changes the optimizer drops the file's {@code optimizer.*} settings (they were the other
 * optimizer's), so {@code --set optimizer=sgd} works on the reference file.
 */
public final class TrainConfig {
  static final Map<String, String> DEFAULTS = TrainDefaults.TABLE;

  /** The merged text, as written: for logs, the model's provenance and the fingerprint. */
  private final Map<String, String> values;
  private final boolean regression;
  /** The configured network on one input ({@link ModelKeys}); {@link #network} widens it. */
  private final Network shape;
  private final TrainOptions options;
  private final int partitions;
  private final ExecutionMode mode;
  private final int topK;
  private final DataConfig data;
  private final EarlyStopping earlyStopping;
  private final CheckpointConfig checkpoint;

  private TrainConfig(Map<String, String> text) {
    values = Collections.unmodifiableMap(new TreeMap<>(text));
    ConfigValues v = new ConfigValues(values);
    UpdateRule rule = updateRule(v);
    checkKeys(v, rule);
    int epochs = v.positive("train.epochs");
    int batch = v.text("train.batch_size").equals("full") ? TrainOptions.FULL_BATCH
        : v.positive("train.batch_size");
    partitions = v.positive("train.partitions");
    LocalSgd local = localSgd(v);
    topK = v.positive("eval.top_k");
    checkpoint = CheckpointConfig.parse(v);
    long seed = v.integer("train.seed");
    try {
      mode = ExecutionMode.fromKey(v.text("train.mode"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("train.mode: " + e.getMessage());
    }
    data = DataConfig.parse(v);
    try {
      shape = ModelKeys.network(v);
      Optimizer optimizer = rule.create(v.settings("optimizer"));
      options = new TrainOptions(epochs, batch, optimizer, Initializer.fromKey(
          v.text("model.init")), seed).withSchedule(ScheduleKeys.schedule(v),
          ScheduleKeys.plateau(v)).withLocalSgd(local);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    v.bool("early_stopping.restore_best_weights");
    earlyStopping = earlyStopping(v);
    try {
      ValidationNeed.check(earlyStopping, options.plateau(), data.hasValidation(),
          "set train.validation_split or data.validation");
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    String task = v.text("task");
    if (!task.equals("classification") && !task.equals("regression")) {
      throw new ConfigException("task: expected classification or regression, found '"
          + task + "'");
    }
    regression = task.equals("regression");
    // The task's checks first: a regression run with a softmax output is refused for its output
    // layer, not for a top-k that only classification reports.
    checkTask();
    // The output size does not depend on the input's, so the check needs no data.
    if (!shape.isRegression() && topK > shape.outputSize()) {
      throw new ConfigException("eval.top_k: expected at most " + shape.outputSize()
          + " (the network's outputs), found " + values.get("eval.top_k"));
    }
  }

  /**
   * Defaults, then the file (if any), then the overrides; parsed and checked. When the overrides
   * name another optimizer (or schedule), only their own {@code optimizer.*} settings apply.
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
    return new TrainConfig(v);
  }

  private static UpdateRule updateRule(ConfigValues v) {
    try {
      return UpdateRule.fromKey(v.text("optimizer"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("optimizer: expected one of " + UpdateRule.keys() + ", found '"
          + v.text("optimizer") + "'");
    }
  }

  /** Every key is known, and every {@code optimizer.*} key a valid setting of {@code rule}. */
  private static void checkKeys(ConfigValues v, UpdateRule rule) {
    for (String key : v.keys()) {
      if (key.startsWith("optimizer.")) {
        Setting setting;
        try {
          setting = rule.setting(key.substring("optimizer.".length()));
        } catch (IllegalArgumentException e) {
          throw new ConfigException("optimizer." + e.getMessage());
        }
        try {
          setting.parse(v.text(key));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(key + ": " + e.getMessage());
        }
      } else if (!DEFAULTS.containsKey(key) && !ScheduleKeys.owns(key)) {
        throw new ConfigException(key + ": unknown key; known keys are " + DEFAULTS.keySet()
            + ", optimizer.<setting>, schedule.<setting> and reduce_lr.<setting>");
      }
    }
  }

  /**
   * Periodic averaging ({@code train.local_steps}, {@code train.local_warmup_steps},
   * {@code train.local_state}); {@link LocalSgd#OFF} by default.
   */
  private static LocalSgd localSgd(ConfigValues v) {
    Map<String, String> settings = new TreeMap<>();
    for (Setting setting : LocalSgd.SETTINGS) {
      settings.put(setting.key(), v.text("train." + setting.key()));
    }
    settings.put(LocalSgd.STATE_KEY, v.text("train." + LocalSgd.STATE_KEY));
    try {
      return LocalSgd.of(settings);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("train." + e.getMessage());
    }
  }

  /** Early stopping as configured; {@code null} when {@code early_stopping.patience} is empty. */
  private static EarlyStopping earlyStopping(ConfigValues v) {
    if (v.text("early_stopping.patience").isEmpty()) {
      return null;
    }
    long patience = v.integer("early_stopping.patience");
    if (patience < 0 || patience > Integer.MAX_VALUE) {
      throw new ConfigException("early_stopping.patience: expected zero or a positive integer,"
          + " found " + v.text("early_stopping.patience"));
    }
    try {
      return new EarlyStopping(EarlyStopping.Monitor.fromKey(v.text("early_stopping.monitor")),
          (int) patience, v.number("early_stopping.min_delta"),
          v.bool("early_stopping.restore_best_weights"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * A regression run trains on real-valued targets read from table columns: a Parquet or header
   * CSV input, a linear output layer and a regression loss. So do class labels with a weight
   * column.
   */
  private void checkTask() {
    InputFormat format = data.format();
    if (readsTable() && format != InputFormat.PARQUET && format != InputFormat.CSV) {
      throw new ConfigException("data.format: " + (regression ? "task=regression"
          : "data.weight_column") + " reads table columns: expected parquet or csv, found "
          + format.key());
    }
    if (readsTable() && data.skipInvalid()) {
      throw new ConfigException("data.skip_invalid: table input (task=regression or"
          + " data.weight_column) fails on the first invalid row, naming it; expected false");
    }
    if (!regression) {
      return;
    }
    if (data.classWeights() != null) {
      throw new ConfigException("data.class_weights: task=regression has no classes; use"
          + " data.weight_column for sample weights");
    }
    if (!shape.loss().regression()) {
      throw new ConfigException("model.loss: task=regression expects mean_squared_error,"
          + " mean_absolute_error or huber, found " + values.get("model.loss"));
    }
    if (!shape.isRegression()) {
      throw new ConfigException("model.layers: task=regression expects a linear output layer"
          + " (e.g. 64:relu,1:linear), found " + values.get("model.layers"));
    }
  }

  /**
   * Whether the training rows come from table columns ({@link TableTargets}): real targets, or
   * class labels with a weight column.
   */
  public boolean readsTable() {
    return regression || !data.weightColumn().isEmpty();
  }

  /** Whether the run fits real-valued targets ({@code task=regression}). */
  public boolean regression() {
    return regression;
  }

  /** The network, on {@code inputs} features (taken from the data). */
  public Network network(int inputs) {
    return shape.withInputs(inputs);
  }

  /** Epochs, batch, optimizer, initializer, seed, schedule, plateau and periodic averaging. */
  public TrainOptions trainOptions() {
    return options;
  }

  /** The data's place, layout, columns, weights, storage and validation. */
  DataConfig data() {
    return data;
  }

  CheckpointConfig checkpoint() {
    return checkpoint;
  }

  /** Early stopping as configured; {@code null} when {@code early_stopping.patience} is empty. */
  public EarlyStopping earlyStopping() {
    return earlyStopping;
  }

  /** {@code train.partitions}: how many blocks the training data is cut into. */
  public int partitions() {
    return partitions;
  }

  public ExecutionMode mode() {
    return mode;
  }

  /** {@code eval.top_k}: the k of the test set's top-k accuracy. */
  public int topK() {
    return topK;
  }

  /** The output folder; empty: a new one under {@code runs/}. */
  public String out() {
    return values.get("out");
  }

  /** The Spark master; empty: {@code spark-submit}'s, else {@code local[partitions]}. */
  public String master() {
    return values.get("master");
  }

  /** The run's checkpoint fingerprint: {@link RunFingerprint}. */
  public Map<String, String> fingerprint(long examples, int features, Map<String, String> files) {
    return RunFingerprint.of(this, examples, features, files);
  }

  /** Every key and value as written, for logs and the model's provenance. */
  public Map<String, String> asMap() {
    return new TreeMap<>(values);
  }
}
