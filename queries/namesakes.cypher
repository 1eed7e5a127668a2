// Question: Which people share a name but are kept apart because their posts tie them to different countries (the merges the graph refused)?
// Param: limit: int = 100
// Example: kg query namesakes --param limit=20
// A Vietnamese-shaped name placed in one foreign country's posts is its own node (person:lý-cường:CHN); check these rows before counting people by name.
MATCH (p:Person)
WITH p.name AS name, collect(p) AS people
WHERE size(people) > 1
UNWIND people AS p
OPTIONAL MATCH (p)-[h:HOLDS_POSITION]->(b:Entity)
WITH name, p, collect(DISTINCT coalesce(h.title, '') + ', ' + coalesce(b.caption, b.name)) AS posts
RETURN name, p.id AS id, posts, p.mention_count AS mentions
ORDER BY name, id
LIMIT $limit
