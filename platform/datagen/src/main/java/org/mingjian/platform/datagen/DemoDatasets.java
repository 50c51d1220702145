package org.mingjian.platform.datagen;

import static org.mingjian.platform.datagen.ColumnSchema.DATE;
import static org.mingjian.platform.datagen.ColumnSchema.DECIMAL_14_2;
import static org.mingjian.platform.datagen.ColumnSchema.INTEGER;
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

  /** Dataset name of the enterprise register (city market regulation), one district each. */
  public static final String ENTERPRISES = "enterprises";

  /** Dataset name of the fuel VAT invoices, by the buyer's district. */
  public static final String FUEL_INVOICES = "fuel_invoices";

  /** Dataset name of the yearly waste-mineral-oil declarations of licensed recyclers. */
  public static final String WASTE_OIL_DECLARATIONS = "waste_oil_declarations";

  /** Dataset name of the construction-site personnel checks. */
  public static final String SITE_PERSONNEL = "site_personnel";

  /** Dataset name of the special-operation certificate registry (city-wide). */
  public static final String OPERATION_CERTIFICATES = "operation_certificates";

  /** Dataset name of the monthly allowance payments. */
  public static final String ALLOWANCE_PAYMENTS = "allowance_payments";

  /** Dataset name of the death records (city-wide). */
  public static final String DEATH_RECORDS = "death_records";

  /** Dataset name of the monthly pension payments. */
  public static final String PENSION_PAYMENTS = "pension_payments";

  /** Dataset name of the prison and detention roster (city-wide). */
  public static final String PRISON_ROSTER = "prison_roster";

  /** Dataset name of the criminal convictions with their judgment text (city-wide). */
  public static final String CONVICTIONS = "convictions";

  /** The model the planted civil-judgment clues are for. */
  public static final String PLANTED_MODEL_ID = "provident-fund-false-litigation";

  /**
   * Every model with planted clues in {@link #GROUND_TRUTH_FILE}: the six reference models of the
   * platform.
   */
  public static final List<String> PLANTED_MODEL_IDS =
      List.of(
          PLANTED_MODEL_ID,
          "fuel-tax",
          "special-operation-certificates",
          "allowance-after-death",
          "pension-in-custody",
          "barred-legal-representative");

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

  private static final DatasetSchema ENTERPRISES_SCHEMA =
      new DatasetSchema(
          ENTERPRISES,
          "enterprises.csv",
          "企业登记信息（合成数据）",
          "市场监督管理局",
          "district",
          "credit_code",
          List.of(
              new ColumnSchema("credit_code", VARCHAR, PUBLIC, "统一社会信用代码（18位，GB 32100）"),
              new ColumnSchema("district", VARCHAR, PUBLIC, "登记机关所在区行政区划代码"),
              new ColumnSchema("name", VARCHAR, PUBLIC, "企业名称"),
              new ColumnSchema(
                  "industry",
                  VARCHAR,
                  PUBLIC,
                  "行业：TRANSPORT 道路货运，LOGISTICS 物流，CONSTRUCTION 建筑施工，MANUFACTURING 制造，FUEL_TRADE 油品批发零售，"
                      + "WASTE_OIL_RECYCLING 废矿物油回收利用，TRADE 商贸，CATERING 餐饮，CONSULTING 咨询服务"),
              new ColumnSchema("legal_rep_id", VARCHAR, PERSONAL, "法定代表人公民身份号码"),
              new ColumnSchema("legal_rep_name", VARCHAR, PERSONAL, "法定代表人姓名"),
              new ColumnSchema("rep_since", DATE, PUBLIC, "担任法定代表人起始日期"),
              new ColumnSchema("registered_on", DATE, PUBLIC, "成立日期"),
              new ColumnSchema(
                  "status", VARCHAR, PUBLIC, "登记状态：ACTIVE 存续，DEREGISTERED 注销，BANKRUPT 破产清算终结"),
              new ColumnSchema("liquidated_on", DATE, PUBLIC, "破产清算终结日期，非破产企业为空"),
              new ColumnSchema(
                  "rep_liable", VARCHAR, INTERNAL, "破产企业的法定代表人是否经裁判认定对破产负有个人责任：Y 是，N 否；非破产企业为空"),
              new ColumnSchema(
                  "fuel_capacity_tons", DECIMAL_14_2, INTERNAL, "核定年用油能力（吨），按车辆、设备核定；无用油设备为 0")));

  private static final DatasetSchema FUEL_INVOICES_SCHEMA =
      new DatasetSchema(
          FUEL_INVOICES,
          "fuel_invoices.csv",
          "油品增值税发票明细（合成数据）",
          "税务局",
          "district",
          "invoice_no",
          List.of(
              new ColumnSchema("invoice_no", VARCHAR, PUBLIC, "发票号码（20位全电发票号码）"),
              new ColumnSchema("district", VARCHAR, PUBLIC, "购买方主管税务机关所在区行政区划代码"),
              new ColumnSchema("issued_on", DATE, PUBLIC, "开票日期"),
              new ColumnSchema("seller_code", VARCHAR, PUBLIC, "销售方统一社会信用代码"),
              new ColumnSchema("buyer_code", VARCHAR, PUBLIC, "购买方统一社会信用代码"),
              new ColumnSchema(
                  "product",
                  VARCHAR,
                  PUBLIC,
                  "货物：GASOLINE 汽油，DIESEL 柴油（成品油），NON_PRODUCT_OIL 非标油（燃料油、稳定轻烃等），"
                      + "BLENDED_DIESEL 调和柴油，WASTE_OIL 废矿物油，LUBRICANT 润滑油"),
              new ColumnSchema("quantity_tons", DECIMAL_14_2, INTERNAL, "数量（吨）"),
              new ColumnSchema("amount", DECIMAL_14_2, INTERNAL, "不含税金额（元）"),
              new ColumnSchema("tax_amount", DECIMAL_14_2, INTERNAL, "税额（元）")));

  private static final DatasetSchema WASTE_OIL_SCHEMA =
      new DatasetSchema(
          WASTE_OIL_DECLARATIONS,
          "waste_oil_declarations.csv",
          "废矿物油经营年度申报（合成数据）",
          "生态环境局",
          "district",
          "declaration_id",
          List.of(
              new ColumnSchema("declaration_id", VARCHAR, PUBLIC, "申报编号"),
              new ColumnSchema("district", VARCHAR, PUBLIC, "经营单位所在区行政区划代码"),
              new ColumnSchema("credit_code", VARCHAR, PUBLIC, "经营单位统一社会信用代码"),
              new ColumnSchema("year", INTEGER, PUBLIC, "申报年度"),
              new ColumnSchema("received_tons", DECIMAL_14_2, INTERNAL, "本年度收集、购进废矿物油（吨）"),
              new ColumnSchema("processed_tons", DECIMAL_14_2, INTERNAL, "本年度利用处置废矿物油（吨）"),
              new ColumnSchema("declared_on", DATE, PUBLIC, "申报日期")));

  private static final DatasetSchema SITE_PERSONNEL_SCHEMA =
      new DatasetSchema(
          SITE_PERSONNEL,
          "site_personnel.csv",
          "施工现场作业人员实名核查记录（合成数据）",
          "住房和城乡建设委员会",
          "district",
          "record_id",
          List.of(
              new ColumnSchema("record_id", VARCHAR, PUBLIC, "核查记录编号"),
              new ColumnSchema("district", VARCHAR, PUBLIC, "工程所在区行政区划代码"),
              new ColumnSchema("project_name", VARCHAR, PUBLIC, "工程项目名称"),
              new ColumnSchema("employer_code", VARCHAR, PUBLIC, "用工单位统一社会信用代码"),
              new ColumnSchema("person_id", VARCHAR, PERSONAL, "作业人员公民身份号码"),
              new ColumnSchema("name", VARCHAR, PERSONAL, "作业人员姓名"),
              new ColumnSchema(
                  "role",
                  VARCHAR,
                  INTERNAL,
                  "岗位：特种作业 ELECTRICIAN 电工作业，WELDER 焊接与热切割作业，WORK_AT_HEIGHT 高处作业，REFRIGERATION 制冷与空调作业；"
                      + "一般岗位 LABOURER 普工，CARPENTER 木工，MASON 瓦工，REBAR 钢筋工，PAINTER 油漆工"),
              new ColumnSchema("certificate_no", VARCHAR, INTERNAL, "现场登记的特种作业操作证号，可为空"),
              new ColumnSchema("checked_on", DATE, PUBLIC, "核查日期")));

  private static final DatasetSchema CERTIFICATES_SCHEMA =
      new DatasetSchema(
          OPERATION_CERTIFICATES,
          "operation_certificates.csv",
          "特种作业操作证登记库（全市，合成数据）",
          "应急管理局",
          null,
          "certificate_no",
          List.of(
              new ColumnSchema("certificate_no", VARCHAR, INTERNAL, "特种作业操作证号"),
              new ColumnSchema("person_id", VARCHAR, PERSONAL, "持证人公民身份号码"),
              new ColumnSchema("name", VARCHAR, PERSONAL, "持证人姓名"),
              new ColumnSchema(
                  "operation_type",
                  VARCHAR,
                  INTERNAL,
                  "作业类别：ELECTRICIAN 电工作业，WELDER 焊接与热切割作业，WORK_AT_HEIGHT 高处作业，REFRIGERATION 制冷与空调作业"),
              new ColumnSchema("issued_by", VARCHAR, PUBLIC, "发证机关"),
              new ColumnSchema("issued_on", DATE, INTERNAL, "初领或复审日期"),
              new ColumnSchema("valid_until", DATE, INTERNAL, "有效期至（含当日）")));

  private static final DatasetSchema ALLOWANCE_SCHEMA =
      new DatasetSchema(
          ALLOWANCE_PAYMENTS,
          "allowance_payments.csv",
          "社会救助与津贴补贴发放明细（合成数据）",
          "民政局",
          "district",
          "payment_id",
          List.of(
              new ColumnSchema("payment_id", VARCHAR, PUBLIC, "发放流水号"),
              new ColumnSchema("district", VARCHAR, PUBLIC, "发放区行政区划代码"),
              new ColumnSchema("person_id", VARCHAR, PERSONAL, "领取人公民身份号码"),
              new ColumnSchema("name", VARCHAR, PERSONAL, "领取人姓名"),
              new ColumnSchema(
                  "allowance_type",
                  VARCHAR,
                  INTERNAL,
                  "类别：ELDERLY 高龄津贴，DISABILITY 残疾人两项补贴，SUBSISTENCE 最低生活保障金，VETERAN 优抚补助"),
              new ColumnSchema("pay_month", DATE, PUBLIC, "所属月份（当月1日）"),
              new ColumnSchema("paid_on", DATE, PUBLIC, "发放日期"),
              new ColumnSchema("amount", DECIMAL_14_2, SENSITIVE, "发放金额（元）")));

  private static final DatasetSchema DEATHS_SCHEMA =
      new DatasetSchema(
          DEATH_RECORDS,
          "death_records.csv",
          "死亡人员信息（全市，合成数据）",
          "卫生健康委员会",
          null,
          "person_id",
          List.of(
              new ColumnSchema("person_id", VARCHAR, PERSONAL, "死亡人员公民身份号码"),
              new ColumnSchema("name", VARCHAR, PERSONAL, "姓名"),
              new ColumnSchema("died_on", DATE, PERSONAL, "死亡日期"),
              new ColumnSchema("registered_district", VARCHAR, PUBLIC, "死亡登记地所在区行政区划代码（不限定查看范围）"),
              new ColumnSchema(
                  "source", VARCHAR, INTERNAL, "信息来源：HOSPITAL 医学死亡证明，POLICE 公安户籍注销，CREMATION 殡葬火化"),
              new ColumnSchema(
                  "death_cause", VARCHAR, SENSITIVE, "死因分类：DISEASE 疾病，ACCIDENT 意外，OTHER 其他")));

  private static final DatasetSchema PENSION_SCHEMA =
      new DatasetSchema(
          PENSION_PAYMENTS,
          "pension_payments.csv",
          "基本养老金发放明细（合成数据）",
          "人力资源和社会保障局",
          "district",
          "payment_id",
          List.of(
              new ColumnSchema("payment_id", VARCHAR, PUBLIC, "发放流水号"),
              new ColumnSchema("district", VARCHAR, PUBLIC, "参保地区行政区划代码"),
              new ColumnSchema("person_id", VARCHAR, PERSONAL, "领取人公民身份号码"),
              new ColumnSchema("name", VARCHAR, PERSONAL, "领取人姓名"),
              new ColumnSchema(
                  "pension_type", VARCHAR, INTERNAL, "险种：EMPLOYEE 企业职工基本养老保险，RESIDENT 城乡居民基本养老保险"),
              new ColumnSchema("pay_month", DATE, PUBLIC, "所属月份（当月1日）"),
              new ColumnSchema("paid_on", DATE, PUBLIC, "发放日期"),
              new ColumnSchema("amount", DECIMAL_14_2, SENSITIVE, "发放金额（元）")));

  private static final DatasetSchema ROSTER_SCHEMA =
      new DatasetSchema(
          PRISON_ROSTER,
          "prison_roster.csv",
          "监所在押人员信息（全市，合成数据）",
          "司法局（监狱管理局）",
          null,
          "roster_id",
          List.of(
              new ColumnSchema("roster_id", VARCHAR, INTERNAL, "在押登记编号"),
              new ColumnSchema("person_id", VARCHAR, PERSONAL, "公民身份号码"),
              new ColumnSchema("name", VARCHAR, PERSONAL, "姓名"),
              new ColumnSchema("facility", VARCHAR, SENSITIVE, "监所名称"),
              new ColumnSchema(
                  "custody_type", VARCHAR, SENSITIVE, "羁押类型：SENTENCE 判决后服刑，PRETRIAL 判决前羁押（看守所）"),
              new ColumnSchema("admitted_on", DATE, SENSITIVE, "收押日期"),
              new ColumnSchema("released_on", DATE, SENSITIVE, "释放日期，仍在押为空")));

  private static final DatasetSchema CONVICTIONS_SCHEMA =
      new DatasetSchema(
          CONVICTIONS,
          "convictions.csv",
          "刑事判决信息（全市，合成数据）",
          "北京市高级人民法院",
          null,
          "case_no",
          List.of(
              new ColumnSchema("case_no", VARCHAR, INTERNAL, "案号，如 (2019)京0105刑初123号"),
              new ColumnSchema("person_id", VARCHAR, PERSONAL, "被告人公民身份号码"),
              new ColumnSchema("name", VARCHAR, PERSONAL, "被告人姓名"),
              new ColumnSchema("court", VARCHAR, PUBLIC, "审判法院"),
              new ColumnSchema("judged_on", DATE, SENSITIVE, "判决日期"),
              new ColumnSchema("judgment_text", VARCHAR, SENSITIVE, "判决书摘录：罪名、刑罚、刑满释放日期")));

  private static final List<DatasetSchema> ALL =
      List.of(
          PERSONS_SCHEMA,
          JUDGMENTS_SCHEMA,
          WITHDRAWALS_SCHEMA,
          ENTERPRISES_SCHEMA,
          FUEL_INVOICES_SCHEMA,
          WASTE_OIL_SCHEMA,
          SITE_PERSONNEL_SCHEMA,
          CERTIFICATES_SCHEMA,
          ALLOWANCE_SCHEMA,
          DEATHS_SCHEMA,
          PENSION_SCHEMA,
          ROSTER_SCHEMA,
          CONVICTIONS_SCHEMA);

  private DemoDatasets() {}

  /**
   * @return every dataset the generator writes: persons, civil judgments and fund withdrawals
   *     first, then the datasets of the other five reference models
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
   * @return its schema
   * @throws IllegalArgumentException if the generator does not write it
   */
  public static DatasetSchema schema(String name) {
    return byName(name).orElseThrow(() -> new IllegalArgumentException("no dataset " + name));
  }

  /**
   * @param name a dataset name
   * @return its schema, empty if the generator does not write it
   */
  public static Optional<DatasetSchema> byName(String name) {
    return ALL.stream().filter(d -> d.name().equals(name)).findFirst();
  }
}
