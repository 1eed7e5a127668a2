// Question: Which entities have a name (Vietnamese or English) that matches a full-text search, best match first?
// Param: text: text = "ngoại giao" -- words of a name, as Lucene reads them
// Param: limit: int = 10
// Requires: neo4j
// Example: kg query search_entities --param text="Bộ Ngoại giao" --store neo4j
CALL db.index.fulltext.queryNodes('entity_names', $text) YIELD node, score
RETURN node.name AS name, [l IN labels(node) WHERE l <> 'Entity'][0] AS type, node.id AS id,
       round(score, 3) AS score
ORDER BY score DESC, name
LIMIT $limit
