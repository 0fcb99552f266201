package io.mercato.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console at {@code GET /} in a real headless Chromium against a real engine and server: every page
 * loads without a JavaScript error (screenshots under {@code target/screenshots/}), live KPIs move when
 * events arrive, and the controls, rule editor and audit timeline act through the API.
 */
class ConsoleBrowserIT {
  private static Browser browser;

  @TempDir Path dataDir;
  private TestServer t;

  @BeforeAll
  static void openBrowser() {
    browser = Browser.start();
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void start() {
    t = TestServer.start(dataDir);
    put(
        "/v1/campaigns/sale",
        """
        {"name": "Winter sale", "start": "2026-11-23T12:30:00Z", "end": "2026-11-25T12:30:00Z", "time_zone": "UTC",
         "status": "active", "currency": "EUR", "total_budget": 1000, "daily_budget": 500,
         "discount": {"kind": "percent", "value": 10}, "tags": ["winter"],
         "segment": "profile.purchases > 0", "goals": {"participants": 10, "conversions": 2},
         "frequency_caps": {"ad_per_hour": 20, "ad_per_day": 50, "campaign_per_hour": 30, "campaign_per_day": 100}}
        """);
    put(
        "/v1/ads/shoes",
        """
        {"campaign_id": "sale", "creative": {"title": "Shoes -20%", "landing_url": "https://shop.example.com/shoes"},
         "category": "sports", "placements": ["home"], "bid": {"type": "cpc", "amount": "0.50"}, "status": "active"}
        """);
    for (String buyer : List.of("buyer-1", "buyer-2")) {
      t.postJson(
          "{\"event_id\":\"before-"
              + buyer
              + "\",\"type\":\"purchase\",\"user_id\":\""
              + buyer
              + "\",\"item_id\":\"p-1\",\"category\":\"sports\",\"value\":10,\"timestamp\":\"2026-11-24T12:00:00Z\"}");
    }
    t.postJson(
        "{\"type\":\"view\",\"user_id\":\"buyer-1\",\"item_id\":\"p-2\",\"category\":\"sports\","
            + "\"timestamp\":\"2026-11-24T12:10:00Z\"}");
    t.postJson(
        "{\"type\":\"view\",\"timestamp\":\"2026-11-24T12:10:00Z\"}"); // rejected: a dead letter to
    // show
    browser.consoleErrors(); // forget what an earlier test left
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private void put(String path, String body) {
    HttpResponse<String> r =
        t.send(
            HttpRequest.newBuilder(t.uri(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private void open(String hash) {
    browser.driver.get("http://127.0.0.1:" + t.server.port() + "/" + hash);
  }

  private WebElement await(String css) {
    return browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  private void awaitText(String css, String text) {
    browser.wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
  }

  @Test
  void everyPageLoadsWithoutAJavaScriptError() {
    record Page(String name, String hash, String ready, String text) {}
    List<Page> pages =
        List.of(
            new Page("overview", "#/overview", "#trending-table", "p-1"),
            new Page("campaigns", "#/campaigns", "#campaigns-table", "Winter sale"),
            new Page("campaign", "#/campaigns/sale", "#ads-table", "Shoes -20%"),
            new Page("rules", "#/rules", "#rule-form", "Condition"),
            new Page("user-inspector", "#/users/buyer-1/home", "#eligibility-table", "shoes"),
            new Page("health", "#/health", "#rejects-table", "user_id"));
    for (Page p : pages) {
      open(p.hash());
      awaitText(p.ready(), p.text());
      browser.screenshot(p.name());
      assertThat(browser.consoleErrors()).as("JavaScript console errors on %s", p.name()).isEmpty();
    }
    // the health page's dead letters are the rejected event as it was sent
    awaitText("#dead-letters-table", "{\"type\":\"view\",\"timestamp\":\"2026-11-24T12:10:00Z\"}");
  }

  @Test
  void theConsoleLogCheckSeesAnError() {
    open("#/overview");
    await("#trending");
    browser.driver.executeScript("console.error('probe: the log check reads the browser console')");
    browser.driver.executeScript(
        "setTimeout(() => { throw new Error('probe: an uncaught error') }, 0)");
    browser.wait.until(d -> d.findElements(By.id("trending-table")).size() > 0);
    assertThat(String.join("\n", browser.consoleErrors()))
        .contains("probe: the log check", "probe: an uncaught error");
  }

  @Test
  void servesThePageAndItsAssetsWithAStrictContentSecurityPolicy() {
    HttpResponse<String> page = t.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            v ->
                assertThat(v)
                    .contains("default-src 'self'")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline"));
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.body()).contains("/console/app.js");
    HttpResponse<String> chart = t.get("/webjars/echarts/5.3.1/dist/echarts.esm.min.js");
    assertThat(chart.statusCode()).isEqualTo(200);
    assertThat(chart.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("javascript"));
    assertThat(t.get("/console/app.js").statusCode()).isEqualTo(200);
    HttpResponse<String> dead = t.get("/v1/dead-letters?limit=0");
    assertThat(TestServer.problem(dead, 400, "invalid-request").toString()).contains("limit");
    assertThat(TestServer.json(t.get("/v1/dead-letters?reason=invalid")).path("dead_letters"))
        .hasSize(1);
    assertThat(TestServer.json(t.get("/v1/dead-letters?reason=too_late")).path("dead_letters"))
        .isEmpty();
  }

  @Test
  void aKpiTileAndChartMoveWhenEventsArrive() {
    open("#/campaigns/sale");
    awaitText("[data-tile=impressions] .tile-value", "0");
    String before = await("#chart-volume").getAttribute("data-sum");
    for (int i = 0; i < 3; i++) {
      t.postJson(
          "{\"event_id\":\"imp-"
              + i
              + "\",\"type\":\"impression\",\"user_id\":\"buyer-1\",\"ad_id\":\"shoes\","
              + "\"campaign_id\":\"sale\",\"timestamp\":\"2026-11-24T12:29:00Z\"}");
    }
    t.postJson(
        "{\"event_id\":\"clk-1\",\"type\":\"ad_click\",\"user_id\":\"buyer-1\",\"ad_id\":\"shoes\","
            + "\"campaign_id\":\"sale\",\"timestamp\":\"2026-11-24T12:29:10Z\"}");
    awaitText("[data-tile=impressions] .tile-value", "3");
    awaitText("[data-tile=clicks] .tile-value", "1");
    browser.wait.until(
        d -> !before.equals(d.findElement(By.id("chart-volume")).getAttribute("data-sum")));
    assertThat(
            Double.parseDouble(
                browser.driver.findElement(By.id("chart-volume")).getAttribute("data-sum")))
        .isEqualTo(Double.parseDouble(before) + 4);
    browser.screenshot("campaign-live");
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void pausingACampaignOnItsPageStopsItsAdsInDecisions() {
    assertThat(
            TestServer.json(t.get("/v1/decisions?user_id=buyer-1&placement=home&n=2")).path("ads"))
        .hasSize(1);
    open("#/campaigns/sale");
    awaitText("#campaign-status", "active");
    await("#toggle-status").click();
    await("[data-confirm=yes]").click();
    awaitText("[data-applied=pause]", "status");
    awaitText("#campaign-status", "paused");
    browser.screenshot("campaign-paused");
    assertThat(
            TestServer.json(t.get("/v1/decisions?user_id=buyer-2&placement=home&n=2")).path("ads"))
        .isEmpty();
    assertThat(TestServer.json(t.get("/v1/campaigns/sale")).path("status").asText())
        .isEqualTo("paused");
    // the change is in the page's audit timeline, made by the person the page names (X-Actor)
    awaitText("#audit-timeline", "person console");
    awaitText("#audit-timeline", "active");
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void aRuleWithABrokenConditionShowsTheCelErrorAtTheField() {
    open("#/rules");
    WebElement id = await("#rule-form [data-field=id]");
    id.sendKeys("broken");
    browser
        .driver
        .findElement(By.cssSelector("#rule-form [data-field='scope.campaign_ids']"))
        .sendKeys("sale");
    browser
        .driver
        .findElement(By.cssSelector("#rule-form [data-field=condition]"))
        .sendKeys("cvr < 0.02 && clickz > 10");
    await("#rule-save").click();
    WebElement error = await(".field-error[data-error-for=condition]");
    assertThat(error.getText()).contains("line 1, column").contains("clickz");
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("#rule-form [data-field=condition]"))
                .getAttribute("class"))
        .contains("invalid");
    browser.screenshot("rules-broken-condition");
    assertThat(TestServer.json(t.get("/v1/rules")).path("rules")).isEmpty(); // nothing saved
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void aSavedRuleFiresAndItsChangeIsUndoneFromTheAuditTimeline() {
    open("#/rules");
    await("#rule-form [data-field=id]").sendKeys("raise-discount");
    browser
        .driver
        .findElement(By.cssSelector("#rule-form [data-field='scope.campaign_ids']"))
        .sendKeys("sale");
    browser
        .driver
        .findElement(By.cssSelector("#rule-form [data-field=condition]"))
        .sendKeys("impressions >= 0");
    new Select(browser.driver.findElement(By.cssSelector("#rule-form [data-field=mode]")))
        .selectByValue("auto");
    await("#rule-preview-button").click();
    awaitText("#preview-table", "discount");
    await("#rule-save").click();
    await("[data-saved='raise-discount@1']");
    browser.screenshot("rules-saved");

    open("#/campaigns/sale");
    awaitText("#campaign-discount", "percent 15");
    awaitText("#audit-timeline", "raise-discount@1");
    browser.screenshot("campaign-rule-fired");
    await("#audit-timeline [data-undo]").click();
    await("[data-confirm=yes]").click();
    awaitText("#audit-timeline", "undone by");
    awaitText("#campaign-discount", "percent 10");
    browser.screenshot("campaign-undone");
    assertThat(
            TestServer.json(t.get("/v1/campaigns/sale")).path("discount").path("value").asDouble())
        .isEqualTo(10.0);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void aPlannedChangeWaitingForApprovalIsApprovedOnTheCampaignPage() {
    HttpResponse<String> saved =
        t.send(
            HttpRequest.newBuilder(t.uri("/v1/rules"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        """
            {"id": "ask-first", "name": "Raise, with approval", "scope": {"campaign_ids": ["sale"]}, "window": "10m",
             "condition": "discount < 30.0", "trigger": {"every": "1m"}, "cooldown": "1h", "max_actions_per_day": 2,
             "actions": [{"type": "change_discount", "how": "add", "amount": 5, "max": 30}], "mode": "require_approval"}
            """))
                .build());
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
    open("#/campaigns/sale");
    await("#campaign-approvals [data-approve]");
    awaitText("#campaign-approvals", "percent:15");
    assertThat(
            TestServer.json(t.get("/v1/campaigns/sale")).path("discount").path("value").asDouble())
        .isEqualTo(10.0);
    browser.screenshot("campaign-approval");
    await("#campaign-approvals [data-approve]").click();
    await("#campaign-approvals [data-confirm=yes]").click();
    awaitText("#campaign-discount", "percent 15");
    awaitText("#campaign-approvals", "No change waits for approval.");
    assertThat(
            TestServer.json(t.get("/v1/campaigns/sale")).path("discount").path("value").asDouble())
        .isEqualTo(15.0);
    assertThat(browser.consoleErrors()).isEmpty();
  }
}
