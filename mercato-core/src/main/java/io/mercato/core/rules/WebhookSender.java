package io.mercato.core.rules;

import java.net.URI;

/** Sends one JSON body to a webhook, retrying as it sees fit; never throws for a failed delivery. */
public interface WebhookSender {
  /** POSTs {@code json} (UTF-8 {@code application/json}) to {@code url}. */
  Delivery send(URI url, byte[] json);
}
