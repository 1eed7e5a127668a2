// Question: Which articles and sentences stand behind the facts linking an entity (to another)?
// Param: subject: Entity = "Nguyễn Xuân Phúc" -- one end of the facts
// Param: relation: relation? = null -- their type
// Param: object: Entity? = null -- their other end
// Example: kg query fact_evidence --param subject="Trung Quốc" --param relation=SIGNED
// articles: one {title, published, url} per source, oldest first; an article stored without a title shows "file: NAME".
// sentences: the distinct sentences read, in the order first read; they are not paired with the articles.
MATCH (s:Entity)-[r]->(o:Entity)
WHERE (s.id = $subject OR o.id = $subject)
  AND ($relation IS NULL OR type(r) = $relation)
  AND ($object IS NULL OR s.id = $object OR o.id = $object)
OPTIONAL MATCH (a:Article)
WHERE a.id IN r.sources
WITH s, r, o, a
ORDER BY a.published, a.id
WITH s, r, o, collect(CASE WHEN a IS NULL THEN null ELSE
       {title: coalesce(a.title, 'file: ' + a.name), published: a.published, url: a.url} END) AS articles
RETURN coalesce(s.caption, s.name) AS subject, type(r) AS relation, coalesce(o.caption, o.name) AS object,
       coalesce(r.title, r.date, r.role, r.kind) AS detail, r.confidence AS confidence,
       articles, [e IN r.evidence | trim(e)] AS sentences
ORDER BY relation, subject, object, detail
