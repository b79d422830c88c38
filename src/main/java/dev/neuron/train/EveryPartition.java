package dev.neuron.train;

import java.lang.reflect.Array;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import scala.collection.Iterator;
import scala.collection.immutable.Range$;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * One Spark job over every partition of an RDD, results in partition order, through the one
 * {@code SparkContext.runJob} overload that adds nothing to the function. The shorter overloads
 * wrap it in a Scala lambda of {@code SparkContext}'s own, and Spark's closure cleaner then reads
 * {@code SparkContext}'s bytecode with ASM on every job (seen in a profile of the job-per-step
 * mode); a plain function object is only checked for serializability.
 */
public final class EveryPartition {
  private EveryPartition() {}

  /** Runs {@code f} on every partition of {@code rdd}; its results in partition order. */
  public static <T, U> U[] run(RDD<T> rdd, AbstractFunction2<TaskContext, Iterator<T>, U> f,
      Class<U> type) {
    int n = rdd.getNumPartitions();
    @SuppressWarnings("unchecked")
    U[] results = (U[]) Array.newInstance(type, n);
    ClassTag<U> tag = ClassTag$.MODULE$.apply(type);
    rdd.context().runJob(rdd, f, Range$.MODULE$.apply(0, n), new Collect<>(results), tag);
    return results;
  }

  /** Stores each partition's result at its index (on the driver; never serialized). */
  private static final class Collect<U> extends AbstractFunction2<Object, U, BoxedUnit> {
    private final U[] results;

    Collect(U[] results) {
      this.results = results;
    }

    @Override
    public BoxedUnit apply(Object partition, U result) {
      results[(Integer) partition] = result;
      return BoxedUnit.UNIT;
    }
  }
}
