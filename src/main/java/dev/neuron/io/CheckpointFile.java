package dev.neuron.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuron.nn.Network;
import dev.neuron.optim.OptimizerState;
import dev.neuron.train.EarlyStopper;
import dev.neuron.train.EpochProgress;
import dev.neuron.train.EpochRecord;
import dev.neuron.train.EpochStats;
import dev.neuron.train.Monitoring;
import dev.neuron.train.PlateauReducer;
import dev.neuron.train.TrainingState;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * A checkpoint file: a {@link Container} with magic {@value #MAGIC}, JSON
 *
 * <pre>
 *   {"network":{…}, "fingerprint":{key: value, …}, "epoch":e, "step":s,
 *    "epoch_loss":…, "epoch_correct":…, "epoch_count":…, "epoch_seconds":…,
 *    "history":[{"epoch":…,"loss":…,"accuracy":…,"seconds":…,"samples_per_second":…,
 *                "val_loss":…,"val_accuracy":…,"learning_rate":"0x1.06p-10"}, …],
 *    "early_stopping":{"best":"0x1.8p-2","wait":w,"best_epoch":b,"stopped_epoch":s,
 *                      "best_weights":true},
 *    "reduce_lr":{"best":"0x1.8p-2","wait":w,"cooldown":c,"rate":"0x1.06p-10"},
 *    "optimizer":{"key":"rmsprop","steps":n,"slots":k}}
 * </pre>
 *
 * and {@code 1 + k} arrays: the parameters, then the optimizer's slots, each as long as the
 * parameters, then the best epoch's weights when early stopping keeps them. The validation
 * metrics appear for epochs that were validated, {@code early_stopping} for runs that stop early
 * ({@code best} as Java's hexadecimal double, exact and possibly infinite), {@code reduce_lr} for
 * runs that reduce the rate on a plateau (rates as Java's hexadecimal float, exact). The random position needs no field: it follows from the seed, epoch and step.
 * Reading checks every field and length and fails with a {@link FormatException}.
 */
public final class CheckpointFile {
  static final String MAGIC = "NRNCKPNT";

  private CheckpointFile() {}

  public static void write(OutputStream out, Checkpoint c) throws IOException {
    TrainingState s = c.state();
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.set("network", NetworkJson.write(c.network()));
    ObjectNode fp = json.putObject("fingerprint");
    new TreeMap<>(c.fingerprint()).forEach(fp::put);
    json.put("epoch", s.epoch()).put("step", s.step()).put("epoch_loss", s.epochLoss())
        .put("epoch_correct", s.epochCorrect()).put("epoch_count", s.epochCount())
        .put("epoch_seconds", s.epochSeconds());
    ArrayNode history = json.putArray("history");
    List<EpochRecord> records = s.monitoring().records();
    for (int i = 0; i < s.history().size(); i++) {
      EpochStats e = s.history().get(i);
      ObjectNode h = history.addObject().put("epoch", e.epoch()).put("loss", e.loss())
          .put("accuracy", e.accuracy()).put("seconds", e.seconds())
          .put("samples_per_second", e.samplesPerSecond());
      // JSON has no NaN: a metric not measured (no validation, or accuracy of a regression) is
      // left out and reads back as NaN.
      if (i < records.size() && !Double.isNaN(records.get(i).valLoss())) {
        h.put("val_loss", records.get(i).valLoss());
      }
      if (i < records.size() && !Double.isNaN(records.get(i).valAccuracy())) {
        h.put("val_accuracy", records.get(i).valAccuracy());
      }
      if (!Float.isNaN(e.learningRate())) {
        h.put("learning_rate", Float.toHexString(e.learningRate()));
      }
    }
    PlateauReducer.Progress plateau = s.monitoring().plateau();
    if (plateau != null) {
      json.putObject("reduce_lr").put("best", Double.toHexString(plateau.best()))
          .put("wait", plateau.waited()).put("cooldown", plateau.cooldown())
          .put("rate", Float.toHexString(plateau.rate()));
    }
    EarlyStopper.Progress p = s.monitoring().stopping();
    if (p != null) {
      json.putObject("early_stopping").put("best", Double.toHexString(p.best()))
          .put("wait", p.waited()).put("best_epoch", p.bestEpoch())
          .put("stopped_epoch", p.stoppedEpoch()).put("best_weights", p.bestParams() != null);
    }
    OptimizerState o = s.optimizer();
    json.putObject("optimizer").put("key", c.optimizer()).put("steps", o.steps())
        .put("slots", o.slotCount());
    List<float[]> arrays = new ArrayList<>();
    arrays.add(s.params());
    for (int i = 0; i < o.slotCount(); i++) {
      arrays.add(o.slot(i));
    }
    if (p != null && p.bestParams() != null) {
      arrays.add(p.bestParams());
    }
    Container.write(out, MAGIC, json, arrays);
  }

  public static Checkpoint read(Configuration conf, String path) {
    Container.Contents c = Container.read(conf, path, MAGIC);
    return parse(c, path);
  }

  static Checkpoint parse(Container.Contents c, String path) {
    JsonNode json = c.json();
    Network net = NetworkJson.read(json.get("network"), path);
    Map<String, String> fingerprint = new TreeMap<>();
    JsonNode fp = field(json, "fingerprint", path);
    if (!fp.isObject()) {
      throw new FormatException(path + ": fingerprint: expected an object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = fp.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new FormatException(path + ": fingerprint." + e.getKey() + ": expected a string");
      }
      fingerprint.put(e.getKey(), e.getValue().asText());
    }
    JsonNode opt = field(json, "optimizer", path);
    JsonNode key = field(opt, "key", path);
    if (!key.isTextual()) {
      throw new FormatException(path + ": optimizer.key: expected a string");
    }
    long steps = integer(opt, "steps", path, Long.MAX_VALUE);
    int slots = (int) integer(opt, "slots", path, 16);
    JsonNode es = json.get("early_stopping");
    if (es != null && !field(es, "best_weights", path).isBoolean()) {
      throw new FormatException(path + ": early_stopping.best_weights: expected true or false");
    }
    boolean bestWeights = es != null && es.get("best_weights").asBoolean();
    int expected = 1 + slots + (bestWeights ? 1 : 0);
    if (c.arrays().size() != expected) {
      throw new FormatException(path + ": expected " + expected + " arrays (parameters"
          + (bestWeights ? ", " : " and ") + slots + " optimizer slots"
          + (bestWeights ? " and the best epoch's weights" : "") + "), found "
          + c.arrays().size());
    }
    for (int i = 0; i < c.arrays().size(); i++) {
      int n = c.arrays().get(i).length;
      if (n != net.paramCount()) {
        throw new FormatException(path + ": " + (i == 0 ? "parameters"
            : i <= slots ? "optimizer slot " + (i - 1) : "best weights")
            + ": the network " + net.describe() + " needs " + net.paramCount() + " floats, found "
            + n);
      }
    }
    float[][] slotArrays = c.arrays().subList(1, 1 + slots).toArray(new float[0][]);
    List<EpochStats> history = history(json, path);
    EarlyStopper.Progress progress = es == null ? null : new EarlyStopper.Progress(
        hexDouble(es, "best", path), (int) integer(es, "wait", path, Integer.MAX_VALUE),
        (int) integer(es, "best_epoch", path, history.size()),
        (int) integer(es, "stopped_epoch", path, history.size()),
        bestWeights ? c.arrays().get(1 + slots) : null);
    EpochProgress at = new EpochProgress((int) integer(json, "epoch", path, Integer.MAX_VALUE),
        (int) integer(json, "step", path, Integer.MAX_VALUE), number(json, "epoch_loss", path),
        integer(json, "epoch_correct", path, Long.MAX_VALUE),
        integer(json, "epoch_count", path, Long.MAX_VALUE), number(json, "epoch_seconds", path));
    TrainingState state = new TrainingState(c.arrays().get(0),
        new OptimizerState(steps, slotArrays), at, history,
        new Monitoring(records(json, history, path), progress, plateau(json, path)));
    return new Checkpoint(net, fingerprint, key.asText(), state);
  }

  private static PlateauReducer.Progress plateau(JsonNode json, String path) {
    JsonNode p = json.get("reduce_lr");
    return p == null ? null : new PlateauReducer.Progress(hexDouble(p, "best", path),
        (int) integer(p, "wait", path, Integer.MAX_VALUE),
        (int) integer(p, "cooldown", path, Integer.MAX_VALUE), (float) hexDouble(p, "rate", path));
  }

  private static List<EpochStats> history(JsonNode json, String path) {
    JsonNode h = field(json, "history", path);
    if (!h.isArray()) {
      throw new FormatException(path + ": history: expected an array");
    }
    List<EpochStats> out = new ArrayList<>();
    for (JsonNode e : h) {
      out.add(new EpochStats((int) integer(e, "epoch", path, Integer.MAX_VALUE),
          number(e, "loss", path), number(e, "accuracy", path), number(e, "seconds", path),
          number(e, "samples_per_second", path),
          e.has("learning_rate") ? (float) hexDouble(e, "learning_rate", path) : Float.NaN));
    }
    return out;
  }

  /** The history with each epoch's validation metrics (NaN where it was not validated). */
  private static List<EpochRecord> records(JsonNode json, List<EpochStats> history,
      String path) {
    List<EpochRecord> out = new ArrayList<>();
    JsonNode h = json.get("history");
    for (int i = 0; i < history.size(); i++) {
      EpochStats e = history.get(i);
      out.add(new EpochRecord(e.epoch(), e.loss(), e.accuracy(),
          h.get(i).has("val_loss") ? number(h.get(i), "val_loss", path) : Double.NaN,
          h.get(i).has("val_accuracy") ? number(h.get(i), "val_accuracy", path) : Double.NaN,
          e.seconds(), e.samplesPerSecond(), e.learningRate()));
    }
    return out;
  }

  private static double hexDouble(JsonNode n, String name, String path) {
    JsonNode v = field(n, name, path);
    try {
      return Double.parseDouble(v.asText());
    } catch (NumberFormatException e) {
      throw new FormatException(path + ": " + name + ": expected a number, found " + v);
    }
  }

  private static JsonNode field(JsonNode n, String name, String path) {
    JsonNode v = n == null || !n.isObject() ? null : n.get(name);
    if (v == null || v.isNull()) {
      throw new FormatException(path + ": missing field " + name);
    }
    return v;
  }

  private static long integer(JsonNode n, String name, String path, long max) {
    JsonNode v = field(n, name, path);
    if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > max) {
      throw new FormatException(path + ": " + name + ": expected an integer in 0.." + max
          + ", found " + v);
    }
    return v.asLong();
  }

  private static double number(JsonNode n, String name, String path) {
    JsonNode v = field(n, name, path);
    if (!v.isNumber()) {
      throw new FormatException(path + ": " + name + ": expected a number, found " + v);
    }
    return v.asDouble();
  }
}
