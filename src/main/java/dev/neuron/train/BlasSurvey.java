package dev.neuron.train;

import dev.neuron.linalg.Blas;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Asks the executors that hold an RDD's partitions which BLAS they loaded: one small job, one
 * record per partition, one entry per executor JVM. Run over the cached training blocks it names
 * exactly the JVMs that compute the gradients.
 */
public final class BlasSurvey {
  private BlasSurvey() {}

  /** One entry per executor JVM, ordered by executor id then process id. */
  public static List<ExecutorBlas> of(JavaRDD<?> rdd) {
    Map<String, ExecutorBlas> byJvm = new LinkedHashMap<>();
    for (ExecutorBlas e : rdd.mapPartitions(new Probe<>()).collect()) {
      byJvm.putIfAbsent(e.executor() + "/" + e.host() + "/" + e.pid(), e);
    }
    List<ExecutorBlas> out = new ArrayList<>(byJvm.values());
    out.sort((a, b) -> a.executor().equals(b.executor()) ? Long.compare(a.pid(), b.pid())
        : compareIds(a.executor(), b.executor()));
    return out;
  }

  /** Numeric executor ids in numeric order ("2" before "10"); "driver" and others after. */
  private static int compareIds(String a, String b) {
    boolean na = a.chars().allMatch(Character::isDigit);
    boolean nb = b.chars().allMatch(Character::isDigit);
    if (na && nb) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    return na != nb ? (na ? -1 : 1) : a.compareTo(b);
  }

  /** Runs on the executor; ignores the partition's data. */
  private static final class Probe<T> implements FlatMapFunction<Iterator<T>, ExecutorBlas> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<ExecutorBlas> call(Iterator<T> ignored) {
      SparkEnv env = SparkEnv.get();
      ExecutorBlas e = new ExecutorBlas(env.executorId(),
          env.blockManager().blockManagerId().host(), ProcessHandle.current().pid(),
          Blas.implementation(), Blas.netlibSource(), Blas.nativeLibrary(), Blas.kernel());
      return Collections.singletonList(e).iterator();
    }
  }
}
