package io.mercato.bench.harness.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles JSON objects from members whose values are raw bytes, so a value can be what no JSON
 * library writes: a {@code NaN} token, bytes that are not UTF-8, a name given twice. Names and
 * well-formed values are encoded by Jackson; only the joining is done here, on purpose.
 */
final class RawJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RawJson() {}

  /** One member: the encoded name (with its quotes) and the raw value. */
  record Member(byte[] name, byte[] value) {
    static Member of(String name, byte[] value) {
      return new Member(encode(name), value);
    }

    static Member of(String name, String rawValue) {
      return new Member(encode(name), ascii(rawValue));
    }
  }

  /** The members of {@code node}, in order, each value encoded by Jackson. */
  static List<Member> members(JsonNode node) {
    List<Member> out = new ArrayList<>();
    node.fields()
        .forEachRemaining(e -> out.add(new Member(encode(e.getKey()), encode(e.getValue()))));
    return out;
  }

  /** {@code {name:value,...}}. */
  static byte[] object(List<Member> members) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('{');
    for (int i = 0; i < members.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(members.get(i).name());
      out.write(':');
      out.writeBytes(members.get(i).value());
    }
    out.write('}');
    return out.toByteArray();
  }

  /** Jackson's encoding of a string, number, tree... (lone surrogates come out as {@code \\uD800} escapes). */
  static byte[] encode(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value, e);
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** {@code a} followed by {@code b}. */
  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** {@code bytes} with {@code insert} put in at {@code at}. */
  static byte[] insert(byte[] bytes, int at, byte[] insert) {
    byte[] out = new byte[bytes.length + insert.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(bytes, at, out, at + insert.length, bytes.length - at);
    return out;
  }

  /** {@code depth} nested arrays or objects around {@code 1}, e.g. {@code [[[1]]]}. */
  static byte[] nested(int depth, boolean objects) {
    StringBuilder sb = new StringBuilder(depth * 6 + 1);
    for (int i = 0; i < depth; i++) {
      sb.append(objects ? "{\"a\":" : "[");
    }
    sb.append('1');
    for (int i = 0; i < depth; i++) {
      sb.append(objects ? '}' : ']');
    }
    return ascii(sb.toString());
  }
}
