package org.mingjian.platform.datagen;

import java.util.Locale;

/** How much data to generate. Row counts are exact. */
public enum Scale {
  /** Tests and the demo: generates in well under a second. */
  SMALL(20_000, 8_000, 60_000, 1),
  /** Benchmarks: about 1.3 GB of CSV. */
  CITY(1_000_000, 1_000_000, 10_000_000, 10);

  private final int persons;
  private final int civilJudgments;
  private final int fundWithdrawals;
  private final int plantedSetsPerDistrict;

  Scale(int persons, int civilJudgments, int fundWithdrawals, int plantedSetsPerDistrict) {
    this.persons = persons;
    this.civilJudgments = civilJudgments;
    this.fundWithdrawals = fundWithdrawals;
    this.plantedSetsPerDistrict = plantedSetsPerDistrict;
  }

  /**
   * @return rows of {@code persons.csv}
   */
  public int persons() {
    return persons;
  }

  /**
   * @return rows of {@code civil_judgments.csv}
   */
  public int civilJudgments() {
    return civilJudgments;
  }

  /**
   * @return rows of {@code fund_withdrawals.csv}
   */
  public int fundWithdrawals() {
    return fundWithdrawals;
  }

  /**
   * How many times the planted scenario (one lender ring, one agent ring, two returned-to-debtor
   * cases and the decoys) is repeated in every district.
   *
   * @return the number of planted sets per district
   */
  public int plantedSetsPerDistrict() {
    return plantedSetsPerDistrict;
  }

  /**
   * Parses {@code small} or {@code city}, ignoring case.
   *
   * @param text the name
   * @return the scale
   * @throws IllegalArgumentException if it is neither
   */
  public static Scale parse(String text) {
    if (text != null) {
      for (Scale s : values()) {
        if (s.name().equalsIgnoreCase(text.trim())) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException("unknown scale '" + text + "', expected small or city");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
