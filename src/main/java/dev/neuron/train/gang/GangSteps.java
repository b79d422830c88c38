package dev.neuron.train.gang;

import dev.neuron.nn.Network;
import dev.neuron.train.JobSteps;
import dev.neuron.train.StepExecutor;
import dev.neuron.train.StepResult;
import dev.neuron.data.TrainingSet;
import dev.neuron.train.Traffic;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.reflect.ClassTag$;

/**
 * Gang execution: one barrier stage for the whole run, one long-lived {@link GangTask} per
 * partition, fed each step's weights over the {@link GangServer} channel. The driver loop, the
 * summation order and the arithmetic are those of {@link JobSteps}, so both modes give the same
 * bits.
 *
 * <p>Faults: if a task fails, Spark retries the barrier stage as a whole and the new tasks join
 * again; if the stage fails for good (Spark gives a stage {@code spark.stage.maxConsecutiveAttempts}
 * attempts and never resets the count while the stage runs), or a member is silent for
 * {@link GangSetting#TIMEOUT} (default 120 s) while the driver waits for its answer, the
 * driver ends the stage and launches a new one. Either way the step in progress is recomputed from
 * the driver's weights, so the bits do not change. The budget is per step: a step may fail
 * {@link GangSetting#STEP_FAILURES} times in a row (default 4) before the run fails. Each
 * launch is numbered, and what a member of an earlier launch sends is ignored. While the driver
 * works between steps (a checkpoint, a listener) it tells the tasks to keep waiting, so their own
 * silence timeout counts only the driver's silence, not its work. With a
 * {@link GangTree} the driver feeds and hears from task 0 alone; every task still joins the
 * channel, so the driver notices any of them leaving. The stage holds every task slot it uses, so
 * when Spark jobs must run between epochs (scoring a validation set) the trainer {@link #pause}s
 * the gang: the stage ends, and the next epoch launches a new one.
 */
public final class GangSteps implements StepExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(GangSteps.class);
  private final JavaSparkContext jsc;
  private final GangServer server;
  private final TrainingSet data;
  private final GangTask task;
  private final int partitions;
  private final long timeoutNanos;
  private final int stepFailures;
  private final Members members;
  private final StepResult[] results;
  /** How many tasks the driver feeds and hears from: all of them, or in a tree only task 0. */
  private final int answering;
  private final Heartbeat heartbeat;
  /** The weights for members on TCP, made at the first step that has such members: {@link Wire}. */
  private Wire wire;
  /** The bf16 wire, for every member whatever its transport; {@code null} on the float32 wire. */
  private final HalfWire half;
  /** Steps whose every answer came back. */
  private long syncs;
  /** The number of the newest launch of the stage. */
  private int launch = -1;
  /** The running barrier stage's job, or {@code null} while paused. */
  private JavaFutureAction<List<StepResult>> job;

  private GangSteps(JavaSparkContext jsc, GangServer server, TrainingSet data, GangTask task,
      int partitions, long timeoutMillis, boolean tree, int stepFailures, HalfWire half) {
    this.half = half;
    this.jsc = jsc;
    this.server = server;
    this.data = data;
    this.task = task;
    this.partitions = partitions;
    this.answering = tree ? 1 : partitions;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    this.stepFailures = stepFailures;
    this.members = new Members(partitions);
    this.results = new StepResult[answering];
    this.heartbeat = new Heartbeat(members.view(), timeoutMillis);
  }

  /**
   * Starts the gang. The caller has checked that Spark can run every partition's task at once
   * ({@link BarrierSlots}): a barrier stage would otherwise wait for slots, or be refused.
   */
  public static StepExecutor start(JavaSparkContext jsc, TrainingSet data, Network net, long seed,
      int batch) {
    int p = data.partitions();
    long timeout = GangSetting.TIMEOUT.millis(jsc);
    long handshake = GangSetting.HANDSHAKE_TIMEOUT.millis(jsc);
    boolean inJvm = jsc.isLocal()
        && GangSetting.TRANSPORT.choice(Channel.class, jsc) == Channel.AUTO;
    if (!inJvm) {
      Frames.checkBody(net.paramCount());
    }
    String host = GangServer.driverHost(jsc);
    GangServer server = GangServer.open(jsc, host, p, net.paramCount(), inJvm, handshake);
    WireFormat format = GangSetting.WIRE.choice(WireFormat.class, jsc);
    Combine combine = GangSetting.COMBINE.choice(Combine.class, jsc);
    if (format == WireFormat.BF16 && combine == Combine.TREE) {
      server.close();
      throw new IllegalArgumentException(GangSetting.WIRE.key() + "=bf16 needs the star: set "
          + GangSetting.COMBINE.key() + " to star or auto (found tree)");
    }
    boolean tree = server.localAddress() == null && format == WireFormat.F32
        && combine.tree(p);
    long steps = (data.count() + batch - 1) / batch;
    HalfWire half = format == WireFormat.F32 ? null : new HalfWire(net.paramCount(),
        GangSetting.FLUSH_STEPS.count(jsc), (int) steps);
    GangTask.Route route = tree ? GangTask.Route.TREE
        : half != null ? GangTask.Route.BF16 : GangTask.Route.STAR;
    GangTask task = new GangTask(new GangTask.Channel(host, server.port(), server.localAddress(),
        server.runId(), timeout, handshake, route), new GangTask.Share(net, seed, batch,
        data.count()), 0);
    GangSteps gang = new GangSteps(jsc, server, data, task, p, timeout, tree,
        GangSetting.STEP_FAILURES.count(jsc), half);
    gang.launch();
    LOG.info("gang channel on {}:{} ({}); waiting for {} tasks{}{}", host, server.port(),
        server.security(), p, tree ? ", which combine their gradients in a tree" : "",
        half == null ? "" : "; bf16 wire with error feedback");
    return gang;
  }

  /**
   * For a run whose steps are jobs: says so if the bf16 wire was asked for, which only gang mode
   * has (the run's values then travel as float32, and its bits are float32's).
   */
  public static void warnIfWireIgnored(JavaSparkContext jsc) {
    if (GangSetting.WIRE.choice(WireFormat.class, jsc) != WireFormat.F32) {
      LOG.warn("{}={} applies to gang mode only; this run's steps are Spark jobs, whose values"
          + " travel as float32", GangSetting.WIRE.key(), GangSetting.WIRE.read(jsc));
    }
  }

  /**
   * Launches the barrier stage anew, whose tasks then join; forgets the members of earlier
   * launches, whose events are ignored from now on.
   */
  private void launch() {
    if (job != null && !job.isDone()) {
      job.cancel(true);
    }
    members.relaunch(++launch);
    if (wire != null) {
      wire.forgetMembers();
    }
    if (half != null) {
      half.forgetMembers();
    }
    jsc.setJobDescription("neuron gang training: " + partitions + " partitions"
        + (launch > 0 ? ", launch " + (launch + 1) : ""));
    RDD<StepResult> stage = data.blocks().rdd().barrier()
        .mapPartitions(task.forLaunch(launch), false, ClassTag$.MODULE$.apply(StepResult.class));
    // Spark retries a failed barrier stage only if it is a shuffle-map stage (a failed barrier
    // result stage aborts the job), so the gang's empty output goes through a shuffle.
    job = stage.toJavaRDD().repartition(1).collectAsync();
  }

  @Override
  public void awaitReady() {
    if (job != null && members.complete()) {
      return;
    }
    long t0 = System.nanoTime();
    if (job == null) {
      launch();
    }
    try {
      awaitGang();
    } catch (StageLost e) {
      // The first step recovers.
      LOG.warn("gang: {}", e.getMessage());
      return;
    }
    LOG.info("gang of {} tasks assembled in {} ms", partitions,
        (System.nanoTime() - t0) / 1_000_000);
  }

  @Override
  public void pause() {
    if (job != null) {
      stop();
      job = null;
    }
  }

  @Override
  public List<StepResult> run(float[] params, int epoch, int step) {
    heartbeat.stepStarts();
    if (half != null) {
      half.begin(params, epoch, step);
    }
    try {
      for (int failures = 0; ; failures++) {
        if (failures > stepFailures) {
          throw new IllegalStateException("gang mode: epoch " + (epoch + 1) + " step "
              + (step + 1) + " failed " + failures + " times in a row ("
              + GangSetting.STEP_FAILURES.key() + "=" + stepFailures + ")");
        }
        try {
          if (job == null || job.isDone()) {
            launch();
          }
          awaitGang();
          send(params, epoch, step);
          if (collect(epoch, step)) {
            syncs++;
            if (half != null) {
              half.end();
            }
            return Arrays.asList(results.clone());
          }
          LOG.warn("gang: lost a task at epoch {} step {}; recomputing the step", epoch + 1,
              step + 1);
        } catch (StageLost e) {
          LOG.warn("gang: {} at epoch {} step {}; launching the stage anew", e.getMessage(),
              epoch + 1, step + 1);
          if (job != null && !job.isDone()) {
            job.cancel(true);
          }
        }
      }
    } finally {
      heartbeat.stepEnds();
    }
  }

  /**
   * Sends the weights to the answering members: by reference to those in this JVM, encoded at
   * most twice for all the others ({@link Wire}).
   */
  private void send(float[] params, int epoch, int step) {
    if (half != null) {
      for (int p = 0; p < answering; p++) {
        if (!half.send(members.get(p))) {
          throw new StageLost("a member of this launch was to get this step twice");
        }
      }
      return;
    }
    for (int p = 0; p < answering; p++) {
      Peer m = members.get(p);
      if (m instanceof Peer.Remote) {
        if (wire == null) {
          wire = new Wire(params.length);
        }
        m.step(epoch, step, Frames.PLAIN, params, wire.body(m, params));
      } else {
        m.step(epoch, step, Frames.PLAIN, params, null);
      }
    }
    if (wire != null) {
      wire.stepSent(params);
    }
  }

  /**
   * Waits for every member's result of this step; false if a member left meanwhile or a newer
   * attempt of the stage began (whose tasks wait for this step's weights).
   */
  private boolean collect(int epoch, int step) {
    Arrays.fill(results, null);
    int received = 0;
    long deadline = System.nanoTime() + timeoutNanos;
    while (received < answering) {
      Event e = next(deadline, "results of epoch " + (epoch + 1) + " step " + (step + 1));
      if (e instanceof Event.Result r && r.partition() < answering && members.current(r)
          && r.epoch() == epoch && r.step() == step && results[r.partition()] == null) {
        results[r.partition()] = r.result();
        received++;
      } else if (!members.track(e)) {
        return false;
      }
    }
    return true;
  }

  /** Waits until every partition has a live member from the newest stage attempt. */
  private void awaitGang() {
    long deadline = System.nanoTime() + timeoutNanos;
    while (!members.complete()) {
      members.track(next(deadline, "all " + partitions + " gang tasks to connect"));
    }
  }

  /**
   * The next event; {@link StageLost} if the stage's job ended, or nothing came before
   * {@code deadline} (a member silent with its connection open).
   */
  private Event next(long deadline, String what) {
    while (true) {
      Event e;
      try {
        e = server.events.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, ie);
      }
      if (e != null) {
        return e;
      }
      if (job.isDone()) {
        throw new StageLost("the stage ended while waiting for " + what + ": " + failure());
      }
      if (System.nanoTime() > deadline) {
        throw new StageLost("nothing came for " + timeoutNanos / 1_000_000_000L
            + " s while waiting for " + what + " (spark.neuron.gang.timeout)");
      }
    }
  }

  private String failure() {
    try {
      job.get();
      return "it finished early";
    } catch (ExecutionException e) {
      return String.valueOf(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (CancellationException e) {
      return "cancelled";
    }
  }

  /**
   * Synchronizations, and the body bytes the driver sent (weights, recomputed steps included) and
   * received (gradients) over TCP, whatever the wire ({@link #bodyBytes}); members in the driver's
   * JVM move no bytes. With a {@link GangTree} these are the driver's link alone: the tasks relay
   * between themselves.
   */
  @Override
  public Traffic traffic() {
    long[] b = bodyBytes();
    return new Traffic(syncs, b[0], b[1]);
  }

  /**
   * Body bytes sent to members over TCP and received from them so far, whatever the wire: for the
   * log and tests.
   */
  long[] bodyBytes() {
    return new long[] {half != null ? half.bytesSent() : wire == null ? 0 : wire.bytesSent(),
        server.bodyBytes()};
  }

  private String halfTraffic() {
    long s = Math.max(1, half.steps());
    long[] b = bodyBytes();
    return String.format("%d steps; weights %.0f KB sent per step, gradients %.0f KB received",
        half.steps(), b[0] / 1024.0 / s, b[1] / 1024.0 / s);
  }

  /** How each partition's task is connected now: "in-JVM" or "tcp". */
  List<String> transports() {
    return members.transports();
  }

  @Override
  public void close() {
    try {
      pause();
    } finally {
      heartbeat.close();
      if (wire != null) {
        LOG.info("gang over TCP: {}", wire.traffic(server.bodyBytes()));
      }
      if (half != null && half.bytesSent() > 0) {
        LOG.info("gang over TCP, bf16 wire: {}", halfTraffic());
      }
      server.close();
    }
  }

  /**
   * Sends STOP to every member, and to any that joins meanwhile (a task retried by Spark after the
   * last step), and waits for the stage to end; cancels it after the timeout.
   */
  private void stop() {
    members.stopAll();
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      while (!job.isDone() && System.nanoTime() < deadline) {
        Event e = server.events.poll(50, TimeUnit.MILLISECONDS);
        if (e instanceof Event.Joined j) {
          j.peer().signal(Frames.STOP);
        }
      }
      job.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | CancellationException e) {
      LOG.warn("gang stage did not end cleanly: {}", e.toString());
      job.cancel(true);
    }
    members.closeAll();
  }
}
