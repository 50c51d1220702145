package org.mingjian.plugins.pic;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;
import org.mingjian.sdk.model.Model;
import org.mingjian.sdk.model.ModelContext;
import org.mingjian.sdk.model.ModelId;
import org.mingjian.sdk.model.Row;
import org.osgi.service.component.annotations.Component;

/**
 * Pension paid during a custodial sentence (服刑人员领取养老金): a pension payment for a month that lies
 * wholly or partly inside a sentence of the city-wide prison roster (admission to release, both
 * inclusive; no release date means still in custody). Pre-trial detention does not count. One clue
 * per sentence, with the roster row and every payment concerned as evidence.
 */
@Component(service = Model.class)
@ModelId("pension-in-custody")
public final class PensionInCustody implements Model {

  /** Candidates: payments of sentenced persons for months from the one before admission on. */
  static final String SQL =
      "SELECT r.roster_id, r.person_id, r.facility, r.admitted_on, r.released_on,"
          + " p.payment_id, p.pay_month, p.paid_on, p.amount"
          + " FROM prison_roster r"
          + " JOIN pension_payments p ON p.person_id = r.person_id"
          + " WHERE r.custody_type = 'SENTENCE'"
          + " AND p.pay_month >= r.admitted_on - 31"
          + " AND (r.released_on IS NULL OR p.pay_month <= r.released_on)"
          + " ORDER BY r.roster_id, p.pay_month, p.payment_id";

  /** One candidate row, copied: a {@link Row} is only valid inside the handler call. */
  record Candidate(
      String rosterId,
      String personId,
      String facility,
      LocalDate admitted,
      LocalDate released,
      String paymentId,
      LocalDate payMonth,
      LocalDate paidOn,
      BigDecimal amount) {

    static Candidate of(Row r) {
      return new Candidate(
          r.getString("roster_id"),
          r.getString("person_id"),
          r.getString("facility"),
          r.getDate("admitted_on"),
          r.getDate("released_on"),
          r.getString("payment_id"),
          r.getDate("pay_month"),
          r.getDate("paid_on"),
          r.getDecimal("amount"));
    }
  }

  @Override
  public void run(ModelContext ctx) {
    int grace = ctx.parameters().getInt("graceMonths");
    int minMonths = ctx.parameters().getInt("minMonths");
    List<Candidate> current = new ArrayList<>();
    int[] emitted = {0};
    ctx.query(
        SQL,
        List.of(),
        row -> {
          Candidate c = Candidate.of(row);
          if (!current.isEmpty() && !current.get(0).rosterId().equals(c.rosterId())) {
            emitted[0] += emit(ctx, current, grace, minMonths);
            current.clear();
          }
          current.add(c);
          return !ctx.isCancelled();
        });
    if (!current.isEmpty() && !ctx.isCancelled()) {
      emitted[0] += emit(ctx, current, grace, minMonths);
    }
    ctx.log().info("{} sentences with pension paid in custody", emitted[0]);
  }

  /**
   * Whether the month of {@code payMonth} touches the custody period, counting months from the
   * admission month on only after {@code graceMonths}.
   */
  static boolean inCustody(
      LocalDate payMonth, LocalDate admitted, LocalDate released, int graceMonths) {
    LocalDate start = payMonth.withDayOfMonth(1);
    LocalDate end = start.plusMonths(1).minusDays(1);
    if (end.isBefore(admitted) || released != null && start.isAfter(released)) {
      return false;
    }
    long sinceAdmission =
        (start.getYear() - admitted.getYear()) * 12L
            + start.getMonthValue()
            - admitted.getMonthValue();
    return sinceAdmission >= graceMonths;
  }

  private static int emit(ModelContext ctx, List<Candidate> rows, int grace, int minMonths) {
    Candidate first = rows.get(0);
    LocalDate admitted = first.admitted();
    LocalDate released = first.released();
    List<Candidate> paid = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (Candidate r : rows) {
      if (inCustody(r.payMonth(), admitted, released, grace)) {
        paid.add(r);
        total = r.amount() == null ? total : total.add(r.amount());
      }
    }
    if (paid.size() < minMonths) {
      return 0;
    }
    Clue.Builder b =
        Clue.builder()
            .subject(first.personId())
            .title(
                "服刑期间领取基本养老金"
                    + paid.size()
                    + "个月（"
                    + paid.get(0).payMonth().toString().substring(0, 7)
                    + "起）")
            .score(Math.min(1.0, 0.5 + 0.05 * paid.size()))
            .field("reason", "PAID_IN_CUSTODY")
            .field("months", paid.size())
            .field("first_month", paid.get(0).payMonth())
            .field("amount", total)
            .field("still_in_custody", released == null)
            .evidence(
                Evidence.of("prison_roster", first.rosterId())
                    .with("facility", first.facility())
                    .with("admitted_on", admitted)
                    .with("released_on", released));
    for (Candidate r : paid) {
      b.evidence(
          Evidence.of("pension_payments", r.paymentId())
              .with("pay_month", r.payMonth())
              .with("paid_on", r.paidOn())
              .with("amount", r.amount()));
    }
    ctx.emit(b.build());
    return 1;
  }
}
