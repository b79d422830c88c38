package dev.neuron.train.gang;

import dev.neuron.train.StepResult;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;

/**
 * A gang task's place in a binomial tree over the P partitions, so that summing the gradients and
 * fanning out the weights leave the driver: task {@code p} receives each step's weights from its
 * parent {@code p − lowbit(p)} (task 0 from the driver) and passes them on to its children
 * {@code p + 1, p + 2, p + 4, …} (below {@code lowbit(p)} and P), then adds its children's sums
 * to its own in that order and sends the total up. That is exactly {@link dev.neuron.train.StepSum}'s pairwise
 * order, so the tree gives the same bits as the driver summing alone. The driver then moves one
 * weights frame out and one gradient frame back per step, whatever P.
 */
final class GangTree implements Closeable {
  private final GangSocketLink parent;
  private final List<GangSocketLink> children;
  private final float[] childSum;
  private final float[] spare;

  private GangTree(GangSocketLink parent, List<GangSocketLink> children, int params) {
    this.parent = parent;
    this.children = children;
    this.childSum = children.isEmpty() ? null : new float[params];
    this.spare = children.isEmpty() ? null : new float[params];
  }

  /** The children of {@code p} among {@code parts} partitions, in the order they are added. */
  static List<Integer> children(int p, int parts) {
    List<Integer> c = new ArrayList<>();
    int limit = p == 0 ? Integer.MAX_VALUE : Integer.lowestOneBit(p);
    for (int step = 1; step < limit && p + step < parts; step <<= 1) {
      c.add(p + step);
    }
    return c;
  }

  /**
   * Builds this task's links: listens for its children, tells every task where through the
   * barrier's {@code allGather}, connects to its parent and proves itself with the run's secret,
   * then accepts and checks its children.
   */
  static GangTree join(BarrierTaskContext ctx, byte[] secret, int timeoutMillis, int params)
      throws IOException {
    int p = ctx.partitionId();
    int attempt = ctx.stageAttemptNumber();
    int parts = ctx.getTaskInfos().length;
    List<Integer> expected = children(p, parts);
    String address = ctx.getTaskInfos()[p].address();
    String host = address.substring(0, address.lastIndexOf(':'));
    try (ServerSocket server = expected.isEmpty() ? null
        : new ServerSocket(0, expected.size(), InetAddress.getByName(host))) {
      String[] all = ctx.allGather(server == null ? "" : host + ":" + server.getLocalPort());
      GangSocketLink parent = null;
      List<GangSocketLink> children = new ArrayList<>();
      try {
        if (p > 0) {
          String at = all[p - Integer.lowestOneBit(p)];
          int colon = at.lastIndexOf(':');
          parent = GangSocketLink.connect(at.substring(0, colon),
              Integer.parseInt(at.substring(colon + 1)), ctx, timeoutMillis, params);
          parent.write(GangProtocol.hello(secret, parent.challenge(), p, attempt));
        }
        GangSocketLink[] ordered = new GangSocketLink[expected.size()];
        for (int k = 0; k < ordered.length; k++) {
          GangSocketLink child = GangSocketLink.accept(server, ctx, timeoutMillis, params);
          children.add(child);
          int c = expected.indexOf(child.verify(secret, attempt));
          if (c < 0 || ordered[c] != null) {
            throw new IOException("task " + p + ": a connection claimed to be a child it does not"
                + " have");
          }
          ordered[c] = child;
        }
        return new GangTree(parent, List.of(ordered), params);
      } catch (IOException | RuntimeException e) {
        for (GangSocketLink c : children) {
          c.close();
        }
        if (parent != null) {
          parent.close();
        }
        throw e;
      }
    }
  }

  /**
   * The next step's weights, from the parent (task 0: from {@code driver}), passed on to the
   * children first so they start at once; {@code null} on STOP, which is passed on too.
   */
  GangProtocol.Step next(GangSocketLink driver) throws IOException {
    GangSocketLink from = parent == null ? driver : parent;
    GangProtocol.Step s = from.next();
    for (GangSocketLink c : children) {
      from.relay(c);
    }
    return s;
  }

  /**
   * Adds the children's sums to this task's share in the children's order and sends the total to
   * the parent (task 0: to {@code driver}).
   */
  void send(GangSocketLink driver, int epoch, int step, StepResult own) throws IOException {
    // The children's sums go into this task's own gradient buffer (the worker clears it before its
    // next step); only a task without examples of its own starts from an empty one.
    float[] g = own.gradient();
    double loss = own.loss();
    long count = own.count();
    long correct = own.correct();
    long nanos = own.nanos();
    for (GangSocketLink c : children) {
      StepResult r = c.result(epoch, step, childSum);
      if (r.count() == 0) {
        continue;
      }
      if (g == null) {
        g = spare;
        System.arraycopy(childSum, 0, g, 0, g.length);
      } else {
        for (int i = 0; i < g.length; i++) {
          g[i] += childSum[i];
        }
      }
      loss += r.loss();
      count += r.count();
      correct += r.correct();
      nanos = Math.max(nanos, r.nanos());
    }
    (parent == null ? driver : parent).send(epoch, step,
        new StepResult(g, loss, count, correct, nanos));
  }

  @Override
  public void close() throws IOException {
    for (GangSocketLink c : children) {
      c.close();
    }
    if (parent != null) {
      parent.close();
    }
  }
}
