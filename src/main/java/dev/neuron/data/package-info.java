/**
 * Readers that turn files on any Hadoop path ({@code file:}, {@code hdfs:}, {@code s3a:}) into
 * {@link dev.neuron.data.ExampleBlock}s: dense column-major blocks of features and targets, one
 * example per column, with no per-row objects. Every reader checks what it reads and reports the
 * file, record and field of the first thing that is wrong, as a {@link dev.neuron.data.DataException}.
 */
package dev.neuron.data;
