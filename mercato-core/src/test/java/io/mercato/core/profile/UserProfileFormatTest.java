package io.mercato.core.profile;

import static io.mercato.core.profile.ProfileEvents.CONFIG;
import static io.mercato.core.profile.ProfileEvents.T0;
import static io.mercato.core.profile.ProfileEvents.WINDOWS;
import static io.mercato.core.profile.ProfileEvents.applyAll;
import static io.mercato.core.profile.ProfileEvents.event;
import static io.mercato.core.profile.ProfileEvents.profile;
import static io.mercato.core.profile.ProfileEvents.stream;
import static io.mercato.core.profile.ProfileEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The binary form: pinned v2 bytes, v1 still loads, round trips, damaged input. */
class UserProfileFormatTest {
  static byte[] bytes(UserProfile p) {
    BinaryWriter w = new BinaryWriter();
    p.writeTo(w);
    return w.toByteArray();
  }

  static UserProfile decode(byte[] b, ProfileConfig config) {
    BinaryReader in = new BinaryReader(b);
    UserProfile p = UserProfile.read(in, config, WINDOWS);
    in.expectEnd();
    return p;
  }

  static UserProfile pinnedExample() {
    UserProfile p = profile();
    p.apply(view(T0, "a", "c")); // T0 = 2026-11-24T12:00:00Z = 0x1a20d6d5a00
    p.apply(event("purchase", T0 + 1_000, "b", "c", 2.5));
    return p;
  }

  /** What version 1 wrote for {@link #pinnedExample()} (before purchased items were kept). */
  static final String PINNED_V1 =
      String.join(
          "",
          "01",
          "01", // version, has events
          "000001a20d6d5a00",
          "000001a20d6d5de8", // first seen T0, last seen T0 + 1 s
          "e807",
          "02", // session starts 1000 ms before last seen, 2 events
          "01",
          "01",
          "4004000000000000", // 1 purchase, 1 with a value, total 2.5
          "02",
          "0162",
          "00",
          "0161",
          "e807", // recent: b at last seen, a 1000 ms before
          "01",
          "0163",
          "4017fffde59e6b7f", // affinity: c = 5 + 1·2^(-1000/86400000) at last seen
          "01",
          "02",
          "000001a20d6d5de8", // WindowedCounts v1: 2 types, newest T0 + 1 s
          "087075726368617365",
          "010001",
          "010001", // purchase: fine [age 0: 1], coarse [age 0: 1]
          "0476696577",
          "010001",
          "010001"); // view: fine [age 0: 1], coarse [age 0: 1]

  /**
   * Regression (found by the fuzz suite): two purchases of value 1.7976931348623157E308 made the total
   * order value infinite; the snapshot kept it and reading it back failed, so the engine could not
   * restart. The total saturates instead, and the profile round-trips.
   */
  @Test
  void purchaseValuesBeyondTheLargestDoubleSaturateAndStillRoundTrip() {
    UserProfile p = profile();
    p.apply(event("purchase", T0, "a", "c", Double.MAX_VALUE));
    p.apply(event("purchase", T0 + 1, "b", "c", Double.MAX_VALUE));
    assertThat(p.totalOrderValue()).isEqualTo(Double.MAX_VALUE);
    UserProfile other = profile();
    other.apply(event("purchase", T0 + 2, "d", "c", -Double.MAX_VALUE));
    other.apply(event("purchase", T0 + 3, "e", "c", -Double.MAX_VALUE));
    assertThat(other.totalOrderValue()).isEqualTo(-Double.MAX_VALUE);
    UserProfile merged = profile();
    merged.merge(p);
    merged.merge(p);
    assertThat(merged.totalOrderValue()).isEqualTo(Double.MAX_VALUE);
    for (UserProfile x : new UserProfile[] {p, other, merged}) {
      assertThat(decode(bytes(x), CONFIG)).isEqualTo(x);
    }
  }

  /** A snapshot written before the sum saturated, with an infinite (or NaN) total, still loads. */
  @Test
  void anInfiniteTotalWrittenBeforeSaturationLoadsAsTheLargestDouble() {
    String hex = HexFormat.of().formatHex(bytes(pinnedExample()));
    String total = "4004000000000000"; // 2.5, the pinned example's total order value
    assertThat(hex).containsOnlyOnce(total);
    assertThat(
            decode(HexFormat.of().parseHex(hex.replace(total, "7ff0000000000000")), CONFIG)
                .totalOrderValue())
        .isEqualTo(Double.MAX_VALUE);
    assertThat(
            decode(HexFormat.of().parseHex(hex.replace(total, "fff0000000000000")), CONFIG)
                .totalOrderValue())
        .isEqualTo(-Double.MAX_VALUE);
    assertThat(
            decode(HexFormat.of().parseHex(hex.replace(total, "7ff8000000000000")), CONFIG)
                .totalOrderValue())
        .isZero();
  }

  @Test
  void version2BytesArePinned() {
    String hex = HexFormat.of().formatHex(bytes(pinnedExample()));
    assertThat(hex)
        .isEqualTo(
            String.join(
                "",
                "02",
                "01", // version, has events
                "000001a20d6d5a00",
                "000001a20d6d5de8", // first seen T0, last seen T0 + 1 s
                "e807",
                "02", // session starts 1000 ms before last seen, 2 events
                "01",
                "01",
                "4004000000000000", // 1 purchase, 1 with a value, total 2.5
                "02",
                "0162",
                "00",
                "0161",
                "e807", // recent: b at last seen, a 1000 ms before
                "01",
                "0163",
                "4017fffde59e6b7f", // affinity: c = 5 + 1·2^(-1000/86400000) at last seen
                "01",
                "0162",
                "00", // purchased: b at last seen
                "01",
                "02",
                "000001a20d6d5de8", // WindowedCounts v1: 2 types, newest T0 + 1 s
                "087075726368617365",
                "010001",
                "010001", // purchase: fine [age 0: 1], coarse [age 0: 1]
                "0476696577",
                "010001",
                "010001")); // view: fine [age 0: 1], coarse [age 0: 1]
    assertThat(decode(bytes(pinnedExample()), CONFIG)).isEqualTo(pinnedExample());
    assertThat(HexFormat.of().formatHex(bytes(profile()))).isEqualTo("02000100");
  }

  @Test
  void version1BytesStillLoadWithoutPurchasedItems() {
    UserProfile back = decode(HexFormat.of().parseHex(PINNED_V1), CONFIG);
    UserProfile expected = pinnedExample();
    assertThat(back.view(T0)).isEqualTo(expected.view(T0));
    assertThat(back.purchasedItems()).as("v1 did not keep them").isEmpty();
    assertThat(decode(HexFormat.of().parseHex("01000100"), CONFIG)).isEqualTo(profile());
    back.apply(event("purchase", T0 + 2_000, "z", null, null));
    assertThat(back.purchasedItems()).containsExactly("z");
  }

  @Test
  void randomProfilesRoundTrip() {
    SplittableRandom rnd = new SplittableRandom(21);
    for (int trial = 0; trial < 30; trial++) {
      UserProfile p = applyAll(stream(rnd, 1 + rnd.nextInt(500), 200, 60));
      byte[] b = bytes(p);
      UserProfile back = decode(b, CONFIG);
      assertThat(back).isEqualTo(p);
      assertThat(bytes(back)).isEqualTo(b);
      assertThat(back.view(T0 + 5 * ProfileEvents.DAY))
          .isEqualTo(p.view(T0 + 5 * ProfileEvents.DAY));
    }
  }

  @Test
  void everyTruncationIsCorruptData() {
    byte[] b = bytes(applyAll(stream(new SplittableRandom(4), 30, 20, 10)));
    for (int len = 0; len < b.length; len++) {
      byte[] cut = Arrays.copyOf(b, len);
      assertThatThrownBy(() -> decode(cut, CONFIG))
          .as("prefix of %d bytes", len)
          .isInstanceOf(CorruptDataException.class);
    }
  }

  @Test
  void unknownVersionIsCorruptData() {
    byte[] b = bytes(pinnedExample());
    b[0] = 3;
    assertThatThrownBy(() -> decode(b, CONFIG))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("unknown UserProfile version 3");
  }

  @Test
  void inconsistentContentIsCorruptData() {
    byte[] b = bytes(pinnedExample());
    byte[] firstAfterLast = b.clone();
    firstAfterLast[8] = 0x7f; // first seen becomes ...7f00 ms, after last seen (...5de8)
    assertThatThrownBy(() -> decode(firstAfterLast, CONFIG))
        .isInstanceOf(CorruptDataException.class);
    byte[] badFlag = b.clone();
    badFlag[1] = 7;
    assertThatThrownBy(() -> decode(badFlag, CONFIG)).isInstanceOf(CorruptDataException.class);
  }

  @Test
  void readingWithSmallerCapsKeepsTheNewestItemsAndHighestCategories() {
    UserProfile p = profile();
    for (int i = 0; i < 10; i++) {
      p.apply(event(i % 2 == 0 ? "purchase" : "view", T0 + i * 1_000, "i" + i, "c" + i, null));
    }
    ProfileConfig small =
        new ProfileConfig(
            3, Duration.ofDays(1), Duration.ofMinutes(30), 2, CONFIG.typeWeights(), 2);
    UserProfile back = decode(bytes(p), small);
    assertThat(back.recentItems().stream().map(RecentItem::itemId))
        .containsExactly("i9", "i8", "i7");
    assertThat(back.affinity(T0).keySet()).containsExactly("c8", "c6");
  }
}
