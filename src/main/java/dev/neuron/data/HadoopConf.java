package dev.neuron.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A Hadoop {@link Configuration} that can travel to executors, so they open paths with the
 * driver's file-system settings (HDFS addresses, S3A credentials from {@code spark.hadoop.*}).
 *
 * <p>Made with the constructor, it travels whole: Spark's configuration has about a thousand
 * entries, written into every serialized task and parsed by every task — fine for a job or two.
 * {@link #shared} travels as a broadcast handle instead: a cached RDD carries its lineage (and so
 * this object) in every task of every job run over it, which for a training run's job per step
 * cost more than the rest of an empty job.
 */
public final class HadoopConf implements Serializable {
  private static final long serialVersionUID = 2L;
  private final Broadcast<byte[]> shared;
  private transient Configuration conf;

  public HadoopConf(Configuration conf) {
    this(conf, null);
  }

  private HadoopConf(Configuration conf, Broadcast<byte[]> shared) {
    this.conf = conf;
    this.shared = shared;
  }

  /**
   * The session's configuration, broadcast once; executors fetch it only when a task opens a file.
   * Spark's context cleaner removes the broadcast once nothing refers to this object any more.
   */
  public static HadoopConf shared(JavaSparkContext jsc) {
    Configuration conf = jsc.hadoopConfiguration();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      conf.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new HadoopConf(conf, jsc.broadcast(bytes.toByteArray()));
  }

  public Configuration get() {
    if (conf == null) {
      try {
        conf = read(new DataInputStream(new ByteArrayInputStream(shared.value())));
      } catch (IOException e) {
        throw new UncheckedIOException("reading the broadcast Hadoop configuration", e);
      }
    }
    return conf;
  }

  private static Configuration read(DataInput in) throws IOException {
    Configuration c = new Configuration(false);
    c.readFields(in);
    return c;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    if (shared == null) {
      conf.write(out);
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    if (shared == null) {
      conf = read(in);
    }
  }
}
