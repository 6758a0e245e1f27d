package org.arcmetric.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.util.Pair;
import java.util.Arrays;
import org.arcmetric.model.Backbone;

/**
 * Identity ("Dirac") initialisation of a plain network's convolutions after the first, as airbench
 * starts its network (Jordan 2024, "94% on CIFAR-10 in 3.29 seconds on a single GPU"): in a
 * convolution with weights {@code W[o, i, y, x]} of I input channels and a k × k kernel (k odd),
 * filter {@code o < I} becomes {@code W[o, i, y, x] = δ(o, i)·δ(y, k/2)·δ(x, k/2)}, so it passes
 * input channel o through unchanged (an implicit residual connection in a network that has none);
 * filters {@code o ≥ I} keep their random start. Applied once, before the first step of a fresh
 * run, after {@link StemWhitening}; the default of {@code convnet-small} ({@code
 * TrainConfig#diracInitByDefault}; {@code -X dirac-init=false} turns it off). Stateless; the static
 * methods are thread-safe, but {@link #apply} writes the block's parameters.
 */
public final class DiracInit {
  private DiracInit() {}

  /**
   * Whether {@code backbone} is a plain network whose convolutions are direct children of its
   * block, the layout {@link #apply} rewrites: {@code convnet-small}.
   */
  public static boolean applies(Backbone backbone) {
    return backbone == Backbone.CONVNET_SMALL;
  }

  /**
   * Sets the identity start on every square, odd-kernel convolution among {@code backbone}'s direct
   * children but the first (the stem, which {@link StemWhitening} or the random start owns). The
   * parameters must be initialised.
   *
   * @return how many convolutions were changed
   */
  public static int apply(Block backbone) {
    int changed = 0;
    boolean first = true;
    for (Pair<String, Block> child : backbone.getChildren()) {
      if (!(child.getValue() instanceof Conv2d conv)) {
        continue;
      }
      if (first) {
        first = false;
        continue;
      }
      for (Pair<String, Parameter> p : conv.getParameters()) {
        if (p.getValue().getType() == Parameter.Type.WEIGHT && identity(p.getValue().getArray())) {
          changed++;
        }
      }
    }
    return changed;
  }

  /** Writes the identity start into a (O, I, k, k) weight; false (unchanged) for other shapes. */
  static boolean identity(NDArray w) {
    long[] s = w.getShape().getShape();
    if (s.length != 4 || s[2] != s[3] || s[2] % 2 == 0) {
      return false;
    }
    int out = (int) s[0];
    int in = (int) s[1];
    int k = (int) s[2];
    float[] all = WeightValues.read(w);
    int per = in * k * k;
    for (int o = 0; o < Math.min(out, in); o++) {
      Arrays.fill(all, o * per, (o + 1) * per, 0f);
      all[o * per + o * k * k + (k / 2) * k + k / 2] = 1f;
    }
    WeightValues.overwrite(w, all);
    return true;
  }
}
