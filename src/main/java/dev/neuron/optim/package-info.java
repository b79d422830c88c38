/**
 * Update rules. An {@link dev.neuron.optim.Optimizer} is a value holding hyper-parameters only;
 * its {@link dev.neuron.optim.OptimizerState} holds the step count and flat {@code float[]} slots
 * with the parameters' layout. Contract: {@code newState(n)}, then {@code step(w, g, state,
 * tensors)} once per minibatch with the mean gradient {@code g}; {@link dev.neuron.optim.Tensors}
 * name each layer's weights and bias, over which the layer-wise rules
 * ({@link dev.neuron.optim.Lars}, {@link dev.neuron.optim.Lamb}) take their trust ratios. Each
 * rule declares its hyper-parameters once ({@link dev.neuron.optim.Setting}: key, range, default,
 * meaning) and is listed in {@link dev.neuron.optim.UpdateRule}; configuration keys and Spark ML
 * params derive from those.
 */
package dev.neuron.optim;
