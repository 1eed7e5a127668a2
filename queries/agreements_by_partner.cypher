// Question: Which agreements has a partner country or province signed, when, and with whom?
// Param: partner = "CHN"
// Example: kg query agreements_by_partner --param partner="Lào"
MATCH (partner:Entity)-[s:SIGNED]->(ag:Agreement)
WHERE (partner:Country OR partner:Province)
  AND ($partner IS NULL OR partner.iso3 = $partner OR partner.name = $partner OR partner.id = $partner)
OPTIONAL MATCH (other:Entity)-[:SIGNED]->(ag)
WHERE other <> partner
WITH partner, s, ag, collect(DISTINCT other.name) AS co_signers
RETURN partner.name AS partner, ag.name AS agreement, s.date AS signed, co_signers,
       size(s.sources) AS articles, s.evidence[0] AS evidence
ORDER BY partner, coalesce(signed, '9999'), agreement
