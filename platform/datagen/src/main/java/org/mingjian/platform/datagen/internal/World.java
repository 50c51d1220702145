package org.mingjian.platform.datagen.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * What the generators of the five newer reference models share: the persons register, the persons
 * planted cases use (blocked for background use), the months of the payment datasets and date
 * helpers.
 */
final class World {

  /** First month of the payment datasets: January 2019. */
  static final int FIRST_YEAR = 2019;

  /** Months of the payment datasets: January 2019 to June 2024. */
  static final int MONTHS = 66;

  /** Last day of the data period. */
  static final int END = Dates.epochDay(2024, 6, 30);

  /** First day of each month, and one past the last month. */
  static final int[] MONTH_START = new int[MONTHS + 1];

  static {
    for (int m = 0; m <= MONTHS; m++) {
      MONTH_START[m] = (int) LocalDate.of(FIRST_YEAR, 1, 1).plusMonths(m).toEpochDay();
    }
  }

  final Persons persons;

  /** Persons a planted case uses: background rows never use them. */
  final boolean[] blocked;

  World(Persons persons, boolean[] alreadyReserved) {
    this.persons = persons;
    this.blocked = alreadyReserved.clone();
  }

  /** Last day of month {@code m}. */
  static int monthEnd(int m) {
    return MONTH_START[m + 1] - 1;
  }

  /** Day {@code day} (1-28) of month {@code m}. */
  static int dayOf(int m, int day) {
    return MONTH_START[m] + day - 1;
  }

  /** The month index of an epoch day, -1 before 2019, {@link #MONTHS} or more after June 2024. */
  static int monthOf(int epochDay) {
    if (epochDay < MONTH_START[0]) {
      return -1;
    }
    LocalDate d = LocalDate.ofEpochDay(epochDay);
    return (d.getYear() - FIRST_YEAR) * 12 + d.getMonthValue() - 1;
  }

  static int plusYears(int epochDay, int years) {
    return (int) LocalDate.ofEpochDay(epochDay).plusYears(years).toEpochDay();
  }

  static int plusMonths(int epochDay, int months) {
    return (int) LocalDate.ofEpochDay(epochDay).plusMonths(months).toEpochDay();
  }

  /**
   * Takes a person of district {@code d} for a planted case and blocks them for everything else.
   *
   * @param ok what the person must satisfy (e.g. an age)
   */
  int reserve(int d, Rng rng, IntPredicate ok) {
    int[] pool = persons.byDistrict[d];
    for (int tries = 0; tries < 1_000_000; tries++) {
      int p = pool[rng.nextInt(pool.length)];
      if (!blocked[p] && ok.test(p)) {
        blocked[p] = true;
        return p;
      }
    }
    throw new IllegalStateException("no free person left in district " + d);
  }

  /** A person of district {@code d} that no planted case uses. */
  int background(int d, Rng rng, IntPredicate ok) {
    int[] pool = persons.byDistrict[d];
    for (int tries = 0; tries < 1_000_000; tries++) {
      int p = pool[rng.nextInt(pool.length)];
      if (!blocked[p] && ok.test(p)) {
        return p;
      }
    }
    throw new IllegalStateException("no free person left in district " + d);
  }

  /** A person of any district that no planted case uses. */
  int background(Rng rng, IntPredicate ok) {
    for (int tries = 0; tries < 1_000_000; tries++) {
      int p = rng.nextInt(persons.count);
      if (!blocked[p] && ok.test(p)) {
        return p;
      }
    }
    throw new IllegalStateException("no free person left");
  }

  int birthYear(int p) {
    return Dates.year(persons.birth[p]);
  }

  String id(int p) {
    return persons.id(p);
  }

  String name(int p) {
    return Names.toString(persons.name[p]);
  }

  static String code(int d) {
    return org.mingjian.platform.datagen.District.ALL.get(d).code();
  }

  /** One line of {@code ground_truth.csv}. */
  record Truth(String modelId, String district, String subject, String key, String reason) {}

  /** What one model's generator planted. */
  record Planted(String modelId, List<Truth> clues, int decoys) {}
}
