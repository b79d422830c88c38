package dev.neuron.linalg;

import dev.ludovic.netlib.blas.BLAS;
import org.slf4j.LoggerFactory;

/**
 * Single-precision matrix products through netlib BLAS, column-major with offsets, so callers
 * never copy a slice to multiply it.
 *
 * <p>The implementation is chosen once per JVM: {@link NativeBlas#prepare()} points netlib at the
 * OpenBLAS that ships inside the application jar before netlib's BLAS class first loads; if that
 * fails, netlib falls back to {@code VectorBLAS} (JDK vector API) or plain Java.
 */
public final class Blas {
  private static final BLAS BLAS_INSTANCE = load();

  private Blas() {}

  private static BLAS load() {
    NativeBlas.prepare();
    BLAS blas = NativeBlas.PORTABLE.equals(System.getProperty(NativeBlas.MODE_PROPERTY))
        ? portable() : BLAS.getInstance();
    // Every JVM says once what it runs, so an executor's log shows whether it found OpenBLAS.
    LoggerFactory.getLogger(Blas.class).info("BLAS: {}{}", blas.getClass().getName(),
        nativeLibrary().isEmpty() ? "" : " on " + nativeLibrary());
    return blas;
  }

  private static final String PORTABLE_CLASS = "dev.ludovic.netlib.blas.Java11BLAS";

  /**
   * netlib's scalar Java BLAS: Java's float arithmetic (and {@code Math.fma}) is exactly
   * specified, so its bits do not depend on the CPU, unlike OpenBLAS's kernels or the JDK vector
   * API's lanes. netlib keeps the class package-private and hands out the vector one when it can,
   * hence the reflection.
   */
  public static BLAS portable() {
    try {
      java.lang.reflect.Method m = Class.forName(PORTABLE_CLASS).getDeclaredMethod("getInstance");
      m.setAccessible(true);
      return (BLAS) m.invoke(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("neuron.blas=portable: netlib's scalar Java BLAS ("
          + PORTABLE_CLASS + ") is not available: " + e, e);
    }
  }

  /** The netlib implementation class that runs here, e.g. {@code dev.ludovic.netlib.blas.JNIBLAS}. */
  public static String implementation() {
    return BLAS_INSTANCE.getClass().getName();
  }

  /**
   * The kernels that compute here, which decide the bits: for the bundled OpenBLAS its version
   * and kernel family (forced by {@code OPENBLAS_CORETYPE}, else chosen by the CPU: the CPU's
   * name and vector extensions are given), for Java BLAS whether it is the scalar one
   * ({@code -Dneuron.blas=portable}: the same bits on any CPU) or the JDK vector API (whose
   * width follows the CPU).
   */
  public static String kernel() {
    String impl = implementation();
    if (impl.equals(PORTABLE_CLASS)) {
      return "portable: netlib's scalar Java BLAS (Java11BLAS), the same bits on any CPU";
    }
    if (impl.endsWith("VectorBLAS")) {
      return "JDK vector API, vector width chosen by the CPU (" + Cpu.describe() + ")";
    }
    if (nativeLibrary().isEmpty()) {
      return impl + " (" + Cpu.describe() + ")";
    }
    java.util.regex.Matcher v = java.util.regex.Pattern.compile("openblas-([0-9.]+-[0-9.]+)")
        .matcher(nativeLibrary());
    String coretype = System.getenv("OPENBLAS_CORETYPE");
    return "OpenBLAS " + (v.find() ? v.group(1) : "(bundled)") + ", "
        + (coretype == null || coretype.isBlank() ? "kernels chosen by the CPU"
        : coretype + " kernels (OPENBLAS_CORETYPE)") + ", " + Cpu.describe();
  }

  /**
   * Where netlib's classes came from (a jar's URL). On a cluster whose Spark ships its own netlib,
   * that copy is loaded before the application jar's.
   */
  public static String netlibSource() {
    java.security.CodeSource src = BLAS.class.getProtectionDomain().getCodeSource();
    return src == null ? "" : src.getLocation().toString();
  }

  /** The native library netlib was pointed at (the bundled OpenBLAS), or empty. */
  public static String nativeLibrary() {
    return System.getProperty(NativeBlas.PATH_PROPERTY, "");
  }

  /**
   * {@code C = alpha·op(A)·op(B) + beta·C} with {@code op(A)} m×k, {@code op(B)} k×n, C m×n.
   *
   * @throws IllegalArgumentException when an operand's array is too short for its declared shape
   */
  public static void gemm(
      Op opA, Op opB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float beta, float[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    int aRows = opA == Op.N ? m : k;
    int aCols = opA == Op.N ? k : m;
    int bRows = opB == Op.N ? k : n;
    int bCols = opB == Op.N ? n : k;
    check("A", a, aOff, lda, aRows, aCols, m, n, k);
    check("B", b, bOff, ldb, bRows, bCols, m, n, k);
    check("C", c, cOff, ldc, m, n, m, n, k);
    if (k == 0) {
      scale(beta, c, cOff, ldc, m, n);
      return;
    }
    BLAS_INSTANCE.sgemm(opA.code(), opB.code(), m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
        beta, c, cOff, ldc);
  }

  private static void scale(float beta, float[] c, int off, int ld, int m, int n) {
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        c[off + j * ld + i] = beta == 0f ? 0f : beta * c[off + j * ld + i];
      }
    }
  }

  private static void check(String name, float[] x, int off, int ld, int rows, int cols,
      int m, int n, int k) {
    if (rows == 0 || cols == 0) {
      return;
    }
    long need = off + (long) ld * (cols - 1) + rows;
    if (off < 0 || ld < Math.max(1, rows) || need > x.length) {
      throw new IllegalArgumentException(String.format(
          "gemm(m=%d, n=%d, k=%d): %s is %dx%d at offset %d with leading dimension %d, "
              + "which needs %d elements, found an array of %d",
          m, n, k, name, rows, cols, off, ld, need, x.length));
    }
  }
}
