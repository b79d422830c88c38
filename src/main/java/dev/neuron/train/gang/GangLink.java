package dev.neuron.train.gang;

import dev.neuron.train.StepResult;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.spark.BarrierTaskContext;

/**
 * A gang task's end of the channel to the driver: TCP ({@link GangSocketLink}) or, for a task in
 * the driver's own JVM, Netty's in-JVM transport ({@link GangLocalLink}). Reads wake at least every
 * {@value #POLL_MILLIS} ms, so a task Spark kills stops promptly and a driver silent for the
 * timeout ends the task instead of leaving it waiting forever.
 */
interface GangLink extends Closeable {
  int POLL_MILLIS = 200;

  /** Waits for the driver's CHALLENGE and returns its nonce. */
  byte[] challenge() throws IOException;

  /** Sends one frame, length prefix included (the HELLO). */
  void write(byte[] frame) throws IOException;

  /** Waits for the next step's weights; {@code null} when the driver says STOP. */
  GangProtocol.Step next() throws IOException;

  /** Answers step {@code step} of epoch {@code epoch}. */
  void send(int epoch, int step, StepResult r) throws IOException;

  /** The nonce of a CHALLENGE frame (type onwards). */
  static byte[] nonce(ByteBuffer frame) throws IOException {
    expect(frame.getInt(), GangProtocol.CHALLENGE);
    if (frame.remaining() != GangProtocol.NONCE) {
      throw new IOException("CHALLENGE of " + frame.remaining() + " bytes, expected "
          + GangProtocol.NONCE);
    }
    byte[] nonce = new byte[GangProtocol.NONCE];
    frame.get(nonce);
    return nonce;
  }

  /**
   * Between two polls that brought nothing: ends the task if Spark killed it, and fails with
   * "{@code silence} for N ms" once nothing has come since {@code silentSince} for the timeout.
   */
  static void stillWaiting(BarrierTaskContext ctx, long silentSince, long timeoutMillis,
      String silence) throws IOException {
    ctx.killTaskIfInterrupted();
    if (System.nanoTime() - silentSince > timeoutMillis * 1_000_000L) {
      throw new IOException(silence + " for " + timeoutMillis + " ms");
    }
  }

  static void expect(int type, int expected) throws IOException {
    if (type != expected) {
      throw new IOException("frame type " + type + ", expected " + expected);
    }
  }
}
