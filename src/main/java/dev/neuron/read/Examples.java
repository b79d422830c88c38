package dev.neuron.read;

import org.apache.spark.api.java.JavaRDD;

/**
 * A data set ready for scoring: its partitions (rows of a table, files, or IDX record ranges, never
 * decoded on the driver), the factory that turns a partition into chunks, the feature count, and
 * what identifies a record.
 */
public record Examples<T>(JavaRDD<T> partitions, ReaderFactory<T> readers, int inputs, ReadSpec.Ids ids,
    String description) {}
