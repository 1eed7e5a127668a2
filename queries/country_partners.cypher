// Question: With which countries, provinces and organisations does a country cooperate, and since when?
// Param: country: Country = "VNM"
// Param: limit: int = 50
// Example: kg query country_partners --param country=CHN
MATCH (c:Country {id: $country})-[r:COOPERATES_WITH]-(x:Entity)
RETURN coalesce(x.caption, x.name) AS partner, [l IN labels(x) WHERE l <> 'Entity'][0] AS type, coalesce(x.iso3, x.country) AS country,
       r.first_seen AS first_seen, r.last_seen AS last_seen, size(r.sources) AS articles
ORDER BY articles DESC, coalesce(first_seen, '9999'), partner
LIMIT $limit
