package dev.neuron.train;

import dev.neuron.data.ExampleBlock;
import dev.neuron.nn.Network;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.spark.BarrierTaskContext;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The long-lived task of one partition in gang mode: connects to the driver's channel, proves it
 * belongs to the run, then for every STEP frame computes its block's share with the same
 * {@link BlockWorker} as the job-per-step mode and answers with a RESULT frame, until STOP.
 * A read timeout ends the task if the driver goes silent, so it never waits forever.
 */
final class GangTask extends AbstractFunction1<Iterator<ExampleBlock>, Iterator<StepResult>>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String host;
  private final int port;
  private final byte[] secret;
  private final Network net;
  private final long seed;
  private final int batch;
  private final long count;
  private final int timeoutMillis;
  private static final int POLL_MILLIS = 200;
  static final int BUFFER_BYTES = 4 << 20;

  GangTask(String host, int port, byte[] secret, Network net, long seed, int batch, long count,
      int timeoutMillis) {
    this.host = host;
    this.port = port;
    this.secret = secret;
    this.net = net;
    this.seed = seed;
    this.batch = batch;
    this.count = count;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Iterator<StepResult> apply(Iterator<ExampleBlock> blocks) {
    BarrierTaskContext ctx = BarrierTaskContext.get();
    ExampleBlock block = blocks.next();
    if (blocks.hasNext()) {
      throw new IllegalStateException("a training partition holds exactly one block");
    }
    try {
      serve(ctx, BlockWorker.of(block, net), ctx.partitionId(), ctx.stageAttemptNumber());
    } catch (IOException e) {
      throw new UncheckedIOException("gang task " + ctx.partitionId() + ": channel to driver "
          + host + ":" + port + " failed: " + e.getMessage(), e);
    }
    return scala.collection.Iterator$.MODULE$.empty();
  }

  private void serve(BarrierTaskContext ctx, BlockWorker worker, int partition, int attempt)
      throws IOException {
    int steps = (int) ((count + batch - 1) / batch);
    try (Socket socket = new Socket()) {
      // Room for a whole weights or gradient frame, so a step's transfer needs few wake-ups.
      socket.setReceiveBufferSize(BUFFER_BYTES);
      socket.setSendBufferSize(BUFFER_BYTES);
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(POLL_MILLIS);
      Input in = new Input(new BufferedInputStream(socket.getInputStream(), 1 << 16), ctx,
          timeoutMillis);
      OutputStream out = socket.getOutputStream();
      byte[] frame = new byte[GangProtocol.maxFrame(net.paramCount())];
      ByteBuffer b = read(in, frame, GangProtocol.NONCE + 4);
      expect(b.getInt(), GangProtocol.CHALLENGE);
      byte[] nonce = new byte[GangProtocol.NONCE];
      b.get(nonce);
      ByteBuffer hello = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN).putInt(44)
          .putInt(GangProtocol.HELLO).putInt(partition).putInt(attempt)
          .put(GangProtocol.hmac(secret, nonce, partition, attempt));
      out.write(hello.array());
      out.flush();

      float[] params = new float[net.paramCount()];
      byte[] reply = new byte[4 + GangProtocol.maxFrame(net.paramCount())];
      while (true) {
        b = read(in, frame, frame.length);
        int type = b.getInt();
        if (type == GangProtocol.STOP) {
          return;
        }
        expect(type, GangProtocol.STEP);
        int epoch = b.getInt();
        int step = b.getInt();
        int n = b.getInt();
        if (n != params.length) {
          throw new IOException("STEP frame carries " + n + " weights, the network has "
              + params.length);
        }
        b.asFloatBuffer().get(params);
        FaultInjection.beforeStep((long) epoch * steps + step);
        StepResult r = worker.step(params, seed, epoch, step, batch, count);
        out.write(reply, 0, encode(r, epoch, step, reply));
        out.flush();
      }
    }
  }

  private static int encode(StepResult r, int epoch, int step, byte[] reply) {
    int n = r.gradient() == null ? 0 : r.gradient().length;
    ByteBuffer o = ByteBuffer.wrap(reply).order(ByteOrder.LITTLE_ENDIAN);
    o.putInt(GangProtocol.RESULT_HEADER + 4 * n).putInt(GangProtocol.RESULT).putInt(epoch)
        .putInt(step).putLong(r.count()).putLong(r.correct()).putDouble(r.loss())
        .putLong(r.nanos()).putInt(n);
    if (n > 0) {
      o.asFloatBuffer().put(r.gradient());
    }
    return 4 + GangProtocol.RESULT_HEADER + 4 * n;
  }

  /** Reads one length-prefixed frame of at most {@code max} bytes into {@code buf}. */
  private static ByteBuffer read(Input in, byte[] buf, int max) throws IOException {
    in.readFully(buf, 4);
    int length = ByteBuffer.wrap(buf, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (length < 4 || length > max) {
      throw new IOException("frame of " + length + " bytes, expected 4.." + max);
    }
    in.readFully(buf, length);
    return ByteBuffer.wrap(buf, 0, length).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Blocking reads that wake every {@value #POLL_MILLIS} ms, so a task Spark kills (socket reads
   * ignore interrupts) stops promptly, and a driver silent for the timeout ends the task.
   */
  private record Input(InputStream in, BarrierTaskContext ctx, long timeoutMillis) {
    void readFully(byte[] buf, int n) throws IOException {
      int done = 0;
      long silentSince = System.nanoTime();
      while (done < n) {
        try {
          int r = in.read(buf, done, n - done);
          if (r < 0) {
            throw new EOFException("the driver closed the gang channel");
          }
          done += r;
          silentSince = System.nanoTime();
        } catch (SocketTimeoutException e) {
          ctx.killTaskIfInterrupted();
          if (System.nanoTime() - silentSince > timeoutMillis * 1_000_000L) {
            throw new IOException("the driver sent nothing for " + timeoutMillis + " ms");
          }
        }
      }
    }
  }

  private static void expect(int type, int expected) throws IOException {
    if (type != expected) {
      throw new IOException("frame type " + type + ", expected " + expected);
    }
  }
}
