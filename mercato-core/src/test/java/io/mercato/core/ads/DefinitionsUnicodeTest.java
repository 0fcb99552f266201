package io.mercato.core.ads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.MalformedInputException;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.EventLimits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 13 items 1 and 8 for campaign and ad definitions: the id rule and well-formed text. */
class DefinitionsUnicodeTest {
  static final CampaignRules CAMPAIGNS =
      new CampaignRules(EventLimits.defaults(), new SegmentCompiler());
  static final AdRules ADS = new AdRules(EventLimits.defaults());
  static final String CAMPAIGN =
      """
      {"name": "%s", "start": "2026-03-01T00:00:00Z", "end": "2026-04-01T00:00:00Z",
       "currency": "EUR", "total_budget": 1000, "daily_budget": 100}""";
  static final String AD =
      """
      {"campaign_id": "spring", "creative": {"title": "%s", "landing_url": "https://shop.example/x"},
       "placements": ["home"], "bid": {"type": "cpc", "amount": "0.40"}}""";

  static List<FieldError> campaignErrors(byte[] body, String id) {
    try {
      CAMPAIGNS.read(AdsJson.parseObject(body), id, 1L);
    } catch (ValidationException e) {
      return e.errors();
    }
    throw new AssertionError("accepted");
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void campaignIdsFollowTheIdRuleLikeEventIds() {
    for (String bad :
        new String[] {"q\r\nx", "q\tx", "q\u007Fx", "q\u0085x", "q-\uD800", " ", "a\u2028b"}) {
      List<FieldError> errors = campaignErrors(utf8(CAMPAIGN.formatted("Sale")), bad);
      assertThat(errors)
          .as(bad)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.field()).isEqualTo("id");
                assertThat(e.message()).startsWith("the campaign id of the request must");
              });
    }
  }

  @Test
  void theInjectionIdOfTheIssueIsAValidIdStoredAsIs() {
    String id = "q\",\"admin\":true,\"x\":\"";
    Campaign c = CAMPAIGNS.read(AdsJson.parseObject(utf8(CAMPAIGN.formatted("Sale"))), id, 1L);
    assertThat(c.id()).isEqualTo(id); // harmless data, as long as nobody concatenates it into JSON
  }

  @Test
  void adIdsFollowTheIdRule() {
    assertThatThrownBy(() -> ADS.read(AdsJson.parseObject(utf8(AD.formatted("T"))), "ad\n1", 1L))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .singleElement()
                    .satisfies(f -> assertThat(f.field()).isEqualTo("id"))
                    .satisfies(
                        f ->
                            assertThat(f.message())
                                .isEqualTo(
                                    "the ad id of the request must not contain control characters (found U+000A at position 2)")));
  }

  @Test
  void loneSurrogatesInTextMembersAreRefusedOnTheMember() {
    assertThat(campaignErrors(utf8(CAMPAIGN.formatted("Sale \\ud800")), "spring"))
        .singleElement()
        .satisfies(e -> assertThat(e.field()).isEqualTo("name"))
        .satisfies(
            e ->
                assertThat(e.message())
                    .contains("unpaired UTF-16 surrogate (found U+D800 at position 5)"));
    assertThatThrownBy(
            () -> ADS.read(AdsJson.parseObject(utf8(AD.formatted("T \\udc00"))), "ad-1", 1L))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactly("creative.title"));
    String placements = AD.formatted("T").replace("[\"home\"]", "[\"home\", \"x\\udbff\"]");
    assertThatThrownBy(() -> ADS.read(AdsJson.parseObject(utf8(placements)), "ad-1", 1L))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactly("placements[1]"));
  }

  @Test
  void malformedUtf8IsRefusedOnTheMemberThatHoldsIt() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    String[] halves = AD.formatted("T@").split("@");
    b.writeBytes(utf8(halves[0]));
    b.writeBytes(new byte[] {(byte) 0xC0, (byte) 0xAF});
    b.writeBytes(utf8(halves[1]));
    assertThatThrownBy(() -> AdsJson.parseObject(b.toByteArray()))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .singleElement()
                    .satisfies(f -> assertThat(f.field()).isEqualTo("creative.title"))
                    .satisfies(
                        f ->
                            assertThat(f.message())
                                .startsWith("must be well-formed UTF-8: C0 AF at byte offset ")));
    byte[] outside = utf8("{\"name\": 1, \"x\": \u0000}".replace('\u0000', '#'));
    outside[outside.length - 2] = (byte) 0xFF;
    assertThatThrownBy(() -> AdsJson.parseObject(outside))
        .isInstanceOfSatisfying(
            MalformedInputException.class,
            e ->
                assertThat(e.getMessage())
                    .startsWith("body is not well-formed UTF-8: FF at byte offset 17"));
    byte[] name = utf8("{\"na@me\": 1}");
    name[4] = (byte) 0x80;
    assertThatThrownBy(() -> AdsJson.parseObject(name))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .singleElement()
                    .satisfies(f -> assertThat(f.field()).isEqualTo("body")));
  }
}
