// Question: Which events has a person taken part in, directly or through a body where they hold a post?
// Param: person: Person = "Lê Hoài Trung"
// Example: kg query events_of_person --param person="Bùi Thanh Sơn"
MATCH (p:Person {id: $person})
MATCH (p)-[:HOLDS_POSITION*0..1]->(actor:Entity)-[r:PARTICIPATED_IN]->(e:Event)
WHERE NOT actor:Country
OPTIONAL MATCH (p)-[h:HOLDS_POSITION]->(actor)
WITH e, r, actor, h
ORDER BY h.title
WITH e, r, actor, collect(h.title) AS titles
RETURN e.name AS event, r.role AS role,
       CASE WHEN size(titles) = 0 THEN null ELSE titles[0] + ', ' + coalesce(actor.caption, actor.name) END AS through,
       r.first_seen AS reported, size(r.sources) AS articles
ORDER BY coalesce(reported, '9999'), event, through
