package dev.neuron.train.gang;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The driver's end of the gang channel: a {@link Hub} on Spark's transport for tasks in other JVMs
 * (or all of them, with {@code spark.neuron.gang.transport=tcp}) and, in local mode, an in-JVM
 * address for the tasks that share the driver's JVM. Both report to one {@link Event} queue.
 */
final class GangServer implements AutoCloseable {
  final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final byte[] runId = new byte[Frames.RUN_ID];
  private final Hub hub;
  private final Channel local;

  /**
   * Listens on {@code host:port} (port 0: any) and, if {@code inJvm}, on an in-JVM address for
   * tasks running in this JVM.
   */
  GangServer(SparkEnv env, String host, int port, int partitions, int params, boolean inJvm,
      long handshakeMillis) throws InterruptedException {
    new SecureRandom().nextBytes(runId);
    this.hub = new Hub(env, host, port, runId, partitions, params, handshakeMillis, events);
    if (inJvm) {
      ChannelInitializer<Channel> init = new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {
          ch.pipeline().addLast(new LocalMember(partitions));
        }
      };
      this.local = new ServerBootstrap().group(GangLocalLink.LOOP).channel(LocalServerChannel.class)
          .childHandler(init).bind(new LocalAddress("neuron-gang-" + HexFormat.of()
              .formatHex(runId))).sync().channel();
    } else {
      this.local = null;
    }
  }

  /**
   * The driver's end for a run, opened as Spark's own driver services are: listening on
   * {@code spark.driver.bindAddress} (local mode: loopback) at {@link GangSetting#PORT}.
   */
  static GangServer open(JavaSparkContext jsc, String host, int partitions, int params,
      boolean inJvm, long handshakeMillis) {
    String bind = jsc.isLocal() ? host : jsc.getConf().get("spark.driver.bindAddress", host);
    try {
      return new GangServer(SparkEnv.get(), bind, GangSetting.PORT.count(jsc), partitions, params,
          inJvm, handshakeMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while opening the gang channel", e);
    }
  }

  /** The host tasks connect to: {@code spark.driver.host}; in local mode loopback alone. */
  static String driverHost(JavaSparkContext jsc) {
    return jsc.isLocal() ? "127.0.0.1" : jsc.getConf().get("spark.driver.host", "127.0.0.1");
  }

  int port() {
    return hub.port();
  }

  /** The in-JVM address, or {@code null} if there is none. */
  String localAddress() {
    return local == null ? null : ((LocalAddress) local.localAddress()).id();
  }

  /** Identifies the run's members; it travels only inside Spark's own task serialization. */
  byte[] runId() {
    return runId.clone();
  }

  /** How TCP connections are secured: for the log. */
  String security() {
    return hub.security();
  }

  /** Bytes of RESULT bodies received over TCP so far. */
  long bodyBytes() {
    return hub.bodyBytes();
  }

  /** Connections closed before they introduced themselves. */
  int refused() {
    return hub.refused();
  }

  @Override
  public void close() {
    hub.close();
    if (local != null) {
      local.close().awaitUninterruptibly();
    }
  }

  /** A task in this JVM: a HELLO, then {@link Frames.Reply} objects. */
  private final class LocalMember extends ChannelInboundHandlerAdapter {
    private final int partitions;
    private Frames.Hello hello;
    private Peer peer;

    LocalMember(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (hello != null && msg instanceof Frames.Reply r) {
        events.add(new Event.Result(hello.launch(), hello.partition(), hello.attempt(), r.epoch(),
            r.step(), r.result(), peer));
        return;
      }
      try {
        if (hello == null && msg instanceof ByteBuf b) {
          Frames.Hello h = Frames.hello(b.nioBuffer());
          if (h.partition() >= 0 && h.partition() < partitions) {
            hello = h;
            peer = new Peer.Local(ctx.channel());
            events.add(new Event.Joined(h.launch(), h.partition(), h.attempt(), peer));
            return;
          }
        }
      } catch (IOException e) {
        // Closed below.
      } finally {
        ReferenceCountUtil.release(msg);
      }
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (hello != null) {
        events.add(new Event.Left(hello.launch(), hello.partition(), hello.attempt(), peer));
      }
    }
  }
}
