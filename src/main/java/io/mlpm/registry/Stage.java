package io.mlpm.registry;

/** Life of a model version in the registry. */
public enum Stage {
  CANDIDATE,
  STAGING,
  PRODUCTION,
  ARCHIVED
}
