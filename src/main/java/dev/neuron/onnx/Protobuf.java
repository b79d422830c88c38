package dev.neuron.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A protocol-buffer message being written, field by field, in the wire format: each field is a
 * key {@code (number << 3) | wireType} as a varint, then a varint (wire type 0), a 32-bit
 * little-endian value (5), or a length-prefixed byte string (2: strings, bytes, nested messages,
 * packed repeated scalars). Fields are written in the order called; proto3 readers accept any
 * order.
 */
final class Protobuf {
  private static final int VARINT = 0;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  Protobuf int64(int field, long v) {
    key(field, VARINT);
    varint(v);
    return this;
  }

  Protobuf float32(int field, float v) {
    key(field, FIXED32);
    int bits = Float.floatToIntBits(v);
    for (int i = 0; i < 4; i++) {
      out.write(bits >>> (8 * i));
    }
    return this;
  }

  Protobuf string(int field, String s) {
    return bytes(field, s.getBytes(StandardCharsets.UTF_8));
  }

  Protobuf bytes(int field, byte[] b) {
    key(field, LENGTH_DELIMITED);
    varint(b.length);
    out.writeBytes(b);
    return this;
  }

  Protobuf message(int field, Protobuf m) {
    return bytes(field, m.toByteArray());
  }

  /** {@code values} as little-endian float32, the layout of ONNX's {@code raw_data}. */
  static byte[] littleEndian(float[] values, int off, int n) {
    ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values, off, n);
    return b.array();
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  private void key(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  /** Base-128, least significant group first, high bit set on all but the last byte. */
  private void varint(long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
