/**
 * The readers of the scoring jobs: IDX, Parquet (any Spark table), CSV and image folders on any
 * Hadoop path, opened on the driver from schemas and listings only ({@link
 * dev.neuron.read.ExampleSources}) and decoded by executors into reusable column-major
 * {@link dev.neuron.read.Chunk}s. How to read is one value, {@link dev.neuron.read.ReadSpec}; a
 * record that cannot be used fails the job naming file, record and field, or is skipped and
 * counted under its {@link dev.neuron.read.SkipReason}.
 */
package dev.neuron.read;
