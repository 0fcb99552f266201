package io.mercato.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md draws the configuration tree; it must name exactly the tree's sections and real keys. */
class ConfigurationDocTest {
  private static final Pattern SECTION_ROW =
      Pattern.compile("^\\| `([a-z-]+)` \\|", Pattern.MULTILINE);
  private static final Pattern DOTTED_KEY = Pattern.compile("`([a-z-]+\\.[a-z-]+)`");

  private static String doc() throws IOException {
    return Files.readString(Path.of("..", "docs", "configuration.md"));
  }

  @Test
  void theTreeTableListsEverySectionOfTheConfigurationInOrder() throws IOException {
    String doc = doc();
    String tree = doc.substring(doc.indexOf("## The tree"), doc.indexOf("## The views"));
    List<String> documented = SECTION_ROW.matcher(tree).results().map(m -> m.group(1)).toList();
    Set<String> sections = new LinkedHashSet<>();
    for (String path : ConfigLoader.keyPaths()) {
      sections.add(path.contains(".") ? path.substring(0, path.indexOf('.')) : path);
    }
    assertThat(documented).containsExactlyElementsOf(sections);
  }

  @Test
  void everyKeyTheDocumentNamesExists() throws IOException {
    Set<String> sections = new LinkedHashSet<>();
    for (String path : ConfigLoader.keyPaths()) {
      sections.add(path.contains(".") ? path.substring(0, path.indexOf('.')) : path);
    }
    Matcher m = DOTTED_KEY.matcher(doc());
    List<String> named =
        m.results()
            .map(r -> r.group(1))
            .filter(k -> sections.contains(k.substring(0, k.indexOf('.'))))
            .toList();
    assertThat(named).as("keys named in docs/configuration.md").isNotEmpty();
    assertThat(ConfigLoader.keyPaths()).containsAll(named);
  }
}
