package io.mercato.app.cli;

import io.mercato.app.config.ConfigOverride;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every command that builds a configuration shares: the file and generic overrides. */
final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML configuration file (default: $MERCATO_CONFIG, else ./mercato.yaml if present). "
              + "Environment variables MERCATO_<KEY> override it, flags override both.")
  Path file;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Set any configuration key, e.g. --set journal.fsync=interval (repeatable; "
              + "keys are documented in mercato.reference.yaml).")
  List<String> sets = new ArrayList<>();

  /** The {@code --set} overrides followed by {@code extra} (dedicated flags win over --set). */
  List<ConfigOverride> overrides(List<ConfigOverride> extra) {
    List<ConfigOverride> all = new ArrayList<>();
    for (String s : sets) {
      all.add(ConfigOverride.parseSet(s));
    }
    all.addAll(extra);
    return all;
  }
}
