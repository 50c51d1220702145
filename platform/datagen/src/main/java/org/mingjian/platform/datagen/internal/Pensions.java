package org.mingjian.platform.datagen.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mingjian.platform.datagen.DemoDatasets;
import org.mingjian.platform.datagen.District;

/**
 * The city-wide prison and detention roster and monthly pension payments, with the planted cases of
 * {@code pension-in-custody}: a pension paid for a month that lies wholly or partly inside a
 * custodial sentence.
 *
 * <p>Background: a pensioner's payments are suspended for every month that touches one of their
 * sentences; pre-trial detention does not suspend them.
 */
final class Pensions {

  static final String MODEL = "pension-in-custody";
  static final String REASON = "PAID_IN_CUSTODY";
  static final int PAY_DAY = 8;

  static final List<String> CUSTODY = List.of("SENTENCE", "PRETRIAL");
  static final int SENTENCE = 0;
  static final int PRETRIAL = 1;
  private static final String[] PRISONS = {
    "北京市监狱", "北京市第二监狱", "北京市前进监狱", "北京市良乡监狱", "北京市女子监狱", "北京市天河监狱", "北京市潮白监狱", "北京市延庆监狱"
  };
  private static final String[] DETENTION = {"北京市第一看守所", "北京市第二看守所", "北京市第三看守所"};

  /** One roster row; {@code released} -1 while in custody. */
  static final class Spell {
    final int person;
    final int type;
    final int admitted;
    final int released;
    final boolean clue;
    String rosterId;

    Spell(int person, int type, int admitted, int released, boolean clue) {
      this.person = person;
      this.type = type;
      this.admitted = admitted;
      this.released = released;
      this.clue = clue;
    }
  }

  /** A pensioner: paid every month from {@code from} to June 2024 except the skipped months. */
  record Recipient(int person, boolean employee, long cents, int from, int[] skip) {}

  private final World world;
  private final Rng rng;
  private final List<Spell> spells = new ArrayList<>();
  private final List<Recipient> recipients = new ArrayList<>();
  private final boolean[] pensioner;
  int decoys;
  final List<World.Truth> truth = new ArrayList<>();

  Pensions(World world, int sets, Rng rng) {
    this.world = world;
    this.rng = rng;
    this.pensioner = new boolean[world.persons.count];
    for (int d = 0; d < Vocab.DISTRICTS; d++) {
      for (int s = 0; s < sets; s++) {
        plantSet(d);
      }
    }
  }

  private int retiree(int d) {
    int p = world.reserve(d, rng, q -> world.birthYear(q) <= 1957);
    pensioner[p] = true;
    return p;
  }

  private void pension(int p, int skipFrom, int skipTo) {
    boolean employee = rng.percent(70);
    long cents = employee ? rng.between(3000, 6500) * 100L : rng.between(800, 1300) * 100L;
    int[] skip = skipFrom < 0 ? new int[0] : new int[] {skipFrom, skipTo};
    recipients.add(new Recipient(p, employee, cents, 0, skip));
  }

  private Spell spell(int p, int type, int admitted, int released, boolean clue) {
    Spell s = new Spell(p, type, admitted, released, clue);
    spells.add(s);
    return s;
  }

  private void plantSet(int d) {
    // Clue: sentence starts mid-month; that month is still paid, then payments stop until after
    // the release month. A pre-trial detention came before it.
    int p = retiree(d);
    int a = rng.between(10, 40);
    int admitted = World.dayOf(a, rng.between(10, 20));
    int r = a + rng.between(12, 20);
    spell(p, PRETRIAL, admitted - rng.between(60, 120), admitted - 1, false);
    spell(p, SENTENCE, admitted, World.dayOf(r, rng.between(5, 25)), true);
    pension(p, a + 1, r);
    // Clue: still in custody, never suspended.
    p = retiree(d);
    a = rng.between(20, 50);
    spell(p, SENTENCE, World.MONTH_START[a], -1, true);
    pension(p, -1, -1);
    // Clue: released mid-month; the release month is paid already.
    p = retiree(d);
    a = rng.between(5, 20);
    r = rng.between(a + 12, 60);
    spell(
        p, SENTENCE, World.dayOf(a, rng.between(2, 28)), World.dayOf(r, rng.between(5, 25)), true);
    pension(p, a, r - 1);
    // Clue: admitted on the last day of a month that is paid.
    p = retiree(d);
    a = rng.between(10, 50);
    r = a + rng.between(10, 14);
    spell(p, SENTENCE, World.monthEnd(a), World.dayOf(r, rng.between(5, 25)), true);
    pension(p, a + 1, r);

    // Decoy: admitted on the 1st, released mid-month; both months suspended.
    p = retiree(d);
    a = rng.between(10, 40);
    r = a + rng.between(6, 20);
    spell(p, SENTENCE, World.MONTH_START[a], World.dayOf(r, rng.between(5, 25)), false);
    pension(p, a, r);
    // Decoy: released on the last day of a month; paid again from the next month.
    p = retiree(d);
    a = rng.between(10, 40);
    r = a + rng.between(6, 20);
    spell(p, SENTENCE, World.MONTH_START[a], World.monthEnd(r), false);
    pension(p, a, r);
    // Decoy: pre-trial detention only (the pension continues by law).
    p = retiree(d);
    a = World.dayOf(rng.between(5, 55), rng.between(1, 28));
    spell(p, PRETRIAL, a, a + rng.between(60, 150), false);
    pension(p, -1, -1);
    // Decoy: a sentence served before 2019.
    p = retiree(d);
    a = rng.between(Dates.epochDay(2010, 1, 1), Dates.epochDay(2014, 12, 31));
    spell(p, SENTENCE, a, rng.between(a + 400, Dates.epochDay(2018, 12, 31)), false);
    pension(p, -1, -1);
    decoys += 4;
  }

  /** Background roster rows, then pensioners with about {@code payments} monthly payments. */
  void background(int rosterRows, int payments) {
    int first = Dates.epochDay(2012, 1, 1);
    Map<Integer, List<Spell>> sentences = new HashMap<>();
    List<Integer> inmates = new ArrayList<>();
    int n = 0;
    while (n < rosterRows) {
      int p = world.background(rng, q -> world.birthYear(q) <= 2000);
      if (rng.percent(70)) {
        int admitted = rng.between(first, World.END);
        int released = World.plusMonths(admitted, rng.between(6, 120)) - rng.between(0, 60);
        if (released > World.END) {
          released = -1;
        }
        if (rng.percent(30) && n + 1 < rosterRows) {
          spell(p, PRETRIAL, admitted - rng.between(30, 300), admitted - 1, false);
          n++;
        }
        Spell s = spell(p, SENTENCE, admitted, released, false);
        sentences.computeIfAbsent(p, k -> new ArrayList<>()).add(s);
        inmates.add(p);
      } else {
        int admitted = rng.between(first, World.END);
        int released = admitted + rng.between(30, 400);
        spell(p, PRETRIAL, admitted, released > World.END ? -1 : released, false);
      }
      n++;
    }
    long rows = 0;
    while (rows < payments) {
      int p;
      if (rng.percent(3)) {
        p = inmates.get(rng.nextInt(inmates.size()));
      } else {
        p = world.background(rng, q -> world.birthYear(q) <= 1964);
      }
      if (pensioner[p] || world.birthYear(p) > 1964) {
        continue;
      }
      boolean male = world.persons.isMale(p);
      int start = World.plusYears(world.persons.birth[p], male ? 60 : 55);
      int from = Math.max(0, World.monthOf(start) + 1);
      if (from >= World.MONTHS) {
        continue;
      }
      pensioner[p] = true;
      List<Spell> mine = sentences.getOrDefault(p, List.of());
      int[] skip = new int[mine.size() * 2];
      for (int i = 0; i < mine.size(); i++) {
        Spell s = mine.get(i);
        // every month that touches the sentence: from its admission month to its release month
        skip[2 * i] = Math.max(0, World.monthOf(s.admitted));
        skip[2 * i + 1] = s.released < 0 ? World.MONTHS : World.monthOf(s.released);
      }
      boolean employee = rng.percent(70);
      long cents = employee ? rng.between(3000, 6500) * 100L : rng.between(800, 1300) * 100L;
      recipients.add(new Recipient(p, employee, cents, from, skip));
      rows += World.MONTHS - from;
    }
  }

  void writeRoster(CsvWriter w, Rng bg) throws IOException {
    w.header(DemoDatasets.schema(DemoDatasets.PRISON_ROSTER).columnNames());
    int[] order = Allowances.shuffled(spells.size(), bg);
    int seq = 0;
    for (int i : order) {
      Spell s = spells.get(i);
      s.rosterId = String.format(java.util.Locale.ROOT, "JY%08d", ++seq);
      w.text(s.rosterId);
      world.persons.writeId(w, s.person);
      w.begin();
      Names.append(w, world.persons.name[s.person]);
      if (s.type == SENTENCE) {
        w.text(PRISONS[bg.nextInt(PRISONS.length)]);
      } else if (bg.nextBoolean()) {
        w.text(DETENTION[bg.nextInt(DETENTION.length)]);
      } else {
        w.text("北京市" + District.ALL.get(bg.pick(Vocab.DISTRICT_TABLE)).name() + "看守所");
      }
      w.text(CUSTODY.get(s.type));
      w.date(s.admitted);
      if (s.released < 0) {
        w.empty();
      } else {
        w.date(s.released);
      }
      w.endRow();
    }
    for (Spell s : spells) {
      if (s.clue) {
        truth.add(
            new World.Truth(
                MODEL,
                World.code(world.persons.district[s.person]),
                world.id(s.person),
                s.rosterId,
                REASON));
      }
    }
  }

  void writePayments(CsvWriter w, Rng bg) throws IOException {
    w.header(DemoDatasets.schema(DemoDatasets.PENSION_PAYMENTS).columnNames());
    int[] order = Allowances.shuffled(recipients.size(), bg);
    byte[] employee = CsvWriter.cell("EMPLOYEE");
    byte[] resident = CsvWriter.cell("RESIDENT");
    long seq = 0;
    for (int m = 0; m < World.MONTHS; m++) {
      for (int i : order) {
        Recipient r = recipients.get(i);
        if (m < r.from() || skipped(r.skip(), m)) {
          continue;
        }
        seq++;
        w.begin();
        w.append(PP);
        w.appendPadded(seq, 10);
        w.raw(Vocab.DISTRICT_CODE[world.persons.district[r.person()]]);
        world.persons.writeId(w, r.person());
        w.begin();
        Names.append(w, world.persons.name[r.person()]);
        w.raw(r.employee() ? employee : resident);
        w.date(World.MONTH_START[m]);
        w.date(World.dayOf(m, PAY_DAY));
        w.amount(r.cents());
        w.endRow();
      }
    }
  }

  private static boolean skipped(int[] skip, int m) {
    for (int i = 0; i < skip.length; i += 2) {
      if (m >= skip[i] && m <= skip[i + 1]) {
        return true;
      }
    }
    return false;
  }

  private static final byte[] PP = {'P', 'P'};
}
