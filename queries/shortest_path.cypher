// Question: How are two entities connected through the facts of the graph (shortest paths up to 4 steps)?
// Param: source = "Nguyễn Xuân Phúc"
// Param: target = "Trung Quốc"
// Param: limit = 3
// Example: kg query shortest_path --param source="Bùi Thanh Sơn" --param target=country:CUB
MATCH (a:Entity)
WHERE a.id = $source OR a.name = $source
MATCH (b:Entity)
WHERE b.id = $target OR b.name = $target
MATCH p = (a)-[:HOLDS_POSITION|POSTED_TO|VISITED|MET|SIGNED|PARTICIPATED_IN|COOPERATES_WITH|PART_OF*1..4]-(b)
RETURN [n IN nodes(p) | n.name] AS path, [r IN relationships(p) | type(r)] AS relations, length(p) AS steps
ORDER BY steps, path
LIMIT $limit
