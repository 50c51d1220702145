-- Special-operation work without a valid certificate (特种作业人员无证上岗).
-- Every site check of a worker in a special-operation role (electrician, welder, work at height,
-- refrigeration) is compared with the city-wide certificate registry by certificate number:
--   MISSING          no certificate number recorded on site
--   NOT_IN_REGISTRY  the number is not in the registry
--   MISMATCH         the number belongs to someone else, or to another operation type
--   NOT_YET_VALID    issued after the check
--   EXPIRED          expired more than :graceDays days before the check (valid through valid_until)
WITH checked AS (
  SELECT s.record_id,
         s.project_name,
         s.employer_code,
         s.person_id,
         s.name,
         s.role,
         s.certificate_no,
         s.checked_on,
         c.certificate_no AS registry_no,
         c.person_id AS holder_id,
         c.operation_type,
         c.issued_by,
         c.issued_on,
         c.valid_until,
         CASE
           WHEN s.certificate_no IS NULL OR TRIM(s.certificate_no) = '' THEN 'MISSING'
           WHEN c.certificate_no IS NULL THEN 'NOT_IN_REGISTRY'
           WHEN c.person_id <> s.person_id OR c.operation_type <> s.role THEN 'MISMATCH'
           WHEN c.issued_on > s.checked_on THEN 'NOT_YET_VALID'
           WHEN c.valid_until + CAST(:graceDays AS INTEGER) < s.checked_on THEN 'EXPIRED'
         END AS reason
  FROM site_personnel s
  LEFT JOIN operation_certificates c ON c.certificate_no = s.certificate_no
  WHERE s.role IN ('ELECTRICIAN', 'WELDER', 'WORK_AT_HEIGHT', 'REFRIGERATION')
)
SELECT record_id,
       project_name,
       employer_code,
       person_id,
       name,
       role,
       certificate_no,
       checked_on,
       registry_no,
       holder_id,
       operation_type,
       issued_by,
       issued_on,
       valid_until,
       reason,
       CASE WHEN reason = 'EXPIRED' THEN checked_on - valid_until END AS days_expired,
       CASE role
         WHEN 'ELECTRICIAN' THEN '电工作业'
         WHEN 'WELDER' THEN '焊接与热切割作业'
         WHEN 'WORK_AT_HEIGHT' THEN '高处作业'
         ELSE '制冷与空调作业'
       END AS role_cn,
       CASE reason
         WHEN 'MISSING' THEN '未登记操作证'
         WHEN 'NOT_IN_REGISTRY' THEN '操作证不在登记库中'
         WHEN 'MISMATCH' THEN '操作证持证人或作业类别不符'
         WHEN 'NOT_YET_VALID' THEN '核查时操作证尚未取得'
         ELSE '操作证已过期'
       END AS reason_cn,
       CASE reason
         WHEN 'MISSING' THEN 0.9
         WHEN 'NOT_IN_REGISTRY' THEN 0.9
         WHEN 'MISMATCH' THEN 0.8
         ELSE 0.6
       END AS score
FROM checked
WHERE reason IS NOT NULL
ORDER BY record_id
