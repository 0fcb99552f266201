package io.mercato.core.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.mercato.core.ads.DefinitionFields;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a definition's {@code holdouts} and {@code bandit} members (see {@link ExperimentRules}). */
final class PlanReader {
  private final DefinitionFields r;
  private final int maxIdLength;

  PlanReader(DefinitionFields r, int maxIdLength) {
    this.r = r;
    this.maxIdLength = maxIdLength;
  }

  Holdouts holdouts() {
    DefinitionFields h = r.object("holdouts", false, List.of("global", "campaigns"));
    if (h == null) {
      return Holdouts.NONE;
    }
    Double global = share(h, "global", true);
    Map<String, Double> campaigns = new TreeMap<>();
    JsonNode c = h.given("campaigns");
    boolean campaignsOk = true;
    if (c != null && !c.isArray()) {
      h.error(
          "campaigns",
          "must be an array of {campaign_id, share} but was " + DefinitionFields.describe(c));
      campaignsOk = false;
    } else if (c != null && c.size() > ExperimentRules.MAX_CAMPAIGN_HOLDOUTS) {
      h.error(
          "campaigns",
          "must have at most "
              + ExperimentRules.MAX_CAMPAIGN_HOLDOUTS
              + " entries but has "
              + c.size());
      campaignsOk = false;
    } else if (c != null) {
      for (int i = 0; i < c.size(); i++) {
        DefinitionFields e = h.element("campaigns", i, c.get(i), List.of("campaign_id", "share"));
        String id = e == null ? null : e.id("campaign_id", true, maxIdLength);
        Double share = e == null ? null : share(e, "share", false);
        if (e != null && share == null && e.given("share") == null) {
          e.required("share");
        }
        if (id != null && campaigns.containsKey(id)) {
          e.error(
              "campaign_id",
              "\""
                  + DefinitionFields.abbreviate(id)
                  + "\" has a holdout already; one per campaign");
          campaignsOk = false;
        } else if (id != null && share != null) {
          campaigns.put(id, share);
        } else {
          campaignsOk = false;
        }
      }
    }
    return global == null || !campaignsOk ? Holdouts.NONE : new Holdouts(global, campaigns);
  }

  /**
   * Member {@code name} as a share: a finite JSON number in [0, 0.5] ({@code zeroAllowed}) or (0, 0.5].
   * Absent is 0 when allowed.
   */
  private static Double share(DefinitionFields f, String name, boolean zeroAllowed) {
    JsonNode v = f.given(name);
    if (v == null) {
      return zeroAllowed ? 0.0 : null;
    }
    double d = v.isNumber() ? v.doubleValue() : Double.NaN;
    boolean inRange = d <= Holdouts.MAX_SHARE && (zeroAllowed ? d >= 0 : d > 0);
    if (!inRange) {
      f.error(
          name,
          "must be a number in "
              + (zeroAllowed ? "[0" : "(0")
              + ", "
              + Holdouts.MAX_SHARE
              + "] but was "
              + (v.isNumber() ? v.asText() : DefinitionFields.describe(v)));
      return null;
    }
    return d;
  }

  BanditSettings bandit(ExperimentMode mode, int arms) {
    JsonNode v = r.given("bandit");
    if (mode != ExperimentMode.BANDIT) {
      if (v != null && mode != null) {
        r.error("bandit", "is for bandit mode only; leave it out or set mode to bandit");
      }
      return null;
    }
    DefinitionFields b = r.object("bandit", false, List.of("burn_in", "cadence", "floor"));
    BanditSettings d = BanditSettings.DEFAULTS;
    if (b == null) {
      return r.reported("bandit") ? null : d;
    }
    Duration burnIn = duration(b, "burn_in", d.burnIn(), Duration.ZERO);
    Duration cadence = duration(b, "cadence", d.cadence(), BanditSettings.MIN_CADENCE);
    double maxFloor = arms > 0 ? 1.0 / arms : 1.0;
    double floor = d.floor();
    JsonNode f = b.given("floor");
    if (f != null) {
      floor = f.isNumber() ? f.doubleValue() : Double.NaN;
      if (!(floor >= 0 && floor <= maxFloor)) {
        b.error(
            "floor",
            "must be a number in [0, 1/arms] = [0, "
                + maxFloor
                + "] but was "
                + (f.isNumber() ? f.asText() : DefinitionFields.describe(f)));
        return null;
      }
    } else if (floor > maxFloor) {
      floor = maxFloor;
    }
    return burnIn == null || cadence == null ? null : new BanditSettings(burnIn, cadence, floor);
  }

  /** An ISO-8601 duration ({@code "PT1H"}) of at least {@code min}; {@code fallback} when not given. */
  private static Duration duration(
      DefinitionFields f, String name, Duration fallback, Duration min) {
    String s = f.text(name, false);
    if (s == null) {
      return f.reported(name) ? null : fallback;
    }
    Duration d;
    try {
      d = Duration.parse(s);
    } catch (DateTimeParseException e) {
      f.error(
          name,
          "must be an ISO-8601 duration such as PT1H or P1D but was \""
              + DefinitionFields.abbreviate(s)
              + "\"");
      return null;
    }
    if (d.compareTo(min) < 0) {
      f.error(name, "must be at least " + min + " but was " + d);
      return null;
    }
    return d;
  }
}
