package dev.neuron.train.gang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.train.StepResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.internal.config.package$;
import org.apache.spark.network.protocol.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.Option;

/**
 * Strangers at the gang's port, with {@code spark.authenticate} off and on: idle connections that
 * fill the waiting slots, frames of message types the handshake does not use, an admitted peer
 * declaring a huge frame, a second connection claiming a child's partition. Members still get in,
 * Spark logs nothing for strangers, and the gate logs its refusals at a bounded rate.
 */
class GangGateTest {
  private static final byte[] RUN = "0123456789abcdef".getBytes();

  /** Log events of WARN and above, from every logger, while a test runs. */
  static final class Capture extends AbstractAppender implements AutoCloseable {
    final List<LogEvent> events = new CopyOnWriteArrayList<>();

    Capture() {
      super("gang-gate-capture", null, null, true, Property.EMPTY_ARRAY);
      start();
      LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
      ctx.getConfiguration().getRootLogger().addAppender(this, Level.WARN, null);
      ctx.updateLoggers();
    }

    @Override
    public void append(LogEvent e) {
      events.add(e.toImmutable());
    }

    long from(String loggerPrefix) {
      return events.stream().filter(e -> e.getLoggerName().startsWith(loggerPrefix)).count();
    }

    @Override
    public void close() {
      LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
      ctx.getConfiguration().getRootLogger().removeAppender(getName());
      ctx.updateLoggers();
      stop();
    }
  }

  static SparkConf conf(boolean auth) {
    return auth ? new SparkConf().set("spark.authenticate", "true")
        .set("spark.authenticate.secret", "the-secret").set("spark.network.crypto.enabled", "true")
        : new SparkConf();
  }

  static SecurityManager security(SparkConf conf) {
    return new SecurityManager(conf, Option.empty(), package$.MODULE$.AUTH_SECRET_FILE());
  }

  static Event.Joined join(SparkConf conf, Hub hub, BlockingQueue<Event> events, int partition,
      List<AutoCloseable> open) throws Exception {
    open.add(RemoteLink.connect(conf, security(conf), "127.0.0.1", hub.port(),
        new Frames.Hello(RUN, 0, partition, 0), new Inbox(null, 5000, "the hub"), 8));
    for (Event e; (e = events.poll(10, TimeUnit.SECONDS)) != null; ) {
      if (e instanceof Event.Joined j) {
        return j;
      }
    }
    throw new AssertionError("partition " + partition + " did not join");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void idleStrangersInEveryWaitingSlotDoNotLockMembersOut(boolean auth) throws Exception {
    SparkConf conf = conf(auth);
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    List<AutoCloseable> open = new ArrayList<>();
    // The hub first: starting Spark's network layer may reconfigure logging.
    try (Hub hub = new Hub(conf, security(conf), "127.0.0.1", 0, RUN, 2, 8, 30_000, events);
        Capture log = new Capture()) {
      for (int i = 0; i < Guard.MAX_PENDING + 8; i++) {
        open.add(new Socket("127.0.0.1", hub.port()));
      }
      Thread.sleep(500);
      assertEquals(1, join(conf, hub, events, 1, open).partition());
      // The strangers come back at once: still, the second member gets in.
      for (int i = 0; i < Guard.MAX_PENDING; i++) {
        open.add(new Socket("127.0.0.1", hub.port()));
      }
      assertEquals(0, join(conf, hub, events, 0, open).partition());
      assertTrue(hub.refused() >= 8, "refused " + hub.refused());
      long lines = log.from(Guard.class.getName());
      assertTrue(lines >= 1 && lines <= 2, lines + " log lines from the gate");
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }

  /** A frame of Spark's framing: int64 length (itself included), the type, then {@code rest}. */
  static byte[] frame(Message.Type type, byte[] rest) {
    return ByteBuffer.allocate(9 + rest.length).putLong(9 + rest.length).put(type.id()).put(rest)
        .array();
  }

  /** Sends {@code frame} {@code times} times; true if the hub closed the connection. */
  static boolean closedAfter(Socket s, byte[] frame, int times) {
    try {
      OutputStream out = s.getOutputStream();
      for (int i = 0; i < times; i++) {
        out.write(frame);
      }
      out.flush();
      s.setSoTimeout(5000);
      InputStream in = s.getInputStream();
      while (in.read() >= 0) {
        // Spark may answer (a fetch failure, an auth error) before the connection ends.
      }
      return true;
    } catch (IOException e) {
      return !(e instanceof java.net.SocketTimeoutException);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void framesTheHandshakeDoesNotUseAreDroppedWithoutALogLine(boolean auth) throws Exception {
    SparkConf conf = conf(auth);
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    List<AutoCloseable> open = new ArrayList<>();
    byte[] fetch = frame(Message.Type.ChunkFetchRequest,
        ByteBuffer.allocate(12).putLong(7).putInt(0).array());
    byte[] streamReq = frame(Message.Type.StreamRequest,
        ByteBuffer.allocate(8).putInt(4).put("abcd".getBytes()).array());
    byte[] oneWay = frame(Message.Type.OneWayMessage, ByteBuffer.allocate(8).putInt(4).putInt(0)
        .array());
    byte[] upload = frame(Message.Type.UploadStream, ByteBuffer.allocate(20).putLong(1).putInt(4)
        .putInt(0).putInt(0).array());
    // The hub first: starting Spark's network layer may reconfigure logging.
    try (Hub hub = new Hub(conf, security(conf), "127.0.0.1", 0, RUN, 2, 8, 30_000, events);
        Capture log = new Capture()) {
      for (byte[] f : new byte[][] {fetch, streamReq, oneWay, upload}) {
        for (int k = 0; k < 5; k++) {
          try (Socket s = new Socket("127.0.0.1", hub.port())) {
            assertTrue(closedAfter(s, f, 100), "connection left open");
          }
        }
      }
      Thread.sleep(300);
      assertEquals(0, log.from("org.apache.spark"), () -> log.events.stream()
          .map(e -> e.getLoggerName() + ": " + e.getMessage().getFormattedMessage()).toList()
          .toString());
      assertEquals(1, join(conf, hub, events, 1, open).partition());
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }

  @Test
  void anAdmittedPeerDeclaringAFrameLargerThanARunsBodyIsCutOff() throws Exception {
    SparkConf conf = conf(false);
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    try (Hub hub = new Hub(conf, security(conf), "127.0.0.1", 0, RUN, 2, 8, 30_000, events);
        Socket s = new Socket("127.0.0.1", hub.port())) {
      ByteBuffer hello = Frames.hello(new Frames.Hello(RUN, 0, 1, 0));
      byte[] body = new byte[hello.remaining()];
      hello.get(body);
      s.getOutputStream().write(frame(Message.Type.OneWayMessage,
          ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array()));
      assertInstanceOf(Event.Joined.class, events.poll(10, TimeUnit.SECONDS));
      // A header declaring 1 GiB, then a trickle: the hub must not wait to gather it.
      byte[] huge = ByteBuffer.allocate(9).putLong(1L << 30).put(Message.Type.UploadStream.id())
          .array();
      assertTrue(closedAfter(s, huge, 1), "connection left open");
    }
  }

  /**
   * Two connections claim child partition 1: the one that joined first is the child; a result
   * from the other, arriving first, is not taken as the child's.
   */
  @Test
  void aChildsResultIsTakenFromItsOwnConnectionOnly() throws Exception {
    java.lang.reflect.Constructor<GangTree> make = GangTree.class.getDeclaredConstructor(
        org.apache.spark.BarrierTaskContext.class, long.class, GangLink.class, Hub.class,
        BlockingQueue.class, List.class, int.class, int.class);
    make.setAccessible(true);
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    Peer child = new Peer.Remote(null);
    Peer impostor = new Peer.Remote(null);
    GangTree tree = make.newInstance(null, 10_000L, null, null, events, List.of(1), 2, 0);
    java.lang.reflect.Field children = GangTree.class.getDeclaredField("children");
    children.setAccessible(true);
    ((Peer[]) children.get(tree))[0] = child;
    events.add(new Event.Result(0, 1, 0, 0, 0, new StepResult(new float[] {100, 100}, 9, 1, 1, 0),
        impostor));
    events.add(new Event.Result(0, 1, 0, 0, 0, new StepResult(new float[] {1, 2}, 1, 1, 1, 0),
        child));
    StepResult[] sent = new StepResult[1];
    GangLink driver = new GangLink() {
      @Override
      public Frames.Step next() {
        return null;
      }

      @Override
      public void send(int epoch, int step, StepResult r, boolean half) {
        sent[0] = r;
      }

      @Override
      public void close() {
      }
    };
    tree.send(driver, 0, 0, new StepResult(new float[] {10, 20}, 2, 1, 1, 0));
    assertArrayEquals(new float[] {11, 22}, sent[0].gradient());
    assertEquals(3.0, sent[0].loss());
  }
}
