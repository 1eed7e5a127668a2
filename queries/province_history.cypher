// Question: What did the provinces that now form one province do while each existed, and with whom (the 2025 mergers followed by MERGED_INTO)?
// Param: province: Province in VNM = "Quảng Ninh"
// Param: partner: Country? = null -- a country tied to the other side
// Param: since: date? = null -- facts dated from then on
// Param: limit: int = 200
// Example: kg query province_history --param province="Cao Bằng" --param partner=CHN --param since=2015
// through: the province's body (PART_OF) or official (HOLDS_POSITION there) that acted; empty: the province itself.
// partner: the other side's own country, its posts', or an agreement's or event's other parties'.
// since: a fact's date is its own, else its first article's.
MATCH (now:Province {id: $province})
MATCH (unit:Province)-[:MERGED_INTO*0..3]->(now)
MATCH (body:Entity)-[:PART_OF*0..1]->(unit)
OPTIONAL MATCH (official:Person)-[:HOLDS_POSITION]->(body)
WITH now, unit, body, collect(official) AS officials
OPTIONAL MATCH (partner:Country {id: $partner})
WITH now, partner, unit, [body] + officials AS actors
UNWIND actors AS actor
MATCH (actor)-[r]-(x:Entity)
WHERE NOT type(r) IN ['MERGED_INTO', 'PART_OF']
  AND (NOT actor:Person OR type(r) IN ['VISITED', 'MET', 'SIGNED', 'PARTICIPATED_IN'])
  AND ($since IS NULL OR coalesce(r.date, r.first_seen, '') >= $since)
OPTIONAL MATCH (x)-[:HOLDS_POSITION|POSTED_TO|SIGNED|PARTICIPATED_IN|PART_OF]-(y:Entity)
WHERE y <> actor
WITH now, partner, unit, actor, r, x, collect(DISTINCT coalesce(y.iso3, y.country)) AS ties
WITH now, partner, unit, actor, r, x, [c IN ties + [coalesce(x.iso3, x.country)] WHERE c IS NOT NULL] AS countries
WHERE partner IS NULL OR partner.iso3 IN countries
RETURN DISTINCT unit.name AS unit, unit.valid_to AS unit_until, now.name AS now_in,
       CASE WHEN actor = unit THEN null ELSE coalesce(actor.caption, actor.name) END AS through,
       type(r) AS relation, CASE WHEN startNode(r) = actor THEN 'out' ELSE 'in' END AS direction,
       coalesce(x.caption, x.name) AS other, coalesce(r.date, r.first_seen) AS date, size(r.sources) AS articles
ORDER BY coalesce(date, '9999'), unit, relation, other, coalesce(through, ''), direction, articles
LIMIT $limit
