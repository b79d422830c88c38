package dev.neuron.train.gang;

import dev.neuron.linalg.Chunks;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The driver's end of the bf16 wire ({@link WireFormat#BF16}). The driver keeps its weights
 * {@code w} in float32 and a replica {@code r} of what the tasks compute with; each step it sends
 * the change, rounded, and adds the same to its replica, so what rounding drops stays in
 * {@code w − r} and goes with the next step's change (error feedback on the way down):
 *
 * <pre>
 *   window start:  r ← w, sent as float32 ({@link Frames#FULL})
 *   other steps:   d = bf16(w − r);  r ← r + d,  d sent as bfloat16 ({@link Frames#DELTA})
 * </pre>
 *
 * A block of {@link Body#BLOCK} weights that did not change since the last step gets {@code d = 0}
 * (left out of the body, as on the float32 wire): what its replica still lacks goes with the
 * block's next change, or the next window's start.
 *
 * Steps run in windows of {@code spark.neuron.gang.flushSteps} (default 64), restarting with each
 * epoch: the last step of a window (or of an epoch) is a {@link Frames#FLUSH}, whose answers are
 * float32 and leave the tasks' residuals empty ({@link ErrorFeedback}). So at a window's start
 * every task's state is {@code r = w} and a zero residual, a function of the driver's weights
 * alone; a run resumed from a checkpoint at an epoch's start has the bits of the undisturbed run.
 *
 * <p>Retries: a task of a new launch has lost its replica and residual. Before it gets the step in
 * progress, it gets the window so far again ({@link Frames#REPLAY}: the replica at the window's
 * start, then each step's change), and recomputes those steps' gradients without answering, which
 * rebuilds its residual bit for bit (a step's gradient depends only on the weights, the seed, the
 * step and the partition). For that the driver keeps the window's start in float32 and its
 * changes in bfloat16: {@code (4 + 2·(flushSteps − 1))} bytes per parameter at most.
 *
 * <p>Bytes: per window of N steps each way one float32 body and N − 1 bfloat16 ones, (1 + 1/N)/2
 * of float32's (0.508 at N = 64); all-zero blocks are left out as in float32 ({@link Body}).
 */
final class HalfWire {
  private final int n;
  private final int window;
  private final int stepsPerEpoch;
  /** What every current member holds once it has this step's message. */
  private final float[] replica;
  /** The replica at the window's start. */
  private final float[] start;
  /** This step's change, bfloat16 values. */
  private final float[] delta;
  /** The driver's weights at the last step. */
  private final float[] previous;
  /** The window's steps so far, (epoch, step), its start first. */
  private final List<int[]> steps = new ArrayList<>();
  /** The changes of the window's steps after its start, as bfloat16 bits. */
  private final List<short[]> changes = new ArrayList<>();
  /** Arrays of ended windows' changes, reused. */
  private final List<short[]> spare = new ArrayList<>();
  /** Members that hold the window so far (and this step's message, once sent). */
  private final Set<Peer> current = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Members sent this step's message. */
  private final Set<Peer> sentNow = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Body fullBody;
  private final Body halfBody;
  private boolean windowEnded = true;
  private int epoch;
  private int step;
  private int kind;
  private ByteBuffer body;
  private List<ByteBuffer> replayBodies;
  private long bodies;
  private long bytes;

  HalfWire(int params, int window, int stepsPerEpoch) {
    if (window < 1) {
      throw new IllegalArgumentException("spark.neuron.gang.flushSteps must be at least 1, found "
          + window);
    }
    this.n = params;
    this.window = window;
    this.stepsPerEpoch = stepsPerEpoch;
    this.replica = new float[params];
    this.start = new float[params];
    this.delta = new float[params];
    this.previous = new float[params];
    this.fullBody = new Body(params);
    this.halfBody = new Body(params);
  }

  /**
   * Makes step {@code step} of epoch {@code epoch}'s message from the weights {@code w}: once per
   * step, before its first attempt.
   */
  void begin(float[] w, int epoch, int step) {
    this.epoch = epoch;
    this.step = step;
    if (windowEnded) {
      System.arraycopy(w, 0, replica, 0, n);
      System.arraycopy(w, 0, start, 0, n);
      System.arraycopy(w, 0, previous, 0, n);
      steps.clear();
      spare.addAll(changes);
      changes.clear();
      current.clear();
      kind = Frames.FULL;
    } else {
      // Blocks are independent: the driver's cores share them.
      Chunks.forEach(Body.blocks(n), (c, first, last) -> change(w, first, last));
      kind = Frames.DELTA;
    }
    if ((step + 1) % window == 0 || step + 1 == stepsPerEpoch) {
      kind |= Frames.FLUSH;
    }
    sentNow.clear();
    body = null;
    replayBodies = null;
  }

  /** This step's change in blocks {@code [first, last)}, the replica moved by it. */
  private void change(float[] w, int first, int last) {
    for (int b = first; b < last; b++) {
      int from = b * Body.BLOCK;
      int to = Math.min(n, from + Body.BLOCK);
      if (Arrays.equals(w, from, to, previous, from, to)) {
        Arrays.fill(delta, from, to, 0f);
        continue;
      }
      for (int i = from; i < to; i++) {
        float d = Bf16.round(w[i] - replica[i]);
        delta[i] = d;
        replica[i] += d;
      }
      System.arraycopy(w, from, previous, from, to - from);
    }
  }

  /**
   * Sends this step to {@code m}, after the window so far if {@code m} does not hold it; false if
   * {@code m} already has this step's message (a member of the same launch asked again: it would
   * apply the change twice, so the gang must be launched anew).
   */
  boolean send(Peer m) {
    if (!sentNow.add(m)) {
      return false;
    }
    boolean remote = m instanceof Peer.Remote;
    if (!current.contains(m) && (kind & Frames.FULL) == 0) {
      replay(m, remote);
    }
    float[] values = (kind & Frames.FULL) != 0 ? replica : delta;
    ByteBuffer b = null;
    if (remote) {
      if (body == null) {
        body = (kind & Frames.FULL) != 0 ? fullBody.all(replica) : halfBody.nonZeroHalf(delta);
      }
      b = body;
      bytes += b.remaining();
    }
    m.step(epoch, step, kind, values, b);
    current.add(m);
    return true;
  }

  /** The window's steps before this one, to a member that starts anew. */
  private void replay(Peer m, boolean remote) {
    if (remote && replayBodies == null) {
      // Encoded apart from this step's body, which may still be on its way to another member.
      Body scratch = new Body(n);
      replayBodies = new ArrayList<>();
      replayBodies.add(copy(scratch.all(start)));
      for (short[] c : changes) {
        replayBodies.add(copy(scratch.nonZeroHalf(values(c))));
      }
    }
    for (int k = 0; k < steps.size(); k++) {
      int[] at = steps.get(k);
      int kindK = Frames.REPLAY | (k == 0 ? Frames.FULL : Frames.DELTA);
      float[] values = k == 0 ? start : values(changes.get(k - 1));
      ByteBuffer b = remote ? replayBodies.get(k) : null;
      if (remote) {
        bytes += b.remaining();
      }
      m.step(at[0], at[1], kindK, values, b);
    }
  }

  /** Every answer of this step is in: the step joins the window, or a FLUSH ends it. */
  void end() {
    bodies++;
    windowEnded = (kind & Frames.FLUSH) != 0;
    if (!windowEnded) {
      steps.add(new int[] {epoch, step});
      if ((kind & Frames.DELTA) != 0) {
        short[] bits = spare.isEmpty() ? new short[n] : spare.remove(spare.size() - 1);
        for (int i = 0; i < n; i++) {
          bits[i] = (short) (Float.floatToRawIntBits(delta[i]) >>> 16);
        }
        changes.add(bits);
      }
    }
  }

  /** A new launch of the stage: its members hold nothing yet. */
  void forgetMembers() {
    current.clear();
    sentNow.clear();
  }

  /** Whether this step's answers come as bfloat16. */
  boolean halfAnswers() {
    return (kind & Frames.FLUSH) == 0;
  }

  /** Body bytes sent to members over TCP so far. */
  long bytesSent() {
    return bytes;
  }

  private float[] values(short[] bits) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = Bf16.value(bits[i]);
    }
    return v;
  }

  /** A body of its own: the replayed steps are all in flight at once. */
  private static ByteBuffer copy(ByteBuffer b) {
    return ByteBuffer.allocate(b.remaining()).put(b.duplicate()).flip();
  }

  /** For the log: steps and mean body bytes per step sent. */
  long steps() {
    return bodies;
  }
}
