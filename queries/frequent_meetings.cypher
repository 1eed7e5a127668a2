// Question: Which pairs of persons met most often, and when?
// Param: limit: int = 25
// Example: kg query frequent_meetings --param limit=10
MATCH (x:Person)-[m:MET]->(y:Person)
WITH CASE WHEN x.id < y.id THEN x ELSE y END AS a, CASE WHEN x.id < y.id THEN y ELSE x END AS b, m
WITH a, b, count(m) AS meetings, collect(DISTINCT m.date) AS dates, collect(DISTINCT m.kind) AS kinds,
     collect(m.sources) AS sources
WITH a, b, meetings, dates, kinds, reduce(s = [], l IN sources | s + [x IN l WHERE NOT x IN s]) AS sources
RETURN a.name AS person_a, b.name AS person_b, meetings, dates, kinds, size(sources) AS articles
ORDER BY meetings DESC, articles DESC, person_a, person_b
LIMIT $limit
