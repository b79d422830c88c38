/**
 * What a dense network is and how it computes, in plain Java with no Spark: the immutable
 * {@link dev.neuron.nn.Network} topology and its offset table into one flat {@code float[]} of
 * parameters, activations, losses, initializers, and the forward/backward kernels over column-major
 * blocks of examples (one example per column), each matrix product one {@code sgemm}.
 */
package dev.neuron.nn;
