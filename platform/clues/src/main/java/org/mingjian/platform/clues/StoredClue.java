package org.mingjian.platform.clues;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.mingjian.sdk.model.Evidence;

/**
 * A clue as kept by the platform, unmasked. The REST layer masks personal data before it leaves.
 *
 * @param id the clue id
 * @param fingerprint what makes two findings the same clue
 * @param modelId the model that found it
 * @param modelVersion the version that last found it
 * @param district the district it belongs to
 * @param subject who or what it is about
 * @param title the one-line summary
 * @param score 0..1
 * @param state NEW, ASSIGNED, VERIFYING, CONFIRMED or DISMISSED
 * @param evidence the supporting rows
 * @param fields the model's clue fields
 * @param firstRunId the run that found it first
 * @param lastRunId the run that found it last
 * @param firstSeen when it was found first
 * @param lastSeen when it was found last
 * @param seenCount how many runs found it
 */
public record StoredClue(
    String id,
    String fingerprint,
    String modelId,
    String modelVersion,
    String district,
    String subject,
    String title,
    double score,
    String state,
    List<Evidence> evidence,
    Map<String, Object> fields,
    String firstRunId,
    String lastRunId,
    Instant firstSeen,
    Instant lastSeen,
    int seenCount) {}
