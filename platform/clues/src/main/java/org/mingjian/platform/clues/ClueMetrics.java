package org.mingjian.platform.clues;

/**
 * How the clues of one model in one district fared.
 *
 * @param modelId the model
 * @param district the district
 * @param clues all clues
 * @param confirmed clues CONFIRMED
 * @param dismissed clues DISMISSED
 * @param open clues not yet in a final state
 * @param conversionRate confirmed ÷ (confirmed + dismissed), {@code null} when no clue is final
 * @param medianDaysToDisposition median days from first seen to the final state, {@code null} when
 *     no clue is final
 */
public record ClueMetrics(
    String modelId,
    String district,
    long clues,
    long confirmed,
    long dismissed,
    long open,
    Double conversionRate,
    Double medianDaysToDisposition) {}
