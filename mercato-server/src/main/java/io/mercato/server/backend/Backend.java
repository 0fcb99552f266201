package io.mercato.server.backend;

import io.mercato.core.quality.DataQuality;
import io.mercato.core.quality.QualityConfig;
import io.mercato.engine.Engine;
import io.mercato.engine.ads.AdStore;
import java.util.List;
import java.util.Optional;

/**
 * What the HTTP layer needs from a runtime: the seam between {@link io.mercato.server.MercatoServer}
 * and either the embedded {@link Engine} ({@link #embedded}) or the cluster runtime's API node
 * (Kafka for ingestion, Redis for state, implemented in {@code mercato-cluster}). Every endpoint
 * serves the same JSON from either; endpoints that only the embedded engine can serve so far take
 * {@link #engine()}, and answer 501 when it is empty.
 *
 * <p>Implementations are thread-safe: every request thread calls them concurrently.
 */
public interface Backend {
  /** The runtime's name as clients see it in 501 answers and {@code /ready}: {@code embedded} or {@code cluster}. */
  String mode();

  /**
   * Readiness for {@code /ready}. May contact remote systems (the cluster backend pings Kafka and
   * Redis), so request paths use {@link #writeRefusal()} instead.
   */
  NodeStatus status();

  /**
   * Why writes must be refused right now (answered 503 before the body is read), or empty when they
   * may proceed. Cheap: no remote call. A backend whose remote systems fail reports that when the write
   * itself fails, as {@link BackendUnavailableException}.
   */
  Optional<String> writeRefusal();

  /** Ingestion of decoded events ({@code POST /v1/events}). */
  EventIngest events();

  /**
   * Ingestion of decoded batches, accounted for: recorded, too-late events rejected, rejections
   * dead-lettered, the batch reported to {@link #quality()}.
   */
  AccountedIngest ingestion();

  /** This node's data-quality view ({@code GET /v1/quality}, the {@code mercato_quality_*} metrics). */
  DataQuality quality();

  /**
   * What this node's data-quality view cannot tell, one sentence each naming where to look instead
   * (empty when it tells everything).
   */
  default List<String> qualityLimits() {
    return List.of();
  }

  /** Statistics and profile reads. */
  StateReads reads();

  /**
   * Campaign and ad definitions (CRUD, segments).
   *
   * @throws io.mercato.core.runtime.EngineUnavailableException when the embedded engine is not ready
   */
  AdStore campaigns();

  /**
   * Ad decisions and campaign KPIs.
   *
   * @throws io.mercato.core.runtime.EngineUnavailableException when the embedded engine is not ready
   */
  AdDecisions ads();

  /**
   * The embedded engine, for the endpoints only it serves so far (recommendations, catalog, event sample,
   * iALS); empty in cluster mode, where they answer 501.
   */
  Optional<Engine> engine();

  /**
   * Recommendations, re-ranking and similar items; empty where this mode cannot serve them (501).
   * The embedded default adapts {@link #engine()}.
   */
  default Optional<RecoReads> recommendations() {
    return engine().map(RecoReads::of);
  }

  /**
   * Campaign automation (rules, manual actions, the audit log, approvals) over this runtime's campaign
   * database; empty where the runtime has none.
   */
  default Optional<Automation> automation() {
    return Optional.empty();
  }

  /** The embedded runtime: every call goes to {@code engine}; the default data-quality settings. */
  static Backend embedded(Engine engine) {
    return embedded(engine, QualityConfig.defaults());
  }

  /** The embedded runtime with the given data-quality settings. */
  static Backend embedded(Engine engine, QualityConfig quality) {
    return new EmbeddedBackend(engine, quality);
  }
}
