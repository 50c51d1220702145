package org.mingjian.platform.security;

/**
 * A district, or the city office ({@value User#CITY_OFFICE}).
 *
 * @param code the 6-digit administrative code
 * @param name its name
 */
public record District(String code, String name) {}
