package dev.neuron.train.gang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.data.TrainingSet;
import dev.neuron.train.ExecutionMode;
import dev.neuron.train.SparkTrainer;
import dev.neuron.train.TrainingListener;
import dev.neuron.train.TrainingState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.network.protocol.Message;
import org.junit.jupiter.api.Test;

/**
 * A gang run (over TCP, on loopback) whose port is held by 64 idle connections, reopened as soon
 * as they are closed, while a stream of connections sends garbage frames (chunk fetches, stream
 * requests, uploads, noise), and a task fails at epoch 2 step 5 so that the members join
 * again into the held port: it ends with the bits of an undisturbed run (with the same failure),
 * and the driver's log (WARN and above, every logger) grows by at most {@link #LOG_BUDGET}
 * characters over the undisturbed run's.
 */
class GangFloodTest {
  static final int LOG_BUDGET = 8 << 10;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static TrainingState run(JavaSparkContextHolder h, String tag,
      TrainingListener listener) {
    ExampleBlock b = Fixtures.mnist("train").read(new Configuration(), 0, 1500, 10);
    TrainingSet data = TrainingSet.fromBlocks(h.jsc, List.of(Fixtures.split(b, 700, 800)));
    try {
      h.jsc.setLocalProperty(GangSetting.TRANSPORT.key(), "tcp");
      // A task fails at epoch 2 step 5 in both runs: its stage is retried and the members join
      // again while (in the flooded run) the strangers hold every waiting slot.
      h.jsc.setLocalProperty(dev.neuron.train.FaultInjection.FAIL_TASK, "1:19#" + tag);
      return new SparkTrainer(h.jsc).withMode(ExecutionMode.GANG).fit(data, GangRuns.NET,
          GangRuns.OPT, listener);
    } finally {
      data.release();
    }
  }

  /** A listener whose first step waits (30 s at most) until {@code count} reaches {@code n}. */
  private static TrainingListener firstStepWaitsFor(AtomicLong count, long n) {
    return new TrainingListener() {
      private boolean waited;

      @Override
      public void onStep(dev.neuron.train.StepStats step) {
        if (!waited) {
          waited = true;
          awaitCount(count, n);
        }
      }
    };
  }

  private static void awaitCount(AtomicLong count, long n) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (count.get() < n && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static int freePortUnchecked() {
    try {
      return freePort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean causedByBind(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException) {
        return true;
      }
    }
    return false;
  }

  /** Holds the context {@link LocalSpark#withOwnContext} lends. */
  private static final class JavaSparkContextHolder {
    org.apache.spark.api.java.JavaSparkContext jsc;
  }

  /** Keeps 64 idle connections open to {@code port}, reopening any the hub closed 0.2 s ago. */
  private static Thread idle(int port, AtomicBoolean stop, AtomicLong opened) {
    Thread t = new Thread(() -> {
      List<Socket> held = new ArrayList<>();
      try {
        while (!stop.get()) {
          held.removeIf(s -> {
            try {
              s.sendUrgentData(0);
              return false;
            } catch (IOException gone) {
              return true;
            }
          });
          while (held.size() < Guard.MAX_PENDING && !stop.get()) {
            try {
              held.add(new Socket("127.0.0.1", port));
              opened.incrementAndGet();
            } catch (IOException notYet) {
              break;
            }
          }
          Thread.sleep(200);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        for (Socket s : held) {
          try {
            s.close();
          } catch (IOException ignored) {
            // closing
          }
        }
      }
    }, "idle-strangers");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Connection after connection of garbage frames to {@code port}. */
  private static Thread garbage(int port, AtomicBoolean stop, AtomicLong sent) {
    byte[][] frames = {
        GangGateTest.frame(Message.Type.ChunkFetchRequest,
            ByteBuffer.allocate(12).putLong(7).putInt(0).array()),
        GangGateTest.frame(Message.Type.StreamRequest,
            ByteBuffer.allocate(8).putInt(4).put("abcd".getBytes()).array()),
        GangGateTest.frame(Message.Type.UploadStream,
            ByteBuffer.allocate(20).putLong(1).putInt(4).putInt(0).putInt(0).array()),
        GangGateTest.frame(Message.Type.RpcRequest,
            ByteBuffer.allocate(16).putLong(1).putInt(4).putInt(0).array()),
        new byte[] {0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 1, 2, 3}};
    Thread t = new Thread(() -> {
      for (int k = 0; !stop.get(); k++) {
        try (Socket s = new Socket("127.0.0.1", port)) {
          OutputStream out = s.getOutputStream();
          for (int i = 0; i < 200; i++) {
            out.write(frames[k % frames.length]);
          }
          sent.addAndGet(200);
        } catch (IOException closedOrNotYet) {
          // The hub cut it off, or is not listening yet: next.
        }
      }
    }, "garbage-frames");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static SparkConf conf(int port, boolean auth) {
    SparkConf c = new SparkConf().setMaster("local[2]").setAppName("gang-flood-test")
        .set("spark.ui.enabled", "false").set("spark.neuron.gang.port", Integer.toString(port))
        .set("spark.port.maxRetries", "0");
    return auth ? c.set("spark.authenticate", "true").set("spark.authenticate.secret", "s3cret")
        .set("spark.network.crypto.enabled", "true") : c;
  }

  private static void flood(int port, boolean auth, JavaSparkContextHolder h,
      TrainingState[] runs, long[] logChars, AtomicLong opened, AtomicLong sent) {
    LocalSpark.withOwnContext(conf(port, auth), jsc -> {
      h.jsc = jsc;
      for (int k = 0; k < 2; k++) {
        // Each run listens on a port of its own: the first run's closed port can still be held
        // by its connections when the second binds.
        int runPort = k == 0 ? port : freePortUnchecked();
        jsc.setLocalProperty(GangSetting.PORT.key(), Integer.toString(runPort));
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> flood = k == 0 ? List.of()
            : List.of(idle(runPort, stop, opened), garbage(runPort, stop, sent));
        try (GangGateTest.Capture log = new GangGateTest.Capture()) {
          // The flooded run holds its first step until the strangers fill every waiting slot,
          // so it trains behind a full gate however fast the machine is. Whether a rejoining
          // member needs a new connection (and evicts a stranger) is Spark's client pooling's
          // choice; GangGateTest checks the eviction itself.
          runs[k] = run(h, "flood-" + auth + "-" + k,
              k == 0 ? TrainingListener.NONE : firstStepWaitsFor(opened, Guard.MAX_PENDING));
          logChars[k] = log.events.stream().mapToLong(e -> e.getMessage()
              .getFormattedMessage().length() + (e.getThrown() == null ? 0 : 2000)).sum();
        } finally {
          stop.set(true);
          for (Thread t : flood) {
            try {
              t.join(10_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }
      }
    });
  }

  @Test
  void aRunWhosePortIsFloodedEndsWithTheUndisturbedBits() throws Exception {
    for (boolean auth : new boolean[] {false, true}) {
      TrainingState[] runs = new TrainingState[2];
      long[] logChars = new long[2];
      AtomicLong opened = new AtomicLong();
      AtomicLong sent = new AtomicLong();
      // The port is free when chosen and bound a moment later; another process (or one of the
      // flood's own outgoing sockets) can take it in between. That race is not what this test
      // checks, so a run that could not listen is tried again on another port.
      for (int attempt = 1; ; attempt++) {
        opened.set(0);
        sent.set(0);
        try {
          flood(freePort(), auth, new JavaSparkContextHolder(), runs, logChars, opened, sent);
          break;
        } catch (RuntimeException e) {
          if (attempt == 3 || !causedByBind(e)) {
            throw e;
          }
        } finally {
          // A local SparkContext with authentication on leaves its secret in the JVM's Hadoop
          // credentials, where every later SecurityManager would find it first
          // (GangChannelTest's stranger would then hold the secret).
          org.apache.hadoop.security.UserGroupInformation.reset();
        }
      }
      assertTrue(opened.get() >= Guard.MAX_PENDING && sent.get() > 1000,
          "the flood: " + opened + " idle connections, " + sent + " garbage frames");
      assertArrayEquals(runs[0].params(), runs[1].params(), "auth " + auth);
      assertTrue(logChars[1] <= logChars[0] + LOG_BUDGET, "auth " + auth + ": log of "
          + logChars[1] + " characters against " + logChars[0] + " undisturbed");
      System.out.printf("gang flood, auth %s: %d idle connections opened, %d garbage frames"
          + " sent; log %d characters (undisturbed %d)%n", auth, opened.get(), sent.get(),
          logChars[1], logChars[0]);
    }
  }
}
