// Question: What is the timeline of Viet Nam's relations with one country: visits, meetings, agreements, events, cooperation?
// Param: country: Country = "CHN"
// Example: kg query relations_timeline --param country=USA
MATCH (c:Country {id: $country})
OPTIONAL MATCH (c)<-[:HOLDS_POSITION]-(official:Person)
WITH c, collect(DISTINCT official) AS officials
OPTIONAL MATCH (x:Entity)-[r:VISITED]->(place:Entity)
WHERE place = c OR place.country = c.iso3 OR x IN officials
WITH c, officials, collect(CASE WHEN r IS NULL THEN null ELSE
       {date: coalesce(r.date, r.first_seen), relation: 'VISITED', who: coalesce(x.caption, x.name), what: coalesce(place.caption, place.name),
        detail: r.status, articles: size(r.sources)} END) AS visits
OPTIONAL MATCH (o:Person)-[r:MET]-(y:Person)
WHERE o IN officials
WITH c, visits, collect(CASE WHEN r IS NULL THEN null ELSE
       {date: coalesce(r.date, r.first_seen), relation: 'MET', who: coalesce(o.caption, o.name), what: coalesce(y.caption, y.name),
        detail: r.kind, articles: size(r.sources)} END) AS meetings
OPTIONAL MATCH (c)-[r:SIGNED]->(ag:Agreement)
OPTIONAL MATCH (other:Entity)-[:SIGNED]->(ag)
WHERE other <> c
WITH c, visits, meetings, r, ag, collect(DISTINCT coalesce(other.caption, other.name)) AS others
WITH c, visits, meetings, collect(CASE WHEN r IS NULL THEN null ELSE
       {date: coalesce(r.date, r.first_seen), relation: 'SIGNED', who: coalesce(c.caption, c.name), what: coalesce(ag.caption, ag.name),
        detail: CASE WHEN size(others) = 0 THEN null ELSE
                  'with ' + reduce(t = '', n IN others | t + CASE WHEN t = '' THEN '' ELSE ', ' END + n) END,
        articles: size(r.sources)} END) AS agreements
OPTIONAL MATCH (c)-[r:PARTICIPATED_IN]->(e:Event)
WITH c, visits, meetings, agreements, collect(CASE WHEN r IS NULL THEN null ELSE
       {date: coalesce(r.date, r.first_seen), relation: 'PARTICIPATED_IN', who: coalesce(c.caption, c.name), what: coalesce(e.caption, e.name),
        detail: r.role, articles: size(r.sources)} END) AS events
OPTIONAL MATCH (c)-[r:COOPERATES_WITH]-(x:Entity)
WITH c, visits, meetings, agreements, events, collect(CASE WHEN r IS NULL THEN null ELSE
       {date: coalesce(r.date, r.first_seen), relation: 'COOPERATES_WITH', who: coalesce(c.caption, c.name), what: coalesce(x.caption, x.name),
        detail: null, articles: size(r.sources)} END) AS cooperation
OPTIONAL MATCH (c)<-[r:POSTED_TO]-(x:Person)
WITH visits, meetings, agreements, events, cooperation, collect(CASE WHEN r IS NULL THEN null ELSE
       {date: coalesce(r.date, r.first_seen), relation: 'POSTED_TO', who: coalesce(x.caption, x.name), what: coalesce(c.caption, c.name),
        detail: null, articles: size(r.sources)} END) AS postings
UNWIND visits + meetings + agreements + events + cooperation + postings AS f
RETURN f.date AS date, f.relation AS relation, f.who AS who, f.what AS what, f.detail AS detail, f.articles AS articles
ORDER BY coalesce(date, '9999'), relation, who, what
