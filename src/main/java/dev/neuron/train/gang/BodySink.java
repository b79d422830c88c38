package dev.neuron.train.gang;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decodes a {@link Body} into an array as the socket's reads arrive: the bitmap first, then each
 * sent block's floats straight from Netty's buffer into place, nothing gathered or allocated
 * first. A block not sent keeps its value (weights) or becomes zeros (gradients). A value split
 * between two reads goes through a carry. A body of bfloat16 values ({@link Body#nonZeroHalf})
 * decodes to the floats they are.
 */
final class BodySink {
  private final ByteBuffer carry = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
  private byte[] bitmap = new byte[0];
  private int bitmapRead;
  private float[] into;
  private boolean zeroAbsent;
  /** Bytes per value: 4, or 2 for bfloat16. */
  private int size = 4;
  /** The block being filled; {@code blocks} once every sent block is. */
  private int block;
  private int blocks;
  private int at;
  private int end;

  /** Starts a body for all of {@code into}; blocks not sent become zeros if {@code zeroAbsent}. */
  void start(float[] into, boolean zeroAbsent) {
    start(into, zeroAbsent, false);
  }

  /** {@link #start(float[], boolean)} for a body of bfloat16 values if {@code half}. */
  void start(float[] into, boolean zeroAbsent, boolean half) {
    this.into = into;
    this.size = half ? 2 : 4;
    this.zeroAbsent = zeroAbsent;
    int bytes = Body.bitmapBytes(into.length);
    if (bitmap.length != bytes) {
      bitmap = new byte[bytes];
    }
    bitmapRead = 0;
    blocks = Body.blocks(into.length);
    block = -1;
    at = 0;
    end = 0;
    carry.clear().limit(size);
  }

  void accept(ByteBuffer piece) throws IOException {
    piece = piece.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (bitmapRead < bitmap.length) {
      int k = Math.min(piece.remaining(), bitmap.length - bitmapRead);
      piece.get(bitmap, bitmapRead, k);
      bitmapRead += k;
      if (bitmapRead < bitmap.length) {
        return;
      }
      checkPadding();
      nextBlock();
    }
    while (piece.hasRemaining()) {
      if (at == end) {
        throw new IOException("a stream body longer than its bitmap announces");
      }
      if (carry.position() > 0 || piece.remaining() < size) {
        while (carry.hasRemaining() && piece.hasRemaining()) {
          carry.put(piece.get());
        }
        if (!carry.hasRemaining()) {
          into[at++] = size == 4 ? carry.getFloat(0) : Bf16.value(carry.getShort(0));
          carry.clear().limit(size);
        }
      } else {
        int whole = Math.min(piece.remaining() / size, end - at);
        if (size == 4) {
          piece.asFloatBuffer().get(into, at, whole);
        } else {
          int p = piece.position();
          for (int i = 0; i < whole; i++) {
            into[at + i] = Bf16.value(piece.getShort(p + 2 * i));
          }
        }
        piece.position(piece.position() + size * whole);
        at += whole;
      }
      if (at == end) {
        nextBlock();
      }
    }
  }

  /** Checks that the body was whole: the bitmap and every block it announces. */
  void finish() throws IOException {
    if (bitmapRead < bitmap.length || block < blocks || carry.position() != 0) {
      throw new IOException("a stream body that ends early: " + bitmapRead + " of "
          + bitmap.length + " bitmap bytes, at float " + at + " of " + into.length);
    }
  }

  /** Moves to the next sent block, zeroing the blocks passed over if asked to. */
  private void nextBlock() {
    int from = Math.max(0, block + 1);
    block = from;
    while (block < blocks && (bitmap[block >>> 3] & 1 << (block & 7)) == 0) {
      block++;
    }
    if (zeroAbsent) {
      Arrays.fill(into, Math.min(into.length, from * Body.BLOCK),
          Math.min(into.length, block * Body.BLOCK), 0f);
    }
    at = Math.min(into.length, block * Body.BLOCK);
    end = block < blocks ? Math.min(into.length, at + Body.BLOCK) : at;
  }

  private void checkPadding() throws IOException {
    for (int b = blocks; b < 8 * bitmap.length; b++) {
      if ((bitmap[b >>> 3] & 1 << (b & 7)) != 0) {
        throw new IOException("a body's bitmap marks block " + b + " of " + blocks);
      }
    }
  }
}
