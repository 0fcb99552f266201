package io.mercato.core.campaign.change;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdStatus;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.ads.Discount;
import io.mercato.core.error.ValidationException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Plans every change of a campaign or ad — rule runs, manual adjustments, approvals and undo alike
 * — from current values, with the {@link Guardrails} applied: the one place where what a change may
 * do is decided. It changes nothing; {@link CampaignChanges} commits the plan.
 *
 * <p>Limits are applied in this order: the operation's own bounds (its {@code min}/{@code max} or
 * ceiling: part of what it means, so clamped for everyone), then for a rule's run the maximum change
 * per run, then the hard per-field limits. A rule's change is clamped to each limit it passes and
 * every clamp is noted on the change; a person's change that passes a guardrail is refused with
 * {@link GuardrailViolationException} naming the field. A clamp never turns a change around: a
 * rule raising a discount that is already above the guardrail changes nothing (noted) rather than
 * lowering it. Operations that find nothing to do (pausing a paused campaign) give an empty plan
 * with a note. Thread-safe and stateless.
 */
public final class ChangePlanner {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private final Guardrails g;

  public ChangePlanner(Guardrails guardrails) {
    this.g = Objects.requireNonNull(guardrails, "guardrails");
  }

  public Guardrails guardrails() {
    return g;
  }

  /**
   * The plan of {@code adjustment} made by {@code actor} from the values in {@code ctx}.
   *
   * @throws UnknownEntityException      when the target (or a budget move's destination, for a
   *                                     person) does not exist
   * @throws GuardrailViolationException when a person's change passes a guardrail
   * @throws ValidationException         when a person's change cannot apply (resuming an ended campaign)
   * @throws StaleChangeException        when a restore finds the field no longer at the expected value
   * @throws UndoRefusedException        the same, for a restore that undoes an audit entry
   */
  public ChangePlan plan(Adjustment adjustment, Actor actor, Provenance why, ChangeContext ctx) {
    Objects.requireNonNull(adjustment, "adjustment");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(why, "why");
    Objects.requireNonNull(ctx, "ctx");
    Run run = new Run(actor, why, ctx.now());
    EntityRef t = adjustment.target();
    Operation op = adjustment.operation();
    if (t.kind() == EntityKind.AD) {
      Ad ad = ctx.ad(t.id());
      if (ad == null) {
        throw new UnknownEntityException("ad \"" + t.id() + "\"");
      }
      if (op instanceof Operation.Pause || op instanceof Operation.Resume) {
        adStatus(run, ad, op instanceof Operation.Pause);
      } else if (op instanceof Operation.ChangeBid b) {
        bid(run, ad, b);
      } else if (op instanceof Operation.Restore r) {
        restore(run, t, ad.campaignId(), FieldValues.read(ad, r.field()), r);
      }
    } else {
      Campaign c = ctx.campaign(t.id());
      if (c == null) {
        throw new UnknownEntityException("campaign \"" + t.id() + "\"");
      }
      if (op instanceof Operation.Pause || op instanceof Operation.Resume) {
        campaignStatus(run, c, op instanceof Operation.Pause);
      } else if (op instanceof Operation.ExtendEnd e) {
        extend(run, c, e);
      } else if (op instanceof Operation.ChangeDiscount d) {
        discount(run, c, d);
      } else if (op instanceof Operation.ChangeDailyBudget b) {
        dailyBudget(run, c, b);
      } else if (op instanceof Operation.MoveBudget m) {
        move(run, c, m, ctx);
      } else if (op instanceof Operation.Restore r) {
        restore(run, t, c.id(), FieldValues.read(c, r.field()), r);
      }
    }
    return new ChangePlan(run.changes, run.notes);
  }

  // ------------------------------------------------------------------------------- operations

  private static void campaignStatus(Run run, Campaign c, boolean pause) {
    CampaignStatus from = pause ? CampaignStatus.ACTIVE : CampaignStatus.PAUSED;
    CampaignStatus to = pause ? CampaignStatus.PAUSED : CampaignStatus.ACTIVE;
    if (c.status() == to) {
      run.notes.add("campaign " + c.id() + " is already " + to.wireName());
    } else if (c.status() != from) {
      run.cannot(
          "status",
          "campaign "
              + c.id()
              + " is "
              + c.status().wireName()
              + ": only a "
              + from.wireName()
              + " campaign can be "
              + (pause ? "paused" : "resumed"));
    } else {
      run.change(
          EntityRef.campaign(c.id()), c.id(), ChangeField.STATUS, from.wireName(), to.wireName());
    }
  }

  private static void adStatus(Run run, Ad ad, boolean pause) {
    AdStatus to = pause ? AdStatus.PAUSED : AdStatus.ACTIVE;
    if (ad.status() == to) {
      run.notes.add("ad " + ad.id() + " is already " + to.wireName());
    } else {
      run.change(
          EntityRef.ad(ad.id()),
          ad.campaignId(),
          ChangeField.STATUS,
          ad.status().wireName(),
          to.wireName());
    }
  }

  private void extend(Run run, Campaign c, Operation.ExtendEnd e) {
    Duration by = e.by();
    if (run.rule && by.compareTo(g.maxExtensionPerRun()) > 0) {
      run.clamp(
          "end: extension of "
              + by
              + " clamped to "
              + g.maxExtensionPerRun()
              + " (guardrail max_extension_per_run)");
      by = g.maxExtensionPerRun();
    }
    Instant target = c.end().plus(by);
    if (e.ceiling() != null && target.isAfter(e.ceiling())) {
      run.clamp("end: " + target + " clamped to the action's ceiling " + e.ceiling());
      target = e.ceiling();
    }
    Instant hard = c.start().plus(g.maxRunLength());
    if (target.isAfter(hard)) {
      run.limit(
          "end",
          "would be "
              + target
              + ", past the end-date ceiling "
              + hard
              + " (start + "
              + g.maxRunLength().toDays()
              + " days, guardrail max_run_length)");
      target = hard;
    }
    if (!target.isAfter(c.end())) {
      run.notes.add("campaign " + c.id() + " already ends at " + c.end() + ", its ceiling");
      return;
    }
    run.change(
        EntityRef.campaign(c.id()), c.id(), ChangeField.END, c.end().toString(), target.toString());
  }

  private void discount(Run run, Campaign c, Operation.ChangeDiscount d) {
    Discount current = c.discount();
    if (current == null && d.how() == Adjust.PERCENT) {
      run.cannot("discount", "campaign " + c.id() + " has no discount to change by a percentage");
      return;
    }
    Discount.Kind kind = current == null ? Discount.Kind.PERCENT : current.kind();
    BigDecimal cur = current == null ? BigDecimal.ZERO : current.value();
    BigDecimal want = d.how().apply(cur, d.amount());
    BigDecimal v = own(run, "discount", want, d.min(), d.max());
    if (run.rule) {
      BigDecimal step =
          kind == Discount.Kind.PERCENT ? g.maxDiscountPointsPerRun() : percentOf(cur);
      v =
          perRun(
              run,
              "discount",
              cur,
              v,
              step,
              kind == Discount.Kind.PERCENT
                  ? "max_discount_points_per_run"
                  : "max_change_percent_per_run");
    }
    if (kind == Discount.Kind.PERCENT) {
      v =
          hardMax(
              run,
              "discount",
              v,
              g.maxDiscountPercent(),
              "the highest percent discount (max_discount_percent)");
    }
    if (v.signum() <= 0) {
      run.cannot(
          "discount",
          "would be "
              + v.toPlainString()
              + ": a discount must stay positive (pause the campaign "
              + "to stop its promotion)");
      return;
    }
    if (!sameDirection(cur, want, v)) {
      run.notes.add(
          "discount of "
              + c.id()
              + " stays "
              + FieldValues.discount(current)
              + ": it is already beyond the limit the change would be clamped to");
      return;
    }
    String after = FieldValues.discount(new Discount(kind, FieldValues.canonical(v)));
    run.changeIfDifferent(
        EntityRef.campaign(c.id()),
        c.id(),
        ChangeField.DISCOUNT,
        FieldValues.discount(current),
        after);
  }

  private void bid(Run run, Ad ad, Operation.ChangeBid b) {
    BigDecimal cur = ad.bid().amount();
    BigDecimal percent = b.percent();
    if (run.rule && percent.abs().compareTo(g.maxChangePercentPerRun()) > 0) {
      BigDecimal limited =
          g.maxChangePercentPerRun().multiply(BigDecimal.valueOf(percent.signum()));
      run.clamp(
          "bid: change of "
              + percent.toPlainString()
              + "% clamped to "
              + limited.toPlainString()
              + "% (guardrail max_change_percent_per_run)");
      percent = limited;
    }
    BigDecimal want = Adjust.PERCENT.apply(cur, b.percent());
    BigDecimal v = own(run, "bid", Adjust.PERCENT.apply(cur, percent), b.min(), b.max());
    v = hardMax(run, "bid", v, g.maxBid(), "the highest bid (max_bid)");
    v = hardMin(run, "bid", v, g.minBid(), "the lowest bid (min_bid)");
    if (!sameDirection(cur, want, v)) {
      run.notes.add(
          "bid of ad "
              + ad.id()
              + " stays "
              + FieldValues.amount(cur)
              + ": it is already beyond the limit the change would be clamped to");
      return;
    }
    run.changeIfDifferent(
        EntityRef.ad(ad.id()),
        ad.campaignId(),
        ChangeField.BID,
        FieldValues.amount(cur),
        FieldValues.amount(v));
  }

  private void dailyBudget(Run run, Campaign c, Operation.ChangeDailyBudget b) {
    BigDecimal cur = c.dailyBudget();
    BigDecimal want = b.how().apply(cur, b.amount());
    BigDecimal v = own(run, "daily_budget", want, b.min(), b.max());
    if (run.rule) {
      v = perRun(run, "daily_budget", cur, v, percentOf(cur), "max_change_percent_per_run");
    }
    v = hardMax(run, "daily_budget", v, c.totalBudget(), "the campaign's total budget");
    v =
        hardMax(
            run,
            "daily_budget",
            v,
            g.maxDailyBudget(),
            "the highest daily budget (max_daily_budget)");
    if (v.signum() <= 0) {
      run.cannot(
          "daily_budget", "would be " + v.toPlainString() + ": a daily budget must stay positive");
      return;
    }
    if (!sameDirection(cur, want, v)) {
      run.notes.add(
          "daily budget of "
              + c.id()
              + " stays "
              + FieldValues.amount(cur)
              + ": it is already beyond the limit the change would be clamped to");
      return;
    }
    run.changeIfDifferent(
        EntityRef.campaign(c.id()),
        c.id(),
        ChangeField.DAILY_BUDGET,
        FieldValues.amount(cur),
        FieldValues.amount(v));
  }

  private void move(Run run, Campaign from, Operation.MoveBudget m, ChangeContext ctx) {
    Campaign to = ctx.campaign(m.to());
    if (to == null) {
      if (!run.rule) {
        throw new UnknownEntityException("campaign \"" + m.to() + "\" to move budget to");
      }
      run.notes.add(
          "no budget moved from " + from.id() + ": there is no campaign \"" + m.to() + "\"");
      return;
    }
    if (to.id().equals(from.id())) {
      run.cannot("to", "budget cannot move from campaign " + from.id() + " to itself");
      return;
    }
    if (!to.currency().equals(from.currency())) {
      run.cannot(
          "to",
          "budget cannot move between currencies ("
              + from.id()
              + " is in "
              + from.currency()
              + ", "
              + to.id()
              + " in "
              + to.currency()
              + ")");
      return;
    }
    if (m.amount().signum() <= 0) {
      run.cannot("amount", "must be positive but was " + m.amount().toPlainString());
      return;
    }
    // what the source can give: its total may not fall below what it spent, nor below its daily
    // budget
    BigDecimal floor = ctx.spent(from.id()).max(from.dailyBudget());
    BigDecimal movable = from.totalBudget().subtract(floor).max(BigDecimal.ZERO);
    BigDecimal a = m.amount();
    if (run.rule) {
      BigDecimal step =
          movable
              .multiply(g.maxMovePercentPerRun())
              .movePointLeft(2)
              .setScale(6, RoundingMode.DOWN);
      if (a.compareTo(step) > 0) {
        run.clamp(
            "amount: move of "
                + FieldValues.amount(a)
                + " clamped to "
                + FieldValues.amount(step)
                + " (guardrail max_move_percent_per_run: "
                + g.maxMovePercentPerRun().toPlainString()
                + "% of the "
                + FieldValues.amount(movable)
                + " campaign "
                + from.id()
                + " may give)");
        a = step;
      }
    } else if (a.compareTo(movable) > 0) {
      throw new GuardrailViolationException(
          "amount",
          "would take campaign "
              + from.id()
              + "'s total budget below "
              + FieldValues.amount(floor)
              + " (what it spent, or its daily budget): at most "
              + FieldValues.amount(movable)
              + " can move but "
              + FieldValues.amount(a)
              + " was asked");
    }
    a = FieldValues.canonical(a);
    if (a.signum() <= 0) {
      run.notes.add(
          "no budget moved from "
              + from.id()
              + ": it has nothing it may give (total "
              + FieldValues.amount(from.totalBudget())
              + ", floor "
              + FieldValues.amount(floor)
              + ")");
      return;
    }
    BigDecimal fromAfter = from.totalBudget().subtract(a);
    BigDecimal toAfter = to.totalBudget().add(a);
    if (fromAfter.add(toAfter).compareTo(from.totalBudget().add(to.totalBudget())) != 0) {
      throw new IllegalStateException(
          "a budget move must conserve the total"); // arithmetic on BigDecimal: never
    }
    run.change(
        EntityRef.campaign(from.id()),
        from.id(),
        ChangeField.TOTAL_BUDGET,
        FieldValues.amount(from.totalBudget()),
        FieldValues.amount(fromAfter));
    run.change(
        EntityRef.campaign(to.id()),
        to.id(),
        ChangeField.TOTAL_BUDGET,
        FieldValues.amount(to.totalBudget()),
        FieldValues.amount(toAfter));
  }

  private static void restore(
      Run run, EntityRef t, String campaignId, String current, Operation.Restore r) {
    if (!current.equals(r.expected())) {
      if (run.why.undoOf() != null) {
        throw new UndoRefusedException(
            run.why.undoOf(),
            r.field().wireName()
                + " of "
                + t
                + " changed since: the "
                + "change set it to "
                + r.expected()
                + " and it is now "
                + current);
      }
      throw new StaleChangeException(t, r.field(), r.expected(), current);
    }
    run.changeIfDifferent(t, campaignId, r.field(), current, r.value());
  }

  // ----------------------------------------------------------------------------------- limits

  /** The operation's own bounds: clamped for everyone, noted. */
  private static BigDecimal own(
      Run run, String field, BigDecimal v, BigDecimal min, BigDecimal max) {
    if (max != null && v.compareTo(max) > 0) {
      run.clamp(
          field
              + ": "
              + FieldValues.amount(v)
              + " clamped to the action's max "
              + FieldValues.amount(max));
      v = max;
    }
    if (min != null && v.compareTo(min) < 0) {
      run.clamp(
          field
              + ": "
              + FieldValues.amount(v)
              + " clamped to the action's min "
              + FieldValues.amount(min));
      v = min;
    }
    return v;
  }

  /** The maximum change per run: {@code v} within {@code cur ± step}. */
  private static BigDecimal perRun(
      Run run, String field, BigDecimal cur, BigDecimal v, BigDecimal step, String name) {
    BigDecimal hi = cur.add(step);
    BigDecimal lo = cur.subtract(step);
    if (v.compareTo(hi) > 0 || v.compareTo(lo) < 0) {
      BigDecimal to = v.compareTo(hi) > 0 ? hi : lo;
      run.clamp(
          field
              + ": "
              + FieldValues.amount(v)
              + " clamped to "
              + FieldValues.amount(to)
              + ", the most one run "
              + "may change it from "
              + FieldValues.amount(cur)
              + " (guardrail "
              + name
              + ")");
      return to;
    }
    return v;
  }

  private BigDecimal percentOf(BigDecimal cur) {
    return cur.multiply(g.maxChangePercentPerRun()).movePointLeft(2);
  }

  private static BigDecimal hardMax(
      Run run, String field, BigDecimal v, BigDecimal max, String what) {
    if (max != null && v.compareTo(max) > 0) {
      run.limit(
          field,
          "would be "
              + FieldValues.amount(v)
              + ", above "
              + what
              + " of "
              + FieldValues.amount(max));
      return max;
    }
    return v;
  }

  private static BigDecimal hardMin(
      Run run, String field, BigDecimal v, BigDecimal min, String what) {
    if (v.compareTo(min) < 0) {
      run.limit(
          field,
          "would be "
              + FieldValues.amount(v)
              + ", below "
              + what
              + " of "
              + FieldValues.amount(min));
      return min;
    }
    return v;
  }

  /** True unless clamping turned the change around (or made it move when it was not meant to). */
  private static boolean sameDirection(BigDecimal cur, BigDecimal wanted, BigDecimal got) {
    int w = wanted.compareTo(cur);
    int d = got.compareTo(cur);
    return d == 0 || w == d;
  }

  /** One planning: who plans, and what it has found so far. */
  private static final class Run {
    final Actor actor;
    final boolean rule;
    final Provenance why;
    final Instant now;
    final List<CampaignChange> changes = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<String> clamps = new ArrayList<>();

    Run(Actor actor, Provenance why, Instant now) {
      this.actor = actor;
      this.rule = actor.isRule();
      this.why = why;
      this.now = now;
    }

    void clamp(String note) {
      clamps.add(note);
      notes.add("clamped " + note);
    }

    /** A hard limit: a rule is clamped (noted), a person refused. */
    void limit(String field, String message) {
      if (!rule) {
        throw new GuardrailViolationException(field, message);
      }
      clamp(field + ": " + message);
    }

    /** The operation cannot apply: a rule notes it and changes nothing, a person is refused. */
    void cannot(String field, String message) {
      if (!rule) {
        throw new ValidationException(field, message);
      }
      notes.add(message);
    }

    void changeIfDifferent(
        EntityRef e, String campaignId, ChangeField f, String before, String after) {
      if (before.equals(after)) {
        notes.add(f.wireName() + " of " + e + " is already " + after);
      } else {
        change(e, campaignId, f, before, after);
      }
    }

    void change(EntityRef e, String campaignId, ChangeField f, String before, String after) {
      changes.add(
          new CampaignChange(
              e,
              campaignId,
              f,
              before,
              after,
              actor,
              why.reason(),
              !clamps.isEmpty(),
              String.join("; ", clamps),
              why.kpis(),
              why.undoOf()));
    }
  }
}
