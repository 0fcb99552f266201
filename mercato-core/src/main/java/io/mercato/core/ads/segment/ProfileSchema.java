package io.mercato.core.ads.segment;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelLateFunctionBindings;
import dev.cel.runtime.CelVariableResolver;
import io.mercato.core.ads.SegmentInput;
import io.mercato.core.ads.SegmentVariables;
import io.mercato.core.event.EventTypes;
import io.mercato.core.profile.ProfileView;
import io.mercato.core.profile.RecentItem;
import io.mercato.core.profile.Session;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a segment condition sees: the variables and the function declared to CEL, and how each is
 * computed from a {@link SegmentInput}. The names are those of the profile API
 * ({@code GET /v1/users/{id}/profile}), snake_case.
 *
 * <table>
 *   <caption>the {@code profile} of a segment condition</caption>
 *   <tr><th>name</th><th>CEL type</th><th>value</th></tr>
 *   <tr><td>{@code profile.user_id}</td><td>string</td><td>the user id</td></tr>
 *   <tr><td>{@code profile.affinity}</td><td>map(string, double)</td><td>category → share of the user's
 *       decayed interest, 0..1, summing to 1 over the user's categories ({@link ProfileView#affinityShare()});
 *       {@code > 0.3} means "more than 30% of what the user is into". Only categories the user has;
 *       test with {@code "golf" in profile.affinity} first, as a missing key is an evaluation error</td></tr>
 *   <tr><td>{@code profile.affinity_score}</td><td>map(string, double)</td><td>the decayed scores
 *       themselves ({@link ProfileView#affinity()}): event weights halving every half-life</td></tr>
 *   <tr><td>{@code profile.counts}</td><td>map(string, map(string, int))</td><td>event type → window
 *       name (e.g. {@code "10m"}) → the user's events of that type in that window now. Every configured
 *       window is present for every standard type ({@link EventTypes#KNOWN}), every type the user has
 *       and every string literal of the expression, with 0 when the user has none: so
 *       {@code profile.counts["click"]["10m"]} is never an error; an unconfigured window is</td></tr>
 *   <tr><td>{@code profile.purchases}</td><td>int</td><td>all-time purchase events</td></tr>
 *   <tr><td>{@code profile.total_order_value}</td><td>double</td><td>sum of purchase values</td></tr>
 *   <tr><td>{@code profile.average_order_value}</td><td>double</td><td>per purchase with a value; 0.0 when none had one</td></tr>
 *   <tr><td>{@code profile.recent_items}</td><td>list(string)</td><td>recently touched items, most recent first</td></tr>
 *   <tr><td>{@code profile.purchased_items}</td><td>list(string)</td><td>recently purchased items
 *       (the newest {@value io.mercato.core.profile.UserProfile#PURCHASED_ITEMS}), in id order</td></tr>
 *   <tr><td>{@code profile.session_events}</td><td>int</td><td>events of the current session; 0 when none is current</td></tr>
 *   <tr><td>{@code profile.session_items}</td><td>list(string)</td><td>items of the current session, most recent first</td></tr>
 *   <tr><td>{@code profile.first_seen}, {@code profile.last_seen}</td><td>timestamp</td><td>event time of the
 *       user's oldest and newest event; both {@code now} for a user without events</td></tr>
 *   <tr><td>{@code now}</td><td>timestamp</td><td>the time the profile is evaluated at (the newest event
 *       time the engine has seen), e.g. {@code now - profile.first_seen < duration("24h")}</td></tr>
 *   <tr><td>{@code profile.purchased(item)}</td><td>(string) → bool</td><td>whether {@code item} is
 *       among the purchased items</td></tr>
 * </table>
 */
final class ProfileSchema {
  static final String PURCHASED_FUNCTION = "profile.purchased";
  static final String PURCHASED_OVERLOAD = "profile_purchased_string";

  private static final MapType STRING_TO_DOUBLE =
      MapType.create(SimpleType.STRING, SimpleType.DOUBLE);
  private static final ListType STRINGS = ListType.create(SimpleType.STRING);

  /** Variable name → CEL type, in documentation order. */
  static final Map<String, CelType> VARIABLES = variables();

  private ProfileSchema() {}

  private static Map<String, CelType> variables() {
    Map<String, CelType> v = new LinkedHashMap<>();
    v.put("profile.user_id", SimpleType.STRING);
    v.put("profile.affinity", STRING_TO_DOUBLE);
    v.put("profile.affinity_score", STRING_TO_DOUBLE);
    v.put(
        "profile.counts",
        MapType.create(SimpleType.STRING, MapType.create(SimpleType.STRING, SimpleType.INT)));
    v.put("profile.purchases", SimpleType.INT);
    v.put("profile.total_order_value", SimpleType.DOUBLE);
    v.put("profile.average_order_value", SimpleType.DOUBLE);
    v.put("profile.recent_items", STRINGS);
    v.put("profile.purchased_items", STRINGS);
    v.put("profile.session_events", SimpleType.INT);
    v.put("profile.session_items", STRINGS);
    v.put("profile.first_seen", SimpleType.TIMESTAMP);
    v.put("profile.last_seen", SimpleType.TIMESTAMP);
    v.put("now", SimpleType.TIMESTAMP);
    return Collections.unmodifiableMap(v);
  }

  /** {@code profile.purchased(string) -> bool}, bound per evaluation (it reads the input). */
  static CelFunctionDecl purchasedFunction() {
    return CelFunctionDecl.newFunctionDeclaration(
        PURCHASED_FUNCTION,
        CelOverloadDecl.newGlobalOverload(PURCHASED_OVERLOAD, SimpleType.BOOL, SimpleType.STRING));
  }

  /** The names a condition may use, for error messages. */
  static String names() {
    return String.join(", ", VARIABLES.keySet()) + ", " + PURCHASED_FUNCTION + "(item)";
  }

  /** The per-evaluation binding of {@code profile.purchased} over the input's purchased items. */
  // CEL marks function bindings @Immutable for bindings shared across evaluations; this one lives
  // for
  // a single evaluation and the input's set is not changed while it runs.
  @SuppressWarnings("Immutable")
  static CelLateFunctionBindings functions(SegmentInput input) {
    Set<String> purchased = input.purchased();
    return CelLateFunctionBindings.from(
        CelFunctionBinding.from(PURCHASED_OVERLOAD, String.class, purchased::contains));
  }

  /**
   * The variables of one evaluation. Each is computed when the program first asks for it, so a
   * condition that reads only {@code profile.purchases} builds no map.
   *
   * @param typeLiterals extra event types whose counts are filled with zeros (the expression's literals)
   */
  static CelVariableResolver variables(SegmentInput input, Set<String> typeLiterals) {
    return variables(new SegmentVariables(input), typeLiterals);
  }

  /**
   * {@link #variables(SegmentInput, Set)} whose values are computed once per {@code shared} input and
   * reused by every segment evaluated on it; only {@code profile.counts} gets this segment's literal
   * types added (to a copy, and only when the shared map lacks one).
   */
  static CelVariableResolver variables(SegmentVariables shared, Set<String> typeLiterals) {
    return name -> {
      Object value =
          switch (name) {
            case "profile.counts" -> withLiterals(shared, typeLiterals);
            case "profile.user_id",
                "profile.affinity",
                "profile.affinity_score",
                "profile.purchases",
                "profile.total_order_value",
                "profile.average_order_value",
                "profile.recent_items",
                "profile.purchased_items",
                "profile.session_events",
                "profile.session_items",
                "profile.first_seen",
                "profile.last_seen",
                "now" ->
                shared.get(name, in -> compute(name, in));
            default -> null;
          };
      return Optional.ofNullable(value);
    };
  }

  /** The value of variable {@code name} (other than {@code profile.counts}) for {@code input}. */
  private static Object compute(String name, SegmentInput input) {
    ProfileView v = input.profile();
    return switch (name) {
      case "profile.user_id" -> input.userId();
      case "profile.affinity" -> v.affinityShare();
      case "profile.affinity_score" -> v.affinity();
      case "profile.purchases" -> v.purchases();
      case "profile.total_order_value" -> v.totalOrderValue();
      case "profile.average_order_value" ->
          v.averageOrderValue() == null ? 0.0 : v.averageOrderValue();
      case "profile.recent_items" -> v.recentItems().stream().map(RecentItem::itemId).toList();
      case "profile.purchased_items" -> input.purchased().stream().sorted().toList();
      case "profile.session_events" -> v.session() == null ? 0L : (long) v.session().events();
      case "profile.session_items" -> sessionItems(v.session());
      case "profile.first_seen" ->
          Instant.ofEpochMilli(v.firstSeenMillis() == null ? v.nowMillis() : v.firstSeenMillis());
      case "profile.last_seen" ->
          Instant.ofEpochMilli(v.lastSeenMillis() == null ? v.nowMillis() : v.lastSeenMillis());
      case "now" -> Instant.ofEpochMilli(v.nowMillis());
      default -> throw new IllegalArgumentException("no variable " + name);
    }; // each arm boxed on its own: long → Long, double → Double
  }

  /** The shared counts, plus zeros for the literal types it lacks (in a copy). */
  private static Map<String, Map<String, Long>> withLiterals(
      SegmentVariables shared, Set<String> typeLiterals) {
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Long>> base =
        (Map<String, Map<String, Long>>)
            shared.get("profile.counts", in -> counts(in.profile(), Set.of()));
    if (base.keySet().containsAll(typeLiterals)) {
      return base;
    }
    Map<String, Long> zeros = new LinkedHashMap<>();
    shared.input().profile().counts().keySet().forEach(window -> zeros.put(window, 0L));
    Map<String, Map<String, Long>> out = new LinkedHashMap<>(base);
    typeLiterals.forEach(t -> out.putIfAbsent(t, zeros));
    return out;
  }

  private static List<String> sessionItems(Session s) {
    return s == null ? List.of() : s.items();
  }

  /**
   * Type → window → count, transposed from the view's window → type (which omits zeros), with a zero
   * for every window of every standard type, literal and type the user has.
   */
  static Map<String, Map<String, Long>> counts(ProfileView v, Collection<String> typeLiterals) {
    Set<String> types = new LinkedHashSet<>(EventTypes.KNOWN);
    types.addAll(typeLiterals);
    v.counts().values().forEach(perType -> types.addAll(perType.keySet()));
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    for (String type : types) {
      Map<String, Long> perWindow = new LinkedHashMap<>();
      v.counts()
          .forEach((window, perType) -> perWindow.put(window, perType.getOrDefault(type, 0L)));
      out.put(type, perWindow);
    }
    return out;
  }
}
