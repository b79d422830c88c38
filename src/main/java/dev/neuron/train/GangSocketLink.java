package dev.neuron.train;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.spark.BarrierTaskContext;

/** The gang channel over TCP, with blocking socket reads: weights in, gradients out, as bytes. */
final class GangSocketLink implements GangLink {
  static final int BUFFER_BYTES = 4 << 20;
  private final Socket socket = new Socket();
  private final BarrierTaskContext ctx;
  private final long timeoutMillis;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] frame;
  private final byte[] reply;
  private final float[] params;

  GangSocketLink(String host, int port, BarrierTaskContext ctx, int timeoutMillis, int params)
      throws IOException {
    this.ctx = ctx;
    this.timeoutMillis = timeoutMillis;
    try {
      // Room for a whole weights or gradient frame, so a step's transfer needs few wake-ups.
      socket.setReceiveBufferSize(BUFFER_BYTES);
      socket.setSendBufferSize(BUFFER_BYTES);
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(POLL_MILLIS);
      this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      this.out = socket.getOutputStream();
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    this.frame = new byte[GangProtocol.maxFrame(params)];
    this.reply = new byte[4 + GangProtocol.maxFrame(params)];
    this.params = new float[params];
  }

  @Override
  public byte[] challenge() throws IOException {
    return GangLink.nonce(read());
  }

  @Override
  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  @Override
  public GangProtocol.Step next() throws IOException {
    ByteBuffer b = read();
    int type = b.getInt();
    if (type == GangProtocol.STOP) {
      return null;
    }
    GangLink.expect(type, GangProtocol.STEP);
    int epoch = b.getInt();
    int step = b.getInt();
    int n = b.getInt();
    if (n != params.length || b.remaining() != 4 * n) {
      throw new IOException("STEP frame carries " + n + " weights in " + b.remaining()
          + " bytes, the network has " + params.length);
    }
    b.asFloatBuffer().get(params);
    return new GangProtocol.Step(epoch, step, params);
  }

  @Override
  public void send(int epoch, int step, StepResult r) throws IOException {
    int n = r.gradient() == null ? 0 : r.gradient().length;
    ByteBuffer o = ByteBuffer.wrap(reply).order(ByteOrder.LITTLE_ENDIAN);
    o.putInt(GangProtocol.RESULT_HEADER + 4 * n).putInt(GangProtocol.RESULT).putInt(epoch)
        .putInt(step).putLong(r.count()).putLong(r.correct()).putDouble(r.loss())
        .putLong(r.nanos()).putInt(n);
    if (n > 0) {
      o.asFloatBuffer().put(r.gradient());
    }
    out.write(reply, 0, 4 + GangProtocol.RESULT_HEADER + 4 * n);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** Reads one length-prefixed frame; returns it from the type on. */
  private ByteBuffer read() throws IOException {
    readFully(4);
    int length = ByteBuffer.wrap(frame, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (length < 4 || length > frame.length) {
      throw new IOException("frame of " + length + " bytes, expected 4.." + frame.length);
    }
    readFully(length);
    return ByteBuffer.wrap(frame, 0, length).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Socket reads ignore interrupts, hence the short socket timeout and the checks between. */
  private void readFully(int n) throws IOException {
    int done = 0;
    long silentSince = System.nanoTime();
    while (done < n) {
      try {
        int r = in.read(frame, done, n - done);
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
