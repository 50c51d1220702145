package org.mingjian.sdk.descriptor;

/** How a model is implemented. */
public enum ModelKind {
  /** Descriptor plus one SQL file; no code. */
  SQL,
  /** A {@code org.mingjian.sdk.model.Model} service in the bundle. */
  JAVA
}
