package org.mingjian.platform.datagen.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plans the clues and decoys for the model {@code provident-fund-false-litigation} in every
 * district. Planted cases use reserved persons only (never a background plaintiff or defendant) and
 * agent names no background case uses in the same district.
 */
final class Planter {

  /** Reserved persons per planted set per district. */
  static final int PERSONS_PER_SET = 32;

  static final String REPEAT_LENDER = "REPEAT_LENDER";
  static final String REPEAT_AGENT = "REPEAT_AGENT";
  static final String RETURNED_TO_DEBTOR = "RETURNED_TO_DEBTOR";

  /** Closing dates leave room for a withdrawal 120 days later and a filing date before. */
  private static final int CLOSED_FIRST = Judgments.START + 200;

  final List<PlantedCase> cases = new ArrayList<>();
  final boolean[] reserved;
  final List<Set<Integer>> agents = new ArrayList<>();
  int clues;
  int decoys;

  private final Rng rng;
  private int[] pool;
  private int poolNext;
  private int district;

  Planter(Persons persons, int sets, Rng rng) {
    this.rng = rng;
    this.reserved = new boolean[persons.count];
    for (int d = 0; d < Vocab.DISTRICTS; d++) {
      agents.add(new HashSet<>());
      int need = sets * PERSONS_PER_SET;
      int[] all = persons.byDistrict[d].clone();
      if (all.length < need * 2) {
        throw new IllegalStateException(
            "district " + d + " has only " + all.length + " persons, need " + need * 2);
      }
      // partial Fisher-Yates: the first `need` entries become a random sample
      for (int i = 0; i < need; i++) {
        int k = i + rng.nextInt(all.length - i);
        int t = all[i];
        all[i] = all[k];
        all[k] = t;
        reserved[all[i]] = true;
      }
      pool = all;
      poolNext = 0;
      district = d;
      for (int s = 0; s < sets; s++) {
        plantSet();
      }
      if (poolNext > need) {
        throw new IllegalStateException("planting used " + poolNext + " persons, reserved " + need);
      }
    }
    // spread the rings over the file
    int[] order = new int[cases.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    rng.shuffle(order);
    List<PlantedCase> shuffled = new ArrayList<>(order.length);
    for (int i : order) {
      shuffled.add(cases.get(i));
    }
    cases.clear();
    cases.addAll(shuffled);
  }

  private void plantSet() {
    // Clue 1: lender ring, one plaintiff, four qualifying cases, distinct defendants. The first
    // withdrawal is on the closing day, the second exactly 90 days later (both window bounds);
    // the fourth also pays the money back to the debtor.
    int lender = person();
    for (int i = 0; i < 4; i++) {
      int debtor = person();
      int offset = i == 0 ? 0 : i == 1 ? 90 : within();
      boolean back = i == 3;
      add(
          "LENDER_RING",
          lender,
          debtor,
          agentOrNone(),
          Vocab.PRIVATE_LENDING,
          qualifyingClosing(),
          offset,
          back ? debtor : lender,
          back ? REPEAT_LENDER + "|" + RETURNED_TO_DEBTOR : REPEAT_LENDER);
    }
    // Clue 2: agent ring, one agent name, three qualifying cases, distinct parties.
    int agent = newAgent();
    for (int i = 0; i < 3; i++) {
      int plaintiff = person();
      add(
          "AGENT_RING",
          plaintiff,
          person(),
          agent,
          Vocab.PRIVATE_LENDING,
          qualifyingClosing(),
          within(),
          plaintiff,
          REPEAT_AGENT);
    }
    // Clue 3: two cases whose enforced money went back to the debtor.
    for (int i = 0; i < 2; i++) {
      int plaintiff = person();
      int debtor = person();
      add(
          "RETURNED_TO_DEBTOR",
          plaintiff,
          debtor,
          agentOrNone(),
          Vocab.PRIVATE_LENDING,
          qualifyingClosing(),
          within(),
          debtor,
          RETURNED_TO_DEBTOR);
    }
    // Decoy: a lender with only two qualifying cases.
    int lender2 = person();
    for (int i = 0; i < 2; i++) {
      add(
          "DECOY_TWO_CASE_LENDER",
          lender2,
          person(),
          agentOrNone(),
          Vocab.PRIVATE_LENDING,
          qualifyingClosing(),
          within(),
          lender2,
          null);
    }
    // Decoy: money back to the debtor, but 120 days after closing (outside the window).
    int debtor120 = person();
    add(
        "DECOY_WINDOW_120",
        person(),
        debtor120,
        agentOrNone(),
        Vocab.PRIVATE_LENDING,
        Vocab.MEDIATION,
        120,
        debtor120,
        null);
    // Decoy: the same, 91 days after closing (one day past the window).
    int debtor91 = person();
    add(
        "DECOY_WINDOW_91",
        person(),
        debtor91,
        agentOrNone(),
        Vocab.PRIVATE_LENDING,
        Vocab.JUDICIAL_CONFIRMATION,
        91,
        debtor91,
        null);
    // Decoy: a lender with three cases, all closed by judgment, sharing one agent; one pays back
    // to the debtor.
    int lender3 = person();
    int agent3 = newAgent();
    for (int i = 0; i < 3; i++) {
      int debtor = person();
      add(
          "DECOY_JUDGMENT_LENDER",
          lender3,
          debtor,
          agent3,
          Vocab.PRIVATE_LENDING,
          Vocab.JUDGMENT,
          within(),
          i == 0 ? debtor : lender3,
          null);
    }
    // Decoy: money back to the debtor in a mediated labour dispute.
    int worker = person();
    int employer = person();
    add(
        "DECOY_LABOR",
        worker,
        employer,
        agentOrNone(),
        Vocab.LABOR,
        Vocab.MEDIATION,
        within(),
        employer,
        null);
    // Decoy: an agent with only two qualifying cases.
    int agent2 = newAgent();
    for (int i = 0; i < 2; i++) {
      int plaintiff = person();
      add(
          "DECOY_TWO_CASE_AGENT",
          plaintiff,
          person(),
          agent2,
          Vocab.PRIVATE_LENDING,
          qualifyingClosing(),
          within(),
          plaintiff,
          null);
    }
  }

  private void add(
      String kind,
      int plaintiff,
      int defendant,
      int agent,
      int cause,
      int closing,
      int withdrawalOffset,
      int payee,
      String reasons) {
    int closed = rng.between(CLOSED_FIRST, Judgments.END);
    int filed = closed - rng.between(15, 190);
    long amount = (long) rng.between(200, 6000) * 10_000 + (rng.percent(30) ? rng.nextInt(100) : 0);
    cases.add(
        new PlantedCase(
            kind,
            district,
            plaintiff,
            defendant,
            agent,
            cause,
            closing,
            filed,
            closed,
            amount,
            closed + withdrawalOffset,
            payee,
            reasons));
    if (reasons != null) {
      clues++;
    } else {
      decoys++;
    }
  }

  private int person() {
    return pool[poolNext++];
  }

  private int within() {
    return rng.between(1, 89);
  }

  private int qualifyingClosing() {
    return rng.nextBoolean() ? Vocab.MEDIATION : Vocab.JUDICIAL_CONFIRMATION;
  }

  /** A name no other planted case in this district uses. */
  private int newAgent() {
    Set<Integer> used = agents.get(district);
    while (true) {
      int code = Names.random(rng);
      if (used.add(code)) {
        return code;
      }
    }
  }

  private int agentOrNone() {
    return rng.nextBoolean() ? newAgent() : -1;
  }
}
