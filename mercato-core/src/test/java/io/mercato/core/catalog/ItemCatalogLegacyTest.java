package io.mercato.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.io.Patch;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Catalog files an old writer wrote with '?' for unpaired surrogates (issue 13 item 1). */
class ItemCatalogLegacyTest {
  static byte[] written() {
    ItemCatalog c = new ItemCatalog();
    c.put(new CatalogItem("i-a", null, 1.0, true, Map.of(), 10));
    c.put(new CatalogItem("i-m", null, 2.0, true, Map.of(), 20)); // stands for i-\ud800
    c.put(new CatalogItem("i-z", null, 3.0, true, Map.of(), 15)); // stands for i-\udc00
    BinaryWriter w = new BinaryWriter();
    c.writeTo(w);
    return w.toByteArray();
  }

  @Test
  void idsThatBecameOneKeepTheEntryUpdatedLast() {
    byte[] legacy = Patch.string(Patch.string(written(), "i-m", "i-?"), "i-z", "i-?");
    ItemCatalog c = ItemCatalog.read(new BinaryReader(legacy));
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.get("i-?").orElseThrow().price()).isEqualTo(2.0);
    assertThat(c.get("i-a").orElseThrow().price()).isEqualTo(1.0);
  }

  @Test
  void idsOutOfOrderWithoutTheSignatureAreStillCorruption() {
    byte[] damaged = Patch.string(written(), "i-m", "i-0");
    assertThatThrownBy(() -> ItemCatalog.read(new BinaryReader(damaged)))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("catalog item ids out of order: \"i-0\" after \"i-a\"");
  }
}
