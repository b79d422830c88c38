package dev.neuron.train.gang;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes a stream body of little-endian floats into an array as the socket's reads arrive: one
 * copy from Netty's buffer to the array the arithmetic reads, nothing gathered or allocated first.
 * A float split between two reads goes through a four-byte carry.
 */
final class FloatSink {
  private final ByteBuffer carry = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
  private float[] into;
  private int at;

  /** Starts a body that fills {@code into} whole. */
  void start(float[] into) {
    this.into = into;
    this.at = 0;
    carry.clear();
  }

  void accept(ByteBuffer piece) throws IOException {
    piece = piece.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (4L * (into.length - at) - carry.position() < piece.remaining()) {
      throw new IOException("a stream body longer than its " + into.length + " floats");
    }
    while (carry.position() > 0 && piece.hasRemaining()) {
      carry.put(piece.get());
      if (!carry.hasRemaining()) {
        into[at++] = carry.getFloat(0);
        carry.clear();
      }
    }
    int whole = piece.remaining() / 4;
    piece.asFloatBuffer().get(into, at, whole);
    at += whole;
    piece.position(piece.position() + 4 * whole);
    carry.put(piece);
  }

  /** Checks that the body filled the array exactly. */
  void finish() throws IOException {
    if (at != into.length || carry.position() != 0) {
      throw new IOException("a stream body of " + (4L * at + carry.position())
          + " bytes, expected " + 4L * into.length);
    }
  }
}
