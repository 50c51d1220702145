package org.mingjian.plugins.blr;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;
import org.mingjian.sdk.model.Model;
import org.mingjian.sdk.model.ModelContext;
import org.mingjian.sdk.model.ModelId;
import org.osgi.service.component.annotations.Component;

/**
 * Barred person serving as legal representative (违规任法定代表人). A person becomes the legal
 * representative of an active firm of the district on a day when they are barred:
 *
 * <ul>
 *   <li>by a conviction (city-wide {@code convictions}) whose judgment text matches a crime rule of
 *       {@code judgment-text.rules}: barred from the judgment date until {@code barYears} years
 *       after the sentence was completed (release date in the text, else judgment date plus the
 *       fixed term, else the judgment date);
 *   <li>by personal liability for a bankrupt firm of the district ({@code rep_liable = 'Y'}):
 *       barred from its liquidation until {@code bankruptcyYears} years later.
 * </ul>
 *
 * The end of a bar is exclusive: appointed exactly five (three) years after, the person is free.
 * People kept in office after a later conviction are out of scope. One clue per firm.
 */
@Component(service = Model.class)
@ModelId("barred-legal-representative")
public final class BarredLegalRepresentative implements Model {

  static final String CONVICTED =
      "SELECT e.credit_code, e.name AS enterprise_name, e.legal_rep_id, e.rep_since,"
          + " c.case_no, c.court, c.judged_on, c.judgment_text"
          + " FROM enterprises e"
          + " JOIN convictions c ON c.person_id = e.legal_rep_id"
          + " WHERE e.status = 'ACTIVE' AND c.judged_on <= e.rep_since"
          + " ORDER BY e.credit_code, c.judged_on DESC, c.case_no";

  static final String BANKRUPT =
      "SELECT e.credit_code, e.name AS enterprise_name, e.legal_rep_id, e.rep_since,"
          + " b.credit_code AS bankrupt_code, b.name AS bankrupt_name, b.liquidated_on"
          + " FROM enterprises e"
          + " JOIN enterprises b ON b.legal_rep_id = e.legal_rep_id"
          + " AND b.credit_code <> e.credit_code"
          + " WHERE e.status = 'ACTIVE' AND b.status = 'BANKRUPT' AND b.rep_liable = 'Y'"
          + " AND b.liquidated_on <= e.rep_since"
          + " ORDER BY e.credit_code, b.liquidated_on DESC, b.credit_code";

  private final TextRules rules;

  /** Loads the text rules of the bundle. */
  public BarredLegalRepresentative() {
    this(TextRules.load());
  }

  BarredLegalRepresentative(TextRules rules) {
    this.rules = rules;
  }

  /** The first bar found for a firm. */
  private record Hit(
      String creditCode,
      String enterpriseName,
      String personId,
      LocalDate repSince,
      String reason,
      String endRule,
      LocalDate from,
      LocalDate until,
      Evidence cause) {}

  @Override
  public void run(ModelContext ctx) {
    int barYears = ctx.parameters().getInt("barYears");
    int bankruptcyYears = ctx.parameters().getInt("bankruptcyYears");
    Map<String, Hit> hits = new LinkedHashMap<>();
    int[] read = {0};
    ctx.query(
        CONVICTED,
        List.of(),
        row -> {
          read[0]++;
          String code = row.getString("credit_code");
          if (hits.containsKey(code)) {
            return !ctx.isCancelled();
          }
          String text = row.getString("judgment_text");
          Optional<TextRules.Rule> crime = rules.crime(text);
          if (crime.isEmpty()) {
            return !ctx.isCancelled();
          }
          LocalDate judged = row.getDate("judged_on");
          LocalDate repSince = row.getDate("rep_since");
          TextRules.End end = rules.sentenceEnd(text, judged);
          LocalDate until = end.date().plusYears(barYears);
          if (repSince.isBefore(until)) {
            hits.put(
                code,
                new Hit(
                    code,
                    row.getString("enterprise_name"),
                    row.getString("legal_rep_id"),
                    repSince,
                    crime.get().name(),
                    end.rule(),
                    judged,
                    until,
                    Evidence.of("convictions", row.getString("case_no"))
                        .with("court", row.getString("court"))
                        .with("judged_on", judged)
                        .with("judgment_text", text)));
          }
          return !ctx.isCancelled();
        });
    ctx.progress(0.5);
    ctx.query(
        BANKRUPT,
        List.of(),
        row -> {
          read[0]++;
          String code = row.getString("credit_code");
          LocalDate liquidated = row.getDate("liquidated_on");
          LocalDate repSince = row.getDate("rep_since");
          LocalDate until = liquidated.plusYears(bankruptcyYears);
          if (!hits.containsKey(code) && repSince.isBefore(until)) {
            hits.put(
                code,
                new Hit(
                    code,
                    row.getString("enterprise_name"),
                    row.getString("legal_rep_id"),
                    repSince,
                    "BANKRUPTCY",
                    "LIQUIDATION",
                    liquidated,
                    until,
                    Evidence.of("enterprises", row.getString("bankrupt_code"))
                        .with("name", row.getString("bankrupt_name"))
                        .with("status", "BANKRUPT")
                        .with("liquidated_on", liquidated)
                        .with("rep_liable", "Y")));
          }
          return !ctx.isCancelled();
        });
    for (Hit h : hits.values()) {
      if (ctx.isCancelled()) {
        return;
      }
      boolean conviction = !h.reason().equals("BANKRUPTCY");
      ctx.emit(
          Clue.builder()
              .subject(h.personId())
              .title(
                  h.enterpriseName()
                      + "的法定代表人在任职限制期内就任（"
                      + (conviction ? "刑事判决" : "对破产负有个人责任")
                      + "）")
              .score(conviction ? 0.9 : 0.7)
              .field("reason", h.reason())
              .field("end_rule", h.endRule())
              .field("barred_from", h.from())
              .field("barred_until", h.until())
              .field("rep_since", h.repSince())
              .evidence(
                  Evidence.of("enterprises", h.creditCode())
                      .with("name", h.enterpriseName())
                      .with("legal_rep_id", h.personId())
                      .with("rep_since", h.repSince())
                      .with("status", "ACTIVE"))
              .evidence(h.cause())
              .build());
    }
    ctx.progress(1.0);
    ctx.log().info("{} candidate rows read, {} firms flagged", read[0], hits.size());
  }
}
