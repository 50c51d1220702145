package org.mingjian.platform.clues;

/**
 * What recording a run's clues did.
 *
 * @param created clues seen for the first time
 * @param updated clues seen before, whose "last seen" moved
 */
public record RecordResult(int created, int updated) {}
