package dev.neuron.cli;

import dev.neuron.data.DataException;
import dev.neuron.io.FormatException;
import dev.neuron.train.DivergenceException;

/** Every main's mapping of a failure to its exit code, after printing what the user must see. */
public final class ExitCode {
  static final int FAILED = 1;
  static final int BAD_INPUT = 2;
  static final int DIVERGED = 3;

  private ExitCode() {}

  /**
   * 0 after printing the usage that {@code --help} asked for; 2 for bad configuration or input, 3
   * for a diverged run, 1 for anything else (with its stack trace). Spark wraps what an executor
   * threw (a bad record read by a task) in its own exception, so the cause chain is searched for
   * the first failure that says what the user got wrong.
   */
  public static int of(Throwable e) {
    if (e instanceof HelpRequested) {
      System.out.println(e.getMessage());
      return 0;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DataException || t instanceof FormatException
          || t instanceof ConfigException || t instanceof IllegalArgumentException) {
        System.err.println("error: " + t.getMessage());
        return BAD_INPUT;
      }
      if (t instanceof DivergenceException) {
        System.err.println("error: " + t.getMessage());
        return DIVERGED;
      }
    }
    System.err.println("error: " + e);
    e.printStackTrace(System.err);
    return FAILED;
  }
}
