package org.arcmetric.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFolderMessagesTest {
  @TempDir Path tmp;

  @Test
  void aBrokenModelJsonSaysWhichFieldAndLineWithoutJacksonInternals() throws Exception {
    Files.writeString(
        tmp.resolve(ModelFolder.INFO_FILE),
        "{\n  \"format_version\": 1,\n  \"embedding_dim\": \"wide\"\n}\n");
    assertThatThrownBy(() -> ModelFolder.readInfo(tmp))
        .hasMessageContaining("is not a valid model description")
        .hasMessageContaining("at field embedding_dim (line 3)")
        .hasMessageNotContaining("com.fasterxml")
        .hasMessageNotContaining("`")
        .hasMessageContaining("value of type int from String \"wide\"")
        .hasMessageContaining("train again");
    Files.writeString(tmp.resolve(ModelFolder.INFO_FILE), "{\"format_version\": 1,");
    assertThatThrownBy(() -> ModelFolder.readInfo(tmp))
        .hasMessageContaining("is not a valid model description")
        .hasMessageNotContaining("com.fasterxml");
  }
}
