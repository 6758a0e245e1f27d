package org.arcmetric.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.options.DataException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** A class too small to validate is said before the run starts, not found in a NaN afterwards. */
class RunPlanWarningsTest {
  private static ImageSet images(int... perClass) {
    InputShape shape = InputShape.square(1, 8);
    List<String> labels = new ArrayList<>();
    List<byte[]> pixels = new ArrayList<>();
    for (int c = 0; c < perClass.length; c++) {
      for (int i = 0; i < perClass[c]; i++) {
        labels.add("c" + c);
        pixels.add(new byte[shape.values()]);
      }
    }
    return new ImageSet(shape, labels, labels, pixels);
  }

  private static TrainConfig config(double valFraction) {
    return TrainConfig.builder()
        .setInputShape(InputShape.square(1, 8))
        .optValFraction(valFraction)
        .build();
  }

  @Test
  void classesOfOneImageEachAreNeverValidatedAndTheUserIsTold() {
    RunPlan plan = RunPlan.of(images(1, 1, 1, 1, 1), config(0.1));
    assertThat(plan.validation().size()).isZero();
    assertThat(plan.warnings()).singleElement().asString().contains("no class", "{keepBest}");

    RunPlan some = RunPlan.of(images(5, 5, 1, 1), config(0.1));
    assertThat(some.validation().size()).isEqualTo(2);
    assertThat(some.warnings())
        .singleElement()
        .asString()
        .contains("2 of 4 classes have a single image (c2, c3)");
  }

  @Test
  void noWarningWhenEveryClassIsValidatedOrValidationIsOff() {
    assertThat(RunPlan.of(images(5, 5, 2), config(0.1)).warnings()).isEmpty();
    assertThat(RunPlan.of(images(1, 1, 1), config(0)).warnings()).isEmpty();
  }

  @Test
  void oneClassIsRefusedNamingIt() {
    Assertions.assertThatThrownBy(() -> RunPlan.of(images(5), config(0.1)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("1 class (c0)")
        .hasMessageContaining("at least 2");
  }
}
