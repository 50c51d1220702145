package org.mingjian.platform.datagen.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.mingjian.platform.datagen.CreditCodes;
import org.mingjian.platform.datagen.DemoDatasets;

/**
 * The enterprise register shared by {@code fuel-tax} and {@code barred-legal-representative}:
 * background firms plus the firms planted cases add. Credit codes are unique and valid (GB 32100).
 */
final class Enterprises {

  static final int TRANSPORT = 0;
  static final int LOGISTICS = 1;
  static final int CONSTRUCTION = 2;
  static final int MANUFACTURING = 3;
  static final int FUEL_TRADE = 4;
  static final int WASTE_OIL_RECYCLING = 5;
  static final int TRADE = 6;
  static final int CATERING = 7;
  static final int CONSULTING = 8;
  static final List<String> INDUSTRIES =
      List.of(
          "TRANSPORT",
          "LOGISTICS",
          "CONSTRUCTION",
          "MANUFACTURING",
          "FUEL_TRADE",
          "WASTE_OIL_RECYCLING",
          "TRADE",
          "CATERING",
          "CONSULTING");
  private static final String[] INDUSTRY_WORDS = {
    "运输", "物流", "建设工程", "机械制造", "石油化工销售", "再生资源", "商贸", "餐饮管理", "企业管理咨询"
  };
  private static final byte[] INDUSTRY_TABLE = Rng.weightTable(12, 10, 12, 14, 3, 2, 22, 12, 13);

  /** Yearly fuel capacity range in tons per industry (min, max). */
  private static final int[][] CAPACITY = {
    {50, 800}, {20, 300}, {30, 400}, {5, 200}, {0, 0}, {0, 50}, {0, 20}, {0, 0}, {0, 0}
  };

  static final int ACTIVE = 0;
  static final int DEREGISTERED = 1;
  static final int BANKRUPT = 2;
  static final List<String> STATUSES = List.of("ACTIVE", "DEREGISTERED", "BANKRUPT");

  private static final String BRAND_CHARS =
      "恒通华远鑫盛兴隆泰和宏达正源中天顺安金利鼎丰瑞祥永昌博远汇通嘉诚天成伟业腾飞亿佳合众联创东方北辰京城长城燕山";
  private static final int ORG_SPACE = 31 * 31 * 31 * 31 * 31 * 31;

  private final World world;
  private final long codeOffset;
  int count;
  String[] code = new String[1024];
  byte[] district = new byte[1024];
  String[] name = new String[1024];
  byte[] industry = new byte[1024];
  int[] rep = new int[1024];
  int[] repSince = new int[1024];
  int[] registered = new int[1024];
  byte[] status = new byte[1024];
  int[] liquidated = new int[1024];

  /** 0 none, 'Y' or 'N'. */
  byte[] liable = new byte[1024];

  /** Centi-tons per year. */
  long[] capacity = new long[1024];

  /** Firms of planted cases. */
  final java.util.BitSet planted = new java.util.BitSet();

  /** Persons who are legal representative of some firm. */
  final boolean[] isRep;

  Enterprises(World world, Rng rng) {
    this.world = world;
    this.codeOffset = rng.nextLong(ORG_SPACE);
    this.isRep = new boolean[world.persons.count];
  }

  /** A credit code no other firm has, registered in the district's area. */
  String newCode(int d, String area) {
    long v = (count * 536_870_909L + codeOffset) % ORG_SPACE;
    char[] org = new char[8];
    org[0] = 'M';
    org[1] = 'A';
    for (int i = 7; i >= 2; i--) {
      org[i] = CreditCodes.ALPHABET.charAt((int) (v % 31));
      v /= 31;
    }
    return CreditCodes.of('9', '1', area == null ? World.code(d) : area, new String(org));
  }

  static String externalCode(String area, int n) {
    char[] org = {'M', 'A', '0', '0', '0', '0', '0', '0'};
    for (int i = 7; i >= 2 && n > 0; i--) {
      org[i] = CreditCodes.ALPHABET.charAt(n % 31);
      n /= 31;
    }
    return CreditCodes.of('9', '1', area, new String(org));
  }

  String randomName(Rng rng, int industry) {
    int a = rng.nextInt(BRAND_CHARS.length());
    int b = rng.nextInt(BRAND_CHARS.length());
    return "北京" + BRAND_CHARS.charAt(a) + BRAND_CHARS.charAt(b) + INDUSTRY_WORDS[industry] + "有限公司";
  }

  /** Adds a firm and returns its index. */
  int add(
      Rng rng,
      int d,
      int industry,
      int rep,
      int repSince,
      int registered,
      int status,
      int liquidated,
      byte liable,
      long capacityCentiTons) {
    if (count == code.length) {
      int n = count * 2;
      code = Arrays.copyOf(code, n);
      district = Arrays.copyOf(district, n);
      name = Arrays.copyOf(name, n);
      this.industry = Arrays.copyOf(this.industry, n);
      this.rep = Arrays.copyOf(this.rep, n);
      this.repSince = Arrays.copyOf(this.repSince, n);
      this.registered = Arrays.copyOf(this.registered, n);
      this.status = Arrays.copyOf(this.status, n);
      this.liquidated = Arrays.copyOf(this.liquidated, n);
      this.liable = Arrays.copyOf(this.liable, n);
      capacity = Arrays.copyOf(capacity, n);
    }
    int i = count;
    code[i] = newCode(d, null);
    count++;
    district[i] = (byte) d;
    name[i] = randomName(rng, industry);
    this.industry[i] = (byte) industry;
    this.rep[i] = rep;
    this.repSince[i] = repSince;
    this.registered[i] = registered;
    this.status[i] = (byte) status;
    this.liquidated[i] = liquidated;
    this.liable[i] = liable;
    capacity[i] = capacityCentiTons;
    isRep[rep] = true;
    return i;
  }

  /** A capacity for the industry, whole tons. */
  static long capacityFor(Rng rng, int industry) {
    int[] r = CAPACITY[industry];
    return r[1] == 0 ? 0 : rng.between(r[0], r[1]) * 100L;
  }

  /**
   * Background firms: 90 % active, 8 % deregistered, 2 % bankrupt (a third of whose representatives
   * were held personally liable; those persons represent no other firm). No representative is a
   * blocked person, and a liable one represents nothing else.
   */
  void background(int n, Rng rng) {
    int first = Dates.epochDay(1995, 1, 1);
    int last = World.END - 30;
    for (int k = 0; k < n; k++) {
      int d = rng.pick(Vocab.DISTRICT_TABLE);
      int ind = rng.pick(INDUSTRY_TABLE);
      int reg = rng.between(first, last);
      int since = rng.percent(20) ? rng.between(reg, World.END) : reg;
      int roll = rng.nextInt(100);
      int st = roll < 90 ? ACTIVE : roll < 98 ? DEREGISTERED : BANKRUPT;
      int liq = -1;
      byte li = 0;
      int person;
      if (st == BANKRUPT) {
        liq =
            rng.between(
                Math.min(Math.max(reg + 365, Dates.epochDay(2014, 1, 1)), World.END), World.END);
        li = rng.percent(33) ? (byte) 'Y' : (byte) 'N';
      }
      if (li == 'Y') {
        person = world.background(d, rng, p -> !isRep[p] && adult(p, since));
        world.blocked[person] = true;
      } else {
        person = world.background(d, rng, p -> adult(p, since));
      }
      add(rng, d, ind, person, since, reg, st, liq, li, capacityFor(rng, ind));
    }
  }

  /** Whether the person is at least 18 on {@code day}. */
  boolean adult(int p, int day) {
    return World.plusYears(world.persons.birth[p], 18) <= day;
  }

  /** Writes the register in a shuffled order, so planted firms are not at the end. */
  void write(CsvWriter w, Rng rng) throws IOException {
    w.header(DemoDatasets.schema(DemoDatasets.ENTERPRISES).columnNames());
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    rng.shuffle(order);
    for (int i : order) {
      w.text(code[i]);
      w.raw(Vocab.DISTRICT_CODE[district[i]]);
      w.text(name[i]);
      w.text(INDUSTRIES.get(industry[i]));
      world.persons.writeId(w, rep[i]);
      w.begin();
      Names.append(w, world.persons.name[rep[i]]);
      w.date(repSince[i]);
      w.date(registered[i]);
      w.text(STATUSES.get(status[i]));
      if (liquidated[i] < 0) {
        w.empty();
      } else {
        w.date(liquidated[i]);
      }
      if (liable[i] == 0) {
        w.empty();
      } else {
        w.text(liable[i] == 'Y' ? "Y" : "N");
      }
      w.amount(capacity[i]);
      w.endRow();
    }
  }
}
