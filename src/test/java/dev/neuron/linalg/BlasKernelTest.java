package dev.neuron.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ludovic.netlib.blas.BLAS;
import org.junit.jupiter.api.Test;

/**
 * The kernels that decide the bits are named, not only the netlib class: the bundled OpenBLAS's
 * version and kernel family (given by OPENBLAS_CORETYPE, or chosen by the CPU, whose name and
 * vector extensions follow). The portable mode is netlib's scalar Java BLAS and computes a product
 * as plain Java arithmetic does.
 */
class BlasKernelTest {
  @Test
  void theKernelFamilyIsNamed() {
    String kernel = Blas.kernel();
    String coretype = System.getenv("OPENBLAS_CORETYPE");
    assertTrue(kernel.startsWith("OpenBLAS 0.3."), kernel);
    assertTrue(kernel.contains(coretype == null || coretype.isBlank()
        ? "kernels chosen by the CPU" : coretype + " kernels (OPENBLAS_CORETYPE)"), kernel);
    assertTrue(kernel.contains("CPU "), kernel);
  }

  @Test
  void thePortableBlasIsScalarJava() {
    BLAS portable = Blas.portable();
    assertEquals("dev.ludovic.netlib.blas.Java11BLAS", portable.getClass().getName());
    // 1×3 · 3×1 with values whose sum rounds differently in other orders.
    float[] a = {1e8f, 1f, -1e8f};
    float[] b = {1f, 1f, 1f};
    float[] c = new float[1];
    portable.sgemm("N", "N", 1, 1, 3, 1f, a, 0, 1, b, 0, 3, 0f, c, 0, 1);
    assertArrayEquals(new float[] {(1e8f + 1f) + -1e8f}, c);
  }
}
