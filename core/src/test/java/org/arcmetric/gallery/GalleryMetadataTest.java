package org.arcmetric.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GalleryMetadataTest {
  static final String P = "g";

  static Calibration calibration() {
    return new Calibration(
        "far",
        0.01,
        "centroid",
        5,
        0.61,
        Map.of("a", 0.7),
        new double[] {0.1, 0.5},
        2,
        3,
        10,
        2,
        null);
  }

  @Test
  void encodeThenDecodeGivesTheSameMetadataWithAndWithoutCalibration() throws Exception {
    GalleryMetadata m = GalleryMetadata.of("sha256:ab", 16, new HnswOptions(8, 50, true));
    Map<String, String> encoded = m.encode();
    assertThat(encoded)
        .containsEntry("arcmetric.format", "1")
        .containsEntry("arcmetric.dimension", "16")
        .containsEntry("arcmetric.model_fingerprint", "sha256:ab")
        .containsEntry("arcmetric.hnsw", "m=8;beam=50;int8=true")
        .doesNotContainKey("arcmetric.calibration");
    assertThat(GalleryMetadata.decode(P, encoded)).isEqualTo(m);

    GalleryMetadata c = m.withCalibration(calibration());
    GalleryMetadata back = GalleryMetadata.decode(P, c.encode());
    assertThat(back.withCalibration(null)).isEqualTo(m);
    assertThat(back.calibration().global()).isEqualTo(0.61);
    assertThat(back.calibration().perClass()).containsEntry("a", 0.7);
    assertThat(back.calibration().impostorScores()).containsExactly(0.1, 0.5);
  }

  @Test
  void aCalibrationWrittenBeforeKnnPriorsReadsAsThePlainVote() throws Exception {
    Calibration knn =
        new Calibration(
            "far", 0.01, "knn", 3, 0.6, Map.of(), new double[] {0.2}, 1, 3, 10, 2, "uniform");
    GalleryMetadata m = GalleryMetadata.of("fp", 4, HnswOptions.DEFAULT).withCalibration(knn);
    Map<String, String> encoded = m.encode();
    assertThat(GalleryMetadata.decode(P, encoded).calibration().prior())
        .isEqualTo(ClassPrior.UNIFORM);
    String json = encoded.get("arcmetric.calibration");
    var mapper = new ObjectMapper();
    var tree = (ObjectNode) mapper.readTree(json);
    assertThat(tree.get("knn_prior").asText()).isEqualTo("uniform");
    tree.remove("knn_prior");
    Map<String, String> old = new HashMap<>(encoded);
    old.put("arcmetric.calibration", mapper.writeValueAsString(tree));
    Calibration read = GalleryMetadata.decode(P, old).calibration();
    assertThat(read.knnPrior()).isNull();
    assertThat(read.prior()).isEqualTo(ClassPrior.GALLERY);
  }

  @Test
  void aGalleryWithoutHnswOptionsReadsAsTheDefaults() throws Exception {
    Map<String, String> old = GalleryMetadata.of("fp", 4, HnswOptions.DEFAULT).encode();
    old.remove("arcmetric.hnsw");
    assertThat(GalleryMetadata.decode(P, old).hnsw()).isEqualTo(HnswOptions.DEFAULT);
  }

  @Test
  void refusesANewerFormatAForeignIndexAndDamagedValuesNamingTheFolder() {
    Map<String, String> newer =
        new HashMap<>(GalleryMetadata.of("fp", 4, HnswOptions.DEFAULT).encode());
    newer.put("arcmetric.format", "2");
    assertThatThrownBy(() -> GalleryMetadata.decode(P, newer))
        .isInstanceOf(GalleryException.class)
        .hasMessage("g has gallery format 2; upgrade arcmetric to read it");
    assertThatThrownBy(() -> GalleryMetadata.decode(P, Map.of("other", "x")))
        .hasMessage("g is a Lucene index but not an arcmetric gallery");
    Map<String, String> badDim = new HashMap<>(newer);
    badDim.put("arcmetric.format", "1");
    badDim.put("arcmetric.dimension", "four");
    assertThatThrownBy(() -> GalleryMetadata.decode(P, badDim))
        .hasMessageContaining("g: unreadable gallery format '1' or dimension 'four'");
    Map<String, String> badCal = new HashMap<>(badDim);
    badCal.put("arcmetric.dimension", "4");
    badCal.put("arcmetric.calibration", "{not json");
    assertThatThrownBy(() -> GalleryMetadata.decode(P, badCal))
        .hasMessageContaining("calibration is unreadable");
    Map<String, String> badHnsw = new HashMap<>(badDim);
    badHnsw.put("arcmetric.dimension", "4");
    badHnsw.put("arcmetric.hnsw", "m=1");
    assertThatThrownBy(() -> GalleryMetadata.decode(P, badHnsw))
        .hasMessageContaining("unreadable HNSW options m=1");
  }
}
