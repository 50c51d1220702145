package org.mingjian.platform.audit;

import java.time.Instant;
import java.util.Map;

/**
 * An event as it stands in the audit chain.
 *
 * @param seq its position, from 1, without gaps
 * @param at when it was appended (UTC, microsecond precision; never before the previous entry's)
 * @param actor who
 * @param district which district, or {@code null}
 * @param action the action code
 * @param target to what, or {@code null}
 * @param details the details as read back from their canonical JSON (keys sorted)
 * @param prevHash the previous entry's hash; 64 zeros for entry 1
 * @param hash this entry's hash, see {@link AuditHash}
 */
public record AuditEntry(
    long seq,
    Instant at,
    String actor,
    String district,
    String action,
    String target,
    Map<String, Object> details,
    String prevHash,
    String hash) {}
