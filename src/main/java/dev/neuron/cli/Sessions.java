package dev.neuron.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
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
    return SparkSession.builder().appName(appName).config(conf(master, cores)).getOrCreate();
  }

  /**
   * The SparkContext alone, for jobs that use no Spark SQL (training on IDX files): a session
   * would also build Spark SQL's function registry and Scala reflection's universe, about 4 s of
   * CPU at start-up on this project's 2-core machine (docs/performance.md). An active context
   * (of a caller's session) is returned as it is.
   */
  public static SparkContext context(String appName, String master, int cores) {
    return SparkContext.getOrCreate(conf(master, cores).setAppName(appName));
  }

  /**
   * The session over {@code sc}, built on first use and then kept: for jobs that need Spark SQL
   * only for some inputs (training reads IDX files without it, Parquet, CSV and images with it).
   */
  public static Supplier<SparkSession> onDemand(SparkContext sc) {
    return new Supplier<>() {
      private SparkSession session;

      @Override
      public synchronized SparkSession get() {
        if (session == null) {
          session = SparkSession.builder().config(sc.getConf()).getOrCreate();
        }
        return session;
      }
    };
  }

  private static SparkConf conf(String master, int cores) {
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
    return conf;
  }
}
