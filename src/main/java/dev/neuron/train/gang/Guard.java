package dev.neuron.train.gang;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.network.protocol.Message;
import org.apache.spark.network.server.AbstractAuthRpcHandler;
import org.apache.spark.network.server.RpcHandler;
import org.apache.spark.network.server.TransportServerBootstrap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a peer may cost. Before it has introduced itself with a valid HELLO (after Spark's
 * authentication, when that is on), a connection waits in one of {@link #MAX_PENDING} slots; a
 * newcomer beyond them evicts the longest-waiting connection that has stayed silent
 * ({@link #evictOne}), so idle strangers cannot lock members out (a member needs its slot only
 * for the milliseconds of its handshake). Until
 * then it may send frames of at most {@link #MAX_FRAME} bytes and {@link #MAX_BYTES} in all, of the
 * types the handshake uses alone: Spark's authentication requests while that is on and not done,
 * then one one-way message, the HELLO. It has {@code handshakeMillis} to finish. The gate reads
 * Spark's frame headers (an int64 length, itself included, then the type) as they pass and
 * disconnects a peer over any bound before Spark's handlers see the frame: a chunk-fetch request
 * or an upload from a stranger never reaches Spark's handlers, so they log nothing for it. After
 * the HELLO the gate stays, bounding frames by {@code maxFrame} (what the run's largest body
 * needs) instead of Spark's 2 GiB. Refusals are counted, and logged at most once a minute with
 * their counts by reason. Spark installs its decryption in front of the gate, so after
 * authentication the gate still reads plain frames.
 */
final class Guard implements TransportServerBootstrap {
  static final int MAX_PENDING = 64;
  /** Far above Spark's authentication messages and a HELLO, far below a weights frame. */
  static final int MAX_FRAME = 4 << 10;
  static final int MAX_BYTES = 64 << 10;
  static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** How long a silent connection is spared while older silent ones remain. */
  static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
  private static final byte RPC = Message.Type.RpcRequest.id();
  private static final byte ONE_WAY = Message.Type.OneWayMessage.id();
  private static final byte UPLOAD = Message.Type.UploadStream.id();
  /** Spark's authentication takes one RPC (its own protocol), a few with SASL. */
  private static final int MAX_AUTH_RPCS = 4;

  /** Why a connection was closed, for the counts in the log. */
  private enum Refusal {
    EVICTED("evicted after waiting longest"),
    SILENT("silent past the handshake time"),
    OVER_BOUND("over a frame or byte bound"),
    WRONG_TYPE("a message type the handshake does not use");

    final String text;

    Refusal(String text) {
      this.text = text;
    }
  }

  private final AtomicInteger pending = new AtomicInteger();
  private final ConcurrentLinkedDeque<Gate> waiting = new ConcurrentLinkedDeque<>();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger[] since = new AtomicInteger[Refusal.values().length];
  private final AtomicLong nextLog = new AtomicLong(System.nanoTime());
  private final long handshakeMillis;
  private final long maxFrame;
  private byte[] appId = new byte[0];

  /** A gate; an admitted peer's frames are bounded by {@code maxFrame} bytes. */
  Guard(long handshakeMillis, long maxFrame) {
    this.handshakeMillis = handshakeMillis;
    this.maxFrame = maxFrame;
    for (int i = 0; i < since.length; i++) {
      since[i] = new AtomicInteger();
    }
  }

  @Override
  public RpcHandler doBootstrap(Channel channel, RpcHandler handler) {
    channel.pipeline().addFirst(new Gate());
    return handler;
  }

  /**
   * Runs after Spark's authentication bootstrap: tells the gate which handler knows whether the
   * peer has authenticated.
   */
  TransportServerBootstrap afterAuthentication(String appId) {
    this.appId = appId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return (channel, handler) -> {
      Gate g = channel.pipeline().get(Gate.class);
      if (g != null && handler instanceof AbstractAuthRpcHandler auth) {
        g.auth = auth;
      }
      return handler;
    };
  }

  /**
   * Whether an RPC's first bytes ({@code p[0 … n)}, after its type: request id, body length,
   * body) start as Spark's authentication messages do: a tag byte ({@code AuthMessage} 0xFB on
   * Spark 4, its challenge 0xFA on Spark 3.5, {@code SaslMessage} 0xEA), then the app id as an
   * int length and UTF-8. Garbage that
   * Spark's handlers would answer with an error and a logged stack trace is refused instead.
   */
  private boolean authLike(byte[] p, int n) {
    int at = 12;
    if (n > at && (p[at] == (byte) 0xEA || p[at] == (byte) 0xFA || p[at] == (byte) 0xFB)) {
      at++;
    }
    if (n < at + 4 + appId.length) {
      return false;
    }
    int len = (p[at] & 0xff) << 24 | (p[at + 1] & 0xff) << 16 | (p[at + 2] & 0xff) << 8
        | (p[at + 3] & 0xff);
    return len == appId.length && java.util.Arrays.equals(p, at + 4, at + 4 + len, appId, 0, len);
  }

  /** Lets {@code channel}'s peer past the gate: it has introduced itself. */
  static void admit(Channel channel) {
    Gate g = channel.pipeline().get(Gate.class);
    if (g != null) {
      g.admit();
    }
  }

  /** Connections closed by the guard so far. */
  int refused() {
    return refused.get();
  }

  /**
   * Makes room for {@code newcomer} by closing one waiting connection: the longest-waiting one that
   * has sent nothing for at least {@link #GRACE_NANOS} (an idle stranger), else the longest-waiting
   * silent one, else the longest-waiting. A member speaks within milliseconds of connecting, so a
   * churn of idle strangers does not evict one mid-handshake.
   */
  private void evictOne(Gate newcomer) {
    long now = System.nanoTime();
    Gate idle = null;
    Gate silent = null;
    for (Gate g : waiting) {
      if (g != newcomer && !g.spoke) {
        if (now - g.since >= GRACE_NANOS) {
          idle = g;
          break;
        }
        silent = silent == null ? g : silent;
      }
    }
    Gate victim = idle != null ? idle : silent;
    if (victim == null || !waiting.remove(victim)) {
      victim = waiting.poll();
    }
    if (victim != null) {
      Gate v = victim;
      v.ctx.executor().execute(() -> v.refuse(Refusal.EVICTED));
    }
  }

  private void count(Refusal why, ChannelHandlerContext ctx) {
    refused.incrementAndGet();
    since[why.ordinal()].incrementAndGet();
    long now = System.nanoTime();
    long at = nextLog.get();
    if (now - at >= 0 && nextLog.compareAndSet(at, now + LOG_EVERY_NANOS)) {
      StringBuilder counts = new StringBuilder();
      for (Refusal r : Refusal.values()) {
        int n = since[r.ordinal()].getAndSet(0);
        if (n > 0) {
          counts.append(counts.length() > 0 ? ", " : "").append(n).append(' ').append(r.text);
        }
      }
      LOG.warn("gang: closed connections that had not introduced themselves (or broke a bound):"
          + " {} since the last such line, at most one a minute; the latest from {}", counts,
          ctx.channel().remoteAddress());
    }
  }

  private final class Gate extends ChannelInboundHandlerAdapter {
    private ChannelHandlerContext ctx;
    private volatile AbstractAuthRpcHandler auth;
    private volatile boolean spoke;
    private final long since = System.nanoTime();
    private boolean admitted;
    private boolean counted;
    private int oneWays;
    private long bytes;
    /** The frame header being read, and how much of the current frame's body is still to come. */
    private long header;
    private int headerBytes;
    private boolean typeNext;
    private long bodyLeft;
    /** Whether the current frame is an upload, its body's length as read, and what is to come. */
    private boolean upload;
    private long streamLength;
    private long streamLeft;
    /** An authentication RPC's first bytes, checked before Spark's handlers see it. */
    private byte[] rpc;
    private int rpcBytes;
    private int rpcs;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      this.ctx = ctx;
      counted = true;
      waiting.add(this);
      if (pending.incrementAndGet() > MAX_PENDING) {
        evictOne(this);
      }
      ctx.executor().schedule(() -> {
        if (!admitted && ctx.channel().isActive()) {
          refuse(Refusal.SILENT);
        }
      }, handshakeMillis, TimeUnit.MILLISECONDS);
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf b) {
        if (!admitted) {
          bytes += b.readableBytes();
          spoke = true;
        }
        Refusal why = bytes > MAX_BYTES ? Refusal.OVER_BOUND : framesFit(b);
        if (why != null) {
          ReferenceCountUtil.release(msg);
          refuse(why);
          return;
        }
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      release();
      ctx.fireChannelInactive();
    }

    /**
     * Follows the frames' headers through {@code b}; the first bound broken, or null. An upload's
     * body follows its frame, of the length in the frame's last 8 bytes (Spark's
     * {@code UploadStream}: request id, meta, body length; the body streams after the frame).
     */
    private Refusal framesFit(ByteBuf b) {
      for (int i = b.readerIndex(), end = b.writerIndex(); i < end; ) {
        if (typeNext) {
          typeNext = false;
          byte type = b.getByte(i);
          if (!admitted && !handshakeType(type)) {
            return Refusal.WRONG_TYPE;
          }
          upload = type == UPLOAD;
          if (upload && bodyLeft < 1 + 8 + 4 + 8) {
            return Refusal.OVER_BOUND; // too short to hold an upload's fields
          }
          if (!admitted && type == RPC) {
            if (++rpcs > MAX_AUTH_RPCS) {
              return Refusal.WRONG_TYPE;
            }
            rpc = rpc == null ? new byte[12 + 1 + 4 + appId.length] : rpc;
            rpcBytes = 0;
            i++;
            bodyLeft--;
            if (bodyLeft == 0) {
              return Refusal.WRONG_TYPE;
            }
            continue;
          }
        }
        if (rpc != null && rpcBytes < rpc.length && bodyLeft > 0 && !admitted) {
          rpc[rpcBytes++] = b.getByte(i++);
          bodyLeft--;
          if (rpcBytes == rpc.length || bodyLeft == 0) {
            if (!authLike(rpc, rpcBytes)) {
              return Refusal.WRONG_TYPE;
            }
            rpcBytes = rpc.length;
          }
          continue;
        }
        if (streamLeft > 0) {
          int n = (int) Math.min(streamLeft, end - i);
          streamLeft -= n;
          i += n;
          continue;
        }
        if (bodyLeft > 0) {
          if (upload && bodyLeft <= 8) {
            streamLength = streamLength << 8 | (b.getByte(i++) & 0xff);
            if (--bodyLeft == 0) {
              if (streamLength < 0 || streamLength > maxFrame) {
                return Refusal.OVER_BOUND;
              }
              streamLeft = streamLength;
              streamLength = 0;
              upload = false;
            }
            continue;
          }
          int n = (int) Math.min(bodyLeft - (upload ? 8 : 0), end - i);
          bodyLeft -= n;
          i += n;
          continue;
        }
        header = header << 8 | (b.getByte(i++) & 0xff);
        if (++headerBytes == 8) {
          if (header < 9 || header > (admitted ? maxFrame : MAX_FRAME)
) {
            return Refusal.OVER_BOUND;
          }
          bodyLeft = header - 8;
          typeNext = true;
          header = 0;
          headerBytes = 0;
        }
      }
      return null;
    }

    /**
     * Authentication requests while authentication is on and unfinished; after it (or without
     * it), one one-way message: the HELLO, which admits the peer or gets it disconnected.
     */
    private boolean handshakeType(byte type) {
      AbstractAuthRpcHandler a = auth;
      if (a != null && !a.isAuthenticated()) {
        return type == RPC;
      }
      return type == ONE_WAY && oneWays++ == 0;
    }

    void admit() {
      admitted = true;
      release();
    }

    private void refuse(Refusal why) {
      if (ctx.channel().isActive()) {
        count(why, ctx);
        ctx.close();
      }
    }

    private void release() {
      if (counted) {
        counted = false;
        waiting.remove(this);
        pending.decrementAndGet();
      }
    }
  }
}
