// Question: Who visited a country (or its provinces and cities), and when?
// Param: country = "CUB"
// Example: kg query visitors_of_country --param country=CHN
MATCH (x:Entity)-[v:VISITED]->(place:Entity)
WHERE place.iso3 = $country OR place.country = $country
RETURN x.name AS visitor, [l IN labels(x) WHERE l <> 'Entity'][0] AS type, place.name AS place,
       v.date AS date, v.status AS status, v.first_seen AS reported, size(v.sources) AS articles
ORDER BY coalesce(date, reported, '9999'), visitor
