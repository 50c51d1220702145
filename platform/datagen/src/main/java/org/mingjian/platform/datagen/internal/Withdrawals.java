package org.mingjian.platform.datagen.internal;

import java.io.IOException;
import java.util.Locale;
import java.util.function.Consumer;
import org.mingjian.platform.datagen.DemoDatasets;

/**
 * Streams {@code fund_withdrawals.csv}: the enforcement withdrawals of {@link Judgments} spread at
 * random over ordinary withdrawals (house purchase, rent, retirement, medical) paid to the account
 * holder. Nothing is held in memory per row.
 */
final class Withdrawals {

  private static final int PROGRESS_EVERY = 1_000_000;

  private Withdrawals() {}

  static void write(
      CsvWriter w,
      int total,
      Persons persons,
      Judgments judgments,
      Rng rng,
      String file,
      Consumer<String> progress)
      throws IOException {
    int enforced = 0;
    for (int j = 0; j < judgments.count; j++) {
      if (judgments.withdrawnOn[j] >= 0) {
        enforced++;
      }
    }
    if (enforced > total) {
      throw new IllegalStateException(
          enforced + " enforcement withdrawals do not fit in " + total + " rows");
    }
    int[] order = new int[enforced];
    for (int j = 0, k = 0; j < judgments.count; j++) {
      if (judgments.withdrawnOn[j] >= 0) {
        order[k++] = j;
      }
    }
    rng.shuffle(order);

    w.header(DemoDatasets.fundWithdrawals().columnNames());
    byte[] reasonEnforcement = Vocab.REASON_BYTES[Vocab.COURT_ENFORCEMENT];
    int span = Judgments.END - Judgments.START + 1;
    int next = 0;
    for (int i = 0; i < total; i++) {
      w.begin();
      w.append(Vocab.FW);
      w.appendPadded(i + 1L, 10);
      int remaining = enforced - next;
      if (remaining > 0 && rng.nextInt(total - i) < remaining) {
        int j = order[next++];
        int debtor = judgments.defendant[j];
        w.raw(Vocab.DISTRICT_CODE[judgments.district[j]]);
        persons.writeId(w, debtor);
        w.date(judgments.withdrawnOn[j]);
        long owed = judgments.amount[j];
        long cents =
            owed > 0 ? owed * rng.between(30, 100) / 100 : rng.between(5_000, 200_000) * 100L;
        w.amount(cents);
        w.raw(reasonEnforcement);
        judgments.writeCaseNo(w, j);
        persons.writeId(w, judgments.payee[j]);
      } else {
        int p = rng.nextInt(persons.count);
        int reason = rng.pick(Vocab.BACKGROUND_REASON_TABLE);
        w.raw(Vocab.DISTRICT_CODE[persons.district[p]]);
        persons.writeId(w, p);
        w.date(Judgments.START + rng.nextInt(span));
        w.amount(ordinaryAmount(reason, rng));
        w.raw(Vocab.REASON_BYTES[reason]);
        w.empty();
        persons.writeId(w, p);
      }
      w.endRow();
      if ((i + 1) % PROGRESS_EVERY == 0 && i + 1 < total) {
        progress.accept(String.format(Locale.ROOT, "%s: %,d of %,d rows", file, i + 1, total));
      }
    }
  }

  private static long ordinaryAmount(int reason, Rng rng) {
    long yuan =
        switch (reason) {
          case Vocab.HOUSE_PURCHASE -> rng.between(50_000, 600_000);
          case Vocab.RENT -> rng.between(1_500, 6_000) * (long) rng.between(1, 12);
          case Vocab.RETIREMENT -> rng.between(20_000, 400_000);
          default -> rng.between(2_000, 150_000);
        };
    return yuan * 100 + rng.nextInt(100);
  }
}
