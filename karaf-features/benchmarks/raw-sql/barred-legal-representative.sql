-- barred-legal-representative (JAVA model): its two candidate queries, the constants CONVICTED
-- and BANKRUPT of
-- plugins/barred-legal-representative/src/main/java/org/mingjian/plugins/blr/BarredLegalRepresentative.java,
-- copied verbatim: one string literal of the constant a line; joined without the line breaks they
-- give the constants exactly. They are in the order the model runs them, separated by ";".
-- The model runs both without parameters and keeps, per firm, the first bar that its
-- judgment-text rules (or the bankruptcy rule) confirm. The benchmark's raw side runs both on the
-- same per-district views in one run and reads every row: the engine's share of the model.

-- CONVICTED
SELECT e.credit_code, e.name AS enterprise_name, e.legal_rep_id, e.rep_since,
 c.case_no, c.court, c.judged_on, c.judgment_text
 FROM enterprises e
 JOIN convictions c ON c.person_id = e.legal_rep_id
 WHERE e.status = 'ACTIVE' AND c.judged_on <= e.rep_since
 ORDER BY e.credit_code, c.judged_on DESC, c.case_no;

-- BANKRUPT
SELECT e.credit_code, e.name AS enterprise_name, e.legal_rep_id, e.rep_since,
 b.credit_code AS bankrupt_code, b.name AS bankrupt_name, b.liquidated_on
 FROM enterprises e
 JOIN enterprises b ON b.legal_rep_id = e.legal_rep_id
 AND b.credit_code <> e.credit_code
 WHERE e.status = 'ACTIVE' AND b.status = 'BANKRUPT' AND b.rep_liable = 'Y'
 AND b.liquidated_on <= e.rep_since
 ORDER BY e.credit_code, b.liquidated_on DESC, b.credit_code;
