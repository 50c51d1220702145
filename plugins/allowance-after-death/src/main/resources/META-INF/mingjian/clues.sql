-- Allowance paid after death (死亡人员领津贴).
-- A payment dated more than :graceDays days after the recipient's death (death records are
-- city-wide, so a death registered in another district counts) is late. One clue per recipient
-- with at least :minPayments late payments; its evidence is the first late payment.
WITH late AS (
  SELECT p.payment_id,
         p.person_id,
         p.name,
         p.allowance_type,
         p.pay_month,
         p.paid_on,
         p.amount,
         d.died_on,
         d.registered_district,
         d.source,
         p.paid_on - d.died_on AS days_after_death,
         ROW_NUMBER() OVER (PARTITION BY p.person_id ORDER BY p.paid_on, p.payment_id) AS nth,
         COUNT(*) OVER (PARTITION BY p.person_id) AS late_payments,
         SUM(p.amount) OVER (PARTITION BY p.person_id) AS late_amount
  FROM allowance_payments p
  JOIN death_records d ON d.person_id = p.person_id
  WHERE p.paid_on > d.died_on + CAST(:graceDays AS INTEGER)
)
SELECT payment_id,
       person_id,
       name,
       allowance_type,
       pay_month,
       paid_on,
       amount,
       died_on,
       registered_district,
       source,
       days_after_death,
       late_payments,
       late_amount,
       'PAID_AFTER_DEATH' AS reason,
       LEAST(1.0, 0.6 + 0.1 * late_payments) AS score
FROM late
WHERE nth = 1
  AND late_payments >= :minPayments
ORDER BY person_id
