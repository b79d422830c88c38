package dev.neuron.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the gang's bytes cost on this machine with no transport in the way: a driver thread and
 * {@code members} member threads exchange, per round, what a gang step over TCP moves (weights to
 * each member, a gradient from each) through blocking loopback sockets, one copy between an array
 * and a direct buffer at each end, and spin for the step's arithmetic ({@code --compute-ms} on each
 * member, {@code --driver-ms} on the driver) in between. The same rounds with 8-byte messages give
 * the step without the bytes; their ratio is the least any transport over these sockets could add
 * to a step of that arithmetic, the floor under the gang's TCP/in-JVM target.
 *
 * <p>{@code jobs/bench.sh} runs it after the gang modes, with the in-JVM gang's median arithmetic
 * and driver milliseconds; alone: {@code LoopbackFloor [--members 2] [--weights-bytes B]
 * [--gradient-bytes B] [--compute-ms 1.9] [--driver-ms 0.6] [--rounds 1500]}.
 */
public final class LoopbackFloor {
  private LoopbackFloor() {}

  public static void main(String[] argv) throws Exception {
    measure(intArg(argv, "--members", 2), intArg(argv, "--weights-bytes", WEIGHTS_BYTES),
        intArg(argv, "--gradient-bytes", GRADIENT_BYTES), doubleArg(argv, "--compute-ms", 1.9),
        doubleArg(argv, "--driver-ms", 0.6), intArg(argv, "--rounds", 1500), null);
  }

  /**
   * Bytes per member per step of the reference job over TCP, as the gang's log reported them
   * (2026-12-01: weights 2,152 KB sent and gradients 2,021 KB received per step for 2 members).
   */
  public static final int WEIGHTS_BYTES = 1_101_824;
  public static final int GRADIENT_BYTES = 1_034_752;

  /** Runs both sets of rounds, prints a RESULT line, and records it in {@code out} if given. */
  public static double measure(int members, int weights, int gradient, double computeMs,
      double driverMs, int rounds, ObjectNode out) throws Exception {
    long compute = (long) (1e6 * computeMs);
    long driver = (long) (1e6 * driverMs);
    double[] empty = run(members, 8, 8, compute, driver, rounds);
    double[] full = run(members, weights, gradient, compute, driver, rounds);
    System.out.printf("RESULT loopback-floor members=%d weights-bytes=%d gradient-bytes=%d"
        + " compute-ms=%.2f driver-ms=%.2f round-ms-without-bytes=%.3f round-ms-with-bytes=%.3f"
        + " ratio=%.2f cpu-ms-per-round-without=%.3f cpu-ms-per-round-with=%.3f%n", members,
        weights, gradient, computeMs, driverMs, empty[0], full[0], full[0] / empty[0], empty[1],
        full[1]);
    if (out != null) {
      out.put("members", members).put("weights_bytes", weights).put("gradient_bytes", gradient)
          .put("compute_ms", computeMs).put("driver_ms", driverMs)
          .put("round_ms_without_bytes", empty[0]).put("round_ms_with_bytes", full[0])
          .put("ratio", full[0] / empty[0]);
    }
    return full[0] / empty[0];
  }

  /** Milliseconds per round and process CPU milliseconds per round, after a warm-up pass. */
  private static double[] run(int members, int weights, int gradient, long compute, long driver,
      int rounds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2 * members);
    try (ServerSocketChannel server = ServerSocketChannel.open()
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      List<SocketChannel> links = new ArrayList<>();
      for (int m = 0; m < members; m++) {
        SocketChannel member = SocketChannel.open(server.getLocalAddress());
        links.add(server.accept());
        pool.submit(() -> member(member, weights, gradient, compute));
      }
      ByteBuffer out = ByteBuffer.allocateDirect(weights).order(ByteOrder.LITTLE_ENDIAN);
      float[] params = new float[weights / 4];
      float[][] grads = new float[members][gradient / 4];
      ByteBuffer[] in = new ByteBuffer[members];
      for (int m = 0; m < members; m++) {
        in[m] = ByteBuffer.allocateDirect(gradient).order(ByteOrder.LITTLE_ENDIAN);
      }
      double[] result = null;
      for (int pass = 0; pass < 2; pass++) {
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
          out.clear();
          out.asFloatBuffer().put(params);
          for (SocketChannel c : links) {
            writeFully(c, out.duplicate());
          }
          List<Future<?>> reads = new ArrayList<>();
          for (int m = 0; m < members; m++) {
            SocketChannel c = links.get(m);
            ByteBuffer b = in[m];
            float[] g = grads[m];
            reads.add(pool.submit(() -> {
              b.clear();
              readFully(c, b);
              b.flip().asFloatBuffer().get(g);
              return null;
            }));
          }
          for (Future<?> f : reads) {
            f.get();
          }
          spin(driver);
        }
        result = new double[] {(System.nanoTime() - t0) / 1e6 / rounds,
            (processCpuNanos() - cpu0) / 1e6 / rounds};
      }
      for (SocketChannel c : links) {
        c.close();
      }
      return result;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Void member(SocketChannel c, int weights, int gradient, long compute)
      throws IOException {
    ByteBuffer in = ByteBuffer.allocateDirect(weights).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer out = ByteBuffer.allocateDirect(gradient).order(ByteOrder.LITTLE_ENDIAN);
    float[] params = new float[weights / 4];
    float[] grad = new float[gradient / 4];
    try (c) {
      while (true) {
        in.clear();
        readFully(c, in);
        in.flip().asFloatBuffer().get(params);
        spin(compute);
        out.clear();
        out.asFloatBuffer().put(grad);
        writeFully(c, out);
      }
    } catch (EOFException | java.nio.channels.ClosedChannelException done) {
      return null;
    }
  }

  private static void spin(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  private static void readFully(SocketChannel c, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (c.read(b) < 0) {
        throw new EOFException();
      }
    }
  }

  private static void writeFully(SocketChannel c, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      c.write(b);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static int intArg(String[] argv, String name, int fallback) {
    return (int) doubleArg(argv, name, fallback);
  }

  private static double doubleArg(String[] argv, String name, double fallback) {
    for (int k = 0; k + 1 < argv.length; k++) {
      if (argv[k].equals(name)) {
        return Double.parseDouble(argv[k + 1]);
      }
    }
    return fallback;
  }
}
