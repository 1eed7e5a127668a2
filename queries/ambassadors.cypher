// Question: Which heads of mission (ambassadors, chargés d'affaires, consuls general, permanent representatives) does the graph know, whom do they serve and where are they posted?
// Example: kg query ambassadors --format csv
// The titles that head a mission are marked in kg/data/titles.tsv (head_of_mission); counsellors, ministers-counsellor and deputies are not listed.
MATCH (p:Person)-[h:HOLDS_POSITION]->(x:Entity)
WHERE h.head_of_mission = true
OPTIONAL MATCH (p)-[:POSTED_TO]->(place:Entity)
WITH p, h, x, place
ORDER BY h.title, x.name, place.name
WITH p, collect(DISTINCT h.title) AS titles, collect(DISTINCT coalesce(x.caption, x.name)) AS of,
     collect(DISTINCT coalesce(place.caption, place.name)) AS posted_to,
     min(h.first_seen) AS since, max(h.last_seen) AS until
RETURN p.name AS person, titles, of, posted_to, since, until
ORDER BY person, since
