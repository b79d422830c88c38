/**
 * Scoring with the training kernels: {@link dev.neuron.eval.BlockScorer} runs the forward pass over
 * blocks in plain Java, {@link dev.neuron.eval.Metrics} is a mergeable summary (loss, accuracy,
 * top-k, confusion matrix), and {@link dev.neuron.eval.SparkEvaluator} merges them across
 * partitions with the model broadcast once.
 */
package dev.neuron.eval;
