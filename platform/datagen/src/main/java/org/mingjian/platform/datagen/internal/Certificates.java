package org.mingjian.platform.datagen.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mingjian.platform.datagen.DemoDatasets;
import org.mingjian.platform.datagen.District;

/**
 * Construction-site personnel checks and the city-wide special-operation certificate registry, with
 * the planted cases of {@code special-operation-certificates}: a worker in a special-operation role
 * whose certificate is missing, not in the registry, someone else's or of another operation type,
 * or expired on the day of the check.
 *
 * <p>Background: every background worker in a special-operation role carries their own certificate
 * of that type, valid on the day of the check (sometimes expiring that very day).
 */
final class Certificates {

  static final String MODEL = "special-operation-certificates";

  static final List<String> ROLES =
      List.of(
          "ELECTRICIAN",
          "WELDER",
          "WORK_AT_HEIGHT",
          "REFRIGERATION",
          "LABOURER",
          "CARPENTER",
          "MASON",
          "REBAR",
          "PAINTER");
  static final int ELECTRICIAN = 0;
  static final int WELDER = 1;
  static final int WORK_AT_HEIGHT = 2;
  static final int REFRIGERATION = 3;
  static final int SPECIAL = 4;
  static final int LABOURER = 4;
  static final int CARPENTER = 5;

  private static final String[] PLACES = {
    "中心", "东坝", "望京", "新城", "科技园", "北苑", "南苑", "西山", "滨河", "工业园", "商务区", "站前"
  };
  private static final String[] WORKS = {
    "住宅楼工程", "综合楼工程", "道路改造工程", "学校教学楼工程", "地下管廊工程", "厂房工程", "保障性住房项目", "医院门诊楼工程"
  };

  private static final int CHECK_FIRST = Dates.epochDay(2020, 1, 1);

  private final World world;
  private final Rng rng;

  // registry
  private int certs;
  private String[] certNo = new String[1024];
  private int[] holder = new int[1024];
  private byte[] type = new byte[1024];
  private byte[] issuer = new byte[1024];
  private int[] issued = new int[1024];
  private int[] validUntil = new int[1024];
  private int certSeq;

  // site rows
  private int rows;
  private int[] person = new int[1024];
  private byte[] role = new byte[1024];
  private String[] listedNo = new String[1024];
  private int[] checked = new int[1024];
  private byte[] district = new byte[1024];

  /** Planted site rows: row index -> reason; decoys counted. */
  private final List<int[]> plantedRows = new ArrayList<>();

  private final List<String> plantedReasons = new ArrayList<>();
  int decoys;
  final List<World.Truth> truth = new ArrayList<>();
  private int fabricated;

  Certificates(World world, int sets, Rng rng) {
    this.world = world;
    this.rng = rng;
    for (int d = 0; d < Vocab.DISTRICTS; d++) {
      for (int s = 0; s < sets; s++) {
        plantSet(d);
      }
    }
  }

  private static boolean workingAge(World w, int p) {
    int y = w.birthYear(p);
    return y >= 1964 && y <= 2002;
  }

  private int worker(int d) {
    return world.reserve(d, rng, p -> workingAge(world, p));
  }

  private int cert(int p, int t, int issuerDistrict, int valid) {
    if (certs == certNo.length) {
      int n = certs * 2;
      certNo = Arrays.copyOf(certNo, n);
      holder = Arrays.copyOf(holder, n);
      type = Arrays.copyOf(type, n);
      issuer = Arrays.copyOf(issuer, n);
      issued = Arrays.copyOf(issued, n);
      validUntil = Arrays.copyOf(validUntil, n);
    }
    int i = certs++;
    int iss = World.plusYears(valid, -6) + 1;
    certNo[i] = number(issuerDistrict, Dates.year(iss), ++certSeq);
    holder[i] = p;
    type[i] = (byte) t;
    issuer[i] = (byte) issuerDistrict;
    issued[i] = iss;
    validUntil[i] = valid;
    return i;
  }

  private static String number(int issuerDistrict, int year, int seq) {
    return "TZ"
        + District.ALL.get(issuerDistrict).courtSuffix()
        + year
        + String.format(java.util.Locale.ROOT, "%07d", seq);
  }

  private int site(int d, int p, int r, String no, int day) {
    if (rows == person.length) {
      int n = rows * 2;
      person = Arrays.copyOf(person, n);
      role = Arrays.copyOf(role, n);
      listedNo = Arrays.copyOf(listedNo, n);
      checked = Arrays.copyOf(checked, n);
      district = Arrays.copyOf(district, n);
    }
    int i = rows++;
    person[i] = p;
    role[i] = (byte) r;
    listedNo[i] = no;
    checked[i] = day;
    district[i] = (byte) d;
    return i;
  }

  private void clue(int row, String reason) {
    plantedRows.add(new int[] {row});
    plantedReasons.add(reason);
  }

  private void plantSet(int d) {
    int day = rng.between(CHECK_FIRST + 30, World.END);
    // Clues
    clue(site(d, worker(d), ELECTRICIAN, null, day), "MISSING");
    clue(
        site(d, worker(d), WELDER, number(d, 2019, 9_000_000 + ++fabricated), day),
        "NOT_IN_REGISTRY");
    int other = worker(d);
    int c = cert(other, WORK_AT_HEIGHT, d, day + rng.between(100, 1500));
    clue(site(d, worker(d), WORK_AT_HEIGHT, certNo[c], day), "MISMATCH");
    int p = worker(d);
    c = cert(p, WELDER, d, day + rng.between(100, 1500));
    clue(site(d, p, ELECTRICIAN, certNo[c], day), "MISMATCH");
    p = worker(d);
    c = cert(p, REFRIGERATION, d, day - 1);
    clue(site(d, p, REFRIGERATION, certNo[c], day), "EXPIRED");
    p = worker(d);
    c = cert(p, WELDER, d, day - rng.between(200, 900));
    clue(site(d, p, WELDER, certNo[c], day), "EXPIRED");
    // Decoys
    site(d, worker(d), LABOURER, null, day);
    p = worker(d);
    c = cert(p, ELECTRICIAN, d, day);
    site(d, p, ELECTRICIAN, certNo[c], day);
    p = worker(d);
    c = cert(p, WELDER, (d + 1 + rng.nextInt(Vocab.DISTRICTS - 1)) % Vocab.DISTRICTS, day + 400);
    site(d, p, WELDER, certNo[c], day);
    p = worker(d);
    c = cert(p, WELDER, d, day - 300);
    site(d, p, CARPENTER, certNo[c], day);
    p = worker(d);
    cert(p, WORK_AT_HEIGHT, d, day - 500);
    c = cert(p, WORK_AT_HEIGHT, d, day + 1700);
    site(d, p, WORK_AT_HEIGHT, certNo[c], day);
    decoys += 5;
  }

  /** Background workers and certificates; call once planting is done. */
  void background(int n) {
    int span = World.END - CHECK_FIRST + 1;
    for (int k = 0; k < n; k++) {
      int d = rng.pick(Vocab.DISTRICT_TABLE);
      int p = world.background(d, rng, q -> workingAge(world, q));
      int day = CHECK_FIRST + rng.nextInt(span);
      if (rng.percent(40)) {
        int r = rng.nextInt(SPECIAL);
        int iss = rng.percent(70) ? d : rng.nextInt(Vocab.DISTRICTS);
        int c = cert(p, r, iss, day + rng.between(0, 2000));
        site(d, p, r, certNo[c], day);
      } else {
        site(d, p, SPECIAL + rng.nextInt(ROLES.size() - SPECIAL), null, day);
      }
    }
    // certificates of people not checked on a site, some long expired
    int first = Dates.epochDay(2012, 1, 1);
    for (int k = 0; k < n / 2; k++) {
      int d = rng.pick(Vocab.DISTRICT_TABLE);
      int p = world.background(d, rng, q -> workingAge(world, q));
      int iss = rng.percent(70) ? d : rng.nextInt(Vocab.DISTRICTS);
      int valid = Math.min(World.plusYears(rng.between(first, World.END), 6) - 1, World.END + 2000);
      cert(p, rng.nextInt(SPECIAL), iss, valid);
    }
  }

  void writeRegistry(CsvWriter w) throws IOException {
    w.header(DemoDatasets.schema(DemoDatasets.OPERATION_CERTIFICATES).columnNames());
    int[] order = identity(certs);
    rng.shuffle(order);
    for (int i : order) {
      w.text(certNo[i]);
      world.persons.writeId(w, holder[i]);
      w.begin();
      Names.append(w, world.persons.name[holder[i]]);
      w.text(ROLES.get(type[i]));
      w.text("北京市" + District.ALL.get(issuer[i]).name() + "应急管理局");
      w.date(issued[i]);
      w.date(validUntil[i]);
      w.endRow();
    }
  }

  void writeSites(CsvWriter w, Enterprises firms, Rng bg) throws IOException {
    List<List<Integer>> builders = new ArrayList<>();
    for (int d = 0; d < Vocab.DISTRICTS; d++) {
      builders.add(new ArrayList<>());
    }
    for (int i = 0; i < firms.count; i++) {
      if (firms.industry[i] == Enterprises.CONSTRUCTION && firms.status[i] == Enterprises.ACTIVE) {
        builders.get(firms.district[i]).add(i);
      }
    }
    int[] order = identity(rows);
    bg.shuffle(order);
    int[] recordNo = new int[rows];
    w.header(DemoDatasets.schema(DemoDatasets.SITE_PERSONNEL).columnNames());
    int seq = 0;
    for (int i : order) {
      recordNo[i] = ++seq;
      int d = district[i];
      w.begin();
      w.append(SP);
      w.appendPadded(seq, 10);
      w.raw(Vocab.DISTRICT_CODE[d]);
      w.text(
          District.ALL.get(d).name()
              + PLACES[bg.nextInt(PLACES.length)]
              + WORKS[bg.nextInt(WORKS.length)]);
      List<Integer> b = builders.get(d);
      w.text(
          b.isEmpty()
              ? firms.code[bg.nextInt(firms.count)]
              : firms.code[b.get(bg.nextInt(b.size()))]);
      world.persons.writeId(w, person[i]);
      w.begin();
      Names.append(w, world.persons.name[person[i]]);
      w.text(ROLES.get(role[i]));
      w.text(listedNo[i]);
      w.date(checked[i]);
      w.endRow();
    }
    for (int k = 0; k < plantedRows.size(); k++) {
      int r = plantedRows.get(k)[0];
      truth.add(
          new World.Truth(
              MODEL,
              World.code(district[r]),
              world.id(person[r]),
              String.format(java.util.Locale.ROOT, "SP%010d", recordNo[r]),
              plantedReasons.get(k)));
    }
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  private static final byte[] SP = {'S', 'P'};
}
