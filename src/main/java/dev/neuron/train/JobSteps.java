package dev.neuron.train;

import dev.neuron.data.TrainingSet;
import dev.neuron.nn.Network;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * One Spark job per step: broadcast the weights, run {@link StepFunction} on every partition,
 * collect (in partition order), destroy the broadcast. Runs anywhere Spark runs, dynamic allocation
 * included; costs a job's scheduling per step.
 */
public final class JobSteps implements StepExecutor {
  private final JavaSparkContext jsc;
  private final TrainingSet data;
  private final Network net;
  private final long seed;
  private final int batch;

  public JobSteps(JavaSparkContext jsc, TrainingSet data, Network net, long seed, int batch) {
    this.jsc = jsc;
    this.data = data;
    this.net = net;
    this.seed = seed;
    this.batch = batch;
  }

  @Override
  public List<StepResult> run(float[] params, int epoch, int step) {
    jsc.setJobDescription("epoch " + (epoch + 1) + " step " + (step + 1));
    Broadcast<float[]> bc = jsc.broadcast(params);
    try {
      return Arrays.asList(EveryPartition.run(data.blocks().rdd(),
          new StepFunction(bc, net, seed, epoch, step, batch, data.count()), StepResult.class));
    } finally {
      bc.destroy();
    }
  }

  @Override
  public void close() {}
}
