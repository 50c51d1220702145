package org.mingjian.platform.clues;

/**
 * Which clues to list; a {@code null} part matches everything.
 *
 * @param district a district code
 * @param modelId a model id
 * @param state a clue state
 */
public record ClueFilter(String district, String modelId, String state) {}
