package dev.neuron.train;

import dev.neuron.data.ExampleBlock;
import dev.neuron.nn.Network;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The task of one training step: for each cached block of the partition, the summed gradient over
 * the block's examples in this step. Captures only the network, a few numbers and the broadcast
 * handle; the weights are read from the broadcast on the executor.
 */
final class StepFunction implements FlatMapFunction<Iterator<ExampleBlock>, StepResult> {
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
  public Iterator<StepResult> call(Iterator<ExampleBlock> blocks) {
    if (!blocks.hasNext()) {
      return Collections.singletonList(StepResult.empty()).iterator();
    }
    ExampleBlock block = blocks.next();
    if (blocks.hasNext()) {
      throw new IllegalStateException("a training partition holds exactly one block");
    }
    FaultInjection.beforeStep((long) epoch * ((count + batch - 1) / batch) + step);
    StepResult r = BlockWorker.of(block, net).step(weights.value(), seed, epoch, step, batch, count);
    return Collections.singletonList(r).iterator();
  }
}
