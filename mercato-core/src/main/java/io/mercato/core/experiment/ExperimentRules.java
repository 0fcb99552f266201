package io.mercato.core.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.ads.CampaignRules;
import io.mercato.core.ads.DefinitionFields;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.EventLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads an experiment definition from its JSON form and checks every rule, reporting each broken one
 * with its field (a client gets them all at once, as {@code application/problem+json}):
 * <pre>{@code
 * {"key": "reco-als", "name": "ALS against item-CF", "mode": "ab",
 *  "arms": [{"name": "control", "kind": "recommendation_strategy", "payload": {"strategy": "item_cf"}},
 *           {"name": "als", "kind": "recommendation_strategy", "payload": {"strategy": "als"}}],
 *  "control": "control", "weights": {"control": 1, "als": 1},
 *  "targeting": "profile.purchases >= 1", "salt": "reco-als-1",
 *  "primary_metric": "conversion", "guardrail_metrics": ["revenue_per_user", "latency"],
 *  "start": "2026-03-01T00:00:00Z", "stop": "2026-04-01T00:00:00Z",
 *  "holdouts": {"global": 0.05, "campaigns": [{"campaign_id": "spring-sale", "share": 0.1}]}}
 * }</pre>
 * <ul>
 *   <li>{@code key}: optional; when given it must equal the key the write is addressed to. A key is
 *       {@link #KEY}: lower-case letters, digits, {@code _ . -}, at most 64 characters.
 *   <li>{@code name}: required, non-blank, at most {@value #MAX_NAME_LENGTH} characters.
 *   <li>{@code mode}: {@code ab} (default), {@code bandit} or {@code interleaving}.
 *   <li>{@code arms}: required array of 2 to {@value #MAX_ARMS} objects {@code {name, kind, payload}}
 *       (see {@link ArmReader}); names are distinct, {@link #NAME}, and not {@code holdout}.
 *   <li>{@code control}: the name of an arm; default the first arm.
 *   <li>{@code weights}: in {@code ab} mode required, an object with one finite number {@code >= 0}
 *       per arm and only arms, with a positive sum; in the other modes it must be left out (a bandit
 *       starts equal and learns, interleaving serves both arms in every answer).
 *   <li>{@code targeting}: optional CEL condition over the profile (see {@link SegmentCompiler});
 *       absent, null or blank targets everyone.
 *   <li>{@code salt}: {@link #SALT}; default the key.
 *   <li>{@code primary_metric}: required, one of {@code ctr, conversion, revenue_per_user, latency};
 *       {@code guardrail_metrics}: optional array of distinct metrics other than the primary one.
 *   <li>{@code start}, {@code stop}: optional ISO-8601 date-times with an offset; without a start the
 *       experiment is a draft; a stop needs a start and comes after it.
 *   <li>{@code holdouts}: optional {@code {global, campaigns}}: a share in {@code [0, 0.5]} (default 0)
 *       and an array of {@code {campaign_id, share}}, one per campaign, each share in {@code (0, 0.5]}
 *       (at most {@value #MAX_CAMPAIGN_HOLDOUTS}). That the campaigns exist is not checked: a holdout
 *       may be declared before its campaign.
 *   <li>{@code bandit}: only in {@code bandit} mode, optional {@code {burn_in, cadence, floor}}: ISO-8601
 *       durations ({@code "PT24H"}, cadence at least one minute) and a share in {@code [0, 1/arms]};
 *       members left out take {@link BanditSettings#DEFAULTS}.
 *   <li>Mode rules: a bandit's arms are all of one kind and its primary metric is binary (ctr or
 *       conversion); interleaving has exactly two {@code recommendation_strategy} arms and primary
 *       metric {@code ctr}.
 * </ul>
 * {@code null} for an optional member means absent. Unknown members are refused, and so are
 * {@code version} and {@code updated_at}, which reads return but the server sets. Thread-safe.
 */
public final class ExperimentRules {
  /** Experiment keys: what URLs, events and answers carry. */
  public static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  /** Arm names (the same alphabet as keys). */
  public static final Pattern NAME = KEY;

  /** Salts: letters, digits, {@code _ . -}, 1 to 64 characters. */
  public static final Pattern SALT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** The group name of held-out users in analyses; no arm may take it. */
  public static final String HOLDOUT_GROUP = "holdout";

  public static final int MAX_NAME_LENGTH = 200;
  public static final int MAX_ARMS = 10;
  public static final int MAX_CAMPAIGN_HOLDOUTS = 100;
  static final List<String> FIELDS =
      List.of(
          "key",
          "name",
          "mode",
          "arms",
          "control",
          "weights",
          "targeting",
          "salt",
          "primary_metric",
          "guardrail_metrics",
          "start",
          "stop",
          "holdouts",
          "bandit");
  static final List<String> SERVER_SET = List.of("version", "updated_at");

  private final int maxIdLength;
  private final SegmentCompiler segments;

  public ExperimentRules(EventLimits limits, SegmentCompiler segments) {
    this.maxIdLength =
        Math.min(
            CampaignRules.MAX_ID_LENGTH, Objects.requireNonNull(limits, "limits").maxIdLength());
    this.segments = Objects.requireNonNull(segments, "segments");
  }

  /**
   * The definition {@code body} describes, as version {@code version} of experiment {@code key}.
   *
   * @param key           the key the write is addressed to (the path key)
   * @param version       the version it becomes (the repository's latest + 1), at least 1
   * @param updatedMillis stamped as {@link ExperimentDefinition#updatedMillis()}
   * @throws ValidationException listing every broken rule, each with its field
   */
  public ExperimentDefinition read(ObjectNode body, String key, int version, long updatedMillis) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(key, "key");
    List<FieldError> errors = new ArrayList<>();
    DefinitionFields r = DefinitionFields.of(body, errors, FIELDS, SERVER_SET);
    if (!KEY.matcher(key).matches()) {
      r.error("key", keyMessage(key));
    }
    String bodyKey = r.text("key", false);
    if (bodyKey != null && !bodyKey.equals(key)) {
      r.error(
          "key",
          "must match the experiment key of the request (\""
              + DefinitionFields.abbreviate(key)
              + "\") but was \""
              + DefinitionFields.abbreviate(bodyKey)
              + "\"; leave it out or send the same key");
    }
    String name = r.label("name", true, MAX_NAME_LENGTH);
    ExperimentMode mode = mode(r);
    ArmReader armReader = new ArmReader(r, maxIdLength);
    List<ArmReader.Parsed> arms = armReader.arms(mode);
    String control = armReader.control(arms);
    List<Arm> weighted = armReader.weights(arms, mode);
    String targeting = targeting(r, errors);
    String salt = salt(r, key);
    Metric primary = metric(r, "primary_metric", true);
    List<Metric> guardrails = guardrails(r, primary);
    Instant start = r.instant("start", false);
    Instant stop = r.instant("stop", false);
    if (stop != null && start == null && !r.reported("start")) {
      r.error("stop", "needs a start; give start too, or leave stop out");
    } else if (stop != null && start != null && !stop.isAfter(start)) {
      r.error("stop", "must be after start (" + start + ") but was " + stop);
    }
    Holdouts holdouts = new PlanReader(r, maxIdLength).holdouts();
    BanditSettings bandit = new PlanReader(r, maxIdLength).bandit(mode, arms.size());
    ModeRules.check(r, mode, arms, primary);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new ExperimentDefinition(
        key,
        version,
        name,
        mode,
        weighted,
        control,
        targeting,
        salt,
        primary,
        guardrails,
        start,
        stop,
        holdouts,
        bandit,
        updatedMillis);
  }

  /**
   * Checks a key on its own (a path parameter before any body is read).
   *
   * @throws ValidationException on field {@code key} when it is not {@link #KEY}
   */
  public static void checkKey(String key) {
    Objects.requireNonNull(key, "key");
    if (!KEY.matcher(key).matches()) {
      throw new ValidationException("key", keyMessage(key));
    }
  }

  private static String keyMessage(String key) {
    return "must be 1 to 64 lower-case letters, digits, '_', '.' or '-', starting with a letter or digit, but was \""
        + DefinitionFields.abbreviate(key)
        + "\"";
  }

  private static ExperimentMode mode(DefinitionFields r) {
    String text = r.text("mode", false);
    if (text == null) {
      return r.reported("mode") ? null : ExperimentMode.AB;
    }
    ExperimentMode m = ExperimentMode.fromWire(text).orElse(null);
    if (m == null) {
      r.error(
          "mode",
          "must be one of "
              + String.join(", ", ExperimentMode.wireNames())
              + " but was \""
              + DefinitionFields.abbreviate(text)
              + "\"");
    }
    return m;
  }

  private String targeting(DefinitionFields r, List<FieldError> errors) {
    String t = r.text("targeting", false);
    if (t == null || t.isBlank()) {
      return null;
    }
    try {
      segments.compile(t);
    } catch (ValidationException e) {
      // The compiler names its field after campaigns ("segment"); here the condition is
      // "targeting".
      e.errors().forEach(fe -> errors.add(new FieldError(r.path("targeting"), fe.message())));
    }
    return t;
  }

  private static String salt(DefinitionFields r, String key) {
    String s = r.text("salt", false);
    if (s == null) {
      return key;
    }
    if (!SALT.matcher(s).matches()) {
      r.error(
          "salt",
          "must be 1 to 64 letters, digits, '_', '.' or '-' but was \""
              + DefinitionFields.abbreviate(s)
              + "\"");
      return null;
    }
    return s;
  }

  static Metric metric(DefinitionFields r, String name, boolean required) {
    String text = r.text(name, required);
    if (text == null) {
      return null;
    }
    Metric m = Metric.fromWire(text).orElse(null);
    if (m == null) {
      r.error(
          name,
          "must be one of "
              + String.join(", ", Metric.wireNames())
              + " but was \""
              + DefinitionFields.abbreviate(text)
              + "\"");
    }
    return m;
  }

  private static List<Metric> guardrails(DefinitionFields r, Metric primary) {
    JsonNode v = r.given("guardrail_metrics");
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      r.error(
          "guardrail_metrics",
          "must be an array of metric names but was " + DefinitionFields.describe(v));
      return List.of();
    }
    List<Metric> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String at = "guardrail_metrics[" + i + "]";
      JsonNode e = v.get(i);
      Metric m = e.isTextual() ? Metric.fromWire(e.textValue()).orElse(null) : null;
      if (m == null) {
        r.error(
            at,
            "must be one of "
                + String.join(", ", Metric.wireNames())
                + " but was "
                + (e.isTextual()
                    ? "\"" + DefinitionFields.abbreviate(e.textValue()) + "\""
                    : DefinitionFields.describe(e)));
      } else if (m == primary) {
        r.error(at, "\"" + m + "\" is the primary metric; a guardrail is another metric");
      } else if (out.contains(m)) {
        r.error(at, "\"" + m + "\" appears more than once");
      } else {
        out.add(m);
      }
    }
    return out;
  }
}
