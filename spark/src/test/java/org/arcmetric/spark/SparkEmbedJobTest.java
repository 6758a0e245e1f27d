package org.arcmetric.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.arcmetric.data.Augmentation;
import org.arcmetric.data.ImageDecoder;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.gallery.Galleries;
import org.arcmetric.gallery.Gallery;
import org.arcmetric.gallery.GalleryException;
import org.arcmetric.gallery.LuceneGallery;
import org.arcmetric.solr.LocalSolrProcess;
import org.arcmetric.train.EmbeddingTrainer;
import org.arcmetric.train.TrainConfig;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SparkEmbedJob} in {@code local[2]}: the vectors it writes are the ones one JVM's {@link
 * Embedder} makes for the same files, a folder and a CSV list give the same rows, bad images are
 * skipped and counted, the gallery it loads answers like one enrolled directly, and another model's
 * gallery is refused before anything is embedded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkEmbedJobTest {
  @TempDir static Path tmp;
  SparkSession spark;
  Path model;
  Path images;
  InputShape shape = InputShape.square(1, 16);

  static BufferedImage stripes(int kind, Random r) {
    BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        int phase = kind == 2 ? x : y;
        int period = kind == 1 ? 3 : 2;
        int v = (phase % (2 * period)) < period ? 200 : 40;
        img.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, v + r.nextInt(41) - 20)));
      }
    }
    return img;
  }

  @BeforeAll
  void setUp() throws Exception {
    Random r = new Random(1);
    images = tmp.resolve("images");
    String[] names = {"h2", "h3", "v2"};
    List<String> labels = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<byte[]> pixels = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      Path dir = Files.createDirectories(images.resolve(names[c]));
      for (int i = 0; i < 10; i++) {
        BufferedImage img = stripes(c, r);
        ImageIO.write(img, "png", dir.resolve(names[c] + i + ".png").toFile());
        labels.add(names[c]);
        sources.add(names[c] + i);
        pixels.add(ImageDecoder.toPixels(img, shape));
      }
    }
    Files.write(images.resolve("h2/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2});
    model = tmp.resolve("model");
    TrainConfig config =
        TrainConfig.builder()
            .setInputShape(shape)
            .optEmbeddingDim(8)
            .optEpochs(1)
            .optBatchSize(10)
            .optAugmentation(Augmentation.NONE)
            .optValFraction(0.2)
            .optSeed(3)
            .build();
    new EmbeddingTrainer(config, new PrintStream(new ByteArrayOutputStream()), false)
        .train(new ImageSet(shape, labels, sources, pixels), "stripes", model, false);
    spark = SparkSession.builder().master("local[2]").appName("test").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
  }

  @AfterAll
  void tearDown() {
    if (spark != null) {
      spark.stop();
    }
  }

  private Map<String, float[]> oneJvm() throws Exception {
    Map<String, float[]> want = new HashMap<>();
    try (EmbeddingModel m = EmbeddingModel.load(model);
        Embedder e = m.newEmbedder()) {
      try (var files = Files.walk(images)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".png")).toList()) {
          if (f.getFileName().toString().equals("broken.png")) {
            continue;
          }
          want.put(
              f.getFileName().toString(),
              e.embed(ImageDecoder.toPixels(ImageDecoder.decode(f), m.inputShape())));
        }
      }
    }
    return want;
  }

  private static Map<String, Row> byName(List<Row> rows) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : rows) {
      String source = r.getString(2);
      m.put(source.substring(source.lastIndexOf('/') + 1), r);
    }
    return m;
  }

  @Test
  void aFolderIsEmbeddedAsOneJvmEmbedsItAndLoadedIntoAGallery() throws Exception {
    Path out = tmp.resolve("folder.parquet");
    Path gallery = tmp.resolve("gallery");
    SparkEmbedJob.Summary s =
        SparkEmbedJob.run(
            spark,
            EmbedJobOptions.builder()
                .setModel(model.toString())
                .setData(images.toString())
                .setOut(out.toString())
                .optGallery(gallery.toString())
                .optPartitions(3)
                .build());
    assertThat(s.embedded()).isEqualTo(30);
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(s.enrolled()).isEqualTo(30);
    List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
    assertThat(spark.read().parquet(out.toString()).columns())
        .containsExactly("id", "label", "source", "vector");
    Map<String, float[]> want = oneJvm();
    Map<String, Row> got = byName(rows);
    assertThat(got.keySet()).isEqualTo(want.keySet());
    for (Map.Entry<String, float[]> e : want.entrySet()) {
      Row r = got.get(e.getKey());
      String[] parts = r.getString(2).split("/");
      assertThat(r.getString(1)).isEqualTo(parts[parts.length - 2]);
      assertThat(e.getKey()).startsWith(r.getString(1));
      List<Float> v = r.getList(3);
      for (int j = 0; j < e.getValue().length; j++) {
        assertThat(v.get(j)).isCloseTo(e.getValue()[j], Offset.offset(1e-5f));
      }
      assertThat(r.getString(0)).hasSize(32).isEqualTo(SparkEmbedJob.id(r.getString(2)));
    }
    try (LuceneGallery g = LuceneGallery.open(gallery)) {
      assertThat(g.labelCounts()).containsEntry("h2", 10).containsEntry("v2", 10).hasSize(3);
      try (EmbeddingModel m = EmbeddingModel.load(model)) {
        g.requireModel(m.fingerprint(), "model");
      }
    }
  }

  @Test
  void theExecutorsLoadASolrGalleryThatAnswersAsTheFolderOne() throws Exception {
    Path home = Path.of(System.getProperty("user.dir")).getParent(); // the project root
    try (LocalSolrProcess solr = LocalSolrProcess.start(home, 2)) {
      String uri = solr.galleryUri("spark_gallery", 2);
      Path folder = tmp.resolve("folder-gallery-for-solr");
      for (String g : new String[] {uri, folder.toString()}) {
        SparkEmbedJob.Summary s =
            SparkEmbedJob.run(
                spark,
                EmbedJobOptions.builder()
                    .setModel(model.toString())
                    .setData(images.toString())
                    .setOut(tmp.resolve("to-" + Math.abs(g.hashCode()) + ".parquet").toString())
                    .optGallery(g)
                    .optPartitions(3)
                    .build());
        assertThat(s.enrolled()).isEqualTo(30);
      }
      try (Gallery onSolr = Galleries.open(uri);
          LuceneGallery onFolder = LuceneGallery.open(folder)) {
        assertThat(onSolr.labelCounts()).isEqualTo(onFolder.labelCounts());
        Map<String, float[]> a = onSolr.centroids();
        Map<String, float[]> b = onFolder.centroids();
        for (String label : b.keySet()) {
          for (int j = 0; j < b.get(label).length; j++) {
            assertThat(a.get(label)[j]).isCloseTo(b.get(label)[j], Offset.offset(1e-5f));
          }
        }
      }
    }
  }

  @Test
  void aCsvListGivesTheSameRowsAndAnotherModelsGalleryIsRefused() throws Exception {
    Path list = tmp.resolve("list.csv");
    StringBuilder csv = new StringBuilder("path,label\n");
    try (var files = Files.walk(images)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".png")).sorted().toList()) {
        csv.append(f.toAbsolutePath()).append(",listed\n");
      }
    }
    Files.writeString(list, csv);
    Path out = tmp.resolve("list.parquet");
    SparkEmbedJob.Summary s =
        SparkEmbedJob.run(
            spark,
            EmbedJobOptions.builder()
                .setModel(model.toString())
                .setData(list.toString())
                .setOut(out.toString())
                .build());
    assertThat(s.embedded()).isEqualTo(30);
    assertThat(s.skipped()).isEqualTo(1);
    Map<String, Row> got = byName(spark.read().parquet(out.toString()).collectAsList());
    Map<String, float[]> want = oneJvm();
    List<Float> v = got.get("v27.png").getList(3);
    assertThat(v.get(0)).isCloseTo(want.get("v27.png")[0], Offset.offset(1e-5f));
    assertThat(got.get("v27.png").getString(1)).isEqualTo("listed");

    Path other = tmp.resolve("other-gallery");
    try (LuceneGallery g = LuceneGallery.create(other, "sha256:another", 8)) {
      assertThat(g.size()).isZero();
    }
    assertThatThrownBy(
            () ->
                SparkEmbedJob.run(
                    spark,
                    EmbedJobOptions.builder()
                        .setModel(model.toString())
                        .setData(list.toString())
                        .setOut(tmp.resolve("never.parquet").toString())
                        .optGallery(other.toString())
                        .build()))
        .isInstanceOf(GalleryException.class)
        .hasMessageContaining("another model");
    assertThat(tmp.resolve("never.parquet")).doesNotExist();
  }
}
