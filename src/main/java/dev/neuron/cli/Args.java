package dev.neuron.cli;

import dev.neuron.train.gang.GangSetting;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command-line flags of the training job: {@code --config FILE}, shortcuts for common keys
 * ({@code --seed --epochs --partitions --batch-size --data --format --label-column
 * --features-column --storage-level --out --master}), {@code --skip-invalid}, {@code --set
 * key=value} for any key, and {@code --resume}.
 */
record Args(Path config, Map<String, String> overrides, boolean resume) {
  private static final Map<String, String> SHORTCUTS = Map.ofEntries(
      Map.entry("--seed", "train.seed"),
      Map.entry("--epochs", "train.epochs"),
      Map.entry("--partitions", "train.partitions"),
      Map.entry("--mode", "train.mode"),
      Map.entry("--batch-size", "train.batch_size"),
      Map.entry("--data", "data.dir"),
      Map.entry("--out", "out"),
      Map.entry("--master", "master"),
      Map.entry("--checkpoint-dir", "checkpoint.dir"),
      Map.entry("--checkpoint-every", "checkpoint.every_steps"),
      Map.entry("--format", "data.format"),
      Map.entry("--label-column", "data.label_column"),
      Map.entry("--features-column", "data.features_column"),
      Map.entry("--storage-level", "train.storage_level"));

  static final String USAGE = """
      usage: train [--config FILE] [--seed N] [--epochs N] [--partitions N] [--batch-size N|full]
                   [--mode auto|jobs|gang] [--data PATH] [--format idx|parquet|csv|images]
                   [--label-column NAME] [--features-column NAME] [--skip-invalid]
                   [--storage-level LEVEL] [--out DIR] [--master URL] [--checkpoint-dir DIR]
                   [--checkpoint-every STEPS] [--resume] [--set key=value ...]
        --data PATH         data.dir: an IDX folder (with data.train, data.test prefixes), or a
                            Parquet set, CSV files or an image folder (<label>/<file>.png)
        --format F          data.format: the training data's layout (default idx)
        --label-column, --features-column
                            data.label_column, data.features_column of Parquet input
        --skip-invalid      data.skip_invalid=true: leave out invalid records and count them
                            (default: fail naming the file, record and field)
        --storage-level L   train.storage_level: MEMORY_ONLY (default), MEMORY_AND_DISK,
                            MEMORY_ONLY_SER, MEMORY_AND_DISK_SER or DISK_ONLY for the cached
                            training blocks (with DISK, sets larger than memory train from disk)
        --set optimizer.weight_decay=L
                            decoupled weight decay for sgd and adam (AdamW); 0: none
        --set task=regression
                            real-valued targets (default task=classification) from a Parquet
                            set or CSV files with a header line (--format parquet|csv):
                            --label-column names the targets: one numeric column, one vector or
                            array column (one output per element), or several numeric columns
                            y1,y2 (one output each); --features-column a vector or array column
                            or columns x1,x2,... (default: every column that is not a target);
                            model.layers ends linear with one unit per target (64:relu,2:linear);
                            model.loss mean_squared_error, mean_absolute_error or huber
                            (--set model.huber_delta=D, default 1); data.test a table of the same
                            columns or empty. metrics.json: loss, mse, rmse, mae, r2 (averaged,
                            and per output under "outputs") for train, validation and test
        --set model.layers=512:relu:l2=1e-4:dropout=0.2,10:softmax:l2=1e-4
                            per layer: l2=λ adds Keras' L2 kernel penalty λ·ΣW² to the loss
                            (reported loss included); dropout=p drops the layer's outputs with
                            probability p in training (hidden layers; scaled by 1/(1 − p))
        --set data.weight_column=W
                            sample weights from column W of a Parquet or header-CSV table
                            (class labels or regression targets; finite, at least 0): loss and
                            gradient are weighted sums over the batch divided by the batch's sum
                            of weights (Keras divides by the batch size instead); val_loss and the
                            train/test metrics add "weighted" figures beside the unweighted ones
        --set data.class_weights=balanced|w0,w1,...
                            class weights multiplying each training example's weight: balanced
                            (n / (k * count_c) over the training examples) or one per class
        --set schedule=none|step|exponential|cosine
                            learning-rate schedule over optimizer steps, with
                            --set schedule.warmup_steps=W (linear warm-up: step t < W at
                            lr·(t + 1)/W), schedule.decay_steps=D, schedule.decay_rate=R (step:
                            lr·R^⌊s/D⌋, exponential: lr·R^(s/D)), schedule.alpha=A (cosine to
                            A·lr over D steps); s counts from the end of the warm-up
        --set reduce_lr=off|loss|accuracy|val_loss|val_accuracy
                            Keras' ReduceLROnPlateau on that quantity: reduce_lr.factor (0.1),
                            reduce_lr.patience (10), reduce_lr.min_delta (1e-4),
                            reduce_lr.cooldown (0), reduce_lr.min_lr (0); not with a decay.
                            history.csv logs each epoch's learning_rate; --resume continues both
      Keys, defaults and each optimizer's settings: conf/mnist-mlp.properties.
      Gang mode's Spark settings (spark-defaults.conf, --conf, or -D in embedded runs; a job-local
      property wins; conf/spark-defaults.conf.template):
      """ + GangSetting.usage(2).stripTrailing();

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
      if (a.equals("--skip-invalid")) {
        overrides.put("data.skip_invalid", "true");
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
