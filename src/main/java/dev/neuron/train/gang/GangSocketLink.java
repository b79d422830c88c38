package dev.neuron.train.gang;

import dev.neuron.train.StepResult;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import org.apache.spark.BarrierTaskContext;

/**
 * The gang channel over TCP, with blocking socket reads: weights in, gradients out, as bytes. The
 * same class serves a task's link to the driver and, when tasks combine their gradients in a tree
 * ({@link GangTree}), the links between a task and its parent and children.
 */
final class GangSocketLink implements GangLink {
  static final int BUFFER_BYTES = 4 << 20;
  private final Socket socket;
  private final BarrierTaskContext ctx;
  private final long timeoutMillis;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] frame;
  private final byte[] reply;
  private final float[] params;
  private final byte[] prefix = new byte[4];
  private int frameLength;

  private GangSocketLink(Socket socket, BarrierTaskContext ctx, long timeoutMillis, int params)
      throws IOException {
    this.socket = socket;
    this.ctx = ctx;
    this.timeoutMillis = timeoutMillis;
    try {
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

  /** Connects to the driver's channel or, in a tree, to the parent task. */
  static GangSocketLink connect(String host, int port, BarrierTaskContext ctx, int timeoutMillis,
      int params) throws IOException {
    Socket s = new Socket();
    try {
      // Room for a whole weights or gradient frame, so a step's transfer needs few wake-ups.
      s.setReceiveBufferSize(BUFFER_BYTES);
      s.setSendBufferSize(BUFFER_BYTES);
      s.connect(new InetSocketAddress(host, port), timeoutMillis);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    return new GangSocketLink(s, ctx, timeoutMillis, params);
  }

  /** Waits for the next connection to {@code server} (a child task, in a tree). */
  static GangSocketLink accept(ServerSocket server, BarrierTaskContext ctx, int timeoutMillis,
      int params) throws IOException {
    server.setSoTimeout(POLL_MILLIS);
    long since = System.nanoTime();
    while (true) {
      try {
        return new GangSocketLink(server.accept(), ctx, timeoutMillis, params);
      } catch (SocketTimeoutException e) {
        GangLink.stillWaiting(ctx, since, timeoutMillis, "no child task connected");
      }
    }
  }

  @Override
  public byte[] challenge() throws IOException {
    return GangLink.nonce(read());
  }

  /**
   * The other end of {@link #challenge}: sends a CHALLENGE and checks the HELLO that answers it;
   * returns the partition the peer proved to be.
   */
  int verify(byte[] secret, int attempt) throws IOException {
    byte[] nonce = new byte[GangProtocol.NONCE];
    new SecureRandom().nextBytes(nonce);
    write(ByteBuffer.allocate(8 + GangProtocol.NONCE).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(4 + GangProtocol.NONCE).putInt(GangProtocol.CHALLENGE).put(nonce).array());
    ByteBuffer b = read();
    GangLink.expect(b.getInt(), GangProtocol.HELLO);
    if (b.remaining() != 8 + 32) {
      throw new IOException("HELLO of " + b.remaining() + " bytes");
    }
    int partition = b.getInt();
    int peerAttempt = b.getInt();
    byte[] mac = new byte[32];
    b.get(mac);
    if (peerAttempt != attempt || !GangProtocol.verify(
        GangProtocol.hmac(secret, nonce, partition, peerAttempt), mac)) {
      throw new IOException("a connection from " + socket.getRemoteSocketAddress()
          + " failed authentication");
    }
    return partition;
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

  /** Passes the frame {@link #next} read last (a STEP or STOP) on to {@code child} unchanged. */
  void relay(GangSocketLink child) throws IOException {
    ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).putInt(frameLength);
    child.out.write(prefix);
    child.out.write(frame, 0, frameLength);
    child.out.flush();
  }

  /**
   * Reads a child's RESULT for {@code epoch}/{@code step}; its gradient, if any, lands in
   * {@code into}.
   */
  StepResult result(int epoch, int step, float[] into) throws IOException {
    ByteBuffer b = read();
    GangLink.expect(b.getInt(), GangProtocol.RESULT);
    int e = b.getInt();
    int s = b.getInt();
    long count = b.getLong();
    long correct = b.getLong();
    double loss = b.getDouble();
    long nanos = b.getLong();
    int n = b.getInt();
    if (e != epoch || s != step || (n != 0 && n != into.length) || b.remaining() != 4 * n
        || (n == 0) != (count == 0)) {
      throw new IOException("child RESULT for epoch " + e + " step " + s + " with " + n
          + " values for " + count + " examples; expected epoch " + epoch + " step " + step);
    }
    b.asFloatBuffer().get(into, 0, n);
    return new StepResult(n > 0 ? into : null, loss, count, correct, nanos);
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
    frameLength = length;
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
          throw new EOFException("the peer closed the gang channel");
        }
        done += r;
        silentSince = System.nanoTime();
      } catch (SocketTimeoutException e) {
        GangLink.stillWaiting(ctx, silentSince, timeoutMillis, "nothing arrived");
      }
    }
  }
}
