/**
 * Training input: IDX files read into {@link dev.neuron.data.ExampleBlock}s (dense column-major
 * blocks of features and one-hot targets, one example per column, no per-row objects), the Hadoop
 * configuration that travels to executors, and the generator of large benchmark image sets. Readers
 * report the file, record and field of the first thing that is wrong as a
 * {@link dev.neuron.data.DataException}.
 */
package dev.neuron.data;
