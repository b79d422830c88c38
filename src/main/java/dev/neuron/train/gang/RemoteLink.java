package dev.neuron.train.gang;

import dev.neuron.train.StepResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.network.buffer.NioManagedBuffer;
import org.apache.spark.network.client.RpcResponseCallback;
import org.apache.spark.network.client.StreamCallbackWithID;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.server.OneForOneStreamManager;
import org.apache.spark.network.server.RpcHandler;
import org.apache.spark.network.server.StreamManager;

/**
 * A task's link to a hub over Spark's transport. The weights arrive as an upload stream decoded
 * straight into the task's one weights array (the blocks that changed: {@link Body}); the
 * gradient's non-zero blocks leave from one direct buffer made when the link is: per step, one
 * copy each way between the arrays and the socket's buffers, and no buffer allocated.
 */
final class RemoteLink implements GangLink {
  private final Transport transport;
  private final Inbox inbox;
  private final float[] params;
  /** The bf16 wire's change to the replica ({@link Frames#DELTA}), made at the first. */
  private float[] delta;
  private final BodySink sink = new BodySink();
  private final ByteBuffer meta = ByteBuffer.allocate(Frames.RESULT_BYTES);
  private final Body body;
  private TransportClient client;

  private RemoteLink(SparkConf conf, SecurityManager security, Inbox inbox, int params) {
    this.inbox = inbox;
    this.params = new float[params];
    this.body = new Body(params);
    this.transport = new Transport(conf, security, new Handler(), 1);
  }

  /**
   * Connects to the hub at {@code host:port} and introduces itself with {@code hello};
   * what the hub sends goes to {@code inbox} (in a tree, one inbox serves the links to the driver
   * and to the parent, so that the driver's WAIT reaches a task waiting for its parent).
   */
  static RemoteLink connect(String host, int port, Frames.Hello hello, Inbox inbox, int params)
      throws IOException {
    SparkEnv env = SparkEnv.get();
    return connect(env.conf(), env.securityManager(), host, port, hello, inbox, params);
  }

  /** The same under Spark's settings {@code conf} and {@code security}. */
  static RemoteLink connect(SparkConf conf, SecurityManager security, String host, int port,
      Frames.Hello hello, Inbox inbox, int params) throws IOException {
    RemoteLink link = new RemoteLink(conf, security, inbox, params);
    try {
      link.client = link.transport.connect(host, port);
      link.client.send(Frames.hello(hello));
      return link;
    } catch (IOException | RuntimeException e) {
      link.close();
      throw e;
    }
  }

  @Override
  public Frames.Step next() throws IOException {
    return inbox.next();
  }

  @Override
  public void send(int epoch, int step, StepResult r, boolean half) {
    ByteBuffer b = r.gradient() == null ? EMPTY
        : half ? body.nonZeroHalf(r.gradient()) : body.nonZero(r.gradient());
    // The buffers are reused: the hub answers (and the next STEP arrives) only after it has read
    // this RESULT whole.
    client.uploadStream(new NioManagedBuffer(Frames.result(meta, epoch, step, r, half)),
        new NioManagedBuffer(b), IGNORE);
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    transport.close();
    inbox.clear();
  }

  /** The hub's messages on this link's connection. */
  private final class Handler extends RpcHandler {
    private final StreamManager streams = new OneForOneStreamManager();

    @Override
    public StreamCallbackWithID receiveStream(TransportClient c, ByteBuffer stepMeta,
        RpcResponseCallback done) {
      int[] at;
      try {
        at = Frames.step(stepMeta, params.length);
      } catch (IOException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      float[] into = into(at[2]);
      sink.start(into, at[2] != Frames.PLAIN, (at[2] & Frames.DELTA) != 0);
      return new StreamCallbackWithID() {
        @Override
        public String getID() {
          return "step";
        }

        @Override
        public void onData(String id, ByteBuffer piece) throws IOException {
          sink.accept(piece);
        }

        @Override
        public void onComplete(String id) throws IOException {
          sink.finish();
          inbox.add(new Frames.Step(at[0], at[1], at[2], into));
        }

        @Override
        public void onFailure(String id, Throwable cause) {
          inbox.closed();
        }
      };
    }

    /**
     * Where a STEP of {@code kind} is decoded: the weights array (plain, or a full replica), the
     * delta array, or for a replayed step, which may arrive while the task still computes the one
     * before, an array of its own.
     */
    private float[] into(int kind) {
      if ((kind & Frames.REPLAY) != 0) {
        return new float[params.length];
      }
      if ((kind & Frames.DELTA) == 0) {
        return params;
      }
      if (delta == null) {
        delta = new float[params.length];
      }
      return delta;
    }

    @Override
    public void receive(TransportClient c, ByteBuffer message) {
      if (!inbox.control(message)) {
        inbox.closed();
      }
    }

    @Override
    public void receive(TransportClient c, ByteBuffer message, RpcResponseCallback callback) {
      callback.onFailure(new IOException("a gang task answers no requests"));
    }

    @Override
    public void channelInactive(TransportClient c) {
      inbox.closed();
    }

    @Override
    public StreamManager getStreamManager() {
      return streams;
    }
  }

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  /** Completion of an upload: a lost connection shows up as the connection's close instead. */
  static final RpcResponseCallback IGNORE = new RpcResponseCallback() {
    @Override
    public void onSuccess(ByteBuffer response) {}

    @Override
    public void onFailure(Throwable e) {}
  };
}
