package dev.neuron.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession with the settings Neuron relies on, unless the user (spark-submit,
 * {@code spark-defaults.conf}) already set them. {@code conf/spark-defaults.conf.template} explains
 * each one.
 */
public final class Sessions {
  static final Map<String, String> SETTINGS = new LinkedHashMap<>();

  static {
    SETTINGS.put("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    SETTINGS.put("spark.kryo.unsafe", "true");
    // A gradient larger than the 1 MiB default would take a second trip through the block manager.
    SETTINGS.put("spark.task.maxDirectResultSize", "64m");
    SETTINGS.put("spark.broadcast.compress", "false");
    SETTINGS.put("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
  }

  private Sessions() {}

  /** A session on {@code master} (empty: the one spark-submit chose, else {@code local[cores]}). */
  public static SparkSession start(String appName, String master, int cores) {
    SparkConf conf = new SparkConf();
    SETTINGS.forEach((k, v) -> conf.setIfMissing(k, v));
    if (!master.isEmpty()) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[" + cores + "]");
    }
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    return SparkSession.builder().appName(appName).config(conf).getOrCreate();
  }
}
