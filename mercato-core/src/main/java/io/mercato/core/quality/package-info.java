/**
 * Data quality of the ingested stream, engine-neutral: how every record read was accounted for
 * ({@link io.mercato.core.quality.Accounting}), why events were rejected, how late and how skewed
 * event times are against arrival, events naming items the catalog does not know, and volume
 * anomalies per event type and source ({@link io.mercato.core.quality.VolumeMonitor}), collected by
 * {@link io.mercato.core.quality.DataQuality} and read as a {@link io.mercato.core.quality.QualityReport}.
 * Time comes from an injected {@link java.time.InstantSource}; nothing here starts threads.
 */
package io.mercato.core.quality;
