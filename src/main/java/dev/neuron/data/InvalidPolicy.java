package dev.neuron.data;

/** What a reader does with a record it cannot use. */
public enum InvalidPolicy {
  /** Fail the job with a {@link DataException} naming the file, record and field. */
  FAIL,
  /** Leave the record out and count it under its {@link SkipReason}. */
  SKIP
}
