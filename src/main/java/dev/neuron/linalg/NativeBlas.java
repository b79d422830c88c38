package dev.neuron.linalg;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points netlib at the OpenBLAS library shipped in the {@code org.bytedeco:openblas} jar, so every
 * JVM (driver or executor) gets native speed from Maven artifacts alone, with no system package.
 *
 * <p>netlib reads {@value #PATH_PROPERTY} once, when its native class loads, so this must run
 * before the first {@code BLAS.getInstance()}. OpenBLAS should run single-threaded
 * ({@code OPENBLAS_NUM_THREADS=1}, read from the environment when the library loads): Spark's
 * task threads already occupy the cores, and two spinning thread pools on them are many times
 * slower.
 * Set {@code -Dneuron.blas=java} to skip the native library (netlib then picks its fastest Java
 * BLAS), or {@code -Dneuron.blas=portable} for netlib's scalar Java BLAS, whose bits do not
 * depend on the CPU.
 */
final class NativeBlas {
  static final String PATH_PROPERTY = "dev.ludovic.netlib.blas.nativeLibPath";
  static final String MODE_PROPERTY = "neuron.blas";
  static final String PORTABLE = "portable";
  private static final Logger LOG = LoggerFactory.getLogger(NativeBlas.class);
  private static boolean prepared;

  private NativeBlas() {}

  static synchronized void prepare() {
    if (prepared) {
      return;
    }
    prepared = true;
    String mode = System.getProperty(MODE_PROPERTY, "");
    if (mode.equals("java") || mode.equals(PORTABLE) || System.getProperty(PATH_PROPERTY) != null) {
      return;
    }
    try {
      Class<?> lib = Class.forName("org.bytedeco.openblas.global.openblas_nolapack");
      org.bytedeco.javacpp.Loader.load(lib);
      String path = org.bytedeco.javacpp.Loader.getLoadedLibraries().get("openblas_nolapack@.0");
      if (path == null) {
        LOG.warn("bytedeco OpenBLAS loaded but its file was not found; netlib picks its own BLAS");
        return;
      }
      if (!"1".equals(System.getenv("OPENBLAS_NUM_THREADS"))) {
        LOG.warn("OPENBLAS_NUM_THREADS is not 1 in this JVM's environment: OpenBLAS threads will"
            + " compete with Spark's task threads (the jobs/ scripts and conf/ set it)");
      }
      System.setProperty(PATH_PROPERTY, path);
    } catch (Throwable e) {
      LOG.warn("bundled OpenBLAS could not be loaded ({}); netlib falls back to a system"
          + " libblas.so.3, the JDK vector API or plain Java", e.toString());
    }
  }
}
