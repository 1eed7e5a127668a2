// Question: Which entities did the press first mention on or after a date (ISO, any precision)?
// Param: since: date = "2016-01-01"
// Param: type: label? = null -- which kind of entity
// Param: limit: int = 50
// Example: kg query first_seen_after --param since=2020 --param type=Person
MATCH (e:Entity)
WHERE e.first_seen >= $since AND ($type IS NULL OR $type IN labels(e))
RETURN coalesce(e.caption, e.name) AS name, [l IN labels(e) WHERE l <> 'Entity'][0] AS type, e.first_seen AS first_seen,
       e.mention_count AS mentions
ORDER BY first_seen, mentions DESC, name
LIMIT $limit
