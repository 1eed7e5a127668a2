// Question: Which officials does the graph know, with the posts they hold and where?
// Param: limit: int = 50
// Example: kg query officials --param limit=10
MATCH (p:Person)-[h:HOLDS_POSITION]->(b:Entity)
RETURN p.name AS person, h.title AS title, coalesce(b.caption, b.name) AS body, [l IN labels(b) WHERE l <> 'Entity'][0] AS body_type,
       coalesce(b.iso3, b.country) AS country,
       size(h.sources) AS articles
ORDER BY person, title
LIMIT $limit
