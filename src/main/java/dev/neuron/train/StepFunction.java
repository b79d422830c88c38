package dev.neuron.train;

import dev.neuron.data.ExampleBlock;
import dev.neuron.nn.Network;
import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction2;

/**
 * The task of one training step: the summed gradient over the examples of the partition's cached
 * block in this step. Captures only the network, a few numbers and the broadcast handle; the
 * weights are read from the broadcast on the executor. A plain Scala function object, run over the
 * cached blocks by {@link EveryPartition} rather than wrapped into a new RDD: Spark then plans no
 * new stage and runs no closure-cleaning pass over bytecode per step.
 */
final class StepFunction extends AbstractFunction2<TaskContext, Iterator<ExampleBlock>, StepResult>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Broadcast<float[]> weights;
  private final Network net;
  private final long seed;
  private final int epoch;
  private final int step;
  private final int batch;
  private final long count;

  StepFunction(Broadcast<float[]> weights, Network net, long seed, int epoch, int step, int batch,
      long count) {
    this.weights = weights;
    this.net = net;
    this.seed = seed;
    this.epoch = epoch;
    this.step = step;
    this.batch = batch;
    this.count = count;
  }

  @Override
  public StepResult apply(TaskContext task, Iterator<ExampleBlock> blocks) {
    ExampleBlock block = onlyBlock(blocks);
    if (block == null) {
      return StepResult.empty();
    }
    FaultInjection.beforeStep((long) epoch * ((count + batch - 1) / batch) + step);
    return BlockWorker.of(block, net).step(weights.value(), seed, epoch, step, batch, count);
  }

  /** A training partition's one cached block, or {@code null} when it has none. */
  static ExampleBlock onlyBlock(Iterator<ExampleBlock> blocks) {
    if (!blocks.hasNext()) {
      return null;
    }
    ExampleBlock block = blocks.next();
    if (blocks.hasNext()) {
      throw new IllegalStateException("a training partition holds at most one block");
    }
    return block;
  }
}
