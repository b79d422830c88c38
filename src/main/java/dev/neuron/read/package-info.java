/**
 * Every path from a source to example blocks, for training and scoring alike: IDX, Parquet (any
 * Spark table), CSV and image folders on any Hadoop path. Scoring and most training input go
 * through one reader per format: opened on the driver from schemas and listings only ({@link
 * dev.neuron.read.ExampleSources}), decoded by executors into reusable column-major {@link
 * dev.neuron.read.Chunk}s; training gathers those into cached blocks ({@link
 * dev.neuron.read.DecodedBlocks}). IDX files ({@link dev.neuron.read.IdxDataset}, one record
 * decoding for both paths) are also read by range straight into blocks ({@link
 * dev.neuron.read.IdxBlocks}); table rows with real targets, class indices or sample weights are
 * converted by {@link dev.neuron.read.TableTargets} and {@link dev.neuron.read.RowBlocks}, the same
 * conversion the Spark ML stages use. How to read is one value, {@link dev.neuron.read.ReadSpec};
 * a record that cannot be used fails the job naming file, record and field, or is skipped and
 * counted under its {@link dev.neuron.read.SkipReason}. Also here: the identity of the data files
 * a checkpoint records ({@link dev.neuron.read.DataIdentity}) and the writer of large benchmark
 * image sets in each of these layouts ({@link dev.neuron.read.ImageSets}).
 */
package dev.neuron.read;
