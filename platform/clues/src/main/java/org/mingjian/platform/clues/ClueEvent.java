package org.mingjian.platform.clues;

import java.time.Instant;

/**
 * One entry of a clue's history: a state change or a comment.
 *
 * @param id increasing with time
 * @param clueId the clue
 * @param at when
 * @param actor who (a username)
 * @param kind TRANSITION or COMMENT
 * @param fromState the state before a transition, {@code null} for a comment
 * @param toState the state after a transition, {@code null} for a comment
 * @param note the note of a transition or the text of a comment
 * @param disposition the disposition given when confirming
 * @param assignee the analyst given when assigning
 */
public record ClueEvent(
    long id,
    String clueId,
    Instant at,
    String actor,
    String kind,
    String fromState,
    String toState,
    String note,
    String disposition,
    String assignee) {}
