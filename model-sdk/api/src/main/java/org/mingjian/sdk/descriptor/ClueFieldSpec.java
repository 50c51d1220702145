package org.mingjian.sdk.descriptor;

/**
 * A field the model's clues carry.
 *
 * @param name the field name
 * @param description what it means
 * @param sensitivity its grade; PERSONAL and SENSITIVE fields leave the platform masked
 */
public record ClueFieldSpec(String name, String description, Sensitivity sensitivity) {}
