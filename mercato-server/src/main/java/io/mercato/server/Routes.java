package io.mercato.server;

import java.util.List;

/**
 * The route table of the HTTP API. {@link MercatoServer} registers exactly these routes, and
 * {@code RoutesOpenApiTest} fails when {@code openapi.json} documents a route that is not here or
 * misses one that is. Add a route here, give it a handler in {@link MercatoServer}, and document it.
 */
public final class Routes {
  public static final ApiRoute INGEST_EVENTS =
      new ApiRoute(
          "POST",
          "/v1/events",
          "Ingest events (a JSON object, a JSON array of objects, or NDJSON)");
  public static final ApiRoute EVENT_SAMPLE =
      new ApiRoute("GET", "/v1/events/sample", "A uniform sample of recent events");
  public static final ApiRoute STATS =
      new ApiRoute(
          "GET", "/v1/stats", "Windowed statistics of a scope key (counts, rates, distinct users)");
  public static final ApiRoute PUT_ITEM =
      new ApiRoute("PUT", "/v1/items/{id}", "Create or replace the catalog entry of an item");
  public static final ApiRoute GET_ITEM =
      new ApiRoute("GET", "/v1/items/{id}", "An item: its catalog entry, or what its events imply");
  public static final ApiRoute LIST_ITEMS =
      new ApiRoute("GET", "/v1/items", "The catalog entries, a page at a time, by item id");
  public static final ApiRoute POST_ITEMS =
      new ApiRoute(
          "POST",
          "/v1/items",
          "Create or replace many catalog entries, all or nothing (a JSON object, a JSON array of objects, or NDJSON)");
  public static final ApiRoute ITEM_STATS =
      new ApiRoute("GET", "/v1/items/{id}/stats", "Windowed statistics of an item");
  public static final ApiRoute CATEGORY_STATS =
      new ApiRoute(
          "GET",
          "/v1/categories/{id}/stats",
          "Windowed statistics and trending items of a category");
  public static final ApiRoute USER_PROFILE =
      new ApiRoute("GET", "/v1/users/{id}/profile", "The live profile of a user");
  public static final ApiRoute USER_SEGMENTS =
      new ApiRoute(
          "GET", "/v1/users/{id}/segments", "The campaigns whose segment the user is in now");
  public static final ApiRoute PUT_CAMPAIGN =
      new ApiRoute("PUT", "/v1/campaigns/{id}", "Create or replace a campaign");
  public static final ApiRoute GET_CAMPAIGN =
      new ApiRoute("GET", "/v1/campaigns/{id}", "A campaign");
  public static final ApiRoute DELETE_CAMPAIGN =
      new ApiRoute("DELETE", "/v1/campaigns/{id}", "Delete a campaign that has no ads");
  public static final ApiRoute LIST_CAMPAIGNS =
      new ApiRoute("GET", "/v1/campaigns", "Every campaign, optionally of one status");
  public static final ApiRoute PUT_AD =
      new ApiRoute("PUT", "/v1/ads/{id}", "Create or replace an ad of an existing campaign");
  public static final ApiRoute GET_AD = new ApiRoute("GET", "/v1/ads/{id}", "An ad");
  public static final ApiRoute DELETE_AD = new ApiRoute("DELETE", "/v1/ads/{id}", "Delete an ad");
  public static final ApiRoute LIST_ADS =
      new ApiRoute("GET", "/v1/ads", "Every ad, optionally of one campaign");
  public static final ApiRoute TRENDING =
      new ApiRoute("GET", "/v1/trending", "Items with the most events in a window");
  public static final ApiRoute RECOMMENDATIONS =
      new ApiRoute("GET", "/v1/recommendations/{id}", "Top-n recommendations for a user, live");
  public static final ApiRoute RANK =
      new ApiRoute("POST", "/v1/rank", "Re-rank a candidate list for a user");
  public static final ApiRoute SIMILAR_ITEMS =
      new ApiRoute("GET", "/v1/similar-items/{id}", "Item-CF neighbours of an item");
  public static final ApiRoute ALS_STATUS =
      new ApiRoute("GET", "/v1/admin/models/als", "Where iALS training stands");
  public static final ApiRoute ALS_TRAIN =
      new ApiRoute("POST", "/v1/admin/models/als/train", "Train iALS now from the journal");
  public static final ApiRoute DECISIONS =
      new ApiRoute(
          "GET",
          "/v1/decisions",
          "Choose the ads to show a user in a placement now, and record their impressions");
  public static final ApiRoute DECISION_CHECK =
      new ApiRoute(
          "GET",
          "/v1/decisions/check",
          "Whether one ad may be shown to a user now, with every rule's verdict");
  public static final ApiRoute CAMPAIGN_KPIS =
      new ApiRoute(
          "GET",
          "/v1/campaigns/{id}/kpis",
          "Live KPIs of a campaign over a window, with budget, goals and a per-minute series");
  public static final ApiRoute CAMPAIGN_KPIS_STREAM =
      new ApiRoute(
          "GET",
          "/v1/campaigns/{id}/kpis/stream",
          "Server-Sent Events of a campaign's KPIs, every second and on significant change");
  public static final ApiRoute DEAD_LETTERS =
      new ApiRoute(
          "GET", "/v1/dead-letters", "The newest dead letters this node kept, newest first");
  public static final ApiRoute LIST_RULES =
      new ApiRoute("GET", "/v1/rules", "The latest version of every automation rule");
  public static final ApiRoute CREATE_RULE =
      new ApiRoute(
          "POST", "/v1/rules", "Create an automation rule (version 1), with conflict warnings");
  public static final ApiRoute PREVIEW_RULE =
      new ApiRoute(
          "POST",
          "/v1/rules/preview",
          "What a rule, saved or not, would do right now; nothing is saved or changed");
  public static final ApiRoute GET_RULE =
      new ApiRoute("GET", "/v1/rules/{id}", "The latest version of a rule");
  public static final ApiRoute PUT_RULE =
      new ApiRoute(
          "PUT",
          "/v1/rules/{id}",
          "Save a rule's next version (enable, disable and mode are members)");
  public static final ApiRoute DELETE_RULE =
      new ApiRoute(
          "DELETE",
          "/v1/rules/{id}",
          "Retire a rule: save a disabled version (versions are never erased)");
  public static final ApiRoute RULE_VERSIONS =
      new ApiRoute("GET", "/v1/rules/{id}/versions", "Every version of a rule, oldest first");
  public static final ApiRoute RULE_VERSION =
      new ApiRoute("GET", "/v1/rules/{id}/versions/{version}", "One version of a rule");
  public static final ApiRoute RULE_RUNS =
      new ApiRoute("GET", "/v1/rules/{id}/runs", "A rule's runs, newest first, a page at a time");
  public static final ApiRoute CAMPAIGN_ACTIONS =
      new ApiRoute(
          "POST",
          "/v1/campaigns/{id}/actions",
          "Adjust a campaign or one of its ads now (or preview it), through the guarded, audited change path");
  public static final ApiRoute AD_ACTIONS =
      new ApiRoute(
          "POST",
          "/v1/ads/{id}/actions",
          "Pause, resume or re-bid an ad now (or preview it), through the guarded, audited change path");
  public static final ApiRoute AUDIT =
      new ApiRoute(
          "GET",
          "/v1/audit",
          "The audit log, newest first, by campaign, rule and time, a page at a time");
  public static final ApiRoute AUDIT_STREAM =
      new ApiRoute(
          "GET", "/v1/audit/stream", "Server-Sent Events of new audit entries and rule runs");
  public static final ApiRoute AUDIT_ENTRY =
      new ApiRoute("GET", "/v1/audit/{id}", "One audit entry");
  public static final ApiRoute AUDIT_UNDO =
      new ApiRoute(
          "POST",
          "/v1/audit/{id}/undo",
          "Undo an applied change (or preview the undo); refused when a field changed since");
  public static final ApiRoute LIST_APPROVALS =
      new ApiRoute(
          "GET",
          "/v1/approvals",
          "Changes planned by rules that wait for approval (or were decided)");
  public static final ApiRoute APPROVE =
      new ApiRoute("POST", "/v1/approvals/{id}/approve", "Apply a planned change");
  public static final ApiRoute REJECT =
      new ApiRoute("POST", "/v1/approvals/{id}/reject", "Reject a planned change");
  public static final ApiRoute OVERVIEW =
      new ApiRoute(
          "GET",
          "/v1/overview",
          "The dashboard's overview tiles: ingest rates and accounting, users, campaigns, spend today, automation");
  public static final ApiRoute OVERVIEW_STREAM =
      new ApiRoute(
          "GET", "/v1/overview/stream", "Server-Sent Events of the overview tiles, every second");
  public static final ApiRoute QUALITY =
      new ApiRoute(
          "GET",
          "/v1/quality",
          "Data quality: how every record was accounted for, rejects by reason and field, lateness, skew, unknown items, volume drops");
  public static final ApiRoute HEALTH =
      new ApiRoute("GET", "/health", "Liveness: the process serves HTTP");
  public static final ApiRoute READY =
      new ApiRoute("GET", "/ready", "Readiness: the engine has recovered and accepts events");
  public static final ApiRoute METRICS = new ApiRoute("GET", "/metrics", "Prometheus metrics");
  public static final ApiRoute OPENAPI =
      new ApiRoute("GET", "/openapi.json", "This API's OpenAPI 3.1 document");
  public static final ApiRoute CONSOLE =
      new ApiRoute(
          "GET",
          "/",
          "The marketer console (an HTML page; its assets are under /console/ and /webjars/)");

  /** Every route, in the order they are documented. */
  public static final List<ApiRoute> ALL =
      List.of(
          INGEST_EVENTS,
          EVENT_SAMPLE,
          STATS,
          PUT_ITEM,
          GET_ITEM,
          LIST_ITEMS,
          POST_ITEMS,
          ITEM_STATS,
          CATEGORY_STATS,
          USER_PROFILE,
          USER_SEGMENTS,
          TRENDING,
          RECOMMENDATIONS,
          RANK,
          SIMILAR_ITEMS,
          ALS_STATUS,
          ALS_TRAIN,
          DECISIONS,
          DECISION_CHECK,
          CAMPAIGN_KPIS,
          CAMPAIGN_KPIS_STREAM,
          PUT_CAMPAIGN,
          GET_CAMPAIGN,
          DELETE_CAMPAIGN,
          LIST_CAMPAIGNS,
          PUT_AD,
          GET_AD,
          DELETE_AD,
          LIST_ADS,
          LIST_RULES,
          CREATE_RULE,
          PREVIEW_RULE,
          GET_RULE,
          PUT_RULE,
          DELETE_RULE,
          RULE_VERSIONS,
          RULE_VERSION,
          RULE_RUNS,
          CAMPAIGN_ACTIONS,
          AD_ACTIONS,
          AUDIT,
          AUDIT_STREAM,
          AUDIT_ENTRY,
          AUDIT_UNDO,
          LIST_APPROVALS,
          APPROVE,
          REJECT,
          OVERVIEW,
          OVERVIEW_STREAM,
          QUALITY,
          DEAD_LETTERS,
          HEALTH,
          READY,
          METRICS,
          OPENAPI,
          CONSOLE);

  private Routes() {}
}
