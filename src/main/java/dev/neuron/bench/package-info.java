/**
 * Benchmarks that print numbers (never timed tests): {@link dev.neuron.bench.EvalBenchmark} scores a
 * generated image set with Neuron's evaluation path or with Spark MLlib's multilayer perceptron,
 * one measurement per JVM so heap peaks belong to one input size. Run through
 * {@code jobs/bench-eval.sh}.
 */
package dev.neuron.bench;
