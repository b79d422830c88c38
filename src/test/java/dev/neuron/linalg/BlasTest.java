package dev.neuron.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BlasTest {
  // A = [1 2 3; 4 5 6] (2×3), column-major: 1 4 2 5 3 6.
  private static final float[] A = {1, 4, 2, 5, 3, 6};

  @Test
  void multipliesWithEveryTransposeAndOffset() {
    // B = [1 0; 0 1; 1 1] (3×2) column-major, stored after two padding values.
    float[] b = {9, 9, 1, 0, 1, 0, 1, 1};
    float[] c = new float[4];
    Blas.gemm(Op.N, Op.N, 2, 2, 3, 1f, A, 0, 2, b, 2, 3, 0f, c, 0, 2);
    // A·B = [1+3, 2+3; 4+6, 5+6] = [4 5; 10 11]
    assertArrayEquals(new float[] {4, 10, 5, 11}, c);

    // Aᵀ·A (3×3) = [17 22 27; 22 29 36; 27 36 45]
    float[] ata = new float[9];
    Blas.gemm(Op.T, Op.N, 3, 3, 2, 1f, A, 0, 2, A, 0, 2, 0f, ata, 0, 3);
    assertArrayEquals(new float[] {17, 22, 27, 22, 29, 36, 27, 36, 45}, ata);

    // A·Aᵀ (2×2) = [14 32; 32 77], accumulated onto C = 1 with alpha 2, beta 1.
    float[] aat = {1, 1, 1, 1};
    Blas.gemm(Op.N, Op.T, 2, 2, 3, 2f, A, 0, 2, A, 0, 2, 1f, aat, 0, 2);
    assertArrayEquals(new float[] {29, 65, 65, 155}, aat);
  }

  @Test
  void rejectsShortOperandsNamingBothShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Blas.gemm(Op.N, Op.N, 2, 2, 3, 1f, A, 0, 2, new float[5], 0, 3, 0f, new float[4], 0,
            2));
    assertTrue(e.getMessage().contains("B is 3x2") && e.getMessage().contains("found an array of 5"),
        e.getMessage());
  }

  @Test
  void namesTheImplementation() {
    assertTrue(Blas.implementation().startsWith("dev.ludovic.netlib.blas."),
        Blas.implementation());
  }
}
