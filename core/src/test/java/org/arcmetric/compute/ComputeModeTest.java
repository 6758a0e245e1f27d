package org.arcmetric.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.arcmetric.options.InvalidOptionException;
import org.junit.jupiter.api.Test;

class ComputeModeTest {
  @Test
  void autoFollowsTheCpu() {
    Precision expected = CpuFeatures.detect().hasBf16() ? Precision.BF16 : Precision.FP32;
    assertThat(ComputeMode.resolve("auto")).isEqualTo(expected);
    assertThat(ComputeMode.resolve(null)).isEqualTo(expected);
  }

  @Test
  void aNamedPrecisionIsTakenAsItIs() {
    assertThat(ComputeMode.resolve("fp32")).isEqualTo(Precision.FP32);
    assertThat(ComputeMode.resolve(" BF16 ")).isEqualTo(Precision.BF16);
  }

  @Test
  void theSystemPropertyChoosesTheDefault() {
    String before = System.getProperty(ComputeMode.PRECISION_PROPERTY);
    try {
      System.setProperty(ComputeMode.PRECISION_PROPERTY, "fp32");
      assertThat(ComputeMode.defaults()).isEqualTo(new ComputeMode(Precision.FP32, true));
      System.setProperty(ComputeMode.PRECISION_PROPERTY, "bf16");
      assertThat(ComputeMode.defaults().precision()).isEqualTo(Precision.BF16);
    } finally {
      if (before == null) {
        System.clearProperty(ComputeMode.PRECISION_PROPERTY);
      } else {
        System.setProperty(ComputeMode.PRECISION_PROPERTY, before);
      }
    }
  }

  @Test
  void anUnknownPrecisionNamesTheFieldAndTheChoices() {
    assertThatThrownBy(() -> ComputeMode.resolve("fp16"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessage("unknown precision 'fp16': choose auto, fp32 or bf16");
  }

  @Test
  void describesItself() {
    assertThat(new ComputeMode(Precision.BF16, true).describe()).isEqualTo("bf16, channels-last");
    assertThat(ComputeMode.FP32_NCHW.describe()).isEqualTo("fp32, NCHW");
  }
}
