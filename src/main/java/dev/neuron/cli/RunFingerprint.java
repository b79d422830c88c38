package dev.neuron.cli;

import dev.neuron.read.InputFormat;
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
 *       order), {@code schedule*}, {@code reduce_lr*};
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
  private RunFingerprint() {}

  static Map<String, String> of(TrainConfig c, long examples, int features,
      Map<String, String> files) {
    TrainOptions o = c.trainOptions();
    Map<String, String> f = new TreeMap<>();
    f.put("optimizer", o.optimizer().toString());
    f.put("model.init", o.initializer().key());
    f.put("train.seed", Long.toString(o.seed()));
    f.put("train.batch_size", Integer.toString(o.batchFor(examples)));
    f.put("train.partitions", Integer.toString(c.getInt("train.partitions")));
    f.put("data.examples", Long.toString(examples));
    f.put("data.features", Integer.toString(features));
    f.put("train.validation_split", c.get("train.validation_split"));
    f.put("data.validation", c.get("data.validation"));
    f.put("task", c.get("task"));
    f.put("data.skip_invalid", c.get("data.skip_invalid"));
    if (c.inputFormat() != InputFormat.IDX) {
      for (String k : new String[] {"data.format", "data.label_column",
          "data.features_column"}) {
        f.put(k, c.get(k));
      }
    }
    // Weights change every step's gradient; a run resumes only under the same ones.
    for (String k : new String[] {"data.weight_column", "data.class_weights"}) {
      if (!c.get(k).isEmpty()) {
        f.put(k, c.get(k));
      }
    }
    f.putAll(files);
    // A checkpoint carries early stopping's and reduce-on-plateau's progress, which mean nothing
    // under other settings; a schedule decides each step's rate.
    c.asMap().forEach((k, v) -> {
      if (k.startsWith("early_stopping.") || k.equals(ScheduleKeys.SCHEDULE)
          || k.equals(ReduceLrOnPlateau.KEY) || ScheduleKeys.owns(k)) {
        f.put(k, v);
      }
    });
    return f;
  }
}
