// Question: How are two entities connected through the facts of the graph (shortest paths up to 4 steps)?
// Param: source: Entity = "Nguyễn Xuân Phúc"
// Param: target: Entity = "Trung Quốc"
// Param: limit: int = 3
// Two facts of one type between the same two entities (two meetings) make one row.
// Example: kg query shortest_path --param source="Bùi Thanh Sơn" --param target=country:CUB
MATCH (a:Entity {id: $source})
MATCH (b:Entity {id: $target})
MATCH p = (a)-[:HOLDS_POSITION|POSTED_TO|VISITED|MET|SIGNED|PARTICIPATED_IN|COOPERATES_WITH|PART_OF*1..4]-(b)
RETURN DISTINCT [n IN nodes(p) | coalesce(n.caption, n.name)] AS path, [r IN relationships(p) | type(r)] AS relations, length(p) AS steps
ORDER BY steps, path
LIMIT $limit
