package dev.neuron.train.gang;

import dev.neuron.data.ExampleBlock;
import dev.neuron.nn.Network;
import dev.neuron.train.BlockWorker;
import dev.neuron.train.FaultInjection;
import dev.neuron.train.StepResult;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The long-lived task of one partition in gang mode: joins the driver's channel, proves it
 * belongs to the run, then for every STEP computes its block's share with the same
 * {@link BlockWorker} as the job-per-step mode and answers with a RESULT, until STOP. A task in
 * the driver's JVM joins over the in-JVM transport when the driver offers one.
 */
final class GangTask extends AbstractFunction1<Iterator<ExampleBlock>, Iterator<StepResult>>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Channel channel;
  private final Share share;
  /** Which of the driver's launches of the gang's stage this task belongs to. */
  private final int launch;

  /**
   * How results travel to the driver: {@code STAR} as float32 straight to it, {@code TREE} merged
   * up a {@link GangTree} on the way (TCP only), {@code BF16} straight to it on the bf16 wire
   * with error feedback ({@link ErrorFeedback}).
   */
  enum Route {
    STAR,
    TREE,
    BF16
  }

  /**
   * Where a task joins the run's channel, and how it answers.
   *
   * @param localAddress the driver's in-JVM address, or {@code null} for TCP only
   * @param runId what the task proves it belongs to
   * @param timeoutMillis the longest silence of the driver (or a tree parent) a task waits out
   * @param handshakeMillis how long a tree task's hub waits for a connection's HELLO
   */
  record Channel(String host, int port, String localAddress, byte[] runId, long timeoutMillis,
      long handshakeMillis, Route route) implements Serializable {}

  /**
   * What a task computes at each step: its block's share of the global batch of {@code batch}
   * among {@code count} examples, with the draws of {@code seed}.
   */
  record Share(Network net, long seed, int batch, long count) implements Serializable {}

  GangTask(Channel channel, Share share, int launch) {
    this.channel = channel;
    this.share = share;
    this.launch = launch;
  }

  /** The same task for the driver's launch number {@code n}. */
  GangTask forLaunch(int n) {
    return new GangTask(channel, share, n);
  }

  @Override
  public Iterator<StepResult> apply(Iterator<ExampleBlock> blocks) {
    BarrierTaskContext ctx = BarrierTaskContext.get();
    // A partition may hold no block (a DataFrame partition without rows): its task still joins,
    // as every partition's must, and answers every step with an empty share.
    ExampleBlock block = blocks.hasNext() ? blocks.next() : null;
    if (blocks.hasNext()) {
      throw new IllegalStateException("a training partition holds at most one block");
    }
    int partition = ctx.partitionId();
    Channel c = channel;
    Network net = share.net();
    Inbox inbox = new Inbox(ctx, c.timeoutMillis(), "the driver");
    Frames.Hello hello = new Frames.Hello(c.runId(), launch, partition, ctx.stageAttemptNumber());
    try (GangLink link = connect(hello, ctx, inbox)) {
      BlockWorker worker = block == null ? null : BlockWorker.of(block, net);
      if (c.route() == Route.TREE) {
        try (GangTree t = GangTree.join(ctx, hello, inbox, c.timeoutMillis(),
            c.handshakeMillis(), net.paramCount())) {
          for (Frames.Step s = t.next(link); s != null; s = t.next(link)) {
            t.send(link, s.epoch(), s.step(), step(worker, s, s.params()));
            FaultInjection.afterStep(globalStep(s));
          }
        }
      } else if (c.route() == Route.BF16) {
        ErrorFeedback feedback = new ErrorFeedback(net.paramCount());
        for (Frames.Step s = link.next(); s != null; s = link.next()) {
          float[] weights = feedback.weights(s);
          boolean replay = s.has(Frames.REPLAY);
          StepResult r = replay ? compute(worker, s, weights) : step(worker, s, weights);
          feedback.feed(r, s.has(Frames.FLUSH));
          if (!replay) {
            link.send(s.epoch(), s.step(), r, !s.has(Frames.FLUSH));
            FaultInjection.afterStep(globalStep(s));
          }
        }
      } else {
        for (Frames.Step s = link.next(); s != null; s = link.next()) {
          link.send(s.epoch(), s.step(), step(worker, s, s.params()), false);
          FaultInjection.afterStep(globalStep(s));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("gang task " + partition + " (driver " + c.host() + ":"
          + c.port() + (c.route() == Route.TREE ? ", combining in a tree" : "") + "): "
          + e.getMessage(), e);
    }
    return scala.collection.Iterator$.MODULE$.empty();
  }

  private GangLink connect(Frames.Hello hello, BarrierTaskContext ctx, Inbox inbox)
      throws IOException {
    // Only local mode runs tasks in the driver's JVM, where its one executor is named "driver".
    Channel c = channel;
    int params = share.net().paramCount();
    if (c.localAddress() != null && "driver".equals(SparkEnv.get().executorId())) {
      GangLink link = GangLocalLink.connect(c.localAddress(), hello, ctx, c.timeoutMillis(),
          params);
      if (link != null) {
        return link;
      }
    }
    return RemoteLink.connect(c.host(), c.port(), hello, inbox, params);
  }

  private StepResult step(BlockWorker worker, Frames.Step s, float[] weights) {
    FaultInjection.beforeStep(globalStep(s));
    return compute(worker, s, weights);
  }

  /** The block's share of step {@code s} at {@code weights}. */
  private StepResult compute(BlockWorker worker, Frames.Step s, float[] weights) {
    return worker == null ? StepResult.empty()
        : worker.step(weights, share.seed(), s.epoch(), s.step(), share.batch(), share.count());
  }

  private long globalStep(Frames.Step s) {
    long batches = (share.count() + share.batch() - 1) / share.batch();
    return (long) s.epoch() * batches + s.step();
  }
}
