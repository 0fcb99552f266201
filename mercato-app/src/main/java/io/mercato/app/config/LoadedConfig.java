package io.mercato.app.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of {@link ConfigLoader#load}.
 *
 * @param config   the effective configuration
 * @param file     the YAML file that was read, or null when none was
 * @param warnings things worth telling the operator that are not errors (e.g. an unknown
 *                 {@code MERCATO_*} environment variable, which is likely a typo)
 */
public record LoadedConfig(MercatoConfig config, Path file, List<String> warnings) {
  public LoadedConfig {
    warnings = List.copyOf(warnings);
  }
}
