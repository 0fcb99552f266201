package io.mercato.app.config;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The Jackson setup that binds configuration trees to the modules' records: kebab-case keys, one
 * property per record component (helper methods such as {@code withX()} or {@code effectiveShards()}
 * are never mistaken for properties), human durations ({@link Durations}), paths as plain strings,
 * enums in lower case and matched case-insensitively, and no silent truncation of {@code 1.5} to an int.
 */
final class ConfigMapper {
  private ConfigMapper() {}

  /** The mapper that converts between records and trees. */
  static JsonMapper json() {
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
        .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
        .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
        .visibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .addModule(module())
        .build();
  }

  /** The mapper that reads YAML files into trees (duplicate keys are an error) and prints them. */
  static YAMLMapper yaml() {
    YAMLFactory factory =
        YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();
    return new YAMLMapper(factory);
  }

  private static SimpleModule module() {
    SimpleModule m = new SimpleModule("mercato-config");
    m.addSerializer(
        Duration.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Duration d, JsonGenerator g, SerializerProvider p)
              throws IOException {
            g.writeString(Durations.format(d));
          }
        });
    m.addDeserializer(
        Duration.class,
        new JsonDeserializer<>() {
          @Override
          public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getText();
            try {
              if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException(
                    "expected a duration with a unit such as "
                        + text
                        + "s or "
                        + text
                        + "ms; got the bare number "
                        + text);
              }
              return Durations.parse(text);
            } catch (IllegalArgumentException e) {
              throw new InvalidFormatException(p, e.getMessage(), text, Duration.class);
            }
          }
        });
    m.addSerializer(
        Path.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Path path, JsonGenerator g, SerializerProvider p)
              throws IOException {
            g.writeString(path.toString());
          }
        });
    m.addDeserializer(
        Path.class,
        new JsonDeserializer<>() {
          @Override
          public Path deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getText().trim();
            if (text.isEmpty()) {
              throw new InvalidFormatException(
                  p, "expected a directory path; got an empty string", text, Path.class);
            }
            if (text.equals("~") || text.startsWith("~/")) {
              text = System.getProperty("user.home") + text.substring(1);
            }
            return Path.of(text);
          }
        });
    @SuppressWarnings({"rawtypes", "unchecked"})
    JsonSerializer<Enum> lowerCase =
        new JsonSerializer<>() {
          @Override
          public void serialize(Enum e, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(e.name().toLowerCase(Locale.ROOT));
          }
        };
    m.addSerializer(Enum.class, lowerCase);
    return m;
  }
}
