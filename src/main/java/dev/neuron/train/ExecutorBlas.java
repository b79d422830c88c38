package dev.neuron.train;

import java.io.Serializable;

/**
 * Which BLAS one executor JVM runs: its Spark executor id ({@code driver} in local mode), host,
 * process id, the netlib implementation class, the jar netlib came from, the native library
 * it was pointed at (empty when none), and the kernels that decide the bits. A class, not a record: Kryo's unsafe field access cannot read record fields.
 */
public final class ExecutorBlas implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String executor;
  private final String host;
  private final long pid;
  private final String implementation;
  private final String netlibSource;
  private final String nativeLibrary;
  private final String kernel;

  ExecutorBlas(String executor, String host, long pid, String implementation,
      String netlibSource, String nativeLibrary, String kernel) {
    this.executor = executor;
    this.host = host;
    this.pid = pid;
    this.implementation = implementation;
    this.netlibSource = netlibSource;
    this.nativeLibrary = nativeLibrary;
    this.kernel = kernel;
  }

  /** The kernels computing there ({@link dev.neuron.linalg.Blas#kernel()}). */
  public String kernel() {
    return kernel;
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
