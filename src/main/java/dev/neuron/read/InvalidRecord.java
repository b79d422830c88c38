package dev.neuron.read;

import dev.neuron.data.DataException;
/**
 * Thrown by a {@link RowDecoder} for a record it cannot use; the reader turns it into a skip or a
 * {@link DataException} that adds the file and record. Carries no stack trace: under
 * {@link ReadSpec.Invalid#SKIP} it is control flow, and the reader's exception says where.
 */
public final class InvalidRecord extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final SkipReason reason;
  private final String field;

  public InvalidRecord(SkipReason reason, String field, String problem) {
    super(problem, null, false, false);
    this.reason = reason;
    this.field = field;
  }

  public SkipReason reason() {
    return reason;
  }

  public String field() {
    return field;
  }
}
