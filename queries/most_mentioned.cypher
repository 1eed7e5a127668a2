// Question: Which entities does the press mention most, per type?
// Param: type: label = "Country" -- which kind of entity
// Param: limit: int = 10
// Example: kg query most_mentioned --param type=Person --param limit=5
MATCH (e:Entity)
WHERE $type IN labels(e)
RETURN coalesce(e.caption, e.name) AS name, e.mention_count AS mentions, e.first_seen AS first_seen, e.last_seen AS last_seen
ORDER BY mentions DESC, name
LIMIT $limit
