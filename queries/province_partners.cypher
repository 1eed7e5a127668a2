// Question: Which foreign partners does each province of a country cooperate or sign agreements with?
// Param: country: Country = "VNM" -- whose provinces
// Param: limit: int = 100
// Example: kg query province_partners --param country=VNM --param limit=20
MATCH (c:Country {id: $country})
MATCH (p:Province {country: c.iso3})
OPTIONAL MATCH (p)-[r:COOPERATES_WITH]-(x:Entity)
WHERE coalesce(x.iso3, x.country, '') <> c.iso3
WITH c, p, collect(CASE WHEN x IS NULL THEN null ELSE
       {partner: coalesce(x.caption, x.name), country: coalesce(x.iso3, x.country), link: 'cooperates', agreement: null,
        articles: size(r.sources)} END) AS cooperation
OPTIONAL MATCH (p)-[:SIGNED]->(ag:Agreement)<-[s:SIGNED]-(y:Entity)
WHERE coalesce(y.iso3, y.country, '') <> c.iso3
WITH p, cooperation, collect(CASE WHEN y IS NULL THEN null ELSE
       {partner: coalesce(y.caption, y.name), country: coalesce(y.iso3, y.country), link: 'signed', agreement: ag.name,
        articles: size(s.sources)} END) AS signed
UNWIND cooperation + signed AS link
RETURN coalesce(p.caption, p.name) AS province, link.partner AS partner, link.country AS partner_country, link.link AS link,
       link.agreement AS agreement, link.articles AS articles
ORDER BY province, partner, link, agreement
LIMIT $limit
