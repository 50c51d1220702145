package org.mingjian.platform.datagen.internal;

import java.time.LocalDate;

/** Precomputed ISO date text for every day from 1950 to 2030, as epoch days. */
final class Dates {

  static final int FIRST = (int) LocalDate.of(1950, 1, 1).toEpochDay();
  static final int LAST = (int) LocalDate.of(2030, 12, 31).toEpochDay();

  /** {@code yyyy-MM-dd} of day {@code FIRST + i} at {@code 10 * i}. */
  static final byte[] ISO;

  private static final short[] YEAR;

  static {
    int days = LAST - FIRST + 1;
    ISO = new byte[days * 10];
    YEAR = new short[days];
    for (int i = 0; i < days; i++) {
      LocalDate d = LocalDate.ofEpochDay(FIRST + i);
      int y = d.getYear();
      int m = d.getMonthValue();
      int dd = d.getDayOfMonth();
      int o = i * 10;
      ISO[o] = (byte) ('0' + y / 1000);
      ISO[o + 1] = (byte) ('0' + y / 100 % 10);
      ISO[o + 2] = (byte) ('0' + y / 10 % 10);
      ISO[o + 3] = (byte) ('0' + y % 10);
      ISO[o + 4] = '-';
      ISO[o + 5] = (byte) ('0' + m / 10);
      ISO[o + 6] = (byte) ('0' + m % 10);
      ISO[o + 7] = '-';
      ISO[o + 8] = (byte) ('0' + dd / 10);
      ISO[o + 9] = (byte) ('0' + dd % 10);
      YEAR[i] = (short) y;
    }
  }

  private Dates() {}

  static int epochDay(int year, int month, int day) {
    return (int) LocalDate.of(year, month, day).toEpochDay();
  }

  static int offset(int day) {
    if (day < FIRST || day > LAST) {
      throw new IllegalArgumentException("date out of the generator's range: " + day);
    }
    return (day - FIRST) * 10;
  }

  static int year(int day) {
    return YEAR[day - FIRST];
  }

  /** Writes {@code yyyyMMdd} (8 bytes). */
  static void compact(int day, byte[] dst, int off) {
    int o = offset(day);
    System.arraycopy(ISO, o, dst, off, 4);
    System.arraycopy(ISO, o + 5, dst, off + 4, 2);
    System.arraycopy(ISO, o + 8, dst, off + 6, 2);
  }

  static String iso(int day) {
    return LocalDate.ofEpochDay(day).toString();
  }
}
