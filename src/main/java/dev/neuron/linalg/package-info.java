/**
 * The one place that touches BLAS. Matrices are column-major {@code float[]} blocks addressed by an
 * offset and a leading dimension; {@link dev.neuron.linalg.Blas} checks shapes once per call and
 * hides which netlib implementation (native OpenBLAS, the JDK vector API, or plain Java) runs.
 * {@link dev.neuron.linalg.Chunks} runs the driver's element-wise passes over flat arrays in
 * parallel ranges.
 */
package dev.neuron.linalg;
