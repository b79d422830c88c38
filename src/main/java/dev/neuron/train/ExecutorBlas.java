package dev.neuron.train;

import java.io.Serializable;

/**
 * Which BLAS one executor JVM runs: its Spark executor id ({@code driver} in local mode), host,
 * process id, the netlib implementation class, the jar netlib came from, and the native library
 * it was pointed at (empty when none). A class, not a record: Kryo's unsafe field access cannot read record fields.
 */
public final class ExecutorBlas implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String executor;
  private final String host;
  private final long pid;
  private final String implementation;
  private final String netlibSource;
  private final String nativeLibrary;

  ExecutorBlas(String executor, String host, long pid, String implementation,
      String netlibSource, String nativeLibrary) {
    this.executor = executor;
    this.host = host;
    this.pid = pid;
    this.implementation = implementation;
    this.netlibSource = netlibSource;
    this.nativeLibrary = nativeLibrary;
  }

  public String executor() {
    return executor;
  }

  public String host() {
    return host;
  }

  public long pid() {
    return pid;
  }

  public String implementation() {
    return implementation;
  }

  public String netlibSource() {
    return netlibSource;
  }

  public String nativeLibrary() {
    return nativeLibrary;
  }
}
