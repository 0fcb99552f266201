package io.mercato.core.profile;

import static io.mercato.core.profile.ProfileEvents.CONFIG;
import static io.mercato.core.profile.ProfileEvents.T0;
import static io.mercato.core.profile.ProfileEvents.WINDOWS;
import static io.mercato.core.profile.ProfileEvents.profile;
import static io.mercato.core.profile.ProfileEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.io.Patch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Profiles an old writer wrote with '?' for unpaired surrogates (issue 13 item 1): before, one such
 * profile stopped recovery with {@code UserProfile categories out of order: "?" after "b"}.
 */
class UserProfileLegacyTest {
  static UserProfile original() {
    UserProfile p = profile();
    p.apply(view(T0, "p-a", "a"));
    p.apply(view(T0 + 1_000, "p-m", "m")); // p-m/m stand for ids with U+D800
    p.apply(view(T0 + 2_000, "p-z", "z")); // p-z/z stand for ids with U+DC00
    p.apply(view(T0 + 3_000, "p-y", "m"));
    return p;
  }

  static byte[] bytes(UserProfile p) {
    BinaryWriter w = new BinaryWriter();
    p.writeTo(w);
    return w.toByteArray();
  }

  static UserProfile read(byte[] b) {
    BinaryReader in = new BinaryReader(b);
    UserProfile p = UserProfile.read(in, CONFIG, WINDOWS);
    in.expectEnd();
    return p;
  }

  @Test
  void collidedCategoriesAreSortedAndTheirAffinitiesAdded() {
    byte[] legacy = Patch.string(Patch.string(bytes(original()), "m", "?"), "z", "?");
    UserProfile p = read(legacy);
    Map<String, Double> before = original().view(T0 + 3_000, List.of()).affinity();
    Map<String, Double> after = p.view(T0 + 3_000, List.of()).affinity();
    assertThat(after.keySet()).containsExactlyInAnyOrder("a", "?");
    assertThat(after.get("?")).isCloseTo(before.get("m") + before.get("z"), within(1e-9));
    assertThat(after.get("a")).isCloseTo(before.get("a"), within(1e-9));
    // and it writes in order again: the next read is strict and equal
    assertThat(read(bytes(p)).view(T0 + 3_000, List.of())).isEqualTo(p.view(T0 + 3_000, List.of()));
  }

  @Test
  void collidedRecentItemsKeepTheNewestOccurrence() {
    byte[] legacy = Patch.string(Patch.string(bytes(original()), "p-m", "p-?"), "p-z", "p-?");
    UserProfile p = read(legacy);
    assertThat(p.view(T0 + 3_000, List.of()).recentItems())
        .extracting(RecentItem::itemId)
        .containsExactly("p-y", "p-?", "p-a");
  }

  @Test
  void categoriesOutOfOrderWithoutTheSignatureAreStillCorruption() {
    byte[] damaged = Patch.string(bytes(original()), "m", "0");
    assertThatThrownBy(() -> read(damaged))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("UserProfile categories out of order: \"0\" after \"a\"");
    byte[] twice = Patch.string(bytes(original()), "p-m", "p-z");
    assertThatThrownBy(() -> read(twice))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("listed twice");
  }
}
