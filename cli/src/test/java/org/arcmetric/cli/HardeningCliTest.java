package org.arcmetric.cli;

import static org.arcmetric.cli.CliFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.arcmetric.gallery.ExactIndex;
import org.arcmetric.gallery.LuceneGallery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The hostile trial's command-line findings: each fixed behaviour, as a user sees it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HardeningCliTest {
  @TempDir static Path tmp;
  final ObjectMapper json = new ObjectMapper();
  Path data;
  Path model;

  @BeforeAll
  void trainOnce() throws Exception {
    data = tmp.resolve("data");
    CliFixture.writeImages(data, "horizontal2", 0, 10, 1);
    CliFixture.writeImages(data, "vertical2", 2, 10, 3);
    model = tmp.resolve("model");
    CliFixture.Run train = CliFixture.trainTiny(data, model, "8");
    assertThat(train.code()).as(train.err()).isZero();
  }

  CliFixture.Run enrol(Path gallery, Path from, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "enroll",
                "--model",
                model.toString(),
                "--gallery",
                gallery.toString(),
                "--data",
                from.toString()));
    a.addAll(List.of(extra));
    return run(a.toArray(new String[0]));
  }

  @Test
  void aFailedFirstEnrolmentLeavesNoGalleryAndReservedLabelsAreRefused() throws Exception {
    Path unknown = tmp.resolve("unknown-data");
    CliFixture.writeImages(unknown, "unknown", 0, 3, 5);
    Path g = tmp.resolve("g-unknown");
    CliFixture.Run r = enrol(g, unknown);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("class 'unknown'", "cannot be a gallery label", "rename that folder");
    assertThat(g).doesNotExist();

    Path empty = Files.createDirectories(tmp.resolve("empty/a"));
    Files.writeString(empty.resolve("notes.txt"), "no images here");
    Path g2 = tmp.resolve("g-empty");
    CliFixture.Run none = enrol(g2, empty.getParent());
    assertThat(none.code()).isEqualTo(1);
    assertThat(g2).doesNotExist();

    CliFixture.Run tab = enrol(tmp.resolve("g-tab"), data, "--label", "a\tb");
    assertThat(tab.code()).isEqualTo(2);
    assertThat(tab.err()).contains("--label 'a\\tb' cannot be used", "U+0009");
  }

  CliFixture.Run rebuild(Path gallery, Path out) {
    return run(
        "gallery",
        "rebuild",
        "--model",
        model.toString(),
        "--gallery",
        gallery.toString(),
        "--out",
        out.toString());
  }

  @Test
  void aLookAlikeLabelGivenAsAnOptionIsAUsageErrorNamingTheOption() throws Exception {
    Path g = tmp.resolve("g-lookalike");
    assertThat(enrol(g, data).code()).isZero();
    CliFixture.Run r = enrol(g, data.resolve("horizontal2"), "--label", "Horizontal2");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("--label 'Horizontal2'", "looks like the class 'horizontal2'")
        .doesNotContain("rename that folder");
  }

  @Test
  void aRebuildKeepsIdsAndThumbnails() throws Exception {
    Path g = tmp.resolve("g-keep");
    CliFixture.Run r = enrol(g, data, "--thumbnails");
    assertThat(r.code()).as(r.err()).isZero();
    Path out = tmp.resolve("g-keep-rebuilt");
    CliFixture.Run rebuild = rebuild(g, out);
    assertThat(rebuild.code()).as(rebuild.err()).isZero();
    try (LuceneGallery before = LuceneGallery.open(g);
        LuceneGallery after = LuceneGallery.open(out)) {
      ExactIndex a = before.snapshot();
      ExactIndex b = after.snapshot();
      assertThat(b.size()).isEqualTo(a.size()).isEqualTo(20);
      Map<String, String> labelOf = new HashMap<>();
      for (int i = 0; i < b.size(); i++) {
        labelOf.put(b.id(i), b.label(i));
      }
      for (int i = 0; i < a.size(); i++) {
        String id = a.id(i);
        assertThat(labelOf).containsEntry(id, a.label(i));
        byte[] thumb = before.thumbnail(id);
        assertThat(thumb).isNotNull();
        assertThat(after.thumbnail(id)).isEqualTo(thumb);
      }
    }
  }

  @Test
  void sourcesAreStoredAbsoluteAndARebuildThatReadsNothingLeavesNothing() throws Exception {
    Path g = tmp.resolve("g-abs");
    CliFixture.Run r = enrol(g, data);
    assertThat(r.code()).as(r.err()).isZero();
    ExactIndex snap;
    try (LuceneGallery gal = LuceneGallery.open(g)) {
      snap = gal.snapshot();
    }
    for (int i = 0; i < snap.size(); i++) {
      assertThat(Path.of(snap.source(i)).isAbsolute()).as(snap.source(i)).isTrue();
    }
    // move the images away: nothing can be read back, so nothing is written
    Files.move(data, tmp.resolve("data-moved"));
    try {
      Path out = tmp.resolve("g-rebuilt");
      CliFixture.Run rebuild = rebuild(g, out);
      assertThat(rebuild.code()).isEqualTo(1);
      assertThat(rebuild.err()).contains("none of the 20 entries", "Nothing was written");
      assertThat(out).doesNotExist();
      assertThat(tmp.resolve(".g-rebuilt.rebuilding")).doesNotExist();
    } finally {
      Files.move(tmp.resolve("data-moved"), data);
    }
  }

  @Test
  void aSecondWriterIsRefusedAtOnceBeforeEmbedding() throws Exception {
    Path g = tmp.resolve("g-locked");
    assertThat(enrol(g, data).code()).isZero();
    try (LuceneGallery holder = LuceneGallery.open(g)) {
      holder.lockForWriting(); // as another enrol in progress
      long t0 = System.nanoTime();
      CliFixture.Run second = enrol(g, data);
      assertThat(second.code()).isEqualTo(1);
      assertThat(second.err()).contains("is being written by another process");
      assertThat(second.err()).doesNotContain("images loaded"); // refused before reading them
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
    }
    CliFixture.Run after = enrol(g, data);
    assertThat(after.code()).as(after.err()).isZero();
    assertThat(after.out()).contains("it now holds 40 entries");
  }

  @Test
  void filesWhereFoldersBelongAndBadNumbersGetClearMessages() throws Exception {
    Path file = Files.writeString(tmp.resolve("afile"), "x");
    CliFixture.Run train =
        run("train", "--data", data.toString(), "--out", file.toString(), "--epochs", "1");
    assertThat(train.code()).isEqualTo(2);
    assertThat(train.err()).contains("--out " + file + " is a file");
    CliFixture.Run enrol = enrol(file, data);
    assertThat(enrol.code()).isEqualTo(1);
    assertThat(enrol.err()).contains(file + " is a file");
    CliFixture.Run threads =
        run("train", "--data", data.toString(), "--out", "x", "--threads", "0");
    assertThat(threads.code()).isEqualTo(2);
    assertThat(threads.err()).contains("arcmetric: --threads must be at least 1, got 0");
    CliFixture.Run scale =
        run(
            "train",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("m-scale").toString(),
            "--loss",
            "arcface",
            "--scale",
            "1e30");
    assertThat(scale.code()).isEqualTo(2);
    assertThat(scale.err()).contains("--scale must be above 0 and at most 256");
  }

  @Test
  void predictTakesAFolderAndSkipsWhatIsNotAnImage() throws Exception {
    Path g = tmp.resolve("g-predict");
    assertThat(enrol(g, data).code()).isZero();
    Path folder = tmp.resolve("queries");
    CliFixture.writeImages(folder, "q", 2, 2, 9);
    Path junk = Files.writeString(folder.resolve("q/readme.txt"), "not an image");
    CliFixture.Run dir = predict(g, "--json", folder.resolve("q").toString());
    assertThat(dir.code()).as(dir.err()).isZero();
    assertThat(json.readTree(dir.out()).get("predictions")).hasSize(2);
    CliFixture.Run bad = predict(g, junk.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("not an image", "--skip-bad-images");
    CliFixture.Run skipped =
        predict(g, "--skip-bad-images", junk.toString(), folder.resolve("q/q0.png").toString());
    assertThat(skipped.code()).as(skipped.err()).isZero();
    assertThat(skipped.err()).contains("skipped (not an image)");
    // a folder of nothing but iPhone photos: refused, naming one and what to do
    Path phone = Files.createDirectories(tmp.resolve("phone"));
    byte[] heic = new byte[64];
    System.arraycopy(
        new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c'}, 0, heic, 0, 12);
    Files.write(phone.resolve("IMG_0001.HEIC"), heic);
    CliFixture.Run iphone = predict(g, phone.toString());
    assertThat(iphone.code()).isEqualTo(1);
    assertThat(iphone.err())
        .contains("a folder with no PNG, JPEG, GIF, BMP or TIFF image in it", "IMG_0001.HEIC")
        .contains("HEIC/HEIF photo", "convert it to JPEG");
    CliFixture.Run one = predict(g, phone.resolve("IMG_0001.HEIC").toString());
    assertThat(one.code()).isEqualTo(1);
    assertThat(one.err()).contains("IMG_0001.HEIC: a HEIC/HEIF photo", "--skip-bad-images");
  }

  /** {@code predict} with the test's model, gallery {@code g} and {@code more} arguments. */
  CliFixture.Run predict(Path g, String... more) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("predict", "--model", model.toString(), "--gallery", g.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  // an edited model.json is refused with the field named, never answered from silently

  /** A copy of the model folder with model.json edited. */
  Path edited(String name, Consumer<ObjectNode> edit) throws Exception {
    Path copy = Files.createDirectories(tmp.resolve(name));
    for (String f : new String[] {"model.json", "embedding-0000.params"}) {
      Files.copy(model.resolve(f), copy.resolve(f));
    }
    ObjectNode info = (ObjectNode) json.readTree(copy.resolve("model.json").toFile());
    edit.accept(info);
    json.writeValue(copy.resolve("model.json").toFile(), info);
    return copy;
  }

  /** Embeds the training folder with {@code m}: any command that loads a model would do. */
  CliFixture.Run embedWith(Path m) {
    return run(
        "embed",
        "--model",
        m.toString(),
        "--data",
        data.toString(),
        "--out",
        m.resolve("e.csv").toString());
  }

  @Test
  void theUneditedModelAnswersAndRecordsItsContract() throws Exception {
    CliFixture.Run r = embedWith(model);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(json.readTree(model.resolve("model.json").toFile()).path("contract").asText())
        .startsWith("sha256:");
  }

  @Test
  void anEditedInputOrNormalisationIsRefused() throws Exception {
    Path size =
        edited("m-size", i -> ((ObjectNode) i.get("input")).put("height", 20).put("width", 20));
    CliFixture.Run r = embedWith(size);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("model.json", "input", "normalization", "trained with");

    Path mean =
        edited("m-mean", i -> ((ObjectNode) i.get("normalization")).putArray("mean").add(0.25));
    r = embedWith(mean);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("trained with");
  }

  @Test
  void nonFiniteNumbersAreRefusedNamingTheField() throws Exception {
    Path nan =
        edited("m-nan", i -> ((ObjectNode) i.get("normalization")).putArray("mean").add("NaN"));
    CliFixture.Run r = embedWith(nan);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("normalization", "finite").doesNotContain("Exception");
  }

  @Test
  void aNullOrPartialFileNamesWhatIsMissing() throws Exception {
    Path empty = edited("m-null", i -> {});
    Files.writeString(empty.resolve("model.json"), "null");
    CliFixture.Run r = embedWith(empty);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("model.json", "no model description").doesNotContain("is null");

    for (String field :
        new String[] {"input", "normalization", "backbone", "embedding_dim", "fingerprint"}) {
      Path partial = edited("m-no-" + field, i -> i.remove(field));
      r = embedWith(partial);
      assertThat(r.code()).as(field).isEqualTo(1);
      assertThat(r.err()).as(field).contains("field " + field + " is missing");
    }
  }
}
