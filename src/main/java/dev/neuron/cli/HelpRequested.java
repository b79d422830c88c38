package dev.neuron.cli;

/** {@code --help} or {@code -h} on a command line: its usage goes to standard output, exit 0. */
public final class HelpRequested extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private HelpRequested(String usage) {
    super(usage, null, false, false);
  }

  /** Throws if {@code argv} asks for help; parsers call it before reading any option. */
  public static void check(String[] argv, String usage) {
    for (String a : argv) {
      if (a.equals("--help") || a.equals("-h")) {
        throw new HelpRequested(usage);
      }
    }
  }
}
