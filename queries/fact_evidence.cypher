// Question: Which articles and sentences stand behind the facts linking an entity (to another)?
// Param: subject = "Nguyễn Xuân Phúc"
// Param: relation = null
// Param: object = null
// Example: kg query fact_evidence --param subject="Trung Quốc" --param relation=SIGNED
MATCH (s:Entity)-[r]->(o:Entity)
WHERE (s.name = $subject OR s.id = $subject OR o.name = $subject OR o.id = $subject)
  AND ($relation IS NULL OR type(r) = $relation)
  AND ($object IS NULL OR o.name = $object OR o.id = $object OR s.name = $object OR s.id = $object)
OPTIONAL MATCH (a:Article)
WHERE a.id IN r.sources
WITH s, r, o, collect(coalesce(a.title, a.name)) AS articles, collect(a.url) AS urls,
     collect(a.published) AS published
RETURN s.name AS subject, type(r) AS relation, o.name AS object,
       coalesce(r.title, r.date, r.role, r.kind) AS detail, r.confidence AS confidence,
       articles, published, urls, r.evidence AS sentences
ORDER BY relation, subject, object, detail
