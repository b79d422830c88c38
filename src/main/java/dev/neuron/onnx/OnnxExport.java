package dev.neuron.onnx;

import dev.neuron.nn.Activation;
import dev.neuron.nn.Network;

/**
 * A network as an ONNX model (IR version {@value #IR_VERSION}, default-domain opset
 * {@value #OPSET}): input {@value #INPUT} {@code [N, inputs]} float, output {@value #OUTPUT}
 * {@code [N, outputs]} float, and per dense layer {@code l}
 *
 * <pre>
 *   z_l = Gemm(a_{l−1}, W_l, b_l)     a_{l−1}: [N, fanIn], W_l: [fanIn, units], b_l: [units]
 *   a_l = Relu | Tanh | Sigmoid | Softmax(axis 1) (z_l)     (linear: a_l = z_l, no node)
 * </pre>
 *
 * Neuron stores {@code W_l} column-major as {@code units × fanIn}; read row-major, the same bytes
 * are the {@code fanIn × units} matrix {@code W_lᵀ}, which is exactly Gemm's {@code B} for
 * row-per-example activations, so the weights are written as they are, with {@code transB = 0}.
 */
public final class OnnxExport {
  static final int IR_VERSION = 7;
  static final int OPSET = 13;
  public static final String INPUT = "input";
  public static final String OUTPUT = "output";
  private static final int FLOAT = 1;
  private static final int ATTR_INT = 2;

  private OnnxExport() {}

  /** The serialized {@code ModelProto}. */
  public static byte[] toBytes(Network net, float[] params, String producerVersion) {
    if (params.length != net.paramCount()) {
      throw new IllegalArgumentException("network " + net.describe() + " needs "
          + net.paramCount() + " parameters, found " + params.length);
    }
    Protobuf graph = new Protobuf().string(2, "neuron");
    String in = INPUT;
    for (int l = 0; l < net.layers(); l++) {
      boolean last = l == net.layers() - 1;
      Activation act = net.activation(l);
      String w = "W" + l;
      String b = "b" + l;
      graph.message(5, tensor(w, params, net.weightOffset(l), net.fanIn(l), net.units(l)));
      graph.message(5, tensor(b, params, net.biasOffset(l), net.units(l)));
      String z = last && act == Activation.LINEAR ? OUTPUT : "z" + l;
      graph.message(1, node("Gemm", "dense" + l, z, in, w, b));
      if (act == Activation.LINEAR) {
        in = z;
        continue;
      }
      String a = last ? OUTPUT : "a" + l;
      Protobuf n = node(opType(act), act.key() + l, a, z);
      if (act == Activation.SOFTMAX) {
        n.message(5, new Protobuf().string(1, "axis").int64(3, 1).int64(20, ATTR_INT));
      }
      graph.message(1, n);
      in = a;
    }
    graph.message(11, valueInfo(INPUT, net.inputSize()));
    graph.message(12, valueInfo(OUTPUT, net.outputSize()));
    return new Protobuf().int64(1, IR_VERSION).string(2, "neuron").string(3, producerVersion)
        .string(6, net.describe()).message(7, graph)
        .message(8, new Protobuf().string(1, "").int64(2, OPSET)).toByteArray();
  }

  static String opType(Activation a) {
    return switch (a) {
      case LINEAR -> "Identity";
      case RELU -> "Relu";
      case TANH -> "Tanh";
      case SIGMOID -> "Sigmoid";
      case SOFTMAX -> "Softmax";
    };
  }

  private static Protobuf node(String op, String name, String output, String... inputs) {
    Protobuf n = new Protobuf();
    for (String i : inputs) {
      n.string(1, i);
    }
    return n.string(2, output).string(3, name).string(4, op);
  }

  /** A float tensor of {@code dims} (row-major) holding {@code params[off …]}. */
  private static Protobuf tensor(String name, float[] params, int off, int... dims) {
    int n = 1;
    Protobuf t = new Protobuf();
    for (int d : dims) {
      t.int64(1, d);
      n *= d;
    }
    return t.int64(2, FLOAT).string(8, name).bytes(9, Protobuf.littleEndian(params, off, n));
  }

  /** {@code name: float[N, width]} with a symbolic batch dimension. */
  private static Protobuf valueInfo(String name, int width) {
    Protobuf shape = new Protobuf()
        .message(1, new Protobuf().string(2, "N"))
        .message(1, new Protobuf().int64(1, width));
    Protobuf tensorType = new Protobuf().int64(1, FLOAT).message(2, shape);
    return new Protobuf().string(1, name).message(2, new Protobuf().message(1, tensorType));
  }
}
