// Question: Which entities did the press first mention on or after a date (ISO, any precision)?
// Param: since = "2016-01-01"
// Param: type = null
// Param: limit = 50
// Example: kg query first_seen_after --param since=2020 --param type=Person
MATCH (e:Entity)
WHERE e.first_seen >= toString($since) AND ($type IS NULL OR $type IN labels(e))
RETURN e.name AS name, [l IN labels(e) WHERE l <> 'Entity'][0] AS type, e.first_seen AS first_seen,
       e.mention_count AS mentions
ORDER BY first_seen, mentions DESC, name
LIMIT $limit
