package org.arcmetric.server;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.arcmetric.data.Augmentation;
import org.arcmetric.data.ImageDecoder;
import org.arcmetric.data.ImageSet;
import org.arcmetric.data.InputShape;
import org.arcmetric.embed.Embedder;
import org.arcmetric.embed.EmbeddingModel;
import org.arcmetric.gallery.GalleryEntry;
import org.arcmetric.gallery.LuceneGallery;
import org.arcmetric.train.EmbeddingTrainer;
import org.arcmetric.train.TrainConfig;

/**
 * A model trained one epoch on 16×16 striped images of three classes (h2, h3, v2; 12 each) and a
 * gallery of h2 and h3 with thumbnails; {@code pngs} holds the 36 images, 12 per class in order.
 */
record TestModel(Path model, Path gallery, List<byte[]> pngs) {

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

  static byte[] png(BufferedImage img) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  static TestModel make(Path dir) throws Exception {
    Random r = new Random(1);
    InputShape shape = InputShape.square(1, 16);
    List<String> labels = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<byte[]> pixels = new ArrayList<>();
    List<byte[]> pngs = new ArrayList<>();
    String[] names = {"h2", "h3", "v2"};
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < 12; i++) {
        BufferedImage img = stripes(c, r);
        pngs.add(png(img));
        labels.add(names[c]);
        sources.add(names[c] + i);
        pixels.add(ImageDecoder.toPixels(img, shape));
      }
    }
    ImageSet data = new ImageSet(shape, labels, sources, pixels);
    Path model = dir.resolve("model");
    TrainConfig config =
        TrainConfig.builder()
            .setInputShape(shape)
            .optEmbeddingDim(16)
            .optEpochs(1)
            .optBatchSize(12)
            .optAugmentation(Augmentation.NONE)
            .optValFraction(0.2)
            .optSeed(3)
            .build();
    new EmbeddingTrainer(config, new PrintStream(new ByteArrayOutputStream()), false)
        .train(data, "stripes", model, false);
    Path gallery = dir.resolve("gallery");
    ImageSet twoClasses = data.withClasses(List.of("h2", "h3"));
    try (EmbeddingModel m = EmbeddingModel.load(model);
        Embedder e = m.newEmbedder();
        LuceneGallery g = LuceneGallery.create(gallery, m.fingerprint(), m.dimension())) {
      g.add(GalleryEntry.withThumbnails(twoClasses, e.embed(twoClasses)));
    }
    return new TestModel(model, gallery, pngs);
  }
}
