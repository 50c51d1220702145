package org.mingjian.platform.datagen;

import static org.mingjian.platform.datagen.ColumnSchema.DATE;
import static org.mingjian.platform.datagen.ColumnSchema.DECIMAL_14_2;
import static org.mingjian.platform.datagen.ColumnSchema.INTERNAL;
import static org.mingjian.platform.datagen.ColumnSchema.PERSONAL;
import static org.mingjian.platform.datagen.ColumnSchema.PUBLIC;
import static org.mingjian.platform.datagen.ColumnSchema.SENSITIVE;
import static org.mingjian.platform.datagen.ColumnSchema.VARCHAR;

import java.util.List;
import java.util.Optional;

/**
 * The schemas of the datasets {@link DataGenerator} writes, for the platform to register. The
 * ground-truth file is deliberately not a dataset: models must never read it.
 */
public final class DemoDatasets {

  /** Dataset name of the persons register. */
  public static final String PERSONS = "persons";

  /** Dataset name of the civil judgments. */
  public static final String CIVIL_JUDGMENTS = "civil_judgments";

  /** Dataset name of the provident-fund withdrawals. */
  public static final String FUND_WITHDRAWALS = "fund_withdrawals";

  /**
   * File name of the ground truth: {@code model_id,district,subject,key,reason}, one line per
   * planted clue.
   */
  public static final String GROUND_TRUTH_FILE = "ground_truth.csv";

  /** Header columns of {@link #GROUND_TRUTH_FILE}. */
  public static final List<String> GROUND_TRUTH_COLUMNS =
      List.of("model_id", "district", "subject", "key", "reason");

  /** The model the planted clues are for. */
  public static final String PLANTED_MODEL_ID = "provident-fund-false-litigation";

  private static final DatasetSchema PERSONS_SCHEMA =
      new DatasetSchema(
          PERSONS,
          "persons.csv",
          "常住人口基本信息（合成数据）",
          "公安局",
          "district",
          "person_id",
          List.of(
              new ColumnSchema("person_id", VARCHAR, PERSONAL, "公民身份号码（18位，GB 11643）"),
              new ColumnSchema("name", VARCHAR, PERSONAL, "姓名"),
              new ColumnSchema("gender", VARCHAR, INTERNAL, "性别：M 男，F 女"),
              new ColumnSchema("birth_date", DATE, PERSONAL, "出生日期"),
              new ColumnSchema("district", VARCHAR, PUBLIC, "户籍所在区行政区划代码")));

  private static final DatasetSchema JUDGMENTS_SCHEMA =
      new DatasetSchema(
          CIVIL_JUDGMENTS,
          "civil_judgments.csv",
          "民事案件结案信息（合成数据）",
          "北京市高级人民法院",
          "district",
          "case_no",
          List.of(
              new ColumnSchema("case_no", VARCHAR, PUBLIC, "案号，如 (2022)京0105民初12345号"),
              new ColumnSchema("district", VARCHAR, PUBLIC, "受理法院所在区行政区划代码"),
              new ColumnSchema("court", VARCHAR, PUBLIC, "受理法院"),
              new ColumnSchema(
                  "cause",
                  VARCHAR,
                  PUBLIC,
                  "案由：PRIVATE_LENDING 民间借贷，SALES_CONTRACT 买卖合同，LABOR 劳动争议，DIVORCE 离婚，TRAFFIC 交通事故"),
              new ColumnSchema(
                  "closing_method",
                  VARCHAR,
                  PUBLIC,
                  "结案方式：MEDIATION 调解，JUDICIAL_CONFIRMATION 司法确认，JUDGMENT 判决，WITHDRAWN 撤诉"),
              new ColumnSchema("filed_on", DATE, PUBLIC, "立案日期"),
              new ColumnSchema("closed_on", DATE, PUBLIC, "结案日期"),
              new ColumnSchema("plaintiff_id", VARCHAR, PERSONAL, "原告公民身份号码"),
              new ColumnSchema("defendant_id", VARCHAR, PERSONAL, "被告公民身份号码"),
              new ColumnSchema("agent_name", VARCHAR, PERSONAL, "原告委托诉讼代理人姓名，可为空"),
              new ColumnSchema("amount", DECIMAL_14_2, INTERNAL, "标的额（元），可为空"),
              new ColumnSchema("summary", VARCHAR, INTERNAL, "案情摘要")));

  private static final DatasetSchema WITHDRAWALS_SCHEMA =
      new DatasetSchema(
          FUND_WITHDRAWALS,
          "fund_withdrawals.csv",
          "住房公积金提取记录（合成数据）",
          "住房公积金管理中心",
          "district",
          "withdrawal_id",
          List.of(
              new ColumnSchema("withdrawal_id", VARCHAR, PUBLIC, "提取业务流水号"),
              new ColumnSchema("district", VARCHAR, PUBLIC, "缴存账户所属区行政区划代码"),
              new ColumnSchema("person_id", VARCHAR, PERSONAL, "缴存人公民身份号码"),
              new ColumnSchema("withdrawn_on", DATE, PUBLIC, "提取日期"),
              new ColumnSchema("amount", DECIMAL_14_2, SENSITIVE, "提取金额（元）"),
              new ColumnSchema(
                  "reason",
                  VARCHAR,
                  INTERNAL,
                  "提取原因：HOUSE_PURCHASE 购房，RENT 租房，RETIREMENT 退休，MEDICAL 大病医疗，COURT_ENFORCEMENT 法院强制执行"),
              new ColumnSchema("case_no", VARCHAR, PUBLIC, "强制执行所依据的案号，其他原因为空"),
              new ColumnSchema("payee_id", VARCHAR, PERSONAL, "收款人公民身份号码")));

  private static final List<DatasetSchema> ALL =
      List.of(PERSONS_SCHEMA, JUDGMENTS_SCHEMA, WITHDRAWALS_SCHEMA);

  private DemoDatasets() {}

  /**
   * @return the three datasets, in generation order
   */
  public static List<DatasetSchema> all() {
    return ALL;
  }

  /**
   * @return the {@code persons} schema
   */
  public static DatasetSchema persons() {
    return PERSONS_SCHEMA;
  }

  /**
   * @return the {@code civil_judgments} schema
   */
  public static DatasetSchema civilJudgments() {
    return JUDGMENTS_SCHEMA;
  }

  /**
   * @return the {@code fund_withdrawals} schema
   */
  public static DatasetSchema fundWithdrawals() {
    return WITHDRAWALS_SCHEMA;
  }

  /**
   * @param name a dataset name
   * @return its schema, empty if the generator does not write it
   */
  public static Optional<DatasetSchema> byName(String name) {
    return ALL.stream().filter(d -> d.name().equals(name)).findFirst();
  }
}
