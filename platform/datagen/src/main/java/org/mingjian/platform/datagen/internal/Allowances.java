package org.mingjian.platform.datagen.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mingjian.platform.datagen.DemoDatasets;

/**
 * Death records (city-wide) and monthly allowance payments, with the planted cases of {@code
 * allowance-after-death}: payments dated more than 30 days after the recipient's death.
 *
 * <p>Background: a dead recipient's payments stop within 25 days of the death.
 */
final class Allowances {

  static final String MODEL = "allowance-after-death";
  static final String REASON = "PAID_AFTER_DEATH";
  static final int GRACE_DAYS = 30;

  static final List<String> TYPES = List.of("ELDERLY", "DISABILITY", "SUBSISTENCE", "VETERAN");
  private static final int[] PAY_DAY = {5, 10, 15, 20};
  private static final int[][] AMOUNT = {{100, 800}, {100, 300}, {800, 1400}, {1000, 3000}};
  private static final List<String> SOURCES = List.of("HOSPITAL", "POLICE", "CREMATION");
  private static final List<String> CAUSES = List.of("DISEASE", "ACCIDENT", "OTHER");
  private static final byte[] CAUSE_TABLE = Rng.weightTable(85, 10, 5);

  /** One monthly series. */
  static final class Recipient {
    final int person;
    final int type;
    final long cents;
    final int from;
    final int to;

    /** Month whose payment is the planted clue's key, -1 for background and decoys. */
    int keyMonth = -1;

    String keyPaymentId;

    Recipient(int person, int type, long cents, int from, int to) {
      this.person = person;
      this.type = type;
      this.cents = cents;
      this.from = from;
      this.to = to;
    }
  }

  /** A death record. */
  record Death(int person, int died, int registeredDistrict, String nameOverride) {}

  private final World world;
  private final Rng rng;
  private final List<Recipient> recipients = new ArrayList<>();
  private final List<Recipient> planted = new ArrayList<>();
  private final List<Death> deaths = new ArrayList<>();
  private final int[] diedOn;
  int decoys;
  final List<World.Truth> truth = new ArrayList<>();

  Allowances(World world, int sets, Rng rng) {
    this.world = world;
    this.rng = rng;
    this.diedOn = new int[world.persons.count];
    Arrays.fill(diedOn, Integer.MAX_VALUE);
    for (int d = 0; d < Vocab.DISTRICTS; d++) {
      for (int s = 0; s < sets; s++) {
        plantSet(d);
      }
    }
  }

  static int paidOn(int type, int month) {
    return World.dayOf(month, PAY_DAY[type]);
  }

  private Recipient series(int p, int from, int to) {
    int type = world.birthYear(p) <= 1964 && rng.nextBoolean() ? 0 : 1 + rng.nextInt(3);
    int[] a = AMOUNT[type];
    Recipient r = new Recipient(p, type, rng.between(a[0], a[1]) * 100L, from, to);
    recipients.add(r);
    return r;
  }

  private void death(int p, int died, int registered) {
    deaths.add(new Death(p, died, registered, null));
    diedOn[p] = died;
  }

  private void clue(Recipient r, int died) {
    for (int m = r.from; m <= r.to; m++) {
      if (paidOn(r.type, m) - died > GRACE_DAYS) {
        r.keyMonth = m;
        planted.add(r);
        return;
      }
    }
    throw new IllegalStateException("planted allowance case without a late payment");
  }

  private void plantSet(int d) {
    // Clue: first payment 31 days after the death, two more after it.
    int p = world.reserve(d, rng, q -> true);
    int k = rng.between(12, 50);
    Recipient r = series(p, rng.between(0, k - 6), k + 2);
    int died = paidOn(r.type, k) - (GRACE_DAYS + 1);
    death(p, died, d);
    clue(r, died);
    // Clue: paid for six months after the death.
    p = world.reserve(d, rng, q -> true);
    k = rng.between(10, 55);
    r = series(p, rng.between(0, k - 6), k + 6);
    died = World.dayOf(k - 3, rng.between(1, 28));
    death(p, died, d);
    clue(r, died);
    // Clue: the death was registered in another district; one payment 45 days after it.
    p = world.reserve(d, rng, q -> true);
    k = rng.between(10, 60);
    r = series(p, rng.between(0, k - 6), k);
    died = paidOn(r.type, k) - 45;
    death(p, died, (d + 1 + rng.nextInt(Vocab.DISTRICTS - 1)) % Vocab.DISTRICTS);
    clue(r, died);

    // Decoy: the last payment exactly 30 days after the death.
    p = world.reserve(d, rng, q -> true);
    k = rng.between(10, 60);
    r = series(p, rng.between(0, k - 6), k);
    death(p, paidOn(r.type, k) - GRACE_DAYS, d);
    decoys++;
    // Decoy: the last payment a few days before the death.
    p = world.reserve(d, rng, q -> true);
    k = rng.between(10, 60);
    r = series(p, rng.between(0, k - 6), k);
    death(p, paidOn(r.type, k) + rng.between(1, 10), d);
    decoys++;
    // Decoy: a living recipient who shares the name of a dead person.
    p = world.reserve(d, rng, q -> true);
    series(p, rng.between(0, 30), 65);
    int namesake = world.reserve(d, rng, q -> true);
    int diedNamesake = World.dayOf(rng.between(0, 60), rng.between(1, 28));
    deaths.add(new Death(namesake, diedNamesake, d, world.name(p)));
    diedOn[namesake] = diedNamesake;
    decoys++;
  }

  /** Background deaths and payment series of about {@code payments} rows. */
  void background(int deathCount, int payments) {
    int span = World.END - World.MONTH_START[0] + 1;
    List<Integer> dead = new ArrayList<>();
    for (int k = 0; k < deathCount; k++) {
      int p = world.background(rng, q -> diedOn[q] == Integer.MAX_VALUE);
      int d = world.persons.district[p];
      death(
          p,
          World.MONTH_START[0] + rng.nextInt(span),
          rng.percent(80) ? d : rng.pick(Vocab.DISTRICT_TABLE));
      dead.add(p);
    }
    long rows = 0;
    while (rows < payments) {
      int p;
      if (!dead.isEmpty() && rng.percent(8)) {
        p = dead.get(rng.nextInt(dead.size()));
        if (world.blocked[p]) {
          continue;
        }
      } else {
        p = world.background(rng, q -> true);
      }
      int from = rng.nextInt(World.MONTHS);
      int to = Math.min(World.MONTHS - 1, from + rng.between(6, 66));
      int type = world.birthYear(p) <= 1964 && rng.nextBoolean() ? 0 : 1 + rng.nextInt(3);
      if (diedOn[p] != Integer.MAX_VALUE) {
        while (to >= from && paidOn(type, to) > diedOn[p] + 25) {
          to--;
        }
        if (to < from) {
          continue;
        }
      }
      int[] a = AMOUNT[type];
      recipients.add(new Recipient(p, type, rng.between(a[0], a[1]) * 100L, from, to));
      rows += to - from + 1;
    }
  }

  void writeDeaths(CsvWriter w, Rng bg) throws IOException {
    w.header(DemoDatasets.schema(DemoDatasets.DEATH_RECORDS).columnNames());
    int[] order = shuffled(deaths.size(), bg);
    for (int i : order) {
      Death x = deaths.get(i);
      world.persons.writeId(w, x.person());
      if (x.nameOverride() != null) {
        w.text(x.nameOverride());
      } else {
        w.begin();
        Names.append(w, world.persons.name[x.person()]);
      }
      w.date(x.died());
      w.raw(Vocab.DISTRICT_CODE[x.registeredDistrict()]);
      w.text(SOURCES.get(bg.nextInt(SOURCES.size())));
      w.text(CAUSES.get(bg.pick(CAUSE_TABLE)));
      w.endRow();
    }
  }

  /** Writes the payments month by month (the monthly pay runs), recipients in shuffled order. */
  void writePayments(CsvWriter w, Rng bg) throws IOException {
    w.header(DemoDatasets.schema(DemoDatasets.ALLOWANCE_PAYMENTS).columnNames());
    int[] order = shuffled(recipients.size(), bg);
    long seq = 0;
    byte[][] typeBytes = new byte[TYPES.size()][];
    for (int t = 0; t < typeBytes.length; t++) {
      typeBytes[t] = CsvWriter.cell(TYPES.get(t));
    }
    for (int m = 0; m < World.MONTHS; m++) {
      for (int i : order) {
        Recipient r = recipients.get(i);
        if (m < r.from || m > r.to) {
          continue;
        }
        seq++;
        w.begin();
        w.append(AP);
        w.appendPadded(seq, 10);
        w.raw(Vocab.DISTRICT_CODE[world.persons.district[r.person]]);
        world.persons.writeId(w, r.person);
        w.begin();
        Names.append(w, world.persons.name[r.person]);
        w.raw(typeBytes[r.type]);
        w.date(World.MONTH_START[m]);
        w.date(paidOn(r.type, m));
        w.amount(r.cents);
        w.endRow();
        if (m == r.keyMonth) {
          r.keyPaymentId = String.format(Locale.ROOT, "AP%010d", seq);
        }
      }
    }
    for (Recipient r : planted) {
      truth.add(
          new World.Truth(
              MODEL,
              World.code(world.persons.district[r.person]),
              world.id(r.person),
              r.keyPaymentId,
              REASON));
    }
  }

  static int[] shuffled(int n, Rng rng) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    rng.shuffle(a);
    return a;
  }

  private static final byte[] AP = {'A', 'P'};
}
