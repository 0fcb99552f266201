package io.mercato.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.app.cli.CliPlugin;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** With this module on the class path, the CLI finds {@code bench} (and its fuzz and soak) through ServiceLoader. */
class BenchPluginTest {
  @Test
  void theServiceFileRegistersTheBenchCommandWithItsSubcommands() {
    List<CliPlugin> plugins =
        ServiceLoader.load(CliPlugin.class).stream().map(ServiceLoader.Provider::get).toList();
    assertThat(plugins).hasSize(1).first().isInstanceOf(BenchPlugin.class);
    CliPlugin bench = plugins.get(0);
    assertThat(bench.name()).isEqualTo("bench");
    CommandLine cmd = new CommandLine(bench.command());
    assertThat(cmd.getCommandName()).isEqualTo("bench");
    assertThat(cmd.getSubcommands()).containsKeys("fuzz", "soak");
  }
}
