package org.mingjian.platform.datagen.internal;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.mingjian.platform.datagen.DemoDatasets;
import org.mingjian.platform.datagen.District;

/**
 * City-wide criminal convictions with judgment text, and the planted cases of {@code
 * barred-legal-representative}: a person who became legal representative of an active firm while
 * barred by a conviction for embezzlement, bribery, misappropriation or an offence against the
 * market order (sentence completed less than five years before), or by personal liability for a
 * bankrupt firm (liquidated less than three years before).
 *
 * <p>Background: convicted persons and persons liable for a bankruptcy are never representatives of
 * other firms.
 */
final class Convictions {

  static final String MODEL = "barred-legal-representative";

  /** A crime, whether it bars, and its category in the ground truth. */
  record Crime(String name, String category, String fact) {}

  private static final Crime[] CRIMES = {
    new Crime("盗窃", null, "多次秘密窃取他人财物，数额较大"),
    new Crime("诈骗", null, "虚构事实骗取他人财物，数额较大"),
    new Crime("危险驾驶", null, "在道路上醉酒驾驶机动车"),
    new Crime("故意伤害", null, "因琐事与他人发生争执，致一人轻伤"),
    new Crime("交通肇事", null, "违反交通运输管理法规，发生重大事故"),
    new Crime("寻衅滋事", null, "在公共场所随意殴打他人"),
    new Crime("职务侵占", "EMBEZZLEMENT", "利用担任公司财务人员的职务便利，将本单位财物非法占为己有"),
    new Crime("贪污", "EMBEZZLEMENT", "利用职务上的便利，侵吞公共财物"),
    new Crime("行贿", "BRIBERY", "为谋取不正当利益，给予国家工作人员财物"),
    new Crime("对非国家工作人员行贿", "BRIBERY", "为谋取不正当利益，给予公司工作人员财物"),
    new Crime("挪用资金", "PROPERTY_SEIZURE", "利用职务上的便利，挪用本单位资金归个人使用"),
    new Crime("非法吸收公众存款", "MARKET_ORDER", "以高额返利为诱饵，向社会公众非法吸收资金"),
    new Crime("合同诈骗", "MARKET_ORDER", "在签订、履行合同过程中骗取对方当事人财物"),
    new Crime("虚开增值税专用发票", "MARKET_ORDER", "为他人虚开增值税专用发票，税额较大")
  };
  private static final byte[] CRIME_TABLE =
      Rng.weightTable(20, 12, 18, 8, 6, 6, 6, 2, 3, 3, 5, 5, 3, 3);
  private static final String NUMERALS = "零一二三四五六七八九十";

  /** One conviction. {@code released} is -1 when the text states no release. */
  record Conviction(
      int person, int court, int judged, int crime, String penalty, int released, int style) {}

  private final World world;
  private final Enterprises firms;
  private final Rng rng;
  private final List<Conviction> convictions = new ArrayList<>();
  final List<World.Truth> truth = new ArrayList<>();
  int decoys;
  private int caseSeq;

  Convictions(World world, Enterprises firms, int sets, Rng rng) {
    this.world = world;
    this.firms = firms;
    this.rng = rng;
    for (int d = 0; d < Vocab.DISTRICTS; d++) {
      for (int s = 0; s < sets; s++) {
        plantSet(d);
      }
    }
  }

  static int crime(String name) {
    for (int i = 0; i < CRIMES.length; i++) {
      if (CRIMES[i].name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(name);
  }

  static String chinese(int n) {
    if (n <= 10) {
      return String.valueOf(NUMERALS.charAt(n));
    }
    if (n < 20) {
      return "十" + NUMERALS.charAt(n % 10);
    }
    return NUMERALS.charAt(n / 10)
        + "十"
        + (n % 10 == 0 ? "" : String.valueOf(NUMERALS.charAt(n % 10)));
  }

  static String term(int months) {
    int y = months / 12;
    int m = months % 12;
    if (y == 0) {
      return "有期徒刑" + chinese(m) + "个月";
    }
    return "有期徒刑" + chinese(y) + "年" + (m == 0 ? "" : chinese(m) + "个月");
  }

  private static int upTo(int day) {
    return Math.min(day, World.END);
  }

  private int person(int d) {
    return world.reserve(d, rng, p -> world.birthYear(p) <= 1990);
  }

  private int firm(int d, int rep, int since, int status) {
    int reg = since - rng.between(0, 2000);
    int f =
        firms.add(
            rng,
            d,
            rng.pick(new byte[] {6, 6, 3, 7, 8, 2}),
            rep,
            since,
            Math.min(reg, since),
            status,
            -1,
            (byte) 0,
            0);
    firms.planted.set(f);
    return f;
  }

  /** A prison sentence with the release stated in the text (style 1 or 2). */
  private int sentenced(int p, String crime, int judged, int months, int style) {
    int released = World.plusMonths(judged, months) - rng.between(0, 90);
    convictions.add(
        new Conviction(
            p, rng.nextInt(Vocab.DISTRICTS), judged, crime(crime), term(months), released, style));
    return released;
  }

  private void clue(int f, String reason) {
    truth.add(
        new World.Truth(
            MODEL, World.code(firms.district[f]), world.id(firms.rep[f]), firms.code[f], reason));
  }

  private void plantSet(int d) {
    // Clue: embezzlement, released, appointed within five years.
    int p = person(d);
    int judged = rng.between(Dates.epochDay(2014, 1, 1), Dates.epochDay(2018, 6, 30));
    int released = sentenced(p, "职务侵占", judged, rng.between(24, 48), 1);
    clue(firm(d, p, upTo(released + rng.between(100, 1500)), Enterprises.ACTIVE), "EMBEZZLEMENT");
    // Clue: bribery, appointed the day before the five years end ("于…刑满释放").
    p = person(d);
    judged = rng.between(Dates.epochDay(2012, 1, 1), Dates.epochDay(2015, 12, 31));
    released =
        sentenced(p, rng.nextBoolean() ? "行贿" : "对非国家工作人员行贿", judged, rng.between(12, 36), 2);
    clue(firm(d, p, World.plusYears(released, 5) - 1, Enterprises.ACTIVE), "BRIBERY");
    // Clue: misappropriation, no release stated: the end is the judgment date plus the term.
    p = person(d);
    judged = rng.between(Dates.epochDay(2016, 1, 1), Dates.epochDay(2019, 12, 31));
    int months = 12 + rng.between(1, 11);
    convictions.add(
        new Conviction(
            p, rng.nextInt(Vocab.DISTRICTS), judged, crime("挪用资金"), term(months), -1, 0));
    clue(
        firm(d, p, World.plusMonths(judged, months) + rng.between(30, 700), Enterprises.ACTIVE),
        "PROPERTY_SEIZURE");
    // Clue: illegal fund-raising, a fine only: barred from the judgment on.
    p = person(d);
    judged = rng.between(Dates.epochDay(2018, 1, 1), Dates.epochDay(2022, 12, 31));
    convictions.add(
        new Conviction(
            p,
            rng.nextInt(Vocab.DISTRICTS),
            judged,
            crime("非法吸收公众存款"),
            "罚金人民币" + chinese(rng.between(2, 9)) + "十万元",
            -1,
            0));
    clue(firm(d, p, upTo(judged + rng.between(30, 900)), Enterprises.ACTIVE), "MARKET_ORDER");
    // Clue: liable for a bankruptcy, appointed elsewhere two years after the liquidation.
    p = person(d);
    int liquidated = rng.between(Dates.epochDay(2017, 1, 1), Dates.epochDay(2021, 6, 30));
    bankrupt(d, p, liquidated, 'Y');
    clue(firm(d, p, World.plusYears(liquidated, 2), Enterprises.ACTIVE), "BANKRUPTCY");

    // Decoy: embezzlement, appointed exactly five years after the release.
    p = person(d);
    judged = rng.between(Dates.epochDay(2010, 1, 1), Dates.epochDay(2013, 12, 31));
    released = sentenced(p, "职务侵占", judged, rng.between(12, 36), 1);
    firm(d, p, World.plusYears(released, 5), Enterprises.ACTIVE);
    // Decoy: a crime that does not bar (drunk driving, traffic accident).
    p = person(d);
    judged = rng.between(Dates.epochDay(2018, 1, 1), Dates.epochDay(2022, 12, 31));
    released = sentenced(p, rng.nextBoolean() ? "交通肇事" : "故意伤害", judged, rng.between(6, 18), 1);
    firm(d, p, upTo(released + rng.between(30, 300)), Enterprises.ACTIVE);
    // Decoy: representative of a bankrupt firm, not held liable.
    p = person(d);
    liquidated = rng.between(Dates.epochDay(2018, 1, 1), Dates.epochDay(2022, 6, 30));
    bankrupt(d, p, liquidated, 'N');
    firm(d, p, liquidated + rng.between(30, 700), Enterprises.ACTIVE);
    // Decoy: liable, appointed exactly three years after the liquidation.
    p = person(d);
    liquidated = rng.between(Dates.epochDay(2016, 1, 1), Dates.epochDay(2020, 12, 31));
    bankrupt(d, p, liquidated, 'Y');
    firm(d, p, World.plusYears(liquidated, 3), Enterprises.ACTIVE);
    // Decoy: barred, but the firm has been deregistered.
    p = person(d);
    judged = rng.between(Dates.epochDay(2015, 1, 1), Dates.epochDay(2018, 12, 31));
    released = sentenced(p, "合同诈骗", judged, rng.between(12, 36), 1);
    firm(d, p, upTo(released + rng.between(100, 1000)), Enterprises.DEREGISTERED);
    decoys += 5;
  }

  private void bankrupt(int d, int p, int liquidated, char liable) {
    int reg = liquidated - rng.between(2000, 5000);
    int f =
        firms.add(
            rng,
            d,
            rng.pick(new byte[] {3, 2, 6}),
            p,
            reg,
            reg,
            Enterprises.BANKRUPT,
            liquidated,
            (byte) liable,
            0);
    firms.planted.set(f);
  }

  /** Background convictions; the convicted are blocked from representing firms. */
  void background(int n) {
    int first = Dates.epochDay(2008, 1, 1);
    for (int k = 0; k < n; k++) {
      int p = world.background(rng, q -> !firms.isRep[q] && world.birthYear(q) <= 2000);
      world.blocked[p] = true;
      int judged = rng.between(first, World.END - 30);
      int c = rng.pick(CRIME_TABLE);
      String penalty;
      int released = -1;
      int style = 0;
      if (CRIMES[c].name().equals("危险驾驶")) {
        penalty = "拘役" + chinese(rng.between(1, 6)) + "个月";
      } else if (rng.percent(15)) {
        penalty = "罚金人民币" + chinese(rng.between(1, 9)) + "万元";
      } else {
        int months = rng.between(6, 120);
        penalty = term(months);
        int end = World.plusMonths(judged, months) - rng.between(0, 90);
        if (end <= World.END && rng.percent(80)) {
          released = end;
          style = rng.nextBoolean() ? 1 : 2;
        }
      }
      convictions.add(
          new Conviction(p, rng.pick(Vocab.DISTRICT_TABLE), judged, c, penalty, released, style));
    }
  }

  void write(CsvWriter w, Rng bg) throws IOException {
    w.header(DemoDatasets.schema(DemoDatasets.CONVICTIONS).columnNames());
    int[] order = Allowances.shuffled(convictions.size(), bg);
    for (int i : order) {
      Conviction c = convictions.get(i);
      District court = District.ALL.get(c.court());
      int year = Dates.year(c.judged()) - (bg.percent(30) ? 1 : 0);
      w.text("(" + year + ")京" + court.courtSuffix() + "刑初" + (++caseSeq) + "号");
      world.persons.writeId(w, c.person());
      String name = world.name(c.person());
      w.text(name);
      w.text(court.courtName());
      w.date(c.judged());
      Crime crime = CRIMES[c.crime()];
      StringBuilder t =
          new StringBuilder()
              .append("被告人")
              .append(name)
              .append("，")
              .append(world.persons.isMale(c.person()) ? "男" : "女")
              .append("，")
              .append(world.birthYear(c.person()))
              .append("年出生。经审理查明：被告人")
              .append(name)
              .append(crime.fact())
              .append("。")
              .append(court.courtName())
              .append("于")
              .append(chineseDate(c.judged()))
              .append("以被告人")
              .append(name)
              .append("犯")
              .append(crime.name())
              .append("罪，判处")
              .append(c.penalty())
              .append("。");
      if (c.released() >= 0 && c.style() == 1) {
        t.append("该犯已服刑完毕，刑满释放于").append(chineseDate(c.released())).append("。");
      } else if (c.released() >= 0) {
        t.append("该犯于").append(chineseDate(c.released())).append("刑满释放。");
      }
      w.text(t.toString());
      w.endRow();
    }
  }

  static String chineseDate(int day) {
    LocalDate d = LocalDate.ofEpochDay(day);
    return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
  }
}
