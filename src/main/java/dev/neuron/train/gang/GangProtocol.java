package dev.neuron.train.gang;

import dev.neuron.train.StepResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The gang channel's frames, little-endian, each preceded by its int32 length:
 *
 * <pre>
 *   driver → task   CHALLENGE  type, nonce[32]
 *                   STEP       type, epoch, step, n, n × float32 (the weights)
 *                   STOP       type
 *   task → driver   HELLO      type, partition, stage attempt, hmac[32]
 *                   RESULT     type, epoch, step, count(int64), correct(int64), loss(float64),
 *                              nanos(int64), n, n × float32 (the summed gradient; n = 0 if count = 0)
 * </pre>
 *
 * A task proves it belongs to the run with HMAC-SHA256(secret, nonce ‖ partition ‖ attempt); the
 * secret travels only inside Spark's own (authenticated) task serialization.
 *
 * <p>A task running inside the driver's JVM (local mode) joins over Netty's in-JVM transport
 * instead of TCP: the same frames, except that STEP and RESULT travel as {@link Step} and
 * {@link Reply} objects whose arrays are passed by reference, not copied.
 */
final class GangProtocol {
  static final int CHALLENGE = 1;
  static final int STEP = 2;
  static final int STOP = 3;
  static final int HELLO = 11;
  static final int RESULT = 12;
  static final int NONCE = 32;
  static final int STEP_HEADER = 16;
  static final int RESULT_HEADER = 48;

  private GangProtocol() {}

  /**
   * A step's weights as a task sees them. In the driver's JVM this is the message itself and the
   * array is the driver's own, which it changes only after every partition has answered the step.
   */
  record Step(int epoch, int step, float[] params) {}

  /**
   * A RESULT sent within the driver's JVM: the gradient is the task's buffer, which it overwrites
   * only in the next step, after the driver has summed it.
   */
  record Reply(int epoch, int step, StepResult result) {}

  /** The HELLO frame, length prefix included, answering a CHALLENGE's nonce. */
  static byte[] hello(byte[] secret, byte[] nonce, int partition, int attempt) {
    return ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN).putInt(44).putInt(HELLO)
        .putInt(partition).putInt(attempt).put(hmac(secret, nonce, partition, attempt)).array();
  }

  static byte[] hmac(byte[] secret, byte[] nonce, int partition, int attempt) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(nonce);
      mac.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(partition)
          .putInt(attempt).array());
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  static boolean verify(byte[] expected, byte[] found) {
    return MessageDigest.isEqual(expected, found);
  }

  /** The largest frame either side accepts for {@code params} parameters. */
  static int maxFrame(int params) {
    return RESULT_HEADER + 4 * params;
  }
}
