package org.mingjian.platform.datagen.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.mingjian.platform.datagen.DemoDatasets;
import org.mingjian.platform.datagen.ResidentIds;

/** The persons register, held in flat arrays (18 ID bytes per person). */
final class Persons {

  static final int BIRTH_FIRST = Dates.epochDay(1950, 1, 1);
  static final int BIRTH_LAST = Dates.epochDay(2003, 12, 31);
  private static final int MAX_K = 498;
  private static final int FIRST_K = 300;

  final int count;
  final byte[] ids;
  final byte[] district;
  final int[] birth;
  final int[] name;

  /** Person indexes per district, in file order. */
  final int[][] byDistrict;

  private Persons(int count) {
    this.count = count;
    this.ids = new byte[count * 18];
    this.district = new byte[count];
    this.birth = new int[count];
    this.name = new int[count];
    this.byDistrict = new int[Vocab.DISTRICTS][];
  }

  /**
   * Draws the persons. IDs are unique by construction: per district, birth date and sex a sequence
   * counter only moves forward.
   */
  static Persons build(int count, Rng rng) {
    Persons p = new Persons(count);
    int days = BIRTH_LAST - BIRTH_FIRST + 1;
    int[] next = new int[Vocab.DISTRICTS * days * 2];
    int[] perDistrict = new int[Vocab.DISTRICTS];
    for (int i = 0; i < count; i++) {
      int d = rng.pick(Vocab.DISTRICT_TABLE);
      boolean male = rng.nextBoolean();
      int day = rng.between(BIRTH_FIRST, BIRTH_LAST);
      int slot;
      int k;
      while (true) {
        slot = ((d * days) + (day - BIRTH_FIRST)) * 2 + (male ? 0 : 1);
        int v = next[slot];
        // v == 0: slot unused; else v - 1 is the next free k. Start at a random k so sequence
        // numbers are spread over 001-999.
        k = v == 0 ? rng.nextInt(FIRST_K) : v - 1;
        if (k <= MAX_K) {
          break;
        }
        day = day == BIRTH_LAST ? BIRTH_FIRST : day + 1;
      }
      next[slot] = k + 2 + rng.nextInt(3);
      int seq = male ? 2 * k + 1 : 2 * k + 2;
      int o = i * 18;
      System.arraycopy(Vocab.DISTRICT_CODE[d], 0, p.ids, o, 6);
      Dates.compact(day, p.ids, o + 6);
      p.ids[o + 14] = (byte) ('0' + seq / 100);
      p.ids[o + 15] = (byte) ('0' + seq / 10 % 10);
      p.ids[o + 16] = (byte) ('0' + seq % 10);
      p.ids[o + 17] = ResidentIds.checkByte(p.ids, o);
      p.district[i] = (byte) d;
      p.birth[i] = day;
      p.name[i] = Names.random(rng);
      perDistrict[d]++;
    }
    for (int d = 0; d < Vocab.DISTRICTS; d++) {
      p.byDistrict[d] = new int[perDistrict[d]];
      perDistrict[d] = 0;
    }
    for (int i = 0; i < count; i++) {
      int d = p.district[i];
      p.byDistrict[d][perDistrict[d]++] = i;
    }
    return p;
  }

  boolean isMale(int person) {
    return (ids[person * 18 + 16] - '0') % 2 == 1;
  }

  String id(int person) {
    return new String(ids, person * 18, 18, StandardCharsets.US_ASCII);
  }

  /** Writes the ID as one cell. */
  void writeId(CsvWriter w, int person) throws IOException {
    w.raw(ids, person * 18, 18);
  }

  private static final byte[] M = {'M'};
  private static final byte[] F = {'F'};

  /** Writes {@code persons.csv}. */
  void write(CsvWriter w) throws IOException {
    w.header(DemoDatasets.persons().columnNames());
    for (int i = 0; i < count; i++) {
      writeId(w, i);
      w.begin();
      Names.append(w, name[i]);
      w.raw(isMale(i) ? M : F);
      w.date(birth[i]);
      w.raw(Vocab.DISTRICT_CODE[district[i]]);
      w.endRow();
    }
  }
}
