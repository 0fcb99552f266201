package io.mercato.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the effective {@link MercatoConfig} from four layers, each overriding the one before:
 * <ol>
 *   <li>the built-in defaults ({@link MercatoConfig#defaults()});</li>
 *   <li>a YAML file: {@code --config FILE}, else the file named by {@code MERCATO_CONFIG}, else
 *       {@code ./mercato.yaml} when it exists;</li>
 *   <li>environment variables {@code MERCATO_<PATH>}: the key path upper-cased with {@code .} and
 *       {@code -} turned into {@code _}, e.g. {@code MERCATO_JOURNAL_FSYNC_INTERVAL};</li>
 *   <li>command-line flags ({@link ConfigOverride}).</li>
 * </ol>
 *
 * <p>The layers are merged generically on a Jackson tree of the defaults, so every key that exists
 * in the records can be set in every layer and none can be forgotten; the tree is bound to the
 * records once at the end. Unknown keys are errors (a typo must not be silently ignored), and every
 * error names the key path and where the value came from. Keys ending in {@code -bytes} take sizes
 * ({@link Sizes}); durations take {@link Durations}.
 */
public final class ConfigLoader {
  /** The file read from the working directory when no other is named. */
  public static final String DEFAULT_FILE = "mercato.yaml";

  /** Environment variable naming the config file. */
  public static final String CONFIG_ENV = "MERCATO_CONFIG";

  /** MERCATO_ variables that are not configuration keys (read by the {@code mercato} script). */
  private static final Set<String> NON_KEY_ENV = Set.of(CONFIG_ENV, "MERCATO_JAVA_OPTS");

  private static final JsonMapper JSON = ConfigMapper.json();
  private static final YAMLMapper YAML = ConfigMapper.yaml();

  private final Map<String, String> env;
  private final Path workingDir;

  /**
   * @param env        the environment (injected, so tests do not depend on the real one)
   * @param workingDir where {@value #DEFAULT_FILE} is looked for
   */
  public ConfigLoader(Map<String, String> env, Path workingDir) {
    this.env = Map.copyOf(env);
    this.workingDir = Objects.requireNonNull(workingDir, "workingDir");
  }

  /**
   * Loads the configuration.
   *
   * @param file      the file given with {@code --config}, or null to look for one
   * @param overrides flag values, applied in order
   * @throws ConfigException naming the key, the source and the problem
   */
  public LoadedConfig load(Path file, List<ConfigOverride> overrides) {
    ObjectNode tree = defaultsTree();
    ObjectNode defaults = tree.deepCopy();
    Map<String, String> origins = new HashMap<>();
    List<String> warnings = new ArrayList<>();

    Path source = resolveFile(file);
    if (source != null) {
      overlayFile(tree, defaults, readYaml(source), "", source, origins);
    }
    Set<String> leaves = new HashSet<>();
    for (String path : ConfigTree.leafPaths(defaults)) {
      leaves.add(envName(path));
      String value = env.get(envName(path));
      if (value != null) {
        String origin = "environment variable " + envName(path);
        ConfigTree.set(
            tree,
            path,
            coerce(path, ConfigTree.get(defaults, path), TextNode.valueOf(value), origin));
        origins.put(path, origin);
      }
    }
    env.keySet().stream()
        .filter(k -> k.startsWith("MERCATO_") && !leaves.contains(k) && !NON_KEY_ENV.contains(k))
        .sorted()
        .forEach(
            k ->
                warnings.add(
                    "ignoring environment variable "
                        + k
                        + ": no configuration key "
                        + "is named like it (keys are listed in mercato.reference.yaml)"));
    for (ConfigOverride o : overrides) {
      JsonNode def = ConfigTree.get(defaults, o.path());
      if (def == null || def.isObject()) {
        throw new ConfigException(
            "unknown configuration key '"
                + o.path()
                + "' in "
                + o.origin()
                + ConfigTree.suggestion(defaults, o.path()));
      }
      String origin = o.origin().equals("--set") ? "--set " + o.path() : o.origin();
      ConfigTree.set(tree, o.path(), coerce(o.path(), def, TextNode.valueOf(o.value()), origin));
      origins.put(o.path(), origin);
    }
    return new LoadedConfig(bind(tree, origins), source, warnings);
  }

  /** The environment variable that sets {@code path}, e.g. {@code MERCATO_SERVER_MAX_BODY_BYTES}. */
  public static String envName(String path) {
    return "MERCATO_" + path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Every key path of the configuration, in document order. */
  public static List<String> keyPaths() {
    return ConfigTree.leafPaths(defaultsTree());
  }

  /** {@code config} as YAML, with durations and sizes in human units and a database password masked. */
  public static String toYaml(MercatoConfig config) {
    ObjectNode tree = JSON.valueToTree(config);
    for (String path : ConfigTree.leafPaths(tree)) {
      JsonNode v = ConfigTree.get(tree, path);
      if (path.endsWith("-bytes") && v.isIntegralNumber()) {
        ConfigTree.set(tree, path, TextNode.valueOf(Sizes.format(v.longValue())));
      }
      if (path.equals("db.password") && !v.asText().isEmpty()) {
        ConfigTree.set(
            tree,
            path,
            TextNode.valueOf("***")); // printed configurations end up in tickets and logs
      }
    }
    try {
      return YAML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the configuration as YAML", e);
    }
  }

  /** Parses a YAML document into a tree (for tests of the reference file). */
  static JsonNode parseYaml(String text) throws IOException {
    return YAML.readTree(text);
  }

  private static ObjectNode defaultsTree() {
    return JSON.valueToTree(MercatoConfig.defaults());
  }

  private Path resolveFile(Path explicit) {
    if (explicit != null) {
      if (!Files.isRegularFile(explicit)) {
        throw new ConfigException("config file " + explicit + " does not exist or is not a file");
      }
      return explicit;
    }
    String fromEnv = env.get(CONFIG_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path p = Path.of(fromEnv);
      if (!Files.isRegularFile(p)) {
        throw new ConfigException(
            "config file " + p + " (from " + CONFIG_ENV + ") does not exist or is not a file");
      }
      return p;
    }
    Path local = workingDir.resolve(DEFAULT_FILE);
    return Files.isRegularFile(local) ? local : null;
  }

  private static JsonNode readYaml(Path file) {
    try {
      JsonNode root = YAML.readTree(file.toFile());
      if (root == null || root.isMissingNode() || root.isNull()) {
        return JSON.createObjectNode(); // an empty file changes nothing
      }
      if (!root.isObject()) {
        throw new ConfigException(
            file
                + ": expected a mapping of sections (server:, engine:, journal:, ...) "
                + "at the top level");
      }
      return root;
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where =
          loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
      throw new ConfigException("cannot parse " + file + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
  }

  private static void overlayFile(
      ObjectNode target,
      JsonNode defaults,
      JsonNode yaml,
      String prefix,
      Path file,
      Map<String, String> origins) {
    for (Map.Entry<String, JsonNode> e : yaml.properties()) {
      String path = ConfigTree.join(prefix, e.getKey());
      JsonNode def = defaults.get(e.getKey());
      JsonNode value = e.getValue();
      if (def == null) {
        throw new ConfigException(
            "unknown configuration key '"
                + path
                + "' in "
                + file
                + ConfigTree.suggestion(defaultsTree(), path));
      }
      if (def.isObject()) {
        if (!value.isObject()) {
          throw new ConfigException(
              path
                  + " in "
                  + file
                  + ": expected a section with the keys "
                  + fieldNames(def)
                  + "; got "
                  + describe(value));
        }
        overlayFile((ObjectNode) target.get(e.getKey()), def, value, path, file, origins);
      } else {
        String origin = file.toString();
        target.set(e.getKey(), coerce(path, def, value, origin));
        origins.put(path, origin);
      }
    }
  }

  /**
   * Checks and converts a scalar against the type of its default, so that numbers, sizes and
   * booleans are reported with the key and the source; durations, enums and paths are checked when
   * binding.
   */
  /**
   * Keys for which an empty value means something: no list entries, the embedded database, the
   * driver's default user, no password.
   */
  private static final Set<String> EMPTY_ALLOWED =
      Set.of(
          "sampling.rates",
          "stats.composite-keys",
          "db.url",
          "db.user",
          "db.password",
          "kafka.bootstrap",
          "ingest.kafka.bootstrap-servers",
          "redis.url",
          "limits.custom-types");

  private static JsonNode coerce(String path, JsonNode def, JsonNode value, String origin) {
    if (value != null
        && value.isTextual()
        && value.asText().isBlank()
        && EMPTY_ALLOWED.contains(path)) {
      return value; // an empty value is meaningful for these keys
    }
    if (value == null
        || value.isNull()
        || value.isMissingNode()
        || (value.isTextual() && value.asText().isBlank())) {
      throw new ConfigException(
          path + " (" + origin + "): has no value; remove the key to use the default");
    }
    if (value.isContainerNode()) {
      throw new ConfigException(
          path + " (" + origin + "): expected a single value; got " + describe(value));
    }
    String text = value.asText().trim();
    try {
      if (def.isIntegralNumber()) {
        long n =
            path.endsWith("-bytes")
                ? Sizes.parse(text)
                : value.isIntegralNumber() ? value.longValue() : parseWhole(text);
        if (def.isInt() && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
          throw new IllegalArgumentException(
              "must be at most "
                  + Integer.MAX_VALUE
                  + (path.endsWith("-bytes") ? " (2GiB - 1)" : "")
                  + "; got "
                  + text);
        }
        return LongNode.valueOf(n);
      }
      if (def.isNumber()) {
        return DoubleNode.valueOf(
            value.isNumber() ? value.doubleValue() : Double.parseDouble(text));
      }
      if (def.isBoolean()) {
        if (value.isBoolean()) {
          return value;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
          return BooleanNode.valueOf(Boolean.parseBoolean(text.toLowerCase(Locale.ROOT)));
        }
        throw new IllegalArgumentException("expected true or false; got \"" + text + "\"");
      }
      // A bare number for a duration or an enum stays a number, so binding reports it precisely.
      return value.isNumber() ? value : TextNode.valueOf(value.asText());
    } catch (NumberFormatException e) {
      throw new ConfigException(
          path + " (" + origin + "): expected a number; got \"" + text + "\"");
    } catch (IllegalArgumentException e) {
      throw new ConfigException(path + " (" + origin + "): " + e.getMessage());
    }
  }

  private static long parseWhole(String text) {
    try {
      return Long.parseLong(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number; got \"" + text + "\"");
    }
  }

  private static MercatoConfig bind(ObjectNode tree, Map<String, String> origins) {
    MercatoConfig config;
    try {
      config = JSON.treeToValue(tree, MercatoConfig.class);
    } catch (JsonMappingException e) {
      String path =
          e.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining("."));
      String origin = origins.get(path);
      throw new ConfigException(
          path + (origin == null ? "" : " (" + origin + ")") + ": " + reason(e));
    } catch (JsonProcessingException e) {
      throw new ConfigException("invalid configuration: " + e.getOriginalMessage());
    }
    try {
      config.engineConfig(); // cross-section checks of the engine
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ConfigException("invalid engine configuration: " + e.getMessage());
    }
    if (config.mode() == Mode.CLUSTER) {
      try {
        config.clusterSettings(); // required keys and cross-section checks of an API node
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new ConfigException("invalid cluster configuration: " + e.getMessage());
      }
    }
    return config;
  }

  private static String reason(JsonMappingException e) {
    if (e instanceof InvalidFormatException f
        && f.getTargetType() != null
        && f.getTargetType().isEnum()) {
      String allowed =
          Arrays.stream(f.getTargetType().getEnumConstants())
              .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "));
      return "expected one of " + allowed + "; got \"" + f.getValue() + "\"";
    }
    if (e instanceof ValueInstantiationException && e.getCause() != null) {
      return e.getCause().getMessage();
    }
    return e.getOriginalMessage();
  }

  private static String fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return String.join(", ", names);
  }

  private static String describe(JsonNode n) {
    if (n.isObject()) {
      return "a section";
    }
    if (n.isArray()) {
      return "a list";
    }
    return "\"" + n.asText() + "\"";
  }
}
