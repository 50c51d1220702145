package org.mingjian.sdk.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A supervision clue: a lead for a prosecutor to verify, about one subject (usually a resident ID
 * number or a unified social credit code), with the rows that support it.
 *
 * <p>Two clues with the same model, district, subject and evidence keys are the same clue.
 */
public final class Clue {
  private final String subject;
  private final String district;
  private final String title;
  private final double score;
  private final List<Evidence> evidence;
  private final Map<String, Object> fields;

  private Clue(Builder b) {
    this.subject = Evidence.requireText(b.subject, "subject");
    this.district = b.district;
    this.title = Evidence.requireText(b.title, "title");
    if (Double.isNaN(b.score) || b.score < 0 || b.score > 1) {
      throw new IllegalArgumentException("score must be between 0 and 1, was " + b.score);
    }
    this.score = b.score;
    if (b.evidence.isEmpty()) {
      throw new IllegalArgumentException("a clue needs at least one piece of evidence");
    }
    this.evidence = List.copyOf(b.evidence);
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(b.fields));
  }

  /**
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return who or what the clue is about
   */
  public String subject() {
    return subject;
  }

  /**
   * @return the district set by the model, or {@code null} for the run's district
   */
  public String district() {
    return district;
  }

  /**
   * @return a one-line summary for the clue queue; must not contain personal data
   */
  public String title() {
    return title;
  }

  /**
   * @return how strongly the model suspects the subject, 0..1
   */
  public double score() {
    return score;
  }

  /**
   * @return the supporting rows, at least one
   */
  public List<Evidence> evidence() {
    return evidence;
  }

  /**
   * @return the clue fields the descriptor declares, by name
   */
  public Map<String, Object> fields() {
    return fields;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Clue c
        && subject.equals(c.subject)
        && Objects.equals(district, c.district)
        && title.equals(c.title)
        && score == c.score
        && evidence.equals(c.evidence)
        && fields.equals(c.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(subject, district, title, score, evidence, fields);
  }

  @Override
  public String toString() {
    return "Clue[" + title + ", evidence=" + evidence + "]";
  }

  /** Builds a {@link Clue}. Subject, title and one piece of evidence are required. */
  public static final class Builder {
    private String subject;
    private String district;
    private String title;
    private double score = 1.0;
    private final List<Evidence> evidence = new ArrayList<>();
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Builder() {}

    /**
     * @param subject who or what the clue is about
     * @return this builder
     */
    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /**
     * @param district the run's district (the default when not set)
     * @return this builder
     */
    public Builder district(String district) {
      this.district = district;
      return this;
    }

    /**
     * @param title a one-line summary without personal data
     * @return this builder
     */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /**
     * @param score 0..1, default 1
     * @return this builder
     */
    public Builder score(double score) {
      this.score = score;
      return this;
    }

    /**
     * @param item a supporting row
     * @return this builder
     */
    public Builder evidence(Evidence item) {
      this.evidence.add(Objects.requireNonNull(item, "evidence"));
      return this;
    }

    /**
     * @param name a clue field the descriptor declares
     * @param value its value
     * @return this builder
     */
    public Builder field(String name, Object value) {
      this.fields.put(Evidence.requireText(name, "field name"), value);
      return this;
    }

    /**
     * @return the clue
     * @throws IllegalArgumentException when a required part is missing or the score is out of range
     */
    public Clue build() {
      return new Clue(this);
    }
  }
}
