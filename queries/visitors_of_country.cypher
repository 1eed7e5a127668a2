// Question: Who visited a country (or its provinces and cities), and when?
// Param: country: Country = "CUB"
// Example: kg query visitors_of_country --param country=CHN
MATCH (c:Country {id: $country})
MATCH (x:Entity)-[v:VISITED]->(place:Entity)
WHERE place = c OR place.country = c.iso3
RETURN coalesce(x.caption, x.name) AS visitor, [l IN labels(x) WHERE l <> 'Entity'][0] AS type, coalesce(place.caption, place.name) AS place,
       v.date AS date, v.status AS status, v.first_seen AS reported, size(v.sources) AS articles
ORDER BY coalesce(date, reported, '9999'), visitor
