package io.mercato.engine.shard;

/** The single-field statistics scopes. Composite scopes are named by their configuration. */
public enum Scope {
  GLOBAL,
  USER,
  ITEM,
  CATEGORY,
  AD,
  CAMPAIGN
}
