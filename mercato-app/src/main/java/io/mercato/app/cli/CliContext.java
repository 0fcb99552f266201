package io.mercato.app.cli;

import io.mercato.app.config.ConfigLoader;
import io.mercato.app.config.ConfigOverride;
import io.mercato.app.config.LoadedConfig;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What commands get from the outside world, injected so tests control it: the environment, the
 * working directory and the clock.
 */
record CliContext(Map<String, String> env, Path workingDir, InstantSource clock) {
  private static final Logger LOG = LoggerFactory.getLogger("io.mercato.app");

  /** Loads the configuration and logs its warnings. */
  LoadedConfig loadConfig(Path file, List<ConfigOverride> overrides) {
    LoadedConfig loaded = new ConfigLoader(env, workingDir).load(file, overrides);
    loaded.warnings().forEach(LOG::warn);
    if (loaded.file() != null) {
      LOG.info("configuration read from {}", loaded.file());
    }
    return loaded;
  }
}
