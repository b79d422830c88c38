package dev.neuron.nn;

import dev.neuron.optim.Setting;
import dev.neuron.optim.Tensors;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a dense network is, apart from what it weighs: layer sizes, activations, the loss, and the
 * offset table into one flat parameter array.
 *
 * <p>Layer {@code l} maps {@code fanIn(l)} inputs to {@code units(l)} outputs. Its weights
 * {@code W_l} ({@code units × fanIn}, column-major) start at {@link #weightOffset}, its bias
 * {@code b_l} ({@code units}) follows at {@link #biasOffset}; layers follow each other. Gradients
 * and optimizer state use the same layout.
 *
 * <p>Two regularizers belong to a layer, as in Keras: an L2 penalty on its kernel
 * ({@link #L2}, {@code kernel_regularizer=l2(λ)}) and dropout of its outputs ({@link #DROPOUT}, a
 * {@code Dropout(rate)} layer after it; hidden layers only). {@link Penalty} and
 * {@link Kernels#forwardTraining} apply them; evaluation and prediction ignore both.
 */
public final class Network implements Serializable {
  private static final long serialVersionUID = 2L;

  /**
   * λ of the layer's L2 kernel penalty, Keras' {@code kernel_regularizer=l2(λ)}: the loss gains
   * {@code λ·Σ W²} (biases are not penalized), the gradient {@code 2λ·W}. Declared once: the
   * CLI's layer option and the Spark ML param derive from it.
   */
  public static final Setting L2 = new Setting("l2", Setting.Range.NON_NEGATIVE, "0",
      "λ of the L2 kernel penalty λ·ΣW² added to the loss (Keras' kernel_regularizer=l2(λ));"
          + " biases are not penalized; 0: none");
  /**
   * The rate of inverted dropout after a hidden layer, Keras' {@code Dropout(rate)}: in
   * training each output is zeroed with this probability and the others scaled by
   * {@code 1/(1 − rate)}; evaluation and prediction use every unit unscaled.
   */
  public static final Setting DROPOUT = new Setting("dropout", Setting.Range.UNIT, "0",
      "rate of inverted dropout after the layer (training only, kept outputs scaled by"
          + " 1/(1 − rate)); hidden layers only; 0: none");

  private final int[] sizes;
  private final Activation[] activations;
  private final Loss loss;
  private final float huberDelta;
  private final float[] l2;
  private final float[] dropout;
  private final int[] offsets;

  private Network(int[] sizes, Activation[] activations, Loss loss, float huberDelta, float[] l2,
      float[] dropout) {
    this.sizes = sizes;
    this.activations = activations;
    this.loss = loss;
    this.huberDelta = huberDelta;
    this.l2 = l2;
    this.dropout = dropout;
    this.offsets = new int[activations.length + 1];
    long total = 0;
    for (int l = 0; l < activations.length; l++) {
      offsets[l] = (int) total;
      total += (long) sizes[l + 1] * (sizes[l] + 1);
      if (total > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("network " + Arrays.toString(sizes)
            + " has more than 2^31 parameters");
      }
    }
    offsets[activations.length] = (int) total;
  }

  /** Starts a network on {@code n} input features: {@code Network.input(784).dense(512, RELU)…}. */
  public static Builder input(int n) {
    return new Builder(n);
  }

  /**
   * The same layers, loss and regularizers on {@code n} input features: a configuration's
   * network, checked once on a placeholder input, is built on the data's width when it is known.
   */
  public Network withInputs(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("input size must be positive, found " + n);
    }
    int[] s = sizes.clone();
    s[0] = n;
    return new Network(s, activations, loss, huberDelta, l2, dropout);
  }

  public int layers() {
    return activations.length;
  }

  public int inputSize() {
    return sizes[0];
  }

  public int outputSize() {
    return sizes[sizes.length - 1];
  }

  /**
   * The classes the network tells apart: one per output, or two for a single output (class 1
   * where it is at least 0.5, as {@link Kernels#predictedClass} reads it).
   */
  public int classes() {
    return Math.max(2, outputSize());
  }

  public int units(int layer) {
    return sizes[layer + 1];
  }

  public int fanIn(int layer) {
    return sizes[layer];
  }

  public Activation activation(int layer) {
    return activations[layer];
  }

  public Activation outputActivation() {
    return activations[activations.length - 1];
  }

  public Loss loss() {
    return loss;
  }

  /** λ of layer {@code layer}'s L2 kernel penalty ({@link #L2}); 0: none. */
  public float l2(int layer) {
    return l2[layer];
  }

  /** The rate of dropout after layer {@code layer} ({@link #DROPOUT}); 0: none. */
  public float dropout(int layer) {
    return dropout[layer];
  }

  /** Whether any layer is followed by dropout, so training passes draw masks. */
  public boolean hasDropout() {
    for (float d : dropout) {
      if (d > 0) {
        return true;
      }
    }
    return false;
  }

  /** Whether any layer's kernel carries an L2 penalty. */
  public boolean hasPenalty() {
    for (float v : l2) {
      if (v > 0) {
        return true;
      }
    }
    return false;
  }

  /** The Huber loss's δ ({@link Loss#DEFAULT_DELTA} for the other losses, which ignore it). */
  public float huberDelta() {
    return huberDelta;
  }

  /**
   * Whether this is a regression network: a linear output under a regression loss. Its outputs
   * are estimates of real-valued targets, scored by error measures rather than by class.
   */
  public boolean isRegression() {
    return loss.regression() && outputActivation() == Activation.LINEAR;
  }

  public int weightOffset(int layer) {
    return offsets[layer];
  }

  public int biasOffset(int layer) {
    return offsets[layer] + sizes[layer + 1] * sizes[layer];
  }

  public int paramCount() {
    return offsets[activations.length];
  }

  /**
   * The parameters' tensors in layout order: each layer's {@code W}, then its {@code b} (what the
   * layer-wise optimizers take norms over).
   */
  public Tensors tensors() {
    int[] bounds = new int[2 * layers() + 1];
    for (int l = 0; l < layers(); l++) {
      bounds[2 * l + 1] = biasOffset(l);
      bounds[2 * l + 2] = offsets[l + 1];
    }
    return new Tensors(bounds);
  }

  /** The widest layer, input included: the row count a workspace buffer must hold. */
  public int maxWidth() {
    return Arrays.stream(sizes).max().orElseThrow();
  }

  /** The layer whose weights or bias hold parameter {@code index}. */
  public int layerOf(int index) {
    for (int l = 0; l < layers(); l++) {
      if (index < offsets[l + 1]) {
        return l;
      }
    }
    throw new IndexOutOfBoundsException("parameter " + index + " of " + paramCount());
  }

  /** Fresh parameters: weights from {@code init}, biases zero. */
  public float[] initialParameters(Initializer init, SplittableRandom rnd) {
    float[] p = new float[paramCount()];
    for (int l = 0; l < layers(); l++) {
      init.fill(p, weightOffset(l), units(l) * fanIn(l), fanIn(l), units(l), rnd);
    }
    return p;
  }

  /** E.g. {@code 784 → 512 relu → 10 softmax, categorical_crossentropy}. */
  public String describe() {
    StringBuilder s = new StringBuilder().append(sizes[0]);
    for (int l = 0; l < layers(); l++) {
      s.append(" → ").append(units(l)).append(' ').append(activations[l].key());
      if (l2[l] > 0) {
        s.append(" l2=").append(l2[l]);
      }
      if (dropout[l] > 0) {
        s.append(" dropout=").append(dropout[l]);
      }
    }
    s.append(", ").append(loss.key());
    return (loss == Loss.HUBER ? s.append("(δ=").append(huberDelta).append(')') : s).toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Network n && Arrays.equals(sizes, n.sizes)
        && Arrays.equals(activations, n.activations) && loss == n.loss
        && Float.compare(huberDelta, n.huberDelta) == 0 && Arrays.equals(l2, n.l2)
        && Arrays.equals(dropout, n.dropout);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * Arrays.hashCode(sizes) + Arrays.hashCode(activations))
        + loss.hashCode()) + Arrays.hashCode(dropout);
  }

  @Override
  public String toString() {
    return describe();
  }

  /** Collects layers in order; {@link #build()} validates. */
  public static final class Builder {
    private final int input;
    private final List<Integer> units = new ArrayList<>();
    private final List<Activation> activations = new ArrayList<>();
    private final List<Float> l2 = new ArrayList<>();
    private final List<Float> dropout = new ArrayList<>();
    private Loss loss = Loss.CATEGORICAL_CROSSENTROPY;
    private float huberDelta = Loss.DEFAULT_DELTA;

    private Builder(int input) {
      this.input = input;
    }

    public Builder dense(int units, Activation activation) {
      this.units.add(units);
      this.activations.add(activation);
      this.l2.add(0f);
      this.dropout.add(0f);
      return this;
    }

    /** An L2 penalty {@code λ·ΣW²} on the kernel of the layer added last ({@link #L2}). */
    public Builder l2(float lambda) {
      l2.set(last("l2"), L2.check("layer " + last("l2"), lambda));
      return this;
    }

    /** Dropout at {@code rate} after the layer added last, a hidden one ({@link #DROPOUT}). */
    public Builder dropout(float rate) {
      dropout.set(last("dropout"), DROPOUT.check("layer " + last("dropout"), rate));
      return this;
    }

    private int last(String what) {
      if (units.isEmpty()) {
        throw new IllegalArgumentException(what + " applies to a dense layer; add one first");
      }
      return units.size() - 1;
    }

    public Builder loss(Loss loss) {
      this.loss = loss;
      return this;
    }

    /** The Huber loss's δ (Keras' default 1); must be positive. */
    public Builder huberDelta(float delta) {
      this.huberDelta = delta;
      return this;
    }

    public Network build() {
      if (input <= 0) {
        throw new IllegalArgumentException("input size must be positive, found " + input);
      }
      if (units.isEmpty()) {
        throw new IllegalArgumentException("a network needs at least one dense layer");
      }
      int[] sizes = new int[units.size() + 1];
      sizes[0] = input;
      for (int l = 0; l < units.size(); l++) {
        if (units.get(l) <= 0) {
          throw new IllegalArgumentException("layer " + l + " must have positive units, found "
              + units.get(l));
        }
        sizes[l + 1] = units.get(l);
      }
      if (loss == null) {
        throw new IllegalArgumentException("a network needs a loss");
      }
      if (!(huberDelta > 0) || Float.isInfinite(huberDelta)) {
        throw new IllegalArgumentException("huber delta must be a positive finite number, found "
            + huberDelta);
      }
      int last = units.size() - 1;
      if (dropout.get(last) > 0) {
        throw new IllegalArgumentException("dropout " + dropout.get(last) + " after the output"
            + " layer " + last + "; dropout goes after hidden layers only");
      }
      float[] l2s = new float[units.size()];
      float[] rates = new float[units.size()];
      for (int l = 0; l < l2s.length; l++) {
        l2s[l] = l2.get(l);
        rates[l] = dropout.get(l);
      }
      return new Network(sizes, activations.toArray(new Activation[0]), loss, huberDelta, l2s,
          rates);
    }
  }
}
