package org.arcmetric.compute;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class DtypeCastTest {
  @Test
  void roundsToBfloat16AndBack() {
    try (NDManager m = NDManager.newBaseManager()) {
      // 1 + 2^-8 is not a bfloat16 (8 significant bits): it rounds to even, 1; 1 + 2^-7 is one
      float[] x = {1f, 1f + 1f / 256, 1f + 1f / 128, -3.5f, 1e-3f};
      NDArray b = DtypeCast.toBf16(m.create(x));
      assertThat(b.getDataType()).isEqualTo(DataType.UNKNOWN);
      NDArray back = DtypeCast.toFloat32(b);
      assertThat(back.getDataType()).isEqualTo(DataType.FLOAT32);
      float[] y = back.toFloatArray();
      assertThat(y[0]).isEqualTo(1f);
      assertThat(y[1]).isEqualTo(1f);
      assertThat(y[2]).isEqualTo(1f + 1f / 128);
      assertThat(y[3]).isEqualTo(-3.5f);
      // 1e-3 = 0x3A83126F; bfloat16 keeps the top 16 bits, rounded: 0x3A83 → 0.00099945068...
      assertThat(y[4]).isEqualTo(Float.intBitsToFloat(0x3A830000));
      // casting a float32 array to float32 is the array itself
      assertThat(DtypeCast.toFloat32(back)).isSameAs(back);
      assertThat(DtypeCast.toBf16(b)).isSameAs(b);
    }
  }

  @Test
  void theGradientPassesThroughBothCastsInFloat32() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {0.5f, -2f, 3f}, new Shape(3));
      w.setRequiresGradient(true);
      NDArray c = m.create(new float[] {1f, 4f, -0.25f});
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        // d/dw Σ c·w = c, computed through a bfloat16 copy of w and back
        NDArray y = DtypeCast.toFloat32(DtypeCast.toBf16(w)).mul(c).sum();
        gc.backward(y);
      }
      NDArray g = w.getGradient();
      assertThat(g.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(g.toFloatArray()).containsExactly(1f, 4f, -0.25f);
    }
  }
}
