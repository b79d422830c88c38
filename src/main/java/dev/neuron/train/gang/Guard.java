package dev.neuron.train.gang;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.network.server.RpcHandler;
import org.apache.spark.network.server.TransportServerBootstrap;

/**
 * What a peer may cost before it has introduced itself with a valid HELLO (after Spark's
 * authentication, when that is on): at most {@link #MAX_PENDING} such connections at once, frames
 * of at most {@link #MAX_FRAME} bytes and {@link #MAX_BYTES} in all from each (Spark's frame
 * decoder would otherwise gather a frame of any declared size), and {@code handshakeMillis} to
 * finish. The gate reads Spark's frame headers (an int64 length, itself included) as they pass,
 * and disconnects a peer over any bound before Spark's handlers see the frame, so without a log
 * line: a port scan or a stranger cannot fill the log either. Spark installs its decryption in
 * front of the gate, so after authentication the gate still reads plain frames.
 */
final class Guard implements TransportServerBootstrap {
  static final int MAX_PENDING = 64;
  /** Far above Spark's authentication messages and a HELLO, far below a weights frame. */
  static final int MAX_FRAME = 4 << 10;
  static final int MAX_BYTES = 64 << 10;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final long handshakeMillis;

  Guard(long handshakeMillis) {
    this.handshakeMillis = handshakeMillis;
  }

  @Override
  public RpcHandler doBootstrap(Channel channel, RpcHandler handler) {
    channel.pipeline().addFirst(new Gate());
    return handler;
  }

  /** Lets {@code channel}'s peer past the gate: it has introduced itself. */
  static void admit(Channel channel) {
    Gate g = channel.pipeline().get(Gate.class);
    if (g != null) {
      g.admit(channel.pipeline().context(g));
    }
  }

  /** Connections closed by the guard so far. */
  int refused() {
    return refused.get();
  }

  private final class Gate extends ChannelInboundHandlerAdapter {
    private long bytes;
    private boolean counted;
    /** The frame header being read, and how much of the current frame's body is still to come. */
    private long header;
    private int headerBytes;
    private long bodyLeft;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      counted = true;
      if (pending.incrementAndGet() > MAX_PENDING) {
        refuse(ctx);
        return;
      }
      ctx.executor().schedule(() -> {
        if (ctx.pipeline().get(Gate.class) == this) {
          refuse(ctx);
        }
      }, handshakeMillis, TimeUnit.MILLISECONDS);
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      bytes += msg instanceof ByteBuf b ? b.readableBytes() : 0;
      if (bytes > MAX_BYTES || (msg instanceof ByteBuf b && !framesFit(b))) {
        ReferenceCountUtil.release(msg);
        refuse(ctx);
        return;
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      release();
      ctx.fireChannelInactive();
    }

    /** Follows the frames' headers through {@code b}; false at one over {@link #MAX_FRAME}. */
    private boolean framesFit(ByteBuf b) {
      for (int i = b.readerIndex(), end = b.writerIndex(); i < end; ) {
        if (bodyLeft > 0) {
          int n = (int) Math.min(bodyLeft, end - i);
          bodyLeft -= n;
          i += n;
          continue;
        }
        header = header << 8 | (b.getByte(i++) & 0xff);
        if (++headerBytes == 8) {
          if (header < 8 || header > MAX_FRAME) {
            return false;
          }
          bodyLeft = header - 8;
          header = 0;
          headerBytes = 0;
        }
      }
      return true;
    }

    void admit(ChannelHandlerContext ctx) {
      release();
      ctx.pipeline().remove(this);
    }

    private void refuse(ChannelHandlerContext ctx) {
      refused.incrementAndGet();
      ctx.close();
    }

    private void release() {
      if (counted) {
        counted = false;
        pending.decrementAndGet();
      }
    }
  }
}
