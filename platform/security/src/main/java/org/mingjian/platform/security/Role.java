package org.mingjian.platform.security;

/** What a user may do. A user may hold several roles; a call is allowed if any role allows it. */
public enum Role {
  /** Enables models, manages users and districts. */
  CITY_ADMIN,
  /** Reviews marketplace submissions. */
  REVIEWER,
  /** Publishes model bundles for a district. */
  DISTRICT_PUBLISHER,
  /** Runs models and works the clue queue of a district. */
  ANALYST,
  /** Registers and loads datasets. */
  DATA_STEWARD,
  /** Reads and verifies the audit trail. */
  AUDITOR
}
