package dev.neuron.train.gang;

import dev.neuron.train.PairwiseMerge;
import dev.neuron.train.StepResult;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;

/**
 * A gang task's place in a binomial tree over the P partitions, so that summing the gradients and
 * fanning out the weights leave the driver: task {@code p} receives each step's weights from its
 * parent {@code p − lowbit(p)} (task 0 from the driver) and passes them on to its children
 * {@code p + 1, p + 2, p + 4, …} (below {@code lowbit(p)} and P), then adds its children's sums
 * to its own in that order and sends the total up: {@link PairwiseMerge}'s merge and order, which
 * the driver runs alone in jobs mode, so the tree gives the same bits as the driver summing alone. The driver then moves one weights frame out and one gradient frame back per step,
 * whatever P. A task with children is a {@link Hub} to them, on the same transport and under the
 * same authentication as the driver's; a stray connection to it is refused, never counted as a
 * child.
 */
final class GangTree implements Closeable {
  private final BarrierTaskContext ctx;
  private final long timeoutMillis;
  private final GangLink parent;
  private final Hub hub;
  private final BlockingQueue<Event> events;
  private final List<Integer> childIds;
  private final Peer[] children;
  private final StepResult[] childResults;
  private final Body body;
  private final float[] spare;
  private final int launch;

  private GangTree(BarrierTaskContext ctx, long timeoutMillis, GangLink parent, Hub hub,
      BlockingQueue<Event> events, List<Integer> childIds, int params, int launch) {
    this.launch = launch;
    this.ctx = ctx;
    this.timeoutMillis = timeoutMillis;
    this.parent = parent;
    this.hub = hub;
    this.events = events;
    this.childIds = childIds;
    this.children = new Peer[childIds.size()];
    this.childResults = new StepResult[childIds.size()];
    this.body = childIds.isEmpty() ? null : new Body(params);
    this.spare = childIds.isEmpty() ? null : new float[params];
  }

  /**
   * Builds this task's links: listens for its children, tells every task where through the
   * barrier's {@code allGather}, connects to its parent, then waits for its children to join.
   */
  static GangTree join(BarrierTaskContext ctx, Frames.Hello hello, Inbox inbox,
      long timeoutMillis, long handshake, int params) throws IOException {
    int p = ctx.partitionId();
    int parts = ctx.getTaskInfos().length;
    List<Integer> expected = PairwiseMerge.children(p, parts);
    String address = ctx.getTaskInfos()[p].address();
    String host = address.substring(0, address.lastIndexOf(':'));
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    Hub hub = expected.isEmpty() ? null
        : new Hub(SparkEnv.get(), host, 0, hello.runId(), parts, params, handshake, events);
    GangLink parent = null;
    try {
      String[] all = ctx.allGather(hub == null ? "" : host + ":" + hub.port());
      if (p > 0) {
        String at = all[p - Integer.lowestOneBit(p)];
        int colon = at.lastIndexOf(':');
        parent = RemoteLink.connect(at.substring(0, colon),
            Integer.parseInt(at.substring(colon + 1)), hello, inbox, params);
      }
      GangTree t = new GangTree(ctx, timeoutMillis, parent, hub, events, expected, params,
          hello.launch());
      t.awaitChildren();
      return t;
    } catch (IOException | RuntimeException e) {
      if (parent != null) {
        parent.close();
      }
      if (hub != null) {
        hub.close();
      }
      throw e;
    }
  }

  private void awaitChildren() throws IOException {
    int joined = 0;
    while (joined < children.length) {
      if (next("children to join") instanceof Event.Joined j) {
        int c = childIds.indexOf(j.partition());
        if (c < 0 || j.attempt() != ctx.stageAttemptNumber() || j.launch() != launch
            || children[c] != null) {
          j.peer().close();
        } else {
          children[c] = j.peer();
          joined++;
        }
      }
    }
  }

  /**
   * The next step's weights, from the parent (task 0: from {@code driver}), passed on to the
   * children first so they start at once; {@code null} on STOP, which is passed on too.
   */
  Frames.Step next(GangLink driver) throws IOException {
    Frames.Step s = (parent == null ? driver : parent).next();
    if (children.length > 0) {
      if (s == null) {
        for (Peer c : children) {
          c.signal(Frames.STOP);
        }
      } else {
        ByteBuffer all = body.all(s.params());
        for (Peer c : children) {
          c.step(s.epoch(), s.step(), Frames.PLAIN, s.params(), all);
        }
      }
    }
    return s;
  }

  /**
   * Adds the children's sums to this task's share in the children's order and sends the total to
   * the parent (task 0: to {@code driver}).
   */
  void send(GangLink driver, int epoch, int step, StepResult own) throws IOException {
    Arrays.fill(childResults, null);
    for (int received = 0; received < children.length; ) {
      Event e = next("children's results of epoch " + (epoch + 1) + " step " + (step + 1));
      if (e instanceof Event.Result r && r.epoch() == epoch && r.step() == step) {
        int c = childIds.indexOf(r.partition());
        if (c >= 0 && childResults[c] == null && r.peer() == children[c]) {
          childResults[c] = r.result();
          received++;
        }
      } else if (e instanceof Event.Left l && childIds.contains(l.partition())
          && children[childIds.indexOf(l.partition())] == l.peer()) {
        throw new IOException("child task " + l.partition() + " left the gang");
      }
    }
    // The sum goes into this tree node's own buffer; the worker's gradient is only read.
    (parent == null ? driver : parent).send(epoch, step,
        PairwiseMerge.withChildren(own, childResults, spare), false);
  }

  private Event next(String what) throws IOException {
    long since = System.nanoTime();
    while (true) {
      Event e;
      try {
        e = events.poll(Inbox.POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException ie) {
        ctx.killTaskIfInterrupted();
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for " + what);
      }
      if (e != null) {
        return e;
      }
      Inbox.stillWaiting(ctx, since, timeoutMillis, "no " + what);
    }
  }

  @Override
  public void close() throws IOException {
    if (hub != null) {
      hub.close();
    }
    if (parent != null) {
      parent.close();
    }
  }
}
