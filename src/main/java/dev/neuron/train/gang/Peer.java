package dev.neuron.train.gang;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.nio.ByteBuffer;
import org.apache.spark.network.buffer.NioManagedBuffer;
import org.apache.spark.network.client.TransportClient;

/**
 * A hub's view of one member: how a step's weights and the control messages reach it. Over Spark's
 * transport the weights go as an upload stream whose body, encoded once per step, every member's
 * connection shares; within the driver's JVM the array itself is handed over.
 */
sealed interface Peer {
  /**
   * Sends step {@code step} of epoch {@code epoch}, a STEP of {@code kind} ({@link Frames}):
   * {@code params}, encoded in {@code body}.
   */
  void step(int epoch, int step, int kind, float[] params, ByteBuffer body);

  /** Sends STOP or WAIT. */
  void signal(int type);

  boolean isActive();

  void close();

  /** "tcp" or "in-JVM". */
  String transport();

  /** A member on the other end of a Spark transport connection. */
  final class Remote implements Peer {
    private final TransportClient client;
    private final ByteBuffer meta = ByteBuffer.allocate(Frames.STEP_BYTES);

    Remote(TransportClient client) {
      this.client = client;
    }

    @Override
    public void step(int epoch, int step, int kind, float[] params, ByteBuffer body) {
      // The meta buffer is reused for a step the member answers, which it does only after reading
      // all of it; the replayed steps sent before it have their own.
      ByteBuffer m = (kind & Frames.REPLAY) != 0 ? ByteBuffer.allocate(Frames.STEP_BYTES) : meta;
      client.uploadStream(new NioManagedBuffer(Frames.step(m, epoch, step, params.length, kind)),
          new NioManagedBuffer(body.duplicate()), RemoteLink.IGNORE);
    }

    @Override
    public void signal(int type) {
      client.send(Frames.control(type));
    }

    @Override
    public boolean isActive() {
      return client.isActive();
    }

    @Override
    public void close() {
      client.getChannel().close();
    }

    @Override
    public String transport() {
      return "tcp";
    }
  }

  /** A task in the driver's JVM, on Netty's in-JVM transport. */
  record Local(Channel channel) implements Peer {
    @Override
    public void step(int epoch, int step, int kind, float[] params, ByteBuffer body) {
      channel.writeAndFlush(new Frames.Step(epoch, step, kind, params));
    }

    @Override
    public void signal(int type) {
      channel.writeAndFlush(Unpooled.wrappedBuffer(Frames.control(type)));
    }

    @Override
    public boolean isActive() {
      return channel.isActive();
    }

    @Override
    public void close() {
      channel.close();
    }

    @Override
    public String transport() {
      return "in-JVM";
    }
  }
}
