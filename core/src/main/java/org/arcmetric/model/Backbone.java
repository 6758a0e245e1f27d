package org.arcmetric.model;

import ai.djl.basicmodelzoo.cv.classification.MobileNetV2;
import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.Optional;
import org.arcmetric.data.InputShape;
import org.arcmetric.options.Choices;

/**
 * The convolutional backbones, each mapping {@code (N, C, H, W)} images to {@code (N, F)} features.
 * They are assembled from the residual and inverted-residual units of DJL's model zoo ({@link
 * ResNetV1#residualUnit}, {@link MobileNetV2#makeStage}); only the stems differ from the zoo's
 * versions, so that small images are not downsampled away:
 *
 * <ul>
 *   <li>{@code resnet-small}: a 3×3 stem and three stages of two basic residual units with 32, 64
 *       and 128 filters (strides 1, 2, 2): about 0.6 M parameters, for 28–64 px images;
 *   <li>{@code resnet-small-s2}: the same with a stride-2 stem, so its first stage works at half
 *       the input's side: a quarter of the cost, for images above 64 px;
 *   <li>{@code convnet-small}: a plain (residual-free) network in the layout of Jordan 2024's
 *       airbench: a 3×3 stem of 24 filters, then three groups of two 3×3 convolutions with 64, 256
 *       and 256 filters, each group max-pooling by 2 after its first convolution, GELU activations:
 *       about 2 M parameters, for 28–64 px images; about the multiply-adds of {@code resnet-small}
 *       at 32 px, with most of its filters where the maps are small;
 *   <li>{@code resnet18}: basic units [2, 2, 2, 2] with 64–512 filters (He et al. 2016);
 *   <li>{@code resnet50}: bottleneck units [3, 4, 6, 3] with 256–2048 output filters;
 *   <li>{@code mobilenetv2}: the inverted-residual stages of Sandler et al. 2018 (width 1.0) and
 *       the 1280-filter last convolution.
 * </ul>
 *
 * For images of at most 64 px the ImageNet stems (7×7 stride-2 convolution and max-pool, or the
 * stride-2 first convolution of MobileNetV2) are replaced by a stride-1 3×3 convolution.
 */
public enum Backbone {
  RESNET_SMALL("resnet-small"),
  RESNET_SMALL_S2("resnet-small-s2"),
  CONVNET_SMALL("convnet-small"),
  RESNET18("resnet18"),
  RESNET50("resnet50"),
  MOBILENETV2("mobilenetv2");

  private static final float BN_MOMENTUM = 0.9f;
  private final String cliName;

  Backbone(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line and in {@code model.json}. */
  public String cliName() {
    return cliName;
  }

  /**
   * Whether the backbone may compute channels-last. Not for those with 1×1 convolutions of 256 or
   * more input channels on the smallest feature maps (resnet50's bottlenecks, resnet18's and
   * MobileNetV2's last stages): the oneDNN in PyTorch 2.7.1 divides by zero choosing its blocking
   * for some such channels-last convolutions (SIGFPE in {@code brg_blocking_t::est_eff_1x1}, e.g.
   * 256 → 1024 channels on a 2 × 2 map, in float32 as in bfloat16), which kills the process.
   */
  public boolean channelsLastSafe() {
    return this == RESNET_SMALL || this == RESNET_SMALL_S2 || this == CONVNET_SMALL;
  }

  /**
   * The default backbone for inputs of {@code shape}: up to {@value #SMALL_SIDE} px, {@code
   * convnet-small} for colour images and {@code resnet-small} for grey ones (both keep the full
   * resolution in their first layers, which the never-trained classes of the generated shapes
   * need); above, {@code resnet-small-s2} (its stride-2 stem makes a 96 px image cost what a 48 px
   * one does, where the others' cost grows with the square of the side). Chosen by accuracy on
   * held-out selection classes and training time: BENCHMARKS.md section 14, "Networks per input
   * size", and section 18 (colour images).
   */
  public static Backbone forInput(InputShape shape) {
    if (Math.min(shape.height(), shape.width()) > SMALL_SIDE) {
      return RESNET_SMALL_S2;
    }
    return shape.channels() == 3 ? CONVNET_SMALL : RESNET_SMALL;
  }

  /**
   * The largest side for which {@link #forInput} gives a full-resolution network ({@code
   * convnet-small} or {@code resnet-small}): {@value} px.
   */
  public static final int SMALL_SIDE = 64;

  /** The backbone named {@code name}; the message lists the valid names otherwise. */
  public static Backbone parse(String name) {
    return Choices.parse(Backbone.class, name, Backbone::cliName, "backbone");
  }

  /** The built-in backbone called {@code name}, if there is one. */
  public static Optional<Backbone> lookup(String name) {
    for (Backbone b : values()) {
      if (b.cliName().equals(name)) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /** A new, uninitialised block for images of {@code shape}; output {@code (N, F)}. */
  public Block build(InputShape shape) {
    boolean small = Math.min(shape.height(), shape.width()) <= 64;
    SequentialBlock net = new SequentialBlock();
    switch (this) {
      case RESNET_SMALL ->
          resnet(net, true, 32, new int[] {32, 64, 128}, new int[] {2, 2, 2}, false);
      case RESNET_SMALL_S2 -> {
        stem(net, 3, 2, 32, false);
        stages(net, 32, new int[] {32, 64, 128}, new int[] {2, 2, 2}, false);
      }
      case CONVNET_SMALL -> convnet(net, new int[] {64, 256, 256});
      case RESNET18 ->
          resnet(net, small, 64, new int[] {64, 128, 256, 512}, new int[] {2, 2, 2, 2}, false);
      case RESNET50 ->
          resnet(net, small, 64, new int[] {256, 512, 1024, 2048}, new int[] {3, 4, 6, 3}, true);
      case MOBILENETV2 -> mobilenetV2(net, small);
    }
    return net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
  }

  /** Convolution, BatchNorm and activation: the first layer of every backbone. */
  private static void stem(
      SequentialBlock net, int kernel, int stride, int filters, boolean relu6) {
    net.add(
            Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .setFilters(filters)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build())
        .add(BatchNorm.builder().optMomentum(BN_MOMENTUM).build())
        .add(relu6 ? Activation.relu6Block() : Activation.reluBlock());
  }

  /**
   * The plain groups of {@code convnet-small}: convolution, 2×2 max-pool, BatchNorm, GELU,
   * convolution, BatchNorm, GELU (the pooling before the normalisation, as airbench orders it).
   */
  private static void convnet(SequentialBlock net, int[] widths) {
    net.add(conv3x3(24)).add(BatchNorm.builder().optMomentum(BN_MOMENTUM).build());
    net.add(Activation.geluBlock());
    for (int width : widths) {
      net.add(conv3x3(width))
          .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
          .add(BatchNorm.builder().optMomentum(BN_MOMENTUM).build())
          .add(Activation.geluBlock())
          .add(conv3x3(width))
          .add(BatchNorm.builder().optMomentum(BN_MOMENTUM).build())
          .add(Activation.geluBlock());
    }
  }

  private static Conv2d conv3x3(int filters) {
    return Conv2d.builder()
        .setKernelShape(new Shape(3, 3))
        .setFilters(filters)
        .optPadding(new Shape(1, 1))
        .optBias(false)
        .build();
  }

  private static void resnet(
      SequentialBlock net,
      boolean small,
      int stemFilters,
      int[] filters,
      int[] units,
      boolean bottleneck) {
    if (small) {
      stem(net, 3, 1, stemFilters, false);
    } else {
      stem(net, 7, 2, stemFilters, false);
      net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    }
    stages(net, stemFilters, filters, units, bottleneck);
  }

  /** The residual stages: strides 1 then 2, {@code units[s]} units of {@code filters[s]}. */
  private static void stages(
      SequentialBlock net, int stemFilters, int[] filters, int[] units, boolean bottleneck) {
    int inChannels = stemFilters;
    for (int stage = 0; stage < filters.length; stage++) {
      Shape stride = stage == 0 ? new Shape(1, 1) : new Shape(2, 2);
      for (int u = 0; u < units[stage]; u++) {
        boolean first = u == 0;
        boolean dimMatch = !first || (inChannels == filters[stage] && stage == 0);
        net.add(
            ResNetV1.residualUnit(
                filters[stage],
                first ? stride : new Shape(1, 1),
                dimMatch,
                bottleneck,
                BN_MOMENTUM));
      }
      inChannels = filters[stage];
    }
  }

  private static void mobilenetV2(SequentialBlock net, boolean small) {
    // Sandler et al. 2018, Table 2: t (expansion), c (filters), n (repeat), s (stride).
    int[] t = {1, 6, 6, 6, 6, 6, 6};
    int[] c = {16, 24, 32, 64, 96, 160, 320};
    int[] n = {1, 2, 3, 4, 3, 3, 1};
    int[] s = small ? new int[] {1, 1, 2, 2, 1, 2, 1} : new int[] {1, 2, 2, 2, 1, 2, 1};
    stem(net, 3, small ? 1 : 2, 32, true);
    int in = 32;
    for (int i = 0; i < t.length; i++) {
      net.add(MobileNetV2.makeStage(n[i], in, c[i], s[i], t[i], BN_MOMENTUM));
      in = c[i];
    }
    net.add(
            Conv2d.builder()
                .setKernelShape(new Shape(1, 1))
                .setFilters(1280)
                .optBias(false)
                .build())
        .add(BatchNorm.builder().optMomentum(BN_MOMENTUM).build())
        .add(Activation.relu6Block());
  }
}
