-- Analyst views over the contract tables, built after them on every run.
--
-- The COMMENT ON statements beside each view are its documentation: the database carries them, and
-- docs/data_dictionary.md is generated from the database (python -m warehouse.dictionary), so a column
-- is described here and nowhere else. Column docs of the contract tables live in warehouse/schemas.py.

COMMENT ON VIEW documents IS 'One input document: normalised text (all offsets refer to it), title, publication date with precision and basis.';
COMMENT ON VIEW figures IS 'One money amount, count, duration or percentage stated in a document, with qualifier, unit, money type, exchange flag, USD value, offsets and sentence.';
COMMENT ON VIEW agreements IS 'One instrument whose signing, renewal, extension or adoption a document reports.';
COMMENT ON VIEW agreement_parties IS 'One party of an agreement, resolved to an organization.';
COMMENT ON VIEW organizations IS 'One body, with the same id across all documents.';
COMMENT ON VIEW organization_mentions IS 'One mention of an organization in a document.';
COMMENT ON VIEW people IS 'One person mention with role and organization.';
COMMENT ON VIEW rejected_documents IS 'One file that could not be loaded, and why.';
COMMENT ON VIEW fetch_failures IS 'One feed, sitemap or page of a source that the last fetching run could not turn into a document, and why.';
COMMENT ON VIEW resolution_links IS 'One mention resolved across documents: the instrument, commitment or canonical organization it belongs to, and the rule and score that decided it.';
COMMENT ON COLUMN agreements.instrument_id IS 'The real-world instrument the mention reports (instruments.instrument_id): one id for every report of one instrument.';
COMMENT ON COLUMN agreements.match_rule IS 'Why the mention was resolved to its instrument (resolution_links.match_rule).';
COMMENT ON COLUMN agreements.match_score IS 'Score of that match (0..1); 1 for the first report.';
COMMENT ON COLUMN figures.commitment_id IS 'Primary money figures: the real-world commitment the amount states (commitments.commitment_id); NULL for other figures and for a stated total of amounts listed beside it.';
COMMENT ON COLUMN figures.is_sum_of_parts IS 'Primary money figures: the amount is a total of amounts listed beside it (or the same total reported elsewhere); never add it to them.';
COMMENT ON COLUMN figures.match_rule IS 'Why the amount was resolved to its commitment (resolution_links.match_rule).';
COMMENT ON COLUMN figures.match_score IS 'Score of that match (0..1); 1 for the first report.';
COMMENT ON COLUMN organizations.resolved_organization_id IS 'The canonical organization this name is one of (itself when it is the canonical one): one id for ''Indian Institute of Technology Hyderabad'', ''IIT Hyderabad'' and an acronym defined in any document.';
COMMENT ON COLUMN organizations.match_rule IS 'Why (resolution_links.match_rule): canonical_name, only_name, same_acronym, short_form, defined_acronym, ambiguous_short_form.';
COMMENT ON COLUMN organizations.match_score IS 'Score of that match (0..1).';


-- Two extracted rows of a document are in the same sentence when the extractors gave them the same
-- sentence and they lie within one sentence length of each other (a sentence can repeat in a document).
CREATE OR REPLACE MACRO same_sentence(sentence_a, start_a, sentence_b, start_b) AS
    sentence_a = sentence_b AND abs(start_a - start_b) < length(sentence_a);

-- 'IN-JP' from the countries of some organizations, whatever their order and however often they repeat.
CREATE OR REPLACE MACRO country_pair(countries) AS
    nullif(array_to_string(list_sort(list_distinct(countries)), '-'), '');

-- What an exchange count adds up to, from its noun: people, or visits ('3100 exchange visits', '12 delegations').
CREATE OR REPLACE MACRO exchange_moved(unit) AS
    CASE WHEN unit IN ('visit', 'trip', 'tour', 'mission', 'delegation') THEN 'visits' ELSE 'people' END;

-- The last day an expiry date covers: 'until March 2023' is stored as 2023-03-01 with precision month.
CREATE OR REPLACE MACRO in_force_until(expires, expires_precision) AS
    CASE expires_precision
        WHEN 'year' THEN CAST(date_trunc('year', expires) + INTERVAL 1 YEAR - INTERVAL 1 DAY AS DATE)
        WHEN 'month' THEN last_day(expires)
        ELSE expires
    END;

-- True or false when the dates decide it, NULL when they do not. An agreement whose signing date the text
-- does not give was concluded by the time a document reported it, so it is in force from that day on.
CREATE OR REPLACE MACRO in_force_on(signed, reported, until, day) AS
    CASE WHEN until < day THEN false
         WHEN signed > day THEN false
         WHEN until IS NULL THEN NULL
         WHEN coalesce(signed, reported) <= day THEN true
    END;

-- Names of programmes, plans and schemes: a run of capitalised words (joined by spaces, ' - ' or ' & ')
-- ending in one of those nouns, with an 'of/on/for/in' tail of capitalised words ('Action Plan on Human
-- Resource Exchange', 'DST - JSPS Young Researcher Fellowship Programme').
CREATE OR REPLACE MACRO programme_names(s) AS list_transform(
    regexp_extract_all(s, '((?:[A-Z0-9][\w&''’/-]*(?:\s+[-–&])?\s+){1,7}(?:Programmes?|Programs?|Plans?|Initiatives?|Schemes?|Fellowships?)(?:\s+(?:of|on|for|in)(?:\s+[A-Z][\w&''’/-]*)+)?)', 1),
    name -> regexp_replace(name, '^(?:The|An|A|Under|This|That|Its|Their|Our)\s+', ''));


-- Which agreement a figure is about. The term an agreement states is the nearest duration of that value
-- and unit in its document (the term clause of an MoU is often paragraphs away from its title); any
-- other figure belongs to the nearest agreement reported in its sentence.
CREATE OR REPLACE VIEW figure_agreements AS
WITH terms AS (
    SELECT f.figure_id, a.agreement_id, 0 AS priority, abs(f.char_start - a.char_start) AS distance
    FROM agreements a
    JOIN figures f ON f.doc_id = a.doc_id AND f.kind = 'duration' AND f.value = a.duration_value AND f.unit = a.duration_unit
    QUALIFY row_number() OVER (PARTITION BY a.agreement_id ORDER BY distance, f.figure_id) = 1
), in_sentence AS (
    SELECT f.figure_id, a.agreement_id, 1 AS priority, abs(f.char_start - a.char_start) AS distance
    FROM figures f
    JOIN agreements a ON a.doc_id = f.doc_id AND same_sentence(f.sentence, f.char_start, a.sentence, a.char_start)
)
SELECT figure_id, agreement_id, priority = 0 AS is_term
FROM (SELECT * FROM terms UNION ALL SELECT * FROM in_sentence)
QUALIFY row_number() OVER (PARTITION BY figure_id ORDER BY priority, distance, agreement_id) = 1;

COMMENT ON VIEW figure_agreements IS 'Which agreement a figure is about, for the figures that can be tied to one: the agreement whose stated term it is, else the nearest agreement reported in the same sentence.';
COMMENT ON COLUMN figure_agreements.figure_id IS 'The figure.';
COMMENT ON COLUMN figure_agreements.agreement_id IS 'The agreement it is about.';
COMMENT ON COLUMN figure_agreements.is_term IS 'True when the figure is the term (duration) the agreement states.';


-- money_parties: who gives and who gets each primary money figure, from the organizations named in its
-- sentence. The nearest one before the amount gives it ('JICA extended a loan of ...') unless the words
-- between say it receives it; one after it gets it when 'to/for/towards' leads there, and gives it when
-- 'from/by' does. Read by funding_mentions and by the resolution of commitments.
CREATE OR REPLACE VIEW money_parties AS
WITH money AS (
    -- An organization named in the amount's sentence lies within one sentence length of it: only that much
    -- of the text around the amount is kept (context, from offset context_start), never the whole text.
    SELECT f.figure_id, f.doc_id, f.char_start, f.char_end, f.sentence, greatest(0, f.char_start - length(f.sentence)) AS context_start,
           substr(d.text, context_start + 1, f.char_end + length(f.sentence) - context_start) AS context
    FROM figures f JOIN documents d USING (doc_id)
    WHERE f.kind = 'money' AND f.equivalent_of IS NULL
), named AS (
    SELECT f.figure_id, m.organization_id, o.name,
           CASE WHEN m.char_end <= f.char_start THEN
                    CASE WHEN regexp_matches(substr(f.context, m.char_end - f.context_start + 1, f.char_start - m.char_end),
                                             '\b(?:receiv|got\b|gets\b|obtain|secur|won\b|wins\b)', 'i')
                         THEN 'recipient' ELSE 'funder' END
                WHEN regexp_matches(substr(f.context, f.char_end - f.context_start + 1, m.char_start - f.char_end), '\b(?:from|by)\b', 'i') THEN 'funder'
                WHEN regexp_matches(substr(f.context, f.char_end - f.context_start + 1, m.char_start - f.char_end), '\b(?:to|for|towards|into)\b', 'i') THEN 'recipient'
           END AS role,
           CASE WHEN m.char_end <= f.char_start THEN f.char_start - m.char_end ELSE m.char_start - f.char_end END AS distance
    FROM money f
    JOIN organization_mentions m ON m.doc_id = f.doc_id AND same_sentence(f.sentence, f.char_start, m.sentence, m.char_start)
         AND (m.char_end <= f.char_start OR m.char_start >= f.char_end)
    JOIN organizations o USING (organization_id)
)
SELECT figure_id,
       any_value(organization_id ORDER BY distance, organization_id) FILTER (WHERE role = 'funder') AS funder_id,
       any_value(name ORDER BY distance, organization_id) FILTER (WHERE role = 'funder') AS funder,
       any_value(organization_id ORDER BY distance, organization_id) FILTER (WHERE role = 'recipient') AS recipient_id,
       any_value(name ORDER BY distance, organization_id) FILTER (WHERE role = 'recipient') AS recipient
FROM named GROUP BY figure_id;

COMMENT ON VIEW money_parties IS 'Who gives and who gets a primary money figure, from the organizations named in its sentence (as the document names them, before resolution).';
COMMENT ON COLUMN money_parties.figure_id IS 'The money figure.';
COMMENT ON COLUMN money_parties.funder_id IS 'Organization that gives the money, when the sentence names it.';
COMMENT ON COLUMN money_parties.funder IS 'Its name.';
COMMENT ON COLUMN money_parties.recipient_id IS 'Organization that receives the money, when the sentence names it.';
COMMENT ON COLUMN money_parties.recipient IS 'Its name.';


-- funding_mentions: every amount of money a document states (bracketed conversions only beside it), with
-- the commitment it states. A commitment reported by four documents is four rows here, one in funding.
CREATE OR REPLACE VIEW funding_mentions AS
WITH money AS (
    SELECT f.*, d.source_name, d.published_date
    FROM figures f JOIN documents d USING (doc_id)
    WHERE f.kind = 'money' AND f.equivalent_of IS NULL
), converted AS (
    SELECT equivalent_of AS figure_id,
           -- the document's own dollar figure, to compare with value_usd (the text may convert at another date)
           any_value(value ORDER BY char_start) FILTER (WHERE unit = 'USD') AS stated_usd,
           string_agg(text, '; ' ORDER BY char_start) AS conversions
    FROM figures WHERE equivalent_of IS NOT NULL
    GROUP BY equivalent_of
)
SELECT f.figure_id, f.doc_id, f.source_name, f.published_date, year(f.published_date) AS year,
       l.agreement_id, a.agreement_type, a.instrument_id,
       f.money_type, f.qualifier, f.value, f.value_high, f.unit AS currency,
       f.value_usd, f.fx_rate_date, f.fx_note, c.stated_usd, c.conversions,
       p.funder_id, p.funder, p.recipient_id, p.recipient,
       f.commitment_id, f.is_sum_of_parts, f.match_rule, f.match_score,
       f.text, f.char_start, f.char_end, f.sentence, f.confidence
FROM money f
LEFT JOIN converted c USING (figure_id)
LEFT JOIN money_parties p USING (figure_id)
LEFT JOIN figure_agreements l USING (figure_id)
LEFT JOIN agreements a ON a.agreement_id = l.agreement_id;

COMMENT ON VIEW funding_mentions IS 'One amount of money a document states, bracketed conversions excluded, with the commitment it states: a commitment reported by several documents has a row for each. Sum funding or commitments for totals, not this.';
COMMENT ON COLUMN funding_mentions.figure_id IS 'The money figure (figures.figure_id).';
COMMENT ON COLUMN funding_mentions.doc_id IS 'Document that states the amount.';
COMMENT ON COLUMN funding_mentions.source_name IS 'File name of that document.';
COMMENT ON COLUMN funding_mentions.published_date IS 'Publication date of that document.';
COMMENT ON COLUMN funding_mentions.year IS 'Year the document was published.';
COMMENT ON COLUMN funding_mentions.agreement_id IS 'Agreement reported in the same sentence, when there is one.';
COMMENT ON COLUMN funding_mentions.agreement_type IS 'Type of that agreement.';
COMMENT ON COLUMN funding_mentions.instrument_id IS 'Instrument that agreement mention reports.';
COMMENT ON COLUMN funding_mentions.money_type IS 'grant, loan, investment, economic_impact or unspecified, as this document says.';
COMMENT ON COLUMN funding_mentions.qualifier IS 'exact, approx, more_than, at_least, at_most or less_than.';
COMMENT ON COLUMN funding_mentions.value IS 'The amount in its own currency.';
COMMENT ON COLUMN funding_mentions.value_high IS 'Upper end of a range; NULL for a single amount.';
COMMENT ON COLUMN funding_mentions.currency IS 'ISO 4217 code of the amount as stated.';
COMMENT ON COLUMN funding_mentions.value_usd IS 'The amount in US dollars at the ECB rate of fx_rate_date.';
COMMENT ON COLUMN funding_mentions.fx_rate_date IS 'Date of the ECB rate used for value_usd.';
COMMENT ON COLUMN funding_mentions.fx_note IS 'Which date the rate was taken at, or why value_usd is NULL.';
COMMENT ON COLUMN funding_mentions.stated_usd IS 'The dollar amount the document itself gives in brackets.';
COMMENT ON COLUMN funding_mentions.conversions IS 'The bracketed conversions of this amount as written.';
COMMENT ON COLUMN funding_mentions.funder_id IS 'Organization the sentence names as giving the money (as named, before resolution).';
COMMENT ON COLUMN funding_mentions.funder IS 'Its name.';
COMMENT ON COLUMN funding_mentions.recipient_id IS 'Organization the sentence names as receiving the money.';
COMMENT ON COLUMN funding_mentions.recipient IS 'Its name.';
COMMENT ON COLUMN funding_mentions.commitment_id IS 'The real-world commitment the amount states; NULL for a stated total of amounts listed beside it.';
COMMENT ON COLUMN funding_mentions.is_sum_of_parts IS 'The amount is a total of amounts listed beside it (or the same total reported elsewhere): never added to them.';
COMMENT ON COLUMN funding_mentions.match_rule IS 'Why the amount was resolved to its commitment (resolution_links.match_rule).';
COMMENT ON COLUMN funding_mentions.match_score IS 'Score of that match (0..1).';
COMMENT ON COLUMN funding_mentions.text IS 'The amount as written.';
COMMENT ON COLUMN funding_mentions.char_start IS 'Offset of the amount in documents.text.';
COMMENT ON COLUMN funding_mentions.char_end IS 'Offset one past the end of the amount in documents.text.';
COMMENT ON COLUMN funding_mentions.sentence IS 'The sentence the amount was stated in.';
COMMENT ON COLUMN funding_mentions.confidence IS 'How sure the extractor is (0..1).';


-- commitments: one row per real commitment, however many documents report it. Its amount is that of the
-- report that stands for it (the first that says what kind of money it is, else the first); funder, recipient and instrument the first any report names, as canonical organizations.
CREATE OR REPLACE VIEW commitments AS
WITH mentions AS (
    SELECT m.*, fo.resolved_organization_id AS funder_org, ro.resolved_organization_id AS recipient_org
    FROM funding_mentions m
    LEFT JOIN organizations fo ON fo.organization_id = m.funder_id
    LEFT JOIN organizations ro ON ro.organization_id = m.recipient_id
    WHERE m.commitment_id IS NOT NULL
), per_commitment AS (
    SELECT commitment_id,
           any_value(funder_org ORDER BY published_date NULLS LAST, figure_id) FILTER (WHERE funder_org IS NOT NULL) AS funder_id,
           any_value(recipient_org ORDER BY published_date NULLS LAST, figure_id) FILTER (WHERE recipient_org IS NOT NULL) AS recipient_id,
           any_value(instrument_id ORDER BY published_date NULLS LAST, figure_id) FILTER (WHERE instrument_id IS NOT NULL) AS instrument_id,
           count(*) AS n_mentions, count(DISTINCT doc_id) AS n_documents,
           min(published_date) AS first_reported, max(published_date) AS last_reported,
           list(DISTINCT source_name ORDER BY source_name) AS documents
    FROM mentions GROUP BY commitment_id
)
SELECT c.commitment_id, f.value, f.value_high, f.currency AS unit, f.qualifier, f.money_type,
       f.value_usd, f.fx_rate_date, year(c.first_reported) AS year,
       c.funder_id, fo.name AS funder, c.recipient_id, ro.name AS recipient, c.instrument_id,
       c.n_documents, c.n_mentions, c.first_reported, c.last_reported, c.documents,
       f.figure_id AS first_figure_id, f.text, f.sentence
FROM per_commitment c
JOIN mentions f ON f.commitment_id = c.commitment_id AND f.match_rule = 'first_report'
LEFT JOIN organizations fo ON fo.organization_id = c.funder_id
LEFT JOIN organizations ro ON ro.organization_id = c.recipient_id;

COMMENT ON VIEW commitments IS 'One real commitment of money (grant, loan, investment, economic impact), however many documents report it: sum value_usd here and every commitment counts once. Stated totals of listed amounts are not commitments.';
COMMENT ON COLUMN commitments.commitment_id IS 'The commitment (figures.commitment_id).';
COMMENT ON COLUMN commitments.value IS 'The amount as first reported, in its own currency.';
COMMENT ON COLUMN commitments.value_high IS 'Upper end of a range; NULL for a single amount.';
COMMENT ON COLUMN commitments.unit IS 'ISO 4217 code of the amount.';
COMMENT ON COLUMN commitments.qualifier IS 'exact, approx, more_than, at_least, at_most or less_than, as first reported.';
COMMENT ON COLUMN commitments.money_type IS 'grant, loan, investment or economic_impact as the first report that says which (the one that stands for the commitment); else unspecified.';
COMMENT ON COLUMN commitments.value_usd IS 'The amount in US dollars at the ECB rate of its first report; sum this for totals.';
COMMENT ON COLUMN commitments.fx_rate_date IS 'Date of that ECB rate.';
COMMENT ON COLUMN commitments.year IS 'Year the commitment was first reported.';
COMMENT ON COLUMN commitments.funder_id IS 'Canonical organization that gives the money (organizations.resolved_organization_id), from the first report that names one.';
COMMENT ON COLUMN commitments.funder IS 'Its canonical name.';
COMMENT ON COLUMN commitments.recipient_id IS 'Canonical organization that receives the money.';
COMMENT ON COLUMN commitments.recipient IS 'Its canonical name.';
COMMENT ON COLUMN commitments.instrument_id IS 'Instrument the commitment is made under, where a report ties it to one.';
COMMENT ON COLUMN commitments.n_documents IS 'Documents that report the commitment.';
COMMENT ON COLUMN commitments.n_mentions IS 'Amounts stating it (funding_mentions rows).';
COMMENT ON COLUMN commitments.first_reported IS 'Publication date of the first document that reports it.';
COMMENT ON COLUMN commitments.last_reported IS 'Publication date of the last.';
COMMENT ON COLUMN commitments.documents IS 'File names of the documents that report it.';
COMMENT ON COLUMN commitments.first_figure_id IS 'The figure of its first report.';
COMMENT ON COLUMN commitments.text IS 'The amount as the first report writes it.';
COMMENT ON COLUMN commitments.sentence IS 'The sentence of the first report.';


-- funding: one row per commitment, the amount as its first report states it, so sum(value_usd) counts every
-- commitment once; funding_mentions has every report of it.
CREATE OR REPLACE VIEW funding AS
SELECT m.figure_id, m.commitment_id, m.doc_id, m.source_name, m.published_date, m.year,
       m.agreement_id, m.agreement_type, c.instrument_id,
       m.money_type, m.qualifier, m.value, m.value_high, m.currency,
       m.value_usd, m.fx_rate_date, m.fx_note, m.stated_usd, m.conversions,
       c.funder_id, c.funder, c.recipient_id, c.recipient, c.n_documents,
       m.text, m.char_start, m.char_end, m.sentence, m.confidence
FROM funding_mentions m
JOIN commitments c USING (commitment_id)
WHERE m.match_rule = 'first_report';

COMMENT ON VIEW funding IS 'One commitment of money (grant, loan, investment, economic impact) as its first report states it: bracketed conversions, further reports of the same commitment and stated totals of listed amounts excluded, so sum(value_usd) counts every commitment once. Every report: funding_mentions.';
COMMENT ON COLUMN funding.figure_id IS 'The money figure of the first report (figures.figure_id).';
COMMENT ON COLUMN funding.commitment_id IS 'The commitment (commitments.commitment_id).';
COMMENT ON COLUMN funding.doc_id IS 'Document that first reports the amount.';
COMMENT ON COLUMN funding.source_name IS 'File name of that document.';
COMMENT ON COLUMN funding.published_date IS 'Publication date of that document.';
COMMENT ON COLUMN funding.year IS 'Year the commitment was first reported.';
COMMENT ON COLUMN funding.agreement_id IS 'Agreement reported in the same sentence, when there is one.';
COMMENT ON COLUMN funding.agreement_type IS 'Type of that agreement (MoU, MoC, ...).';
COMMENT ON COLUMN funding.instrument_id IS 'Instrument the commitment is made under, where a report ties it to one.';
COMMENT ON COLUMN funding.money_type IS 'grant, loan, investment, economic_impact (an estimate of effect, not money committed) or unspecified.';
COMMENT ON COLUMN funding.qualifier IS 'exact, approx, more_than, at_least, at_most or less_than: ''up to 50 billion'' is at_most.';
COMMENT ON COLUMN funding.value IS 'The amount in its own currency, magnitudes applied (Rs 3,500 crore = 3.5e10).';
COMMENT ON COLUMN funding.value_high IS 'Upper end of a range; NULL for a single amount.';
COMMENT ON COLUMN funding.currency IS 'ISO 4217 code of the amount as stated.';
COMMENT ON COLUMN funding.value_usd IS 'The amount in US dollars at the ECB reference rate of fx_rate_date; sum this for totals.';
COMMENT ON COLUMN funding.fx_rate_date IS 'Date of the ECB rate used for value_usd.';
COMMENT ON COLUMN funding.fx_note IS 'Which date the rate was taken at, or why value_usd is NULL.';
COMMENT ON COLUMN funding.stated_usd IS 'The dollar amount the document itself gives in brackets, when it gives one (never add it to value_usd).';
COMMENT ON COLUMN funding.conversions IS 'The bracketed conversions of this amount as written (''~US$ 450 million; approx. Rs.3,500 crore''), not counted in any total.';
COMMENT ON COLUMN funding.funder_id IS 'Canonical organization that gives the money, from the first report that names one.';
COMMENT ON COLUMN funding.funder IS 'Canonical name of the funder.';
COMMENT ON COLUMN funding.recipient_id IS 'Canonical organization that receives the money.';
COMMENT ON COLUMN funding.recipient IS 'Canonical name of the recipient.';
COMMENT ON COLUMN funding.n_documents IS 'Documents that report the commitment.';
COMMENT ON COLUMN funding.text IS 'The amount as written.';
COMMENT ON COLUMN funding.char_start IS 'Offset of the amount in documents.text.';
COMMENT ON COLUMN funding.char_end IS 'Offset one past the end of the amount in documents.text.';
COMMENT ON COLUMN funding.sentence IS 'The sentence the amount was stated in.';
COMMENT ON COLUMN funding.confidence IS 'How sure the extractor is (0..1).';


-- instruments: one row per real instrument, however many documents report it. Its date is the most precise
-- one a report gives (a date in the text before a document's own date standing in for it).
CREATE OR REPLACE VIEW instruments AS
WITH mentions AS (
    SELECT a.*, d.published_date, d.source_name,
           CASE a.signed_date_precision WHEN 'day' THEN 0 WHEN 'month' THEN 1 ELSE 2 END
           + CASE WHEN a.rule LIKE '%:report_date' THEN 3 ELSE 0 END AS date_rank
    FROM agreements a JOIN documents d USING (doc_id)
), parties AS (
    SELECT a.instrument_id, list(DISTINCT o.resolved_organization_id ORDER BY o.resolved_organization_id) AS party_ids,
           string_agg(DISTINCT c.name, ' / ' ORDER BY c.name) AS parties
    FROM agreements a
    JOIN agreement_parties p USING (agreement_id)
    JOIN organizations o USING (organization_id)
    JOIN organizations c ON c.organization_id = o.resolved_organization_id
    GROUP BY a.instrument_id
), links AS (
    SELECT resolved_id AS instrument_id, any_value(renews_id) AS renews_instrument_id
    FROM resolution_links WHERE entity = 'instrument' GROUP BY resolved_id
)
SELECT m.instrument_id,
       any_value(m.agreement_type) AS agreement_type,
       any_value(m.event ORDER BY m.published_date NULLS LAST, m.agreement_id) AS event,
       any_value(m.title ORDER BY length(m.title) DESC, m.agreement_id) FILTER (WHERE m.title IS NOT NULL) AS title,
       any_value(m.signed_date ORDER BY m.date_rank, m.published_date NULLS LAST, m.agreement_id) FILTER (WHERE m.signed_date IS NOT NULL) AS signed_date,
       any_value(m.signed_date_precision ORDER BY m.date_rank, m.published_date NULLS LAST, m.agreement_id) FILTER (WHERE m.signed_date IS NOT NULL) AS signed_date_precision,
       any_value(p.parties) AS parties, any_value(p.party_ids) AS party_ids,
       any_value(m.duration_value ORDER BY m.published_date NULLS LAST, m.agreement_id) FILTER (WHERE m.duration_value IS NOT NULL) AS duration_value,
       any_value(m.duration_unit ORDER BY m.published_date NULLS LAST, m.agreement_id) FILTER (WHERE m.duration_value IS NOT NULL) AS duration_unit,
       any_value(m.expires_date ORDER BY m.published_date NULLS LAST, m.agreement_id) FILTER (WHERE m.expires_date IS NOT NULL) AS expires_date,
       any_value(m.expires_date_precision ORDER BY m.published_date NULLS LAST, m.agreement_id) FILTER (WHERE m.expires_date IS NOT NULL) AS expires_date_precision,
       any_value(l.renews_instrument_id) AS renews_instrument_id,
       count(*) AS n_mentions, count(DISTINCT m.doc_id) AS n_documents,
       min(m.published_date) AS first_reported, max(m.published_date) AS last_reported,
       list(DISTINCT m.source_name ORDER BY m.source_name) AS documents
FROM mentions m
LEFT JOIN parties p USING (instrument_id)
LEFT JOIN links l USING (instrument_id)
GROUP BY m.instrument_id;

COMMENT ON VIEW instruments IS 'One real instrument (MoU, MoC, agreement ...), however many documents report it: count rows here to count agreements once. A renewal is an instrument of its own that names the one it renews.';
COMMENT ON COLUMN instruments.instrument_id IS 'The instrument (agreements.instrument_id).';
COMMENT ON COLUMN instruments.agreement_type IS 'MoU, MoC, Implementing Arrangement, ... (every report of it gives the same type).';
COMMENT ON COLUMN instruments.event IS 'signing, renewal, extension or adoption, as its first report says.';
COMMENT ON COLUMN instruments.title IS 'Subject as the fullest report names it.';
COMMENT ON COLUMN instruments.signed_date IS 'Date of signing: the most precise a report gives (first day of the month or year at lower precision).';
COMMENT ON COLUMN instruments.signed_date_precision IS 'day, month or year.';
COMMENT ON COLUMN instruments.parties IS 'Canonical names of the parties any report names, sorted, joined by '' / ''.';
COMMENT ON COLUMN instruments.party_ids IS 'Their canonical organization ids.';
COMMENT ON COLUMN instruments.duration_value IS 'Term as stated (5 for ''five years'').';
COMMENT ON COLUMN instruments.duration_unit IS 'day, week, month or year.';
COMMENT ON COLUMN instruments.expires_date IS 'Expiry, stated or computed from the signing date and term.';
COMMENT ON COLUMN instruments.expires_date_precision IS 'day, month or year.';
COMMENT ON COLUMN instruments.renews_instrument_id IS 'The earlier instrument this one renews or extends (linked, not merged); NULL otherwise.';
COMMENT ON COLUMN instruments.n_mentions IS 'Agreement mentions that report it.';
COMMENT ON COLUMN instruments.n_documents IS 'Documents that report it.';
COMMENT ON COLUMN instruments.first_reported IS 'Publication date of the first document that reports it.';
COMMENT ON COLUMN instruments.last_reported IS 'Publication date of the last.';
COMMENT ON COLUMN instruments.documents IS 'File names of the documents that report it.';


-- exchanges: counts of people and visits moving between the partners. A count that is part of the one
-- before it ('2,849 students including more than 850 high-school students') points at it in included_in,
-- so totals over included_in IS NULL count every person once.
CREATE OR REPLACE VIEW exchanges AS
WITH counts AS (
    -- Only the slices of the text the view reads are kept, never the whole text: the sentence lies within one
    -- sentence length before the figure's end; 1500 characters before the figure are enough to reach a heading.
    SELECT f.*, d.source_name, d.published_date,
           greatest(0, f.char_end - length(f.sentence)) AS w0,
           substr(d.text, w0 + 1, f.char_start - w0 + length(f.sentence)) AS sentence_window,
           greatest(0, f.char_start - 1500) AS p0,
           substr(d.text, p0 + 1, f.char_start - p0) AS before_figure
    FROM figures f JOIN documents d USING (doc_id)
    WHERE f.kind = 'count' AND f.is_exchange
), located AS (
    SELECT * EXCLUDE (sentence_window, before_figure),
           w0 + instr(sentence_window, sentence) - 1 AS sentence_start,
           -- the paragraph up to the figure
           regexp_extract(before_figure, '(?:^|\n)([^\n]*)$', 1) AS paragraph_before,
           p0 = 0 OR strpos(before_figure, chr(10)) > 0 AS paragraph_complete
    FROM counts
), programmes AS (
    -- The programme: the nearest name in the figure's sentence; else the last one named earlier in its
    -- paragraph ('The India-Japan Cooperative Science Programme was initiated ... In total JSPS has supported
    -- 3100 exchange visits'); else the paragraph's heading ('MoES & JAMSTEC Collaboration: ...').
    SELECT figure_id, name AS programme, 0 AS priority,
           CASE WHEN name_start + length(name) <= char_start THEN char_start - name_start - length(name)
                ELSE greatest(0, name_start - char_end) END AS distance
    FROM (SELECT figure_id, char_start, char_end, name, sentence_start + instr(sentence, name) - 1 AS name_start
          FROM located, unnest(programme_names(sentence)) AS t(name))
    UNION ALL
    SELECT figure_id, programme_names(paragraph_before)[-1], 1, 0 FROM located
    WHERE len(programme_names(paragraph_before)) > 0
    UNION ALL
    SELECT figure_id, regexp_extract(paragraph_before, '^\s*([A-Z][^:\n.]{2,60}?)\s*:\s', 1), 2, 0 FROM located
    WHERE paragraph_complete AND regexp_matches(paragraph_before, '^\s*[A-Z][^:\n.]{2,60}?\s*:\s')
), periods AS (
    -- The period counted over: the nearest duration ('within five years') or year ('during 2019-20',
    -- 'F.Y. 2020-21') in the figure's sentence.
    SELECT c.figure_id, d.text AS period, d.duration_days AS period_days, abs(d.char_start - c.char_start) AS distance
    FROM located c
    JOIN figures d ON d.doc_id = c.doc_id AND d.kind = 'duration' AND same_sentence(c.sentence, c.char_start, d.sentence, d.char_start)
    UNION ALL
    SELECT figure_id, period, NULL, abs(sentence_start + instr(sentence, period) - 1 - char_start)
    FROM located, unnest(regexp_extract_all(sentence, '\b((?:F\.?Y\.?\s*)?(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?)\b', 1)) AS t(period)
)
SELECT c.figure_id, c.doc_id, c.source_name, c.published_date, year(c.published_date) AS year,
       exchange_moved(c.unit) AS moved,
       c.unit AS counted_noun, c.qualifier, c.value, c.value_high,
       c.included_in,
       pe.period, pe.period_days, pr.programme,
       c.text, c.char_start, c.char_end, c.sentence, c.confidence
FROM located c
LEFT JOIN (SELECT * FROM programmes QUALIFY row_number() OVER (PARTITION BY figure_id ORDER BY priority, distance, programme) = 1) pr USING (figure_id)
LEFT JOIN (SELECT * FROM periods QUALIFY row_number() OVER (PARTITION BY figure_id ORDER BY distance, period) = 1) pe USING (figure_id);

COMMENT ON VIEW exchanges IS 'One count of people or visits moving between the partners (students, researchers, exchange visits), with what is counted, the period and the programme.';
COMMENT ON COLUMN exchanges.figure_id IS 'The count (figures.figure_id).';
COMMENT ON COLUMN exchanges.doc_id IS 'Document that states the count.';
COMMENT ON COLUMN exchanges.source_name IS 'File name of that document.';
COMMENT ON COLUMN exchanges.published_date IS 'Publication date of that document.';
COMMENT ON COLUMN exchanges.year IS 'Year the document was published.';
COMMENT ON COLUMN exchanges.moved IS 'people or visits: what the count adds up to.';
COMMENT ON COLUMN exchanges.counted_noun IS 'Singular head noun of what is counted: student, researcher, visit, person, worker ...';
COMMENT ON COLUMN exchanges.qualifier IS 'exact, approx, more_than, at_least, at_most or less_than.';
COMMENT ON COLUMN exchanges.value IS 'The count.';
COMMENT ON COLUMN exchanges.value_high IS 'Upper end of a range; NULL for a single count.';
COMMENT ON COLUMN exchanges.included_in IS 'figure_id of the count this one is part of (''2,849 students including 850 ...''); leave these out of totals.';
COMMENT ON COLUMN exchanges.period IS 'The period the count is over, as written in its sentence (''2019-20'', ''within five years''); NULL for running totals (''so far'', ''in total'').';
COMMENT ON COLUMN exchanges.period_days IS 'Length of the period in days, when it is a duration.';
COMMENT ON COLUMN exchanges.programme IS 'Programme, plan or collaboration the exchange belongs to, as the text names it.';
COMMENT ON COLUMN exchanges.text IS 'The count as written.';
COMMENT ON COLUMN exchanges.char_start IS 'Offset of the count in documents.text.';
COMMENT ON COLUMN exchanges.char_end IS 'Offset one past the end of the count in documents.text.';
COMMENT ON COLUMN exchanges.sentence IS 'The sentence the count was stated in.';
COMMENT ON COLUMN exchanges.confidence IS 'How sure the extractor is (0..1).';


-- agreements_timeline: one row per agreement with its parties flattened, for timelines and 'in force' questions.
CREATE OR REPLACE VIEW agreements_timeline AS
WITH parties AS (
    SELECT p.agreement_id, count(*) AS n_parties, string_agg(p.name, ' / ' ORDER BY p.name) AS parties,
           country_pair(list(o.country)) AS country_pair
    FROM agreement_parties p LEFT JOIN organizations o USING (organization_id)
    GROUP BY p.agreement_id
)
SELECT a.agreement_id, a.doc_id, d.source_name, a.agreement_type, a.event, a.title,
       a.signed_date, a.signed_date_precision, year(a.signed_date) AS year, d.published_date AS reported_date,
       p.country_pair, p.parties, coalesce(p.n_parties, 0) AS n_parties,
       a.duration_value, a.duration_unit, a.expires_date, a.expires_date_precision,
       in_force_until(a.expires_date, a.expires_date_precision) AS in_force_until,
       in_force_on(a.signed_date, d.published_date, in_force_until(a.expires_date, a.expires_date_precision), current_date) AS in_force_today,
       a.text, a.sentence
FROM agreements a
JOIN documents d USING (doc_id)
LEFT JOIN parties p USING (agreement_id);

-- The agreements on any day: select * from agreements_on(DATE '2024-01-01') where in_force.
CREATE OR REPLACE MACRO agreements_on(day) AS TABLE
    SELECT *, in_force_on(signed_date, reported_date, in_force_until, day) AS in_force FROM agreements_timeline;

COMMENT ON VIEW agreements_timeline IS 'One row per agreement: when it was signed, its type, parties and their countries, term, expiry and whether it is in force today. For another day: select * from agreements_on(DATE ''2024-01-01'').';
COMMENT ON COLUMN agreements_timeline.agreement_id IS 'The agreement (agreements.agreement_id).';
COMMENT ON COLUMN agreements_timeline.doc_id IS 'Document that reports it.';
COMMENT ON COLUMN agreements_timeline.source_name IS 'File name of that document.';
COMMENT ON COLUMN agreements_timeline.agreement_type IS 'MoU, MoC, Implementing Arrangement, Letter of Intent, Agreement, Arrangement, Action Plan, Joint Statement, Joint Declaration, Record of Discussions or Exchange of Notes.';
COMMENT ON COLUMN agreements_timeline.event IS 'signing, renewal, extension or adoption.';
COMMENT ON COLUMN agreements_timeline.title IS 'Subject of the instrument as the text names it.';
COMMENT ON COLUMN agreements_timeline.signed_date IS 'Date of signing (first day of the month or year at lower precision).';
COMMENT ON COLUMN agreements_timeline.signed_date_precision IS 'day, month or year.';
COMMENT ON COLUMN agreements_timeline.year IS 'Year of signing.';
COMMENT ON COLUMN agreements_timeline.reported_date IS 'Publication date of the document that reports the agreement: it was concluded by then.';
COMMENT ON COLUMN agreements_timeline.country_pair IS 'ISO countries of the parties, sorted and joined (''IN-JP''); one code when only one side''s country is known.';
COMMENT ON COLUMN agreements_timeline.parties IS 'Canonical names of the parties, sorted, joined by '' / ''.';
COMMENT ON COLUMN agreements_timeline.n_parties IS 'Number of parties found.';
COMMENT ON COLUMN agreements_timeline.duration_value IS 'Term as stated (5 for ''five years'').';
COMMENT ON COLUMN agreements_timeline.duration_unit IS 'day, week, month or year.';
COMMENT ON COLUMN agreements_timeline.expires_date IS 'Expiry, stated or computed from signed_date + term.';
COMMENT ON COLUMN agreements_timeline.expires_date_precision IS 'day, month or year.';
COMMENT ON COLUMN agreements_timeline.in_force_until IS 'Last day the agreement is in force: the end of the month or year when the expiry is given that coarsely.';
COMMENT ON COLUMN agreements_timeline.in_force_today IS 'Concluded (signed, or reported when the signing date is not given) and not expired today; NULL when the text gives no expiry.';
COMMENT ON COLUMN agreements_timeline.text IS 'The words that name the instrument.';
COMMENT ON COLUMN agreements_timeline.sentence IS 'The sentence that reports it.';


-- partners: pairs of organizations that are parties to the same agreement, each pair once.
CREATE OR REPLACE VIEW partners AS
SELECT a.organization_id AS organization_id_a, a.name AS name_a, oa.acronym AS acronym_a, oa.country AS country_a,
       b.organization_id AS organization_id_b, b.name AS name_b, ob.acronym AS acronym_b, ob.country AS country_b,
       country_pair([oa.country, ob.country]) AS country_pair,
       count(DISTINCT ag.agreement_id) AS n_agreements,
       count(DISTINCT ag.agreement_id) FILTER (WHERE ag.event IN ('renewal', 'extension')) AS n_renewals,
       count(DISTINCT ag.doc_id) AS n_documents,
       min(ag.signed_date) AS first_signed,
       max(ag.signed_date) AS last_signed,
       string_agg(DISTINCT ag.agreement_type, ', ' ORDER BY ag.agreement_type) AS agreement_types
FROM agreement_parties a
-- name order makes the pair read alphabetically; the id breaks ties between bodies of the same name
JOIN agreement_parties b ON b.agreement_id = a.agreement_id
     AND (a.name < b.name OR (a.name = b.name AND a.organization_id < b.organization_id))
JOIN agreements ag ON ag.agreement_id = a.agreement_id
LEFT JOIN organizations oa ON oa.organization_id = a.organization_id
LEFT JOIN organizations ob ON ob.organization_id = b.organization_id
GROUP BY ALL;

COMMENT ON VIEW partners IS 'One pair of organizations that are parties to the same agreement, with how many agreements and documents they share.';
COMMENT ON COLUMN partners.organization_id_a IS 'First organization of the pair (alphabetically by name).';
COMMENT ON COLUMN partners.name_a IS 'Its canonical name.';
COMMENT ON COLUMN partners.acronym_a IS 'Its acronym, when it has one.';
COMMENT ON COLUMN partners.country_a IS 'Its ISO country.';
COMMENT ON COLUMN partners.organization_id_b IS 'Second organization of the pair.';
COMMENT ON COLUMN partners.name_b IS 'Its canonical name.';
COMMENT ON COLUMN partners.acronym_b IS 'Its acronym, when it has one.';
COMMENT ON COLUMN partners.country_b IS 'Its ISO country.';
COMMENT ON COLUMN partners.country_pair IS 'The two countries, sorted and joined (''IN-JP''); one code for a domestic pair or when one country is unknown.';
COMMENT ON COLUMN partners.n_agreements IS 'Agreements both are parties to (each signing, adoption, renewal or extension the texts report).';
COMMENT ON COLUMN partners.n_renewals IS 'How many of those are renewals or extensions of an earlier instrument.';
COMMENT ON COLUMN partners.n_documents IS 'Documents reporting those agreements.';
COMMENT ON COLUMN partners.first_signed IS 'Earliest signing date among those agreements.';
COMMENT ON COLUMN partners.last_signed IS 'Latest signing date among those agreements.';
COMMENT ON COLUMN partners.agreement_types IS 'Types of those agreements, sorted, comma-separated.';


-- durations: every stated length of time, in days and years, tied to the agreement it is the term of.
CREATE OR REPLACE VIEW durations AS
SELECT f.figure_id, f.doc_id, d.source_name, f.qualifier, f.value, f.value_high, f.unit,
       f.duration_days,
       f.duration_days / 365.25 AS duration_years,  -- the year length duration_days is defined with
       l.agreement_id, a.agreement_type, coalesce(l.is_term, false) AS is_agreement_term,
       f.text, f.char_start, f.char_end, f.sentence
FROM figures f
JOIN documents d USING (doc_id)
LEFT JOIN figure_agreements l USING (figure_id)
LEFT JOIN agreements a ON a.agreement_id = l.agreement_id
WHERE f.kind = 'duration';

COMMENT ON VIEW durations IS 'One length of time a document states (terms of agreements, programme periods, extensions), in days and years.';
COMMENT ON COLUMN durations.figure_id IS 'The duration (figures.figure_id).';
COMMENT ON COLUMN durations.doc_id IS 'Document that states it.';
COMMENT ON COLUMN durations.source_name IS 'File name of that document.';
COMMENT ON COLUMN durations.qualifier IS 'exact, approx, more_than, at_least, at_most (''up to two years'', ''within five years'') or less_than.';
COMMENT ON COLUMN durations.value IS 'The length as stated (5 for ''five (5) years'').';
COMMENT ON COLUMN durations.value_high IS 'Upper end of a range; NULL for a single length.';
COMMENT ON COLUMN durations.unit IS 'day, week, month or year.';
COMMENT ON COLUMN durations.duration_days IS 'The length in days (month = 30.4375, year = 365.25).';
COMMENT ON COLUMN durations.duration_years IS 'The length in years of 365.25 days.';
COMMENT ON COLUMN durations.agreement_id IS 'Agreement the duration belongs to, when it can be tied to one (figure_agreements).';
COMMENT ON COLUMN durations.agreement_type IS 'Type of that agreement.';
COMMENT ON COLUMN durations.is_agreement_term IS 'True when the duration is the term the agreement states.';
COMMENT ON COLUMN durations.text IS 'The duration as written.';
COMMENT ON COLUMN durations.char_start IS 'Offset of the duration in documents.text.';
COMMENT ON COLUMN durations.char_end IS 'Offset one past the end of the duration in documents.text.';
COMMENT ON COLUMN durations.sentence IS 'The sentence the duration was stated in.';
