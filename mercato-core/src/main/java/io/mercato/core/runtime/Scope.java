package io.mercato.core.runtime;

/** The single-field statistics scopes. Composite scopes are named by their configuration. */
public enum Scope {
  GLOBAL,
  USER,
  ITEM,
  CATEGORY,
  AD,
  CAMPAIGN
}
