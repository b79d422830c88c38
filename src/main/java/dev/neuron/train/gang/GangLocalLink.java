package dev.neuron.train.gang;

import dev.neuron.train.StepResult;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteOrder;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.BarrierTaskContext;

/**
 * The gang channel for a task in the driver's own JVM (local mode), over Netty's in-JVM transport:
 * the handshake is the TCP one, but weights and gradients are handed over by reference, so a step
 * costs a few thread wake-ups instead of four 1.6 MB copies through the loopback socket.
 */
final class GangLocalLink implements GangLink {
  /**
   * The one event loop of every in-JVM gang channel, the driver's ends and the tasks' alike: Netty
   * hands a message to a peer on the same loop without another thread switch, and on two cores
   * every extra thread woken per step delays one of the tasks.
   */
  static final EventLoopGroup LOOP = new DefaultEventLoopGroup(1,
      new DefaultThreadFactory("neuron-gang-local", true));
  private static final Object CLOSED = new Object();
  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final BarrierTaskContext ctx;
  private final long timeoutMillis;
  private final int params;
  private Channel channel;

  private GangLocalLink(BarrierTaskContext ctx, long timeoutMillis, int params) {
    this.ctx = ctx;
    this.timeoutMillis = timeoutMillis;
    this.params = params;
  }

  /** Joins the driver's in-JVM address, or returns {@code null} if this JVM has none such. */
  static GangLocalLink connect(String address, BarrierTaskContext ctx, long timeoutMillis,
      int params) {
    GangLocalLink link = new GangLocalLink(ctx, timeoutMillis, params);
    ChannelFuture f = new Bootstrap().group(LOOP).channel(LocalChannel.class)
        .handler(link.new Inbox()).connect(new LocalAddress(address)).awaitUninterruptibly();
    if (!f.isSuccess()) {
      return null;
    }
    link.channel = f.channel();
    return link;
  }

  @Override
  public byte[] challenge() throws IOException {
    ByteBuf f = frame(take());
    try {
      return GangLink.nonce(f.nioBuffer().order(ByteOrder.LITTLE_ENDIAN));
    } finally {
      f.release();
    }
  }

  @Override
  public void write(byte[] frame) {
    channel.writeAndFlush(Unpooled.wrappedBuffer(frame));
  }

  @Override
  public GangProtocol.Step next() throws IOException {
    Object m = take();
    if (m instanceof GangProtocol.Step s) {
      if (s.params().length != params) {
        throw new IOException("STEP carries " + s.params().length + " weights, the network has "
            + params);
      }
      return s;
    }
    ByteBuf f = frame(m);
    try {
      GangLink.expect(f.readIntLE(), GangProtocol.STOP);
      return null;
    } finally {
      f.release();
    }
  }

  @Override
  public void send(int epoch, int step, StepResult r) {
    channel.writeAndFlush(new GangProtocol.Reply(epoch, step, r));
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
    inbox.forEach(ReferenceCountUtil::release);
  }

  /** A control frame without its length prefix. */
  private static ByteBuf frame(Object m) throws IOException {
    if (!(m instanceof ByteBuf f)) {
      ReferenceCountUtil.release(m);
      throw new IOException("unexpected message " + m.getClass().getSimpleName());
    }
    if (f.readableBytes() < 8 || f.readIntLE() != f.readableBytes()) {
      f.release();
      throw new IOException("malformed frame from the driver");
    }
    return f;
  }

  private Object take() throws IOException {
    long silentSince = System.nanoTime();
    while (true) {
      Object m;
      try {
        m = inbox.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        ctx.killTaskIfInterrupted();
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the driver");
      }
      if (m == CLOSED) {
        throw new EOFException("the driver closed the gang channel");
      }
      if (m != null) {
        return m;
      }
      GangLink.stillWaiting(ctx, silentSince, timeoutMillis, "the driver sent nothing");
    }
  }

  private final class Inbox extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
      inbox.add(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
      inbox.add(CLOSED);
    }
  }
}
