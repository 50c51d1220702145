package org.mingjian.sdk.descriptor;

/**
 * A parameter a district can tune.
 *
 * @param name the name, used in SQL as {@code :name}
 * @param type its type
 * @param defaultValue the value used when a run gives none (text form for DATE)
 * @param min the smallest allowed value for numbers, or {@code null}
 * @param max the largest allowed value for numbers, or {@code null}
 * @param description what it means, for the person tuning it
 */
public record ParameterSpec(
    String name,
    ParameterType type,
    Object defaultValue,
    Double min,
    Double max,
    String description) {}
