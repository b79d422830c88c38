package dev.neuron.data;

/** Input data that cannot be used; the message names the file, record and field. */
public class DataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code "<file>: record <n>, field <field>: <problem>"}. */
  public static DataException at(String file, long record, String field, String problem) {
    return new DataException(file + ": record " + record + ", field " + field + ": " + problem);
  }
}
