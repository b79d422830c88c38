package dev.neuron.train;

/**
 * What the driver's step channel carried: synchronizations (steps whose weights went out and whose
 * gradients came back) and body bytes sent and received by the driver, counted where they are
 * encoded and decoded. {@link #NONE} where the executor does not count (one Spark job per step,
 * whose broadcast and task results are Spark's business).
 */
public record Traffic(long syncs, long bytesSent, long bytesReceived) {
  public static final Traffic NONE = new Traffic(0, 0, 0);

  /** What was carried since {@code earlier}, a reading of the same counters. */
  public Traffic minus(Traffic earlier) {
    return new Traffic(syncs - earlier.syncs, bytesSent - earlier.bytesSent,
        bytesReceived - earlier.bytesReceived);
  }

  public Traffic plus(Traffic other) {
    return new Traffic(syncs + other.syncs, bytesSent + other.bytesSent,
        bytesReceived + other.bytesReceived);
  }
}
