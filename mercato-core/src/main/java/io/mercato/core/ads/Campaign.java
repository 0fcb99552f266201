package io.mercato.core.ads;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A campaign: when it runs, what it may spend, whom it targets and what it aims at. Field-level
 * validation with messages for clients lives in {@code CampaignRules}; the compact constructor only
 * re-checks structural invariants so hand-built campaigns cannot be inconsistent.
 *
 * @param id            the campaign id; never blank
 * @param name          a display name; never blank
 * @param start         first instant the campaign may serve (inclusive)
 * @param end           instant it stops serving (exclusive); after {@code start}
 * @param timeZone      the zone whose calendar days the daily budget follows
 * @param status        lifecycle state
 * @param currency      ISO 4217 code of every amount of the campaign and its ads
 * @param totalBudget   the most the campaign may spend over its run; positive
 * @param dailyBudget   the most it may spend per calendar day in {@code timeZone}; positive, at
 *                      most {@code totalBudget}; pacing spreads it over the day
 * @param discount      the promotion it offers, or null
 * @param segment       a CEL condition over the user's live profile (see {@code SegmentCompiler}),
 *                      or null for everyone
 * @param goals         optional goals
 * @param caps          per-user frequency caps
 * @param updatedMillis when the definition was last written, epoch ms
 * @param tags          labels a marketer groups campaigns by (automation rules select campaigns by
 *                      them); never null, sorted, unmodifiable; empty when none
 */
public record Campaign(
    String id,
    String name,
    Instant start,
    Instant end,
    ZoneId timeZone,
    CampaignStatus status,
    String currency,
    BigDecimal totalBudget,
    BigDecimal dailyBudget,
    Discount discount,
    String segment,
    CampaignGoals goals,
    FrequencyCaps caps,
    long updatedMillis,
    Set<String> tags) {

  public Campaign {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(timeZone, "timeZone");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(totalBudget, "totalBudget");
    Objects.requireNonNull(dailyBudget, "dailyBudget");
    goals = goals == null ? CampaignGoals.NONE : goals;
    caps = caps == null ? FrequencyCaps.DEFAULTS : caps;
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("end must be after start");
    }
    if (totalBudget.signum() <= 0 || dailyBudget.signum() <= 0) {
      throw new IllegalArgumentException("budgets must be positive");
    }
    if (segment != null && segment.isBlank()) {
      segment = null;
    }
    tags =
        tags == null || tags.isEmpty()
            ? Collections.emptySortedSet()
            : Collections.unmodifiableSortedSet(new TreeSet<>(tags));
  }

  /** A campaign without tags. */
  public Campaign(
      String id,
      String name,
      Instant start,
      Instant end,
      ZoneId timeZone,
      CampaignStatus status,
      String currency,
      BigDecimal totalBudget,
      BigDecimal dailyBudget,
      Discount discount,
      String segment,
      CampaignGoals goals,
      FrequencyCaps caps,
      long updatedMillis) {
    this(
        id,
        name,
        start,
        end,
        timeZone,
        status,
        currency,
        totalBudget,
        dailyBudget,
        discount,
        segment,
        goals,
        caps,
        updatedMillis,
        Set.of());
  }

  /** True when the campaign is active and {@code now} is within [start, end). */
  public boolean runningAt(Instant now) {
    return status == CampaignStatus.ACTIVE && !now.isBefore(start) && now.isBefore(end);
  }

  /** The calendar day of {@code now} in the campaign's zone: the day its daily budget belongs to. */
  public LocalDate dayOf(Instant now) {
    return LocalDate.ofInstant(now, timeZone);
  }

  /**
   * The share of the campaign's day elapsed at {@code now}, in [0, 1]: the pacing target is this
   * share of the daily budget. Days of 23 or 25 hours (DST changes) are measured as they are.
   */
  public double dayElapsed(Instant now) {
    LocalDate day = dayOf(now);
    Instant dayStart = day.atStartOfDay(timeZone).toInstant();
    Instant dayEnd = day.plusDays(1).atStartOfDay(timeZone).toInstant();
    double span = dayEnd.toEpochMilli() - dayStart.toEpochMilli();
    return Math.min(1.0, Math.max(0.0, (now.toEpochMilli() - dayStart.toEpochMilli()) / span));
  }

  /** The share of the campaign's run elapsed at {@code now}, in [0, 1]. */
  public double runElapsed(Instant now) {
    double span = end.toEpochMilli() - start.toEpochMilli();
    return Math.min(1.0, Math.max(0.0, (now.toEpochMilli() - start.toEpochMilli()) / span));
  }
}
