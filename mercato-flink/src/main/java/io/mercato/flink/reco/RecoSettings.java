package io.mercato.flink.reco;

import io.mercato.core.reco.InteractionWeights;
import io.mercato.core.reco.RecoConfig;
import io.mercato.core.reco.Strategy;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A {@link RecoConfig} in a form Flink can ship to its task managers (Java serialization; the core
 * record is not {@link Serializable}). The job's recommendation writer must use the API nodes'
 * {@code reco.*} settings: the nodes read its values with them. Immutable.
 */
public final class RecoSettings implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String weights;
  private final int historySize;
  private final int itemUsers;
  private final int userNeighbours;
  private final int cooccurrenceWindow;
  private final int cooccurrenceCap;
  private final int itemNeighbours;
  private final long halfLifeMillis;
  private final int blendMinItems;
  private final String blendWeights;
  private final double recencyDecay;
  private final long idleTtlMillis;

  public RecoSettings(RecoConfig c) {
    Objects.requireNonNull(c, "reco");
    this.weights = c.weights().spec();
    this.historySize = c.historySize();
    this.itemUsers = c.itemUsers();
    this.userNeighbours = c.userNeighbours();
    this.cooccurrenceWindow = c.cooccurrenceWindow();
    this.cooccurrenceCap = c.cooccurrenceCap();
    this.itemNeighbours = c.itemNeighbours();
    this.halfLifeMillis = c.popularityHalfLife().toMillis();
    this.blendMinItems = c.blendMinItems();
    this.blendWeights =
        c.blendWeights().entrySet().stream()
            .map(e -> e.getKey().apiName() + "=" + e.getValue())
            .collect(Collectors.joining(","));
    this.recencyDecay = c.recencyDecay();
    this.idleTtlMillis = c.idleTtl().toMillis();
  }

  /** The embedded engine's defaults. */
  public static RecoSettings defaults() {
    return new RecoSettings(RecoConfig.defaults());
  }

  /** The core configuration these settings describe. */
  public RecoConfig config() {
    Map<Strategy, Double> blend = RecoConfig.parseBlend(blendWeights);
    return new RecoConfig(
        InteractionWeights.parse(weights),
        historySize,
        itemUsers,
        userNeighbours,
        cooccurrenceWindow,
        cooccurrenceCap,
        itemNeighbours,
        Duration.ofMillis(halfLifeMillis),
        blendMinItems,
        blend,
        recencyDecay,
        Duration.ofMillis(idleTtlMillis));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecoSettings r
        && weights.equals(r.weights)
        && historySize == r.historySize
        && itemUsers == r.itemUsers
        && userNeighbours == r.userNeighbours
        && cooccurrenceWindow == r.cooccurrenceWindow
        && cooccurrenceCap == r.cooccurrenceCap
        && itemNeighbours == r.itemNeighbours
        && halfLifeMillis == r.halfLifeMillis
        && blendMinItems == r.blendMinItems
        && blendWeights.equals(r.blendWeights)
        && Double.compare(recencyDecay, r.recencyDecay) == 0
        && idleTtlMillis == r.idleTtlMillis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        weights, historySize, itemUsers, cooccurrenceWindow, itemNeighbours, halfLifeMillis);
  }

  @Override
  public String toString() {
    return "RecoSettings[" + config() + "]";
  }
}
