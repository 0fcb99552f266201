package io.mercato.core.ads;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.error.MalformedInputException;
import io.mercato.core.error.ValidationException;
import io.mercato.core.text.Utf8Body;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * Parses the body of a campaign or ad write into a JSON tree for {@link CampaignRules} and
 * {@link AdRules}. Decimal numbers are kept exact ({@code 19.99} stays {@code 19.99}, never the double
 * nearest to it), a member given twice is malformed JSON rather than silently the last one,
 * nesting is bounded, and UTF-8 is read strictly (malformed or overlong bytes are refused on the
 * member that holds them). Thread-safe.
 */
public final class AdsJson {
  /** Definitions are shallow; anything deeper is refused outright. */
  static final int MAX_NESTING = 16;

  private static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_NESTING)
                          .maxNumberLength(100)
                          .build())
                  .build())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private AdsJson() {}

  /**
   * The body as one JSON object.
   *
   * @throws MalformedInputException when it is not well-formed JSON (with the position)
   * @throws ValidationException     on field {@code body} when it is empty or not an object; on the
   *                                 member holding bytes that are not well-formed UTF-8
   */
  public static ObjectNode parseObject(byte[] body) {
    Objects.requireNonNull(body, "body");
    JsonNode root;
    Utf8Body utf8 = Utf8Body.of(body, 0, body.length);
    try {
      root = MAPPER.readTree(utf8.input());
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      MalformedInputException fault =
          loc == null ? null : utf8.malformedIn(0, Math.max(0, loc.getByteOffset()));
      if (fault != null) {
        throw fault;
      }
      String message = "malformed JSON: " + e.getOriginalMessage();
      throw loc == null
          ? new MalformedInputException(message, -1, -1, -1)
          : new MalformedInputException(
              message, loc.getLineNr(), loc.getColumnNr(), loc.getByteOffset());
    } catch (NumberFormatException e) {
      // A well-formed number BigDecimal cannot hold (an exponent beyond an int, e.g.
      // 1E+2147483648):
      // Jackson throws this unchecked while building the tree, so the member is found by a second
      // pass.
      throw unreadableNumber(body, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    utf8.requireWellFormed(MAPPER.getFactory(), "body");
    if (root == null || root.isMissingNode()) {
      throw new ValidationException("body", "is empty; send one JSON object");
    }
    if (!root.isObject()) {
      throw new ValidationException(
          "body", "must be a JSON object but was " + FieldReader.describe(root));
    }
    return (ObjectNode) root;
  }

  /**
   * The member holding the first number of {@code body} that {@link java.math.BigDecimal} cannot
   * represent, as a validation error on its dotted path ({@code goals.conversions}); {@code e} itself
   * when no such number is found.
   */
  private static RuntimeException unreadableNumber(byte[] body, NumberFormatException e) {
    try (JsonParser p = MAPPER.getFactory().createParser(body)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
          String text = p.getText();
          try {
            new BigDecimal(text);
          } catch (NumberFormatException bad) {
            String field =
                p.getParsingContext().pathAsPointer().toString().substring(1).replace('/', '.');
            return new ValidationException(
                field.isEmpty() ? "body" : field,
                "must be a number whose exponent fits in 32 bits but was " + abbreviate(text));
          }
        }
      }
    } catch (IOException | RuntimeException other) {
      e.addSuppressed(other);
    }
    return e;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
