package dev.neuron.train;

/**
 * What one epoch of periodic averaging exchanged between the driver and the partitions, counted as the steps ran: the
 * syncs (exchanges with every partition: synchronous steps plus rounds of periodic averaging),
 * and the payload bytes each way (4 per float: weights and shipped optimizer slots down to every
 * partition's task, gradients or a round's weights and slots up from every partition that had
 * examples). Spark's own framing, task descriptions and the broadcast's per-executor caching are
 * not counted: this is what the algorithm moves, the same for every placement.
 */
public record EpochTraffic(int epoch, long syncSteps, long rounds, long bytesDown, long bytesUp) {
  public long syncs() {
    return syncSteps + rounds;
  }
}
