// Question: Which posts has one person held, in which bodies, and since when has the press said so?
// Param: name = "Bùi Thanh Sơn"
// Example: kg query posts_of_person --param name="Phạm Bình Minh"
MATCH (p:Person {name: $name})-[h:HOLDS_POSITION]->(b:Entity)
RETURN h.title AS title, b.name AS body, h.first_seen AS first_seen, h.last_seen AS last_seen,
       h.evidence[0] AS evidence
ORDER BY first_seen, title
