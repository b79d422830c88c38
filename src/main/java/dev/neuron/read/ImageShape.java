package dev.neuron.read;

import java.io.Serializable;

/**
 * What a model's input means as an image: {@code side × side} grey levels when the input count is
 * a square, {@code 3 × side × side} colour planes (R, G, B) when it is three times one, else
 * {@code inputs} grey pixels of any exact shape ({@code side} −1, no resizing).
 */
record ImageShape(int planes, int side, int inputs) implements Serializable {

  static ImageShape of(int inputs) {
    int s = (int) Math.round(Math.sqrt(inputs));
    if (s * s == inputs) {
      return new ImageShape(1, s, inputs);
    }
    int c = (int) Math.round(Math.sqrt(inputs / 3.0));
    if (inputs % 3 == 0 && c * c * 3 == inputs) {
      return new ImageShape(3, c, inputs);
    }
    return new ImageShape(1, -1, inputs);
  }
}
