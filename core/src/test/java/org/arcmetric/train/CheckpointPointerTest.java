package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.arcmetric.data.Normalization;
import org.arcmetric.model.ModelFolder;
import org.junit.jupiter.api.Test;

class CheckpointPointerTest {
  static RunIdentity run(boolean rotation) {
    return new RunIdentity(
        "resnet-small",
        16,
        List.of(1, 28, 28),
        "softmax",
        List.of("a", "b"),
        List.of(),
        rotation,
        false);
  }

  @Test
  void aPointerRoundTripsThroughItsJsonAndItsIdentityIsTheResumeCheck() throws Exception {
    Normalization n = new Normalization(new float[] {0.25f}, new float[] {0.5f});
    CheckpointPointer p = CheckpointPointer.of(run(false), n).at(3, "epoch-003");
    String json = ModelFolder.JSON.writeValueAsString(p);
    assertThat(json).contains("\"embedding_dim\"", "\"held_out_classes\"", "\"normalization_std\"");
    CheckpointPointer back = ModelFolder.JSON.readValue(json, CheckpointPointer.class);
    assertThat(back).isEqualTo(p);
    assertThat(back.identity()).isEqualTo(run(false));
    assertThat(back.normalization().mean()).containsExactly(0.25f);
    assertThat(back.epoch()).isEqualTo(3);
    assertThat(back.path()).isEqualTo("epoch-003");
    assertThat(back.identity()).isNotEqualTo(run(true));
    assertThat(back.identity().differencesFrom(run(true)))
        .containsExactly("rotation_labels = false but this run has true");
  }

  @Test
  void aPointerWrittenBeforeRotationLabelsMeansWithout() throws Exception {
    String old =
        "{\"backbone\":\"resnet-small\",\"embedding_dim\":16,\"input\":[1,28,28],"
            + "\"loss\":\"softmax\",\"classes\":[\"a\",\"b\"],\"held_out_classes\":[],"
            + "\"normalization_mean\":[0.25],\"normalization_std\":[0.5],"
            + "\"epoch\":1,\"path\":\"epoch-001\"}";
    CheckpointPointer p = ModelFolder.JSON.readValue(old, CheckpointPointer.class);
    assertThat(p.identity()).isEqualTo(run(false));
    RunIdentity otherClasses =
        new RunIdentity(
            "resnet-small",
            16,
            List.of(1, 28, 28),
            "softmax",
            List.of("a", "c"),
            List.of(),
            false,
            false);
    assertThat(p.identity().differencesFrom(otherClasses))
        .containsExactly("classes = [a, b] but this run has [a, c]");
  }
}
