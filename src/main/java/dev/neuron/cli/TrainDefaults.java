package dev.neuron.cli;

import dev.neuron.train.ReduceLrOnPlateau;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every training key's default, in one place: the reference MNIST job. conf/mnist-mlp.properties
 * documents each key; the optimizer's, the schedule's and reduce-on-plateau's own settings are
 * declared with them ({@code optim.UpdateRule}, {@link ScheduleKeys}).
 */
final class TrainDefaults {
  static final Map<String, String> TABLE = Collections.unmodifiableMap(table());

  private TrainDefaults() {}

  private static Map<String, String> table() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("task", "classification");
    d.put("model.layers", "512:relu,10:softmax");
    d.put("model.loss", "categorical_crossentropy");
    d.put("model.huber_delta", "1");
    d.put("model.init", "glorot_uniform");
    d.put("optimizer", "rmsprop");
    d.put(ScheduleKeys.SCHEDULE, "none");
    d.put(ReduceLrOnPlateau.KEY, "off");
    d.put("train.epochs", "5");
    d.put("train.batch_size", "128");
    d.put("train.seed", "1");
    d.put("train.partitions", "2");
    d.put("train.mode", "auto");
    d.put("data.dir", "data/mnist");
    d.put("data.format", "idx");
    d.put("data.label_column", "label");
    d.put("data.features_column", "features");
    d.put("data.skip_invalid", "false");
    d.put("data.weight_column", "");
    d.put("data.class_weights", "");
    d.put("train.storage_level", "MEMORY_ONLY");
    d.put("data.train", "train");
    d.put("data.test", "t10k");
    d.put("eval.top_k", "5");
    d.put("out", "");
    d.put("master", "");
    d.put("checkpoint.dir", "");
    d.put("checkpoint.every_steps", "0");
    d.put("checkpoint.keep", "2");
    d.put("checkpoint.allow_other_data", "false");
    d.put("train.validation_split", "0");
    d.put("data.validation", "");
    d.put("early_stopping.monitor", "val_loss");
    d.put("early_stopping.patience", "");
    d.put("early_stopping.min_delta", "0");
    d.put("early_stopping.restore_best_weights", "true");
    return d;
  }
}
