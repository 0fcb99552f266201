package io.mercato.flink.ads;

import io.mercato.core.ads.AdInventory;
import java.io.Serializable;

/**
 * Where the job's ad operators get the campaign and ad definitions from (shipped to the task
 * managers by Java serialization, so implementations hold only configuration). {@link #open} is
 * called once per parallel instance; the returned loader is asked again every refresh interval.
 */
public interface CampaignDefinitions extends Serializable {
  /** Opens the source for one parallel instance. */
  Loader open();

  /** A source opened by one operator instance. */
  interface Loader extends AutoCloseable {
    /**
     * The current definitions (segments are not needed and may be absent).
     *
     * @throws RuntimeException when the source cannot be read; the caller keeps the last inventory
     */
    AdInventory load();

    @Override
    void close();
  }
}
