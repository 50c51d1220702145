-- Provident-fund false litigation (公积金虚假诉讼).
-- A private-lending case closed by mediation or judicial confirmation, followed within
-- :withinDays days by a court-enforced withdrawal from the debtor's provident fund, is suspicious
-- when its lender or its litigation agent keeps appearing (at least :minCases such cases in the
-- district) or when the enforced money was paid back to the debtor.
WITH qualifying AS (
  SELECT j.case_no,
         j.closing_method,
         j.closed_on,
         j.plaintiff_id,
         j.defendant_id,
         j.agent_name,
         j.amount AS case_amount,
         w.withdrawal_id,
         w.withdrawn_on,
         w.amount AS withdrawn_amount,
         w.payee_id,
         w.withdrawn_on - j.closed_on AS days_after
  FROM civil_judgments j
  JOIN fund_withdrawals w
    ON w.case_no = j.case_no
   AND w.person_id = j.defendant_id
  WHERE j.cause = 'PRIVATE_LENDING'
    AND j.closing_method IN ('MEDIATION', 'JUDICIAL_CONFIRMATION')
    AND w.reason = 'COURT_ENFORCEMENT'
    AND w.withdrawn_on >= j.closed_on
    AND w.withdrawn_on <= j.closed_on + CAST(:withinDays AS INTEGER)
),
lenders AS (
  SELECT plaintiff_id, COUNT(DISTINCT case_no) AS cases
  FROM qualifying
  GROUP BY plaintiff_id
),
agents AS (
  SELECT agent_name, COUNT(DISTINCT case_no) AS cases
  FROM qualifying
  WHERE agent_name IS NOT NULL AND agent_name <> ''
  GROUP BY agent_name
),
flagged AS (
  SELECT q.*,
         COALESCE(l.cases, 0) AS lender_cases,
         COALESCE(a.cases, 0) AS agent_cases,
         CASE WHEN COALESCE(l.cases, 0) >= :minCases THEN 1 ELSE 0 END AS repeat_lender,
         CASE WHEN COALESCE(a.cases, 0) >= :minCases THEN 1 ELSE 0 END AS repeat_agent,
         CASE WHEN q.payee_id = q.defendant_id THEN 1 ELSE 0 END AS returned
  FROM qualifying q
  LEFT JOIN lenders l ON l.plaintiff_id = q.plaintiff_id
  LEFT JOIN agents a ON a.agent_name = q.agent_name
)
SELECT f.case_no,
       f.closing_method,
       f.closed_on,
       f.plaintiff_id,
       f.defendant_id,
       f.agent_name,
       f.case_amount,
       f.withdrawal_id,
       f.withdrawn_on,
       f.withdrawn_amount,
       f.payee_id,
       f.days_after,
       f.lender_cases,
       f.agent_cases,
       p.name AS debtor_name,
       CONCAT_WS('|',
                 CASE WHEN f.repeat_lender = 1 THEN 'REPEAT_LENDER' END,
                 CASE WHEN f.repeat_agent = 1 THEN 'REPEAT_AGENT' END,
                 CASE WHEN f.returned = 1 THEN 'RETURNED_TO_DEBTOR' END) AS reason,
       LEAST(1.0, 0.4 + 0.2 * (f.repeat_lender + f.repeat_agent + f.returned)) AS score
FROM flagged f
LEFT JOIN persons p ON p.person_id = f.defendant_id
WHERE f.repeat_lender + f.repeat_agent + f.returned > 0
ORDER BY f.case_no
