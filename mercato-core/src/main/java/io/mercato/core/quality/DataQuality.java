package io.mercato.core.quality;

import io.mercato.core.catalog.CatalogView;
import io.mercato.core.error.FieldError;
import io.mercato.core.event.Event;
import io.mercato.core.event.RejectReason;
import io.mercato.core.event.Rejection;
import io.mercato.core.time.Windows;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The data-quality view of one node: every ingestion path reports each batch it handled
 * ({@link #record}), and {@link #report} says how every record was accounted for, per source; why
 * events were rejected, per reason and field; how late events were against the newest event time;
 * the skew of event time against arrival; how many events named items the catalog does not know; and
 * which (type, source) series dropped far below their usual volume ({@link VolumeMonitor}).
 *
 * <p>What a runtime cannot know it does not guess: without a catalog ({@code catalog} null) unknown
 * items are not counted, and where lateness is judged elsewhere (a cluster API node: the Flink job
 * decides) timeliness is not classified; the report leaves those parts null.
 *
 * <p>Bounded: at most {@link QualityConfig#maxSources()} sources (later ones count as
 * {@value #OTHER_SOURCE}, which is tracked on top), {@value #MAX_FIELDS} distinct rejected fields per reason (later ones count
 * as {@value #OTHER_FIELD}), and the volume monitor's cap. Thread-safe; {@link #record} costs a few
 * hash lookups per batch and O(1) per event, counting into adders rather than under a shared lock.
 */
public final class DataQuality {
  /** Where events of sources beyond {@link QualityConfig#maxSources()} are counted. */
  public static final String OTHER_SOURCE = "other";

  /** Where rejections on fields beyond {@value #MAX_FIELDS} per reason are counted. */
  public static final String OTHER_FIELD = "other";

  /** Distinct fields counted per reject reason. */
  public static final int MAX_FIELDS = 128;

  private static final int MAX_FIELD_LENGTH = 64;

  /** Told when a new metric key appears, so a metrics binding can register it. */
  public interface Listener {
    /** A source was seen for the first time. */
    default void newSource(String source) {}

    /** A (reason, field) of rejections was seen for the first time. */
    default void newReject(RejectReason reason, String field) {}
  }

  private record RejectKey(RejectReason reason, String field) {}

  private final QualityConfig config;
  private final Windows windows;
  private final InstantSource clock;
  private final Supplier<CatalogView> catalog;
  private final boolean judgesLateness;
  private final long sinceMillis;
  private final Map<String, SourceTally> sources = new ConcurrentHashMap<>();
  private final Map<RejectKey, LongAdder> rejects = new ConcurrentHashMap<>();
  private final Map<RejectReason, Set<String>> fieldsSeen = new EnumMap<>(RejectReason.class);
  private final LongAdder[] timeliness = new LongAdder[Timeliness.values().length];
  private final LongAdder itemsChecked = new LongAdder();
  private final LongAdder itemsUnknown = new LongAdder();
  private final ArrivalSkew skew;
  private final VolumeMonitor volume;
  private volatile Listener listener = new Listener() {};

  /**
   * @param windows        the statistics windows (the lateness rules)
   * @param catalog        the catalog to check item ids against (may answer null while not open), or
   *                       null where this runtime has none
   * @param judgesLateness whether {@link IngestBatch#newestBeforeMillis()} is known here
   */
  public DataQuality(
      QualityConfig config,
      Windows windows,
      InstantSource clock,
      Supplier<CatalogView> catalog,
      boolean judgesLateness) {
    this.config = Objects.requireNonNull(config, "config");
    this.windows = Objects.requireNonNull(windows, "windows");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.catalog = catalog;
    this.judgesLateness = judgesLateness;
    this.sinceMillis = clock.millis();
    for (int i = 0; i < timeliness.length; i++) {
      timeliness[i] = new LongAdder();
    }
    this.skew = new ArrivalSkew(config.skewPeriod());
    this.volume = new VolumeMonitor(config, clock);
  }

  /** The settings. */
  public QualityConfig config() {
    return config;
  }

  /** Whether this node classifies lateness ({@link #timeliness} counts); false on a cluster API node. */
  public boolean judgesLateness() {
    return judgesLateness;
  }

  /** Whether this node checks item ids against a catalog ({@link #unknownItems} counts). */
  public boolean checksItems() {
    return catalog != null;
  }

  /** Sets who is told about new metric keys (one listener; the metrics binding). */
  public void listener(Listener l) {
    this.listener = Objects.requireNonNull(l, "listener");
  }

  /**
   * The name {@code requested} would be counted under now: itself when it is already tracked or there
   * is room, else {@value #OTHER_SOURCE}.
   */
  public String source(String requested) {
    if (sources.containsKey(requested)) {
      return requested;
    }
    return sources.size() < config.maxSources() ? requested : OTHER_SOURCE;
  }

  /** Accounts for one batch (see {@link IngestBatch}). */
  public void record(IngestBatch b) {
    String src = admit(b.source());
    sources.get(src).add(b.accounting());
    for (Rejection r : b.rejected()) {
      countReject(r);
    }
    List<Event> valid = b.valid();
    if (valid.isEmpty()) {
      return;
    }
    BitSet late = new BitSet();
    b.tooLate().forEach(late::set);
    CatalogView view = catalog == null ? null : catalog.get();
    boolean checkItems = view != null && view.size() > 0;
    long newest = b.newestBeforeMillis();
    long[] byTimeliness = new long[Timeliness.values().length];
    long[] times = new long[valid.size()];
    long checked = 0;
    long unknown = 0;
    Map<String, long[]> byType = new HashMap<>(8);
    for (int i = 0; i < valid.size(); i++) {
      Event e = valid.get(i);
      times[i] = e.timestampMillis();
      byType.computeIfAbsent(e.type(), t -> new long[1])[0]++;
      if (late.get(i)) {
        byTimeliness[Timeliness.TOO_LATE.ordinal()]++;
        continue;
      }
      if (judgesLateness) {
        Timeliness t = Timeliness.of(e.timestampMillis(), newest, windows);
        // Judged here against the newest time before the batch, the runtime under its lock: a
        // concurrent batch can make them differ. The runtime's verdict (too late or not) wins.
        byTimeliness[(t == Timeliness.TOO_LATE ? Timeliness.VERY_LATE : t).ordinal()]++;
        newest = Math.max(newest, e.timestampMillis());
      }
      if (checkItems && e.itemId() != null) {
        checked++;
        if (view.get(e.itemId()).isEmpty()) {
          unknown++;
        }
      }
    }
    if (judgesLateness) {
      for (int t = 0; t < byTimeliness.length; t++) {
        timeliness[t].add(byTimeliness[t]);
      }
    }
    itemsChecked.add(checked);
    itemsUnknown.add(unknown);
    skew.record(clock.millis(), times, times.length);
    byType.forEach((type, n) -> volume.record(type, src, n[0]));
  }

  /**
   * The name {@code requested} is counted under, its tally created when it is new: first sightings
   * are serialised, so at most {@link QualityConfig#maxSources()} sources are tracked, plus
   * {@value #OTHER_SOURCE}.
   */
  private String admit(String requested) {
    if (sources.containsKey(requested)) {
      return requested;
    }
    synchronized (sources) {
      if (sources.containsKey(requested)) {
        return requested;
      }
      String name = sources.size() < config.maxSources() ? requested : OTHER_SOURCE;
      if (!sources.containsKey(name)) {
        sources.put(name, new SourceTally());
        listener.newSource(name);
      }
      return name;
    }
  }

  private void countReject(Rejection r) {
    Set<String> fields = new HashSet<>(4);
    for (FieldError e : r.errors()) {
      fields.add(normalise(e.field()));
    }
    if (fields.isEmpty()) {
      fields.add("event");
    }
    for (String f : fields) {
      RejectKey key = new RejectKey(r.reason(), admitField(r.reason(), f));
      LongAdder n = rejects.get(key);
      if (n == null) {
        LongAdder created = new LongAdder();
        n = rejects.putIfAbsent(key, created);
        if (n == null) {
          n = created;
          listener.newReject(key.reason(), key.field());
        }
      }
      n.increment();
    }
  }

  /** {@code attributes.<name>} becomes {@code attributes.*}: attribute names are the client's, unbounded. */
  static String normalise(String field) {
    if (field.startsWith("attributes.")) {
      return "attributes.*";
    }
    return field.length() > MAX_FIELD_LENGTH ? OTHER_FIELD : field;
  }

  private String admitField(RejectReason reason, String field) {
    synchronized (fieldsSeen) {
      Set<String> seen = fieldsSeen.computeIfAbsent(reason, r -> new HashSet<>());
      if (seen.contains(field)) {
        return field;
      }
      if (seen.size() < MAX_FIELDS) {
        seen.add(field);
        return field;
      }
      return OTHER_FIELD;
    }
  }

  /** The accounting of one source so far (an empty one for a source never seen). */
  public Accounting accounting(String source) {
    SourceTally t = sources.get(source);
    return t == null ? Accounting.EMPTY : t.snapshot();
  }

  /** One count of one source for metrics: {@code read}, {@code accepted}, {@code duplicate}, {@code sampled} or a reason code. */
  public long count(String source, String outcome) {
    SourceTally t = sources.get(source);
    return t == null ? 0 : t.count(outcome);
  }

  /** Rejections counted for (reason, field). */
  public long rejects(RejectReason reason, String field) {
    LongAdder n = rejects.get(new RejectKey(reason, field));
    return n == null ? 0 : n.sum();
  }

  /** Events classified as {@code t} (0 where lateness is not judged, except TOO_LATE). */
  public long timeliness(Timeliness t) {
    return timeliness[t.ordinal()].sum();
  }

  /** Valid events whose item was checked against a non-empty catalog. */
  public long itemsChecked() {
    return itemsChecked.sum();
  }

  /** Of {@link #itemsChecked}, those naming an item without catalog entry. */
  public long unknownItems() {
    return itemsUnknown.sum();
  }

  /** The arrival-skew distribution now. */
  public ArrivalSkew.Summary skewSummary() {
    return skew.summary(clock.millis());
  }

  /** The volume monitor; call {@link VolumeMonitor#evaluate} periodically so silent series are judged. */
  public VolumeMonitor volume() {
    return volume;
  }

  /** Everything, now; also brings the volume monitor up to now. */
  public QualityReport report() {
    long now = clock.millis();
    List<VolumeState> series = volume.evaluate();
    List<QualityReport.SourceAccounting> perSource = new ArrayList<>();
    Accounting total = Accounting.EMPTY;
    for (String name : new TreeSet<>(sources.keySet())) {
      Accounting a = sources.get(name).snapshot();
      perSource.add(new QualityReport.SourceAccounting(name, a));
      total = total.plus(a);
    }
    List<QualityReport.RejectCount> counts = new ArrayList<>();
    rejects.forEach(
        (k, n) -> counts.add(new QualityReport.RejectCount(k.reason(), k.field(), n.sum())));
    counts.sort(
        Comparator.comparingLong(QualityReport.RejectCount::count)
            .reversed()
            .thenComparing(c -> c.reason().code())
            .thenComparing(QualityReport.RejectCount::field));
    Map<Timeliness, Long> byTimeliness = null;
    if (judgesLateness) {
      byTimeliness = new EnumMap<>(Timeliness.class);
      for (Timeliness t : Timeliness.values()) {
        byTimeliness.put(t, timeliness[t.ordinal()].sum());
      }
    }
    QualityReport.UnknownItems items = null;
    if (catalog != null) {
      CatalogView view = catalog.get();
      items =
          new QualityReport.UnknownItems(
              itemsChecked.sum(), itemsUnknown.sum(), view == null ? 0 : view.size());
    }
    return new QualityReport(
        sinceMillis,
        now,
        total,
        perSource,
        counts,
        byTimeliness,
        windows.latenessMillis(),
        skew.summary(now),
        items,
        series,
        volume.drops(),
        volume.untracked());
  }
}
