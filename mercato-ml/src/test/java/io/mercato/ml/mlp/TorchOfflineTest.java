package io.mercato.ml.mlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline operation: a child JVM whose every HTTP(S) connection goes to a proxy that does not exist
 * (so any download attempt fails), with an empty engine cache directory, loads PyTorch, trains and
 * scores. The native library must then have been extracted from the jar on the classpath into that
 * directory.
 */
class TorchOfflineTest {
  @TempDir Path cache;

  @Test
  void trainsAndScoresWithNoNetworkFromTheNativeLibraryInTheJar()
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd =
        List.of(
            java.toString(),
            "-Dhttp.proxyHost=127.0.0.1",
            "-Dhttp.proxyPort=9",
            "-Dhttps.proxyHost=127.0.0.1",
            "-Dhttps.proxyPort=9",
            "-Djava.net.useSystemProxies=false",
            "-DENGINE_CACHE_DIR=" + cache,
            "-cp",
            System.getProperty("java.class.path"),
            OfflineProbe.class.getName());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("ENGINE_CACHE_DIR");
    pb.environment().remove("DJL_CACHE_DIR");
    pb.environment().remove("PYTORCH_LIBRARY_PATH");
    Process p = pb.start();
    String out;
    try (var in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("OK " + cache).doesNotContainIgnoringCase("downloading");
    try (Stream<Path> files = Files.walk(cache)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("extracted into the configured directory")
          .contains("libtorch_cpu.so", "0.36.0-libdjl_torch.so");
    }
  }
}
