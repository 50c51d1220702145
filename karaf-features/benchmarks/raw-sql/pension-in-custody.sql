-- pension-in-custody (JAVA model): its candidate query, the constant SQL of
-- plugins/pension-in-custody/src/main/java/org/mingjian/plugins/pic/PensionInCustody.java,
-- copied verbatim: one string literal of the constant a line; joined without the line breaks they
-- give the constant exactly.
-- The model runs it without parameters and turns the rows into clues in Java (one clue per
-- sentence with at least minMonths months paid in custody). The benchmark's raw side runs it on
-- the same per-district views and reads every row: the engine's share of the model.
SELECT r.roster_id, r.person_id, r.facility, r.admitted_on, r.released_on,
 p.payment_id, p.pay_month, p.paid_on, p.amount
 FROM prison_roster r
 JOIN pension_payments p ON p.person_id = r.person_id
 WHERE r.custody_type = 'SENTENCE'
 AND p.pay_month >= r.admitted_on - 31
 AND (r.released_on IS NULL OR p.pay_month <= r.released_on)
 ORDER BY r.roster_id, p.pay_month, p.payment_id;
