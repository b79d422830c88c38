/**
 * Synchronous data-parallel training on Spark. Every step the driver broadcasts the weights, each
 * partition sums the gradient over its share of the step's global minibatch
 * ({@link dev.neuron.train.StepFunction}), the driver adds the partitions' sums in partition order,
 * divides once by the true example count and applies the optimizer
 * ({@link dev.neuron.train.SparkTrainer}). Which examples form a step is fixed by the seed alone
 * ({@link dev.neuron.train.EpochOrder}), never by how the data is partitioned.
 */
package dev.neuron.train;
