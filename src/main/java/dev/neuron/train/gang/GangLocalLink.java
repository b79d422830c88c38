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
import java.io.IOException;
import org.apache.spark.BarrierTaskContext;

/**
 * The gang channel for a task in the driver's own JVM (local mode), over Netty's in-JVM transport:
 * weights and gradients are handed over by reference, so a step costs a few thread wake-ups
 * instead of four 1.6 MB copies through the loopback socket. Only code in this JVM can reach the
 * driver's in-JVM address, which is named after the run's id.
 */
final class GangLocalLink implements GangLink {
  /**
   * The one event loop of every in-JVM gang channel, the driver's ends and the tasks' alike: Netty
   * hands a message to a peer on the same loop without another thread switch, and on two cores
   * every extra thread woken per step delays one of the tasks.
   */
  static final EventLoopGroup LOOP = new DefaultEventLoopGroup(1,
      new DefaultThreadFactory("neuron-gang-local", true));
  private final Inbox inbox;
  private final int params;
  private Channel channel;

  private GangLocalLink(BarrierTaskContext ctx, long timeoutMillis, int params) {
    this.inbox = new Inbox(ctx, timeoutMillis, "the driver");
    this.params = params;
  }

  /**
   * Joins the driver's in-JVM address and introduces itself, or returns {@code null} if this JVM
   * has no such address.
   */
  static GangLocalLink connect(String address, Frames.Hello hello, BarrierTaskContext ctx,
      long timeoutMillis, int params) {
    GangLocalLink link = new GangLocalLink(ctx, timeoutMillis, params);
    ChannelFuture f = new Bootstrap().group(LOOP).channel(LocalChannel.class)
        .handler(link.new Receiver()).connect(new LocalAddress(address)).awaitUninterruptibly();
    if (!f.isSuccess()) {
      return null;
    }
    link.channel = f.channel();
    link.channel.writeAndFlush(Unpooled.wrappedBuffer(Frames.hello(hello)));
    return link;
  }

  @Override
  public Frames.Step next() throws IOException {
    Frames.Step s = inbox.next();
    if (s != null && s.params().length != params) {
      throw new IOException("STEP carries " + s.params().length + " weights, the network has "
          + params);
    }
    return s;
  }

  @Override
  public void send(int epoch, int step, StepResult r, boolean half) {
    channel.writeAndFlush(new Frames.Reply(epoch, step, r));
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
    inbox.clear();
  }

  private final class Receiver extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
      if (msg instanceof Frames.Step s) {
        inbox.add(s);
        return;
      }
      try {
        if (!(msg instanceof ByteBuf b && inbox.control(b.nioBuffer()))) {
          c.close();
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
      inbox.closed();
    }
  }
}
