// Question: Which posts has one person held, in which bodies, and since when has the press said so?
// Param: person: Person = "Bùi Thanh Sơn"
// Example: kg query posts_of_person --param person="Nguyễn Minh Vũ"
MATCH (p:Person {id: $person})-[h:HOLDS_POSITION]->(b:Entity)
RETURN h.title AS title, coalesce(b.caption, b.name) AS body, coalesce(b.iso3, b.country) AS country, h.first_seen AS first_seen, h.last_seen AS last_seen,
       trim(h.evidence[0]) AS evidence
ORDER BY first_seen, title
