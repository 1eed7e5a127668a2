"""The OWL ontology, SHACL shapes and JSON-LD context of the RDF export (data files)."""
