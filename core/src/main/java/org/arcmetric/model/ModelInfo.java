package org.arcmetric.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.arcmetric.compute.Precision;
import org.arcmetric.data.InputShape;
import org.arcmetric.data.Normalization;
import org.arcmetric.features.FeatureSpec;
import org.arcmetric.loss.LossConfig;

/**
 * The contents of a model folder's {@code model.json}: everything needed to rebuild and feed the
 * embedding network, what it was trained on and how, its final metrics, and the SHA-256 fingerprint
 * of its weights (galleries record it to refuse a different model).
 *
 * @param formatVersion version of this file's layout
 * @param backbone backbone name ({@link Backbone#cliName()})
 * @param embeddingDim d
 * @param input input shape (channels, height, width)
 * @param normalization input normalisation
 * @param classes the training classes, in head order
 * @param loss the training head and its hyper-parameters
 * @param training the recipe's records as the run resolved them, and what happened
 * @param metrics the measurements of the epoch that ships (the last, or the one {@code --keep-best}
 *     kept)
 * @param fingerprint {@code sha256:HEX} of the weights file
 * @param features what the embedder outputs (tap and CL2N centre); absent in folders written before
 *     feature taps, which mean {@link FeatureSpec#DEFAULT}
 * @param backboneFile for a TorchScript backbone, the file it started from (for the record: the
 *     weights file holds the module, so the folder does not need it); absent otherwise
 * @param compute how the backbone computed while it trained (for the record: the weights are
 *     float32 whatever it was, and embed in any mode); absent in folders written before it was
 *     recorded
 * @param contract {@code sha256:HEX} of the input contract ({@link #contractOf}): the backbone, the
 *     embedding size, the input shape and normalisation, the backbone file's hash; {@code readInfo}
 *     refuses a file whose contract no longer matches (an edit that would silently change every
 *     answer); absent in folders written before it was recorded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelInfo(
    int formatVersion,
    String backbone,
    int embeddingDim,
    InputShape input,
    Normalization normalization,
    List<String> classes,
    LossConfig loss,
    TrainingRecord training,
    EpochMetrics metrics,
    String fingerprint,
    FeatureSpec features,
    BackboneFile backboneFile,
    TrainedCompute compute,
    String contract) {

  /**
   * The layout written: 2 since the training options became composed records ({@link
   * TrainingRecord}); version 1 (one flat {@code training} object) is still read.
   */
  public static final int FORMAT_VERSION = 2;

  /** {@link #features()}, or {@link FeatureSpec#DEFAULT} when the file has none. */
  public FeatureSpec featureSpec() {
    return features == null ? FeatureSpec.DEFAULT : features;
  }

  /** A copy with another {@link #training()}. */
  public ModelInfo withTraining(TrainingRecord t) {
    return new ModelInfo(
        formatVersion,
        backbone,
        embeddingDim,
        input,
        normalization,
        classes,
        loss,
        t,
        metrics,
        fingerprint,
        features,
        backboneFile,
        compute,
        contract);
  }

  /** A copy with other {@link #features()}. */
  public ModelInfo withFeatures(FeatureSpec f) {
    return new ModelInfo(
        formatVersion,
        backbone,
        embeddingDim,
        input,
        normalization,
        classes,
        loss,
        training,
        metrics,
        fingerprint,
        f,
        backboneFile,
        compute,
        contract);
  }

  /**
   * The hash that {@link #contract()} records: of the fields that say how an image becomes the
   * network's input and what the network is, written one per line in a fixed order (floats as Java
   * writes them).
   */
  public static String contractOf(
      String backbone,
      int embeddingDim,
      InputShape input,
      Normalization normalization,
      BackboneFile backboneFile) {
    StringBuilder s = new StringBuilder();
    s.append("backbone=").append(backbone).append('\n');
    s.append("embedding_dim=").append(embeddingDim).append('\n');
    s.append("input=")
        .append(input.channels())
        .append('x')
        .append(input.height())
        .append('x')
        .append(input.width())
        .append('\n');
    s.append("mean=").append(Arrays.toString(normalization.mean())).append('\n');
    s.append("std=").append(Arrays.toString(normalization.std())).append('\n');
    s.append("backbone_file=").append(backboneFile == null ? "" : backboneFile.sha256());
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return "sha256:"
          + HexFormat.of().formatHex(md.digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** {@link #contractOf} of this file's own fields. */
  public String computedContract() {
    return contractOf(backbone, embeddingDim, input, normalization, backboneFile);
  }

  /**
   * The network specification stored in this file; a backbone in a file format of another module
   * ({@link BackboneRef.External}) is read from its copy in model folder {@code dir}.
   *
   * @throws IOException if that copy is missing or damaged, or no module serves its format
   */
  public ModelSpec spec(Path dir) throws IOException {
    if (!BackboneRef.TORCHSCRIPT.equals(backbone) && Backbone.lookup(backbone).isEmpty()) {
      BackboneFormat format =
          BackboneFormats.forName(backbone)
              .orElseThrow(
                  () ->
                      new IOException(
                          dir
                              + " holds a model with a "
                              + backbone
                              + " backbone, which needs the arcmetric-"
                              + backbone
                              + " module on the class path"));
      BackboneRef ref = format.inFolder(dir, backboneFile == null ? null : backboneFile.sha256());
      return new ModelSpec(ref, embeddingDim, input, normalization);
    }
    return spec();
  }

  /** The network specification stored in this file (a built-in or TorchScript backbone). */
  public ModelSpec spec() {
    BackboneRef ref;
    if (BackboneRef.TORCHSCRIPT.equals(backbone)) {
      ref = new BackboneRef.TorchScript(null, backboneFile == null ? null : backboneFile.sha256());
    } else {
      ref = new BackboneRef.BuiltIn(Backbone.parse(backbone));
    }
    return new ModelSpec(ref, embeddingDim, input, normalization);
  }

  /**
   * The TorchScript file a model started from.
   *
   * @param path the absolute path it was read from at training time
   * @param sha256 {@code sha256:HEX} of its bytes
   * @param features F, the length of its pooled output
   */
  public record BackboneFile(String path, String sha256, long features) {}

  /**
   * How the backbone computed in training.
   *
   * @param precision {@code fp32} or {@code bf16} ({@link Precision})
   * @param channelsLast whether its activations were channels-last
   * @param cpu the CPU it trained on, with its vector extensions
   */
  public record TrainedCompute(String precision, boolean channelsLast, String cpu) {}
}
