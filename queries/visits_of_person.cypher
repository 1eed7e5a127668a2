// Question: Which countries and places has one official visited, and when?
// Param: person: Person = "Nguyễn Xuân Phúc"
// Example: kg query visits_of_person --param person="Phạm Minh Chính"
MATCH (p:Person {id: $person})-[v:VISITED]->(place:Entity)
RETURN coalesce(place.caption, place.name) AS place, [l IN labels(place) WHERE l <> 'Entity'][0] AS place_type,
       coalesce(place.iso3, place.country) AS country, v.date AS date, v.status AS status,
       v.first_seen AS reported, size(v.sources) AS articles, trim(v.evidence[0]) AS evidence
ORDER BY coalesce(date, reported, '9999'), place
