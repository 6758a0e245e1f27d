package org.arcmetric.loss;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarginWarmupTest {
  @Test
  void marginWarmupRampsTheMarginLinearly() {
    ArcFaceHead head = new ArcFaceHead(2, 30f, 0.5f, false);
    MarginWarmup warmup = new MarginWarmup(head, 4, 0);
    assertThat(head.marginFactor()).isZero();
    warmup.onTrainingBatch(null, null);
    assertThat(head.marginFactor()).isEqualTo(0.25f);
    for (int i = 0; i < 10; i++) {
      warmup.onTrainingBatch(null, null);
    }
    assertThat(head.marginFactor()).isEqualTo(1f);
    // a resumed run starts where it stopped
    new MarginWarmup(head, 4, 2);
    assertThat(head.marginFactor()).isEqualTo(0.5f);
  }
}
