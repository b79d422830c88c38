package dev.neuron.eval;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import scala.collection.Iterator;
import scala.collection.immutable.Range$;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Merges each partition's {@link Metrics} on the driver in partition order, as training adds its
 * partitions' gradients: {@code RDD.reduce} and {@code fold} merge in the order the tasks finish,
 * and the summed loss (which early stopping compares) then changes in its last bits from run to
 * run. A result that arrives early waits for those before it; the others are merged on arrival.
 */
final class InPartitionOrder {
  private InPartitionOrder() {}

  /** {@code zero} merged with every partition's one metrics object, partition 0 first. */
  static Metrics merge(JavaRDD<Metrics> parts, Metrics zero) {
    RDD<Metrics> rdd = parts.rdd();
    Merger merger = new Merger(zero);
    rdd.context().runJob(rdd, new Only(), Range$.MODULE$.apply(0, rdd.getNumPartitions()), merger,
        ClassTag$.MODULE$.apply(Metrics.class));
    return merger.total;
  }

  /** A partition's metrics (or none, for an empty partition). */
  private static final class Only extends AbstractFunction2<TaskContext, Iterator<Metrics>, Metrics>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Metrics apply(TaskContext task, Iterator<Metrics> it) {
      return it.hasNext() ? it.next() : null;
    }
  }

  /** Runs on the driver, one result at a time; never serialized. */
  private static final class Merger extends AbstractFunction2<Object, Metrics, BoxedUnit> {
    private final Map<Integer, Metrics> early = new HashMap<>();
    private final Metrics total;
    private int next;

    Merger(Metrics zero) {
      this.total = zero;
    }

    @Override
    public synchronized BoxedUnit apply(Object partition, Metrics m) {
      early.put((Integer) partition, m);
      while (early.containsKey(next)) {
        Metrics r = early.remove(next++);
        if (r != null) {
          total.merge(r);
        }
      }
      return BoxedUnit.UNIT;
    }
  }
}
