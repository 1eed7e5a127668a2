// Question: How active internationally is each ministry, itself and through its officials?
// Param: limit: int = 25
// Example: kg query ministry_activity --param limit=10
MATCH (m:Ministry)
OPTIONAL MATCH (m)<-[:HOLDS_POSITION]-(p:Person)
WITH m, collect(DISTINCT p) AS officials
UNWIND [m] + officials AS actor
OPTIONAL MATCH (actor)-[r:VISITED|MET|SIGNED|PARTICIPATED_IN|COOPERATES_WITH]-(x:Entity)
WITH m, officials, r, x
ORDER BY x.name
WITH m, size(officials) AS officials, collect(DISTINCT r) AS facts, collect(DISTINCT coalesce(x.caption, x.name)) AS counterparts
RETURN m.name AS ministry, m.country AS country, officials,
       size([f IN facts WHERE type(f) = 'VISITED']) AS visits,
       size([f IN facts WHERE type(f) = 'MET']) AS meetings,
       size([f IN facts WHERE type(f) = 'SIGNED']) AS agreements,
       size([f IN facts WHERE type(f) = 'PARTICIPATED_IN']) AS events,
       size([f IN facts WHERE type(f) = 'COOPERATES_WITH']) AS cooperation,
       size(facts) AS total, counterparts[0..5] AS counterparts
ORDER BY total DESC, officials DESC, ministry, country
LIMIT $limit
