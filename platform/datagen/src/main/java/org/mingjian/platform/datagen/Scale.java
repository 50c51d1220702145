package org.mingjian.platform.datagen;

import java.util.Locale;

/**
 * How much data to generate. Row counts of persons, judgments and withdrawals are exact; the other
 * datasets get the stated number of background rows (monthly payment series: about) plus their
 * planted rows.
 */
public enum Scale {
  /** Tests and the demo: generates in well under a second. */
  SMALL(20_000, 8_000, 60_000, 1, 3_000, 8_000, 3_000, 1_500, 8_000, 8_000, 600, 800),
  /** Benchmarks: about 2 GB of CSV. */
  CITY(
      1_000_000,
      1_000_000,
      10_000_000,
      10,
      300_000,
      2_000_000,
      500_000,
      200_000,
      3_000_000,
      3_000_000,
      60_000,
      80_000);

  private final int persons;
  private final int civilJudgments;
  private final int fundWithdrawals;
  private final int plantedSetsPerDistrict;
  private final int enterprises;
  private final int fuelInvoices;
  private final int sitePersonnel;
  private final int deathRecords;
  private final int allowancePayments;
  private final int pensionPayments;
  private final int prisonRoster;
  private final int convictions;

  Scale(
      int persons,
      int civilJudgments,
      int fundWithdrawals,
      int plantedSetsPerDistrict,
      int enterprises,
      int fuelInvoices,
      int sitePersonnel,
      int deathRecords,
      int allowancePayments,
      int pensionPayments,
      int prisonRoster,
      int convictions) {
    this.persons = persons;
    this.civilJudgments = civilJudgments;
    this.fundWithdrawals = fundWithdrawals;
    this.plantedSetsPerDistrict = plantedSetsPerDistrict;
    this.enterprises = enterprises;
    this.fuelInvoices = fuelInvoices;
    this.sitePersonnel = sitePersonnel;
    this.deathRecords = deathRecords;
    this.allowancePayments = allowancePayments;
    this.pensionPayments = pensionPayments;
    this.prisonRoster = prisonRoster;
    this.convictions = convictions;
  }

  /**
   * @return background rows of {@code enterprises.csv} (planted firms come on top)
   */
  public int enterprises() {
    return enterprises;
  }

  /**
   * @return background rows of {@code fuel_invoices.csv}, about (planted invoices come on top)
   */
  public int fuelInvoices() {
    return fuelInvoices;
  }

  /**
   * @return background rows of {@code site_personnel.csv} (planted rows come on top)
   */
  public int sitePersonnel() {
    return sitePersonnel;
  }

  /**
   * @return background rows of {@code death_records.csv} (planted deaths come on top)
   */
  public int deathRecords() {
    return deathRecords;
  }

  /**
   * @return background rows of {@code allowance_payments.csv}, about (whole monthly series)
   */
  public int allowancePayments() {
    return allowancePayments;
  }

  /**
   * @return background rows of {@code pension_payments.csv}, about (whole monthly series)
   */
  public int pensionPayments() {
    return pensionPayments;
  }

  /**
   * @return background rows of {@code prison_roster.csv} (planted rows come on top)
   */
  public int prisonRoster() {
    return prisonRoster;
  }

  /**
   * @return background rows of {@code convictions.csv} (planted rows come on top)
   */
  public int convictions() {
    return convictions;
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
