-- Analyst views over the contract tables (built after them on every run).
-- funding: primary money figures only; a bracketed conversion is never counted twice.
CREATE OR REPLACE VIEW funding AS
SELECT f.figure_id, f.doc_id, d.source_name, d.published_date, year(d.published_date) AS year,
       f.money_type, f.value, f.unit AS currency, f.qualifier, f.value_usd, f.fx_rate_date, f.fx_note,
       f.text, f.sentence
FROM figures f JOIN documents d USING (doc_id)
WHERE f.kind = 'money' AND f.equivalent_of IS NULL;
