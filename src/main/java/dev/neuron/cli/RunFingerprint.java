package dev.neuron.cli;

import dev.neuron.optim.Setting;
import dev.neuron.read.InputFormat;
import dev.neuron.train.LocalSgd;
import dev.neuron.train.ReduceLrOnPlateau;
import dev.neuron.train.TrainOptions;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a checkpoint must agree with to be resumed: every setting that changes a run's bits besides
 * the network (which checkpoints store whole), as effective values, plus the data's size and the
 * data files' identities ({@code data.*.files}, see {@link dev.neuron.read.DataIdentity}).
 *
 * <ul>
 *   <li>the update: {@code optimizer} with its settings, {@code model.init}, {@code train.seed},
 *       {@code train.batch_size} (the effective size), {@code train.partitions} (the summation
 *       order), {@code schedule*}, {@code reduce_lr*}, periodic averaging
 *       ({@code train.local_sgd}, when on);
 *   <li>which examples and how they are read: {@code data.examples}, {@code data.features},
 *       {@code train.validation_split}, {@code data.validation}, {@code task},
 *       {@code data.skip_invalid}, and for other input than IDX {@code data.format},
 *       {@code data.label_column} and {@code data.features_column};
 *   <li>their weights: {@code data.weight_column}, {@code data.class_weights} (when set);
 *   <li>the progress a checkpoint carries: {@code early_stopping.*}.
 * </ul>
 *
 * {@code train.epochs} is left out, so a finished run can be extended; so are settings that leave
 * the bits alone ({@code train.mode}, {@code train.storage_level}, {@code eval.top_k},
 * {@code data.test}, {@code out}, {@code master}, {@code checkpoint.*}).
 */
final class RunFingerprint {
  /**
   * The configuration keys the fingerprint does not name, each with what checks its effect
   * instead or why it has none. Every other key of {@link TrainDefaults} enters the fingerprint
   * (RunFingerprintTest holds the two to the table).
   */
  static final Map<String, String> LEFT_OUT = leftOut();

  private RunFingerprint() {}

  private static Map<String, String> leftOut() {
    Map<String, String> m = new TreeMap<>();
    for (String k : new String[] {"model.layers", "model.loss", "model.huber_delta"}) {
      m.put(k, "the network, which a checkpoint stores whole and a resume compares");
    }
    for (String k : new String[] {"data.dir", "data.train"}) {
      m.put(k, "data.train.files, the files' identities");
    }
    for (Setting s : LocalSgd.SETTINGS) {
      m.put("train." + s.key(), "train.local_sgd");
    }
    m.put("train." + LocalSgd.STATE_KEY, "train.local_sgd");
    m.put("train.epochs", "left out so that a finished run can be extended");
    for (String k : new String[] {"train.mode", "train.storage_level", "eval.top_k", "data.test",
        "out", "master", "checkpoint.dir", "checkpoint.every_steps", "checkpoint.keep",
        "checkpoint.allow_other_data"}) {
      m.put(k, "leaves the bits alone");
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  static Map<String, String> of(TrainConfig c, long examples, int features,
      Map<String, String> files) {
    TrainOptions o = c.trainOptions();
    DataConfig d = c.data();
    // Keys a checkpoint has always recorded as written keep their text, so older checkpoints
    // still match (a validation split of "0" is not "0.0").
    Map<String, String> text = c.asMap();
    Map<String, String> f = new TreeMap<>();
    f.put("optimizer", o.optimizer().toString());
    f.put("model.init", o.initializer().key());
    f.put("train.seed", Long.toString(o.seed()));
    f.put("train.batch_size", Integer.toString(o.batchFor(examples)));
    f.put("train.partitions", Integer.toString(c.partitions()));
    f.put("data.examples", Long.toString(examples));
    f.put("data.features", Integer.toString(features));
    f.put("train.validation_split", text.get("train.validation_split"));
    f.put("data.validation", d.validation());
    f.put("task", c.regression() ? "regression" : "classification");
    f.put("data.skip_invalid", Boolean.toString(d.skipInvalid()));
    if (d.format() != InputFormat.IDX) {
      f.put("data.format", text.get("data.format"));
      f.put("data.label_column", d.labelColumn());
      f.put("data.features_column", d.featuresColumn());
    }
    // Weights change every step's gradient; a run resumes only under the same ones.
    for (String k : new String[] {"data.weight_column", "data.class_weights"}) {
      if (!text.get(k).isEmpty()) {
        f.put(k, text.get(k));
      }
    }
    f.putAll(files);
    // Rounds of local steps decide the bits (and where checkpoints can fall).
    if (o.local().on()) {
      f.put("train.local_sgd", o.local().describe());
    }
    // A checkpoint carries early stopping's and reduce-on-plateau's progress, which mean nothing
    // under other settings; a schedule decides each step's rate.
    text.forEach((k, v) -> {
      if (k.startsWith("early_stopping.") || k.equals(ScheduleKeys.SCHEDULE)
          || k.equals(ReduceLrOnPlateau.KEY) || ScheduleKeys.owns(k)) {
        f.put(k, v);
      }
    });
    return f;
  }
}
