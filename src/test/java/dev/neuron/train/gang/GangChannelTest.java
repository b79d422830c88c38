package dev.neuron.train.gang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.train.StepResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.internal.config.package$;
import org.junit.jupiter.api.Test;
import scala.Option;

/** The gang's messages and connections, without Spark jobs: codecs, and who may join a hub. */
class GangChannelTest {
  private static final byte[] RUN = "0123456789abcdef".getBytes();

  @Test
  void everyMessageRoundTrips() throws IOException {
    Frames.Hello h = Frames.hello(Frames.hello(new Frames.Hello(RUN, 3, 7, 2)));
    assertArrayEquals(RUN, h.runId());
    assertEquals(3, h.launch());
    assertEquals(7, h.partition());
    assertEquals(2, h.attempt());

    ByteBuffer step = Frames.step(ByteBuffer.allocate(Frames.STEP_BYTES), 4, 9, 100,
        Frames.PLAIN);
    assertArrayEquals(new int[] {4, 9, Frames.PLAIN}, Frames.step(step.duplicate(), 100));
    int replay = Frames.DELTA | Frames.REPLAY;
    assertArrayEquals(new int[] {4, 9, replay}, Frames.step(Frames.step(
        ByteBuffer.allocate(Frames.STEP_BYTES), 4, 9, 100, replay), 100));
    for (int bad : new int[] {Frames.FULL | Frames.DELTA, Frames.FLUSH, 16}) {
      assertThrows(IOException.class, () -> Frames.step(Frames.step(
          ByteBuffer.allocate(Frames.STEP_BYTES), 4, 9, 100, bad), 100), "kind " + bad);
    }
    IOException e = assertThrows(IOException.class, () -> Frames.step(step.duplicate(), 99));
    assertEquals("STEP carries 100 weights, the network has 99", e.getMessage());

    StepResult r = new StepResult(new float[5], 1.25, 64, 60, 777);
    Frames.ResultHeader rh = Frames.result(Frames.result(
        ByteBuffer.allocate(Frames.RESULT_BYTES), 1, 2, r, false), 5);
    assertEquals(new Frames.ResultHeader(1, 2, 64, 64.0, 60, 1.25, 777, 5, false), rh);
    assertEquals(true, Frames.result(Frames.result(
        ByteBuffer.allocate(Frames.RESULT_BYTES), 1, 2, r, true), 5).half());
    // A weighted share carries its weight sum, the batch's divisor, apart from its count.
    StepResult weighted = new StepResult(new float[5], 1.25, 64, 17.5, 60, 777);
    assertEquals(new Frames.ResultHeader(1, 2, 64, 17.5, 60, 1.25, 777, 5, false),
        Frames.result(Frames.result(ByteBuffer.allocate(Frames.RESULT_BYTES), 1, 2, weighted,
            false), 5));
    ByteBuffer empty = Frames.result(ByteBuffer.allocate(Frames.RESULT_BYTES), 1, 2,
        new StepResult(null, 0, 0, 0, 3), false);
    assertEquals(0, Frames.result(empty, 5).n());
    // A gradient for no examples, or none for some, is malformed.
    ByteBuffer wrong = Frames.result(ByteBuffer.allocate(Frames.RESULT_BYTES), 1, 2,
        new StepResult(null, 0, 8, 0, 3), false);
    assertThrows(IOException.class, () -> Frames.result(wrong, 5));

    assertEquals(Frames.STOP, Frames.type(Frames.control(Frames.STOP)));
    assertEquals(Frames.WAIT, Frames.type(Frames.control(Frames.WAIT)));
    assertThrows(IOException.class, () -> Frames.type(ByteBuffer.allocate(4).putInt(0, 99)));
    assertThrows(IOException.class, () -> Frames.hello(ByteBuffer.allocate(7)));
  }

  /**
   * With {@code spark.authenticate} and network encryption on, a member with the secret joins; a
   * peer without it, one that sends garbage, and one that says nothing are each disconnected
   * without ever being reported, and the hub goes on serving.
   */
  @Test
  void withoutTheSecretAConnectionGetsNothingAndCostsNothing() throws Exception {
    SparkConf conf = secured("the-secret");
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    try (Hub hub = new Hub(conf, security(conf), "127.0.0.1", 0, RUN, 2, 8, 1000, events)) {
      assertEquals("authenticated, encrypted", hub.security());
      SparkConf stranger = secured("a-guess");
      assertThrows(Exception.class, () -> RemoteLink.connect(stranger, security(stranger),
          "127.0.0.1", hub.port(), new Frames.Hello(RUN, 0, 0, 0), inbox(), 8));

      try (Socket garbage = new Socket("127.0.0.1", hub.port());
          Socket silent = new Socket("127.0.0.1", hub.port())) {
        assertTrue(closedAfterWriting(garbage, 1 << 20), "a peer sending garbage is cut off");
        assertTrue(closedWithin(silent, 5000), "a silent peer is cut off after the handshake time");
      }
      assertNull(events.poll(200, TimeUnit.MILLISECONDS), "nothing reported for strangers");
      assertTrue(hub.refused() >= 2, "refused " + hub.refused());

      try (RemoteLink member = RemoteLink.connect(conf, security(conf), "127.0.0.1", hub.port(),
          new Frames.Hello(RUN, 0, 1, 0), inbox(), 8)) {
        Event e = events.poll(10, TimeUnit.SECONDS);
        assertInstanceOf(Event.Joined.class, e);
        assertEquals(1, ((Event.Joined) e).partition());
      }
    }
  }

  /** Without authentication, a HELLO naming another run is refused too. */
  @Test
  void aHelloOfAnotherRunIsRefused() throws Exception {
    SparkConf conf = new SparkConf();
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    try (Hub hub = new Hub(conf, security(conf), "127.0.0.1", 0, RUN, 2, 8, 1000, events)) {
      byte[] other = RUN.clone();
      other[0] ^= 1;
      try (RemoteLink link = RemoteLink.connect(conf, security(conf), "127.0.0.1", hub.port(),
          new Frames.Hello(other, 0, 0, 0), inbox(), 8)) {
        assertNull(events.poll(500, TimeUnit.MILLISECONDS));
      }
    }
  }

  private static SparkConf secured(String secret) {
    return new SparkConf().set("spark.authenticate", "true")
        .set("spark.authenticate.secret", secret).set("spark.network.crypto.enabled", "true");
  }

  private static SecurityManager security(SparkConf conf) {
    return new SecurityManager(conf, Option.empty(), package$.MODULE$.AUTH_SECRET_FILE());
  }

  private static Inbox inbox() {
    return new Inbox(null, 5000, "the hub");
  }

  /** Writes up to {@code bytes} of garbage; true if the other end closed before all went out. */
  private static boolean closedAfterWriting(Socket s, int bytes) {
    byte[] junk = new byte[4096];
    Arrays.fill(junk, (byte) 0x7f);
    try {
      OutputStream out = s.getOutputStream();
      for (int sent = 0; sent < bytes; sent += junk.length) {
        out.write(junk);
      }
      return closedWithin(s, 5000);
    } catch (IOException e) {
      return true;
    }
  }

  private static boolean closedWithin(Socket s, int millis) {
    try {
      s.setSoTimeout(millis);
      InputStream in = s.getInputStream();
      while (in.read() >= 0) {
        // Spark's authentication may answer before it gives up; read on.
      }
      return true;
    } catch (IOException e) {
      return !(e instanceof java.net.SocketTimeoutException);
    }
  }
}
