package io.mercato.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogItemTest {
  @Test
  void blankIdIsRefused() {
    assertThatThrownBy(() -> CatalogItem.of(" ", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("itemId");
    assertThatThrownBy(() -> CatalogItem.of(null, 0)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void priceMustBeFiniteAndNotNegative() {
    for (double bad : new double[] {-0.01, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new CatalogItem("p", null, bad, true, Map.of(), 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("price");
    }
    assertThat(new CatalogItem("p", null, 0.0, true, Map.of(), 0).price()).isZero();
  }

  @Test
  void negativeZeroPriceIsStoredAsZero() {
    CatalogItem item = new CatalogItem("p", null, -0.0, true, Map.of(), 0);
    assertThat(Double.doubleToRawLongBits(item.price())).isEqualTo(Double.doubleToRawLongBits(0.0));
    assertThat(item).isEqualTo(new CatalogItem("p", null, 0.0, true, Map.of(), 0));
  }

  @Test
  void blankCategoryIsRefused() {
    assertThatThrownBy(() -> new CatalogItem("p", "", null, true, Map.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("category");
  }

  @Test
  void attributesAreFlatScalarsCopiedAndUnmodifiable() {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("brand", "acme");
    attrs.put("size", 42L);
    CatalogItem item = new CatalogItem("p", null, null, true, attrs, 0);
    attrs.put("later", true);
    assertThat(item.attributes()).containsOnlyKeys("brand", "size");
    assertThatThrownBy(() -> item.attributes().put("x", 1L))
        .isInstanceOf(UnsupportedOperationException.class);

    assertThatThrownBy(() -> new CatalogItem("p", null, null, true, Map.of("n", 1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attribute n");
    assertThatThrownBy(() -> new CatalogItem("p", null, null, true, Map.of("d", Double.NaN), 0))
        .isInstanceOf(IllegalArgumentException.class);
    Map<String, Object> nullValue = new HashMap<>();
    nullValue.put("v", null);
    assertThatThrownBy(() -> new CatalogItem("p", null, null, true, nullValue, 0))
        .isInstanceOf(NullPointerException.class);
  }
}
