package io.mercato.core.campaign.change;

import java.util.Objects;

/** A campaign or an ad, by id. */
public record EntityRef(EntityKind kind, String id) {
  public EntityRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
  }

  public static EntityRef campaign(String id) {
    return new EntityRef(EntityKind.CAMPAIGN, id);
  }

  public static EntityRef ad(String id) {
    return new EntityRef(EntityKind.AD, id);
  }

  @Override
  public String toString() {
    return kind.wireName() + " " + id;
  }
}
