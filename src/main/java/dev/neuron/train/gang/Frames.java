package dev.neuron.train.gang;

import dev.neuron.train.StepResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Every message of the gang channel, encoded and decoded here alone. Little-endian; each message
 * starts with its type:
 *
 * <pre>
 *   member → hub   HELLO      type, run id[16], launch, partition, stage attempt  (one-way)
 *                  RESULT     type, epoch, step, count(int64), weight(float64), correct(int64),
 *                             loss(float64), nanos(int64), n, half
 *                                                      (stream meta; body: n floats as a {@link Body},
 *                                                       bfloat16 values if half is 1)
 *   hub → member   STEP       type, epoch, step, n, kind
 *                                                      (stream meta; body: n floats as a {@link Body},
 *                                                       bfloat16 values if kind has DELTA)
 *                  STOP       type                                                (one-way)
 *                  WAIT       type  (the driver is busy between steps: keep waiting)  (one-way)
 * </pre>
 *
 * A hub is the driver, or in a tree a task with children. Over TCP the messages travel on Spark's
 * own transport ({@link Transport}): HELLO, STOP and WAIT as one-way messages, STEP and RESULT as
 * upload streams whose float bodies are decoded chunk by chunk as they arrive
 * ({@link BodySink}), never gathered into one buffer first. Within the driver's JVM, STEP and
 * RESULT travel as {@link Step} and {@link Reply} objects whose arrays are passed by reference.
 *
 * <p>A STEP's kind is {@link #PLAIN} under {@code spark.neuron.gang.wire=f32}; under {@code bf16}
 * it combines {@link #FULL} or {@link #DELTA} with {@link #FLUSH} and {@link #REPLAY}
 * ({@link HalfWire}, {@link ErrorFeedback}).
 */
final class Frames {
  static final int HELLO = 11;
  static final int RESULT = 12;
  static final int STEP = 2;
  static final int STOP = 3;
  static final int WAIT = 4;
  static final int RUN_ID = 16;
  static final int HELLO_BYTES = 4 + RUN_ID + 12;
  static final int STEP_BYTES = 20;
  static final int RESULT_BYTES = 60;
  /** STEP kind under the float32 wire: the weights (the blocks that changed); a float32 answer. */
  static final int PLAIN = 0;
  /** bf16 wire: the body is the member's replica of the weights, every block, in float32. */
  static final int FULL = 1;
  /** bf16 wire: the body is the change to the replica, bfloat16, all-zero blocks left out. */
  static final int DELTA = 2;
  /** bf16 wire: answer in float32 with the residual added, which is then empty. */
  static final int FLUSH = 4;
  /** bf16 wire: a step computed again to rebuild the residual after a relaunch; no answer. */
  static final int REPLAY = 8;

  private Frames() {}

  /**
   * A step's weights as a task sees them. In the driver's JVM this is the message itself and the
   * array is the driver's own, which it changes only after every partition has answered the step.
   */
  record Step(int epoch, int step, int kind, float[] params) {
    /** A {@link #PLAIN} step. */
    Step(int epoch, int step, float[] params) {
      this(epoch, step, PLAIN, params);
    }

    boolean has(int flag) {
      return (kind & flag) != 0;
    }
  }

  /**
   * A RESULT sent within the driver's JVM: the gradient is the task's buffer, which it overwrites
   * only in the next step, after the driver has summed it.
   */
  record Reply(int epoch, int step, StepResult result) {}

  /**
   * A member's introduction: which partition it serves, for which of the driver's launches of the
   * gang's stage and which of Spark's attempts of that stage.
   */
  record Hello(byte[] runId, int launch, int partition, int attempt) {}

  /** RESULT's fields but the gradient, which follows as the stream's body. */
  record ResultHeader(int epoch, int step, long count, double weight, long correct, double loss,
      long nanos, int n, boolean half) {}

  static ByteBuffer hello(Hello h) {
    return order(ByteBuffer.allocate(HELLO_BYTES)).putInt(HELLO).put(h.runId()).putInt(h.launch())
        .putInt(h.partition()).putInt(h.attempt()).flip();
  }

  static Hello hello(ByteBuffer b) throws IOException {
    b = order(b);
    expect(b, HELLO, HELLO_BYTES);
    byte[] id = new byte[RUN_ID];
    b.get(id);
    return new Hello(id, b.getInt(), b.getInt(), b.getInt());
  }

  static ByteBuffer control(int type) {
    return order(ByteBuffer.allocate(4)).putInt(type).flip();
  }

  /** The type of a one-way message, checked to be STOP, WAIT or HELLO with its length. */
  static int type(ByteBuffer b) throws IOException {
    if (b.remaining() < 4) {
      throw new IOException("a message of " + b.remaining() + " bytes");
    }
    int type = order(b.duplicate()).getInt();
    int expected = switch (type) {
      case STOP, WAIT -> 4;
      case HELLO -> HELLO_BYTES;
      default -> throw new IOException("unexpected message type " + type);
    };
    if (b.remaining() != expected) {
      throw new IOException("message type " + type + " of " + b.remaining() + " bytes, expected "
          + expected);
    }
    return type;
  }

  /** STEP's meta into {@code into} (reused), ready to send. */
  static ByteBuffer step(ByteBuffer into, int epoch, int step, int n, int kind) {
    return order(into).clear().putInt(STEP).putInt(epoch).putInt(step).putInt(n).putInt(kind)
        .flip();
  }

  /** STEP's epoch, step and kind, checking that it carries {@code n} weights. */
  static int[] step(ByteBuffer b, int n) throws IOException {
    b = order(b);
    expect(b, STEP, STEP_BYTES);
    int epoch = b.getInt();
    int step = b.getInt();
    int found = b.getInt();
    int kind = b.getInt();
    if (found != n) {
      throw new IOException("STEP carries " + found + " weights, the network has " + n);
    }
    boolean plain = kind == PLAIN;
    boolean one = ((kind & FULL) != 0) != ((kind & DELTA) != 0);
    if ((kind & ~(FULL | DELTA | FLUSH | REPLAY)) != 0 || !(plain || one)) {
      throw new IOException("STEP of unknown kind " + kind);
    }
    return new int[] {epoch, step, kind};
  }

  /** RESULT's meta into {@code into} (reused), ready to send; {@code half}: a bfloat16 body. */
  static ByteBuffer result(ByteBuffer into, int epoch, int step, StepResult r, boolean half) {
    int n = r.gradient() == null ? 0 : r.gradient().length;
    return order(into).clear().putInt(RESULT).putInt(epoch).putInt(step).putLong(r.count())
        .putDouble(r.weight()).putLong(r.correct()).putDouble(r.loss()).putLong(r.nanos())
        .putInt(n).putInt(half ? 1 : 0).flip();
  }

  /** RESULT's meta, checking that a gradient of {@code params} values comes iff count > 0. */
  static ResultHeader result(ByteBuffer b, int params) throws IOException {
    b = order(b);
    expect(b, RESULT, RESULT_BYTES);
    int epoch = b.getInt();
    int step = b.getInt();
    long count = b.getLong();
    double weight = b.getDouble();
    long correct = b.getLong();
    double loss = b.getDouble();
    long nanos = b.getLong();
    int n = b.getInt();
    int half = b.getInt();
    if (half >>> 1 != 0) {
      throw new IOException("RESULT with half " + half + ", expected 0 or 1");
    }
    ResultHeader h = new ResultHeader(epoch, step, count, weight, correct, loss, nanos, n,
        half == 1);
    if (h.count() < 0 || (h.count() == 0 ? h.n() != 0 : h.n() != params)) {
      throw new IOException("RESULT with " + h.n() + " gradient values for " + h.count()
          + " examples; expected " + params);
    }
    return h;
  }

  /**
   * Checked before a gang starts, so that a network too large for one {@link Body} fails with this
   * message, not an overflow.
   */
  static void checkBody(int params) {
    if (params > Body.MAX_FLOATS) {
      throw new IllegalArgumentException("gang mode over TCP carries at most " + Body.MAX_FLOATS
          + " parameters per message (a 2 GiB buffer); this network has " + params
          + ": use train.mode=jobs");
    }
  }

  private static void expect(ByteBuffer b, int type, int bytes) throws IOException {
    int found = b.remaining() >= 4 ? b.getInt() : -1;
    if (found != type || b.remaining() != bytes - 4) {
      throw new IOException("expected message type " + type + " of " + bytes + " bytes, found type "
          + found + " of " + (b.remaining() + 4));
    }
  }

  private static ByteBuffer order(ByteBuffer b) {
    return b.order(ByteOrder.LITTLE_ENDIAN);
  }
}
