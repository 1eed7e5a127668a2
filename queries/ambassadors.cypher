// Question: Which ambassadors does the graph know, whose are they and where are they posted?
// Param: title = "Đại sứ"
// Example: kg query ambassadors --param title="Tổng Lãnh sự"
MATCH (p:Person)-[r:HOLDS_POSITION|POSTED_TO]->(x:Entity)
WHERE type(r) = 'POSTED_TO' OR r.title CONTAINS $title
   OR (x:Organization AND x.kind = 'mission')
WITH p, collect(DISTINCT CASE WHEN type(r) = 'HOLDS_POSITION' THEN r.title END) AS titles,
     collect(DISTINCT CASE WHEN type(r) = 'HOLDS_POSITION' THEN x.name END) AS of,
     collect(DISTINCT CASE WHEN type(r) = 'POSTED_TO' THEN x.name END) AS posted_to,
     min(r.first_seen) AS since, max(r.last_seen) AS until
RETURN p.name AS person, titles, of, posted_to, since, until
ORDER BY person
