package org.arcmetric.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.arcmetric.data.FashionMnist;
import org.arcmetric.data.ImageSet;
import picocli.CommandLine.Option;

/** The new-class protocol's data and enrolment options, shared by demo and compare-losses. */
public final class ProtocolOptions {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Fashion-MNIST IDX files (default: the bundled subset).")
  Path dataDir;

  @Option(
      names = "--new-classes",
      defaultValue = "Sneaker,Bag,Ankle boot",
      paramLabel = "A,B,C",
      description = "Classes kept out of training (default: ${DEFAULT-VALUE}).")
  public String newClasses;

  @Option(
      names = "--shots",
      defaultValue = "10",
      description = "Images enrolled per new class (default: ${DEFAULT-VALUE}).")
  public int shots;

  @Option(
      names = "--k",
      defaultValue = "5",
      description = "Neighbours voting (default: ${DEFAULT-VALUE}).")
  public int k;

  public Path data() {
    return dataDir != null ? dataDir : DemoCommand.defaultDataDir();
  }

  /** The new classes, refused with the valid names if one is not a Fashion-MNIST class. */
  public List<String> newClasses(ImageSet train) {
    List<String> fresh = Inputs.classList(newClasses);
    for (String c : fresh) {
      if (!train.classes().contains(c)) {
        throw new IllegalArgumentException(
            "--new-classes: '" + c + "' is not a Fashion-MNIST class; they are " + train.classes());
      }
    }
    return fresh;
  }

  public ImageSet load(FashionMnist.Split split) throws IOException {
    return FashionMnist.load(data(), split);
  }
}
