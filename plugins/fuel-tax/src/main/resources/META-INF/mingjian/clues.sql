-- Fuel-tax evasion and undeclared waste oil (涉税油品 / 废矿物油).
-- Per buyer and calendar year:
--   OVER_CAPACITY         non-product oil and blended diesel bought > :capacityRatio x the
--                         buyer's yearly fuel capacity, and at least :minTons tons;
--   WASTE_OIL_UNDECLARED  waste oil bought > :wasteOilRatio x the tons declared for that year (0 when
--                         there is no declaration), and at least :minTons tons. Only years for which
--                         declarations have been filed (some firm in the district declared) count.
WITH ranked AS (
  SELECT i.buyer_code,
         EXTRACT(YEAR FROM i.issued_on) AS year,
         CASE WHEN i.product IN ('NON_PRODUCT_OIL', 'BLENDED_DIESEL') THEN 'OVER_CAPACITY'
              ELSE 'WASTE_OIL_UNDECLARED' END AS reason,
         i.invoice_no,
         i.issued_on,
         i.product,
         i.quantity_tons,
         i.seller_code,
         ROW_NUMBER() OVER (
           PARTITION BY i.buyer_code, EXTRACT(YEAR FROM i.issued_on),
                        CASE WHEN i.product = 'WASTE_OIL' THEN 1 ELSE 0 END
           ORDER BY i.quantity_tons DESC, i.invoice_no) AS nth
  FROM fuel_invoices i
  WHERE i.product IN ('NON_PRODUCT_OIL', 'BLENDED_DIESEL', 'WASTE_OIL')
),
yearly AS (
  SELECT buyer_code,
         year,
         reason,
         SUM(quantity_tons) AS bought_tons,
         COUNT(*) AS invoices,
         MAX(CASE WHEN nth = 1 THEN invoice_no END) AS largest_invoice,
         MAX(CASE WHEN nth = 1 THEN issued_on END) AS largest_issued_on,
         MAX(CASE WHEN nth = 1 THEN product END) AS largest_product,
         MAX(CASE WHEN nth = 1 THEN quantity_tons END) AS largest_tons,
         MAX(CASE WHEN nth = 1 THEN seller_code END) AS largest_seller
  FROM ranked
  GROUP BY buyer_code, year, reason
),
declared_years AS (
  SELECT DISTINCT year FROM waste_oil_declarations
),
flagged AS (
  SELECT y.*,
         e.name AS enterprise_name,
         e.industry,
         e.fuel_capacity_tons,
         d.declaration_id,
         d.received_tons AS declared_tons,
         CASE WHEN y.reason = 'OVER_CAPACITY' THEN e.fuel_capacity_tons
              ELSE COALESCE(d.received_tons, CAST(0 AS DECIMAL(14, 2))) END AS allowed_tons
  FROM yearly y
  JOIN enterprises e ON e.credit_code = y.buyer_code
  LEFT JOIN waste_oil_declarations d
    ON y.reason = 'WASTE_OIL_UNDECLARED'
   AND d.credit_code = y.buyer_code
   AND d.year = y.year
  WHERE y.bought_tons >= CAST(:minTons AS DECIMAL(12, 2))
    AND (
      (y.reason = 'OVER_CAPACITY'
        AND y.bought_tons > e.fuel_capacity_tons * CAST(:capacityRatio AS DECIMAL(12, 2)))
      OR (y.reason = 'WASTE_OIL_UNDECLARED'
        AND y.year IN (SELECT year FROM declared_years)
        AND y.bought_tons > COALESCE(d.received_tons, 0) * CAST(:wasteOilRatio AS DECIMAL(12, 2)))
    )
)
SELECT buyer_code AS credit_code,
       enterprise_name,
       industry,
       fuel_capacity_tons,
       CAST(year AS INTEGER) AS year,
       reason,
       bought_tons,
       allowed_tons,
       invoices,
       largest_invoice,
       largest_issued_on,
       largest_product,
       largest_tons,
       largest_seller,
       declaration_id,
       declared_tons,
       CASE WHEN reason = 'OVER_CAPACITY'
            THEN CONCAT('购进非标油、调和柴油', CAST(bought_tons AS VARCHAR), '吨，核定年用油能力仅', CAST(allowed_tons AS VARCHAR), '吨')
            ELSE CONCAT('购进废矿物油', CAST(bought_tons AS VARCHAR), '吨，申报收集量', CAST(allowed_tons AS VARCHAR), '吨')
       END AS detail,
       CASE WHEN allowed_tons = 0 THEN 0.9
            ELSE LEAST(0.95, 0.5 + 0.05 * CAST(bought_tons / allowed_tons AS DOUBLE PRECISION))
       END AS score
FROM flagged
ORDER BY credit_code, year, reason
