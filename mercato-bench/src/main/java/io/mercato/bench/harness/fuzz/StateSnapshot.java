package io.mercato.bench.harness.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import io.mercato.bench.harness.child.StateReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a server holds, read at a quiet moment: the all-time event counts per type, the campaign, ad
 * and catalog listings, and the time-independent part of the profile of every user valid events
 * may name. Two snapshots of one data directory, before and after a restart, must be equal.
 */
record StateSnapshot(
    Map<String, Long> counts,
    JsonNode campaigns,
    JsonNode ads,
    JsonNode catalog,
    Map<String, JsonNode> profiles) {

  static StateSnapshot read(StateReader reader, List<String> users) {
    Map<String, JsonNode> profiles = new LinkedHashMap<>();
    for (String u : users) {
      profiles.put(u, reader.profile(u));
    }
    return new StateSnapshot(
        reader.eventCounts(), reader.campaigns(), reader.ads(), reader.catalog(), profiles);
  }

  /** Each type whose count differs from {@code expected}, e.g. {@code click: 12 held, 11 expected}. */
  List<String> countsDiffer(Map<String, Long> expected) {
    List<String> out = new ArrayList<>();
    TreeSet<String> types = new TreeSet<>(expected.keySet());
    types.addAll(counts.keySet());
    for (String t : types) {
      long want = expected.getOrDefault(t, 0L);
      long held = counts.getOrDefault(t, 0L);
      if (want != held) {
        out.add(t + ": " + held + " held, " + want + " expected");
      }
    }
    return out;
  }

  /** What differs from {@code before} (listings and profiles; counts are checked against the ledger). */
  List<String> differences(StateSnapshot before) {
    List<String> out = new ArrayList<>();
    if (!Objects.equals(campaigns, before.campaigns)) {
      out.add(
          "the campaign listing changed: "
              + ResponseOracle.abbreviate(before.campaigns.toString())
              + " became "
              + ResponseOracle.abbreviate(campaigns.toString()));
    }
    if (!Objects.equals(ads, before.ads)) {
      out.add(
          "the ad listing changed: "
              + ResponseOracle.abbreviate(before.ads.toString())
              + " became "
              + ResponseOracle.abbreviate(ads.toString()));
    }
    if (!Objects.equals(catalog, before.catalog)) {
      out.add(
          "the catalog changed: "
              + before.catalog.size()
              + " entries became "
              + catalog.size()
              + ": "
              + ResponseOracle.abbreviate(catalog.toString()));
    }
    int shown = 0;
    for (Map.Entry<String, JsonNode> e : before.profiles.entrySet()) {
      JsonNode now = profiles.get(e.getKey());
      if (!Objects.equals(now, e.getValue()) && shown++ < 5) {
        out.add(
            "profile of "
                + ResponseOracle.abbreviate(e.getKey())
                + " changed: "
                + ResponseOracle.abbreviate(String.valueOf(e.getValue()))
                + " became "
                + ResponseOracle.abbreviate(String.valueOf(now)));
      }
    }
    return out;
  }
}
