package org.mingjian.platform.datagen.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mingjian.platform.datagen.DemoDatasets;

/**
 * The civil judgments, held in flat arrays, with at most one COURT_ENFORCEMENT withdrawal per
 * judgment ({@link #withdrawnOn} is -1 when there is none).
 *
 * <p>Background judgments never form a clue: a mediated or judicially confirmed private-lending
 * case is only enforced when its plaintiff has no other such enforced case in the district, its
 * agent is empty or unique among them, and the money goes to the plaintiff. Other enforced cases
 * (closed by judgment, or not about lending) may pay the debtor.
 */
final class Judgments {

  static final int START = Dates.epochDay(2019, 1, 1);
  static final int END = Dates.epochDay(2024, 6, 30);
  private static final int FIRST_YEAR = 2019;

  final int count;
  final byte[] district;
  final byte[] cause;
  final byte[] closing;
  final byte[] summary;
  final int[] plaintiff;
  final int[] defendant;
  final int[] agent;
  final int[] filed;
  final int[] closed;
  final int[] seq;
  final long[] amount;
  final int[] withdrawnOn;
  final int[] payee;

  /** Row of each planted case, in {@link Planter#cases} order. */
  final int[] plantedRow;

  private Judgments(int count, int planted) {
    this.count = count;
    district = new byte[count];
    cause = new byte[count];
    closing = new byte[count];
    summary = new byte[count];
    plaintiff = new int[count];
    defendant = new int[count];
    agent = new int[count];
    filed = new int[count];
    closed = new int[count];
    seq = new int[count];
    amount = new long[count];
    withdrawnOn = new int[count];
    payee = new int[count];
    plantedRow = new int[planted];
  }

  static Judgments build(int count, Persons persons, Planter planter, Rng rng) {
    List<PlantedCase> planted = planter.cases;
    if (planted.size() > count) {
      throw new IllegalStateException("more planted cases than judgments");
    }
    Judgments t = new Judgments(count, planted.size());
    int[][] pool = new int[Vocab.DISTRICTS][];
    List<Set<Integer>> qualifyingAgents = new ArrayList<>();
    for (int d = 0; d < Vocab.DISTRICTS; d++) {
      pool[d] = Arrays.stream(persons.byDistrict[d]).filter(p -> !planter.reserved[p]).toArray();
      qualifyingAgents.add(new HashSet<>());
    }
    boolean[] qualifyingPlaintiff = new boolean[persons.count];
    int[][] caseCounter = new int[Vocab.DISTRICTS][Dates.year(END) - FIRST_YEAR + 1];
    int nextPlanted = 0;
    for (int j = 0; j < count; j++) {
      int remainingPlanted = planted.size() - nextPlanted;
      if (remainingPlanted > 0 && rng.nextInt(count - j) < remainingPlanted) {
        t.plantedRow[nextPlanted] = j;
        t.copy(j, planted.get(nextPlanted++), rng);
      } else {
        t.background(j, pool, planter, qualifyingAgents, qualifyingPlaintiff, rng);
      }
      int[] counters = caseCounter[t.district[j]];
      int y = Dates.year(t.filed[j]) - FIRST_YEAR;
      counters[y] += 1 + rng.nextInt(3);
      t.seq[j] = counters[y];
    }
    return t;
  }

  private void copy(int j, PlantedCase c, Rng rng) {
    district[j] = (byte) c.district();
    cause[j] = (byte) c.cause();
    closing[j] = (byte) c.closing();
    summary[j] = (byte) rng.nextInt(Vocab.summaryVariants(c.cause()));
    plaintiff[j] = c.plaintiff();
    defendant[j] = c.defendant();
    agent[j] = c.agent();
    filed[j] = c.filed();
    closed[j] = c.closed();
    amount[j] = c.amount();
    withdrawnOn[j] = c.withdrawnOn();
    payee[j] = c.payee();
  }

  private void background(
      int j,
      int[][] pool,
      Planter planter,
      List<Set<Integer>> qualifyingAgents,
      boolean[] qualifyingPlaintiff,
      Rng rng) {
    int d = rng.pick(Vocab.DISTRICT_TABLE);
    int c = rng.pick(Vocab.CAUSE_TABLE);
    int m = rng.pick(Vocab.CLOSING_TABLE);
    int[] people = pool[d];
    int p = people[rng.nextInt(people.length)];
    int q;
    do {
      q = people[rng.nextInt(people.length)];
    } while (q == p);
    boolean mediated = m == Vocab.MEDIATION || m == Vocab.JUDICIAL_CONFIRMATION;
    boolean enforced = m == Vocab.JUDGMENT ? rng.percent(25) : mediated ? rng.percent(15) : false;
    boolean qualifying = enforced && mediated && c == Vocab.PRIVATE_LENDING;
    if (qualifying) {
      // one enforced qualifying case per plaintiff: redraw a few times, else no withdrawal
      for (int tries = 0; qualifyingPlaintiff[p] && tries < 8; tries++) {
        do {
          p = people[rng.nextInt(people.length)];
        } while (p == q);
      }
      if (qualifyingPlaintiff[p]) {
        qualifying = false;
        enforced = false;
      } else {
        qualifyingPlaintiff[p] = true;
      }
    }
    Set<Integer> plantedAgents = planter.agents.get(d);
    int a = -1;
    if (qualifying) {
      if (rng.nextBoolean()) {
        Set<Integer> used = qualifyingAgents.get(d);
        do {
          a = Names.random(rng);
        } while (plantedAgents.contains(a) || !used.add(a));
      }
    } else if (rng.percent(60)) {
      do {
        a = Names.random(rng);
      } while (plantedAgents.contains(a));
    }
    int duration = 10 + rng.nextInt(170) + (rng.percent(25) ? rng.nextInt(250) : 0);
    int f = rng.between(START, END - duration);
    district[j] = (byte) d;
    cause[j] = (byte) c;
    closing[j] = (byte) m;
    summary[j] = (byte) rng.nextInt(Vocab.summaryVariants(c));
    plaintiff[j] = p;
    defendant[j] = q;
    agent[j] = a;
    filed[j] = f;
    closed[j] = f + duration;
    amount[j] = amount(c, rng);
    if (enforced) {
      withdrawnOn[j] = closed[j] + rng.between(0, qualifying ? 90 : 200);
      payee[j] = qualifying || !rng.percent(3) ? p : q;
    } else {
      withdrawnOn[j] = -1;
      payee[j] = -1;
    }
  }

  private static long amount(int cause, Rng rng) {
    long yuan;
    switch (cause) {
      case Vocab.PRIVATE_LENDING -> yuan = rng.between(10_000, 600_000);
      case Vocab.SALES_CONTRACT -> yuan = rng.between(5_000, 2_000_000);
      case Vocab.LABOR -> yuan = rng.between(3_000, 200_000);
      case Vocab.DIVORCE -> {
        if (rng.percent(30)) {
          return -1;
        }
        yuan = rng.between(0, 1_500_000);
      }
      default -> yuan = rng.between(2_000, 400_000);
    }
    return yuan * 100 + (rng.percent(30) ? rng.nextInt(100) : 0);
  }

  int year(int j) {
    return Dates.year(filed[j]);
  }

  String caseNo(int j) {
    return Vocab.caseNo(district[j], year(j), seq[j]);
  }

  /** Writes the case number as one cell. */
  void writeCaseNo(CsvWriter w, int j) throws IOException {
    w.begin();
    w.append(Vocab.CASE_OPEN);
    w.appendPadded(year(j), 4);
    w.append(Vocab.CASE_JING);
    w.append(Vocab.COURT_SUFFIX[district[j]]);
    w.append(Vocab.CASE_MINCHU);
    w.appendLong(seq[j]);
    w.append(Vocab.CASE_HAO);
  }

  /** Writes {@code civil_judgments.csv}. */
  void write(CsvWriter w, Persons persons) throws IOException {
    w.header(DemoDatasets.civilJudgments().columnNames());
    for (int j = 0; j < count; j++) {
      int d = district[j];
      int c = cause[j];
      int m = closing[j];
      writeCaseNo(w, j);
      w.raw(Vocab.DISTRICT_CODE[d]);
      w.raw(Vocab.COURT[d]);
      w.raw(Vocab.CAUSE_BYTES[c]);
      w.raw(Vocab.CLOSING_BYTES[m]);
      w.date(filed[j]);
      w.date(closed[j]);
      persons.writeId(w, plaintiff[j]);
      persons.writeId(w, defendant[j]);
      if (agent[j] < 0) {
        w.empty();
      } else {
        w.begin();
        Names.append(w, agent[j]);
      }
      w.amount(amount[j]);
      w.raw(Vocab.SUMMARY[c][summary[j]][m]);
      w.endRow();
    }
  }
}
