package org.mingjian.platform.rest.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.mingjian.platform.clues.SimilarCaseGroup;
import org.mingjian.sdk.descriptor.ModelDescriptor;

/**
 * Drafts a governance recommendation (检察建议书) for a group of similar cases: what was found, where,
 * how it was disposed of, the legal basis the model names and suggested measures. A draft for a
 * prosecutor to edit, never a finished document.
 */
final class RecommendationDocument {
  static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日");

  /** What a known pattern means, in a sentence that reads after "……存在". */
  private static final Map<String, String> DESCRIPTIONS =
      Map.ofEntries(
          Map.entry("REPEAT_AGENT", "同一代理人在多起以调解或司法确认结案的民间借贷案件中代理，结案后法院随即强制提取被告住房公积金的情形"),
          Map.entry("REPEAT_LENDER", "同一出借人在多起民间借贷案件中起诉，经调解或司法确认结案后随即强制提取被告住房公积金的情形"),
          Map.entry("RETURNED_TO_DEBTOR", "法院强制提取的住房公积金又回流至被执行人（债务人）本人的情形"),
          Map.entry("PAID_AFTER_DEATH", "享受津贴、补贴人员死亡后，相关津贴仍持续发放的情形"),
          Map.entry("PAID_IN_CUSTODY", "退休人员在服刑期间仍领取基本养老金的情形"),
          Map.entry("OVER_CAPACITY", "企业购进“非标油品”“调和柴油”等数量远超其用油能力的情形"),
          Map.entry("WASTE_OIL_UNDECLARED", "企业购入废矿物油未按规定申报危险废物的情形"),
          Map.entry("MISSING", "特种作业人员未取得特种作业操作证即上岗作业的情形"),
          Map.entry("NOT_IN_REGISTRY", "特种作业人员所持证书在发证机关登记库中查无记录的情形"),
          Map.entry("MISMATCH", "特种作业人员所持证书与本人或作业类别不符的情形"),
          Map.entry("NOT_YET_VALID", "特种作业人员在证书生效前即上岗作业的情形"),
          Map.entry("EXPIRED", "特种作业人员证书过期后仍上岗作业的情形"),
          Map.entry("EMBEZZLEMENT", "因贪污、职务侵占犯罪被判处刑罚、执行期满未逾法定期限的人员担任企业法定代表人的情形"),
          Map.entry("BRIBERY", "因贿赂犯罪被判处刑罚、执行期满未逾法定期限的人员担任企业法定代表人的情形"),
          Map.entry("PROPERTY_SEIZURE", "因侵占、挪用财产犯罪被判处刑罚、执行期满未逾法定期限的人员担任企业法定代表人的情形"),
          Map.entry("MARKET_ORDER", "因破坏社会主义市场经济秩序犯罪被判处刑罚、执行期满未逾法定期限的人员担任企业法定代表人的情形"),
          Map.entry("BANKRUPTCY", "对破产企业负有个人责任、自破产清算完结之日起未逾三年的人员担任企业法定代表人的情形"));

  /** Suggested measures per known pattern; {@link #DEFAULT_MEASURES} otherwise. */
  private static final Map<String, List<String>> MEASURES =
      Map.ofEntries(
          Map.entry(
              "REPEAT_AGENT",
              List.of(
                  "对以调解、司法确认方式结案后申请强制提取住房公积金的民间借贷案件建立审查提示，重点核查同一代理人、同一出借人关联案件；",
                  "与人民法院建立协查机制，对法院协助执行提取公积金的申请进行复核，发现虚假诉讼迹象及时向检察机关通报；",
                  "对已提取款项开展回溯核查，依法追回违规提取的住房公积金。")),
          Map.entry(
              "REPEAT_LENDER",
              List.of(
                  "对同一出借人短期内多次起诉并申请提取被告公积金的情形设置预警；",
                  "与人民法院建立协查机制，对法院协助执行提取公积金的申请进行复核；",
                  "对已提取款项开展回溯核查，依法追回违规提取的住房公积金。")),
          Map.entry(
              "RETURNED_TO_DEBTOR",
              List.of(
                  "核查强制提取款项的收款账户，对回流至债务人本人或其关联账户的情形暂停办理并上报；", "与人民法院共享执行款项去向信息，堵塞借虚假诉讼套取公积金的漏洞。")),
          Map.entry(
              "PAID_AFTER_DEATH",
              List.of(
                  "与公安、卫生健康、民政（殡葬）等部门建立死亡信息定期比对机制，至少按月比对；",
                  "对已核实的死亡后发放款项依法追回，追回情况及时向检察机关反馈；",
                  "完善津贴发放年度资格认证，明确经办人员核查责任。")),
          Map.entry(
              "PAID_IN_CUSTODY",
              List.of(
                  "与司法行政（监狱管理）部门建立服刑人员信息定期比对机制；",
                  "对服刑期间已发放的基本养老金依法追回，刑满释放后依规恢复发放；",
                  "完善待遇资格认证流程，明确经办人员核查责任。")),
          Map.entry(
              "OVER_CAPACITY",
              List.of(
                  "对购进量明显超过用油能力的企业开展专项核查，依法追缴应纳消费税；",
                  "与生态环境、市场监管部门共享企业产能和申报数据，建立发票与产能比对预警；",
                  "涉嫌犯罪的，依法移送公安机关。")),
          Map.entry(
              "WASTE_OIL_UNDECLARED",
              List.of(
                  "督促相关企业依法制定危险废物管理计划并如实申报；",
                  "与税务部门共享废矿物油购销发票数据，建立购销与申报比对机制；",
                  "对非法处置废矿物油的行为依法查处。")),
          Map.entry(
              "EXPIRED",
              List.of(
                  "督促相关生产经营单位立即停止无有效证书人员的特种作业；", "建立特种作业证书到期提醒和现场检查比对机制；", "依据《安全生产法》对相关单位依法处罚。")),
          Map.entry(
              "MISSING",
              List.of(
                  "督促相关生产经营单位立即停止无证人员的特种作业；", "开展特种作业人员持证上岗专项检查，与证书登记库比对；", "依据《安全生产法》对相关单位依法处罚。")),
          Map.entry("BANKRUPTCY", List.of("对担任法定代表人的人员与破产责任人员信息开展比对；", "依法办理相关企业法定代表人变更或撤销登记。")));

  private static final List<String> DEFAULT_MEASURES =
      List.of(
          "对本建议书所列情形开展全面排查，逐案核实并依法处理；",
          "分析问题成因，健全数据共享和定期比对机制，完善内部审核流程；",
          "明确相关岗位职责，对失职、渎职人员依法依规追究责任；",
          "将整改情况在收到本建议书之日起两个月内书面回复本院。");

  /** The measures for the conviction-based reasons of the barred-representative model. */
  private static final List<String> BARRED_MEASURES =
      List.of(
          "与人民法院、公安机关建立刑事判决信息比对机制，核查企业法定代表人任职资格；",
          "对不符合任职资格的法定代表人，依法督促企业变更登记或撤销相关登记；",
          "在市场主体登记环节增加任职资格核验。");

  private RecommendationDocument() {}

  /** The title and the Markdown text of a draft. */
  record Draft(String title, String markdown) {}

  /**
   * @param group the similar cases
   * @param model the group's model, if installed
   * @param owners the departments owning the model's datasets
   * @param districtName a district's name from its code
   * @param examples the group's examples as the API shows them (masked)
   * @param now when the draft is made
   */
  static Draft draft(
      SimilarCaseGroup group,
      Optional<ModelDescriptor> model,
      List<String> owners,
      Function<String, String> districtName,
      List<Map<String, Object>> examples,
      Instant now) {
    String modelName = model.map(ModelDescriptor::name).orElse(group.modelId());
    // reference model names are "中文名 English name": the document uses the Chinese part
    String subjectMatter =
        modelName.matches(".*\\p{IsHan}.*")
            ? modelName.replaceAll("\\s+[A-Za-z].*$", "")
            : modelName;
    String title = "关于" + subjectMatter + "类案问题的检察建议书（草稿）";
    String addressee = owners.isEmpty() ? "【主送单位】" : String.join("、", owners);
    StringBuilder md = new StringBuilder();
    md.append("# ").append(title).append("\n\n");
    md.append("> **草稿**：本文由明鉴平台根据已确认的类案线索自动生成，仅供承办检察官参考。")
        .append("发出前须逐项核实事实、补充文号、修改措辞，并履行审批程序。\n\n");
    md.append("【检察院名称】检察院\n\n");
    md.append("检建〔【年份】〕【编号】号\n\n");
    md.append(addressee).append("：\n\n");

    md.append("## 一、发现的问题\n\n");
    md.append("本院在开展法律监督工作中，运用“")
        .append(cell(subjectMatter))
        .append("”大数据法律监督模型（")
        .append(group.modelId())
        .append("）进行数据比对，经各区检察院逐案调查核实，确认")
        .append(describe(group.pattern(), model))
        .append("。截至")
        .append(DAY.format(now.atZone(BEIJING)))
        .append("，共有")
        .append(group.districts())
        .append("个区确认此类线索")
        .append(group.total())
        .append("件，确认时间为")
        .append(DAY.format(group.firstConfirmed().atZone(BEIJING)))
        .append("至")
        .append(DAY.format(group.lastConfirmed().atZone(BEIJING)))
        .append("。问题在多个区域反复出现，反映出相关领域在信息共享、审核把关等环节存在共性漏洞。\n\n");

    md.append("### 各区分布\n\n| 区 | 代码 | 已确认线索（件） |\n|---|---|---:|\n");
    group
        .byDistrict()
        .forEach(
            (code, n) ->
                md.append("| ")
                    .append(cell(districtName.apply(code)))
                    .append(" | ")
                    .append(code)
                    .append(" | ")
                    .append(n)
                    .append(" |\n"));
    md.append("| 合计 |  | ").append(group.total()).append(" |\n\n");

    md.append("### 处理情况\n\n| 处理方式 | 件数 |\n|---|---:|\n");
    group
        .dispositions()
        .forEach(
            (d, n) ->
                md.append("| ").append(disposition(d)).append(" | ").append(n).append(" |\n"));
    md.append('\n');

    md.append("### 典型线索（个人信息已脱敏）\n\n| 区 | 对象 | 摘要 | 处理方式 | 确认时间 |\n|---|---|---|---|---|\n");
    for (Map<String, Object> e : examples) {
      Object changed = e.get("stateChangedAt");
      md.append("| ")
          .append(cell(districtName.apply(String.valueOf(e.get("district")))))
          .append(" | ")
          .append(cell(String.valueOf(e.get("subject"))))
          .append(" | ")
          .append(cell(String.valueOf(e.get("title"))))
          .append(" | ")
          .append(e.get("disposition") == null ? "" : disposition(e.get("disposition").toString()))
          .append(" | ")
          .append(
              changed == null ? "" : DAY.format(Instant.parse(changed.toString()).atZone(BEIJING)))
          .append(" |\n");
    }
    md.append('\n');

    md.append("## 二、法律依据\n\n");
    String basis = model.map(ModelDescriptor::legalBasis).orElse(null);
    md.append(basis == null || basis.isBlank() ? "【请补充法律依据】" : basis.strip()).append("\n\n");
    md.append("根据《中华人民共和国人民检察院组织法》第二十一条和《人民检察院检察建议工作规定》的规定，").append("现向你单位提出如下检察建议：\n\n");

    md.append("## 三、检察建议\n\n");
    int i = 1;
    for (String measure : measures(group.pattern(), group.modelId())) {
      md.append(i++).append(". ").append(measure).append('\n');
    }
    md.append('\n');
    md.append("请你单位自收到本检察建议书之日起两个月内，将整改落实情况书面回复本院。\n\n");
    md.append("【检察院名称】检察院\n\n【日期】\n\n");
    md.append("---\n\n");
    md.append("*类案编号 ")
        .append(group.key())
        .append("；生成时间 ")
        .append(now.atZone(BEIJING).toLocalDateTime().withNano(0))
        .append("（北京时间）。本草稿未经审批，不具有法律效力。*\n");
    return new Draft(title, md.toString());
  }

  /**
   * The pattern in Chinese; unknown parts are named by their code and the model's supervision
   * point.
   */
  static String describe(String pattern, Optional<ModelDescriptor> model) {
    List<String> parts = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String p : pattern.isEmpty() ? List.<String>of() : List.of(pattern.split("\\+"))) {
      String d = DESCRIPTIONS.get(p);
      if (d != null) {
        parts.add(d);
      } else {
        unknown.add(p);
      }
    }
    String point = model.map(ModelDescriptor::supervisionPoint).orElse(null);
    if (parts.isEmpty()) {
      String what = point == null || point.isBlank() ? "模型所监督的问题" : point;
      return "存在“"
          + cell(what)
          + "”问题"
          + (unknown.isEmpty() ? "" : "（线索类型：" + String.join("、", unknown) + "）");
    }
    return "存在"
        + String.join("，同时存在", parts)
        + (unknown.isEmpty() ? "" : "（另有线索类型：" + String.join("、", unknown) + "）");
  }

  /** The measures of every known part of the pattern, in order, without repeats. */
  static List<String> measures(String pattern, String modelId) {
    Set<String> out = new LinkedHashSet<>();
    for (String p : pattern.isEmpty() ? List.<String>of() : List.of(pattern.split("\\+"))) {
      List<String> m = MEASURES.get(p);
      if (m == null && "barred-legal-representative".equals(modelId)) {
        m = BARRED_MEASURES;
      }
      if (m == null && Set.of("NOT_IN_REGISTRY", "MISMATCH", "NOT_YET_VALID").contains(p)) {
        m = MEASURES.get("MISSING");
      }
      if (m != null) {
        out.addAll(m);
      }
    }
    if (out.isEmpty()) {
      out.addAll(DEFAULT_MEASURES.subList(0, 3));
    }
    return List.copyOf(out);
  }

  static String disposition(String code) {
    return switch (code) {
      case "PROCURATORIAL_RECOMMENDATION" -> "检察建议";
      case "PROTEST" -> "抗诉";
      case "RETRIAL_RECOMMENDATION" -> "再审检察建议";
      case "REFERRAL" -> "移送线索";
      case "CASE_FILED" -> "立案";
      default -> code;
    };
  }

  /** Text safe inside a Markdown table cell: one line, pipes escaped. */
  private static String cell(String s) {
    return s == null ? "" : s.replace("\r", " ").replace("\n", " ").replace("|", "\\|");
  }
}
