// Question: Which pairs of officials are mentioned together in the same articles, and how often?
// Param: min_articles: int = 1 -- the fewest articles a pair shares
// Param: limit: int = 25
// Example: kg query co_mentioned_officials --param min_articles=2 --param limit=50
MATCH (a:Person)<-[:MENTIONS]-(art:Article)-[:MENTIONS]->(b:Person)
WHERE a.id < b.id
WITH a, b, count(DISTINCT art) AS articles, collect(DISTINCT art.published) AS dates
WHERE articles >= $min_articles
RETURN a.name AS person_a, b.name AS person_b, articles, dates
ORDER BY articles DESC, person_a, person_b
LIMIT $limit
