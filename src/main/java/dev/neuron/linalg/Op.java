package dev.neuron.linalg;

/** Whether a GEMM operand is used as stored ({@code N}) or transposed ({@code T}). */
public enum Op {
  N,
  T;

  String code() {
    return name();
  }
}
