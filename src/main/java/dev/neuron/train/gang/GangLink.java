package dev.neuron.train.gang;

import dev.neuron.train.StepResult;
import java.io.Closeable;
import java.io.IOException;

/**
 * A task's end of its channel to a hub (the driver, or in a tree its parent task): over Spark's
 * transport ({@link RemoteLink}) or, for a task in the driver's own JVM, Netty's in-JVM transport
 * ({@link GangLocalLink}). A link has introduced itself with a HELLO when it is made.
 */
interface GangLink extends Closeable {
  /** Waits for the next step's weights; {@code null} when the hub says STOP. */
  Frames.Step next() throws IOException;

  /**
   * Answers step {@code step} of epoch {@code epoch}; {@code half}: the gradient's values are
   * bfloat16 ({@link ErrorFeedback}) and may travel as such.
   */
  void send(int epoch, int step, StepResult r, boolean half) throws IOException;
}
