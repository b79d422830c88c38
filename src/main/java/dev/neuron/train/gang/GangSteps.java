package dev.neuron.train.gang;

import dev.neuron.train.StepResult;
import dev.neuron.train.StepExecutor;
import dev.neuron.train.ExecutionMode;
import dev.neuron.train.JobSteps;
import dev.neuron.train.TrainingSet;
import dev.neuron.nn.Network;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
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
 * bits. If the stage fails, Spark retries it as a whole; the new tasks join again and the step in
 * progress is recomputed from the driver's weights. A partition silent for longer than
 * {@code spark.neuron.gang.timeout} (default 120 s) ends the run with an error. With a
 * {@link GangTree} the driver feeds and hears from task 0 alone; every task still joins the
 * channel, so the driver notices any of them leaving. The stage holds every task slot it uses, so
 * when Spark jobs must run between epochs (scoring a validation set) the trainer {@link #pause}s
 * the gang: the stage ends, and the next epoch launches a new one.
 */
public final class GangSteps implements StepExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(GangSteps.class);
  private static final int MAX_REJOINS = 8;
  private final JavaSparkContext jsc;
  private final GangServer server;
  private final RDD<StepResult> stage;
  private final int partitions;
  private final long timeoutNanos;
  private final Peer[] members;
  private final int[] memberAttempt;
  private final StepResult[] results;
  /** The weights encoded for the members on TCP, made at the first step that has such members. */
  private ByteBuffer body;
  /** How many tasks the driver feeds and hears from: all of them, or in a tree only task 0. */
  private final int answering;
  private int attempt = -1;
  /** The running barrier stage's job, or {@code null} while paused. */
  private JavaFutureAction<List<StepResult>> job;

  private GangSteps(JavaSparkContext jsc, GangServer server, RDD<StepResult> stage,
      int partitions, long timeoutMillis, boolean tree) {
    this.jsc = jsc;
    this.server = server;
    this.stage = stage;
    this.partitions = partitions;
    this.answering = tree ? 1 : partitions;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    this.members = new Peer[partitions];
    this.memberAttempt = new int[partitions];
    this.results = new StepResult[answering];
  }

  /**
   * Starts the gang, or returns {@link JobSteps} (and says so) when the cluster cannot run every
   * partition's task at once: a barrier stage would otherwise wait for slots, or be refused.
   */
  public static StepExecutor start(JavaSparkContext jsc, TrainingSet data, Network net, long seed,
      int batch) {
    int p = data.partitions();
    if (dynamicAllocation(jsc.getConf())) {
      LOG.warn("gang mode needs its {} tasks running for the whole run, which Spark refuses under"
          + " dynamic allocation (spark.dynamicAllocation.enabled); running one Spark job per step"
          + " instead", p);
      return new JobSteps(jsc, data, net, seed, batch);
    }
    int slots = jsc.defaultParallelism();
    if (slots < p) {
      LOG.warn("gang mode needs {} task slots at once but the cluster offers {}; running one"
          + " Spark job per step instead", p, slots);
      return new JobSteps(jsc, data, net, seed, batch);
    }
    SparkConf conf = jsc.getConf();
    long timeout = conf.getTimeAsMs("spark.neuron.gang.timeout", "120s");
    long handshake = conf.getTimeAsMs("spark.neuron.gang.handshakeTimeout", "30s");
    // As Spark's own driver services: listen on the bind address, advertise the driver's host;
    // in local mode every task is on this machine, so loopback alone.
    String host = jsc.isLocal() ? "127.0.0.1" : conf.get("spark.driver.host", "127.0.0.1");
    String bind = jsc.isLocal() ? host : conf.get("spark.driver.bindAddress", host);
    GangServer server;
    try {
      server = new GangServer(SparkEnv.get(), bind, conf.getInt("spark.neuron.gang.port", 0), p,
          net.paramCount(), inJvm(jsc), handshake);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while opening the gang channel", e);
    }
    boolean tree = server.localAddress() == null && tree(jsc, p);
    GangTask task = new GangTask(host, server.port(), server.localAddress(), server.runId(), net,
        seed, batch, data.count(), timeout, handshake, tree);
    RDD<StepResult> stage = data.blocks().rdd().barrier()
        .mapPartitions(task, false, ClassTag$.MODULE$.apply(StepResult.class));
    GangSteps gang = new GangSteps(jsc, server, stage, p, timeout, tree);
    gang.launch();
    LOG.info("gang channel on {}:{}; waiting for {} tasks{}", host, server.port(), p,
        tree ? ", which combine their gradients in a tree" : "");
    return gang;
  }

  /**
   * Whether Spark would refuse a barrier stage for dynamic allocation: the rule of Spark's own
   * check, under which local mode allocates dynamically only when testing.
   */
  static boolean dynamicAllocation(SparkConf conf) {
    return conf.getBoolean("spark.dynamicAllocation.enabled", false)
        && (!conf.get("spark.master", "").startsWith("local")
            || conf.getBoolean("spark.dynamicAllocation.testing", false));
  }

  /** Whether tasks in the driver's JVM may join in-JVM: {@link ExecutionMode#GANG_TRANSPORT}. */
  private static boolean inJvm(JavaSparkContext jsc) {
    String key = ExecutionMode.GANG_TRANSPORT;
    String v = setting(jsc, key);
    return switch (v) {
      case "auto" -> jsc.isLocal();
      case "tcp" -> false;
      default -> throw new IllegalArgumentException(key + " must be auto or tcp, found '" + v
          + "'");
    };
  }

  /** Whether TCP tasks combine in a {@link GangTree}: {@link ExecutionMode#GANG_COMBINE}. */
  private static boolean tree(JavaSparkContext jsc, int partitions) {
    String key = ExecutionMode.GANG_COMBINE;
    String v = setting(jsc, key);
    return switch (v) {
      case "auto" -> partitions >= 8;
      case "tree" -> true;
      case "star" -> false;
      default -> throw new IllegalArgumentException(key + " must be auto, tree or star, found '"
          + v + "'");
    };
  }

  /** A job-local property, else the Spark conf, else {@code auto}. */
  private static String setting(JavaSparkContext jsc, String key) {
    String v = jsc.getLocalProperty(key);
    return (v != null ? v : jsc.getConf().get(key, "auto")).trim();
  }

  /** Submits the barrier stage, whose tasks then join; forgets the members of an earlier one. */
  private void launch() {
    Arrays.fill(members, null);
    Arrays.fill(memberAttempt, -1);
    attempt = -1;
    jsc.setJobDescription("neuron gang training: " + partitions + " partitions");
    // Spark retries a failed barrier stage only if it is a shuffle-map stage (a failed barrier
    // result stage aborts the job), so the gang's empty output goes through a shuffle.
    job = stage.toJavaRDD().repartition(1).collectAsync();
  }

  @Override
  public void awaitReady() {
    if (job != null && complete()) {
      return;
    }
    long t0 = System.nanoTime();
    if (job == null) {
      launch();
    }
    awaitGang();
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
    for (int rejoins = 0; rejoins <= MAX_REJOINS; rejoins++) {
      if (job == null) {
        launch();
      }
      awaitGang();
      send(params, epoch, step);
      if (collect(epoch, step)) {
        return Arrays.asList(results.clone());
      }
      LOG.warn("gang lost a task at epoch {} step {}; waiting for Spark to retry the stage",
          epoch + 1, step + 1);
    }
    throw new IllegalStateException("the gang stage was retried " + MAX_REJOINS
        + " times without completing a step");
  }

  /**
   * Sends the weights to the answering members: by reference to those in this JVM, encoded once
   * for all the others.
   */
  private void send(float[] params, int epoch, int step) {
    boolean encoded = false;
    for (int p = 0; p < answering; p++) {
      Peer m = members[p];
      if (m instanceof Peer.Remote && !encoded) {
        if (body == null) {
          body = Frames.body(params.length);
        }
        Frames.floats(body, params);
        encoded = true;
      }
      m.step(epoch, step, params, body);
    }
  }

  /** Waits for every member's result of this step; false if a member left meanwhile. */
  private boolean collect(int epoch, int step) {
    Arrays.fill(results, null);
    int received = 0;
    long deadline = System.nanoTime() + timeoutNanos;
    while (received < answering) {
      Event e = next(deadline, "results of epoch " + (epoch + 1) + " step "
          + (step + 1));
      if (e instanceof Event.Result r && r.partition() < answering
          && r.attempt() == memberAttempt[r.partition()] && r.epoch() == epoch
          && r.step() == step && results[r.partition()] == null) {
        results[r.partition()] = r.result();
        received++;
      } else if (!track(e)) {
        return false;
      }
    }
    return true;
  }

  /** Waits until every partition has a live member from the newest stage attempt. */
  private void awaitGang() {
    long deadline = System.nanoTime() + timeoutNanos;
    while (!complete()) {
      track(next(deadline, "all " + partitions + " gang tasks to connect"));
    }
  }

  private boolean complete() {
    for (int p = 0; p < partitions; p++) {
      if (members[p] == null || memberAttempt[p] != attempt || !members[p].isActive()) {
        return false;
      }
    }
    return true;
  }

  /** Applies a membership event; returns false if a current member was lost. */
  private boolean track(Event e) {
    if (e instanceof Event.Joined j && j.attempt() >= memberAttempt[j.partition()]) {
      if (members[j.partition()] != null) {
        members[j.partition()].close();
      }
      members[j.partition()] = j.peer();
      memberAttempt[j.partition()] = j.attempt();
      LOG.info("gang: partition {} (stage attempt {}) joined over {}", j.partition(), j.attempt(),
          j.peer().transport());
      attempt = Math.max(attempt, j.attempt());
    } else if (e instanceof Event.Left l && l.peer() == members[l.partition()]) {
      // The stage attempt is lost: close every channel so the other tasks fail at once instead
      // of waiting to be killed, and Spark retries the stage sooner.
      for (int p = 0; p < partitions; p++) {
        if (members[p] != null) {
          members[p].close();
          members[p] = null;
        }
      }
      return false;
    }
    return true;
  }

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
        throw new IllegalStateException("the gang stage ended while waiting for " + what
            + ": " + failure());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeoutNanos / 1_000_000_000L
            + " s waiting for " + what + " (spark.neuron.gang.timeout)");
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
    }
  }

  /** How each partition's task is connected now: "in-JVM" or "tcp". */
  List<String> transports() {
    return Arrays.stream(members).map(Peer::transport).toList();
  }

  @Override
  public void close() {
    try {
      pause();
    } finally {
      server.close();
    }
  }

  /** Sends STOP to every member and waits for the stage to end. */
  private void stop() {
    try {
      for (Peer m : members) {
        if (m != null && m.isActive()) {
          m.signal(Frames.STOP);
        }
      }
      job.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("gang stage did not end cleanly: {}", e.toString());
      job.cancel(true);
    }
  }
}
