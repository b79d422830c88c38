package dev.neuron.train.gang;

import dev.neuron.train.StepResult;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The driver's end of the gang channel, on Netty: accepts task connections over TCP and, in local
 * mode, over the in-JVM transport; authenticates them (challenge and HMAC), decodes RESULT frames
 * into per-partition gradient buffers, and reports everything to the driver loop as
 * {@link Event}s on one queue.
 */
final class GangServer implements AutoCloseable {
  sealed interface Event permits Joined, Result, Left {}

  record Joined(int partition, int attempt, Channel channel) implements Event {}

  record Result(int partition, int attempt, int epoch, int step, StepResult result)
      implements Event {}

  record Left(int partition, int attempt, Channel channel, String why) implements Event {}

  final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final byte[] secret = new byte[32];
  private final int partitions;
  private final int params;
  /**
   * Per partition, the buffer its TCP RESULTs are decoded into, made at the first one: in-JVM
   * tasks hand over their own arrays, and in a tree only task 0 answers.
   */
  private final float[][] gradients;
  private final EventLoopGroup group;
  private final Channel server;
  private final Channel local;

  /**
   * Binds the TCP channel on {@code host} and, if {@code inJvm}, an in-JVM address for tasks
   * running in this JVM (local mode).
   */
  GangServer(String host, int partitions, int params, boolean inJvm) throws InterruptedException {
    new SecureRandom().nextBytes(secret);
    this.partitions = partitions;
    this.params = params;
    this.gradients = new float[partitions][];
    this.group = new NioEventLoopGroup(Math.min(partitions, 4));
    int maxFrame = 4 + GangProtocol.maxFrame(params);
    ChannelInitializer<Channel> connection = new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        LengthFieldBasedFrameDecoder frames = new LengthFieldBasedFrameDecoder(
            ByteOrder.LITTLE_ENDIAN, maxFrame, 0, 4, 0, 4, true);
        // Collects a 1.6 MB frame's reads without copying them into ever larger buffers.
        frames.setCumulator(ByteToMessageDecoder.COMPOSITE_CUMULATOR);
        ch.pipeline().addLast(frames, new Connection());
      }
    };
    this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_RCVBUF, GangSocketLink.BUFFER_BYTES)
        .childOption(ChannelOption.SO_SNDBUF, GangSocketLink.BUFFER_BYTES)
        .childHandler(connection).bind(new InetSocketAddress(host, 0)).sync().channel();
    if (inJvm) {
      byte[] id = new byte[16];
      new SecureRandom().nextBytes(id);
      this.local = new ServerBootstrap().group(GangLocalLink.LOOP).channel(LocalServerChannel.class)
          .childHandler(connection).bind(new LocalAddress("neuron-gang-" + HexFormat.of()
              .formatHex(id))).sync().channel();
    } else {
      this.local = null;
    }
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** The in-JVM address, or {@code null} if there is none. */
  String localAddress() {
    return local == null ? null : ((LocalAddress) local.localAddress()).id();
  }

  byte[] secret() {
    return secret.clone();
  }

  @Override
  public void close() {
    server.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    if (local != null) {
      local.close().awaitUninterruptibly();
    }
  }

  /**
   * One task's connection: unauthenticated until a valid HELLO, then a source of RESULTs, as
   * frames (TCP) or as {@link GangProtocol.Reply} objects (in-JVM).
   */
  private final class Connection extends ChannelInboundHandlerAdapter {
    private final byte[] nonce = new byte[GangProtocol.NONCE];
    private final ByteBuffer carry = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private int partition = -1;
    private int attempt = -1;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      new SecureRandom().nextBytes(nonce);
      ByteBuf out = ctx.alloc().buffer(8 + GangProtocol.NONCE);
      out.writeIntLE(4 + GangProtocol.NONCE).writeIntLE(GangProtocol.CHALLENGE).writeBytes(nonce);
      ctx.writeAndFlush(out);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof GangProtocol.Reply r && partition >= 0) {
        reply(ctx, r);
      } else if (msg instanceof ByteBuf f) {
        try {
          frame(ctx, f);
        } finally {
          f.release();
        }
      } else {
        refuse(ctx, "unexpected message " + msg.getClass().getSimpleName());
      }
    }

    private void reply(ChannelHandlerContext ctx, GangProtocol.Reply r) {
      StepResult s = r.result();
      float[] g = s.gradient();
      if (g == null ? s.count() != 0 : g.length != params || s.count() == 0) {
        refuse(ctx, "partition " + partition + " sent " + (g == null ? 0 : g.length)
            + " gradient values for " + s.count() + " examples; expected "
            + params);
        return;
      }
      events.add(new Result(partition, attempt, r.epoch(), r.step(), s));
    }

    private void frame(ChannelHandlerContext ctx, ByteBuf f) {
      int type = f.readIntLE();
      if (partition < 0) {
        hello(ctx, type, f);
        return;
      }
      if (type != GangProtocol.RESULT || f.readableBytes() < GangProtocol.RESULT_HEADER - 4) {
        refuse(ctx, "unexpected frame type " + type + " from partition " + partition);
        return;
      }
      int epoch = f.readIntLE();
      int step = f.readIntLE();
      long count = f.readLongLE();
      long correct = f.readLongLE();
      double loss = Double.longBitsToDouble(f.readLongLE());
      long nanos = f.readLongLE();
      int n = f.readIntLE();
      if ((n != 0 && n != params) || f.readableBytes() != 4L * n || (n == 0) != (count == 0)) {
        refuse(ctx, "partition " + partition + " sent " + n + " gradient values for " + count
            + " examples in " + f.readableBytes() + " bytes; expected " + params);
        return;
      }
      float[] g = null;
      if (n > 0) {
        if (gradients[partition] == null) {
          gradients[partition] = new float[params];
        }
        g = gradients[partition];
        decode(f, g);
      }
      events.add(new Result(partition, attempt, epoch, step,
          new StepResult(g, loss, count, correct, nanos)));
    }

    /**
     * Copies the frame's floats into {@code g} piece by piece: the frame is a composite of socket
     * reads, and a float split between two reads goes through a 4-byte carry.
     */
    private void decode(ByteBuf f, float[] g) {
      int at = 0;
      carry.clear();
      for (ByteBuffer piece : f.nioBuffers()) {
        piece.order(ByteOrder.LITTLE_ENDIAN);
        while (carry.position() > 0 && piece.hasRemaining()) {
          carry.put(piece.get());
          if (!carry.hasRemaining()) {
            g[at++] = carry.getFloat(0);
            carry.clear();
          }
        }
        int whole = piece.remaining() / 4;
        piece.asFloatBuffer().get(g, at, whole);
        at += whole;
        piece.position(piece.position() + 4 * whole);
        carry.put(piece);
      }
    }

    private void hello(ChannelHandlerContext ctx, int type, ByteBuf f) {
      if (type != GangProtocol.HELLO || f.readableBytes() != 8 + 32) {
        refuse(ctx, "expected HELLO, found frame type " + type);
        return;
      }
      int p = f.readIntLE();
      int a = f.readIntLE();
      byte[] mac = new byte[32];
      f.readBytes(mac);
      if (p < 0 || p >= partitions || !GangProtocol.verify(GangProtocol.hmac(secret, nonce, p, a),
          mac)) {
        refuse(ctx, "a connection from " + ctx.channel().remoteAddress()
            + " failed authentication");
        return;
      }
      partition = p;
      attempt = a;
      events.add(new Joined(p, a, ctx.channel()));
    }

    private void refuse(ChannelHandlerContext ctx, String why) {
      org.slf4j.LoggerFactory.getLogger(GangServer.class).warn("gang channel: {}", why);
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (partition >= 0) {
        events.add(new Left(partition, attempt, ctx.channel(), "connection closed"));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      refuse(ctx, "partition " + partition + ": " + cause);
    }
  }
}
