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
  private final String host;
  private final int port;
  private final String localAddress;
  private final byte[] runId;
  private final Network net;
  private final long seed;
  private final int batch;
  private final long count;
  private final long timeoutMillis;
  private final long handshakeMillis;
  private final boolean tree;
  /** Weights and gradients on the bf16 wire ({@link ErrorFeedback}). */
  private final boolean half;
  /** Which of the driver's launches of the gang's stage this task belongs to. */
  private final int launch;

  /**
   * {@code localAddress}: the driver's in-JVM address, or {@code null} for TCP only; {@code tree}:
   * the tasks combine their gradients in a {@link GangTree} (TCP only); {@code half}: the bf16
   * wire.
   */
  GangTask(String host, int port, String localAddress, byte[] runId, Network net, long seed,
      int batch, long count, long timeoutMillis, long handshakeMillis, boolean tree, boolean half,
      int launch) {
    this.host = host;
    this.port = port;
    this.localAddress = localAddress;
    this.runId = runId;
    this.net = net;
    this.seed = seed;
    this.batch = batch;
    this.count = count;
    this.timeoutMillis = timeoutMillis;
    this.handshakeMillis = handshakeMillis;
    this.tree = tree;
    this.half = half;
    this.launch = launch;
  }

  /** The same task for the driver's launch number {@code n}. */
  GangTask forLaunch(int n) {
    return new GangTask(host, port, localAddress, runId, net, seed, batch, count, timeoutMillis,
        handshakeMillis, tree, half, n);
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
    Inbox inbox = new Inbox(ctx, timeoutMillis, "the driver");
    Frames.Hello hello = new Frames.Hello(runId, launch, partition, ctx.stageAttemptNumber());
    try (GangLink link = connect(hello, ctx, inbox)) {
      BlockWorker worker = block == null ? null : BlockWorker.of(block, net);
      if (tree) {
        try (GangTree t = GangTree.join(ctx, hello, inbox, timeoutMillis, handshakeMillis,
            net.paramCount())) {
          for (Frames.Step s = t.next(link); s != null; s = t.next(link)) {
            t.send(link, s.epoch(), s.step(), step(worker, s, s.params()));
            FaultInjection.afterStep(globalStep(s));
          }
        }
      } else if (half) {
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
      throw new UncheckedIOException("gang task " + partition + " (driver " + host + ":" + port
          + (tree ? ", combining in a tree" : "") + "): " + e.getMessage(), e);
    }
    return scala.collection.Iterator$.MODULE$.empty();
  }

  private GangLink connect(Frames.Hello hello, BarrierTaskContext ctx, Inbox inbox)
      throws IOException {
    // Only local mode runs tasks in the driver's JVM, where its one executor is named "driver".
    if (localAddress != null && "driver".equals(SparkEnv.get().executorId())) {
      GangLink link = GangLocalLink.connect(localAddress, hello, ctx, timeoutMillis,
          net.paramCount());
      if (link != null) {
        return link;
      }
    }
    return RemoteLink.connect(host, port, hello, inbox, net.paramCount());
  }

  private StepResult step(BlockWorker worker, Frames.Step s, float[] weights) {
    FaultInjection.beforeStep(globalStep(s));
    return compute(worker, s, weights);
  }

  /** The block's share of step {@code s} at {@code weights}. */
  private StepResult compute(BlockWorker worker, Frames.Step s, float[] weights) {
    return worker == null ? StepResult.empty()
        : worker.step(weights, seed, s.epoch(), s.step(), batch, count);
  }

  private long globalStep(Frames.Step s) {
    return (long) s.epoch() * ((count + batch - 1) / batch) + s.step();
  }
}
