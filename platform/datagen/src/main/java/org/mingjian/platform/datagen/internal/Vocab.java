package org.mingjian.platform.datagen.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.mingjian.platform.datagen.District;

/** Codes, weights and pre-encoded text of the generated columns. */
final class Vocab {

  static final int DISTRICTS = District.ALL.size();

  /** Relative sizes of the districts (percent); Chaoyang and Haidian biggest. */
  static final byte[] DISTRICT_TABLE =
      Rng.weightTable(4, 5, 16, 9, 3, 14, 2, 6, 8, 6, 10, 9, 2, 2, 2, 2);

  static final byte[][] DISTRICT_CODE = new byte[DISTRICTS][];
  static final byte[][] COURT = new byte[DISTRICTS][];
  static final byte[][] COURT_SUFFIX = new byte[DISTRICTS][];

  static {
    for (int d = 0; d < DISTRICTS; d++) {
      District district = District.ALL.get(d);
      DISTRICT_CODE[d] = ascii(district.code());
      COURT[d] = CsvWriter.cell(district.courtName());
      COURT_SUFFIX[d] = ascii(district.courtSuffix());
    }
  }

  // causes
  static final int PRIVATE_LENDING = 0;
  static final int SALES_CONTRACT = 1;
  static final int LABOR = 2;
  static final int DIVORCE = 3;
  static final int TRAFFIC = 4;
  static final List<String> CAUSES =
      List.of("PRIVATE_LENDING", "SALES_CONTRACT", "LABOR", "DIVORCE", "TRAFFIC");
  static final byte[] CAUSE_TABLE = Rng.weightTable(30, 25, 15, 15, 15);

  // closing methods
  static final int MEDIATION = 0;
  static final int JUDICIAL_CONFIRMATION = 1;
  static final int JUDGMENT = 2;
  static final int WITHDRAWN = 3;
  static final List<String> CLOSINGS =
      List.of("MEDIATION", "JUDICIAL_CONFIRMATION", "JUDGMENT", "WITHDRAWN");
  static final byte[] CLOSING_TABLE = Rng.weightTable(35, 10, 40, 15);

  // withdrawal reasons
  static final int HOUSE_PURCHASE = 0;
  static final int RENT = 1;
  static final int RETIREMENT = 2;
  static final int MEDICAL = 3;
  static final int COURT_ENFORCEMENT = 4;
  static final List<String> REASONS =
      List.of("HOUSE_PURCHASE", "RENT", "RETIREMENT", "MEDICAL", "COURT_ENFORCEMENT");

  /** Reasons of withdrawals that do not enforce a judgment. */
  static final byte[] BACKGROUND_REASON_TABLE = Rng.weightTable(25, 40, 15, 20);

  static final byte[][] CAUSE_BYTES = asciiAll(CAUSES);
  static final byte[][] CLOSING_BYTES = asciiAll(CLOSINGS);
  static final byte[][] REASON_BYTES = asciiAll(REASONS);

  /**
   * Case descriptions per cause. Some contain an ASCII comma or double quotes on purpose, so the
   * files exercise RFC 4180 quoting.
   */
  private static final String[][] STEMS = {
    {"原告诉请被告偿还借款本金及利息", "被告向原告借款后逾期未还,原告诉至法院", "原告主张\"借条\"系被告亲笔出具，诉请被告还款", "双方就借款数额及利息计算发生争议"},
    {"原告诉请被告支付货款及逾期付款违约金", "双方因买卖合同标的物质量问题发生争议", "原告诉请解除买卖合同并返还已付价款"},
    {"劳动者诉请用人单位支付拖欠工资", "劳动者诉请用人单位支付解除劳动合同经济补偿", "双方就加班费及未休年休假工资发生争议"},
    {"原告诉请与被告离婚并分割夫妻共同财产", "双方就子女抚养权及抚养费发生争议", "原告以感情确已破裂为由诉请离婚"},
    {"原告因机动车交通事故受伤，诉请被告赔偿医疗费等损失", "双方就交通事故责任比例及赔偿数额发生争议", "原告诉请被告及保险公司赔偿车辆损失"}
  };

  private static final String[] CLOSING_PHRASES = {
    "，经法院主持调解，双方达成调解协议。", "，经人民调解委员会调解后申请司法确认，调解协议有效。", "，法院依法作出判决。", "，原告申请撤回起诉，法院准许。"
  };

  /** [cause][variant][closing] → escaped UTF-8 summary cell. */
  static final byte[][][][] SUMMARY = new byte[CAUSES.size()][][][];

  static {
    for (int c = 0; c < STEMS.length; c++) {
      SUMMARY[c] = new byte[STEMS[c].length][CLOSINGS.size()][];
      for (int v = 0; v < STEMS[c].length; v++) {
        for (int m = 0; m < CLOSING_PHRASES.length; m++) {
          SUMMARY[c][v][m] = CsvWriter.cell(STEMS[c][v] + CLOSING_PHRASES[m]);
        }
      }
    }
  }

  static final byte[] CASE_OPEN = ascii("(");
  static final byte[] CASE_JING = ")京".getBytes(StandardCharsets.UTF_8);
  static final byte[] CASE_MINCHU = "民初".getBytes(StandardCharsets.UTF_8);
  static final byte[] CASE_HAO = "号".getBytes(StandardCharsets.UTF_8);
  static final byte[] FW = ascii("FW");

  private Vocab() {}

  static int summaryVariants(int cause) {
    return STEMS[cause].length;
  }

  static String caseNo(int district, int year, int seq) {
    return "(" + year + ")京" + District.ALL.get(district).courtSuffix() + "民初" + seq + "号";
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[][] asciiAll(List<String> names) {
    byte[][] b = new byte[names.size()][];
    for (int i = 0; i < b.length; i++) {
      b[i] = ascii(names.get(i));
    }
    return b;
  }
}
