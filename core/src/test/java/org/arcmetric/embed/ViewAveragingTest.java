package org.arcmetric.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.arcmetric.data.InputShape;
import org.junit.jupiter.api.Test;

class ViewAveragingTest {
  final InputShape s = InputShape.square(1, 8);
  final byte[] px = new byte[64]; // value y·8 + x

  ViewAveragingTest() {
    for (int i = 0; i < 64; i++) {
      px[i] = (byte) i;
    }
  }

  private static int at(byte[] img, int y, int x) {
    return img[y * 8 + x];
  }

  @Test
  void shiftsRepeatTheBorderPixel() {
    byte[] right = ViewAveraging.shift(px, s, 1, 0);
    assertThat(at(right, 2, 0)).isEqualTo(16); // border repeated
    assertThat(at(right, 2, 1)).isEqualTo(16);
    assertThat(at(right, 2, 7)).isEqualTo(22);
    byte[] left = ViewAveraging.shift(px, s, -1, 0);
    assertThat(at(left, 2, 0)).isEqualTo(17);
    assertThat(at(left, 2, 7)).isEqualTo(23);
    byte[] down = ViewAveraging.shift(px, s, 0, 1);
    assertThat(at(down, 0, 3)).isEqualTo(3);
    assertThat(at(down, 1, 3)).isEqualTo(3);
    assertThat(at(down, 7, 3)).isEqualTo(51);
    byte[] up = ViewAveraging.shift(px, s, 0, -1);
    assertThat(at(up, 0, 3)).isEqualTo(11);
    assertThat(at(up, 7, 3)).isEqualTo(59);
  }

  @Test
  void flipMirrorsEachRowOfEachChannel() {
    byte[] f = ViewAveraging.flip(px, s);
    assertThat(at(f, 3, 0)).isEqualTo(31);
    assertThat(at(f, 3, 7)).isEqualTo(24);
    byte[] two = new byte[192];
    two[64] = 9; // channel 1, (0, 0)
    assertThat(ViewAveraging.flip(two, new InputShape(3, 8, 8))[64 + 7]).isEqualTo((byte) 9);
  }

  @Test
  void viewCountsAreOneFiveOrTen() {
    assertThat(ViewAveraging.views(px, s, 1)).hasSize(1).first().isSameAs(px);
    List<byte[]> five = ViewAveraging.views(px, s, 5);
    assertThat(five).hasSize(5);
    assertThat(five.get(1)).isEqualTo(ViewAveraging.shift(px, s, 1, 0)); // t = round(8/14) = 1
    List<byte[]> ten = ViewAveraging.views(px, s, 10);
    assertThat(ten).hasSize(10);
    assertThat(ten.get(5)).isEqualTo(ViewAveraging.flip(px, s));
    assertThat(ten.get(6)).isEqualTo(ViewAveraging.flip(five.get(1), s));
    assertThatThrownBy(() -> ViewAveraging.views(px, s, 3)).hasMessageContaining("views must be");
  }

  @Test
  void aShiftWithBlackEdgesFillsTheGapWithZeros() {
    InputShape s = new InputShape(1, 8, 8);
    byte[] px = new byte[64];
    for (int i = 0; i < 64; i++) {
      px[i] = (byte) (i + 1); // row y, column x holds 8y + x + 1
    }
    byte[] right = ViewAveraging.shift(px, s, 1, 0, false);
    assertThat(java.util.Arrays.copyOfRange(right, 8, 16))
        .containsExactly(0, 9, 10, 11, 12, 13, 14, 15);
    byte[] left = ViewAveraging.shift(px, s, -1, 0, false);
    assertThat(java.util.Arrays.copyOfRange(left, 8, 16))
        .containsExactly(10, 11, 12, 13, 14, 15, 16, 0);
    byte[] down = ViewAveraging.shift(px, s, 0, 1, false);
    assertThat(java.util.Arrays.copyOfRange(down, 0, 8)).containsOnly(0);
    assertThat(down[8 + 3]).isEqualTo((byte) 4);
    byte[] up = ViewAveraging.shift(px, s, 0, -1, false);
    assertThat(java.util.Arrays.copyOfRange(up, 56, 64)).containsOnly(0);
    assertThat(up[3]).isEqualTo((byte) 12);
    // the border-repeating shift of enrolment views, for contrast
    assertThat(ViewAveraging.shift(px, s, 1, 0)[8]).isEqualTo((byte) 9);
  }
}
