package io.mercato.flink.types;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A Flink serializer over a Mercato object's own versioned binary form: each value is written as
 * {@code int length | bytes}, so Flink state and network buffers hold exactly what the embedded
 * engine's snapshots and Redis hold. Subclasses say how to encode and decode (and copy, equality and
 * the snapshot); the length-prefixed I/O lives here once.
 *
 * @param <T> the serialized type
 */
public abstract class BinaryFormSerializer<T> extends TypeSerializer<T> {
  private static final long serialVersionUID = 1L;

  /** The value's binary form. */
  protected abstract byte[] encode(T value);

  /** The value {@link #encode} wrote. */
  protected abstract T decode(byte[] bytes) throws IOException;

  @Override
  public final int getLength() {
    return -1;
  }

  @Override
  public final void serialize(T value, DataOutputView out) throws IOException {
    byte[] bytes = encode(value);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  @Override
  public final T deserialize(DataInputView in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return decode(bytes);
  }

  @Override
  public final T deserialize(T reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public final void copy(DataInputView in, DataOutputView out) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    out.writeInt(bytes.length);
    out.write(bytes); // not write(in, n): some views (DataOutputSerializer) do not grow for it
  }
}
