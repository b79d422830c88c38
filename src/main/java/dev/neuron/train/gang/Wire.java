package dev.neuron.train.gang;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The driver's weights on their way to members over TCP, as {@link Body}s: a member that has
 * applied every body since it joined gets only the blocks that changed since the last step; a
 * member new to this launch gets all of them. Each kind is encoded at most once per step and
 * shared by every member it goes to.
 */
final class Wire {
  private final Body changed;
  private final Body all;
  /** What every member in {@link #current} holds. */
  private final float[] sent;
  private final Set<Peer> current = Collections.newSetFromMap(new IdentityHashMap<>());
  private ByteBuffer changedBody;
  private ByteBuffer allBody;
  private long steps;
  private long bytes;

  Wire(int params) {
    this.changed = new Body(params);
    this.all = new Body(params);
    this.sent = new float[params];
  }

  /** This step's body for {@code member}; {@link #stepSent} ends the step. */
  ByteBuffer body(Peer member, float[] params) {
    ByteBuffer b;
    if (current.contains(member)) {
      if (changedBody == null) {
        changedBody = changed.changed(params, sent);
      }
      b = changedBody;
    } else {
      if (allBody == null) {
        allBody = all.all(params);
      }
      b = allBody;
      current.add(member);
    }
    bytes += b.remaining();
    return b;
  }

  /** Every member that gets this step's weights has been sent them. */
  void stepSent(float[] params) {
    if (allBody != null && changedBody == null) {
      System.arraycopy(params, 0, sent, 0, sent.length);
    }
    if (allBody != null || changedBody != null) {
      steps++;
    }
    changedBody = null;
    allBody = null;
  }

  /** Body bytes sent so far. */
  long bytesSent() {
    return bytes;
  }

  /** A new launch of the stage: its members hold nothing yet. */
  void forgetMembers() {
    current.clear();
  }

  /**
   * Mean body bytes per step sent and received ({@code received}: the hub's count), against a
   * dense body's 4 bytes per parameter: for the log.
   */
  String traffic(long received) {
    long s = Math.max(1, steps);
    return String.format("%d steps; weights %.0f KB sent per step, gradients %.0f KB received"
        + " (dense: %.0f KB per member)", steps, bytes / 1024.0 / s, received / 1024.0 / s,
        4.0 * sent.length / 1024);
  }
}
