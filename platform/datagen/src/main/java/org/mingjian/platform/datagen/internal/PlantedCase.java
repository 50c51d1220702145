package org.mingjian.platform.datagen.internal;

/**
 * One planted judgment and its enforcement withdrawal.
 *
 * @param kind what it plants, e.g. {@code LENDER_RING} or {@code DECOY_WINDOW_120}
 * @param district district index
 * @param plaintiff person index
 * @param defendant person index
 * @param agent packed agent name or -1
 * @param cause cause code ({@link Vocab})
 * @param closing closing-method code
 * @param filed epoch day
 * @param closed epoch day
 * @param amount judgment amount in cents
 * @param withdrawnOn epoch day of the COURT_ENFORCEMENT withdrawal from the defendant's account
 * @param payee person index the money went to
 * @param reasons the ground-truth reasons, or null for a decoy
 */
record PlantedCase(
    String kind,
    int district,
    int plaintiff,
    int defendant,
    int agent,
    int cause,
    int closing,
    int filed,
    int closed,
    long amount,
    int withdrawnOn,
    int payee,
    String reasons) {

  boolean isClue() {
    return reasons != null;
  }
}
