// Question: Which officials reach furthest abroad: how many countries they visited, how many people they met, in how many articles?
// Param: limit: int = 20
// Requires: neo4j
// Example: kg query officials_reach --param limit=5 --store neo4j
MATCH (p:Person)
WITH p,
     COUNT { MATCH (p)-[:VISITED]->(c:Country) RETURN DISTINCT c } AS countries_visited,
     COUNT { MATCH (p)-[:MET]-(o:Person) RETURN DISTINCT o } AS people_met,
     COUNT { (p)<-[:MENTIONS]-(:Article) } AS articles
WHERE countries_visited + people_met > 0
RETURN p.name AS person, countries_visited, people_met, articles
ORDER BY countries_visited + people_met DESC, articles DESC, person
LIMIT $limit
