// Question: Which agreements has a partner country or province signed, when, and with whom?
// Param: partner: Country|Province? = "CHN" -- the country or province that signed
// Example: kg query agreements_by_partner --param partner="Lào"
MATCH (partner:Entity)-[s:SIGNED]->(ag:Agreement)
WHERE (partner:Country OR partner:Province)
  AND ($partner IS NULL OR partner.id = $partner)
OPTIONAL MATCH (other:Entity)-[:SIGNED]->(ag)
WHERE other <> partner
WITH partner, s, ag, collect(DISTINCT coalesce(other.caption, other.name)) AS co_signers
RETURN coalesce(partner.caption, partner.name) AS partner, coalesce(partner.iso3, partner.country) AS country, ag.name AS agreement, s.date AS signed, co_signers,
       size(s.sources) AS articles, trim(s.evidence[0]) AS evidence
ORDER BY partner, coalesce(signed, '9999'), agreement
