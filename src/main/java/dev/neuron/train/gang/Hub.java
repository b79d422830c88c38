package dev.neuron.train.gang;

import dev.neuron.train.StepResult;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.network.client.RpcResponseCallback;
import org.apache.spark.network.client.StreamCallbackWithID;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.server.OneForOneStreamManager;
import org.apache.spark.network.server.RpcHandler;
import org.apache.spark.network.server.StreamManager;
import org.apache.spark.network.server.TransportServer;

/**
 * The receiving end of gang links over Spark's transport: the driver's, or in a tree a task's for
 * its children. Members introduce themselves with the run's id and their partition (after Spark's
 * authentication, when that is on); their RESULT bodies are decoded, as they arrive, into one
 * gradient array per partition made at its first result. It counts the body bytes it receives. Everything is reported as {@link Event}s
 * on the queue given.
 */
final class Hub implements AutoCloseable {
  private static final AttributeKey<Member> MEMBER = AttributeKey.valueOf("neuron.gang.member");
  private final BlockingQueue<Event> events;
  private final byte[] runId;
  private final int partitions;
  private final int params;
  private final float[][] gradients;
  private final Guard guard;
  private final Transport transport;
  private final TransportServer server;
  private final LongAdder received = new LongAdder();

  Hub(SparkEnv env, String host, int port, byte[] runId, int partitions, int params,
      long handshakeMillis, BlockingQueue<Event> events) {
    this(env.conf(), env.securityManager(), host, port, runId, partitions, params,
        handshakeMillis, events);
  }

  Hub(SparkConf conf, SecurityManager security, String host, int port, byte[] runId,
      int partitions, int params, long handshakeMillis, BlockingQueue<Event> events) {
    this.events = events;
    this.runId = runId.clone();
    this.partitions = partitions;
    this.params = params;
    this.gradients = new float[partitions][];
    // A member's largest frame is a RESULT: its gradient and a header far below 64 KiB.
    this.guard = new Guard(handshakeMillis, 4L * params + (64 << 10));
    this.transport = new Transport(conf, security, new Handler(), Math.min(partitions, 4));
    try {
      this.server = transport.serve(host, port, guard);
    } catch (RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  int port() {
    return server.getPort();
  }

  /** How connections are secured: for the log. */
  String security() {
    return transport.security();
  }

  /** Bytes of RESULT bodies received so far. */
  long bodyBytes() {
    return received.sum();
  }

  /** Connections closed before they introduced themselves. */
  int refused() {
    return guard.refused();
  }

  @Override
  public void close() {
    server.close();
    transport.close();
  }

  /** One introduced member's connection. */
  private record Member(Frames.Hello hello, Peer peer, BodySink sink) {
    int partition() {
      return hello.partition();
    }
  }

  private final class Handler extends RpcHandler {
    private final StreamManager streams = new OneForOneStreamManager();

    @Override
    public void receive(TransportClient client, ByteBuffer message) {
      Member m = client.getChannel().attr(MEMBER).get();
      Frames.Hello h;
      try {
        h = m == null && Frames.type(message) == Frames.HELLO ? Frames.hello(message) : null;
      } catch (IOException e) {
        h = null;
      }
      if (h == null || !MessageDigest.isEqual(h.runId(), runId) || h.partition() < 0
          || h.partition() >= partitions) {
        client.getChannel().close();
        return;
      }
      m = new Member(h, new Peer.Remote(client), new BodySink());
      client.getChannel().attr(MEMBER).set(m);
      Guard.admit(client.getChannel());
      events.add(new Event.Joined(h.launch(), h.partition(), h.attempt(), m.peer()));
    }

    @Override
    public StreamCallbackWithID receiveStream(TransportClient client, ByteBuffer meta,
        RpcResponseCallback done) {
      Member m = client.getChannel().attr(MEMBER).get();
      Frames.ResultHeader h;
      try {
        if (m == null) {
          throw new IOException("a RESULT before HELLO");
        }
        h = Frames.result(meta, params);
      } catch (IOException e) {
        client.getChannel().close();
        throw new IllegalStateException("gang channel: " + e.getMessage(), e);
      }
      float[] g = null;
      if (h.n() > 0) {
        if (gradients[m.partition()] == null) {
          gradients[m.partition()] = new float[params];
        }
        g = gradients[m.partition()];
        m.sink().start(g, true, h.half());
      }
      StepResult r = new StepResult(g, h.loss(), h.count(), h.weight(), h.correct(), h.nanos());
      return new StreamCallbackWithID() {
        @Override
        public String getID() {
          return "result-" + m.partition();
        }

        @Override
        public void onData(String id, ByteBuffer piece) throws IOException {
          received.add(piece.remaining());
          m.sink().accept(piece);
        }

        @Override
        public void onComplete(String id) throws IOException {
          if (r.count() > 0) {
            m.sink().finish();
          }
          events.add(new Event.Result(m.hello().launch(), m.partition(), m.hello().attempt(),
              h.epoch(), h.step(), r, m.peer()));
        }

        @Override
        public void onFailure(String id, Throwable cause) {
          client.getChannel().close();
        }
      };
    }

    @Override
    public void receive(TransportClient client, ByteBuffer message, RpcResponseCallback cb) {
      client.getChannel().close();
    }

    @Override
    public void channelInactive(TransportClient client) {
      Member m = client.getChannel().attr(MEMBER).get();
      if (m != null) {
        events.add(new Event.Left(m.hello().launch(), m.partition(), m.hello().attempt(),
            m.peer()));
      }
    }

    @Override
    public StreamManager getStreamManager() {
      return streams;
    }
  }
}
