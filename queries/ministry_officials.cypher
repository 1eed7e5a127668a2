// Question: Who have been the officials of a ministry, with their titles over time?
// Param: ministry: Ministry in VNM = "Bộ Ngoại giao"
// Param: limit: int = 100
// Example: kg query ministry_officials --param ministry="Bộ Y tế"
MATCH (p:Person)-[h:HOLDS_POSITION]->(m:Ministry {id: $ministry})
RETURN p.name AS person, h.title AS title, h.first_seen AS first_seen, h.last_seen AS last_seen,
       size(h.sources) AS articles
ORDER BY coalesce(first_seen, '9999'), title, person
LIMIT $limit
