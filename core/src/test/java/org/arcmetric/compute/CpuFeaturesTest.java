package org.arcmetric.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuFeaturesTest {
  private static final String ZEN5 =
      "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\n"
          + "flags\t\t: fpu sse avx2 avx512f avx512bw avx512_bf16 avx512_vnni\n\n"
          + "processor\t: 1\nmodel name\t: other\nflags\t\t: fpu\n";

  @Test
  void readsTheFirstProcessorsModelAndFlags() {
    CpuFeatures c = CpuFeatures.parse(ZEN5);
    assertThat(c.model()).isEqualTo("AMD EPYC");
    assertThat(c.flags()).contains("avx512_bf16", "avx2").doesNotContain("amx_bf16");
    assertThat(c.hasBf16()).isTrue();
    assertThat(c.hasAvx512()).isTrue();
    assertThat(c).hasToString("AMD EPYC (AVX-512 with BF16)");
  }

  @Test
  void namesEachKindOfMachine() {
    assertThat(CpuFeatures.parse("model name: X\nflags: avx2 avx512f\n").vectorExtensions())
        .isEqualTo("AVX-512");
    CpuFeatures avx2 = CpuFeatures.parse("model name: Y\nflags: sse avx avx2 fma\n");
    assertThat(avx2.vectorExtensions()).isEqualTo("AVX2");
    assertThat(avx2.hasBf16()).isFalse();
    CpuFeatures amx = CpuFeatures.parse("model name: Z\nflags: avx2 avx512f amx_bf16 amx_tile\n");
    assertThat(amx.hasBf16()).isTrue();
    assertThat(amx.vectorExtensions()).isEqualTo("AVX-512 and AMX");
  }

  @Test
  void nothingKnownWithoutCpuinfo() {
    CpuFeatures none = CpuFeatures.parse("");
    assertThat(none.model()).isEqualTo("unknown CPU");
    assertThat(none.hasBf16()).isFalse();
    assertThat(none.vectorExtensions()).isEqualTo("no AVX2");
  }

  @Test
  void nativeMemoryIsTunedOnlyWithEveryVariable() {
    assertThat(NativeMemory.tuned(NativeMemory.RECOMMENDED)).isTrue();
    assertThat(NativeMemory.tuned(Map.of("MALLOC_ARENA_MAX", "1"))).isFalse();
    assertThat(NativeMemory.assignments())
        .isEqualTo("MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=4294967296");
  }
}
